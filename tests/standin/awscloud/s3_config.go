package awscloud

// The bucket configurations, one V2 resource each: put, get and delete,
// as the real provider calls them.

import (
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Versioning.

func putVersioning(k call, bucket string) error {
	_, err := k.api.S3.PutBucketVersioning(k.ctx, &s3.PutBucketVersioningInput{
		Bucket: aws.String(bucket),
		VersioningConfiguration: &s3types.VersioningConfiguration{
			Status: s3types.BucketVersioningStatus(k.in.str("versioningConfiguration", "status")),
		},
	})
	return wrapPut("S3 Bucket Versioning", bucket, err)
}

func getVersioning(k call, bucket string) (map[string]any, bool, error) {
	out, err := k.api.S3.GetBucketVersioning(k.ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(bucket)})
	if err != nil {
		return nil, false, verb("reading", "S3 Bucket Versioning", bucket, err)
	}
	if out.Status == "" {
		return nil, false, nil // never configured
	}
	return map[string]any{"bucket": bucket, "versioningConfiguration": map[string]any{"status": string(out.Status)}}, true, nil
}

// suspendVersioning is what deleting the resource does: a bucket's
// versioning cannot be removed, only suspended.
func suspendVersioning(k call, bucket string) error {
	if k.old.str("versioningConfiguration", "status") != string(s3types.BucketVersioningStatusEnabled) {
		return nil
	}
	_, err := k.api.S3.PutBucketVersioning(k.ctx, &s3.PutBucketVersioningInput{
		Bucket:                  aws.String(bucket),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusSuspended},
	})
	return wrapPut("S3 Bucket Versioning", bucket, err)
}

// Public access block.

func putPAB(k call, bucket string) error {
	_, err := k.api.S3.PutPublicAccessBlock(k.ctx, &s3.PutPublicAccessBlockInput{
		Bucket: aws.String(bucket),
		PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{
			BlockPublicAcls:       aws.Bool(k.in.flag("blockPublicAcls")),
			BlockPublicPolicy:     aws.Bool(k.in.flag("blockPublicPolicy")),
			IgnorePublicAcls:      aws.Bool(k.in.flag("ignorePublicAcls")),
			RestrictPublicBuckets: aws.Bool(k.in.flag("restrictPublicBuckets")),
		},
	})
	return wrapPut("S3 Bucket Public Access Block", bucket, err)
}

func getPAB(k call, bucket string) (map[string]any, bool, error) {
	out, err := k.api.S3.GetPublicAccessBlock(k.ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(bucket)})
	if hasCode(err, "NoSuchPublicAccessBlockConfiguration") {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, verb("reading", "S3 Bucket Public Access Block", bucket, err)
	}
	c := out.PublicAccessBlockConfiguration
	return map[string]any{
		"bucket":                bucket,
		"blockPublicAcls":       aws.ToBool(c.BlockPublicAcls),
		"blockPublicPolicy":     aws.ToBool(c.BlockPublicPolicy),
		"ignorePublicAcls":      aws.ToBool(c.IgnorePublicAcls),
		"restrictPublicBuckets": aws.ToBool(c.RestrictPublicBuckets),
	}, true, nil
}

func deletePAB(k call, bucket string) error {
	_, err := k.api.S3.DeletePublicAccessBlock(k.ctx, &s3.DeletePublicAccessBlockInput{Bucket: aws.String(bucket)})
	return wrapDelete("S3 Bucket Public Access Block", bucket, err)
}

// Ownership controls.

func putOwnership(k call, bucket string) error {
	_, err := k.api.S3.PutBucketOwnershipControls(k.ctx, &s3.PutBucketOwnershipControlsInput{
		Bucket: aws.String(bucket),
		OwnershipControls: &s3types.OwnershipControls{Rules: []s3types.OwnershipControlsRule{{
			ObjectOwnership: s3types.ObjectOwnership(k.in.str("rule", "objectOwnership")),
		}}},
	})
	return wrapPut("S3 Bucket Ownership Controls", bucket, err)
}

func getOwnership(k call, bucket string) (map[string]any, bool, error) {
	out, err := k.api.S3.GetBucketOwnershipControls(k.ctx, &s3.GetBucketOwnershipControlsInput{Bucket: aws.String(bucket)})
	if hasCode(err, "OwnershipControlsNotFoundError") {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, verb("reading", "S3 Bucket Ownership Controls", bucket, err)
	}
	if out.OwnershipControls == nil || len(out.OwnershipControls.Rules) == 0 {
		return nil, false, nil
	}
	return map[string]any{"bucket": bucket, "rule": map[string]any{
		"objectOwnership": string(out.OwnershipControls.Rules[0].ObjectOwnership),
	}}, true, nil
}

func deleteOwnership(k call, bucket string) error {
	_, err := k.api.S3.DeleteBucketOwnershipControls(k.ctx, &s3.DeleteBucketOwnershipControlsInput{Bucket: aws.String(bucket)})
	return wrapDelete("S3 Bucket Ownership Controls", bucket, err)
}

// Policy.

func putPolicy(k call, bucket string) error {
	policy := k.in.str("policy")
	// moto stores any text; AWS refuses a policy that is not JSON.
	if !json.Valid([]byte(policy)) {
		return verb("putting", "S3 Bucket Policy", bucket,
			fmt.Errorf("api error MalformedPolicy: Policies must be valid JSON and the first byte must be '{'"))
	}
	_, err := k.api.S3.PutBucketPolicy(k.ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(bucket), Policy: aws.String(policy)})
	return wrapPut("S3 Bucket Policy", bucket, err)
}

func getPolicy(k call, bucket string) (map[string]any, bool, error) {
	out, err := k.api.S3.GetBucketPolicy(k.ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)})
	if hasCode(err, "NoSuchBucketPolicy") {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, verb("reading", "S3 Bucket Policy", bucket, err)
	}
	return map[string]any{"bucket": bucket, "policy": aws.ToString(out.Policy)}, true, nil
}

func deletePolicy(k call, bucket string) error {
	_, err := k.api.S3.DeleteBucketPolicy(k.ctx, &s3.DeleteBucketPolicyInput{Bucket: aws.String(bucket)})
	return wrapDelete("S3 Bucket Policy", bucket, err)
}

// Logging.

func putLogging(k call, bucket string) error {
	_, err := k.api.S3.PutBucketLogging(k.ctx, &s3.PutBucketLoggingInput{
		Bucket: aws.String(bucket),
		BucketLoggingStatus: &s3types.BucketLoggingStatus{LoggingEnabled: &s3types.LoggingEnabled{
			TargetBucket: aws.String(k.in.str("targetBucket")), TargetPrefix: aws.String(k.in.str("targetPrefix")),
		}},
	})
	return wrapPut("S3 Bucket Logging", bucket, err)
}

func getLogging(k call, bucket string) (map[string]any, bool, error) {
	out, err := k.api.S3.GetBucketLogging(k.ctx, &s3.GetBucketLoggingInput{Bucket: aws.String(bucket)})
	if err != nil {
		return nil, false, verb("reading", "S3 Bucket Logging", bucket, err)
	}
	if out.LoggingEnabled == nil {
		return nil, false, nil
	}
	return map[string]any{
		"bucket": bucket, "targetBucket": aws.ToString(out.LoggingEnabled.TargetBucket),
		"targetPrefix": aws.ToString(out.LoggingEnabled.TargetPrefix),
	}, true, nil
}

func deleteLogging(k call, bucket string) error {
	_, err := k.api.S3.PutBucketLogging(k.ctx, &s3.PutBucketLoggingInput{
		Bucket: aws.String(bucket), BucketLoggingStatus: &s3types.BucketLoggingStatus{},
	})
	return wrapDelete("S3 Bucket Logging", bucket, err)
}

// Encryption.

func putEncryption(k call, bucket string) error {
	var rules []s3types.ServerSideEncryptionRule
	for _, r := range k.in.objects("rules") {
		rules = append(rules, s3types.ServerSideEncryptionRule{
			ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{
				SSEAlgorithm:   s3types.ServerSideEncryption(r.str("applyServerSideEncryptionByDefault", "sseAlgorithm")),
				KMSMasterKeyID: r.strPtr("applyServerSideEncryptionByDefault", "kmsMasterKeyId"),
			},
			BucketKeyEnabled: aws.Bool(r.flag("bucketKeyEnabled")),
		})
	}
	_, err := k.api.S3.PutBucketEncryption(k.ctx, &s3.PutBucketEncryptionInput{
		Bucket: aws.String(bucket), ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{Rules: rules},
	})
	return wrapPut("S3 Bucket Server-side Encryption Configuration", bucket, err)
}

func getEncryption(k call, bucket string) (map[string]any, bool, error) {
	out, err := k.api.S3.GetBucketEncryption(k.ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String(bucket)})
	if hasCode(err, "ServerSideEncryptionConfigurationNotFoundError") {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, verb("reading", "S3 Bucket Server-side Encryption Configuration", bucket, err)
	}
	var rules []any
	for _, r := range out.ServerSideEncryptionConfiguration.Rules {
		byDefault := map[string]any{}
		if d := r.ApplyServerSideEncryptionByDefault; d != nil {
			byDefault["sseAlgorithm"] = string(d.SSEAlgorithm)
			if d.KMSMasterKeyID != nil {
				byDefault["kmsMasterKeyId"] = aws.ToString(d.KMSMasterKeyID)
			}
		}
		rules = append(rules, map[string]any{
			"applyServerSideEncryptionByDefault": byDefault, "bucketKeyEnabled": aws.ToBool(r.BucketKeyEnabled),
		})
	}
	return map[string]any{"bucket": bucket, "rules": rules}, true, nil
}

func deleteEncryption(k call, bucket string) error {
	_, err := k.api.S3.DeleteBucketEncryption(k.ctx, &s3.DeleteBucketEncryptionInput{Bucket: aws.String(bucket)})
	return wrapDelete("S3 Bucket Server-side Encryption Configuration", bucket, err)
}

// Lifecycle.

func putLifecycle(k call, bucket string) error {
	var rules []s3types.LifecycleRule
	for _, r := range k.in.objects("rules") {
		rule := s3types.LifecycleRule{
			ID:     r.strPtr("id"),
			Status: s3types.ExpirationStatus(r.str("status")),
			Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String(r.str("filter", "prefix"))},
		}
		if days := r.int32Ptr("abortIncompleteMultipartUpload", "daysAfterInitiation"); days != nil {
			rule.AbortIncompleteMultipartUpload = &s3types.AbortIncompleteMultipartUpload{DaysAfterInitiation: days}
		}
		if days := r.int32Ptr("expiration", "days"); days != nil {
			rule.Expiration = &s3types.LifecycleExpiration{Days: days}
		}
		if days := r.int32Ptr("noncurrentVersionExpiration", "noncurrentDays"); days != nil {
			rule.NoncurrentVersionExpiration = &s3types.NoncurrentVersionExpiration{NoncurrentDays: days}
		}
		for _, t := range r.objects("transitions") {
			rule.Transitions = append(rule.Transitions, s3types.Transition{
				Days: t.int32Ptr("days"), StorageClass: s3types.TransitionStorageClass(t.str("storageClass")),
			})
		}
		rules = append(rules, rule)
	}
	_, err := k.api.S3.PutBucketLifecycleConfiguration(k.ctx, &s3.PutBucketLifecycleConfigurationInput{
		Bucket: aws.String(bucket), LifecycleConfiguration: &s3types.BucketLifecycleConfiguration{Rules: rules},
	})
	return wrapPut("S3 Bucket Lifecycle Configuration", bucket, err)
}

func getLifecycle(k call, bucket string) (map[string]any, bool, error) {
	out, err := k.api.S3.GetBucketLifecycleConfiguration(k.ctx, &s3.GetBucketLifecycleConfigurationInput{
		Bucket: aws.String(bucket),
	})
	if hasCode(err, "NoSuchLifecycleConfiguration") {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, verb("reading", "S3 Bucket Lifecycle Configuration", bucket, err)
	}
	var rules []any
	for _, r := range out.Rules {
		rules = append(rules, map[string]any{"id": aws.ToString(r.ID), "status": string(r.Status)})
	}
	observed := map[string]any{"bucket": bucket, "transitionDefaultMinimumObjectSize": "all_storage_classes_128K"}
	if len(rules) == 0 {
		return observed, false, nil
	}
	return observed, true, nil
}

func deleteLifecycle(k call, bucket string) error {
	_, err := k.api.S3.DeleteBucketLifecycle(k.ctx, &s3.DeleteBucketLifecycleInput{Bucket: aws.String(bucket)})
	return wrapDelete("S3 Bucket Lifecycle Configuration", bucket, err)
}

// Object lock.

func putObjectLock(k call, bucket string) error {
	cfg := &s3types.ObjectLockConfiguration{ObjectLockEnabled: s3types.ObjectLockEnabledEnabled}
	if r := k.in.obj("rule", "defaultRetention"); len(r) > 0 {
		cfg.Rule = &s3types.ObjectLockRule{DefaultRetention: &s3types.DefaultRetention{
			Mode: s3types.ObjectLockRetentionMode(r.str("mode")), Days: r.int32Ptr("days"), Years: r.int32Ptr("years"),
		}}
	}
	_, err := k.api.S3.PutObjectLockConfiguration(k.ctx, &s3.PutObjectLockConfigurationInput{
		Bucket: aws.String(bucket), ObjectLockConfiguration: cfg,
	})
	return wrapPut("S3 Bucket Object Lock Configuration", bucket, err)
}

func getObjectLock(k call, bucket string) (map[string]any, bool, error) {
	out, err := k.api.S3.GetObjectLockConfiguration(k.ctx, &s3.GetObjectLockConfigurationInput{Bucket: aws.String(bucket)})
	if hasCode(err, "ObjectLockConfigurationNotFoundError") {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, verb("reading", "S3 Bucket Object Lock Configuration", bucket, err)
	}
	cfg := out.ObjectLockConfiguration
	if cfg == nil || cfg.Rule == nil || cfg.Rule.DefaultRetention == nil {
		return nil, false, nil
	}
	retention := map[string]any{"mode": string(cfg.Rule.DefaultRetention.Mode)}
	// moto answers 0 for the one of days and years that is not set.
	if d := aws.ToInt32(cfg.Rule.DefaultRetention.Days); d > 0 {
		retention["days"] = float64(d)
	}
	if y := aws.ToInt32(cfg.Rule.DefaultRetention.Years); y > 0 {
		retention["years"] = float64(y)
	}
	return map[string]any{"bucket": bucket, "objectLockEnabled": string(cfg.ObjectLockEnabled),
		"rule": map[string]any{"defaultRetention": retention}}, true, nil
}

// deleteObjectLock removes the default retention; the lock itself stays on
// the bucket for its life.
func deleteObjectLock(k call, bucket string) error {
	_, err := k.api.S3.PutObjectLockConfiguration(k.ctx, &s3.PutObjectLockConfigurationInput{
		Bucket:                  aws.String(bucket),
		ObjectLockConfiguration: &s3types.ObjectLockConfiguration{ObjectLockEnabled: s3types.ObjectLockEnabledEnabled},
	})
	return wrapDelete("S3 Bucket Object Lock Configuration", bucket, err)
}

func wrapPut(kind, bucket string, err error) error {
	if err != nil {
		return verb("putting", kind, bucket, err)
	}
	return nil
}

func wrapDelete(kind, bucket string, err error) error {
	if err != nil && !hasCode(err, "NoSuchBucket") {
		return verb("deleting", kind, bucket, err)
	}
	return nil
}
