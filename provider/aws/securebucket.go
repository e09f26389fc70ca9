package aws

import (
	_ "embed"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumix"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/provider/lifecycle"
)

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

func (a *SecureBucketArgs) Annotate(an infer.Annotator) { docs.Annotate(an, a) }

// BucketEncryption configures server-side encryption.
type BucketEncryption struct {
	Enabled          *bool              `pulumi:"enabled,optional"`
	Algorithm        string             `pulumi:"algorithm,optional"`
	KmsKeyArn        pulumi.StringInput `pulumi:"kmsKeyArn,optional"`
	BucketKeyEnabled *bool              `pulumi:"bucketKeyEnabled,optional"`
}

func (e *BucketEncryption) Annotate(an infer.Annotator) { docs.Annotate(an, e) }

// BucketAccessLogging configures server access logging.
type BucketAccessLogging struct {
	Enabled      *bool              `pulumi:"enabled,optional"`
	TargetBucket pulumi.StringInput `pulumi:"targetBucket,optional"`
	TargetPrefix string             `pulumi:"targetPrefix,optional"`
}

func (l *BucketAccessLogging) Annotate(an infer.Annotator) { docs.Annotate(an, l) }

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

func (r *BucketLifecycleRule) Annotate(an infer.Annotator) { docs.Annotate(an, r) }

// BucketTransition moves objects to another storage class.
type BucketTransition struct {
	Days         int    `pulumi:"days"`
	StorageClass string `pulumi:"storageClass"`
}

func (t *BucketTransition) Annotate(an infer.Annotator) { docs.Annotate(an, t) }

// BucketObjectLock is Object Lock's default retention.
type BucketObjectLock struct {
	Mode  string `pulumi:"mode"`
	Days  *int   `pulumi:"days,optional"`
	Years *int   `pulumi:"years,optional"`
}

func (o *BucketObjectLock) Annotate(an infer.Annotator) { docs.Annotate(an, o) }

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

func (b *SecureBucket) Annotate(an infer.Annotator) { docs.Annotate(an, b) }

// SecureBucketSpec is the SecureBucket component. Its constructor validates
// every input, then registers the bucket and its companions; nothing is
// registered when an input is invalid. A Deployment checks and builds its
// buckets through it.
var SecureBucketSpec = lifecycle.Define(secureBucketToken, assessSecureBucket, registerSecureBucket)
