package standin

import (
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckAutonamesBuckets(t *testing.T) {
	tests := []struct {
		name       string
		logical    string
		inputs     map[string]any
		wantBucket string // regexp
		wantDefs   []any
	}{
		{
			name:       "no name: lowercased logical name plus 7 random hex",
			logical:    "AuditLogs",
			inputs:     map[string]any{},
			wantBucket: `^auditlogs-[0-9a-f]{7}$`,
			wantDefs:   []any{"bucket"},
		},
		{
			name:       "bucketPrefix: prefix plus 26-digit unique suffix",
			logical:    "logs",
			inputs:     map[string]any{"bucketPrefix": "team-a-"},
			wantBucket: `^team-a-[0-9]{26}$`,
			wantDefs:   []any{"bucket"},
		},
		{
			name:       "explicit bucket is kept as is",
			logical:    "logs",
			inputs:     map[string]any{"bucket": "My-Explicit"},
			wantBucket: `^My-Explicit$`,
			wantDefs:   []any{},
		},
		{
			name:       "long logical names are trimmed to fit 63 characters",
			logical:    "a-very-long-logical-name-that-goes-on-and-on-and-on-and-on-forever",
			inputs:     map[string]any{},
			wantBucket: `^a-very-long-logical-name-that-goes-on-and-on-and-on-and-[0-9a-f]{7}$`,
			wantDefs:   []any{"bucket"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, Options{}, nil)
			resp, err := s.Check(p.CheckRequest{Urn: urn(bucketType, tt.logical), Inputs: props(tt.inputs)})
			require.NoError(t, err)
			bucket := resp.Inputs.Get("bucket").AsString()
			assert.Regexp(t, tt.wantBucket, bucket)
			assert.LessOrEqual(t, len(bucket), 63)
			assert.Equal(t, tt.wantDefs, toPlain(resp.Inputs.Get("__defaults")))
		})
	}
}

func TestCheckReusesAutonameOnlyWhileItsInputsAreUnchanged(t *testing.T) {
	s := newServer(t, Options{}, nil)
	first, err := s.Check(p.CheckRequest{Urn: urn(bucketType, "logs"), Inputs: props(map[string]any{})})
	require.NoError(t, err)
	name := first.Inputs.Get("bucket").AsString()

	tests := []struct {
		name   string
		olds   property.Map
		news   map[string]any
		reused bool
	}{
		{"unchanged inputs reuse the old name", first.Inputs, map[string]any{"tags": map[string]any{"a": "b"}}, true},
		{"a new bucketPrefix makes a new name", first.Inputs, map[string]any{"bucketPrefix": "p-"}, false},
		{
			"an old explicit name is not reused once removed",
			props(map[string]any{"bucket": name, "__defaults": []any{}}), map[string]any{}, false,
		},
		{"old inputs without __defaults are trusted", props(map[string]any{"bucket": name}), map[string]any{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := s.Check(p.CheckRequest{Urn: urn(bucketType, "logs"), State: tt.olds, Inputs: props(tt.news)})
			require.NoError(t, err)
			assert.Equal(t, tt.reused, resp.Inputs.Get("bucket").AsString() == name)
		})
	}
}

func TestCheckLeavesTypesWithoutAutonameUntouched(t *testing.T) {
	s := newServer(t, Options{}, nil)
	in := props(map[string]any{"bucket": "b", "policy": "{}"})
	resp, err := s.Check(p.CheckRequest{Urn: urn(policyType, "pol"), Inputs: in})
	require.NoError(t, err)
	assert.True(t, in.Equals(resp.Inputs))
}

func TestAutoNameShapesForOtherClouds(t *testing.T) {
	tests := []struct {
		name    string
		rule    AutoName
		logical string
		want    string // regexp
		max     int
	}{
		{"zero options keep the dash and 7 hex", AutoName{Property: "name"}, "Net", `^Net-[0-9a-f]{7}$`, 0},
		{"no separator and 8 hex, as azure-native names", AutoName{Property: "name", NoSeparator: true, SuffixLength: 8},
			"vnet", `^vnet[0-9a-f]{8}$`, 0},
		{"storage accounts: alphanumerics only, lowercase, 24 characters",
			AutoName{Property: "accountName", AlphanumericOnly: true, Lowercase: true, NoSeparator: true, SuffixLength: 8, MaxLength: 24},
			"Data_Lake-Raw.Zone-2024", `^datalakerawzone2[0-9a-f]{8}$`, 24},
		{"a logical name with no alphanumerics leaves only the suffix",
			AutoName{Property: "accountName", AlphanumericOnly: true, NoSeparator: true, SuffixLength: 8, MaxLength: 24},
			"--", `^[0-9a-f]{8}$`, 24},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := autoName(&tt.rule, tt.logical)
			assert.Regexp(t, tt.want, got)
			if tt.max > 0 {
				assert.LessOrEqual(t, len(got), tt.max)
			}
		})
	}
}
