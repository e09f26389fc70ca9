package standards

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

func codes(l problem.List) []string {
	var out []string
	for _, p := range l.Items() {
		out = append(out, p.Rule.Code)
	}
	return out
}

func TestRequiredTags(t *testing.T) {
	tests := []struct {
		name string
		id   Identity
		want map[string]string
	}{
		{
			name: "organization, environment, project and ManagedBy are always present",
			id:   Identity{Organization: "acme", Environment: "dev", Project: "shop"},
			want: map[string]string{"Organization": "acme", "Environment": "dev", "Project": "shop", "ManagedBy": "pulumi"},
		},
		{
			name: "owner and cost center appear only when set",
			id:   Identity{Organization: "acme", Environment: "dev", Project: "shop", Owner: "team-a", CostCenter: "cc-1"},
			want: map[string]string{
				"Organization": "acme", "Environment": "dev", "Project": "shop", "ManagedBy": "pulumi",
				"Owner": "team-a", "CostCenter": "cc-1",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, RequiredTags(tt.id))
		})
	}
}

func TestMergeTags(t *testing.T) {
	required := RequiredTags(Identity{Organization: "acme", Environment: "dev", Project: "shop"})
	tests := []struct {
		name         string
		mode         Enforcement
		defaults     map[string]string
		own          map[string]string
		wantTags     map[string]string
		wantBreaches []string
	}{
		{
			name:     "user tags join the required tags, component tags win over default tags",
			mode:     Enforce,
			defaults: map[string]string{"Team": "platform", "Tier": "gold"},
			own:      map[string]string{"Tier": "silver"},
			wantTags: map[string]string{
				"Organization": "acme", "Environment": "dev", "Project": "shop", "ManagedBy": "pulumi",
				"Team": "platform", "Tier": "silver",
			},
		},
		{
			name:         "enforce mode keeps the required value and records the override",
			mode:         Enforce,
			own:          map[string]string{"Environment": "prod"},
			wantTags:     required,
			wantBreaches: []string{"TAG001"},
		},
		{
			name:         "a case variant of a required key counts as an override",
			mode:         Enforce,
			own:          map[string]string{"environment": "prod"},
			wantTags:     required,
			wantBreaches: []string{"TAG001"},
		},
		{
			name:         "default tags cannot override a required tag either",
			mode:         Enforce,
			defaults:     map[string]string{"ManagedBy": "terraform"},
			wantTags:     required,
			wantBreaches: []string{"TAG001"},
		},
		{
			name: "audit mode lets the user's value stand and records the override",
			mode: Audit,
			own:  map[string]string{"Environment": "prod"},
			wantTags: map[string]string{
				"Organization": "acme", "Environment": "prod", "Project": "shop", "ManagedBy": "pulumi",
			},
			wantBreaches: []string{"TAG001"},
		},
		{
			name:     "repeating a required tag with the same value is not an override",
			mode:     Enforce,
			own:      map[string]string{"Environment": "dev"},
			wantTags: required,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, breaches := MergeTags(tt.mode, required,
				TagSource{Path: "orgiac:defaultTags", Tags: tt.defaults},
				TagSource{Path: "tags", Tags: tt.own})
			assert.Equal(t, tt.wantTags, got)
			assert.Equal(t, tt.wantBreaches, codes(breaches))
		})
	}
}

func TestMergeTagsBreachNamesTheProperty(t *testing.T) {
	_, breaches := MergeTags(Enforce, map[string]string{"Environment": "dev"},
		TagSource{Path: "tags", Tags: map[string]string{"Environment": "prod"}})
	require.Equal(t, 1, breaches.Len())
	msg := breaches.Items()[0].Error()
	assert.Contains(t, msg, `tags["Environment"]`)
	assert.Contains(t, msg, `"prod"`)
	assert.Contains(t, msg, "fix:")
}

func TestValidateAWSTags(t *testing.T) {
	tests := []struct {
		name string
		tags map[string]string
		want []string
	}{
		{name: "valid keys and values pass", tags: map[string]string{"Team": "a b_c.d:e/f=g+h-i@j"}},
		{name: "a key over 128 characters is rejected", tags: map[string]string{strings.Repeat("k", 129): "v"}, want: []string{"TAG002"}},
		{name: "a key of exactly 128 characters passes", tags: map[string]string{strings.Repeat("k", 128): "v"}},
		{name: "an empty key is rejected", tags: map[string]string{"": "v"}, want: []string{"TAG002"}},
		{name: "a value over 256 characters is rejected", tags: map[string]string{"k": strings.Repeat("v", 257)}, want: []string{"TAG003"}},
		{name: "a value of exactly 256 characters passes", tags: map[string]string{"k": strings.Repeat("v", 256)}},
		{name: "a key with a disallowed character is rejected", tags: map[string]string{"team#1": "v"}, want: []string{"TAG004"}},
		{name: "a value with a disallowed character is rejected", tags: map[string]string{"k": "a;b"}, want: []string{"TAG005"}},
		{name: "the aws: prefix is reserved in any case", tags: map[string]string{"AWS:owner": "v"}, want: []string{"TAG006"}},
		{name: "unicode letters are allowed", tags: map[string]string{"équipe": "données"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, codes(ValidateAWSTags("tags", tt.tags)))
		})
	}
}

func TestCheckAWSTagCount(t *testing.T) {
	tags := map[string]string{}
	for i := range 50 {
		tags[strings.Repeat("k", i+1)] = "v"
	}
	assert.Empty(t, codes(CheckAWSTagCount("tags", tags, 0)), "50 tags is the limit, not over it")
	assert.Equal(t, []string{"TAG007"}, codes(CheckAWSTagCount("tags", tags, 1)), "a 51st tag is over the limit")
}

func TestWithNameKeepsAUserNameTag(t *testing.T) {
	assert.Equal(t, "std", WithName(map[string]string{}, "std")["Name"])
	assert.Equal(t, "mine", WithName(map[string]string{"Name": "mine"}, "std")["Name"])
}
