package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
)

// TestGolden pins the human formats. The drifted export is read from stdin,
// so its file name is stable too. Regenerate with
// `go test ./cmd/orgiac -update` and review the diff.
func TestGolden(t *testing.T) {
	drifted := loadFixture(t)
	drifted.suspendVersioning(t)
	drifted.remove(compliance.TypeBucketPAB)
	drifted.addStandaloneBucket()
	driftedJSON := drifted.json(t)

	tests := []struct {
		golden   string
		stdin    string
		args     []string
		wantCode int
	}{
		{"securebucket.txt.golden", "", []string{"report", fixturePath}, exitOK},
		{"securebucket.md.golden", "", []string{"report", fixturePath, "-f", "markdown"}, exitOK},
		{"drift.txt.golden", driftedJSON, []string{"report", "-"}, exitFails},
		{"drift.md.golden", driftedJSON, []string{"report", "-", "--format=markdown"}, exitFails},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			res := runCLI(t, tt.stdin, tt.args...)
			require.Equal(t, tt.wantCode, res.code, res.stderr)
			path := filepath.Join("testdata", tt.golden)
			if *update {
				require.NoError(t, os.WriteFile(path, []byte(res.stdout), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run `go test ./cmd/orgiac -update` to create it")
			assert.Equal(t, string(want), res.stdout)
		})
	}
}

// sarifDoc is the SARIF subset the test asserts, decoded independently of
// the writer's types so a renamed field fails here.
type sarifDoc struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name    string `json:"name"`
				Version string `json:"version"`
				Rules   []struct {
					ID               string `json:"id"`
					ShortDescription struct {
						Text string `json:"text"`
					} `json:"shortDescription"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
					Properties struct {
						Tags []string `json:"tags"`
					} `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
				} `json:"physicalLocation"`
				LogicalLocations []struct {
					FullyQualifiedName string `json:"fullyQualifiedName"`
					Kind               string `json:"kind"`
				} `json:"logicalLocations"`
			} `json:"locations"`
			Suppressions []struct {
				Kind          string `json:"kind"`
				Justification string `json:"justification"`
			} `json:"suppressions"`
		} `json:"results"`
	} `json:"runs"`
}

func TestSARIF_HasOneResultPerFailingControlAndTheRequiredFields(t *testing.T) {
	doc := loadFixture(t)
	doc.suspendVersioning(t)
	doc.remove(compliance.TypeBucketPAB)
	doc.addStandaloneBucket()
	path := doc.write(t)

	res := runCLI(t, "", "report", path, "--format", "sarif")
	require.Equal(t, exitFails, res.code, res.stderr)
	var got sarifDoc
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &got))

	assert.Equal(t, "https://json.schemastore.org/sarif-2.1.0.json", got.Schema)
	assert.Equal(t, "2.1.0", got.Version)
	require.Len(t, got.Runs, 1)
	run := got.Runs[0]
	assert.Equal(t, "orgiac", run.Tool.Driver.Name)
	assert.NotEmpty(t, run.Tool.Driver.Version)
	require.NotEmpty(t, run.Tool.Driver.Rules)
	var ruleIDs []string
	for _, r := range run.Tool.Driver.Rules {
		ruleIDs = append(ruleIDs, r.ID)
		ctl, ok := compliance.Lookup(r.ID)
		require.True(t, ok, r.ID)
		assert.Equal(t, ctl.Title, r.ShortDescription.Text)
		assert.Equal(t, sarifLevels[ctl.Severity], r.DefaultConfiguration.Level)
		assert.Contains(t, r.Properties.Tags, "nist-800-53-r5")
	}
	assert.True(t, sort.StringsAreSorted(ruleIDs))
	assert.Equal(t, "error", sarifLevels["critical"])
	assert.Equal(t, "note", sarifLevels["low"])

	// The failing controls, per group, from the JSON format of the same run.
	jsonOut := decodeJSONOutput(t, runCLI(t, "", "report", path, "-f", "json").stdout)
	want := map[string]int{}
	for _, r := range jsonOut.Reports {
		for _, c := range r.Report.Failures() {
			want[r.Component+"|"+c.ID]++
		}
	}
	require.NotEmpty(t, want)

	gotFailures := map[string]int{}
	for _, r := range run.Results {
		require.Less(t, r.RuleIndex, len(ruleIDs))
		assert.Equal(t, r.RuleID, ruleIDs[r.RuleIndex], "ruleIndex points at the rule")
		assert.Contains(t, []string{"error", "warning", "note"}, r.Level)
		assert.Contains(t, r.Message.Text, r.RuleID)
		require.Len(t, r.Locations, 1)
		loc := r.Locations[0]
		assert.Equal(t, path, loc.PhysicalLocation.ArtifactLocation.URI)
		require.NotEmpty(t, loc.LogicalLocations)
		assert.Equal(t, "resource", loc.LogicalLocations[0].Kind)
		component := loc.LogicalLocations[0].FullyQualifiedName
		if component == componentURN {
			assert.Contains(t, r.Message.Text, `orgiac:aws:SecureBucket "artifacts"`)
		} else {
			assert.Equal(t, standaloneURN, component, "a standalone result points at its subject")
			assert.Contains(t, r.Message.Text, "outside orgiac components")
			component = ""
		}
		assert.Empty(t, r.Suppressions)
		gotFailures[component+"|"+r.RuleID]++
	}
	assert.Equal(t, want, gotFailures, "exactly one result per failing control per group")
	assert.Contains(t, want, componentURN+"|s3-versioning")
	assert.Contains(t, want, componentURN+"|s3-public-access-block")
}

func TestSARIF_AWaivedControlIsASuppressedResult(t *testing.T) {
	doc := loadFixture(t)
	doc.suspendVersioning(t)
	doc.recordReport(t, recordedWaiver("s3-versioning", "migrating to a new bucket", "2027-06-30"))

	res := runCLI(t, "", "report", doc.write(t), "-f", "sarif")
	require.Equal(t, exitOK, res.code, res.stderr)
	var got sarifDoc
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &got))
	require.Len(t, got.Runs[0].Results, 1)
	r := got.Runs[0].Results[0]
	assert.Equal(t, "s3-versioning", r.RuleID)
	require.Len(t, r.Suppressions, 1)
	assert.Equal(t, "external", r.Suppressions[0].Kind)
	assert.Equal(t, "migrating to a new bucket", r.Suppressions[0].Justification)
}

func TestSARIF_APassingExportHasNoResults(t *testing.T) {
	res := runCLI(t, "", "report", fixturePath, "-f", "sarif")
	require.Equal(t, exitOK, res.code)
	var got sarifDoc
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &got))
	assert.Empty(t, got.Runs[0].Results)
	assert.NotEmpty(t, got.Runs[0].Tool.Driver.Rules, "rules describe every control that was checked")
}

func TestJSON_StreamedOutputIsTheWholeDocumentIndented(t *testing.T) {
	drifted := loadFixture(t)
	drifted.suspendVersioning(t)
	drifted.addStandaloneBucket()
	for name, stdin := range map[string]string{"one group": "", "two groups": drifted.json(t)} {
		t.Run(name, func(t *testing.T) {
			path := fixturePath
			if stdin != "" {
				path = "-"
			}
			res := runCLI(t, stdin, "report", path, "-f", "json")
			doc := decodeJSONOutput(t, res.stdout)
			whole, err := marshalIndent(doc, "")
			require.NoError(t, err)
			assert.Equal(t, string(whole)+"\n", res.stdout)
		})
	}
	var buf bytes.Buffer
	require.NoError(t, writeJSON(&buf, result{}))
	assert.Equal(t, "[]", string(mustField(t, buf.Bytes(), "reports")), "no groups is an empty list, not null")
}

func mustField(t *testing.T, doc []byte, field string) json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(doc, &m))
	return m[field]
}

func TestFormats_EveryFormatNameHasAWriter(t *testing.T) {
	assert.Len(t, formats, len(formatNames()))
	for _, name := range formatNames() {
		assert.Contains(t, formats, name)
	}
}

func TestShortReason_ShortensURNsToTypeAndName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"versioning is Enabled", "versioning is Enabled"},
		{componentURN + "$aws:s3/bucketV2:BucketV2::artifacts: versioning is \"Suspended\"",
			`aws:s3/bucketV2:BucketV2::artifacts: versioning is "Suspended"`},
		{"optional: " + standaloneURN + ": no; " + standaloneURN + "2: no",
			"optional: aws:s3/bucketV2:BucketV2::loose: no; aws:s3/bucketV2:BucketV2::loose2: no"},
		{"ends with " + standaloneURN, "ends with aws:s3/bucketV2:BucketV2::loose"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, shortReason(tt.in))
	}
}

func TestMarkdown_EscapesStateTextThatWouldBreakTheTable(t *testing.T) {
	assert.Equal(t, `a \| b &lt;img&gt; \*x\*`, mdText("a | b <img> *x*"))
	assert.Equal(t, "`a'b \\| c`", mdCodeSpan("a`b | c"))
}
