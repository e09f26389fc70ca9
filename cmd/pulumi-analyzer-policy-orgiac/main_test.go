package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/policypack"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

func TestResolve_ReadsTheStacksOrgiacKeysAndThePolicyFile(t *testing.T) {
	dir := t.TempDir()
	policy := filepath.Join(dir, "policy.yaml")
	require.NoError(t, os.WriteFile(policy, []byte("requiredControls: [s3-object-lock]\n"), 0o644))
	pol, mode, probs := resolve(policypack.Stack{Name: "dev", Project: "shop", Config: map[string]string{
		"orgiac:enforcement": "audit",
		"orgiac:frameworks":  `["soc2"]`,
		"orgiac:waivers":     `[{"control":"s3-versioning","reason":"scratch","expires":"2099-01-01","component":"raw"}]`,
		"orgiac:policyFile":  policy,
		"aws:region":         "us-west-2",
	}})
	require.Zero(t, probs.Len(), "%v", probs.Items())
	assert.Equal(t, standards.Audit, mode)
	assert.Equal(t, []string{"soc2"}, pol.Frameworks)
	assert.Equal(t, []string{"s3-object-lock"}, pol.Required, "from the policy file")
	require.Len(t, pol.Waivers, 1)
	assert.Equal(t, "raw", pol.Waivers[0].Component)
	assert.False(t, pol.Today.IsZero(), "waivers are judged against today")
}

func TestResolve_EveryProblemAtOnce(t *testing.T) {
	_, _, probs := resolve(policypack.Stack{Name: "dev", Config: map[string]string{
		"orgiac:enforcement": "strict",
		"orgiac:waivers":     `[{"control":"s3-versionin"`,
	}, SecretKeys: []string{"orgiac:frameworks"}})
	var codes []string
	for _, p := range probs.Items() {
		codes = append(codes, p.Rule.Code)
	}
	assert.Contains(t, codes, "CFG122", "the waivers are not JSON")
	assert.Contains(t, codes, "CFG112", "strict is not a mode")
	assert.Contains(t, codes, "CFG005", "a secret that the pack would show")
}

func TestResolve_AStackOfRawResourcesNeedsNoOrganization(t *testing.T) {
	_, mode, probs := resolve(policypack.Stack{Name: "dev", Config: map[string]string{"aws:region": "us-west-2"}})
	assert.Zero(t, probs.Len(), "%v", probs.Items())
	assert.Equal(t, standards.Enforce, mode)
}
