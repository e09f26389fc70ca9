package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The committed schema and SDKs, relative to this package.
const (
	committedSchema = "../../schema.json"
	committedSDKs   = "../../sdk"
)

// generate runs the real command line, as `make sdks` does.
func generate(t *testing.T, out string, extra ...string) {
	t.Helper()
	var stderr bytes.Buffer
	args := append([]string{"sdks", "-schema", committedSchema, "-out", out}, extra...)
	require.NoError(t, run(args, &stderr), "pulumi-gen-orgiac %s\n%s", strings.Join(args, " "), stderr.String())
}

// readTree returns every file under root, keyed by slash-separated relative path.
func readTree(t *testing.T, root string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	require.NoError(t, err)
	return files
}

// TestSDKsAreDeterministicAndCommitted generates the SDKs twice: CI can only
// compare a regeneration with the committed tree if the same schema always
// gives the same bytes. It then compares them with the committed SDKs, so a
// schema change without `make sdks` fails here, not in a user's build.
func TestSDKsAreDeterministicAndCommitted(t *testing.T) {
	first, second := t.TempDir(), t.TempDir()
	generate(t, first)
	generate(t, second)
	want := readTree(t, first)
	require.Equal(t, want, readTree(t, second), "two generations from the same schema differ")

	for _, name := range []string{
		"go.mod", "go.sum", "go/orgiac/aws/secureBucket.go",
		"nodejs/package.json", "nodejs/tsconfig.json", "nodejs/index.ts",
		"python/pyproject.toml", "python/README.md", "python/pulumi_orgiac/__init__.py",
	} {
		assert.Contains(t, want, name)
	}

	var stale []string
	for name, content := range want {
		got, err := os.ReadFile(filepath.Join(committedSDKs, filepath.FromSlash(name)))
		if err != nil || string(got) != content {
			stale = append(stale, name)
		}
	}
	// A committed file that generation no longer writes is stale too.
	if tracked, err := exec.Command("git", "ls-files", "-z", "--", committedSDKs).Output(); err == nil {
		for _, path := range strings.Split(strings.TrimSuffix(string(tracked), "\x00"), "\x00") {
			rel, err := filepath.Rel(committedSDKs, path)
			if path == "" || err != nil {
				continue
			}
			name := filepath.ToSlash(rel)
			if _, ok := want[name]; !ok {
				stale = append(stale, name+" (no longer generated)")
			}
		}
	} else {
		t.Logf("not checking for committed files that are no longer generated: git ls-files: %v", err)
	}
	assert.Empty(t, stale, "the committed SDKs differ from schema.json: run `make sdks` (go run ./cmd/pulumi-gen-orgiac sdks) and commit sdk/")
}

// TestVersionIsBakedIn checks that a release version reaches the package
// managers' metadata and the plugin version the SDKs ask the engine for, and
// that without one only fixed placeholders appear.
func TestVersionIsBakedIn(t *testing.T) {
	type npmManifest struct {
		Version string `json:"version"`
		Pulumi  struct {
			Version string `json:"version"`
		} `json:"pulumi"`
	}
	manifest := func(t *testing.T, dir string) npmManifest {
		var m npmManifest
		b, err := os.ReadFile(filepath.Join(dir, "nodejs", "package.json"))
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, &m))
		return m
	}
	read := func(t *testing.T, path string) string {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		return string(b)
	}

	t.Run("release", func(t *testing.T) {
		dir := t.TempDir()
		generate(t, dir, "-version", "1.2.3")
		m := manifest(t, dir)
		assert.Equal(t, "1.2.3", m.Version)
		assert.Equal(t, "1.2.3", m.Pulumi.Version)
		assert.Contains(t, read(t, filepath.Join(dir, "python", "pyproject.toml")), `version = "1.2.3"`)
		assert.Contains(t, read(t, filepath.Join(dir, "python", "pulumi_orgiac", "pulumi-plugin.json")), `"version": "1.2.3"`)
		assert.Contains(t, read(t, filepath.Join(dir, "go", "orgiac", "internal", "pulumiUtilities.go")), `semver.MustParse("1.2.3")`)
	})

	t.Run("unversioned", func(t *testing.T) {
		dir := t.TempDir()
		generate(t, dir)
		m := manifest(t, dir)
		assert.Equal(t, nodeDevVersion, m.Version)
		assert.Empty(t, m.Pulumi.Version, "an unversioned SDK must not pin the plugin")
		assert.Contains(t, read(t, filepath.Join(dir, "python", "pyproject.toml")), `version = "0.0.0"`)
		assert.NotContains(t, read(t, filepath.Join(dir, "python", "pulumi_orgiac", "pulumi-plugin.json")), `"version"`)
	})
}

// TestRegenerationReplacesTheLanguageFolder: files of a removed component must
// not survive, while a developer's node_modules must.
func TestRegenerationReplacesTheLanguageFolder(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, "nodejs", "aws", "removedComponent.ts")
	installed := filepath.Join(dir, "nodejs", "node_modules", "left-pad", "index.js")
	other := filepath.Join(dir, "python", "keep.txt") // not a selected language
	for _, f := range []string{stale, installed, other} {
		require.NoError(t, os.MkdirAll(filepath.Dir(f), 0o755))
		require.NoError(t, os.WriteFile(f, []byte("x"), 0o644))
	}

	generate(t, dir, "-lang", "nodejs")

	assert.NoFileExists(t, stale)
	assert.FileExists(t, installed)
	assert.FileExists(t, other)
	assert.FileExists(t, filepath.Join(dir, "nodejs", "package.json"))
	assert.NoDirExists(t, filepath.Join(dir, "go"))
}

func TestCommandLines(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"sdks", "-lang", "ruby"},
		{"sdks", "-lang", ","},
		{"sdks", "stray"},
	} {
		err := run(args, &bytes.Buffer{})
		assert.ErrorIs(t, err, errUsage, "args %q", args)
	}
	// `git describe --always` gives a bare hash in a clone without tags.
	for _, cmd := range []string{"schema", "sdks"} {
		err := run([]string{cmd, "-version", "6212fd3", "-out", t.TempDir()}, &bytes.Buffer{})
		assert.ErrorContains(t, err, "not a semantic version", cmd)
	}
}

// TestGoModIsTidy guards the embedded go.mod and go.sum of the Go SDK: they
// must be what `go mod tidy` keeps for the generated code, or a tidy would
// change the committed SDK. It fails after a change of the codegen's imports
// or of the Pulumi SDK version; the message says how to refresh them.
func TestGoModIsTidy(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy, which may download modules")
	}
	dir := t.TempDir()
	generate(t, dir, "-lang", "go")
	tidy := exec.Command("go", "mod", "tidy", "-diff")
	tidy.Dir = dir
	tidy.Env = append(os.Environ(), "GOWORK=off")
	out, err := tidy.CombinedOutput()
	require.NoError(t, err, "the Go SDK's go.mod/go.sum are not tidy; run `go mod tidy` in a generated sdk/ "+
		"and copy go.mod and go.sum to cmd/pulumi-gen-orgiac/gosdk/go.mod.txt and go.sum.txt:\n%s", out)
}

// TestRegenerationLeavesUnchangedFilesAlone: make repacks an SDK when one of
// its files is newer than the last pack, so a regeneration that changes
// nothing must not touch a file, and one that changes a file must rewrite it.
func TestRegenerationLeavesUnchangedFilesAlone(t *testing.T) {
	dir := t.TempDir()
	generate(t, dir, "-lang", "nodejs")
	unchanged := filepath.Join(dir, "nodejs", "package.json")
	edited := filepath.Join(dir, "nodejs", "index.ts")
	long := time.Now().Add(-24 * time.Hour).Truncate(time.Second)
	for _, f := range []string{unchanged, edited} {
		require.NoError(t, os.Chtimes(f, long, long))
	}
	require.NoError(t, os.WriteFile(edited, []byte("// a hand edit\n"), 0o644))
	require.NoError(t, os.Chtimes(edited, long, long))

	generate(t, dir, "-lang", "nodejs")

	info, err := os.Stat(unchanged)
	require.NoError(t, err)
	assert.True(t, info.ModTime().Equal(long), "an unchanged file keeps its mtime, got %s", info.ModTime())
	got, err := os.ReadFile(edited)
	require.NoError(t, err)
	assert.NotContains(t, string(got), "a hand edit", "a file that differs from the generation is rewritten")
}
