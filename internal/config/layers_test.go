package config

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
)

const layeredPolicy = `organization: acme
owner: platform-team
defaultTags:
  Team: platform
  DataClassification: internal
enforcement: audit
environments:
  prod:
    enforcement: enforce
    defaultTags:
      Criticality: high
  dev:
    owner: dev-team
components:
  orgiac:aws:SecureBucket:
    forceDestroy: false
    tags: {Backup: daily}
`

func policyFile(t *testing.T) *File {
	t.Helper()
	f, ds := Parse("org.yaml", []byte(layeredPolicy))
	require.Empty(t, ds)
	return f
}

var (
	def     = Source{Layer: LayerDefault, Origin: "built-in"}
	org     = Source{Layer: LayerOrganization, Origin: "org.yaml"}
	section = Source{Layer: LayerEnvironmentSection, Origin: "org.yaml"}
	stack   = Source{Layer: LayerStack, Origin: "Pulumi.dev.yaml"}
)

func envVar(name string) Source { return Source{Layer: LayerEnvironmentVariable, Origin: name} }

func TestResolve_EveryLayerAndWhereEachValueCameFrom(t *testing.T) {
	eff, diags := Resolve(Inputs{
		Stack: "dev", Project: "shop",
		Policy: policyFile(t),
		Config: []ConfigLayer{{Origin: "Pulumi.dev.yaml", Values: map[string]any{
			"orgiac:environment": "prod",
			"orgiac:defaultTags": map[string]any{"Team": "payments"},
			"orgiac:policyFile":  "org.yaml", // where the policy came from, not a setting
			"orgiac:costCenter":  "",         // unset
		}}},
		Environ: []string{"ORGIAC_COST_CENTER=cc-42", "AWS_REGION=eu-west-1"},
	})
	require.Empty(t, diags)

	assert.Equal(t, PolicySettings{
		Organization: "acme", Environment: "prod", Project: "shop", Owner: "platform-team", CostCenter: "cc-42",
		DefaultTags: map[string]string{"Team": "payments", "DataClassification": "internal", "Criticality": "high"},
		Enforcement: "enforce", Naming: "{org}-{env}-{name}", Frameworks: compliance.DefaultFrameworks,
	}, eff.Settings)
	assert.Equal(t, map[string]Source{
		"organization":                   org,
		"environment":                    stack,
		"project":                        {Layer: LayerDefault, Origin: "Pulumi project"},
		"owner":                          org, // the dev section does not apply: the environment is prod
		"costCenter":                     envVar("ORGIAC_COST_CENTER"),
		"defaultTags.Team":               stack,
		"defaultTags.DataClassification": org,
		"defaultTags.Criticality":        section,
		"enforcement":                    section,
		"naming":                         def,
		"frameworks":                     def,
		"components.orgiac:aws:SecureBucket.forceDestroy": org,
		"components.orgiac:aws:SecureBucket.tags.Backup":  org,
	}, eff.Provenance)
	assert.Equal(t, map[string]map[string]any{
		"orgiac:aws:SecureBucket": {"forceDestroy": false, "tags": map[string]any{"Backup": "daily"}},
	}, eff.Components)
}

func TestResolve_AnOrgiacVariableWinsOverTheStack(t *testing.T) {
	eff, diags := Resolve(Inputs{
		Stack:   "dev",
		Policy:  policyFile(t),
		Config:  []ConfigLayer{{Origin: "Pulumi.dev.yaml", Values: map[string]any{"environment": "dev"}}},
		Environ: []string{"ORGIAC_ENVIRONMENT=prod"},
	})
	require.Empty(t, diags)
	assert.Equal(t, "prod", eff.Settings.Environment)
	assert.Equal(t, envVar("ORGIAC_ENVIRONMENT"), eff.Provenance["environment"])
	assert.Equal(t, "enforce", eff.Settings.Enforcement, "the environment variable picks the prod section")
	assert.Equal(t, section, eff.Provenance["enforcement"])
}

func TestResolve_TheEnvironmentDefaultsToTheStackNameAndPicksItsSection(t *testing.T) {
	eff, diags := Resolve(Inputs{Stack: "dev", Policy: policyFile(t)})
	require.Empty(t, diags)
	assert.Equal(t, "dev", eff.Settings.Environment)
	assert.Equal(t, Source{Layer: LayerDefault, Origin: "stack name"}, eff.Provenance["environment"])
	assert.Equal(t, "dev-team", eff.Settings.Owner)
	assert.Equal(t, section, eff.Provenance["owner"])
	assert.Equal(t, "audit", eff.Settings.Enforcement)
	assert.Equal(t, org, eff.Provenance["enforcement"])
}

func TestResolve_DefaultsAloneAreTheBuiltInValues(t *testing.T) {
	eff, diags := Resolve(Inputs{})
	require.Empty(t, diags)
	assert.Equal(t, Defaults(), eff.Settings)
	assert.Equal(t, map[string]Source{"enforcement": def, "naming": def, "frameworks": def}, eff.Provenance)
	assert.Nil(t, eff.Components)
}

func TestResolve_LaterStackLayersWinAndKeepTheirOrigin(t *testing.T) {
	eff, diags := Resolve(Inputs{Config: []ConfigLayer{
		{Origin: "Pulumi.yaml", Values: map[string]any{"owner": "project-owner", "defaultTags": map[string]any{"A": "1"}}},
		{Origin: "Pulumi.dev.yaml", Values: map[string]any{"defaultTags": map[string]any{"B": "2"}}},
		{Values: map[string]any{"frameworks": []any{"soc2"}}},
	}})
	require.Empty(t, diags)
	assert.Equal(t, Source{Layer: LayerStack, Origin: "Pulumi.yaml"}, eff.Provenance["owner"])
	assert.Equal(t, Source{Layer: LayerStack, Origin: "Pulumi.yaml"}, eff.Provenance["defaultTags.A"])
	assert.Equal(t, Source{Layer: LayerStack, Origin: "Pulumi.dev.yaml"}, eff.Provenance["defaultTags.B"])
	assert.Equal(t, Source{Layer: LayerStack, Origin: "stack configuration"}, eff.Provenance["frameworks"])
	assert.Equal(t, []string{"soc2"}, eff.Settings.Frameworks, "a list replaces the default list")
}

func TestResolve_JSONStringsForStructuredKeysAreDecoded(t *testing.T) {
	eff, diags := Resolve(Inputs{Config: []ConfigLayer{{Values: map[string]any{
		"defaultTags": `{"Team":"data"}`, "frameworks": `["soc2"]`, "owner": `{"not":"decoded"}`,
	}}}})
	require.Empty(t, diags)
	assert.Equal(t, map[string]string{"Team": "data"}, eff.Settings.DefaultTags)
	assert.Equal(t, []string{"soc2"}, eff.Settings.Frameworks)
	assert.Equal(t, `{"not":"decoded"}`, eff.Settings.Owner, "a string key keeps its text")
}

func TestResolve_ReportsEveryLayersProblemsAndAppliesTheRest(t *testing.T) {
	policy, ds := Parse("org.yaml", []byte("organization: acme\nownr: x\nenvironments:\n  dev: {environment: prod}\n"))
	require.Empty(t, ds)
	eff, diags := Resolve(Inputs{
		Stack:  "dev",
		Policy: policy,
		Config: []ConfigLayer{{Origin: "Pulumi.dev.yaml", Values: map[string]any{
			"defaultTags": "notjson", "owner": "stack-owner", "frameworks": []any{"soc3"},
		}}},
		Environ: []string{"ORGIAC_ENFORCEMENT=strict", "ORGIAC_COST_CENTER=cc"},
	})
	assert.Equal(t, []string{
		`ORGIAC_ENFORCEMENT: "strict" is not allowed for enforcement, which expects one of enforce, audit, off [CFG120]; fix: set ORGIAC_ENFORCEMENT to one of enforce, audit, off`,
		`Pulumi.dev.yaml: orgiac:defaultTags: "notjson" has the wrong type: expected object, got string [CFG122]; fix: set the value with the expected type, e.g. ` + "`pulumi config set --path 'orgiac:defaultTags.Team' data`",
		`Pulumi.dev.yaml: orgiac:frameworks[0]: "soc3" is not a known framework [CMP001]; fix: ` + compliance.RuleUnknownFramework.Fix,
		`org.yaml:2: ownr: unknown key; did you mean owner? [CFG110]; fix: rename it to owner`,
		`org.yaml:4: environments.dev.environment: "prod" sets environment inside the section that environment selects [CFG123]; fix: remove environment from the section`,
	}, strings.Split(diags.Error(), "\n"))
	assert.Equal(t, "acme", eff.Settings.Organization)
	assert.Equal(t, "stack-owner", eff.Settings.Owner)
	assert.Equal(t, "cc", eff.Settings.CostCenter)
	assert.Equal(t, "dev", eff.Settings.Environment, "the section cannot change the environment")
	assert.Equal(t, "enforce", eff.Settings.Enforcement, "the wrong variable is not applied")
	assert.Nil(t, eff.Settings.DefaultTags)
}

func TestEffective_LeavesAreInSettingsOrderWithValuesAndSources(t *testing.T) {
	eff, diags := Resolve(Inputs{Stack: "dev", Policy: policyFile(t)})
	require.Empty(t, diags)
	var keys []string
	for _, l := range eff.Leaves() {
		keys = append(keys, l.Path)
		assert.Equal(t, eff.Provenance[l.Path], l.Source, l.Path)
	}
	assert.Equal(t, []string{
		"organization", "environment", "owner", "defaultTags.DataClassification", "defaultTags.Team", "enforcement",
		"naming", "frameworks", "components.orgiac:aws:SecureBucket.forceDestroy", "components.orgiac:aws:SecureBucket.tags.Backup",
	}, keys)
	assert.Equal(t, Leaf{Path: "owner", Value: "dev-team", Source: section}, eff.Leaves()[2])
}

func TestPolicyFileLocation_TheVariableWinsOverTheConfiguration(t *testing.T) {
	path, origin := PolicyFileLocation("org.yaml", "Pulumi.dev.yaml", []string{"ORGIAC_POLICY_FILE=/etc/org.yaml"})
	assert.Equal(t, "/etc/org.yaml", path)
	assert.Equal(t, "ORGIAC_POLICY_FILE", origin)
	path, origin = PolicyFileLocation("org.yaml", "Pulumi.dev.yaml", []string{"ORGIAC_POLICY_FILE="})
	assert.Equal(t, "org.yaml", path)
	assert.Equal(t, "orgiac:policyFile in Pulumi.dev.yaml", origin)
	path, origin = PolicyFileLocation("org.yaml", "", nil)
	assert.Equal(t, "org.yaml", path)
	assert.Equal(t, "orgiac:policyFile", origin)
	path, origin = PolicyFileLocation("", "", nil)
	assert.Empty(t, path)
	assert.Empty(t, origin)
}

func TestSource_String(t *testing.T) {
	assert.Equal(t, "stack (Pulumi.dev.yaml)", stack.String())
	assert.Equal(t, "default", Source{Layer: LayerDefault}.String())
}
