package main

import (
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGetAvailabilityZonesListsTheRegionsZones(t *testing.T) {
	tests := []struct {
		region string
		args   map[string]any
		names  []string
		ids    []string
	}{
		// moto's answers, which map names to zone ids as AWS does for its
		// own account (the mapping differs per account in AWS).
		{"us-east-1", nil,
			[]string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"},
			[]string{"use1-az6", "use1-az1", "use1-az2", "use1-az4", "use1-az3", "use1-az5"}},
		{"us-west-2", nil,
			[]string{"us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"},
			[]string{"usw2-az2", "usw2-az1", "usw2-az3", "usw2-az4"}},
		{"us-west-2", map[string]any{"excludeNames": []any{"us-west-2b"}, "state": "available"},
			[]string{"us-west-2a", "us-west-2c", "us-west-2d"},
			[]string{"usw2-az2", "usw2-az3", "usw2-az4"}},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			s, _ := newServer(t, map[string]any{"region": tt.region})
			resp, err := s.Invoke(p.InvokeRequest{
				Token: "aws:index/getAvailabilityZones:getAvailabilityZones", Args: toMap(t, tt.args),
			})
			require.NoError(t, err)
			assert.Equal(t, tt.names, strs(resp.Return.Get("names")))
			assert.Equal(t, tt.ids, strs(resp.Return.Get("zoneIds")))
			assert.Equal(t, "available", resp.Return.Get("state").AsString())
		})
	}
}

func TestIdentityRegionAndPartitionInvokes(t *testing.T) {
	s, _ := newServer(t, map[string]any{"region": "us-west-2"})
	tests := []struct {
		token string
		want  map[string]string
	}{
		{"aws:index/getRegion:getRegion", map[string]string{"name": "us-west-2", "description": "US West (Oregon)"}},
		{"aws:index/getPartition:getPartition", map[string]string{"partition": "aws", "dnsSuffix": "amazonaws.com"}},
	}
	t.Run("the caller is moto's user in the test's account", func(t *testing.T) {
		resp, err := s.Invoke(p.InvokeRequest{Token: "aws:index/getCallerIdentity:getCallerIdentity"})
		require.NoError(t, err)
		account := resp.Return.Get("accountId").AsString()
		assert.Regexp(t, `^3[0-9]{11}$`, account)
		assert.Equal(t, "arn:aws:sts::"+account+":user/moto", resp.Return.Get("arn").AsString())
	})
	for _, tt := range tests {
		t.Run(tt.token, func(t *testing.T) {
			resp, err := s.Invoke(p.InvokeRequest{Token: tokens.Type(tt.token)})
			require.NoError(t, err)
			for k, v := range tt.want {
				assert.Equal(t, v, resp.Return.Get(k).AsString(), k)
			}
		})
	}
}
