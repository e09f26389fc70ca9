package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/verdict"
)

func TestReport_TheSecureBucketExportPassesEveryApplicableControl(t *testing.T) {
	res := runCLI(t, "", "report", fixturePath, "--format", "json")
	require.Equal(t, exitOK, res.code, res.stderr)
	doc := decodeJSONOutput(t, res.stdout)

	require.Len(t, doc.Reports, 1, "one component, no standalone resources")
	got := doc.Reports[0]
	assert.Equal(t, fixturePath, got.File)
	assert.Equal(t, componentURN, got.Component)
	assert.Equal(t, "orgiac:aws:SecureBucket", got.Type)
	assert.Equal(t, "artifacts", got.Name)
	assert.Equal(t, compliance.DefaultFrameworks, got.Report.Frameworks)
	for _, c := range got.Report.Controls {
		if c.Status != compliance.StatusNotApplicable {
			assert.Equal(t, compliance.StatusPass, c.Status, "%s: %s", c.ID, c.Reason)
		}
	}
	for _, id := range []string{"s3-public-access-block", "s3-versioning", "s3-tls-only", "kms-key-rotation"} {
		assert.Equal(t, compliance.StatusPass, controlOf(t, got.Report, id).Status, id)
	}
	assert.Equal(t, "pass", doc.Summary.Result)
	assert.Zero(t, doc.Summary.Fail)
	assert.Equal(t, 1, doc.Summary.Files)
	assert.Equal(t, 1, doc.Summary.Components)
}

func TestReport_DriftInTheStateFailsTheControlAndExitsOne(t *testing.T) {
	doc := loadFixture(t)
	doc.suspendVersioning(t)
	path := doc.write(t)

	res := runCLI(t, "", "report", path)
	assert.Equal(t, exitFails, res.code)
	assert.Contains(t, res.stdout, `FAIL    s3-versioning`)
	assert.Contains(t, res.stdout, `versioning is "Suspended"`)
	assert.Contains(t, res.stdout, "FAIL: 1 failing control not waived")
	assert.Empty(t, res.stderr, "a failing control is the report, not an error")

	jsonRes := runCLI(t, "", "report", path, "-f", "json")
	assert.Equal(t, exitFails, jsonRes.code)
	c := controlOf(t, decodeJSONOutput(t, jsonRes.stdout).reportFor(t, componentURN), "s3-versioning")
	assert.Equal(t, compliance.StatusFail, c.Status)
}

func TestReport_ARemovedPublicAccessBlockFailsThePublicAccessControl(t *testing.T) {
	doc := loadFixture(t)
	doc.remove(compliance.TypeBucketPAB)

	res := runCLI(t, "", "report", doc.write(t), "-f", "json")
	assert.Equal(t, exitFails, res.code)
	c := controlOf(t, decodeJSONOutput(t, res.stdout).reportFor(t, componentURN), "s3-public-access-block")
	assert.Equal(t, compliance.StatusFail, c.Status)
	assert.Contains(t, c.Reason, "no public access block")
}

func TestReport_APlainBucketOutsideComponentsIsReportedInTheStandaloneGroup(t *testing.T) {
	doc := loadFixture(t)
	doc.addStandaloneBucket()
	path := doc.write(t)

	res := runCLI(t, "", "report", path, "-f", "json")
	assert.Equal(t, exitFails, res.code)
	out := decodeJSONOutput(t, res.stdout)
	require.Len(t, out.Reports, 2)
	assert.Equal(t, 0, out.Reports[0].Report.Summary.Fail, "the component's own bucket still passes")
	standalone := out.Reports[1]
	assert.Empty(t, standalone.Component)
	assert.Empty(t, standalone.Type)
	for _, id := range []string{"s3-public-access-block", "s3-versioning", "s3-tls-only"} {
		c := controlOf(t, standalone.Report, id)
		assert.Equal(t, compliance.StatusFail, c.Status, id)
		assert.Contains(t, c.Reason, standaloneURN, id)
	}
	assert.NotContains(t, controlIDs(standalone.Report), "kms-key-rotation", "no key outside the component")

	text := runCLI(t, "", "report", path)
	assert.Contains(t, text.stdout, verdict.StandaloneLabel+": FAIL")
}

func controlIDs(r compliance.Report) []string {
	var ids []string
	for _, c := range r.Controls {
		ids = append(ids, c.ID)
	}
	return ids
}

func TestReport_RecordedWaiversAreRejudgedAgainstToday(t *testing.T) {
	tests := []struct {
		name       string
		expires    string
		wantCode   int
		wantStatus string
		wantReason string
	}{
		{"a waiver that has not expired waives the failure", "2027-06-30", exitOK, compliance.StatusWaived,
			"waived until 2027-06-30 (legacy replication target)"},
		{"a waiver counts through its last day", "2027-01-15", exitOK, compliance.StatusWaived, "waived until"},
		{"an expired waiver fails and says so", "2026-12-31", exitFails, compliance.StatusFail,
			"the waiver expired on 2026-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := loadFixture(t)
			doc.suspendVersioning(t)
			doc.recordReport(t, recordedWaiver("s3-versioning", "legacy replication target", tt.expires))

			res := runCLI(t, "", "report", doc.write(t), "-f", "json")
			assert.Equal(t, tt.wantCode, res.code, res.stderr)
			c := controlOf(t, decodeJSONOutput(t, res.stdout).reportFor(t, componentURN), "s3-versioning")
			assert.Equal(t, tt.wantStatus, c.Status)
			assert.Contains(t, c.Reason, tt.wantReason)
			assert.Equal(t, tt.expires, c.Waiver.Expires)
		})
	}
}

// recordedWaiver is a complianceReport as a component records it with one
// waived control.
func recordedWaiver(id, reason, expires string) map[string]any {
	return map[string]any{
		"frameworks": []any{"cis-aws-foundations-3.0", "nist-800-53-r5"},
		"controls": []any{map[string]any{
			"id": id, "status": "waived",
			"waiver": map[string]any{"reason": reason, "expires": expires, "expired": false},
		}},
		"enforcement": "enforce",
	}
}

func TestReport_FrameworksComeFromTheFlagThenTheRecordedReportThenTheDefaults(t *testing.T) {
	recorded := loadFixture(t)
	recorded.recordReport(t, map[string]any{"frameworks": []any{"pci-dss-4.0"}, "controls": []any{}})
	recordedPath := recorded.write(t)

	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"defaults without a recorded report", []string{fixturePath}, compliance.DefaultFrameworks},
		{"the recorded report's frameworks", []string{recordedPath}, []string{"pci-dss-4.0"}},
		{"--frameworks over the recorded report", []string{recordedPath, "--frameworks", "soc2,hipaa-security"},
			[]string{"soc2", "hipaa-security"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runCLI(t, "", append([]string{"report", "-f", "json"}, tt.args...)...)
			require.Equal(t, exitOK, res.code, res.stderr)
			r := decodeJSONOutput(t, res.stdout).reportFor(t, componentURN)
			assert.Equal(t, tt.want, r.Frameworks)
			assert.Equal(t, tt.want, keys(controlOf(t, r, "s3-public-access-block").Frameworks, tt.want))
		})
	}
}

// keys returns the frameworks of want that m has, in want's order.
func keys(m map[string][]string, want []string) []string {
	var out []string
	for _, k := range want {
		if _, ok := m[k]; ok {
			out = append(out, k)
		}
	}
	return out
}

func TestReport_RequireJudgesAnOptionalControl(t *testing.T) {
	res := runCLI(t, "", "report", fixturePath, "-f", "json", "--require", "s3-object-lock")
	assert.Equal(t, exitFails, res.code)
	c := controlOf(t, decodeJSONOutput(t, res.stdout).reportFor(t, componentURN), "s3-object-lock")
	assert.Equal(t, compliance.StatusFail, c.Status)
}

func TestReport_AnOptionalControlRecordedAsWaivedStaysRequired(t *testing.T) {
	doc := loadFixture(t)
	doc.recordReport(t, recordedWaiver("s3-object-lock", "retention is in the backup account", "2027-06-30"))

	res := runCLI(t, "", "report", doc.write(t), "-f", "json")
	require.Equal(t, exitOK, res.code, res.stderr)
	c := controlOf(t, decodeJSONOutput(t, res.stdout).reportFor(t, componentURN), "s3-object-lock")
	assert.Equal(t, compliance.StatusWaived, c.Status)
}

func TestReport_ReadsStandardInputAndSeveralFiles(t *testing.T) {
	data, err := os.ReadFile(fixturePath)
	require.NoError(t, err)

	res := runCLI(t, string(data), "report", "-", fixturePath, "-f", "json")
	require.Equal(t, exitOK, res.code, res.stderr)
	doc := decodeJSONOutput(t, res.stdout)
	require.Len(t, doc.Reports, 2)
	assert.Equal(t, "-", doc.Reports[0].File)
	assert.Equal(t, fixturePath, doc.Reports[1].File)
	assert.Equal(t, 2, doc.Summary.Files)
}

func TestReport_OutputWritesTheFileAndTheVerdictToStderr(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.md")
	res := runCLI(t, "", "report", fixturePath, "-f", "markdown", "-o", out)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Empty(t, res.stdout)
	assert.Contains(t, res.stderr, "wrote the markdown report to "+out+": PASS")
	written, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(written), "## orgiac compliance report"))
}

func TestReport_EncryptedSecretsReadAsAbsentAndAreNeverPrinted(t *testing.T) {
	const ciphertext = "v1:SECRETCIPHERTEXTMUSTNOTLEAK"
	doc := loadFixture(t)
	doc.resource(t, compliance.TypeBucketVersioning)["outputs"].(map[string]any)["versioningConfiguration"] =
		map[string]any{secretSigKey: secretSigValue, "ciphertext": ciphertext}
	path := doc.write(t)

	for _, format := range formatNames() {
		res := runCLI(t, "", "report", path, "-f", format)
		assert.Equal(t, exitFails, res.code, format)
		assert.NotContains(t, res.stdout+res.stderr, ciphertext, format)
		assert.Contains(t, res.stderr, "1 output values are encrypted secrets", format)
	}
}

func TestReport_ShownSecretsAreReadAsTheirPlaintext(t *testing.T) {
	doc := loadFixture(t)
	doc.resource(t, compliance.TypeBucketVersioning)["outputs"].(map[string]any)["versioningConfiguration"] =
		map[string]any{secretSigKey: secretSigValue, "plaintext": `{"status":"Enabled"}`}

	res := runCLI(t, "", "report", doc.write(t))
	assert.Equal(t, exitOK, res.code, res.stdout)
	assert.Empty(t, res.stderr)
}

func TestReport_ResourcesPendingDeletionAndExternalReadsAreNotJudged(t *testing.T) {
	doc := loadFixture(t)
	doc.addStandaloneBucket()
	loose := doc.resources()[len(doc.resources())-1].(map[string]any)
	for _, mark := range []string{"delete", "external"} {
		t.Run(mark, func(t *testing.T) {
			loose[mark] = true
			defer delete(loose, mark)
			res := runCLI(t, "", "report", doc.write(t), "-f", "json")
			assert.Equal(t, exitOK, res.code, res.stdout)
			assert.Len(t, decodeJSONOutput(t, res.stdout).Reports, 1, "no standalone group")
		})
	}
}

func TestReport_RecordedReportAsASecret(t *testing.T) {
	waiver := recordedWaiver("s3-versioning", "legacy replication target", "2027-06-30")
	plain, err := json.Marshal(waiver)
	require.NoError(t, err)
	tests := []struct {
		name     string
		recorded any
		wantCode int
		wantWarn string
	}{
		{"a report exported with --show-secrets is read from its plaintext",
			map[string]any{secretSigKey: secretSigValue, "plaintext": string(plain)}, exitOK, ""},
		{"an encrypted report is skipped with a warning, so its waiver does not apply",
			map[string]any{secretSigKey: secretSigValue, "ciphertext": "v1:CIPHER"}, exitFails,
			"is an encrypted secret, so its frameworks and waivers are not applied"},
		{"a report that is not one is skipped with a warning",
			map[string]any{"controls": "none"}, exitFails, "is not a report"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := loadFixture(t)
			doc.suspendVersioning(t)
			doc.resource(t, "orgiac:aws:SecureBucket")["outputs"].(map[string]any)["complianceReport"] = tt.recorded
			res := runCLI(t, "", "report", doc.write(t), "-f", "json")
			assert.Equal(t, tt.wantCode, res.code, res.stderr)
			if tt.wantWarn == "" {
				assert.Empty(t, res.stderr)
			} else {
				assert.Contains(t, res.stderr, tt.wantWarn)
			}
			assert.NotContains(t, res.stdout+res.stderr, "v1:CIPHER")
		})
	}
}
