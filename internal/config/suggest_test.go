package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "", 3},
		{"", "abc", 3},
		{"cidr_blok", "cidr_block", 1},
		{"kitten", "sitting", 3},
		{"audti", "audit", 1}, // one swap
		{"ca", "abc", 3},      // optimal string alignment: no edit of a swapped pair
		{"région", "region", 1},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, EditDistance(tt.a, tt.b), "%q -> %q", tt.a, tt.b)
		assert.Equal(t, tt.want, EditDistance(tt.b, tt.a), "symmetric: %q -> %q", tt.b, tt.a)
	}
}

func TestClosest(t *testing.T) {
	keys := []string{"cidr_block", "enabled", "instance_tenancy", "nat_gateways", "availability_zones", "region", "eks", "s3", "vpc"}
	tests := []struct {
		name, want string
		ok         bool
	}{
		{"cidr_blok", "cidr_block", true},
		{"CIDR_BLOCK", "cidr_block", true}, // case
		{"cidrBlock", "cidr_block", true},  // camel for snake
		{"regoin", "region", true},
		{"enabeld", "enabled", true},
		{"vpcs", "vpc", true},
		{"x", "", false},     // too short to guess
		{"zzzzz", "", false}, // nothing close
		{"eks", "", false},   // itself is not a suggestion
	}
	for _, tt := range tests {
		got, ok := Closest(tt.name, keys)
		assert.Equal(t, tt.ok, ok, tt.name)
		assert.Equal(t, tt.want, got, tt.name)
	}
	got, _ := Closest("costcenter", []string{"costCenter", "owner"})
	assert.Equal(t, "costCenter", got)
}
