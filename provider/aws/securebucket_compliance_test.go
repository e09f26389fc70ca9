package aws

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

var testToday = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func testConfig(mode standards.Enforcement) settings.Resolved {
	return settings.Resolved{Org: testOrg(mode), Policy: compliance.Policy{Today: testToday}}
}

func statuses(r compliance.Report) map[string]string {
	out := map[string]string{}
	for _, c := range r.Controls {
		out[c.ID] = c.Status
	}
	return out
}

func TestAssessSecureBucketDefaultsPassEveryApplicableControl(t *testing.T) {
	_, report, probs := unpack(assessSecureBucket("artifacts", SecureBucketArgs{}, testConfig(standards.Enforce)))
	require.Zero(t, probs.Len(), "%v", probs.Items())
	assert.Equal(t, map[string]string{
		"kms-key-rotation":       "pass",
		"s3-access-logging":      "pass",
		"s3-acls-disabled":       "pass",
		"s3-encryption-at-rest":  "pass",
		"s3-kms-cmk":             "pass",
		"s3-lifecycle":           "pass",
		"s3-object-lock":         "not-applicable",
		"s3-public-access-block": "pass",
		"s3-replication":         "not-applicable",
		"s3-tls-only":            "pass",
		"s3-versioning":          "pass",
	}, statuses(report))
	assert.Equal(t, compliance.Summary{Pass: 9, NotApplicable: 2}, report.Summary)
	assert.Equal(t, "enforce", report.Enforcement)
	assert.Equal(t, []string{"cis-aws-foundations-3.0", "nist-800-53-r5"}, report.Frameworks)
}

func TestAssessSecureBucketAddsComplianceTags(t *testing.T) {
	plan, _, probs := unpack(assessSecureBucket("artifacts", SecureBucketArgs{}, testConfig(standards.Enforce)))
	require.Zero(t, probs.Len())
	assert.Equal(t, "cis-aws-foundations-3.0 nist-800-53-r5", plan.Tags["compliance:frameworks"])
	assert.Equal(t, "2.1.1 2.1.4 3.4 3.6", plan.Tags["compliance:cis-aws-foundations-3.0"])
	assert.Contains(t, plan.Tags["compliance:nist-800-53-r5"], "SC-28")
	assert.Empty(t, standards.ValidateAWSTags("tags", plan.Tags).Items(), "compliance tags follow AWS's rules")
}

// TestAssessSecureBucketEnforcesControls has one case per secure default a
// user can turn off: enforce mode fails with the control it breaks.
func TestAssessSecureBucketEnforcesControls(t *testing.T) {
	tests := []struct {
		name     string
		args     SecureBucketArgs
		org      func(o *standards.Org)
		control  string
		wantPath string
		wantText string
	}{
		{"turning versioning off fails s3-versioning", SecureBucketArgs{Versioning: ptr(false)}, nil,
			"s3-versioning", "versioning", "versioning is not configured"},
		{"turning encryption off fails s3-encryption-at-rest", SecureBucketArgs{Encryption: &BucketEncryption{Enabled: ptr(false)}}, nil,
			"s3-encryption-at-rest", "encryption.enabled", "no managed default encryption"},
		{"turning logging off fails s3-access-logging", SecureBucketArgs{AccessLogging: &BucketAccessLogging{Enabled: ptr(false)}}, nil,
			"s3-access-logging", "accessLogging.targetBucket or orgiac:loggingBucket", "not configured"},
		{"a missing log target fails s3-access-logging and says how to set one", SecureBucketArgs{},
			func(o *standards.Org) { o.LoggingBucket = "" },
			"s3-access-logging", "accessLogging.targetBucket or orgiac:loggingBucket", "server access logging"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(standards.Enforce)
			if tt.org != nil {
				tt.org(&cfg.Org)
			}
			_, report, probs := unpack(assessSecureBucket("artifacts", tt.args, cfg))
			assert.Equal(t, "fail", statuses(report)[tt.control])
			require.Equal(t, 1, probs.Len(), "%v", probs.Items())
			p := probs.Items()[0]
			assert.Equal(t, tt.control, p.Rule.Code)
			assert.Equal(t, tt.wantPath, p.Path)
			msg := p.Error()
			assert.Contains(t, msg, "fails control "+tt.control)
			assert.Contains(t, msg, tt.wantText)
			assert.Contains(t, msg, "; fix: set ")
		})
	}
}

func TestAssessSecureBucketAuditModeWarnsAndRecords(t *testing.T) {
	cfg := testConfig(standards.Audit)
	cfg.Org.LoggingBucket = ""
	plan, report, probs := unpack(assessSecureBucket("artifacts", SecureBucketArgs{
		Versioning: ptr(false),
		Encryption: &BucketEncryption{Enabled: ptr(false)},
		Tags:       map[string]string{"Environment": "prod"},
	}, cfg))
	require.Zero(t, probs.Len(), "%v", probs.Items())
	assert.False(t, plan.Versioning)
	assert.Nil(t, plan.Encryption, "audit mode honours the opt-out")
	assert.Nil(t, plan.Logging, "no target means no logging child rather than a broken one")
	assert.Equal(t, "prod", plan.Tags["Environment"], "audit mode lets the user's tag stand")
	assert.Equal(t, 3, report.Summary.Fail, "the report records the failures")
	require.Len(t, plan.Warnings, 4, "one warning for the tag and one per failing control")
	for _, w := range plan.Warnings {
		assert.True(t, strings.HasPrefix(w, "audit: "), w)
	}
}

func TestAssessSecureBucketOffModeSkipsControls(t *testing.T) {
	plan, report, probs := unpack(assessSecureBucket("artifacts", SecureBucketArgs{Versioning: ptr(false)}, testConfig(standards.Off)))
	require.Zero(t, probs.Len())
	assert.Empty(t, plan.Warnings)
	assert.Empty(t, report.Controls)
	assert.Equal(t, "off", report.Enforcement)
}

func TestAssessSecureBucketWaivers(t *testing.T) {
	waive := func(expires string) []compliance.Waiver {
		return []compliance.Waiver{{Control: "s3-access-logging", Reason: "this is the log bucket", Expires: expires}}
	}
	noTarget := func() settings.Resolved {
		cfg := testConfig(standards.Enforce)
		cfg.Org.LoggingBucket = ""
		return cfg
	}

	_, report, probs := unpack(assessSecureBucket("logs", SecureBucketArgs{Waivers: waive("2026-12-31")}, noTarget()))
	require.Zero(t, probs.Len(), "a component waiver accepts the failing control: %v", probs.Items())
	assert.Equal(t, "waived", statuses(report)["s3-access-logging"])

	_, report, probs = unpack(assessSecureBucket("logs", SecureBucketArgs{Waivers: waive("2026-01-31")}, noTarget()))
	assert.Equal(t, "fail", statuses(report)["s3-access-logging"], "an expired waiver does not count")
	require.Equal(t, 1, probs.Len())
	assert.Contains(t, probs.Items()[0].Error(), "expired on 2026-01-31")

	cfg := noTarget()
	cfg.Policy.Waivers = []compliance.Waiver{{Control: "s3-access-logging", Reason: "r", Expires: "2027-01-01", Component: "other"}}
	_, _, probs = unpack(assessSecureBucket("logs", SecureBucketArgs{}, cfg))
	assert.Equal(t, 1, probs.Len(), "a provider waiver for another component does not apply")

	_, _, probs = unpack(assessSecureBucket("logs", SecureBucketArgs{Waivers: []compliance.Waiver{{Control: "s3-nope", Expires: "soon"}}},
		testConfig(standards.Enforce)))
	var codes []string
	for _, p := range probs.Items() {
		codes = append(codes, p.Rule.Code)
	}
	assert.ElementsMatch(t, []string{"CMP002", "CMP003", "CMP004"}, codes, "component waivers are validated")
}

func TestAssessSecureBucketRequiredOptionalControl(t *testing.T) {
	cfg := testConfig(standards.Enforce)
	cfg.Policy.Required = []string{"s3-object-lock"}
	_, report, probs := unpack(assessSecureBucket("artifacts", SecureBucketArgs{}, cfg))
	assert.Equal(t, "fail", statuses(report)["s3-object-lock"], "an organization can require an optional control")
	require.Equal(t, 1, probs.Len())
	assert.Equal(t, "objectLock", probs.Items()[0].Path)

	_, report, probs = unpack(assessSecureBucket("artifacts", SecureBucketArgs{
		ObjectLock: &BucketObjectLock{Mode: "GOVERNANCE", Days: ptr(30)},
	}, cfg))
	assert.Zero(t, probs.Len())
	assert.Equal(t, "pass", statuses(report)["s3-object-lock"])
}

func TestAssessSecureBucketReportsEveryProblemAtOnce(t *testing.T) {
	args := SecureBucketArgs{
		BucketName:     "Bad_Name",
		ACL:            "public-read",
		Versioning:     ptr(false),
		ObjectLock:     &BucketObjectLock{Mode: "GOVERNANCE", Days: ptr(1)},
		LifecycleRules: []BucketLifecycleRule{{ID: "x", ExpirationDays: ptr(0)}},
	}
	_, _, probs := unpack(assessSecureBucket("artifacts", args, testConfig(standards.Enforce)))
	assert.ElementsMatch(t, []string{"S3002", "S3003", "S3010", "S3013", "S3016", "s3-versioning"}, ruleCodes(probs))
}

func TestAssessSecureBucketAES256PassesWithoutCMK(t *testing.T) {
	_, report, probs := unpack(assessSecureBucket("artifacts", SecureBucketArgs{
		Encryption: &BucketEncryption{Algorithm: AlgorithmAES256},
	}, testConfig(standards.Enforce)))
	require.Zero(t, probs.Len())
	st := statuses(report)
	assert.Equal(t, "pass", st["s3-encryption-at-rest"])
	assert.Equal(t, "not-applicable", st["s3-kms-cmk"], "the CMK control is optional")
	assert.Equal(t, "not-applicable", st["kms-key-rotation"], "no key is created")
}
