package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

const (
	fixturePath    = "testdata/securebucket-export.json"
	componentURN   = "urn:pulumi:dev::yaml-secure-bucket::orgiac:aws:SecureBucket::artifacts"
	stackURN       = "urn:pulumi:dev::yaml-secure-bucket::pulumi:pulumi:Stack::yaml-secure-bucket-dev"
	standaloneURN  = "urn:pulumi:dev::yaml-secure-bucket::aws:s3/bucketV2:BucketV2::loose"
	standaloneName = "acme-loose-bucket"
)

// Pulumi marks a secret value with this signature key and value. The tests
// write them out rather than take them from internal/stateexport, so they
// check the reader against Pulumi's format, not against itself.
const (
	secretSigKey   = "4dabf18193072939515e22adb298388d"
	secretSigValue = "1b47061264138c4ac30d75fd1eb44270"
)

// testToday is the clock every test runs at, so waivers and goldens are stable.
var testToday = time.Date(2027, 1, 15, 12, 0, 0, 0, time.UTC)

type cliResult struct {
	stdout, stderr string
	code           int
}

// runCLI runs the CLI in-process at testToday, with stdin as standard input.
func runCLI(t testing.TB, stdin string, args ...string) cliResult {
	t.Helper()
	var out, errOut bytes.Buffer
	c := cli{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, now: func() time.Time { return testToday }}
	code := c.run(args)
	return cliResult{stdout: out.String(), stderr: errOut.String(), code: code}
}

// exportDoc is a stack export as generic JSON, for tests to edit.
type exportDoc map[string]any

func loadFixture(t *testing.T) exportDoc {
	t.Helper()
	data, err := os.ReadFile(fixturePath)
	require.NoError(t, err)
	var doc exportDoc
	require.NoError(t, json.Unmarshal(data, &doc))
	return doc
}

func (d exportDoc) resources() []any {
	return d["deployment"].(map[string]any)["resources"].([]any)
}

func (d exportDoc) setResources(rs []any) { d["deployment"].(map[string]any)["resources"] = rs }

// resource returns the first resource of type typ.
func (d exportDoc) resource(t *testing.T, typ string) map[string]any {
	t.Helper()
	for _, r := range d.resources() {
		if m := r.(map[string]any); m["type"] == typ {
			return m
		}
	}
	require.Failf(t, "no resource in the export", "type %s", typ)
	return nil
}

func (d exportDoc) remove(typ string) {
	var keep []any
	for _, r := range d.resources() {
		if r.(map[string]any)["type"] != typ {
			keep = append(keep, r)
		}
	}
	d.setResources(keep)
}

// suspendVersioning is drift: the state says Suspended, the inputs still
// say Enabled, as after someone suspends versioning in the console and
// `pulumi refresh` reads it back.
func (d exportDoc) suspendVersioning(t *testing.T) {
	d.resource(t, compliance.TypeBucketVersioning)["outputs"].(map[string]any)["versioningConfiguration"] =
		map[string]any{"status": "Suspended"}
}

// addStandaloneBucket adds a plain bucket, outside any component, with no
// companions.
func (d exportDoc) addStandaloneBucket() {
	d.setResources(append(d.resources(), map[string]any{
		"urn": standaloneURN, "type": compliance.TypeBucket, "custom": true, "id": standaloneName,
		"parent": stackURN, "outputs": map[string]any{"bucket": standaloneName},
	}))
}

// recordReport sets the component's recorded complianceReport output.
func (d exportDoc) recordReport(t *testing.T, report map[string]any) {
	d.resource(t, "orgiac:aws:SecureBucket")["outputs"].(map[string]any)["complianceReport"] = report
}

func (d exportDoc) json(t *testing.T) string {
	t.Helper()
	b, err := json.MarshalIndent(d, "", "    ")
	require.NoError(t, err)
	return string(b)
}

// write saves the export in a temporary directory and returns its path.
func (d exportDoc) write(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "export.json")
	require.NoError(t, os.WriteFile(path, []byte(d.json(t)), 0o600))
	return path
}

func decodeJSONOutput(t *testing.T, stdout string) jsonDocument {
	t.Helper()
	var doc jsonDocument
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc), stdout)
	return doc
}

// reportFor returns the report of the component URN ("" for standalone).
func (doc jsonDocument) reportFor(t *testing.T, component string) compliance.Report {
	t.Helper()
	for _, r := range doc.Reports {
		if r.Component == component {
			return r.Report
		}
	}
	require.Failf(t, "no report", "for component %q", component)
	return compliance.Report{}
}

func controlOf(t *testing.T, r compliance.Report, id string) compliance.ControlResult {
	t.Helper()
	for _, c := range r.Controls {
		if c.ID == id {
			return c
		}
	}
	require.Failf(t, "no control in the report", "id %s", id)
	return compliance.ControlResult{}
}
