package aws_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/testharness"
	"github.com/orgiac/pulumi-orgiac/provider"
)

const (
	tBucket     = "aws:s3/bucketV2:BucketV2"
	tVersioning = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	tEncryption = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	tPAB        = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	tOwnership  = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	tPolicy     = "aws:s3/bucketPolicy:BucketPolicy"
	tLogging    = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	tLifecycle  = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	tObjectLock = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"
	tKey        = "aws:kms/key:Key"
	secureBkt   = "orgiac:aws:SecureBucket"
)

func baseConfig() map[string]property.Value {
	return map[string]property.Value{
		"organization":  property.New("acme"),
		"loggingBucket": property.New("acme-access-logs"),
		"owner":         property.New("team-data"),
	}
}

// awsOutputs fakes the computed outputs the real provider returns.
func awsOutputs(typ, name string, in property.Map) map[string]property.Value {
	switch typ {
	case tBucket:
		bucket := testharness.Str(in.Get("bucket"))
		if bucket == "" {
			bucket = testharness.Str(in.Get("bucketPrefix")) + "20261126000000000000000001"
		}
		return map[string]property.Value{
			"bucket":                   property.New(bucket),
			"arn":                      property.New("arn:aws:s3:::" + bucket),
			"bucketRegionalDomainName": property.New(bucket + ".s3.us-west-2.amazonaws.com"),
		}
	case tKey:
		return map[string]property.Value{"arn": property.New("arn:aws:kms:us-west-2:123456789012:key/" + name)}
	}
	return nil
}

func newHarness(t *testing.T, cfg map[string]property.Value) *testharness.Harness {
	t.Helper()
	prov, err := provider.New()
	require.NoError(t, err)
	h := testharness.New(t, prov, cfg)
	h.Outputs = awsOutputs
	return h
}

func componentURN(name string) string {
	return string(resource.NewURN("test", "shop", "", tokens.Type(secureBkt), name))
}

func TestSecureBucketDefaultsRegisterTheSecureChildren(t *testing.T) {
	h := newHarness(t, baseConfig())
	resp, err := h.Construct(secureBkt, "artifacts", map[string]property.Value{
		"tags": property.New(map[string]property.Value{"DataClassification": property.New("internal")}),
	})
	require.NoError(t, err)

	assert.ElementsMatch(t, []string{
		secureBkt, tBucket, tOwnership, tPAB, tPolicy, tVersioning, tKey, tEncryption, tLogging, tLifecycle,
	}, h.Types())

	t.Run("every child is parented to the component", func(t *testing.T) {
		for _, c := range h.Children() {
			if c.Type == secureBkt {
				continue
			}
			assert.Equal(t, string(resp.Urn), c.Parent, "%s %s", c.Type, c.Name)
		}
	})

	t.Run("public access is blocked with all four flags", func(t *testing.T) {
		pab := h.Child(t, tPAB)
		for _, flag := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
			assert.True(t, pab.Inputs.Get(flag).AsBool(), flag)
		}
		assert.Equal(t, "artifacts-id", pab.Inputs.Get("bucket").AsString())
	})

	t.Run("ACLs are disabled through BucketOwnerEnforced", func(t *testing.T) {
		own := h.Child(t, tOwnership)
		assert.Equal(t, "BucketOwnerEnforced", testharness.Get(own.Inputs, "rule.objectOwnership").AsString())
	})

	t.Run("the bucket policy denies plain HTTP and TLS below 1.2", func(t *testing.T) {
		pol := h.Child(t, tPolicy)
		var doc struct {
			Statement []struct {
				Sid, Effect string
				Resource    []string
				Condition   map[string]map[string]string
			}
		}
		require.NoError(t, json.Unmarshal([]byte(pol.Inputs.Get("policy").AsString()), &doc))
		require.Len(t, doc.Statement, 2)
		byID := map[string]map[string]map[string]string{}
		for _, s := range doc.Statement {
			assert.Equal(t, "Deny", s.Effect)
			assert.Contains(t, s.Resource[0], "arn:aws:s3:::acme-test-artifacts-")
			byID[s.Sid] = s.Condition
		}
		assert.Equal(t, "false", byID["DenyInsecureTransport"]["Bool"]["aws:SecureTransport"])
		assert.Equal(t, "1.2", byID["DenyOutdatedTLS"]["NumericLessThan"]["s3:TlsVersion"])
		assert.NotEmpty(t, pol.Deps, "the policy waits for the public access block")
	})

	t.Run("versioning is enabled", func(t *testing.T) {
		v := h.Child(t, tVersioning)
		assert.Equal(t, "Enabled", testharness.Get(v.Inputs, "versioningConfiguration.status").AsString())
	})

	t.Run("encryption uses a created KMS key with rotation", func(t *testing.T) {
		key := h.Child(t, tKey)
		assert.True(t, key.Inputs.Get("enableKeyRotation").AsBool())
		enc := h.Child(t, tEncryption)
		assert.Equal(t, "aws:kms", testharness.Get(enc.Inputs, "rules[0].applyServerSideEncryptionByDefault.sseAlgorithm").AsString())
		assert.Equal(t, "arn:aws:kms:us-west-2:123456789012:key/artifacts-key",
			testharness.Get(enc.Inputs, "rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId").AsString())
		assert.True(t, testharness.Get(enc.Inputs, "rules[0].bucketKeyEnabled").AsBool())
	})

	t.Run("access logs go to the organization's log bucket", func(t *testing.T) {
		lg := h.Child(t, tLogging)
		assert.Equal(t, "acme-access-logs", lg.Inputs.Get("targetBucket").AsString())
		assert.Equal(t, "s3-logs/artifacts/", lg.Inputs.Get("targetPrefix").AsString())
	})

	t.Run("lifecycle expires noncurrent versions and aborts stale uploads", func(t *testing.T) {
		lc := h.Child(t, tLifecycle)
		assert.Equal(t, "orgiac-default", testharness.Get(lc.Inputs, "rules[0].id").AsString())
		assert.Equal(t, 90.0, testharness.Get(lc.Inputs, "rules[0].noncurrentVersionExpiration.noncurrentDays").AsNumber())
		assert.Equal(t, 7.0, testharness.Get(lc.Inputs, "rules[0].abortIncompleteMultipartUpload.daysAfterInitiation").AsNumber())
	})

	t.Run("the bucket and the key carry the effective tags", func(t *testing.T) {
		want := map[string]string{
			"Organization": "acme", "Environment": "test", "Project": "shop", "ManagedBy": "pulumi",
			"Owner": "team-data", "DataClassification": "internal", "Name": "acme-test-artifacts",
			"compliance:frameworks":              "cis-aws-foundations-3.0 nist-800-53-r5",
			"compliance:cis-aws-foundations-3.0": "2.1.1 2.1.4 3.4 3.6",
			"compliance:nist-800-53-r5": "AC-21 AC-3 AC-6 AU-12 AU-2 AU-3 CP-10 CP-9 SC-12 SC-12.1 SC-13 SC-28 " +
				"SC-28.1 SC-7 SC-8 SC-8.1 SI-12",
		}
		for _, typ := range []string{tBucket, tKey} {
			assert.Equal(t, want, stringMap(h.Child(t, typ).Inputs.Get("tags")), typ)
		}
		assert.Equal(t, "acme-test-artifacts-", h.Child(t, tBucket).Inputs.Get("bucketPrefix").AsString())
	})

	t.Run("outputs are plain values", func(t *testing.T) {
		name := testharness.Str(resp.State.Get("bucketName"))
		assert.True(t, strings.HasPrefix(name, "acme-test-artifacts-"), name)
		assert.Equal(t, "arn:aws:s3:::"+name, resp.State.Get("bucketArn").AsString())
		assert.Equal(t, name+".s3.us-west-2.amazonaws.com", resp.State.Get("bucketRegionalDomainName").AsString())
		assert.Equal(t, "arn:aws:kms:us-west-2:123456789012:key/artifacts-key", resp.State.Get("kmsKeyArn").AsString())
		assert.Equal(t, "acme", stringMap(resp.State.Get("tags"))["Organization"])
	})
}

func stringMap(v property.Value) map[string]string {
	out := map[string]string{}
	if !v.IsMap() {
		return out
	}
	for k, e := range v.AsMap().All {
		out[k] = e.AsString()
	}
	return out
}

func TestSecureBucketOptionalChildren(t *testing.T) {
	h := newHarness(t, baseConfig())
	resp, err := h.Construct(secureBkt, "vault", map[string]property.Value{
		"bucketName":   property.New("acme-vault"),
		"forceDestroy": property.New(true),
		"encryption": property.New(map[string]property.Value{
			"algorithm": property.New("AES256"),
		}),
		"accessLogging": property.New(map[string]property.Value{
			"targetBucket": property.New("team-logs"),
			"targetPrefix": property.New("vault/"),
		}),
		"objectLock": property.New(map[string]property.Value{
			"mode": property.New("COMPLIANCE"), "days": property.New(30.0),
		}),
	})
	require.NoError(t, err)

	bucket := h.Child(t, tBucket)
	assert.Equal(t, "acme-vault", bucket.Inputs.Get("bucket").AsString(), "a given name is used verbatim")
	assert.True(t, bucket.Inputs.Get("forceDestroy").AsBool())
	assert.True(t, bucket.Inputs.Get("objectLockEnabled").AsBool())
	assert.NotContains(t, h.Types(), tKey, "AES256 creates no key")
	enc := h.Child(t, tEncryption)
	assert.Equal(t, "AES256", testharness.Get(enc.Inputs, "rules[0].applyServerSideEncryptionByDefault.sseAlgorithm").AsString())
	lg := h.Child(t, tLogging)
	assert.Equal(t, "team-logs", lg.Inputs.Get("targetBucket").AsString())
	assert.Equal(t, "vault/", lg.Inputs.Get("targetPrefix").AsString())
	lock := h.Child(t, tObjectLock)
	assert.Equal(t, "COMPLIANCE", testharness.Get(lock.Inputs, "rule.defaultRetention.mode").AsString())
	assert.Equal(t, 30.0, testharness.Get(lock.Inputs, "rule.defaultRetention.days").AsNumber())
	assert.Equal(t, "", testharness.Str(resp.State.Get("kmsKeyArn")), "no key ARN without KMS")
}

func TestSecureBucketPassesResourceOptionsThrough(t *testing.T) {
	h := newHarness(t, baseConfig())
	protect := true
	_, err := h.Server.Construct(p.ConstructRequest{
		Urn:     resource.URN(componentURN("kept")),
		Inputs:  property.NewMap(nil),
		Protect: &protect,
	})
	require.NoError(t, err)
	assert.True(t, h.Child(t, secureBkt).Protect, "protect reaches the component registration")
}

func TestSecureBucketBadInputRegistersNothing(t *testing.T) {
	h := newHarness(t, baseConfig())
	_, err := h.Construct(secureBkt, "bad", map[string]property.Value{
		"bucketName": property.New("Bad_Bucket"),
		"acl":        property.New("public-read"),
		"versioning": property.New(false),
		"tags":       property.New(map[string]property.Value{"Environment": property.New("prod")}),
	})
	require.Error(t, err)
	assert.Empty(t, h.Children(), "nothing, not even the component, is registered")
	assert.Contains(t, err.Error(), `orgiac:aws:SecureBucket "bad" has 5 input problems; nothing was created`)
	for _, want := range []string{`bucketName: "Bad_Bucket"`, `acl: "public-read"`, "versioning: fails control s3-versioning", `tags["Environment"]: "prod"`} {
		assert.Contains(t, err.Error(), want)
	}
}

func TestSecureBucketAuditModeDeploysWithWarnings(t *testing.T) {
	cfg := baseConfig()
	cfg["enforcement"] = property.New("audit")
	h := newHarness(t, cfg)
	_, err := h.Construct(secureBkt, "relaxed", map[string]property.Value{"versioning": property.New(false)})
	require.NoError(t, err)
	assert.NotContains(t, h.Types(), tVersioning, "audit mode honours the opt-out")
}

func TestSecureBucketReportsConfigProblems(t *testing.T) {
	cfg := baseConfig()
	cfg["enforcement"] = property.New("strict")
	cfg["naming"] = property.New("{org}-{region}")
	h := newHarness(t, cfg)
	_, err := h.Construct(secureBkt, "x", nil)
	require.Error(t, err)
	for _, code := range []string{"[CFG112]", "[CFG002]", "[CFG003]"} {
		assert.Contains(t, err.Error(), code)
	}
	assert.Contains(t, err.Error(), `orgiac:enforcement: "strict" is not allowed`)
}

func TestSecureBucketDefaultTagsFromConfig(t *testing.T) {
	cfg := baseConfig()
	cfg["defaultTags"] = property.New(map[string]property.Value{"Team": property.New("platform")})
	cfg["environment"] = property.New("staging")
	h := newHarness(t, cfg)
	_, err := h.Construct(secureBkt, "cfg", nil)
	require.NoError(t, err)
	tags := stringMap(h.Child(t, tBucket).Inputs.Get("tags"))
	assert.Equal(t, "platform", tags["Team"])
	assert.Equal(t, "staging", tags["Environment"], "orgiac:environment overrides the stack name")
}

// TestSecureBucketRegisteredInputsPassTheControls evaluates the controls over
// the inputs the component really registered, linked the way `orgiac report`
// links state. It proves the plan's compliance view (what Construct judged)
// matches what it registers.
func TestSecureBucketRegisteredInputsPassTheControls(t *testing.T) {
	h := newHarness(t, baseConfig())
	resp, err := h.Construct(secureBkt, "artifacts", nil)
	require.NoError(t, err)

	var all []compliance.Resource
	for _, c := range h.Children() {
		if !c.Custom {
			continue
		}
		props := resource.ToResourcePropertyMap(c.Inputs).Mappable()
		id := c.Name + "-id"
		all = append(all, compliance.Resource{Type: c.Type, Name: c.Name, ID: id, Props: props})
	}
	registered := compliance.Evaluate(secureBkt, "artifacts", compliance.LinkSubjects(all),
		compliance.Policy{Today: time.Now()})

	var planned compliance.Report
	raw, err := json.Marshal(resource.ToResourcePropertyValue(resp.State.Get("complianceReport")).Mappable())
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &planned))

	require.NotEmpty(t, planned.Controls, "the component returns its complianceReport")
	assert.Equal(t, 9, planned.Summary.Pass)
	assert.Equal(t, "enforce", planned.Enforcement)
	for i, c := range planned.Controls {
		assert.Equal(t, c.Status, registered.Controls[i].Status, "control %s: planned vs registered (%s)",
			c.ID, registered.Controls[i].Reason)
	}
}
