package aws

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

func testOrg(mode standards.Enforcement) standards.Org {
	return standards.Org{
		Identity:      standards.Identity{Organization: "acme", Environment: "dev", Project: "shop"},
		Enforcement:   mode,
		LoggingBucket: "acme-access-logs",
		Naming:        standards.DefaultNaming,
	}
}

func ptr[T any](v T) *T { return &v }

func ruleCodes(l problem.List) []string {
	var out []string
	for _, p := range l.Items() {
		out = append(out, p.Rule.Code)
	}
	return out
}

func TestPlanSecureBucketDefaults(t *testing.T) {
	plan, probs := planSecureBucket("artifacts", SecureBucketArgs{}, testOrg(standards.Enforce))
	require.Zero(t, probs.Len(), "defaults must be valid: %v", probs.Items())

	assert.Equal(t, "acme-dev-artifacts", plan.StandardName)
	assert.Empty(t, plan.BucketName, "the physical name is generated unless given")
	assert.Equal(t, "acme-dev-artifacts-", plan.BucketPrefix, "the generated name starts with the standard name")
	assert.True(t, plan.Versioning, "versioning is on by default")
	assert.False(t, plan.ForceDestroy, "forceDestroy is off by default")
	require.NotNil(t, plan.Encryption, "encryption is managed by default")
	assert.Equal(t, AlgorithmKMS, plan.Encryption.Algorithm)
	assert.True(t, plan.Encryption.CreateKey, "a rotated key is created when none is given")
	assert.True(t, plan.Encryption.BucketKeyEnabled)
	require.NotNil(t, plan.Logging, "access logging is on by default")
	assert.Equal(t, "acme-access-logs", plan.Logging.ConfigTarget, "logs go to orgiac:loggingBucket")
	assert.Equal(t, "s3-logs/artifacts/", plan.Logging.Prefix)
	assert.Equal(t, []lifecycleRulePlan{{
		ID: "orgiac-default", Enabled: true, NoncurrentVersionExpirationDays: 90, AbortIncompleteMultipartDays: 7,
	}}, plan.Lifecycle)
	assert.Nil(t, plan.ObjectLock)
	assert.Equal(t, map[string]string{
		"Organization": "acme", "Environment": "dev", "Project": "shop", "ManagedBy": "pulumi",
		"Name": "acme-dev-artifacts",
	}, plan.Tags)
	assert.Empty(t, plan.Warnings)
}

func TestPlanSecureBucketOptions(t *testing.T) {
	tests := []struct {
		name  string
		args  SecureBucketArgs
		check func(t *testing.T, plan bucketPlan)
	}{
		{
			name: "a given bucket name is used verbatim",
			args: SecureBucketArgs{BucketName: "acme-shop-data"},
			check: func(t *testing.T, plan bucketPlan) {
				assert.Equal(t, "acme-shop-data", plan.BucketName)
				assert.Empty(t, plan.BucketPrefix)
			},
		},
		{
			name: "AES256 creates no key and no bucket key",
			args: SecureBucketArgs{Encryption: &BucketEncryption{Algorithm: AlgorithmAES256}},
			check: func(t *testing.T, plan bucketPlan) {
				assert.Equal(t, &encryptionPlan{Algorithm: AlgorithmAES256}, plan.Encryption)
			},
		},
		{
			name: "a given KMS key is used instead of creating one",
			args: SecureBucketArgs{Encryption: &BucketEncryption{KmsKeyArn: pulumi.String("arn:aws:kms:us-west-2:1:key/x")}},
			check: func(t *testing.T, plan bucketPlan) {
				assert.False(t, plan.Encryption.CreateKey)
				assert.Equal(t, AlgorithmKMS, plan.Encryption.Algorithm)
			},
		},
		{
			name: "a given log target and prefix win over the defaults",
			args: SecureBucketArgs{AccessLogging: &BucketAccessLogging{TargetBucket: pulumi.String("other"), TargetPrefix: "x/"}},
			check: func(t *testing.T, plan bucketPlan) {
				assert.Equal(t, "x/", plan.Logging.Prefix)
			},
		},
		{
			name: "user lifecycle rules get the 7-day multipart abort by default",
			args: SecureBucketArgs{LifecycleRules: []BucketLifecycleRule{{
				ID: "expire", ExpirationDays: ptr(30),
				Transitions: []BucketTransition{{Days: 10, StorageClass: "STANDARD_IA"}},
			}}},
			check: func(t *testing.T, plan bucketPlan) {
				assert.Equal(t, []lifecycleRulePlan{{
					ID: "expire", Enabled: true, ExpirationDays: 30, AbortIncompleteMultipartDays: 7,
					Transitions: []BucketTransition{{Days: 10, StorageClass: "STANDARD_IA"}},
				}}, plan.Lifecycle)
			},
		},
		{
			name: "object lock with versioning is planned",
			args: SecureBucketArgs{ObjectLock: &BucketObjectLock{Mode: "COMPLIANCE", Years: ptr(1)}},
			check: func(t *testing.T, plan bucketPlan) {
				assert.Equal(t, &objectLockPlan{Mode: "COMPLIANCE", Years: 1}, plan.ObjectLock)
			},
		},
		{
			name: "component tags join the required tags",
			args: SecureBucketArgs{Tags: map[string]string{"DataClassification": "internal"}},
			check: func(t *testing.T, plan bucketPlan) {
				assert.Equal(t, "internal", plan.Tags["DataClassification"])
				assert.Equal(t, "acme", plan.Tags["Organization"])
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, probs := planSecureBucket("artifacts", tt.args, testOrg(standards.Enforce))
			require.Zero(t, probs.Len(), "%v", probs.Items())
			tt.check(t, plan)
		})
	}
}

func TestBucketPrefixFor(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"a valid name gets a trailing hyphen", "acme-dev-logs", "acme-dev-logs-"},
		{"uppercase and other characters are normalized", "Acme_Dev..Logs", "acme-dev-logs-"},
		{"a long name is cut to 37 characters in all", strings.Repeat("a", 60), strings.Repeat("a", 36) + "-"},
		{"a name with nothing usable still yields a prefix", "___", "bucket-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := bucketPrefixFor(tt.in)
			assert.Equal(t, tt.want, got)
			assert.LessOrEqual(t, len(got), maxBucketPrefix)
		})
	}
}

// TestPlanSecureBucketRejects has one case per validation rule of the
// component. Each names the rule it proves.
func TestPlanSecureBucketRejects(t *testing.T) {
	tests := []struct {
		name     string
		args     SecureBucketArgs
		org      func(o *standards.Org)
		wantCode string
		wantPath string
		wantText string
	}{
		{"a public-read ACL is rejected", SecureBucketArgs{ACL: "public-read"}, nil, "S3010", "acl", "public"},
		{"a public-read-write ACL is rejected", SecureBucketArgs{ACL: "public-read-write"}, nil, "S3010", "acl", "public"},
		{"an authenticated-read ACL is rejected", SecureBucketArgs{ACL: "authenticated-read"}, nil, "S3010", "acl", "public"},
		{"an uppercase bucket name is rejected", SecureBucketArgs{BucketName: "Acme-Logs"}, nil, "S3002", "bucketName", "uppercase"},
		{"a bucket name over 63 characters is rejected", SecureBucketArgs{BucketName: strings.Repeat("a", 64)}, nil, "S3001", "bucketName", "64 characters"},
		{"a bucket name under 3 characters is rejected", SecureBucketArgs{BucketName: "ab"}, nil, "S3001", "bucketName", "2 characters"},
		{"an IP-shaped bucket name is rejected", SecureBucketArgs{BucketName: "192.168.1.10"}, nil, "S3005", "bucketName", "IP address"},
		{"a bucket name ending in a hyphen is rejected", SecureBucketArgs{BucketName: "acme-logs-"}, nil, "S3003", "bucketName", "begin and end"},
		{"a bucket name with two adjacent dots is rejected", SecureBucketArgs{BucketName: "acme..logs"}, nil, "S3004", "bucketName", "adjacent dots"},
		{"a bucket name with a reserved prefix is rejected", SecureBucketArgs{BucketName: "xn--acme"}, nil, "S3006", "bucketName", "xn--"},
		{"an unknown encryption algorithm is rejected", SecureBucketArgs{Encryption: &BucketEncryption{Algorithm: "aws:kms:dsse"}}, nil, "S3011", "encryption.algorithm", "aws:kms:dsse"},
		{"a KMS key with AES256 is rejected", SecureBucketArgs{Encryption: &BucketEncryption{Algorithm: AlgorithmAES256, KmsKeyArn: pulumi.String("arn")}}, nil, "S3012", "encryption.kmsKeyArn", "AES256"},
		{"object lock without versioning is rejected", SecureBucketArgs{Versioning: ptr(false), ObjectLock: &BucketObjectLock{Mode: "GOVERNANCE", Days: ptr(1)}}, func(o *standards.Org) { o.Enforcement = standards.Audit }, "S3013", "objectLock", "versioning is false"},
		{"an unknown object lock mode is rejected", SecureBucketArgs{ObjectLock: &BucketObjectLock{Mode: "STRICT", Days: ptr(1)}}, nil, "S3014", "objectLock.mode", "STRICT"},
		{"object lock with days and years is rejected", SecureBucketArgs{ObjectLock: &BucketObjectLock{Mode: "GOVERNANCE", Days: ptr(1), Years: ptr(1)}}, nil, "S3015", "objectLock.days", "together with years"},
		{"object lock with no retention is rejected", SecureBucketArgs{ObjectLock: &BucketObjectLock{Mode: "GOVERNANCE"}}, nil, "S3015", "objectLock.days", "missing"},
		{"object lock with zero days is rejected", SecureBucketArgs{ObjectLock: &BucketObjectLock{Mode: "GOVERNANCE", Days: ptr(0)}}, nil, "S3015", "objectLock.days", "greater than 0"},
		{"a lifecycle day count of 0 is rejected", SecureBucketArgs{LifecycleRules: []BucketLifecycleRule{{ID: "x", ExpirationDays: ptr(0)}}}, nil, "S3016", "lifecycleRules[0].expirationDays", "positive"},
		{"a negative noncurrent expiry is rejected", SecureBucketArgs{LifecycleRules: []BucketLifecycleRule{{ID: "x", NoncurrentVersionExpirationDays: ptr(-5)}}}, nil, "S3016", "lifecycleRules[0].noncurrentVersionExpirationDays", "-5"},
		{"a transition of 0 days is rejected", SecureBucketArgs{LifecycleRules: []BucketLifecycleRule{{ID: "x", Transitions: []BucketTransition{{Days: 0, StorageClass: "GLACIER"}}}}}, nil, "S3016", "lifecycleRules[0].transitions[0].days", "positive"},
		{"duplicate lifecycle ids are rejected", SecureBucketArgs{LifecycleRules: []BucketLifecycleRule{{ID: "x"}, {ID: "x"}}}, nil, "S3017", "lifecycleRules[1].id", "earlier rule"},
		{"an unknown storage class is rejected", SecureBucketArgs{LifecycleRules: []BucketLifecycleRule{{ID: "x", Transitions: []BucketTransition{{Days: 30, StorageClass: "COLD"}}}}}, nil, "S3018", "lifecycleRules[0].transitions[0].storageClass", "COLD"},
		{"an empty lifecycle id is rejected", SecureBucketArgs{LifecycleRules: []BucketLifecycleRule{{ID: ""}}}, nil, "S3019", "lifecycleRules[0].id", "1 to 255"},
		{"overriding a required tag is rejected in enforce mode", SecureBucketArgs{Tags: map[string]string{"Environment": "prod"}}, nil, "TAG001", `tags["Environment"]`, "required tag"},
		{"a tag value over 256 characters is rejected", SecureBucketArgs{Tags: map[string]string{"Note": strings.Repeat("x", 257)}}, nil, "TAG003", `tags["Note"]`, "257 characters"},
		{"a tag key with the aws: prefix is rejected", SecureBucketArgs{Tags: map[string]string{"aws:cost": "x"}}, nil, "TAG006", `tags["aws:cost"]`, "reserved"},
		{"more than 50 tags are rejected", SecureBucketArgs{Tags: manyTags(46)}, nil, "TAG007", "tags", "over the limit of 50"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			org := testOrg(standards.Enforce)
			if tt.org != nil {
				tt.org(&org)
			}
			_, probs := planSecureBucket("artifacts", tt.args, org)
			var found *problem.Problem
			for _, p := range probs.Items() {
				if p.Rule.Code == tt.wantCode && p.Path == tt.wantPath {
					found = &p
					break
				}
			}
			require.NotNil(t, found, "want %s at %s, got %v", tt.wantCode, tt.wantPath, probs.Items())
			msg := found.Error()
			assert.Contains(t, msg, tt.wantText, "the message says what is wrong")
			assert.Contains(t, msg, "; fix: ", "the message says how to fix it")
		})
	}
}

func manyTags(n int) map[string]string {
	tags := map[string]string{}
	for i := range n {
		tags["Extra"+strings.Repeat("x", i)] = "v"
	}
	return tags
}

func TestTLSOnlyPolicyDeniesPlainHTTPAndOldTLS(t *testing.T) {
	doc, err := tlsOnlyPolicy("arn:aws:s3:::b")
	require.NoError(t, err)
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[
		{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*",
		 "Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}},
		{"Sid":"DenyOutdatedTLS","Effect":"Deny","Principal":"*","Action":"s3:*",
		 "Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"NumericLessThan":{"s3:TlsVersion":"1.2"}}}]}`, doc)
}
