package netplan

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const propertyCases = 3000

// gen builds random layouts that mostly plan: automatic masks are biased
// towards sizes that fit, and exact tiers take CIDRs from the top of the VPC,
// where first fit places automatic blocks last.
type gen struct {
	r   *rand.Rand
	top uint64 // exact CIDRs are carved downwards from here
}

func newGen(seed uint64) *gen { return &gen{r: rand.New(rand.NewPCG(seed, 0x6e6574706c616e))} }

func (g *gen) layout() Layout {
	vpcBits := MinVPCBits + g.r.IntN(9) // /16 to /24
	addr := addrAt(uint64(g.r.Uint32()))
	l := Layout{VPC: netip.PrefixFrom(addr, vpcBits).Masked(), AZCapacity: 1 + g.r.IntN(MaxAZCapacity)}
	l.AZCount = 1 + g.r.IntN(l.AZCapacity)
	_, last := span(l.VPC)
	g.top = last + 1
	for range 1 + g.r.IntN(6) {
		l.Tiers = append(l.Tiers, g.tier(l))
	}
	return l
}

func (g *gen) tier(l Layout) Tier {
	name := fmt.Sprintf("t%d", len(l.Tiers))
	slotBits := bits.Len(uint(l.AZCapacity - 1))
	if g.r.IntN(5) == 0 {
		// Exact: a CIDR for every slot, so the tier can grow into more AZs.
		mask := min(MaxBits, l.VPC.Bits()+slotBits+2+g.r.IntN(4))
		size := uint64(1) << (32 - mask)
		t := Tier{Name: name, Type: "isolated"}
		for range l.AZCapacity {
			g.top = (g.top - size) &^ (size - 1)
			t.CIDRs = append(t.CIDRs, netip.PrefixFrom(addrAt(g.top), mask))
		}
		return t
	}
	// Automatic: mostly a block of up to a quarter of the VPC, sometimes any
	// mask, which often does not fit.
	mask := l.VPC.Bits() + 1 + g.r.IntN(MaxBits-l.VPC.Bits())
	if g.r.IntN(4) != 0 {
		mask = min(MaxBits, l.VPC.Bits()+slotBits+2+g.r.IntN(6))
	}
	return Tier{Name: name, Type: "private", Mask: mask}
}

// assertSound checks a successful plan: one subnet per tier and AZ in order,
// each inside the VPC, none overlapping, IPv6 indexes distinct and in range,
// and each tier's subnets of its mask or its exact CIDRs.
func assertSound(t *testing.T, l Layout, subnets []Subnet) {
	t.Helper()
	require.Len(t, subnets, len(l.Tiers)*l.AZCount)
	ipv6 := map[int]bool{}
	for k, s := range subnets {
		tier := l.Tiers[s.TierIndex]
		require.Equal(t, k/l.AZCount, s.TierIndex, "order")
		require.Equal(t, k%l.AZCount, s.AZIndex, "order")
		require.Equal(t, tier.Name, s.Tier)
		require.Equal(t, tier.Type, s.Type)
		if tier.Mask != 0 {
			require.Equal(t, tier.Mask, s.CIDR.Bits())
		} else {
			require.Equal(t, tier.CIDRs[s.AZIndex], s.CIDR)
		}
		require.True(t, s.CIDR.Addr().Is4() && s.CIDR == s.CIDR.Masked(), "%s is a network", s.CIDR)
		require.True(t, l.VPC.Contains(s.CIDR.Addr()) && s.CIDR.Bits() > l.VPC.Bits() && s.CIDR.Bits() <= MaxBits,
			"%s inside %s", s.CIDR, l.VPC)
		for _, o := range subnets[:k] {
			require.False(t, s.CIDR.Overlaps(o.CIDR), "%s overlaps %s", s.CIDR, o.CIDR)
		}
		require.True(t, s.IPv6Index >= 0 && s.IPv6Index < IPv6Subnets && !ipv6[s.IPv6Index], "IPv6 index %d", s.IPv6Index)
		ipv6[s.IPv6Index] = true
	}
}

func cloneTiers(tiers []Tier) []Tier {
	out := slices.Clone(tiers)
	for i := range out {
		out[i].CIDRs = slices.Clone(out[i].CIDRs)
	}
	return out
}

// forRandomLayouts runs property over the random layouts that plan, and
// fails if too few plan, so the properties are not vacuously true.
func forRandomLayouts(t *testing.T, seed uint64, property func(t *testing.T, g *gen, l Layout, subnets []Subnet)) {
	g := newGen(seed)
	ok, exact := 0, 0
	for i := range propertyCases {
		l := g.layout()
		subnets, errs := l.Plan()
		if errs.Len() > 0 {
			require.Nil(t, subnets)
			continue
		}
		ok++
		if slices.ContainsFunc(l.Tiers, func(t Tier) bool { return len(t.CIDRs) > 0 }) {
			exact++
		}
		func() {
			defer func() {
				if t.Failed() {
					t.Logf("random layout %d: %+v", i, l)
				}
			}()
			property(t, g, l, subnets)
		}()
	}
	t.Logf("%d of %d random layouts planned, %d of them with exact tiers", ok, propertyCases, exact)
	require.Greater(t, ok, propertyCases/3, "too few random layouts planned")
	require.Greater(t, exact, propertyCases/20, "too few random layouts with exact tiers planned")
}

func TestPropertySubnetsLieInsideTheVPCAndNeverOverlap(t *testing.T) {
	forRandomLayouts(t, 1, func(t *testing.T, _ *gen, l Layout, subnets []Subnet) {
		assertSound(t, l, subnets)
	})
}

func TestPropertyAppendingATierNeverMovesAnExistingSubnet(t *testing.T) {
	grown := 0
	forRandomLayouts(t, 2, func(t *testing.T, g *gen, l Layout, before []Subnet) {
		bigger := l
		bigger.Tiers = append(cloneTiers(l.Tiers), g.tier(l))
		after, errs := bigger.Plan()
		if errs.Len() > 0 {
			// Only the new tier can be at fault.
			newPath := fmt.Sprintf("tiers[%d]", len(l.Tiers))
			for _, p := range errs.Items() {
				require.True(t, strings.HasPrefix(p.Path, newPath), "%v", p)
			}
			return
		}
		grown++
		assertSound(t, bigger, after)
		require.Equal(t, before, after[:len(before)], "existing subnets moved")
	})
	t.Logf("%d grew by a tier", grown)
	require.Greater(t, grown, propertyCases/4)
}

func TestPropertyRaisingAZCountOnlyAddsSubnets(t *testing.T) {
	forRandomLayouts(t, 3, func(t *testing.T, _ *gen, l Layout, before []Subnet) {
		for n := l.AZCount + 1; n <= l.AZCapacity; n++ {
			more := l
			more.AZCount = n
			after, errs := more.Plan()
			require.Zero(t, errs.Len(), "a layout that plans with %d AZs plans with %d: %v", l.AZCount, n, errs.Items())
			assertSound(t, more, after)
			for _, s := range before {
				require.Equal(t, s, after[s.TierIndex*n+s.AZIndex], "subnet moved")
			}
		}
	})
}

func TestPropertyPlanIsDeterministicAndLeavesItsInputAlone(t *testing.T) {
	forRandomLayouts(t, 4, func(t *testing.T, _ *gen, l Layout, first []Subnet) {
		tiers := cloneTiers(l.Tiers)
		again, errs := l.Plan()
		require.Zero(t, errs.Len())
		require.Equal(t, first, again)
		require.Equal(t, tiers, l.Tiers)
	})
}

// The failure side of determinism: the same bad layout gives the same
// problems in the same order.
func TestPropertyProblemsAreDeterministic(t *testing.T) {
	g := newGen(5)
	for range propertyCases {
		l := g.layout()
		l.AZCount += g.r.IntN(3) - 1 // sometimes 0 or past capacity
		_, first := l.Plan()
		_, again := l.Plan()
		assert.Equal(t, first.Items(), again.Items())
	}
}
