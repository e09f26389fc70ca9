package netplan

import (
	"fmt"
	"net/netip"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// IPv6Subnets is how many /64 subnets a VPC's /56 holds.
const IPv6Subnets = 256

var RuleIPv6Index = problem.Define("NET011",
	"every subnet's IPv6 index names one of the 256 /64s in the VPC's /56",
	"use fewer tiers or a smaller azCapacity; each tier takes azCapacity, rounded up to a power of two, /64s")

// checkIPv6Index checks that tier i's last subnet still has a /64 of its own.
func (p *planner) checkIPv6Index(at string, i int) {
	if p.slots == 0 || p.azCount == 0 {
		return
	}
	last := i*p.slots + p.azCount - 1
	if last >= IPv6Subnets {
		p.errs.Addf(RuleIPv6Index, at, last,
			"is the IPv6 index of the tier's last subnet (tier %d × %d slots + AZ %d), past the %d /64s of a /56",
			i, p.slots, p.azCount-1, IPv6Subnets)
	}
}

// IPv6Subnet returns the index-th /64 of the VPC's IPv6 /56.
func IPv6Subnet(vpc6 netip.Prefix, index int) (netip.Prefix, error) {
	if !vpc6.IsValid() || !vpc6.Addr().Is6() || vpc6.Addr().Is4In6() || vpc6.Bits() != 56 {
		return netip.Prefix{}, fmt.Errorf("%s is not an IPv6 /56", vpc6)
	}
	if vpc6 != vpc6.Masked() {
		return netip.Prefix{}, fmt.Errorf("%s has host bits set; the network is %s", vpc6, vpc6.Masked())
	}
	if index < 0 || index >= IPv6Subnets {
		return netip.Prefix{}, fmt.Errorf("IPv6 subnet index %d is outside 0 to %d", index, IPv6Subnets-1)
	}
	a := vpc6.Addr().As16()
	a[7] = byte(index) // bits 56 to 63: the /64 within the /56
	return netip.PrefixFrom(netip.AddrFrom16(a), 64), nil
}
