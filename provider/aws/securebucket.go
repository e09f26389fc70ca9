package aws

import (
	_ "embed"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumix"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/provider/lifecycle"
)

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
	an.Describe(&a.Encryption, "Server-side encryption. Defaults to `aws:kms` with a key created for the "+
		"bucket with yearly rotation, and S3 Bucket Keys on.")
	an.Describe(&a.AccessLogging, "Server access logging. Defaults to on, delivering to the bucket named by "+
		"`orgiac:loggingBucket` under `s3-logs/<name>/`.")
	an.Describe(&a.ACL, "The canned ACL. Only `private` is accepted: ACLs are disabled "+
		"(BucketOwnerEnforced), and public ACLs are always rejected. Defaults to `private`.")
	an.Describe(&a.LifecycleRules, "Lifecycle rules. When omitted, one rule `orgiac-default` expires "+
		"noncurrent versions after 90 days and aborts incomplete multipart uploads after 7 days.")
	an.Describe(&a.ObjectLock, "Object Lock default retention (WORM). Requires versioning. Object Lock can "+
		"only be turned on when the bucket is created; adding it later replaces the bucket.")
	an.Describe(&a.ForceDestroy, "Delete all objects when the bucket is destroyed, so `pulumi destroy` "+
		"succeeds on a non-empty bucket. Defaults to `false`.")
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
	an.Describe(&e.Algorithm, "`aws:kms` (the default) or `AES256` (S3-managed keys).")
	an.Describe(&e.KmsKeyArn, "The ARN of an existing KMS key to use with `aws:kms`. When omitted, a key "+
		"with automatic rotation is created for the bucket.")
	an.Describe(&e.BucketKeyEnabled, "Use S3 Bucket Keys to cut KMS request costs. Defaults to `true` "+
		"with `aws:kms`.")
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
	an.Describe(&r.Prefix, "Apply the rule only to keys with this prefix. Defaults to every object.")
	an.Describe(&r.ExpirationDays, "Expire current object versions this many days after creation.")
	an.Describe(&r.NoncurrentVersionExpirationDays, "Delete noncurrent versions this many days after they "+
		"become noncurrent.")
	an.Describe(&r.AbortIncompleteMultipartUploadDays, "Abort multipart uploads left incomplete this many "+
		"days. Defaults to 7.")
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

	BucketName               pulumi.StringOutput               `pulumi:"bucketName"`
	BucketArn                pulumi.StringOutput               `pulumi:"bucketArn"`
	BucketRegionalDomainName pulumi.StringOutput               `pulumi:"bucketRegionalDomainName"`
	KmsKeyArn                pulumi.StringOutput               `pulumi:"kmsKeyArn"`
	Tags                     pulumi.StringMapOutput            `pulumi:"tags"`
	ComplianceReport         pulumix.Output[compliance.Report] `pulumi:"complianceReport"`
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

// SecureBucketSpec is the SecureBucket component. Its constructor validates
// every input, then registers the bucket and its companions; nothing is
// registered when an input is invalid. A Deployment checks and builds its
// buckets through it.
var SecureBucketSpec = lifecycle.Define(secureBucketToken, assessSecureBucket, registerSecureBucket)
