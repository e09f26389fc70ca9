package main

import (
	"os"
	"testing"

	"github.com/orgiac/pulumi-orgiac/internal/stateexport/exporttest"
)

// Report benchmarks: `orgiac report --format json` in-process over synthetic
// exports made by replicating the SecureBucket group of the fixture (see
// exporttest.Shape for the shapes). The reader alone is benchmarked in
// internal/stateexport. Run by `make bench` (bench/run.sh) for profiles;
// go test -bench Report.

// syntheticExport writes an export of at least resources resources made from
// the fixture, and returns its path.
func syntheticExport(tb testing.TB, resources int, shape exporttest.Shape) string {
	tb.Helper()
	return exporttest.Synthetic(tb, fixturePath, resources, shape)
}

func benchmarkReport(b *testing.B, resources int, shape exporttest.Shape) {
	path := syntheticExport(b, resources, shape)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res := runCLI(b, "", "report", "--format", "json", "--output", os.DevNull, path)
		if res.code > 1 {
			b.Fatalf("exit %d: %s", res.code, res.stderr)
		}
	}
	b.ReportMetric(float64(resources)*float64(b.N)/b.Elapsed().Seconds(), "resources/s")
}

func BenchmarkReportComponents1k(b *testing.B)  { benchmarkReport(b, 1000, exporttest.Components) }
func BenchmarkReportComponents10k(b *testing.B) { benchmarkReport(b, 10000, exporttest.Components) }
func BenchmarkReportStandalone1k(b *testing.B)  { benchmarkReport(b, 1000, exporttest.Standalone) }
func BenchmarkReportStandalone4k(b *testing.B)  { benchmarkReport(b, 4000, exporttest.Standalone) }
func BenchmarkReportBuckets1k(b *testing.B)     { benchmarkReport(b, 1000, exporttest.BucketsOnly) }
func BenchmarkReportBuckets4k(b *testing.B)     { benchmarkReport(b, 4000, exporttest.BucketsOnly) }
