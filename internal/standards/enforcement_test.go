package standards

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

func TestParseEnforcement(t *testing.T) {
	for in, want := range map[string]Enforcement{"": Enforce, "enforce": Enforce, "audit": Audit, "off": Off} {
		got, probs := ParseEnforcement("orgiac:enforcement", in)
		assert.Equal(t, want, got, "input %q", in)
		assert.Zero(t, probs.Len(), "input %q", in)
	}
	_, probs := ParseEnforcement("orgiac:enforcement", "strict")
	assert.Equal(t, []string{"CFG001"}, codes(probs), "an unknown mode is rejected")
}

func TestEnforcementSort(t *testing.T) {
	rule := problem.Define("TEST001", "test rule", "test fix")
	var errs, breaches problem.List
	errs.Addf(rule, "a", nil, "is bad input")
	breaches.Addf(rule, "b", nil, "breaks the standard")

	failures, warnings := Enforce.Sort(errs, breaches)
	assert.Equal(t, 2, failures.Len(), "enforce mode fails on input errors and breaches")
	assert.Empty(t, warnings)

	failures, warnings = Audit.Sort(errs, breaches)
	assert.Equal(t, 1, failures.Len(), "audit mode fails only on input errors")
	require.Len(t, warnings, 1)
	assert.Contains(t, warnings[0], "b: breaks the standard")

	failures, warnings = Off.Sort(errs, breaches)
	assert.Equal(t, 1, failures.Len(), "off mode still fails on input errors")
	assert.Empty(t, warnings, "off mode drops breaches")
}

func TestOrgNameFor(t *testing.T) {
	org := Org{Identity: Identity{Organization: "acme", Environment: "prod", Project: "shop"}, Naming: "{org}-{project}-{name}"}
	assert.Equal(t, "acme-shop-data", org.NameFor("data"))
}
