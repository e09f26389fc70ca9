package aws_test

import (
	"strconv"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/orgiac/pulumi-orgiac/internal/testharness"
	"github.com/orgiac/pulumi-orgiac/provider"
)

// Construct benchmarks: a whole component Construct through the go-provider
// integration server with mocked resources (every child registration is a
// round trip to the mock monitor). Run by `make bench` (bench/run.sh).

func benchHarness(b *testing.B) *testharness.Harness {
	b.Helper()
	prov, err := provider.New()
	if err != nil {
		b.Fatal(err)
	}
	return testharness.New(b, prov, baseConfig())
}

func BenchmarkConstructSecureBucket(b *testing.B) {
	h := benchHarness(b)
	h.Outputs = awsOutputs
	inputs := map[string]property.Value{
		"tags": property.New(map[string]property.Value{"DataClassification": property.New("internal")}),
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if _, err := h.Construct(secureBkt, "bucket"+strconv.Itoa(i), inputs); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkConstructSecureVpc(b *testing.B) {
	h := benchHarness(b)
	h.Outputs = vpcOutputs
	h.Invoke = regionInvokes(oregonZones...)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if _, err := h.Construct(secureVpc, "vpc"+strconv.Itoa(i), map[string]property.Value{}); err != nil {
			b.Fatal(err)
		}
	}
}
