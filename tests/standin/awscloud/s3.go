package awscloud

// S3: the bucket and the configurations the V2 resources put on it. Every
// configuration's id is its bucket's name, as in the Terraform provider.

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

var s3Kinds = map[string]kind{
	"aws:s3/bucketV2:BucketV2": {create: createBucket, read: readBucket, update: updateBucket, del: deleteBucket,
		list: listBuckets},
	"aws:s3/bucketVersioningV2:BucketVersioningV2":           bucketConfig(putVersioning, getVersioning, suspendVersioning),
	"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": bucketConfig(putPAB, getPAB, deletePAB),
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls": bucketConfig(putOwnership, getOwnership, deleteOwnership),
	"aws:s3/bucketPolicy:BucketPolicy":                       bucketConfig(putPolicy, getPolicy, deletePolicy),
	"aws:s3/bucketLoggingV2:BucketLoggingV2":                 bucketConfig(putLogging, getLogging, deleteLogging),
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": bucketConfig(
		putEncryption, getEncryption, deleteEncryption),
	"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": bucketConfig(
		putLifecycle, getLifecycle, deleteLifecycle),
	"aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2": bucketConfig(
		putObjectLock, getObjectLock, deleteObjectLock),
}

// s3HostedZones are S3's Route 53 hosted zones by region.
var s3HostedZones = map[string]string{
	"us-east-1": "Z3AQBSTGFYJSTF", "us-east-2": "Z2O1EMRO9K5GLX", "us-west-1": "Z2F56UZL2M1ACD",
	"us-west-2": "Z3BJ6K6RIION7M", "eu-west-1": "Z1BKCTXD74EZPE", "eu-central-1": "Z21DNDUVLTQW6Q",
}

func bucketOutputs(name, region string, lock bool) map[string]any {
	return map[string]any{
		"arn":                      "arn:aws:s3:::" + name,
		"bucketDomainName":         name + ".s3.amazonaws.com",
		"bucketRegionalDomainName": name + ".s3." + region + ".amazonaws.com",
		"region":                   region,
		"hostedZoneId":             s3HostedZones[region],
		"objectLockEnabled":        lock,
		"requestPayer":             "BucketOwner",
	}
}

func createBucket(k call) (string, map[string]any, error) {
	name := k.in.str("bucket")
	in := &s3.CreateBucketInput{Bucket: aws.String(name)}
	if k.api.Region != "us-east-1" {
		in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{
			LocationConstraint: s3types.BucketLocationConstraint(k.api.Region),
		}
	}
	lock := k.in.flag("objectLockEnabled")
	if lock {
		in.ObjectLockEnabledForBucket = aws.Bool(true)
	}
	if _, err := k.api.S3.CreateBucket(k.ctx, in); err != nil {
		return "", nil, verb("creating", "S3 Bucket", name, err)
	}
	if err := tagBucket(k, name); err != nil {
		return "", nil, err
	}
	return name, bucketOutputs(name, k.api.Region, lock), nil
}

func tagBucket(k call, name string) error {
	tags := k.c.TagsAll()
	if len(tags) == 0 {
		return nil
	}
	var set []s3types.Tag
	for key, v := range tags {
		set = append(set, s3types.Tag{Key: aws.String(key), Value: aws.String(v)})
	}
	if _, err := k.api.S3.PutBucketTagging(k.ctx, &s3.PutBucketTaggingInput{
		Bucket: aws.String(name), Tagging: &s3types.Tagging{TagSet: set},
	}); err != nil {
		return verb("tagging", "S3 Bucket", name, err)
	}
	return nil
}

func readBucket(k call) (map[string]any, bool, error) {
	name := k.c.ID
	head, err := k.api.S3.HeadBucket(k.ctx, &s3.HeadBucketInput{Bucket: aws.String(name)})
	if hasCode(err, "NotFound", "NoSuchBucket") {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, verb("reading", "S3 Bucket", name, err)
	}
	lock := false
	if out, err := k.api.S3.GetObjectLockConfiguration(k.ctx, &s3.GetObjectLockConfigurationInput{
		Bucket: aws.String(name),
	}); err == nil && out.ObjectLockConfiguration != nil {
		lock = out.ObjectLockConfiguration.ObjectLockEnabled == s3types.ObjectLockEnabledEnabled
	}
	region := aws.ToString(head.BucketRegion)
	if region == "" {
		region = k.api.Region
	}
	observed := bucketOutputs(name, region, lock)
	observed["bucket"] = name
	return observed, true, nil
}

func updateBucket(k call) (map[string]any, error) {
	if err := tagBucket(k, k.c.ID); err != nil {
		return nil, err
	}
	return bucketOutputs(k.c.ID, k.api.Region, k.in.flag("objectLockEnabled")), nil
}

func deleteBucket(k call) error {
	name := k.c.ID
	if k.old.flag("forceDestroy") {
		if err := emptyBucket(k.ctx, k.api.S3, name); err != nil {
			return err
		}
	}
	_, err := k.api.S3.DeleteBucket(k.ctx, &s3.DeleteBucketInput{Bucket: aws.String(name)})
	if err != nil && !hasCode(err, "NoSuchBucket") {
		return verb("deleting", "S3 Bucket", name, err)
	}
	return nil
}

// emptyBucket deletes every object version and delete marker, as
// forceDestroy does.
func emptyBucket(ctx context.Context, client *s3.Client, name string) error {
	out, err := client.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(name)})
	if hasCode(err, "NoSuchBucket") {
		return nil
	}
	if err != nil {
		return verb("emptying", "S3 Bucket", name, err)
	}
	var ids []s3types.ObjectIdentifier
	for _, v := range out.Versions {
		ids = append(ids, s3types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
	}
	for _, m := range out.DeleteMarkers {
		ids = append(ids, s3types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
	}
	if len(ids) == 0 {
		return nil
	}
	if _, err := client.DeleteObjects(ctx, &s3.DeleteObjectsInput{
		Bucket: aws.String(name), Delete: &s3types.Delete{Objects: ids},
	}); err != nil {
		return verb("emptying", "S3 Bucket", name, err)
	}
	return nil
}

func listBuckets(ctx context.Context, api *Clients) ([]string, error) {
	out, err := api.S3.ListBuckets(ctx, &s3.ListBucketsInput{})
	if err != nil {
		return nil, fmt.Errorf("listing S3 buckets: %w", err)
	}
	var names []string
	for _, b := range out.Buckets {
		names = append(names, aws.ToString(b.Name))
	}
	return names, nil
}

// bucketConfig is a configuration put whole on a bucket: put creates and
// updates it, get reads it (found false when the bucket has none), remove
// deletes it.
func bucketConfig(put func(k call, bucket string) error, get func(k call, bucket string) (map[string]any, bool, error),
	remove func(k call, bucket string) error,
) kind {
	return kind{
		create: func(k call) (string, map[string]any, error) {
			bucket := k.in.str("bucket")
			if err := put(k, bucket); err != nil {
				return "", nil, err
			}
			observed, _, err := get(k, bucket)
			return bucket, observed, err
		},
		read: func(k call) (map[string]any, bool, error) {
			observed, found, err := get(k, k.c.ID)
			if hasCode(err, "NoSuchBucket") {
				return nil, false, nil
			}
			return observed, found, err
		},
		del: func(k call) error {
			err := remove(k, k.c.ID)
			if hasCode(err, "NoSuchBucket") {
				return nil
			}
			return err
		},
		list: func(ctx context.Context, api *Clients) ([]string, error) {
			buckets, err := listBuckets(ctx, api)
			if err != nil {
				return nil, err
			}
			var with []string
			for _, b := range buckets {
				k := call{ctx: ctx, api: api}
				if _, found, err := get(k, b); err != nil {
					return nil, err
				} else if found {
					with = append(with, b)
				}
			}
			return with, nil
		},
	}
}
