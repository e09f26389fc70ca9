package aws

import (
	_ "embed"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumix"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

var _ infer.ComponentFn[SecureBucketArgs, *SecureBucket] = NewSecureBucket

//go:embed docs/securebucket.md
var secureBucketDoc string

// SecureBucketArgs are the inputs of orgiac:aws:SecureBucket. Every input is
// optional; the defaults are the organization's standard.
type SecureBucketArgs struct {
	BucketName     string                `pulumi:"bucketName,optional"`
	Versioning     *bool                 `pulumi:"versioning,optional"`
	Encryption     *BucketEncryption     `pulumi:"encryption,optional"`
	AccessLogging  *BucketAccessLogging  `pulumi:"accessLogging,optional"`
	ACL            string                `pulumi:"acl,optional"`
	LifecycleRules []BucketLifecycleRule `pulumi:"lifecycleRules,optional"`
	ObjectLock     *BucketObjectLock     `pulumi:"objectLock,optional"`
	ForceDestroy   *bool                 `pulumi:"forceDestroy,optional"`
	Tags           map[string]string     `pulumi:"tags,optional"`
	Waivers        []compliance.Waiver   `pulumi:"waivers,optional"`
}

func (a *SecureBucketArgs) Annotate(an infer.Annotator) {
	an.Describe(&a.BucketName, "The physical bucket name. It must follow the S3 naming rules (3 to 63 "+
		"lowercase letters, digits, dots and hyphens). When omitted, Pulumi generates a unique name that "+
		"starts with the organization's naming template, e.g. `acme-dev-artifacts-`. Plain value.")
	an.Describe(&a.Versioning, "Keep every version of every object. Defaults to `true`. Turning it off "+
		"breaks the standard: an error in enforce mode, a warning in audit mode.")
	an.SetDefault(&a.Versioning, true)
	an.Describe(&a.Encryption, "Server-side encryption. Defaults to `aws:kms` with a key created for the "+
		"bucket with yearly rotation, and S3 Bucket Keys on.")
	an.Describe(&a.AccessLogging, "Server access logging. Defaults to on, delivering to the bucket named by "+
		"`orgiac:loggingBucket` under `s3-logs/<name>/`.")
	an.Describe(&a.ACL, "The canned ACL. Only `private` is accepted: ACLs are disabled "+
		"(BucketOwnerEnforced), and public ACLs are always rejected. Defaults to `private`.")
	an.SetDefault(&a.ACL, "private")
	an.Describe(&a.LifecycleRules, "Lifecycle rules. When omitted, one rule `orgiac-default` expires "+
		"noncurrent versions after 90 days and aborts incomplete multipart uploads after 7 days.")
	an.Describe(&a.ObjectLock, "Object Lock default retention (WORM). Requires versioning. Object Lock can "+
		"only be turned on when the bucket is created; adding it later replaces the bucket.")
	an.Describe(&a.ForceDestroy, "Delete all objects when the bucket is destroyed, so `pulumi destroy` "+
		"succeeds on a non-empty bucket. Defaults to `false`.")
	an.SetDefault(&a.ForceDestroy, false)
	an.Describe(&a.Waivers, "Waivers for this bucket: each accepts one failing compliance control until "+
		"its expiry date, with a reason the complianceReport records.")
	an.Describe(&a.Tags, "The component's own tags. They join the organization's `orgiac:defaultTags` and "+
		"the required tags on every taggable child; in enforce mode they cannot change a required tag.")
}

// BucketEncryption configures server-side encryption.
type BucketEncryption struct {
	Enabled          *bool              `pulumi:"enabled,optional"`
	Algorithm        string             `pulumi:"algorithm,optional"`
	KmsKeyArn        pulumi.StringInput `pulumi:"kmsKeyArn,optional"`
	BucketKeyEnabled *bool              `pulumi:"bucketKeyEnabled,optional"`
}

func (e *BucketEncryption) Annotate(an infer.Annotator) {
	an.Describe(e, "Server-side encryption settings of a SecureBucket.")
	an.Describe(&e.Enabled, "Manage default encryption. Defaults to `true`. Turning it off breaks the "+
		"standard: an error in enforce mode, a warning in audit mode (S3 still applies SSE-S3).")
	an.SetDefault(&e.Enabled, true)
	an.Describe(&e.Algorithm, "`aws:kms` (the default) or `AES256` (S3-managed keys).")
	an.SetDefault(&e.Algorithm, AlgorithmKMS)
	an.Describe(&e.KmsKeyArn, "The ARN of an existing KMS key to use with `aws:kms`. When omitted, a key "+
		"with automatic rotation is created for the bucket.")
	an.Describe(&e.BucketKeyEnabled, "Use S3 Bucket Keys to cut KMS request costs. Defaults to `true` "+
		"with `aws:kms`.")
	an.SetDefault(&e.BucketKeyEnabled, true)
}

// BucketAccessLogging configures server access logging.
type BucketAccessLogging struct {
	Enabled      *bool              `pulumi:"enabled,optional"`
	TargetBucket pulumi.StringInput `pulumi:"targetBucket,optional"`
	TargetPrefix string             `pulumi:"targetPrefix,optional"`
}

func (l *BucketAccessLogging) Annotate(an infer.Annotator) {
	an.Describe(l, "Server access logging settings of a SecureBucket.")
	an.Describe(&l.Enabled, "Deliver server access logs. Defaults to `true`. Turning it off breaks the "+
		"standard: an error in enforce mode, a warning in audit mode.")
	an.SetDefault(&l.Enabled, true)
	an.Describe(&l.TargetBucket, "The bucket that receives the logs. Defaults to `orgiac:loggingBucket`. "+
		"With neither set, enforce mode fails and audit mode deploys without logging.")
	an.Describe(&l.TargetPrefix, "The key prefix of the log objects. Defaults to `s3-logs/<component name>/`.")
}

// BucketLifecycleRule is one lifecycle rule.
type BucketLifecycleRule struct {
	ID                                 string             `pulumi:"id"`
	Enabled                            *bool              `pulumi:"enabled,optional"`
	Prefix                             string             `pulumi:"prefix,optional"`
	ExpirationDays                     *int               `pulumi:"expirationDays,optional"`
	NoncurrentVersionExpirationDays    *int               `pulumi:"noncurrentVersionExpirationDays,optional"`
	AbortIncompleteMultipartUploadDays *int               `pulumi:"abortIncompleteMultipartUploadDays,optional"`
	Transitions                        []BucketTransition `pulumi:"transitions,optional"`
}

func (r *BucketLifecycleRule) Annotate(an infer.Annotator) {
	an.Describe(r, "A lifecycle rule of a SecureBucket.")
	an.Describe(&r.ID, "A unique name for the rule, 1 to 255 characters.")
	an.Describe(&r.Enabled, "Whether the rule is active. Defaults to `true`.")
	an.SetDefault(&r.Enabled, true)
	an.Describe(&r.Prefix, "Apply the rule only to keys with this prefix. Defaults to every object.")
	an.Describe(&r.ExpirationDays, "Expire current object versions this many days after creation.")
	an.Describe(&r.NoncurrentVersionExpirationDays, "Delete noncurrent versions this many days after they "+
		"become noncurrent.")
	an.Describe(&r.AbortIncompleteMultipartUploadDays, "Abort multipart uploads left incomplete this many "+
		"days. Defaults to 7.")
	an.SetDefault(&r.AbortIncompleteMultipartUploadDays, defaultAbortMultipartDays)
	an.Describe(&r.Transitions, "Move current versions to cheaper storage classes.")
}

// BucketTransition moves objects to another storage class.
type BucketTransition struct {
	Days         int    `pulumi:"days"`
	StorageClass string `pulumi:"storageClass"`
}

func (t *BucketTransition) Annotate(an infer.Annotator) {
	an.Describe(t, "A lifecycle transition to another storage class.")
	an.Describe(&t.Days, "Days after creation, 1 or more.")
	an.Describe(&t.StorageClass, "STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER or "+
		"DEEP_ARCHIVE.")
}

// BucketObjectLock is Object Lock's default retention.
type BucketObjectLock struct {
	Mode  string `pulumi:"mode"`
	Days  *int   `pulumi:"days,optional"`
	Years *int   `pulumi:"years,optional"`
}

func (o *BucketObjectLock) Annotate(an infer.Annotator) {
	an.Describe(o, "Object Lock default retention of a SecureBucket.")
	an.Describe(&o.Mode, "`GOVERNANCE` (privileged users can override) or `COMPLIANCE` (nobody can).")
	an.Describe(&o.Days, "Retention in days. Set days or years, not both.")
	an.Describe(&o.Years, "Retention in years. Set days or years, not both.")
}

// SecureBucket is the orgiac:aws:SecureBucket component.
type SecureBucket struct {
	pulumi.ResourceState

	BucketName               pulumi.StringOutput    `pulumi:"bucketName"`
	BucketArn                pulumi.StringOutput    `pulumi:"bucketArn"`
	BucketRegionalDomainName pulumi.StringOutput    `pulumi:"bucketRegionalDomainName"`
	KmsKeyArn                pulumi.StringOutput    `pulumi:"kmsKeyArn"`
	Tags                     pulumi.StringMapOutput `pulumi:"tags"`

	ComplianceReport pulumix.Output[compliance.Report] `pulumi:"complianceReport"`
}

func (b *SecureBucket) Annotate(an infer.Annotator) {
	an.Describe(b, secureBucketDoc)
	an.Describe(&b.BucketName, "The physical bucket name.")
	an.Describe(&b.BucketArn, "The bucket ARN.")
	an.Describe(&b.BucketRegionalDomainName, "The regional domain name, e.g. "+
		"`name.s3.us-west-2.amazonaws.com`.")
	// An empty string rather than an optional output: the Go SDK registers
	// component outputs under the raw struct tag, so `,optional` would leak
	// into the output's name.
	an.Describe(&b.KmsKeyArn, "The ARN of the KMS key that encrypts the bucket; empty when encryption is "+
		"AES256 or not managed.")
	an.Describe(&b.Tags, "The effective tags on the bucket: required, default, component and compliance tags.")
	an.Describe(&b.ComplianceReport, "The compliance controls that apply to the bucket, with their status "+
		"and framework mappings.")
}

// NewSecureBucket validates every input, then registers the bucket and its
// companions. Nothing is registered when an input is invalid.
func NewSecureBucket(ctx *pulumi.Context, name string, args SecureBucketArgs,
	opts ...pulumi.ResourceOption,
) (*SecureBucket, error) {
	cfg, cfgProblems := settings.FromContext(ctx)
	comp, _, err := BuildSecureBucket(ctx, name, args, cfg, cfgProblems, opts...)
	return comp, err
}

// CheckSecureBucket returns every problem a SecureBucket with these inputs
// would report, without registering anything; a Deployment checks all its
// modules this way before it builds any.
func CheckSecureBucket(name string, args SecureBucketArgs, cfg settings.Resolved) problem.List {
	probs := cfg.ApplyComponentDefaults(secureBucketToken, &args)
	_, _, p := assessSecureBucket(name, args, cfg)
	probs.Merge("", p)
	return probs
}

// BuildSecureBucket is NewSecureBucket with the configuration resolved by the
// caller, which may add problems of its own to fail with. It also returns the
// compliance report, for a composing component to aggregate.
func BuildSecureBucket(ctx *pulumi.Context, name string, args SecureBucketArgs, cfg settings.Resolved,
	cfgProblems problem.List, opts ...pulumi.ResourceOption,
) (*SecureBucket, compliance.Report, error) {
	typ := secureBucketToken
	cfgProblems.Merge("", cfg.ApplyComponentDefaults(secureBucketToken, &args))
	plan, report, probs := assessSecureBucket(name, args, cfg)
	cfgProblems.Merge("", probs)
	if err := cfgProblems.AsError(fmt.Sprintf("%s %q", typ, name)); err != nil {
		return nil, report, err
	}

	comp := &SecureBucket{}
	if err := ctx.RegisterComponentResource(typ, name, comp, opts...); err != nil {
		return nil, report, fmt.Errorf("registering %s %q: %w", typ, name, err)
	}
	if err := logWarnings(ctx, comp, plan.Warnings); err != nil {
		return nil, report, err
	}
	if err := registerSecureBucket(ctx, name, args, plan, comp); err != nil {
		return nil, report, err
	}
	comp.ComplianceReport = pulumix.Val(report)
	return comp, report, nil
}

// logWarnings shows audit-mode breaches against the component.
func logWarnings(ctx *pulumi.Context, comp pulumi.Resource, warnings []string) error {
	for _, w := range warnings {
		if err := ctx.Log.Warn(w, &pulumi.LogArgs{Resource: comp}); err != nil {
			return fmt.Errorf("logging an audit warning: %w", err)
		}
	}
	return nil
}

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
