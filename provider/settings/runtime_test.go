package settings

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/config"
)

func notSecret(string) bool { return false }

// The environment and the clock a resolution uses are the configuration's,
// so a test (or a future caller) decides them instead of the process.
func TestResolutionUsesTheConfiguredEnvironmentAndClock(t *testing.T) {
	waiver := compliance.Waiver{Control: "s3-versioning", Reason: "migration", Expires: "2027-01-31"}
	cfg := Config{PolicySettings: config.PolicySettings{Organization: "acme", Waivers: []compliance.Waiver{waiver}}}
	cfg.run = newRuntime(
		func() []string { return []string{"ORGIAC_ENFORCEMENT=audit", "PATH=/bin"} },
		func() time.Time { return time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC) },
	)
	r, probs := cfg.resolveFor(Stack{Name: "dev", Project: "shop"}, notSecret)
	require.Zero(t, probs.Len(), "%v", probs.Items())
	assert.Equal(t, "audit", string(r.Org.Enforcement), "ORGIAC_ENFORCEMENT from the configured environment")
	assert.Equal(t, time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), r.Policy.Today, "waivers are judged on the configured clock")
}

// Every component of a program resolves the same layers: the policy file is
// read once, until it changes.
func TestResolutionsAreCachedOnTheConfiguration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "policy.yaml")
	require.NoError(t, os.WriteFile(path, []byte("organization: acme\n"), 0o644))
	cfg := Config{PolicyFile: path}
	cfg.run = newRuntime(func() []string { return nil }, time.Now)
	stack := Stack{Name: "dev", Project: "shop"}

	cached := func() (n int) {
		cfg.run.cache.Range(func(any, any) bool { n++; return true })
		return n
	}
	first := cfg.layered(stack, nil).cfg
	assert.Equal(t, "acme", first.Organization)
	assert.Equal(t, 1, cached(), "one resolution cached")
	again := cfg.layered(stack, nil).cfg
	assert.Equal(t, first, again)
	assert.Equal(t, 1, cached(), "the second resolution is the cached one")

	require.NoError(t, os.WriteFile(path, []byte("organization: globex\n"), 0o644))
	changed := cfg.layered(stack, nil).cfg
	assert.Equal(t, "globex", changed.Organization, "an edited policy file is read again")
}

// A configured provider gets the real environment and clock.
func TestConfigureGivesTheRealEnvironmentAndClock(t *testing.T) {
	t.Setenv("ORGIAC_OWNER", "team-from-env")
	cfg := &Config{}
	require.NoError(t, cfg.Configure(t.Context()))
	require.NotNil(t, cfg.run)
	assert.Contains(t, cfg.run.environ(), "ORGIAC_OWNER=team-from-env")
	assert.WithinDuration(t, time.Now(), cfg.run.now(), time.Minute)
}
