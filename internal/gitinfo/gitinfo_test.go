package gitinfo

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/testharness/gittest"
)

// gitRepo makes a repository with one commit and a program folder in it,
// using the git CLI the way a user would.
func gitRepo(t *testing.T, remote string) (root, program string) {
	t.Helper()
	gittest.Require(t, false)
	root = t.TempDir()
	program = filepath.Join(root, "infra", "prod")
	require.NoError(t, os.MkdirAll(program, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(program, "Pulumi.yaml"), []byte("name: p\n"), 0o644))
	run(t, root, "init", "-q", "-b", "main")
	if remote != "" {
		run(t, root, "remote", "add", "origin", remote)
	}
	run(t, root, "add", ".")
	run(t, root, "commit", "-q", "-m", "first")
	return root, program
}

func run(t *testing.T, dir string, args ...string) string { return gittest.Git(t, dir, args...) }

func TestRead_ReportsCommitBranchPathAndARemoteWithoutItsToken(t *testing.T) {
	root, program := gitRepo(t, "https://ci-bot:ghp_FAKETOKEN123@git.example.com/acme/infra.git")
	got, err := Read(program)
	require.NoError(t, err)
	assert.Equal(t, run(t, root, "rev-parse", "HEAD"), got.Commit)
	assert.Equal(t, "main", got.Branch)
	assert.Equal(t, "infra/prod", got.Path)
	assert.Equal(t, "https://git.example.com/acme/infra.git", got.Repository)
	assert.False(t, got.Dirty)
	assert.NotContains(t, got.Repository+got.Path+got.Branch, "FAKETOKEN")
}

func TestRead_SeesAnUncommittedChangeAsDirty(t *testing.T) {
	_, program := gitRepo(t, "")
	require.NoError(t, os.WriteFile(filepath.Join(program, "Pulumi.yaml"), []byte("name: q\n"), 0o644))
	got, err := Read(program)
	require.NoError(t, err)
	assert.True(t, got.Dirty)
	assert.Empty(t, got.Repository, "a repository without a remote has no URL")
}

func TestRead_IgnoresWhatGitIgnores(t *testing.T) {
	root, program := gitRepo(t, "")
	require.NoError(t, os.WriteFile(filepath.Join(root, ".gitignore"), []byte("*.log\n"), 0o644))
	run(t, root, "add", ".gitignore")
	run(t, root, "commit", "-q", "-m", "ignore logs")
	require.NoError(t, os.WriteFile(filepath.Join(program, "up.log"), []byte("x"), 0o644))
	got, err := Read(program)
	require.NoError(t, err)
	assert.False(t, got.Dirty, "an ignored file does not make the tree dirty")
}

func TestRead_OnADetachedHeadHasNoBranch(t *testing.T) {
	root, program := gitRepo(t, "")
	run(t, root, "checkout", "-q", "--detach")
	got, err := Read(program)
	require.NoError(t, err)
	assert.Empty(t, got.Branch)
	assert.Len(t, got.Commit, 40)
}

func TestRead_AtTheRootThePathIsDot(t *testing.T) {
	root, _ := gitRepo(t, "git@github.com:acme/infra.git")
	got, err := Read(root)
	require.NoError(t, err)
	assert.Equal(t, ".", got.Path)
	assert.Equal(t, "git@github.com:acme/infra.git", got.Repository)
}

func TestRead_OutsideARepositorySaysSo(t *testing.T) {
	_, err := Read(t.TempDir())
	assert.ErrorIs(t, err, ErrNotARepository)
}

func TestRedactURL_RemovesCredentialsQueriesAndFragments(t *testing.T) {
	for raw, want := range map[string]string{
		"https://user:tok3n@host.example/a/b.git":         "https://host.example/a/b.git",
		"https://tok3n@host.example/a/b.git":              "https://host.example/a/b.git",
		"https://host.example/a/b.git?access_token=tok3n": "https://host.example/a/b.git",
		"https://host.example/a/b.git#tok3n":              "https://host.example/a/b.git",
		"ssh://git:tok3n@host.example:2222/a/b.git":       "ssh://host.example:2222/a/b.git",
		"git@github.com:acme/infra.git":                   "git@github.com:acme/infra.git",
		"user:tok3n@host.example:acme/infra.git":          "host.example:acme/infra.git",
		"/srv/git/infra.git":                              "/srv/git/infra.git",
		"https://user:tok3n@[::1:bad/x":                   "",
	} {
		got := RedactURL(raw)
		assert.Equal(t, want, got, raw)
		assert.NotContains(t, got, "tok3n", raw)
	}
}
