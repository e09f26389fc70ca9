package settings

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/config"
	"github.com/orgiac/pulumi-orgiac/internal/testharness/gittest"
)

// The audit trail names the policy file in force, its content's digest, and
// the layer that set each setting.
func TestResolvedAudit_NamesThePolicyFileItsDigestAndEachSettingsSource(t *testing.T) {
	path := filepath.Join(t.TempDir(), "org.yaml")
	content := []byte("organization: acme\nenforcement: audit\n")
	require.NoError(t, os.WriteFile(path, content, 0o644))
	cfg := Config{PolicyFile: path, PolicySettings: config.PolicySettings{Owner: "team-a"}}
	cfg.run = newRuntime(func() []string { return []string{"ORGIAC_COST_CENTER=cc-1"} }, time.Now)

	r, probs := cfg.resolveFor(Stack{Name: "dev", Project: "shop"}, notSecret)
	require.Zero(t, probs.Len(), "%v", probs.Items())
	sum := sha256.Sum256(content)
	assert.Equal(t, path, r.Audit.PolicyFile)
	assert.Equal(t, "sha256:"+hex.EncodeToString(sum[:]), r.Audit.PolicyFileDigest)
	assert.Contains(t, r.Audit.SettingSources["organization"], config.LayerOrganization)
	assert.Contains(t, r.Audit.SettingSources["owner"], config.LayerStack)
	assert.Contains(t, r.Audit.SettingSources["costCenter"], "ORGIAC_COST_CENTER")
	assert.Nil(t, r.Audit.Git, "git metadata is off by default")
	assert.Empty(t, r.Warnings)
}

func TestResolvedAudit_WithoutAPolicyFileHasNoDigest(t *testing.T) {
	cfg := Config{PolicySettings: config.PolicySettings{Organization: "acme"}}
	cfg.run = newRuntime(func() []string { return nil }, time.Now)
	r, _ := cfg.resolveFor(Stack{Name: "dev", Project: "shop"}, notSecret)
	assert.Empty(t, r.Audit.PolicyFile)
	assert.Empty(t, r.Audit.PolicyFileDigest)
	assert.NotEmpty(t, r.Audit.SettingSources)
}

// With orgiac:gitMetadata on, a program outside a git repository gets a
// warning that names the fix, and no git fields; it is not an error.
func TestGitMetadata_OutsideARepositoryWarns(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{GitMetadata: true, PolicySettings: config.PolicySettings{Organization: "acme"}}
	cfg.run = newRuntime(func() []string { return nil }, time.Now)
	cfg.run.programDir = func() (string, error) { return dir, nil }

	r, probs := cfg.resolveFor(Stack{Name: "dev", Project: "shop"}, notSecret)
	assert.Zero(t, probs.Len(), "%v", probs.Items())
	assert.Nil(t, r.Audit.Git)
	require.Len(t, r.Warnings, 1)
	assert.Contains(t, r.Warnings[0], dir)
	assert.Contains(t, r.Warnings[0], "not in a git repository")
	assert.Contains(t, r.Warnings[0], "orgiac:gitMetadata off")
}

func TestGitMetadata_InARepositoryRecordsItOncePerProcess(t *testing.T) {
	gittest.Require(t, false)
	dir := t.TempDir()
	gittest.Git(t, dir, "init", "-q", "-b", "main")
	gittest.Git(t, dir, "commit", "-q", "--allow-empty", "-m", "first")
	cfg := Config{GitMetadata: true, PolicySettings: config.PolicySettings{Organization: "acme"}}
	cfg.run = newRuntime(func() []string { return nil }, time.Now)
	reads := 0
	cfg.run.programDir = func() (string, error) { reads++; return dir, nil }

	r, _ := cfg.resolveFor(Stack{Name: "dev", Project: "shop"}, notSecret)
	require.NotNil(t, r.Audit.Git)
	assert.Equal(t, "main", r.Audit.Git.Branch)
	assert.Equal(t, ".", r.Audit.Git.Path)
	assert.Len(t, r.Audit.Git.Commit, 40)
	assert.Empty(t, r.Warnings)
	cfg.resolveFor(Stack{Name: "dev", Project: "shop"}, notSecret)
	assert.Equal(t, 1, reads, "the repository is read once per provider process")
}
