package e2e

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgiac/pulumi-orgiac/tests/standin/awscloud"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	tSecureBucket = "orgiac:aws:SecureBucket"
	tBucket       = "aws:s3/bucketV2:BucketV2"
	tVersioning   = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	tEncryption   = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	tPAB          = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	tOwnership    = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	tPolicy       = "aws:s3/bucketPolicy:BucketPolicy"
	tLogging      = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	tLifecycle    = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	tKey          = "aws:kms/key:Key"
)

func TestSecureBucketYAML(t *testing.T) {
	t.Parallel()
	s := newStack(t, "examples/yaml-secure-bucket")
	exerciseSecureBucket(t, s, cliRunner{}, "yaml-secure-bucket", func(export []byte) {
		assertReportPassesThenCatchesDrift(t, export)
	})
}

// assertReportPassesThenCatchesDrift runs `orgiac report` over the live
// stack's export (it passes), then over a copy edited the way `pulumi
// refresh` would record versioning suspended outside Pulumi (it fails and
// names the control, in text and in SARIF).
func assertReportPassesThenCatchesDrift(t *testing.T, export []byte) {
	dir := t.TempDir()
	good := filepath.Join(dir, "dev.json")
	require.NoError(t, os.WriteFile(good, export, 0o644))
	out, code := orgiacReport(t, good)
	assert.Equal(t, 0, code, "a default SecureBucket passes orgiac report:\n%s", out)

	var doc map[string]any
	require.NoError(t, json.Unmarshal(export, &doc))
	for _, r := range get(doc, "deployment", "resources").([]any) {
		res := r.(map[string]any)
		if res["type"] == tVersioning {
			get(res, "outputs", "versioningConfiguration").(map[string]any)["status"] = "Suspended"
		}
	}
	edited, err := json.Marshal(doc)
	require.NoError(t, err)
	drifted := filepath.Join(dir, "drifted.json")
	require.NoError(t, os.WriteFile(drifted, edited, 0o644))
	out, code = orgiacReport(t, drifted)
	assert.Equal(t, 1, code, "drift fails the report:\n%s", out)
	assert.Contains(t, out, "s3-versioning")
	assert.Contains(t, out, `versioning is "Suspended"`)

	sarif, code := orgiacReport(t, "--format", "sarif", drifted)
	assert.Equal(t, 1, code)
	var log struct {
		Version string
		Runs    []struct{ Results []struct{ RuleID string } }
	}
	require.NoError(t, json.Unmarshal([]byte(sarif), &log))
	assert.Equal(t, "2.1.0", log.Version)
	require.Len(t, log.Runs, 1)
	require.Len(t, log.Runs[0].Results, 1, "one result per failing control")
	assert.Equal(t, "s3-versioning", log.Runs[0].Results[0].RuleID)
}

func orgiacReport(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(filepath.Join(pluginBin, "orgiac"), append([]string{"report"}, args...)...)
	out, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return string(out), exit.ExitCode()
	}
	require.NoError(t, err)
	return string(out), 0
}

// TestSecureBucketTypeScript type-checks the example with tsc --strict against
// the packed SDK, then runs it inline through the Automation API.
func TestSecureBucketTypeScript(t *testing.T) {
	t.Parallel()
	s := newStack(t, "examples/typescript-secure-bucket")
	driver := filepath.Join(repoRoot, "tests", "e2e", "drivers", "nodejs")
	require.NoError(t, os.Symlink(filepath.Join(driver, "node_modules"), filepath.Join(s.Dir, "node_modules")))
	tsc := exec.Command(filepath.Join(driver, "node_modules", ".bin", "tsc"), "--strict", "-p", s.Dir)
	out, err := tsc.CombinedOutput()
	require.NoError(t, err, "tsc --strict: %s", out)
	exerciseSecureBucket(t, s, automationRunner{command: []string{"node", filepath.Join(driver, "driver.js")}, dir: driver},
		"typescript-secure-bucket")
}

// TestSecureBucketPython runs the example's __main__.py inline, with the SDK
// installed from its wheel.
func TestSecureBucketPython(t *testing.T) {
	t.Parallel()
	s := newStack(t, "examples/python-secure-bucket")
	driver := filepath.Join(repoRoot, "tests", "e2e", "drivers", "python")
	python := filepath.Join(repoRoot, ".toolchain", "venv", "bin", "python")
	exerciseSecureBucket(t, s, automationRunner{command: []string{python, filepath.Join(driver, "driver.py")}, dir: driver},
		"python-secure-bucket")
}

// TestSecureBucketGo runs the example's program function inline through the
// Go Automation API, with the SDK module of this tree.
func TestSecureBucketGo(t *testing.T) {
	t.Parallel()
	s := newStack(t, "examples/go-secure-bucket")
	exerciseSecureBucket(t, s, goDriver(t, "examples/go-secure-bucket"), "go-secure-bucket")
}

// exerciseSecureBucket runs the whole life of a SecureBucket example: preview,
// up, the state checks, an idempotent second up and refresh, and a destroy
// that leaves the stand-in's ledger empty.
func exerciseSecureBucket(t *testing.T, s *stack, r runner, project string, checks ...func(export []byte)) {
	s.Init()

	require.NoError(t, r.Run(s, "preview"))
	assert.Empty(t, s.CloudResources(), "preview creates nothing")

	require.NoError(t, r.Run(s, "up"))
	out := s.Outputs()
	name, _ := out["bucketName"].(string)
	assert.True(t, strings.HasPrefix(name, "acme-dev-artifacts-"), "bucketName %q follows the naming template", name)
	assert.Equal(t, "arn:aws:s3:::"+name, out["bucketArn"])
	assert.Equal(t, name+".s3.us-west-2.amazonaws.com", out["bucketRegionalDomainName"])
	assert.Contains(t, out["kmsKeyArn"], "arn:aws:kms:us-west-2:")

	dep := s.Export()
	assertSecureBucketState(t, s, dep, project)
	assertCloudMatchesState(t, s, dep)
	for _, check := range checks {
		check([]byte(s.MustPulumi("stack", "export", "--stack", s.Name)))
	}

	require.NoError(t, r.Run(s, "up"))
	assertOnlyUnchanged(t, s.LastChanges(), "a second up changes nothing")
	require.NoError(t, r.Run(s, "refresh"))
	assertOnlyUnchanged(t, s.LastChanges(), "a refresh finds no drift")

	require.NoError(t, r.Run(s, "destroy"))
	assert.Empty(t, s.CloudResources(), "destroy leaves nothing behind")
	assert.Empty(t, s.Export().cloudResources())
}

func assertOnlyUnchanged(t *testing.T, changes map[string]int, msg string) {
	t.Helper()
	for kind, n := range changes {
		if kind != "same" && n > 0 {
			t.Errorf("%s, but the summary has %d %q: %v", msg, n, kind, changes)
		}
	}
	assert.Positive(t, changes["same"], msg)
}

// assertCloudMatchesState proves the state and the stand-in agree: every
// cloud resource in the state exists in the ledger and nothing else does.
// assertCloudMatchesState proves the state and the clouds agree: every cloud
// resource in the state exists in moto (or in a stand-in's ledger) and
// nothing else does. A VPC's default security group and network ACL are
// AWS's, adopted rather than created: they exist exactly while their VPC
// does, whether or not the state has adopted them yet, so they are left out.
func assertCloudMatchesState(t *testing.T, s *stack, dep deployment) {
	t.Helper()
	cloud := s.CloudResources()
	inState := map[string]bool{}
	for _, r := range dep.cloudResources() {
		if adopted[r.Type] {
			continue
		}
		key := r.Type + "/" + r.ID
		inState[key] = true
		assert.Contains(t, cloud, key, "%s %s is in the state but not in the cloud", r.Type, r.URN)
	}
	for key, r := range cloud {
		if !adopted[r.Type] {
			assert.True(t, inState[key], "%s exists in the cloud but not in the state (orphaned)", key)
		}
	}
}

// adopted are the types whose resources AWS creates with their VPC.
var adopted = map[string]bool{
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": true,
	"aws:ec2/defaultNetworkAcl:DefaultNetworkAcl":       true,
}

func assertSecureBucketState(t *testing.T, s *stack, dep deployment, project string) {
	t.Helper()
	comp := dep.one(t, tSecureBucket)
	summary, _ := get(comp.Outputs, "complianceReport", "summary").(map[string]any)
	assert.Equal(t, map[string]any{"pass": 9.0, "fail": 0.0, "waived": 0.0, "notApplicable": 2.0}, summary,
		"a default SecureBucket passes every applicable control")
	for _, r := range dep.Resources {
		if strings.HasPrefix(r.Type, "aws:") {
			assert.Equal(t, comp.URN, r.Parent, "%s is parented to the component", r.URN)
		}
	}

	wantTags := map[string]any{
		"Organization": "acme", "Environment": "dev", "Project": project, "ManagedBy": "pulumi",
		"Owner": "team-data", "Name": "acme-dev-artifacts", "DataClassification": "internal",
		"compliance:frameworks":              "cis-aws-foundations-3.0 nist-800-53-r5",
		"compliance:cis-aws-foundations-3.0": "2.1.1 2.1.4 3.4 3.6",
		"compliance:nist-800-53-r5": "AC-21 AC-3 AC-6 AU-12 AU-2 AU-3 CP-10 CP-9 SC-12 SC-12.1 SC-13 SC-28 " +
			"SC-28.1 SC-7 SC-8 SC-8.1 SI-12",
	}
	for _, typ := range []string{tBucket, tKey} {
		r := dep.one(t, typ)
		assert.Equal(t, wantTags, r.Inputs["tags"], "%s tags", typ)
		assert.Equal(t, wantTags, r.Outputs["tagsAll"], "%s tagsAll as the provider reports them", typ)
	}

	pab := dep.one(t, tPAB)
	for _, flag := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		assert.Equal(t, true, pab.Outputs[flag], flag)
	}
	assert.Equal(t, "BucketOwnerEnforced", get(dep.one(t, tOwnership).Outputs, "rule", "objectOwnership"))
	assert.Equal(t, "Enabled", get(dep.one(t, tVersioning).Outputs, "versioningConfiguration", "status"))

	key := dep.one(t, tKey)
	assert.Equal(t, true, key.Outputs["enableKeyRotation"])
	enc := dep.one(t, tEncryption).Outputs
	assert.Equal(t, "aws:kms", get(enc, "rules", "0", "applyServerSideEncryptionByDefault", "sseAlgorithm"))
	assert.Equal(t, key.Outputs["arn"], get(enc, "rules", "0", "applyServerSideEncryptionByDefault", "kmsMasterKeyId"))

	logging := dep.one(t, tLogging).Outputs
	assert.Equal(t, awscloud.LogBucketFor(s.AWS.Account()), logging["targetBucket"], "the account's log bucket")
	assert.Equal(t, "s3-logs/artifacts/", logging["targetPrefix"])

	lc := dep.one(t, tLifecycle).Outputs
	assert.Equal(t, "orgiac-default", get(lc, "rules", "0", "id"))
	assert.EqualValues(t, 7, get(lc, "rules", "0", "abortIncompleteMultipartUpload", "daysAfterInitiation"))

	var policy struct {
		Statement []struct {
			Sid       string
			Effect    string
			Condition map[string]map[string]string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(dep.one(t, tPolicy).Outputs["policy"].(string)), &policy))
	sids := map[string]string{}
	for _, st := range policy.Statement {
		sids[st.Sid] = st.Effect
	}
	assert.Equal(t, map[string]string{"DenyInsecureTransport": "Deny", "DenyOutdatedTLS": "Deny"}, sids)
}

// TestSecureBucketPublicACLFailsBeforeCreating proves bad input is refused at
// preview with our message, and nothing reaches the state or the cloud.
func TestSecureBucketPublicACLFailsBeforeCreating(t *testing.T) {
	t.Parallel()
	s := newStack(t, "tests/e2e/testdata/yaml-public-acl")
	s.Init()
	out, errOut, err := s.Pulumi("preview", "--stack", s.Name)
	require.Error(t, err, "preview must fail")
	combined := out + errOut
	assert.Contains(t, combined, `orgiac:aws:SecureBucket "public" has 1 input problem; nothing was created`)
	assert.Contains(t, combined, `acl: "public-read" would make the bucket public`)
	assert.Contains(t, combined, "[S3010]")

	_, _, err = s.Pulumi("up", "--yes", "--skip-preview", "--stack", s.Name)
	require.Error(t, err, "up must fail too")
	assert.Empty(t, s.Export().cloudResources(), "the state holds no cloud resources")
	assert.Empty(t, s.CloudResources(), "the stand-in created nothing")
}
