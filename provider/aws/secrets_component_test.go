package aws_test

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/testharness"
)

// assertEveryTagMapSecret fails for every registered child whose tags input
// is not a secret, and returns how many children carry tags.
func assertEveryTagMapSecret(t *testing.T, children []testharness.Child) int {
	t.Helper()
	var tagged int
	for _, c := range children {
		tags, ok := c.Inputs.GetOk("tags")
		if !ok || (tags.IsNull() && !tags.Secret()) {
			continue
		}
		tagged++
		assert.True(t, tags.Secret(), "the tags of %s %s are a secret", c.Type, c.Name)
	}
	return tagged
}

func TestSecureBucketSecretOwnerMakesEveryTagMapSecret(t *testing.T) {
	cfg := baseConfig()
	cfg["owner"] = property.New("team-secret")
	h := newHarness(t, cfg)
	h.ConfigSecretKeys = []string{"orgiac:owner"}
	resp, err := h.Construct(secureBkt, "private", nil)
	require.NoError(t, err)

	assert.Equal(t, 2, assertEveryTagMapSecret(t, h.Children()), "the bucket and the KMS key carry tags")
	assert.True(t, resp.State.Get("tags").Secret(), "the component's tags output is a secret")
	assert.False(t, resp.State.Get("complianceReport").Secret(), "the compliance report holds no secret, so it stays readable")
}

func TestSecureBucketPlainOwnerKeepsTagsReadable(t *testing.T) {
	h := newHarness(t, baseConfig())
	h.ConfigSecretKeys = []string{"aws:region", "orgiac:somethingElse"}
	resp, err := h.Construct(secureBkt, "public", nil)
	require.NoError(t, err)
	assert.False(t, h.Child(t, tBucket).Inputs.Get("tags").Secret())
	assert.False(t, resp.State.Get("tags").Secret())
}

func TestSecureBucketSecretIdentifiersAreRefused(t *testing.T) {
	cfg := baseConfig()
	cfg["environment"] = property.New("staging")
	h := newHarness(t, cfg)
	h.ConfigSecretKeys = []string{"orgiac:organization", "orgiac:environment", "orgiac:loggingBucket"}
	_, err := h.Construct(secureBkt, "x", nil)
	require.Error(t, err)
	assert.Empty(t, h.Children(), "nothing is registered")
	for _, key := range []string{"orgiac:organization", "orgiac:environment", "orgiac:loggingBucket"} {
		assert.Contains(t, err.Error(), key+": is a secret, but its value becomes resource names", "CFG005 names %s", key)
	}
	assert.Contains(t, err.Error(), "[CFG005]")
	assert.Contains(t, err.Error(), "without --secret")
	assert.NotContains(t, err.Error(), "staging", "the secret value is not printed")
}

func TestSecureBucketInvalidSecretOwnerIsRedacted(t *testing.T) {
	cfg := baseConfig()
	cfg["owner"] = property.New("team;drop-table")
	h := newHarness(t, cfg)
	h.ConfigSecretKeys = []string{"orgiac:owner"}
	_, err := h.Construct(secureBkt, "x", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "orgiac:owner")
	assert.Contains(t, err.Error(), "[TAG005]")
	assert.Contains(t, err.Error(), "[secret]")
	assert.NotContains(t, err.Error(), "drop-table", "an error about a secret setting never prints its value")
}

func TestSecretTagSettingsMakeEveryTagMapSecret(t *testing.T) {
	tests := []struct {
		name      string
		harness   func(*testing.T, map[string]property.Value) *testharness.Harness
		token     string
		inputs    map[string]property.Value
		secretKey string
	}{
		{"NetworkStack with a secret orgiac:costCenter", func(t *testing.T, c map[string]property.Value) *testharness.Harness {
			return newVpcHarness(t, c)
		}, networkStack, map[string]property.Value{"vpc": spec("numberOfAvailabilityZones", 2)}, "orgiac:costCenter"},
		{"EksCluster with secret orgiac:defaultTags", newEksHarness, eksCluster, eksInputs(), "orgiac:defaultTags"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := baseConfig()
			cfg["costCenter"] = property.New("cc-secret")
			cfg["defaultTags"] = property.New(map[string]property.Value{"Team": property.New("secret-team")})
			h := tt.harness(t, cfg)
			h.ConfigSecretKeys = []string{tt.secretKey}
			resp, err := h.Construct(tt.token, "private", tt.inputs)
			require.NoError(t, err)
			assert.Greater(t, assertEveryTagMapSecret(t, h.Children()), 5, "the tagged children")
			assert.True(t, resp.State.Get("tags").Secret(), "the component's tags output is a secret")
		})
	}
}
