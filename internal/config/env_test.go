package config

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
)

func TestEnvOverrides_MapVariablesToKeysAndParseValuesByType(t *testing.T) {
	values, vars, probs := EnvOverrides([]string{
		"ORGIAC_ENVIRONMENT=prod",
		"ORGIAC_COST_CENTER=1234", // a string key keeps digits as text
		"ORGIAC_OWNER=true",
		`ORGIAC_DEFAULT_TAGS={"Team":"data","Tier":"gold"}`,
		"ORGIAC_LOGGING_BUCKET=acme-logs",
		`ORGIAC_REQUIRED_CONTROLS=["s3-object-lock"]`,
		"ORGIAC_FRAMEWORKS=soc2, nist-800-53-r5", // comma-separated
		`ORGIAC_WAIVERS=[{"control":"s3-versioning","reason":"scratch data","expires":"2027-03-31"}]`,
		"ORGIAC_NAMING={org}-{name}",
		"PATH=/usr/bin",
		"HOME=/root",
	})
	assert.Empty(t, probs.Items())
	assert.Equal(t, map[string]any{
		"environment":      "prod",
		"costCenter":       "1234",
		"owner":            "true",
		"defaultTags":      map[string]any{"Team": "data", "Tier": "gold"},
		"loggingBucket":    "acme-logs",
		"requiredControls": []any{"s3-object-lock"},
		"frameworks":       []any{"soc2", "nist-800-53-r5"},
		"waivers":          []any{map[string]any{"control": "s3-versioning", "reason": "scratch data", "expires": "2027-03-31"}},
		"naming":           "{org}-{name}",
	}, values)
	assert.Equal(t, map[string]string{
		"environment": "ORGIAC_ENVIRONMENT", "costCenter": "ORGIAC_COST_CENTER", "owner": "ORGIAC_OWNER",
		"defaultTags": "ORGIAC_DEFAULT_TAGS", "loggingBucket": "ORGIAC_LOGGING_BUCKET",
		"requiredControls": "ORGIAC_REQUIRED_CONTROLS", "frameworks": "ORGIAC_FRAMEWORKS",
		"waivers": "ORGIAC_WAIVERS", "naming": "ORGIAC_NAMING",
	}, vars)
}

func TestEnvOverrides_OnlyOrgiacVariablesAreRead(t *testing.T) {
	values, vars, probs := EnvOverrides([]string{
		"AWS_SECRET_ACCESS_KEY=not-for-us", "AWS_REGION=us-west-2", "AZURE_CLIENT_SECRET=not-for-us",
		"ARM_CLIENT_SECRET=x", "orgiac_owner=lowercase-is-not-ours", "ORGIACOWNER=no-underscore",
	})
	assert.Empty(t, values)
	assert.Empty(t, vars)
	assert.Empty(t, probs.Items())
}

func TestEnvOverrides_SkipsThePolicyFileEmptyValuesAndIgnoredVariables(t *testing.T) {
	values, _, probs := EnvOverrides([]string{
		"ORGIAC_POLICY_FILE=/etc/orgiac/policy.yaml", "ORGIAC_OWNER=", "ORGIAC_GIT_SHA=abc", "ORGIAC_OWNER_X=1",
	}, "ORGIAC_GIT_SHA", "ORGIAC_OWNER_X")
	assert.Empty(t, values)
	assert.Empty(t, probs.Items())
}

func TestEnvOverrides_TheLastOfARepeatedVariableWins(t *testing.T) {
	values, _, _ := EnvOverrides([]string{"ORGIAC_OWNER=a", "ORGIAC_OWNER=b"})
	assert.Equal(t, map[string]any{"owner": "b"}, values)
	values, _, _ = EnvOverrides([]string{"ORGIAC_OWNER=a", "ORGIAC_OWNER="})
	assert.Empty(t, values, "an empty value unsets")
}

func TestEnvOverrides_ProblemsNameTheVariableTheValueAndTheFix(t *testing.T) {
	tests := []struct {
		name, variable string
		want           string
	}{
		{"an object key given text", "ORGIAC_DEFAULT_TAGS=notjson",
			`ORGIAC_DEFAULT_TAGS: "notjson" does not fit defaultTags, which expects an object of strings; got a string [CFG120]; ` +
				`fix: write a JSON object of strings, e.g. ORGIAC_DEFAULT_TAGS='{"Team":"data"}'`},
		{"an object of strings given a number value", `ORGIAC_DEFAULT_TAGS={"Team":5}`,
			`ORGIAC_DEFAULT_TAGS: "{\"Team\":5}" does not fit defaultTags, which expects an object of strings: ` +
				`defaultTags.Team has the wrong type: expected string, got integer [CFG120]; ` +
				`fix: write a JSON object of strings, e.g. ORGIAC_DEFAULT_TAGS='{"Team":"data"}'`},
		{"a list key given a number", "ORGIAC_FRAMEWORKS=5",
			`ORGIAC_FRAMEWORKS: "5" does not fit frameworks, which expects a list of strings; got a number [CFG120]; ` +
				`fix: write a JSON list of strings, or a comma-separated list, e.g. ORGIAC_FRAMEWORKS=cis-aws-foundations-3.0,soc2`},
		{"a list key given an object", `ORGIAC_REQUIRED_CONTROLS={"a":1}`,
			`ORGIAC_REQUIRED_CONTROLS: "{\"a\":1}" does not fit requiredControls, which expects a list of strings; got an object [CFG120]; ` +
				`fix: write a JSON list of strings, or a comma-separated list, e.g. ORGIAC_REQUIRED_CONTROLS=cis-aws-foundations-3.0,soc2`},
		{"a value outside the choices", "ORGIAC_ENFORCEMENT=audti",
			`ORGIAC_ENFORCEMENT: "audti" is not allowed for enforcement, which expects one of enforce, audit, off; did you mean audit? [CFG120]; ` +
				`fix: set ORGIAC_ENFORCEMENT to one of enforce, audit, off`},
		{"an incomplete waiver", `ORGIAC_WAIVERS=[{"control":"s3-versioning"}]`,
			`ORGIAC_WAIVERS: "[{\"control\":\"s3-versioning\"}]" does not fit waivers, which expects a list of objects: ` +
				`waivers[0].expires is required but missing [CFG120]; fix: write a JSON list of waivers, e.g. ` +
				`ORGIAC_WAIVERS='[{"control":"s3-versioning","reason":"...","expires":"2027-03-31"}]'`},
		{"a framework the catalog does not know", "ORGIAC_FRAMEWORKS=soc3",
			`ORGIAC_FRAMEWORKS: "soc3" is not a known framework (frameworks[0]) [CMP001]; ` +
				`fix: ` + compliance.RuleUnknownFramework.Fix},
		{"an unknown variable suggests the one meant", "ORGIAC_COSTCENTER=1",
			`ORGIAC_COSTCENTER: is not an orgiac variable; did you mean ORGIAC_COST_CENTER? [CFG121]; fix: rename it to ORGIAC_COST_CENTER`},
		{"a misspelt variable suggests the one meant", "ORGIAC_ENVIROMENT=prod",
			`ORGIAC_ENVIROMENT: is not an orgiac variable; did you mean ORGIAC_ENVIRONMENT? [CFG121]; fix: rename it to ORGIAC_ENVIRONMENT`},
		{"the policy file variable is suggested too", "ORGIAC_POLICYFILE=x.yaml",
			`ORGIAC_POLICYFILE: is not an orgiac variable; did you mean ORGIAC_POLICY_FILE? [CFG121]; fix: rename it to ORGIAC_POLICY_FILE`},
		{"a far-off variable lists them all", "ORGIAC_X=1",
			`ORGIAC_X: is not an orgiac variable [CFG121]; fix: unset it; the variables are ORGIAC_COST_CENTER, ORGIAC_DEFAULT_TAGS, ` +
				`ORGIAC_ENFORCEMENT, ORGIAC_ENVIRONMENT, ORGIAC_FRAMEWORKS, ORGIAC_LOGGING_BUCKET, ORGIAC_NAMING, ORGIAC_ORGANIZATION, ` +
				`ORGIAC_OWNER, ORGIAC_PROJECT, ORGIAC_REQUIRED_CONTROLS, ORGIAC_WAIVERS, ORGIAC_POLICY_FILE`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			values, vars, probs := EnvOverrides([]string{tt.variable})
			if assert.Len(t, probs.Items(), 1) {
				assert.Equal(t, tt.want, probs.Items()[0].Error())
			}
			assert.Empty(t, values, "a wrong variable is not applied")
			assert.Empty(t, vars)
		})
	}
}

func TestEnvOverrides_ReportsEveryProblemAtOnceAndAppliesTheRest(t *testing.T) {
	values, _, probs := EnvOverrides([]string{"ORGIAC_DEFAULT_TAGS=notjson", "ORGIAC_OWNER=team", "ORGIAC_FRAMEWORKS=5", "ORGIAC_TEAM=x"})
	assert.Equal(t, map[string]any{"owner": "team"}, values)
	var codes []string
	for _, p := range probs.Items() {
		codes = append(codes, p.Rule.Code)
	}
	assert.Equal(t, []string{"CFG120", "CFG120", "CFG121"}, codes)
}

func TestEnvVariable_IsTheUpperSnakeCaseOfTheKey(t *testing.T) {
	for key, want := range map[string]string{
		"environment": "ORGIAC_ENVIRONMENT", "costCenter": "ORGIAC_COST_CENTER", "defaultTags": "ORGIAC_DEFAULT_TAGS",
		"loggingBucket": "ORGIAC_LOGGING_BUCKET", "requiredControls": "ORGIAC_REQUIRED_CONTROLS",
	} {
		assert.Equal(t, want, EnvVariable(key))
		assert.Equal(t, key, camelCase(want[len(EnvPrefix):]))
	}
}
