package settings

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

func codes(l problem.List) []string {
	var out []string
	for _, p := range l.Items() {
		out = append(out, p.Rule.Code)
	}
	return out
}

func TestResolveDefaultsComeFromTheStack(t *testing.T) {
	org, probs := Config{Organization: "acme"}.Resolve(Stack{Name: "dev", Project: "shop"})
	assert.Zero(t, probs.Len())
	assert.Equal(t, standards.Identity{Organization: "acme", Environment: "dev", Project: "shop"}, org.Identity)
	assert.Equal(t, standards.Enforce, org.Enforcement, "enforce is the default mode")
	assert.Equal(t, standards.DefaultNaming, org.Naming)
}

func TestResolveExplicitValuesWin(t *testing.T) {
	org, probs := Config{
		Organization: "acme", Environment: "production", Project: "payments",
		Owner: "team-pay", CostCenter: "cc-42", Enforcement: "audit", Naming: "{env}-{name}",
		LoggingBucket: "acme-logs", DefaultTags: map[string]string{"Team": "pay"},
	}.Resolve(Stack{Name: "prod-eu", Project: "shop"})
	assert.Zero(t, probs.Len())
	assert.Equal(t, "production", org.Identity.Environment)
	assert.Equal(t, "payments", org.Identity.Project)
	assert.Equal(t, standards.Audit, org.Enforcement)
	assert.Equal(t, "production-x", org.NameFor("x"))
	assert.Equal(t, "acme-logs", org.LoggingBucket)
	assert.Equal(t, map[string]string{"Team": "pay"}, org.DefaultTags)
}

func TestResolveRejects(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want []string
	}{
		{"a missing organization is rejected", Config{}, []string{"CFG004"}},
		{"an unknown enforcement mode is rejected", Config{Organization: "a", Enforcement: "strict"}, []string{"CFG001"}},
		{"a naming template without {name} is rejected", Config{Organization: "a", Naming: "{org}"}, []string{"CFG003"}},
		{"an organization that is not a valid tag value is rejected", Config{Organization: "acme;drop"}, []string{"TAG005"}},
		{"an invalid default tag is rejected", Config{Organization: "a", DefaultTags: map[string]string{"aws:x": "y"}}, []string{"TAG006"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := tt.cfg.Resolve(Stack{Name: "dev", Project: "shop"})
			assert.Equal(t, tt.want, codes(probs))
		})
	}
}
