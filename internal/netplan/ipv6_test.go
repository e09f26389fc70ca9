package netplan

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIPv6Subnet(t *testing.T) {
	tests := []struct {
		vpc   string
		index int
		want  string
	}{
		{"2600:1f18:abcd:ef00::/56", 0, "2600:1f18:abcd:ef00::/64"},
		{"2600:1f18:abcd:ef00::/56", 1, "2600:1f18:abcd:ef01::/64"},
		{"2600:1f18:abcd:ef00::/56", 10, "2600:1f18:abcd:ef0a::/64"},
		{"2600:1f18:abcd:ef00::/56", 255, "2600:1f18:abcd:efff::/64"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got, err := IPv6Subnet(pfx(tt.vpc), tt.index)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.String())
			assert.True(t, pfx(tt.vpc).Contains(got.Addr()))
		})
	}
}

func TestIPv6SubnetErrors(t *testing.T) {
	tests := []struct {
		name  string
		vpc   string
		index int
		want  string
	}{
		{"index below 0", "2600:1f18:abcd:ef00::/56", -1, "-1 is outside 0 to 255"},
		{"index past the /56", "2600:1f18:abcd:ef00::/56", 256, "256 is outside 0 to 255"},
		{"not a /56", "2600:1f18:abcd::/48", 0, "not an IPv6 /56"},
		{"IPv4", "10.0.0.0/16", 0, "not an IPv6 /56"},
		{"IPv4-mapped", "::ffff:10.0.0.0/56", 0, "not an IPv6 /56"},
		{"host bits set", "2600:1f18:abcd:ef01::/56", 0, "network is 2600:1f18:abcd:ef00::/56"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := IPv6Subnet(pfx(tt.vpc), tt.index)
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestEveryPlannedIPv6IndexHasASubnet(t *testing.T) {
	subnets, errs := Plan(pfx("10.0.0.0/16"), manyTiers(16, 28), 16, 16)
	require.Zero(t, errs.Len())
	seen := map[string]bool{}
	for _, s := range subnets {
		p, err := IPv6Subnet(pfx("2600:1f18:abcd:ef00::/56"), s.IPv6Index)
		require.NoError(t, err)
		assert.False(t, seen[p.String()], "%s twice", p)
		seen[p.String()] = true
	}
	assert.Len(t, seen, 256)
}
