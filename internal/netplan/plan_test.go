package netplan

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

var pfx = netip.MustParsePrefix

func pfxs(ss ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = pfx(s)
	}
	return out
}

// cidrs lists the planned CIDRs as strings, in plan order.
func cidrs(subnets []Subnet) []string {
	out := make([]string, len(subnets))
	for i, s := range subnets {
		out[i] = s.CIDR.String()
	}
	return out
}

func ipv6Indexes(subnets []Subnet) []int {
	out := make([]int, len(subnets))
	for i, s := range subnets {
		out[i] = s.IPv6Index
	}
	return out
}

func codes(l problem.List) []string {
	var out []string
	for _, p := range l.Items() {
		out = append(out, p.Rule.Code)
	}
	return out
}

func TestPlanWorkedExamples(t *testing.T) {
	tests := []struct {
		name     string
		layout   Layout
		wantCIDR []string
		wantIPv6 []int
	}{
		{
			// The component's default layout. azCapacity 4 gives 4 slots, so
			// each tier reserves a block 2 bits shorter than its mask:
			//   public   /22 -> block /20 at the lowest free address, 10.0.0.0/20;
			//            AZs 0..2 are its first three /22s (10.0.12.0/22 stays
			//            reserved for a fourth AZ).
			//   private  /19 -> block /17; 10.0.0.0/17 overlaps public, so the
			//            next aligned /17 is 10.0.128.0/17.
			//   isolated /22 -> block /20; 10.0.0.0/20 is public's, 10.0.16.0/20
			//            is free (the gap private skipped), so it goes there.
			// IPv6 indexes are tier*4 + AZ.
			name: "default layout: 10.0.0.0/16, public /22, private /19, isolated /22, 3 AZs of 4",
			layout: Layout{VPC: pfx("10.0.0.0/16"), AZCount: 3, AZCapacity: 4, Tiers: []Tier{
				{Name: "public", Type: "public", Mask: 22},
				{Name: "private", Type: "private", Mask: 19},
				{Name: "isolated", Type: "isolated", Mask: 22},
			}},
			wantCIDR: []string{
				"10.0.0.0/22", "10.0.4.0/22", "10.0.8.0/22",
				"10.0.128.0/19", "10.0.160.0/19", "10.0.192.0/19",
				"10.0.16.0/22", "10.0.20.0/22", "10.0.24.0/22",
			},
			wantIPv6: []int{0, 1, 2, 4, 5, 6, 8, 9, 10},
		},
		{
			// azCapacity 3 rounds up to 4 slots, so the layout is the same as
			// with 4.
			name: "azCapacity rounds up to a power of two",
			layout: Layout{VPC: pfx("10.0.0.0/16"), AZCount: 2, AZCapacity: 3, Tiers: []Tier{
				{Name: "a", Mask: 24}, {Name: "b", Mask: 24},
			}},
			// a: block 10.0.0.0/22; b: block 10.0.4.0/22.
			wantCIDR: []string{"10.0.0.0/24", "10.0.1.0/24", "10.0.4.0/24", "10.0.5.0/24"},
			wantIPv6: []int{0, 1, 4, 5},
		},
		{
			// An exact tier in the middle: its CIDRs are used as given and
			// the next automatic tier is placed around them.
			//   public /24 -> block /22 at 10.0.0.0/22.
			//   db: exact, at the top of the VPC.
			//   app /24    -> block /22; 10.0.0.0/22 is public's, so 10.0.4.0/22.
			name: "exact tier between automatic tiers",
			layout: Layout{VPC: pfx("10.0.0.0/16"), AZCount: 2, AZCapacity: 4, Tiers: []Tier{
				{Name: "public", Mask: 24},
				{Name: "db", CIDRs: pfxs("10.0.255.0/24", "10.0.254.0/24", "10.0.253.0/24")},
				{Name: "app", Mask: 24},
			}},
			wantCIDR: []string{"10.0.0.0/24", "10.0.1.0/24", "10.0.255.0/24", "10.0.254.0/24", "10.0.4.0/24", "10.0.5.0/24"},
			wantIPv6: []int{0, 1, 4, 5, 8, 9},
		},
		{
			// An exact CIDR at the bottom pushes a later automatic block up:
			// block /22 at 10.0.0.0/22 would overlap 10.0.1.0/24, so the next
			// aligned /22, 10.0.4.0/22, is used. Even the CIDR listed for an
			// AZ not in use (10.0.1.0/24) is reserved.
			name: "automatic tier avoids every CIDR of an earlier exact tier",
			layout: Layout{VPC: pfx("10.0.0.0/16"), AZCount: 1, AZCapacity: 2, Tiers: []Tier{
				{Name: "edge", CIDRs: pfxs("10.0.2.0/24", "10.0.1.0/24")},
				{Name: "app", Mask: 24},
			}},
			// app: 2 slots, block /23; 10.0.0.0/23 overlaps 10.0.1.0/24 and
			// 10.0.2.0/23 overlaps 10.0.2.0/24, so 10.0.4.0/23.
			wantCIDR: []string{"10.0.2.0/24", "10.0.4.0/24"},
			wantIPv6: []int{0, 2},
		},
		{
			// The smallest VPC holds one /28 subnet with one slot.
			name: "smallest VPC and subnet",
			layout: Layout{VPC: pfx("10.1.2.0/27"), AZCount: 1, AZCapacity: 1, Tiers: []Tier{
				{Name: "a", Mask: 28}, {Name: "b", Mask: 28},
			}},
			wantCIDR: []string{"10.1.2.0/28", "10.1.2.16/28"},
			wantIPv6: []int{0, 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			subnets, errs := tt.layout.Plan()
			require.Zero(t, errs.Len(), "%v", errs.Items())
			assert.Equal(t, tt.wantCIDR, cidrs(subnets))
			assert.Equal(t, tt.wantIPv6, ipv6Indexes(subnets))
		})
	}
}

func TestPlanCarriesTierFieldsInTierThenAZOrder(t *testing.T) {
	subnets, errs := Plan(pfx("10.0.0.0/16"), []Tier{
		{Name: "web", Type: "public", Mask: 24},
		{Name: "db", Type: "isolated", CIDRs: pfxs("10.0.200.0/24", "10.0.201.0/24")},
	}, 2, 2)
	require.Zero(t, errs.Len(), "%v", errs.Items())
	assert.Equal(t, []Subnet{
		{Tier: "web", Type: "public", TierIndex: 0, AZIndex: 0, CIDR: pfx("10.0.0.0/24"), IPv6Index: 0},
		{Tier: "web", Type: "public", TierIndex: 0, AZIndex: 1, CIDR: pfx("10.0.1.0/24"), IPv6Index: 1},
		{Tier: "db", Type: "isolated", TierIndex: 1, AZIndex: 0, CIDR: pfx("10.0.200.0/24"), IPv6Index: 2},
		{Tier: "db", Type: "isolated", TierIndex: 1, AZIndex: 1, CIDR: pfx("10.0.201.0/24"), IPv6Index: 3},
	}, subnets)
}

func TestAppendingATierKeepsTheDefaultLayout(t *testing.T) {
	base := []Tier{{Name: "public", Mask: 22}, {Name: "private", Mask: 19}, {Name: "isolated", Mask: 22}}
	before, errs := Plan(pfx("10.0.0.0/16"), base, 3, 4)
	require.Zero(t, errs.Len())
	after, errs := Plan(pfx("10.0.0.0/16"), append(base, Tier{Name: "extra", Mask: 24}), 4, 4)
	require.Zero(t, errs.Len())
	for _, b := range before {
		assert.Contains(t, after, b)
	}
	// The new tier's block, a /22, takes the first free aligned space:
	// 10.0.32.0/22, after isolated's 10.0.16.0/20.
	assert.Equal(t, "10.0.32.0/24", after[len(after)-4].CIDR.String())
}

// validation lists one failing layout per case; every NET rule has at least
// one (TestEveryRuleHasAFailingCase checks).
var validation = []struct {
	name      string
	layout    Layout
	wantCode  string
	wantPath  string
	wantInMsg []string // besides the value and a fix
}{
	{"VPC must be IPv4", Layout{VPC: pfx("fd00::/56"), AZCount: 1, AZCapacity: 1},
		"NET001", "vpc", []string{`"fd00::/56"`, "IPv4"}},
	{"VPC must be valid", Layout{AZCount: 1, AZCapacity: 1},
		"NET001", "vpc", []string{"invalid Prefix"}},
	{"VPC must be a network address", Layout{VPC: pfx("10.0.0.1/16"), AZCount: 1, AZCapacity: 1},
		"NET001", "vpc", []string{`"10.0.0.1/16"`, "fix: write the network address, 10.0.0.0/16"}},
	{"VPC must not be larger than /16", Layout{VPC: pfx("10.0.0.0/8"), AZCount: 1, AZCapacity: 1},
		"NET001", "vpc", []string{`"10.0.0.0/8"`, "/16 to /28"}},
	{"VPC must not be smaller than /28", Layout{VPC: pfx("10.0.0.0/29"), AZCount: 1, AZCapacity: 1},
		"NET001", "vpc", []string{`"10.0.0.0/29"`, "/16 to /28"}},
	{"azCapacity must be at least 1", Layout{VPC: pfx("10.0.0.0/16"), AZCount: 1, AZCapacity: 0},
		"NET002", "azCapacity", []string{"azCapacity: 0 is outside 1 to 16"}},
	{"azCapacity must be at most 16", Layout{VPC: pfx("10.0.0.0/16"), AZCount: 1, AZCapacity: 17},
		"NET002", "azCapacity", []string{"azCapacity: 17 "}},
	{"azCount must be at least 1", Layout{VPC: pfx("10.0.0.0/16"), AZCount: 0, AZCapacity: 4},
		"NET003", "azCount", []string{"azCount: 0 is less than 1"}},
	{"azCount must not exceed azCapacity", Layout{VPC: pfx("10.0.0.0/16"), AZCount: 5, AZCapacity: 4},
		"NET003", "azCount", []string{"azCount: 5 is more than azCapacity (4)", "raise azCapacity", "fixed when the VPC is created", "fewer availability zones"}},
	{"a tier needs a mask or CIDRs", Layout{VPC: pfx("10.0.0.0/16"), AZCount: 1, AZCapacity: 1, Tiers: []Tier{{Name: "a"}}},
		"NET004", "tiers[0]", []string{"neither"}},
	{"a tier cannot have both a mask and CIDRs", Layout{VPC: pfx("10.0.0.0/16"), AZCount: 1, AZCapacity: 1,
		Tiers: []Tier{{Name: "a", Mask: 24, CIDRs: pfxs("10.0.0.0/24")}}},
		"NET004", "tiers[0]", []string{"both", "/24"}},
	{"mask must be longer than the VPC's", Layout{VPC: pfx("10.0.0.0/16"), AZCount: 1, AZCapacity: 1,
		Tiers: []Tier{{Name: "a", Mask: 16}}},
		"NET005", "tiers[0].cidrMask", []string{"/16", "10.0.0.0/16", "from /17 to /28"}},
	{"mask must not be shorter than the VPC's", Layout{VPC: pfx("10.0.0.0/20"), AZCount: 1, AZCapacity: 1,
		Tiers: []Tier{{Name: "a", Mask: 12}}},
		"NET005", "tiers[0].cidrMask", []string{"/12", "10.0.0.0/20", "from /21 to /28"}},
	{"mask must be at most /28", Layout{VPC: pfx("10.0.0.0/16"), AZCount: 1, AZCapacity: 1,
		Tiers: []Tier{{Name: "a", Mask: 29}}},
		"NET005", "tiers[0].cidrMask", []string{"/29", "/28", "10.0.0.0/16"}},
	{"exact CIDR must be at most /28", Layout{VPC: pfx("10.0.0.0/16"), AZCount: 1, AZCapacity: 1,
		Tiers: []Tier{{Name: "a", CIDRs: pfxs("10.0.0.0/29")}}},
		"NET005", "tiers[0].cidrs[0]", []string{`"10.0.0.0/29"`, "/28"}},
	{"exact CIDR must be smaller than the VPC", Layout{VPC: pfx("10.0.0.0/16"), AZCount: 1, AZCapacity: 1,
		Tiers: []Tier{{Name: "a", CIDRs: pfxs("10.0.0.0/16")}}},
		"NET005", "tiers[0].cidrs[0]", []string{`"10.0.0.0/16"`, "not longer than the VPC's"}},
	{"a block larger than the VPC does not fit", Layout{VPC: pfx("10.0.0.0/24"), AZCount: 1, AZCapacity: 4,
		Tiers: []Tier{{Name: "app", Mask: 25}}},
		"NET006", "tiers[0].cidrMask", []string{"needs 512 addresses", "4 availability zone slots of /25", "larger VPC than 10.0.0.0/24", "cidrMask longer than /25"}},
	{"a block does not fit once earlier tiers fill the VPC", Layout{VPC: pfx("10.0.0.0/16"), AZCount: 1, AZCapacity: 1,
		Tiers: []Tier{{Name: "a", Mask: 17}, {Name: "b", Mask: 18}, {Name: "c", Mask: 17}}},
		"NET006", "tiers[2].cidrMask", []string{`tier "c" needs 32768 addresses`, "earlier tiers leave no such block", "larger VPC"}},
	{"exact CIDR must be inside the VPC", Layout{VPC: pfx("10.0.0.0/16"), AZCount: 1, AZCapacity: 1,
		Tiers: []Tier{{Name: "a", CIDRs: pfxs("192.168.0.0/24")}}},
		"NET007", "tiers[0].cidrs[0]", []string{`"192.168.0.0/24"`, "10.0.0.0/16"}},
	{"exact CIDR must be IPv4", Layout{VPC: pfx("10.0.0.0/16"), AZCount: 1, AZCapacity: 1,
		Tiers: []Tier{{Name: "a", CIDRs: pfxs("fd00::/64")}}},
		"NET007", "tiers[0].cidrs[0]", []string{`"fd00::/64"`, "IPv4"}},
	{"exact CIDR must not overlap an earlier tier's whole block", Layout{VPC: pfx("10.0.0.0/16"), AZCount: 2, AZCapacity: 4,
		Tiers: []Tier{{Name: "public", Mask: 24}, {Name: "db", CIDRs: pfxs("10.0.3.0/24", "10.0.9.0/24")}}},
		// public uses 10.0.0.0/24 and 10.0.1.0/24 but reserves all of 10.0.0.0/22.
		"NET008", "tiers[1].cidrs[0]", []string{`"10.0.3.0/24"`, `10.0.0.0/22, the block tier "public" reserves`}},
	{"exact CIDR must not overlap an earlier exact tier", Layout{VPC: pfx("10.0.0.0/16"), AZCount: 1, AZCapacity: 1,
		Tiers: []Tier{{Name: "a", CIDRs: pfxs("10.0.0.0/20")}, {Name: "b", CIDRs: pfxs("10.0.4.0/24")}}},
		"NET008", "tiers[1].cidrs[0]", []string{`"10.0.4.0/24"`, `10.0.0.0/20, an exact CIDR of tier "a"`}},
	{"exact CIDRs of one tier must not overlap each other", Layout{VPC: pfx("10.0.0.0/16"), AZCount: 2, AZCapacity: 2,
		Tiers: []Tier{{Name: "a", CIDRs: pfxs("10.0.0.0/24", "10.0.0.128/25")}}},
		"NET008", "tiers[0].cidrs[1]", []string{`"10.0.0.128/25"`, `10.0.0.0/24, an exact CIDR of tier "a"`}},
	{"exact tier needs a CIDR per AZ in use", Layout{VPC: pfx("10.0.0.0/16"), AZCount: 3, AZCapacity: 4,
		Tiers: []Tier{{Name: "a", CIDRs: pfxs("10.0.0.0/24", "10.0.1.0/24")}}},
		"NET009", "tiers[0].cidrs", []string{"2 CIDRs are fewer than the 3 availability zones"}},
	{"exact CIDR must be a network address", Layout{VPC: pfx("10.0.0.0/16"), AZCount: 1, AZCapacity: 1,
		Tiers: []Tier{{Name: "a", CIDRs: pfxs("10.0.8.5/24")}}},
		"NET010", "tiers[0].cidrs[0]", []string{`"10.0.8.5/24"`, "fix: write the network address, 10.0.8.0/24"}},
	{"IPv6 indexes must fit in a /56", Layout{VPC: pfx("10.0.0.0/16"), AZCount: 1, AZCapacity: 16,
		Tiers: manyTiers(17, 28)},
		// tier 16 starts at index 16*16 = 256.
		"NET011", "tiers[16]", []string{"256", "tier 16 × 16 slots + AZ 0", "fewer tiers or a smaller azCapacity"}},
}

func manyTiers(n, mask int) []Tier {
	tiers := make([]Tier, n)
	for i := range tiers {
		tiers[i] = Tier{Name: fmt.Sprintf("t%d", i), Mask: mask}
	}
	return tiers
}

func TestValidationRules(t *testing.T) {
	for _, tt := range validation {
		t.Run(tt.name, func(t *testing.T) {
			subnets, errs := tt.layout.Plan()
			assert.Nil(t, subnets, "a failed plan returns no subnets")
			require.Equal(t, []string{tt.wantCode}, codes(errs), "%v", errs.Items())
			p := errs.Items()[0]
			assert.Equal(t, tt.wantPath, p.Path)
			msg := p.Error()
			assert.NotNil(t, p.Value, "the problem names the offending value")
			assert.Contains(t, msg, fmt.Sprint(p.Value))
			assert.Contains(t, msg, "["+tt.wantCode+"]; fix: ", "the message has a fix")
			for _, s := range tt.wantInMsg {
				assert.Contains(t, msg, s)
			}
		})
	}
}

func TestEveryRuleHasAFailingCase(t *testing.T) {
	tested := map[string]bool{}
	for _, tt := range validation {
		tested[tt.wantCode] = true
	}
	n := 0
	for _, r := range problem.Rules() {
		if strings.HasPrefix(r.Code, "NET") {
			n++
			assert.True(t, tested[r.Code], "rule %s (%s) has no failing case", r.Code, r.Summary)
			assert.NotEmpty(t, r.Fix, "rule %s has no fix", r.Code)
		}
	}
	assert.Equal(t, 11, n)
}

func TestPlanReportsEveryProblemAtOnce(t *testing.T) {
	_, errs := Layout{VPC: pfx("10.0.0.0/16"), AZCount: 5, AZCapacity: 4, Tiers: []Tier{
		{Name: "a"},
		{Name: "b", Mask: 30},
		{Name: "c", CIDRs: pfxs("192.168.0.0/24", "10.0.0.7/24")},
		{Name: "d", Mask: 24},
	}}.Plan()
	assert.Equal(t, []string{"NET003", "NET004", "NET005", "NET007", "NET010"}, codes(errs))
}

func TestPlanChecksTiersEvenWhenTheVPCIsInvalid(t *testing.T) {
	_, errs := Layout{VPC: pfx("10.0.0.0/8"), AZCount: 1, AZCapacity: 0, Tiers: []Tier{
		{Name: "a", Mask: 29},
		{Name: "b", Mask: 24, CIDRs: pfxs("10.0.0.0/24")},
		{Name: "c", CIDRs: pfxs("10.0.0.1/24")},
	}}.Plan()
	assert.Equal(t, []string{"NET001", "NET002", "NET005", "NET004", "NET010"}, codes(errs))
}

func TestProblemsUseTheCallersPaths(t *testing.T) {
	_, errs := Layout{
		VPC: pfx("10.0.0.1/16"), AZCount: 0, AZCapacity: 99,
		VPCPath: "cidrBlock", AZCountPath: "numberOfAvailabilityZones", AZCapacityPath: "availabilityZoneCapacity",
		Tiers: []Tier{
			{Name: "a", Mask: 12, Path: "subnetSpecs[0]"},
			{Name: "b", CIDRs: pfxs("10.0.0.1/24"), Path: "subnetSpecs[1]"},
			{Name: "c"},
		},
	}.Plan()
	var paths []string
	for _, p := range errs.Items() {
		paths = append(paths, p.Path)
	}
	assert.Equal(t, []string{"cidrBlock", "availabilityZoneCapacity", "numberOfAvailabilityZones",
		"subnetSpecs[0].cidrMask", "subnetSpecs[1].cidrs[0]", "tiers[2]"}, paths)
}

func TestMaskForSize(t *testing.T) {
	tests := []struct {
		size int
		want int
	}{
		{1, 32}, {2, 31}, {16, 28}, {17, 27}, {256, 24}, {257, 23}, {300, 23}, {512, 23},
		{4096, 20}, {65536, 16}, {1 << 32, 0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.size), func(t *testing.T) {
			got, err := MaskForSize(tt.size)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	for _, size := range []int{0, -1, 1<<32 + 1} {
		t.Run(fmt.Sprintf("size %d is an error", size), func(t *testing.T) {
			_, err := MaskForSize(size)
			assert.ErrorContains(t, err, fmt.Sprint(size))
		})
	}
}
