package netplan

import (
	"bytes"
	"net/netip"
	"testing"
)

// fuzzTiers decodes tiers from bytes. A byte with the top bit clear is an
// automatic tier with mask b%34-1 (so -1 to 32, 0 being "no mask"); one with
// the top bit set is an exact tier with b&0x0f CIDRs of five bytes each (four
// of address, one of prefix length), and with bit 6 also set it has a mask too.
func fuzzTiers(data []byte) []Tier {
	var tiers []Tier
	for len(data) > 0 && len(tiers) < 20 {
		b := data[0]
		data = data[1:]
		if b&0x80 == 0 {
			tiers = append(tiers, Tier{Name: "auto", Mask: int(b%34) - 1})
			continue
		}
		t := Tier{Name: "exact"}
		if b&0x40 != 0 {
			t.Mask = 24
		}
		for range int(b & 0x0f) {
			if len(data) < 5 {
				break
			}
			addr := netip.AddrFrom4([4]byte(data[:4]))
			t.CIDRs = append(t.CIDRs, netip.PrefixFrom(addr, int(data[4]%40)))
			data = data[5:]
		}
		tiers = append(tiers, t)
	}
	return tiers
}

func FuzzPlan(f *testing.F) {
	f.Add(uint32(0x0a000000), 16, 3, 4, []byte{23, 20, 23})                                     // the default layout
	f.Add(uint32(0x0a000000), 16, 2, 4, []byte{25, 0x82, 10, 0, 255, 0, 24, 10, 0, 254, 0, 24}) // exact tier at the top
	f.Add(uint32(0x0a010200), 27, 1, 1, []byte{29, 29, 29})                                     // full smallest VPC
	f.Add(uint32(0x0a000001), 8, 0, 17, []byte{0, 33, 0xc1, 10, 0, 0, 7, 24})                   // everything wrong
	f.Add(uint32(0x0a000000), 16, 16, 16, bytes.Repeat([]byte{29}, 17))                         // IPv6 indexes overflow
	f.Fuzz(func(t *testing.T, vpcAddr uint32, vpcBits, azCount, azCapacity int, spec []byte) {
		vpc := netip.PrefixFrom(addrAt(uint64(vpcAddr)), vpcBits) // invalid unless 0 <= vpcBits <= 32
		l := Layout{VPC: vpc, Tiers: fuzzTiers(spec), AZCount: azCount, AZCapacity: azCapacity}
		subnets, errs := l.Plan()
		if errs.Len() > 0 {
			if subnets != nil {
				t.Fatalf("a failed plan returned subnets: %v", subnets)
			}
			for _, p := range errs.Items() {
				if p.Path == "" || p.Rule.Code == "" || p.Detail == "" {
					t.Fatalf("incomplete problem: %+v", p)
				}
			}
			return
		}
		if len(subnets) != len(l.Tiers)*l.AZCount {
			t.Fatalf("%d subnets for %d tiers in %d AZs", len(subnets), len(l.Tiers), l.AZCount)
		}
		for k, s := range subnets {
			if !s.CIDR.Addr().Is4() || s.CIDR != s.CIDR.Masked() || !vpc.Contains(s.CIDR.Addr()) ||
				s.CIDR.Bits() <= vpc.Bits() || s.CIDR.Bits() > MaxBits {
				t.Fatalf("subnet %s is not a network inside %s", s.CIDR, vpc)
			}
			for _, o := range subnets[:k] {
				if s.CIDR.Overlaps(o.CIDR) {
					t.Fatalf("subnet %s overlaps %s", s.CIDR, o.CIDR)
				}
				if s.IPv6Index == o.IPv6Index {
					t.Fatalf("IPv6 index %d twice", s.IPv6Index)
				}
			}
			if _, err := IPv6Subnet(netip.MustParsePrefix("2600:1f18:abcd:ef00::/56"), s.IPv6Index); err != nil {
				t.Fatal(err)
			}
		}
	})
}
