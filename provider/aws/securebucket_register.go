package aws

// The registration of a SecureBucket's children: the bucket and its nine
// companions, from the plan.

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

func registerSecureBucket(ctx *pulumi.Context, name string, args SecureBucketArgs, plan bucketPlan,
	comp *SecureBucket,
) error {
	r := bucketRegistrar{ctx: ctx, name: name, args: args, plan: plan, parent: pulumi.Parent(comp),
		tags: settings.TagMap(plan.Tags, plan.SecretTags)}
	bucketArgs := &s3.BucketV2Args{
		ForceDestroy:      pulumi.Bool(plan.ForceDestroy),
		ObjectLockEnabled: pulumi.Bool(plan.ObjectLock != nil),
		Tags:              r.tags,
	}
	if plan.BucketName != "" {
		bucketArgs.Bucket = pulumi.String(plan.BucketName)
	} else {
		bucketArgs.BucketPrefix = pulumi.String(plan.BucketPrefix)
	}
	bucket, err := s3.NewBucketV2(ctx, name, bucketArgs, r.parent)
	if err != nil {
		return fmt.Errorf("registering bucket: %w", err)
	}
	r.bucket = bucket

	if err := r.access(); err != nil {
		return err
	}
	versioning, err := r.versioning()
	if err != nil {
		return err
	}
	if comp.KmsKeyArn, err = r.encryption(); err != nil {
		return err
	}
	if err := r.logging(); err != nil {
		return err
	}
	if err := r.lifecycle(versioning); err != nil {
		return err
	}
	if err := r.objectLock(versioning); err != nil {
		return err
	}
	comp.BucketName = bucket.Bucket
	comp.BucketArn = bucket.Arn
	comp.BucketRegionalDomainName = bucket.BucketRegionalDomainName
	comp.Tags = r.tags.ToStringMapOutput()
	return nil
}

// bucketRegistrar registers the bucket's companions, one setting each.
type bucketRegistrar struct {
	ctx    *pulumi.Context
	name   string
	args   SecureBucketArgs
	plan   bucketPlan
	parent pulumi.ResourceOption
	tags   pulumi.StringMapOutput
	bucket *s3.BucketV2
}

// access registers what keeps the bucket private: ownership controls (no
// ACLs), the public access block and the TLS-only policy.
func (r bucketRegistrar) access() error {
	if _, err := s3.NewBucketOwnershipControls(r.ctx, r.name+"-ownership", &s3.BucketOwnershipControlsArgs{
		Bucket: r.bucket.ID(),
		Rule:   &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, r.parent); err != nil {
		return fmt.Errorf("registering ownership controls: %w", err)
	}
	pab, err := s3.NewBucketPublicAccessBlock(r.ctx, r.name+"-public-access-block", &s3.BucketPublicAccessBlockArgs{
		Bucket:                r.bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, r.parent)
	if err != nil {
		return fmt.Errorf("registering public access block: %w", err)
	}
	policy := r.bucket.Arn.ApplyT(func(arn string) (string, error) { return tlsOnlyPolicy(arn) }).(pulumi.StringOutput)
	// S3 rejects concurrent policy and public-access-block changes on one
	// bucket, so the policy waits for the block.
	if _, err := s3.NewBucketPolicy(r.ctx, r.name+"-tls-policy", &s3.BucketPolicyArgs{
		Bucket: r.bucket.ID(),
		Policy: policy,
	}, r.parent, pulumi.DependsOn([]pulumi.Resource{pab})); err != nil {
		return fmt.Errorf("registering TLS-only bucket policy: %w", err)
	}
	return nil
}

// versioning registers versioning when the plan keeps versions; nil when not.
func (r bucketRegistrar) versioning() (pulumi.Resource, error) {
	if !r.plan.Versioning {
		return nil, nil
	}
	v, err := s3.NewBucketVersioningV2(r.ctx, r.name+"-versioning", &s3.BucketVersioningV2Args{
		Bucket: r.bucket.ID(),
		VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{
			Status: pulumi.String("Enabled"),
		},
	}, r.parent)
	if err != nil {
		return nil, fmt.Errorf("registering versioning: %w", err)
	}
	return v, nil
}

// encryption registers default encryption, and the KMS key when the plan
// makes one; the key's ARN, or "" for none.
func (r bucketRegistrar) encryption() (pulumi.StringOutput, error) {
	none := pulumi.String("").ToStringOutput()
	enc := r.plan.Encryption
	if enc == nil {
		return none, nil
	}
	var keyArn pulumi.StringInput
	switch {
	case enc.CreateKey:
		key, err := kms.NewKey(r.ctx, r.name+"-key", &kms.KeyArgs{
			Description:          pulumi.Sprintf("Encrypts the S3 bucket %s (orgiac SecureBucket).", r.plan.StandardName),
			EnableKeyRotation:    pulumi.Bool(true),
			DeletionWindowInDays: pulumi.Int(kmsKeyDeletionWindowDays),
			Tags:                 r.tags,
		}, r.parent)
		if err != nil {
			return none, fmt.Errorf("registering KMS key: %w", err)
		}
		keyArn = key.Arn
	case enc.Algorithm == AlgorithmKMS:
		keyArn = r.args.Encryption.KmsKeyArn
	}
	rule := &s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
		ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
			SseAlgorithm:   pulumi.String(enc.Algorithm),
			KmsMasterKeyId: keyArnPtr(keyArn),
		},
		BucketKeyEnabled: pulumi.Bool(enc.BucketKeyEnabled),
	}
	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(r.ctx, r.name+"-encryption",
		&s3.BucketServerSideEncryptionConfigurationV2Args{
			Bucket: r.bucket.ID(),
			Rules:  s3.BucketServerSideEncryptionConfigurationV2RuleArray{rule},
		}, r.parent); err != nil {
		return none, fmt.Errorf("registering encryption: %w", err)
	}
	if keyArn == nil {
		return none, nil
	}
	return keyArn.ToStringOutput(), nil
}

// logging registers server access logging when the plan logs.
func (r bucketRegistrar) logging() error {
	lg := r.plan.Logging
	if lg == nil {
		return nil
	}
	var target pulumi.StringInput = pulumi.String(lg.ConfigTarget)
	if r.args.AccessLogging != nil && r.args.AccessLogging.TargetBucket != nil {
		target = r.args.AccessLogging.TargetBucket
	}
	if _, err := s3.NewBucketLoggingV2(r.ctx, r.name+"-logging", &s3.BucketLoggingV2Args{
		Bucket:       r.bucket.ID(),
		TargetBucket: target,
		TargetPrefix: pulumi.String(lg.Prefix),
	}, r.parent); err != nil {
		return fmt.Errorf("registering access logging: %w", err)
	}
	return nil
}

// lifecycle registers the lifecycle rules; noncurrent-version rules act on
// versions, so they follow versioning.
func (r bucketRegistrar) lifecycle(versioning pulumi.Resource) error {
	if len(r.plan.Lifecycle) == 0 {
		return nil
	}
	opts := []pulumi.ResourceOption{r.parent}
	if versioning != nil {
		opts = append(opts, pulumi.DependsOn([]pulumi.Resource{versioning}))
	}
	if _, err := s3.NewBucketLifecycleConfigurationV2(r.ctx, r.name+"-lifecycle",
		&s3.BucketLifecycleConfigurationV2Args{
			Bucket: r.bucket.ID(),
			Rules:  lifecycleRuleArgs(r.plan.Lifecycle),
		}, opts...); err != nil {
		return fmt.Errorf("registering lifecycle configuration: %w", err)
	}
	return nil
}

// objectLock registers the default retention when the plan locks objects
// (which needs versioning, so it follows it).
func (r bucketRegistrar) objectLock(versioning pulumi.Resource) error {
	lock := r.plan.ObjectLock
	if lock == nil {
		return nil
	}
	retention := &s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs{Mode: pulumi.String(lock.Mode)}
	if lock.Days > 0 {
		retention.Days = pulumi.Int(lock.Days)
	} else {
		retention.Years = pulumi.Int(lock.Years)
	}
	if _, err := s3.NewBucketObjectLockConfigurationV2(r.ctx, r.name+"-object-lock",
		&s3.BucketObjectLockConfigurationV2Args{
			Bucket: r.bucket.ID(),
			Rule:   &s3.BucketObjectLockConfigurationV2RuleArgs{DefaultRetention: retention},
		}, r.parent, pulumi.DependsOn([]pulumi.Resource{versioning})); err != nil {
		return fmt.Errorf("registering object lock configuration: %w", err)
	}
	return nil
}

func lifecycleRuleArgs(rules []lifecycleRulePlan) s3.BucketLifecycleConfigurationV2RuleArray {
	out := make(s3.BucketLifecycleConfigurationV2RuleArray, 0, len(rules))
	for _, r := range rules {
		status := "Enabled"
		if !r.Enabled {
			status = "Disabled"
		}
		rule := &s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:     pulumi.String(r.ID),
			Status: pulumi.String(status),
			Filter: &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String(r.Prefix)},
			AbortIncompleteMultipartUpload: &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
				DaysAfterInitiation: pulumi.Int(r.AbortIncompleteMultipartDays),
			},
		}
		if r.ExpirationDays > 0 {
			rule.Expiration = &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(r.ExpirationDays)}
		}
		if r.NoncurrentVersionExpirationDays > 0 {
			rule.NoncurrentVersionExpiration = &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{
				NoncurrentDays: pulumi.Int(r.NoncurrentVersionExpirationDays),
			}
		}
		if len(r.Transitions) > 0 {
			transitions := make(s3.BucketLifecycleConfigurationV2RuleTransitionArray, len(r.Transitions))
			for i, t := range r.Transitions {
				transitions[i] = &s3.BucketLifecycleConfigurationV2RuleTransitionArgs{
					Days: pulumi.Int(t.Days), StorageClass: pulumi.String(t.StorageClass),
				}
			}
			rule.Transitions = transitions
		}
		out = append(out, rule)
	}
	return out
}

func keyArnPtr(arn pulumi.StringInput) pulumi.StringPtrInput {
	if arn == nil {
		return nil
	}
	return arn.ToStringOutput().ToStringPtrOutput()
}
