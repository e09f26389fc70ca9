package azure

import (
	"testing"

	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

// Plan benchmarks for the Azure components (validation, defaults, address
// layout, tags, compliance assessment). Run by `make bench` (bench/run.sh).

func BenchmarkPlanSecureVnet(b *testing.B) {
	cfg := testConfig(standards.Enforce)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, probs := unpack(assessSecureVnet("net", SecureVnetArgs{}, cfg)); probs.Len() != 0 {
			b.Fatal(probs)
		}
	}
}

func BenchmarkPlanSecureStorageAccount(b *testing.B) {
	cfg := testConfig(standards.Enforce)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, probs := unpack(assessSecureStorage("data", SecureStorageAccountArgs{}, cfg)); probs.Len() != 0 {
			b.Fatal(probs)
		}
	}
}
