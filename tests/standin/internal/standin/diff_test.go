package standin

import (
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDiffReportsChangedPropertiesAndReplacements(t *testing.T) {
	base := map[string]any{
		"bucket": "logs-abc1234", "__defaults": []any{"bucket"}, "forceDestroy": false,
		"tags": map[string]any{"team": "a"},
	}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for bk, bv := range base {
			m[bk] = bv
		}
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name   string
		news   map[string]any
		ignore []string
		want   map[string]p.DiffKind
	}{
		{"identical inputs are no change", base, nil, map[string]p.DiffKind{}},
		{"a changed property is an update", with("forceDestroy", true), nil,
			map[string]p.DiffKind{"forceDestroy": p.Update}},
		{"a changed nested value is an update of its top-level property",
			with("tags", map[string]any{"team": "b"}), nil, map[string]p.DiffKind{"tags": p.Update}},
		{"a changed replace-on-change property is a replacement", with("bucket", "other"), nil,
			map[string]p.DiffKind{"bucket": p.UpdateReplace}},
		{"an added replace-on-change property is a replacement", with("objectLockEnabled", true), nil,
			map[string]p.DiffKind{"objectLockEnabled": p.AddReplace}},
		{"an added property is an add", with("acl", "private"), nil, map[string]p.DiffKind{"acl": p.Add}},
		{"a removed property is a delete", with("forceDestroy", nil), nil,
			map[string]p.DiffKind{"forceDestroy": p.Delete}},
		{"bookkeeping keys are ignored", with("__defaults", []any{}), nil, map[string]p.DiffKind{}},
		{"the same value made secret is no change", with("bucket", property.New("logs-abc1234").WithSecret(true)), nil,
			map[string]p.DiffKind{}},
		{"an unknown replace-on-change value is a replacement", with("bucket", property.New(property.Computed)), nil,
			map[string]p.DiffKind{"bucket": p.UpdateReplace}},
		{"ignored properties are skipped", with("forceDestroy", true), []string{"forceDestroy"},
			map[string]p.DiffKind{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, Options{}, nil)
			resp, err := s.Diff(p.DiffRequest{
				ID: "logs-abc1234", Urn: urn(bucketType, "logs"),
				State: props(base), OldInputs: props(base), Inputs: props(tt.news), IgnoreChanges: tt.ignore,
			})
			require.NoError(t, err)
			got := map[string]p.DiffKind{}
			for k, d := range resp.DetailedDiff {
				got[k] = d.Kind
				assert.True(t, d.InputDiff)
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, len(tt.want) > 0, resp.HasChanges)
			assert.False(t, resp.DeleteBeforeReplace)
		})
	}
}

func TestDiffWithoutOldInputsComparesOnlyTheProgramsKeysAgainstState(t *testing.T) {
	s := newServer(t, Options{}, nil)
	state := props(map[string]any{"cidrBlock": "10.0.0.0/16", "arn": "arn:x", "tagsAll": map[string]any{}})
	resp, err := s.Diff(p.DiffRequest{
		ID: "vpc-1", Urn: urn(vpcType, "vpc"), State: state, Inputs: props(map[string]any{"cidrBlock": "10.0.0.0/16"}),
	})
	require.NoError(t, err)
	assert.False(t, resp.HasChanges, "computed outputs in the state are not removed inputs")

	resp, err = s.Diff(p.DiffRequest{
		ID: "vpc-1", Urn: urn(vpcType, "vpc"), State: state, Inputs: props(map[string]any{"cidrBlock": "10.1.0.0/16"}),
	})
	require.NoError(t, err)
	assert.Equal(t, p.UpdateReplace, resp.DetailedDiff["cidrBlock"].Kind)
}

func TestDiffConfigNeverReplacesTheProvider(t *testing.T) {
	s := newServer(t, Options{}, nil)
	olds := props(map[string]any{"region": "us-east-1", "__pulumi-go-provider-version": "1.5.0"})

	resp, err := s.DiffConfig(p.DiffRequest{OldInputs: olds, State: olds, Inputs: olds})
	require.NoError(t, err)
	assert.False(t, resp.HasChanges)

	resp, err = s.DiffConfig(p.DiffRequest{OldInputs: olds, State: olds, Inputs: props(map[string]any{"region": "us-west-2"})})
	require.NoError(t, err)
	assert.True(t, resp.HasChanges)
	assert.Equal(t, map[string]p.PropertyDiff{"region": {Kind: p.Update, InputDiff: true}}, resp.DetailedDiff)
}
