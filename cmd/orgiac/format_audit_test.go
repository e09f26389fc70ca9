package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordAudit gives the fixture's SecureBucket a recorded report with an
// audit trail, as a provider with orgiac:gitMetadata on records it.
func recordAudit(t *testing.T, d exportDoc) {
	t.Helper()
	out := d.resource(t, "orgiac:aws:SecureBucket")["outputs"].(map[string]any)
	report, _ := out["complianceReport"].(map[string]any)
	if report == nil {
		report = map[string]any{}
	}
	report["audit"] = map[string]any{
		"providerVersion": "1.4.0", "policyVersion": "2026.11+0a1b2c3d", "enforcement": "enforce",
		"policyFile": "org-policy.yaml", "policyFileDigest": "sha256:feedface",
		"git": map[string]any{"repository": "https://git.example.com/acme/infra.git", "path": "stacks/logs",
			"commit": "0123456789abcdef0123456789abcdef01234567", "branch": "main", "dirty": true},
		"settingSources": map[string]any{"organization": "organization (org-policy.yaml)",
			"owner": "stack (Pulumi.dev.yaml)", "naming": "default"},
		"stackReferences": []any{map[string]any{"stack": "acme/network/prod",
			"outputs": []any{"network.region", "network.vpcId"}}},
	}
	out["complianceReport"] = report
}

func TestReport_ShowsTheRecordedAuditTrailInEveryFormat(t *testing.T) {
	d := loadFixture(t)
	recordAudit(t, d)
	path := d.write(t)
	wants := []string{"1.4.0", "org-policy.yaml", "sha256:feedface", "https://git.example.com/acme/infra.git",
		"stacks/logs", "0123456789abcdef0123456789abcdef01234567", "acme/network/prod", "network.vpcId"}
	for _, format := range []string{"text", "markdown", "json", "sarif", "html"} {
		t.Run(format, func(t *testing.T) {
			res := runCLI(t, "", "report", path, "--format", format)
			require.Equal(t, exitOK, res.code, res.stderr)
			for _, w := range wants {
				assert.Contains(t, res.stdout, w)
			}
		})
	}
	text := runCLI(t, "", "report", path).stdout
	assert.Contains(t, text, "audit: git https://git.example.com/acme/infra.git, path stacks/logs, commit "+
		"0123456789abcdef0123456789abcdef01234567 on main, dirty")
	assert.Contains(t, text, "audit: built on stack acme/network/prod: network.region, network.vpcId")
	assert.Contains(t, text, "audit: settings: 1 from default, 1 from organization (org-policy.yaml), 1 from stack (Pulumi.dev.yaml)")
	md := runCLI(t, "", "report", path, "-f", "markdown").stdout
	assert.Contains(t, md, "| `owner` | stack (Pulumi.dev.yaml) |")
}

func TestReport_JSONAndSARIFCarryTheAuditAsData(t *testing.T) {
	d := loadFixture(t)
	recordAudit(t, d)
	path := d.write(t)
	doc := decodeJSONOutput(t, runCLI(t, "", "report", path, "-f", "json").stdout)
	var found bool
	for _, r := range doc.Reports {
		if r.Report.Audit != nil {
			found = true
			require.NotNil(t, r.Report.Audit.Git)
			assert.True(t, r.Report.Audit.Git.Dirty)
			assert.Equal(t, "stack (Pulumi.dev.yaml)", r.Report.Audit.SettingSources["owner"])
		}
	}
	assert.True(t, found, "the component's report has its audit")

	var sarif struct {
		Runs []struct {
			Properties struct {
				Audit map[string]struct {
					Git struct{ Commit string } `json:"git"`
				} `json:"orgiacAudit"`
			} `json:"properties"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal([]byte(runCLI(t, "", "report", path, "-f", "sarif").stdout), &sarif))
	require.Len(t, sarif.Runs[0].Properties.Audit, 1)
	for urn, a := range sarif.Runs[0].Properties.Audit {
		assert.True(t, strings.HasSuffix(urn, "orgiac:aws:SecureBucket::logs") || strings.Contains(urn, "SecureBucket"), urn)
		assert.Equal(t, "0123456789abcdef0123456789abcdef01234567", a.Git.Commit)
	}
}

// A report recorded before the audit existed shows none, in no format.
func TestReport_WithoutARecordedAuditShowsNone(t *testing.T) {
	path := loadFixture(t).write(t)
	assert.NotContains(t, runCLI(t, "", "report", path).stdout, "audit:")
	assert.NotContains(t, runCLI(t, "", "report", path, "-f", "markdown").stdout, "Audit:")
	assert.NotContains(t, runCLI(t, "", "report", path, "-f", "sarif").stdout, "orgiacAudit")
}
