package config

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// TestEveryConfigurationRuleHasAFailingCase: each CFG1xx rule fires for the
// input that breaks it, and only registered rules have fixes to show.
func TestEveryConfigurationRuleHasAFailingCase(t *testing.T) {
	parse := func(name, content string) []string {
		_, ds := Parse(name, []byte(content))
		return ds.Codes()
	}
	validate := func(target Target, doc string) []string {
		f, ds := Parse("x.yaml", []byte(doc))
		require.Empty(t, ds)
		return Validate(target, f.Value, Location{File: f}, false).Codes()
	}
	env := func(vars ...string) []string {
		_, _, probs := EnvOverrides(vars)
		var codes []string
		for _, p := range probs.Items() {
			codes = append(codes, p.Rule.Code)
		}
		return codes
	}
	stack := func(doc string) []string {
		f, ds := Parse("Pulumi.dev.yaml", []byte(doc))
		require.Empty(t, ds)
		sf, ds := ReadStackFile(f)
		if len(ds) > 0 {
			return ds.Codes()
		}
		return ValidateStackFile(sf, false).Codes()
	}
	cases := map[string][]string{
		"CFG101": func() []string {
			_, ds := ReadFile(write(t, "big.yaml", strings.Repeat("#", MaxFileSize+1)), "")
			return ds.Codes()
		}(),
		"CFG102": func() []string { _, ds := ReadFile(t.TempDir()+"/missing.yaml", ""); return ds.Codes() }(),
		"CFG103": parse("x.yaml", "a: [\n"),
		"CFG104": parse("x.yaml", "a: &a [*a]\n"),
		"CFG105": parse("x.yaml", "- 1\n"),
		"CFG106": parse("x.yaml", "a: .nan\n"),
		"CFG110": validate(TargetPolicy, "ownr: x\n"),
		"CFG111": validate(TargetPolicy, "owner: [x]\n"),
		"CFG112": validate(TargetPolicy, "enforcement: strict\n"),
		"CFG113": validate(TargetPolicy, "waivers: [{control: s3-versioning}]\n"),
		"CFG114": Validate(TargetPolicy, map[string]any{"owner": struct{}{}}, Location{}, false).Codes(),
		"CFG115": validate(TargetDeployment, "aws:\n  vpc: {enabled: true, stack: acme/network/prod, cidr_block: 10.0.0.0/16}\n"),
		"CFG120": env("ORGIAC_DEFAULT_TAGS=notjson"),
		"CFG121": env("ORGIAC_TEAM=x"),
		"CFG122": stack("config:\n  orgiac:owner: [x]\n"),
		"CFG123": CheckSettings(obj(t, `{"environments":{"prod":{"environment":"x"}}}`), Location{}).Codes(),
		"CFG130": stack("config: 5\n"),
		"CFG131": stack("config:\n  orgiac:deployment: yes\n"),
	}
	n := 0
	for _, r := range problem.Rules() {
		if !strings.HasPrefix(r.Code, "CFG1") {
			continue
		}
		n++
		assert.Contains(t, cases[r.Code], r.Code, "rule %s (%s) has no failing case", r.Code, r.Summary)
		assert.NotEmpty(t, r.Fix, "rule %s has no fix", r.Code)
	}
	assert.Equal(t, len(cases), n, "every case is a registered rule")
}

func TestValidateSaysStackExcludesTheVPCsOwnFields(t *testing.T) {
	f, ds := Parse("Pulumi.dev.yaml", []byte("aws:\n  vpc: {enabled: true, stack: acme/network/prod, cidr_block: 10.0.0.0/16, availability_zones: 2}\n"))
	require.Empty(t, ds)
	got := Validate(TargetDeployment, f.Value, Location{File: f}, true) // partial: no required keys
	require.Len(t, got, 2, "%v", got)
	text := got.Error()
	assert.Contains(t, text, "aws.vpc.cidr_block")
	assert.Contains(t, text, "aws.vpc.availability_zones")
	assert.Contains(t, text, "cannot be given with stack acme/network/prod")
	assert.Contains(t, text, "remove stack to create a VPC")

	f, ds = Parse("Pulumi.dev.yaml", []byte("aws:\n  vpc: {enabled: true, stack: acme/network/prod}\n"))
	require.Empty(t, ds)
	assert.Empty(t, Validate(TargetDeployment, f.Value, Location{File: f}, true), "stack alone is valid")
}
