package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

func TestConfigureReadsRegionProfileAndDefaultTags(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		args   map[string]any
		region string
		tags   map[string]string
	}{
		{"nothing set defaults to us-east-1", nil, map[string]any{}, "us-east-1", map[string]string{}},
		{"AWS_REGION is used when config has no region", map[string]string{"AWS_REGION": "eu-central-1"},
			map[string]any{}, "eu-central-1", map[string]string{}},
		{"config region wins over AWS_REGION", map[string]string{"AWS_REGION": "eu-central-1"},
			map[string]any{"region": "us-west-2"}, "us-west-2", map[string]string{}},
		{"defaultTags as an object", nil,
			map[string]any{"defaultTags": map[string]any{"tags": map[string]any{"owner": "platform"}}},
			"us-east-1", map[string]string{"owner": "platform"}},
		{"defaultTags as a JSON string", nil,
			map[string]any{"defaultTags": `{"tags":{"owner":"platform"}}`},
			"us-east-1", map[string]string{"owner": "platform"}},
		{"unknown keys are ignored", nil,
			map[string]any{"skipCredentialsValidation": true, "accessKey": "AKIA", "profile": "dev"},
			"us-east-1", map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("AWS_REGION", "")
			t.Setenv("AWS_DEFAULT_REGION", "")
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			got, err := configure(toMap(t, tt.args))
			require.NoError(t, err)
			assert.Equal(t, tt.region, got.Region)
			assert.Equal(t, tt.tags, got.DefaultTags)
		})
	}
}

func TestConfigureKeepsTheProfile(t *testing.T) {
	got, err := configure(toMap(t, map[string]any{"profile": "dev", "region": "us-east-2"}))
	require.NoError(t, err)
	assert.Equal(t, standin.Settings{
		Region:      "us-east-2",
		DefaultTags: map[string]string{},
		Values:      map[string]string{"region": "us-east-2", "profile": "dev"},
	}, got)
}

func TestConfigureRejectsMalformedDefaultTags(t *testing.T) {
	_, err := configure(toMap(t, map[string]any{"defaultTags": "{tags"}))
	assert.ErrorContains(t, err, "parsing defaultTags")
}
