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
	parent := pulumi.Parent(comp)
	tags := settings.TagMap(plan.Tags, plan.SecretTags)

	bucketArgs := &s3.BucketV2Args{
		ForceDestroy:      pulumi.Bool(plan.ForceDestroy),
		ObjectLockEnabled: pulumi.Bool(plan.ObjectLock != nil),
		Tags:              tags,
	}
	if plan.BucketName != "" {
		bucketArgs.Bucket = pulumi.String(plan.BucketName)
	} else {
		bucketArgs.BucketPrefix = pulumi.String(plan.BucketPrefix)
	}
	bucket, err := s3.NewBucketV2(ctx, name, bucketArgs, parent)
	if err != nil {
		return fmt.Errorf("registering bucket: %w", err)
	}

	if _, err := s3.NewBucketOwnershipControls(ctx, name+"-ownership", &s3.BucketOwnershipControlsArgs{
		Bucket: bucket.ID(),
		Rule:   &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, parent); err != nil {
		return fmt.Errorf("registering ownership controls: %w", err)
	}

	pab, err := s3.NewBucketPublicAccessBlock(ctx, name+"-public-access-block", &s3.BucketPublicAccessBlockArgs{
		Bucket:                bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return fmt.Errorf("registering public access block: %w", err)
	}

	policy := bucket.Arn.ApplyT(func(arn string) (string, error) { return tlsOnlyPolicy(arn) }).(pulumi.StringOutput)
	// S3 rejects concurrent policy and public-access-block changes on one
	// bucket, so the policy waits for the block.
	if _, err := s3.NewBucketPolicy(ctx, name+"-tls-policy", &s3.BucketPolicyArgs{
		Bucket: bucket.ID(),
		Policy: policy,
	}, parent, pulumi.DependsOn([]pulumi.Resource{pab})); err != nil {
		return fmt.Errorf("registering TLS-only bucket policy: %w", err)
	}

	var versioning pulumi.Resource
	if plan.Versioning {
		v, err := s3.NewBucketVersioningV2(ctx, name+"-versioning", &s3.BucketVersioningV2Args{
			Bucket: bucket.ID(),
			VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{
				Status: pulumi.String("Enabled"),
			},
		}, parent)
		if err != nil {
			return fmt.Errorf("registering versioning: %w", err)
		}
		versioning = v
	}

	comp.KmsKeyArn = pulumi.String("").ToStringOutput()
	if enc := plan.Encryption; enc != nil {
		var keyArn pulumi.StringInput
		switch {
		case enc.CreateKey:
			key, err := kms.NewKey(ctx, name+"-key", &kms.KeyArgs{
				Description:          pulumi.Sprintf("Encrypts the S3 bucket %s (orgiac SecureBucket).", plan.StandardName),
				EnableKeyRotation:    pulumi.Bool(true),
				DeletionWindowInDays: pulumi.Int(kmsKeyDeletionWindowDays),
				Tags:                 tags,
			}, parent)
			if err != nil {
				return fmt.Errorf("registering KMS key: %w", err)
			}
			keyArn = key.Arn
		case enc.Algorithm == AlgorithmKMS:
			keyArn = args.Encryption.KmsKeyArn
		}
		rule := &s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm:   pulumi.String(enc.Algorithm),
				KmsMasterKeyId: keyArnPtr(keyArn),
			},
			BucketKeyEnabled: pulumi.Bool(enc.BucketKeyEnabled),
		}
		if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name+"-encryption",
			&s3.BucketServerSideEncryptionConfigurationV2Args{
				Bucket: bucket.ID(),
				Rules:  s3.BucketServerSideEncryptionConfigurationV2RuleArray{rule},
			}, parent); err != nil {
			return fmt.Errorf("registering encryption: %w", err)
		}
		if keyArn != nil {
			comp.KmsKeyArn = keyArn.ToStringOutput()
		}
	}

	if lg := plan.Logging; lg != nil {
		var target pulumi.StringInput = pulumi.String(lg.ConfigTarget)
		if args.AccessLogging != nil && args.AccessLogging.TargetBucket != nil {
			target = args.AccessLogging.TargetBucket
		}
		if _, err := s3.NewBucketLoggingV2(ctx, name+"-logging", &s3.BucketLoggingV2Args{
			Bucket:       bucket.ID(),
			TargetBucket: target,
			TargetPrefix: pulumi.String(lg.Prefix),
		}, parent); err != nil {
			return fmt.Errorf("registering access logging: %w", err)
		}
	}

	if len(plan.Lifecycle) > 0 {
		lcOpts := []pulumi.ResourceOption{parent}
		if versioning != nil {
			// Noncurrent-version rules act on versions, so they follow versioning.
			lcOpts = append(lcOpts, pulumi.DependsOn([]pulumi.Resource{versioning}))
		}
		if _, err := s3.NewBucketLifecycleConfigurationV2(ctx, name+"-lifecycle",
			&s3.BucketLifecycleConfigurationV2Args{
				Bucket: bucket.ID(),
				Rules:  lifecycleRuleArgs(plan.Lifecycle),
			}, lcOpts...); err != nil {
			return fmt.Errorf("registering lifecycle configuration: %w", err)
		}
	}

	if lock := plan.ObjectLock; lock != nil {
		retention := &s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs{Mode: pulumi.String(lock.Mode)}
		if lock.Days > 0 {
			retention.Days = pulumi.Int(lock.Days)
		} else {
			retention.Years = pulumi.Int(lock.Years)
		}
		if _, err := s3.NewBucketObjectLockConfigurationV2(ctx, name+"-object-lock",
			&s3.BucketObjectLockConfigurationV2Args{
				Bucket: bucket.ID(),
				Rule:   &s3.BucketObjectLockConfigurationV2RuleArgs{DefaultRetention: retention},
			}, parent, pulumi.DependsOn([]pulumi.Resource{versioning})); err != nil {
			return fmt.Errorf("registering object lock configuration: %w", err)
		}
	}

	comp.BucketName = bucket.Bucket
	comp.BucketArn = bucket.Arn
	comp.BucketRegionalDomainName = bucket.BucketRegionalDomainName
	comp.Tags = tags.ToStringMapOutput()
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
