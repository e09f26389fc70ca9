package settings

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/config"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

var today = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

func codes(l problem.List) []string {
	var out []string
	for _, p := range l.Items() {
		out = append(out, p.Rule.Code)
	}
	return out
}

func TestResolveDefaultsComeFromTheStack(t *testing.T) {
	res, probs := Config{PolicySettings: config.PolicySettings{Organization: "acme"}}.Resolve(Stack{Name: "dev", Project: "shop"}, today)
	org := res.Org
	assert.Zero(t, probs.Len())
	assert.Equal(t, standards.Identity{Organization: "acme", Environment: "dev", Project: "shop"}, org.Identity)
	assert.Equal(t, standards.Enforce, org.Enforcement, "enforce is the default mode")
	assert.Equal(t, standards.DefaultNaming, org.Naming)
}

func TestResolveExplicitValuesWin(t *testing.T) {
	res, probs := Config{PolicySettings: config.PolicySettings{
		Organization: "acme", Environment: "production", Project: "payments",
		Owner: "team-pay", CostCenter: "cc-42", Enforcement: "audit", Naming: "{env}-{name}",
		LoggingBucket: "acme-logs", DefaultTags: map[string]string{"Team": "pay"},
		Frameworks: []string{"soc2"}, RequiredControls: []string{"s3-object-lock"},
		Waivers: []compliance.Waiver{{Control: "s3-access-logging", Reason: "log bucket", Expires: "2027-01-31"}},
	}}.Resolve(Stack{Name: "prod-eu", Project: "shop"}, today)
	org := res.Org
	assert.Zero(t, probs.Len())
	assert.Equal(t, "production", org.Identity.Environment)
	assert.Equal(t, "payments", org.Identity.Project)
	assert.Equal(t, standards.Audit, org.Enforcement)
	assert.Equal(t, "production-x", org.NameFor("x"))
	assert.Equal(t, "acme-logs", org.LoggingBucket)
	assert.Equal(t, map[string]string{"Team": "pay"}, org.DefaultTags)
	assert.Equal(t, compliance.Policy{
		Frameworks: []string{"soc2"}, Required: []string{"s3-object-lock"},
		Waivers: []compliance.Waiver{{Control: "s3-access-logging", Reason: "log bucket", Expires: "2027-01-31"}},
		Today:   today,
	}, res.Policy)
}

func TestResolveRejects(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want []string
	}{
		{"a missing organization is rejected", Config{PolicySettings: config.PolicySettings{}}, []string{"CFG004"}},
		{"an unknown enforcement mode is rejected", Config{PolicySettings: config.PolicySettings{Organization: "a", Enforcement: "strict"}}, []string{"CFG001"}},
		{"a naming template without {name} is rejected", Config{PolicySettings: config.PolicySettings{Organization: "a", Naming: "{org}"}}, []string{"CFG003"}},
		{"an organization that is not a valid tag value is rejected", Config{PolicySettings: config.PolicySettings{Organization: "acme;drop"}}, []string{"TAG005"}},
		{"an invalid default tag is rejected", Config{PolicySettings: config.PolicySettings{Organization: "a", DefaultTags: map[string]string{"aws:x": "y"}}}, []string{"TAG006"}},
		{"an unknown framework is rejected", Config{PolicySettings: config.PolicySettings{Organization: "a", Frameworks: []string{"iso27001"}}}, []string{"CMP001"}},
		{"an unknown required control is rejected", Config{PolicySettings: config.PolicySettings{Organization: "a", RequiredControls: []string{"s3-magic"}}}, []string{"CMP002"}},
		{"a waiver with a bad date is rejected", Config{PolicySettings: config.PolicySettings{Organization: "a", Waivers: []compliance.Waiver{{Control: "s3-versioning", Reason: "r", Expires: "31/01/2027"}}}}, []string{"CMP003"}},
		{"a waiver without a reason is rejected", Config{PolicySettings: config.PolicySettings{Organization: "a", Waivers: []compliance.Waiver{{Control: "s3-versioning", Expires: "2027-01-31"}}}}, []string{"CMP004"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := tt.cfg.Resolve(Stack{Name: "dev", Project: "shop"}, today)
			assert.Equal(t, tt.want, codes(probs))
		})
	}
}
