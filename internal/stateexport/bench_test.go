package stateexport

// This file benchmarks Read alone, without the evaluation and formatting of
// the CLI's report benchmarks (cmd/orgiac/report_bench_test.go).

import (
	"testing"

	"github.com/orgiac/pulumi-orgiac/internal/stateexport/exporttest"
)

func benchmarkRead(b *testing.B, resources int) {
	path := syntheticExport(b, resources, exporttest.Components)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Read(path, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(resources)*float64(b.N)/b.Elapsed().Seconds(), "resources/s")
}

func BenchmarkRead10k(b *testing.B)  { benchmarkRead(b, 10000) }
func BenchmarkRead100k(b *testing.B) { benchmarkRead(b, 100000) }
