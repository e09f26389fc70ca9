package netplan

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"net/netip"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// AWS limits on VPC and subnet sizes, and the largest AZ capacity.
const (
	MinVPCBits    = 16 // the largest VPC AWS allows is a /16
	MaxBits       = 28 // the smallest VPC and subnet AWS allows is a /28
	MaxAZCapacity = 16
)

// Tier is one row of subnets, one per availability zone. Give Mask for an
// automatically placed tier or CIDRs for exact ones, not both.
type Tier struct {
	Name string
	// Type (public, private, isolated) is carried through to the subnets;
	// netplan does not interpret it.
	Type string
	// Mask is the prefix length of each subnet, e.g. 20.
	Mask int
	// CIDRs are exact subnets, one per AZ in AZ order. All of them are
	// reserved, even those beyond azCount.
	CIDRs []netip.Prefix
	// Path names the tier in problems, e.g. subnetSpecs[1]; empty means
	// tiers[i]. Problems about the mask and CIDRs append .cidrMask and
	// .cidrs[j].
	Path string
}

// Subnet is one planned subnet.
type Subnet struct {
	Tier      string // the tier's name
	Type      string
	TierIndex int
	AZIndex   int
	CIDR      netip.Prefix
	// IPv6Index is the /64 the subnet takes from the VPC's /56.
	IPv6Index int
}

// Layout is everything a plan depends on.
type Layout struct {
	VPC        netip.Prefix
	Tiers      []Tier
	AZCount    int
	AZCapacity int
	// Paths name the inputs in problems; empty ones default to vpc, azCount
	// and azCapacity.
	VPCPath, AZCountPath, AZCapacityPath string
}

// Plan plans tiers in vpc over azCount AZs with azCapacity slots per tier.
// It is Layout.Plan with the default paths.
func Plan(vpc netip.Prefix, tiers []Tier, azCount, azCapacity int) ([]Subnet, problem.List) {
	return Layout{VPC: vpc, Tiers: tiers, AZCount: azCount, AZCapacity: azCapacity}.Plan()
}

// Plan returns the subnets in tier order, then AZ order, or every problem
// with the layout and no subnets.
func (l Layout) Plan() ([]Subnet, problem.List) {
	p := planner{vpc: l.VPC}
	p.vpcOK = p.checkVPC(orDefault(l.VPCPath, "vpc"))
	p.slots = p.checkAZCapacity(orDefault(l.AZCapacityPath, "azCapacity"), l.AZCapacity)
	p.azCount = p.checkAZCount(orDefault(l.AZCountPath, "azCount"), l.AZCount, l.AZCapacity)

	blocks := make([]netip.Prefix, len(l.Tiers))
	for i, t := range l.Tiers {
		at := orDefault(t.Path, fmt.Sprintf("tiers[%d]", i))
		switch {
		case t.Mask == 0 && len(t.CIDRs) == 0:
			p.errs.Addf(RuleTierShape, at, t.Name, "gives neither a mask nor CIDRs")
		case t.Mask != 0 && len(t.CIDRs) > 0:
			p.errs.Addf(RuleTierShape, at, t.Name, "gives both a mask (/%d) and %d CIDRs", t.Mask, len(t.CIDRs))
		case t.Mask != 0:
			blocks[i] = p.placeBlock(at, t)
		default:
			p.reserveExact(at, t)
		}
		p.checkIPv6Index(at, i)
	}
	if p.errs.Len() > 0 {
		return nil, p.errs
	}

	subnets := make([]Subnet, 0, len(l.Tiers)*p.azCount)
	for i, t := range l.Tiers {
		for az := range p.azCount {
			s := Subnet{Tier: t.Name, Type: t.Type, TierIndex: i, AZIndex: az, IPv6Index: i*p.slots + az}
			if t.Mask != 0 {
				first, _ := span(blocks[i])
				s.CIDR = netip.PrefixFrom(addrAt(first+uint64(az)<<(32-t.Mask)), t.Mask)
			} else {
				s.CIDR = t.CIDRs[az]
			}
			subnets = append(subnets, s)
		}
	}
	return subnets, p.errs
}

// planner holds what is known so far while tiers are placed in order.
type planner struct {
	vpc     netip.Prefix
	vpcOK   bool
	slots   int // azCapacity rounded up to a power of two; 0 when invalid
	azCount int // 0 when invalid
	used    []reservation
	errs    problem.List
}

// reservation is address space an earlier tier holds.
type reservation struct {
	first, last uint64
	cidr        netip.Prefix
	tier        string
	block       bool // an automatic tier's whole block, not an exact CIDR
}

func (r reservation) describe() string {
	if r.block {
		return fmt.Sprintf("%s, the block tier %q reserves", r.cidr, r.tier)
	}
	return fmt.Sprintf("%s, an exact CIDR of tier %q", r.cidr, r.tier)
}

var RuleVPC = problem.Define("NET001",
	"the VPC CIDR is an IPv4 network from /16 to /28",
	"use an IPv4 network address with a prefix length from /16 to /28, e.g. 10.0.0.0/16")

func (p *planner) checkVPC(path string) bool {
	v := p.vpc
	switch {
	case !v.IsValid() || !v.Addr().Is4():
		p.errs.Addf(RuleVPC, path, v.String(), "is not an IPv4 CIDR")
	case v != v.Masked():
		p.errs.Add(problem.Problem{Rule: RuleVPC, Path: path, Value: v.String(),
			Detail: "has host bits set", Fix: fmt.Sprintf("write the network address, %s", v.Masked())})
	case v.Bits() < MinVPCBits || v.Bits() > MaxBits:
		p.errs.Addf(RuleVPC, path, v.String(), "has a prefix length of /%d, outside the /16 to /28 AWS allows", v.Bits())
	default:
		return true
	}
	return false
}

var RuleAZCapacity = problem.Define("NET002",
	"azCapacity is from 1 to 16",
	"keep the default of 4, or up to 16 if the VPC may one day span more zones")

// checkAZCapacity returns the slots per tier, or 0 when capacity is invalid.
func (p *planner) checkAZCapacity(path string, capacity int) int {
	if capacity < 1 || capacity > MaxAZCapacity {
		p.errs.Addf(RuleAZCapacity, path, capacity, "is outside 1 to %d", MaxAZCapacity)
		return 0
	}
	return 1 << bits.Len(uint(capacity-1))
}

var RuleAZCount = problem.Define("NET003",
	"azCount is from 1 to azCapacity",
	"use fewer availability zones, or raise azCapacity; azCapacity is fixed when the VPC is created, because changing it moves subnets")

// checkAZCount returns azCount, or 0 when it is invalid.
func (p *planner) checkAZCount(path string, count, capacity int) int {
	switch {
	case count < 1:
		p.errs.Add(problem.Problem{Rule: RuleAZCount, Path: path, Value: count,
			Detail: "is less than 1", Fix: "use at least one availability zone"})
	case p.slots > 0 && count > capacity:
		p.errs.Addf(RuleAZCount, path, count, "is more than azCapacity (%d)", capacity)
	default:
		return count
	}
	return 0
}

var RuleTierShape = problem.Define("NET004",
	"a tier gives exactly one of a mask and exact CIDRs",
	"set either cidrMask, to have the subnets planned, or cidrs, one per availability zone")

var RuleMask = problem.Define("NET005",
	"a subnet's prefix length is longer than the VPC's and at most /28",
	"use a prefix length longer than the VPC's and at most /28")

// checkMask checks a subnet prefix length against the VPC (or, when the VPC is
// invalid, against the largest VPC) and the smallest subnet AWS allows.
func (p *planner) checkMask(path string, value any, mask int) bool {
	vpcBits, vpcName := MinVPCBits, "largest VPC AWS allows (/16)"
	if p.vpcOK {
		vpcBits, vpcName = p.vpc.Bits(), fmt.Sprintf("VPC's (%s)", p.vpc)
	}
	fix := fmt.Sprintf("use a prefix length from /%d to /%d", vpcBits+1, MaxBits)
	switch {
	case mask <= vpcBits:
		p.errs.Add(problem.Problem{Rule: RuleMask, Path: path, Value: value, Fix: fix,
			Detail: fmt.Sprintf("has a subnet prefix length of /%d, not longer than the %s", mask, vpcName)})
	case mask > MaxBits:
		p.errs.Add(problem.Problem{Rule: RuleMask, Path: path, Value: value, Fix: fix,
			Detail: fmt.Sprintf("has a subnet prefix length of /%d, longer than /%d, the smallest subnet AWS allows in the %s", mask, MaxBits, vpcName)})
	default:
		return true
	}
	return false
}

var RuleNoRoom = problem.Define("NET006",
	"every automatic tier's block of subnets fits in the VPC",
	"use a larger VPC, or a longer cidrMask (smaller subnets) for this tier")

// placeBlock reserves the block of an automatic tier at the lowest aligned
// address no earlier tier holds.
func (p *planner) placeBlock(at string, t Tier) netip.Prefix {
	path := at + ".cidrMask"
	if !p.checkMask(path, t.Mask, t.Mask) || !p.vpcOK || p.slots == 0 {
		return netip.Prefix{}
	}
	blockBits := t.Mask - bits.TrailingZeros(uint(p.slots))
	size := uint64(1) << (32 - blockBits)
	need := fmt.Sprintf("needs %d addresses (%d availability zone slots of /%d, an aligned /%d)",
		size, p.slots, t.Mask, blockBits)
	fix := fmt.Sprintf("use a larger VPC than %s, or a cidrMask longer than /%d (smaller subnets)", p.vpc, t.Mask)
	if blockBits < p.vpc.Bits() {
		p.errs.Add(problem.Problem{Rule: RuleNoRoom, Path: path, Value: t.Mask, Fix: fix,
			Detail: fmt.Sprintf("tier %q %s, more than the VPC %s holds", t.Name, need, p.vpc)})
		return netip.Prefix{}
	}
	first, last := span(p.vpc)
	for start := first; start+size-1 <= last; {
		next, clash := start+size, false
		for _, r := range p.used {
			if r.first <= start+size-1 && start <= r.last {
				next, clash = max(next, (r.last+size)&^(size-1)), true // the next aligned start after r
			}
		}
		if !clash {
			block := netip.PrefixFrom(addrAt(start), blockBits)
			p.used = append(p.used, reservation{first: start, last: start + size - 1, cidr: block, tier: t.Name, block: true})
			return block
		}
		start = next
	}
	p.errs.Add(problem.Problem{Rule: RuleNoRoom, Path: path, Value: t.Mask, Fix: fix,
		Detail: fmt.Sprintf("tier %q %s, and earlier tiers leave no such block free in the VPC %s", t.Name, need, p.vpc)})
	return netip.Prefix{}
}

var RuleOutside = problem.Define("NET007",
	"an exact CIDR lies inside the VPC",
	"choose a CIDR inside the VPC")

var RuleOverlap = problem.Define("NET008",
	"an exact CIDR overlaps no other subnet and no earlier tier's block",
	"choose a free CIDR; automatic tiers take their blocks from the lowest free addresses, so exact CIDRs fit best at the top of the VPC")

var RuleTooFewCIDRs = problem.Define("NET009",
	"an exact tier lists a CIDR for every availability zone in use",
	"list one CIDR per availability zone; listing one for every azCapacity slot lets the VPC grow into more zones")

var RuleNetworkAddress = problem.Define("NET010",
	"an exact CIDR is a network address",
	"clear the host bits, e.g. 10.0.8.0/24 rather than 10.0.8.5/24")

// reserveExact checks an exact tier's CIDRs and reserves them.
func (p *planner) reserveExact(at string, t Tier) {
	if p.azCount > 0 && len(t.CIDRs) < p.azCount {
		p.errs.Addf(RuleTooFewCIDRs, at+".cidrs", len(t.CIDRs), "CIDRs are fewer than the %d availability zones in use", p.azCount)
	}
	for j, c := range t.CIDRs {
		path := fmt.Sprintf("%s.cidrs[%d]", at, j)
		if !p.checkExact(path, c) {
			continue
		}
		first, last := span(c)
		clash := false
		for _, r := range p.used {
			if r.first <= last && first <= r.last {
				p.errs.Addf(RuleOverlap, path, c.String(), "overlaps %s", r.describe())
				clash = true
				break
			}
		}
		if !clash {
			p.used = append(p.used, reservation{first: first, last: last, cidr: c, tier: t.Name})
		}
	}
}

// checkExact checks one exact CIDR on its own; only a CIDR that passes is
// reserved and checked for overlaps.
func (p *planner) checkExact(path string, c netip.Prefix) bool {
	if !c.IsValid() || !c.Addr().Is4() {
		p.errs.Addf(RuleOutside, path, c.String(), "is not an IPv4 CIDR")
		return false
	}
	if p.vpcOK && !p.vpc.Contains(c.Addr()) {
		p.errs.Add(problem.Problem{Rule: RuleOutside, Path: path, Value: c.String(),
			Detail: fmt.Sprintf("is not inside the VPC %s", p.vpc), Fix: fmt.Sprintf("choose a CIDR inside %s", p.vpc)})
		return false
	}
	ok := p.checkMask(path, c.String(), c.Bits())
	if c != c.Masked() {
		p.errs.Add(problem.Problem{Rule: RuleNetworkAddress, Path: path, Value: c.String(),
			Detail: "has host bits set", Fix: fmt.Sprintf("write the network address, %s", c.Masked())})
		ok = false
	}
	return ok && p.vpcOK
}

// MaskForSize returns the longest prefix length whose block holds size
// addresses: 256 gives 24, 300 gives 23.
func MaskForSize(size int) (int, error) {
	if size < 1 || uint64(size) > 1<<32 {
		return 0, fmt.Errorf("size %d is not between 1 and 2^32 addresses", size)
	}
	return 32 - bits.Len64(uint64(size-1)), nil
}

// span returns the first and last IPv4 address of p as integers.
func span(p netip.Prefix) (first, last uint64) {
	a := p.Masked().Addr().As4()
	first = uint64(binary.BigEndian.Uint32(a[:]))
	return first, first + 1<<(32-p.Bits()) - 1
}

func addrAt(v uint64) netip.Addr {
	var a [4]byte
	binary.BigEndian.PutUint32(a[:], uint32(v))
	return netip.AddrFrom4(a)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
