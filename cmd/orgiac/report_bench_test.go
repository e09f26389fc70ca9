package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Report benchmarks: `orgiac report --format json` in-process over synthetic
// exports made by replicating the SecureBucket group of the fixture. The
// "components" shape keeps the resources under their component; "standalone"
// drops the component, so every resource is judged as outside any component;
// "buckets" keeps only the bare buckets, outside any component.
// Run by `make bench` (bench/run.sh) for profiles; go test -bench Report.

type exportShape int

const (
	components  exportShape = iota // component + children
	standalone                     // the children without their component
	bucketsOnly                    // bare BucketV2s, no companions
)

func syntheticExport(b testing.TB, resources int, shape exportShape) string {
	b.Helper()
	data, err := os.ReadFile(fixturePath)
	if err != nil {
		b.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		b.Fatal(err)
	}
	dep := doc["deployment"].(map[string]any)
	var base, group []string
	for _, r := range dep["resources"].([]any) {
		m := r.(map[string]any)
		typ, _ := m["type"].(string)
		parent, _ := m["parent"].(string)
		isGroup := typ == "orgiac:aws:SecureBucket" || strings.Contains(parent, "orgiac:aws:SecureBucket::artifacts")
		if isGroup && shape == bucketsOnly && typ != "aws:s3/bucketV2:BucketV2" {
			continue
		}
		if isGroup && shape != components {
			if typ == "orgiac:aws:SecureBucket" {
				continue
			}
			delete(m, "parent")
		}
		raw, err := json.Marshal(m)
		if err != nil {
			b.Fatal(err)
		}
		if isGroup {
			group = append(group, string(raw))
		} else {
			base = append(base, string(raw))
		}
	}
	all := append([]string(nil), base...)
	for i := 0; len(all) < resources; i++ {
		name := fmt.Sprintf("g%07d", i)
		for _, g := range group {
			all = append(all, strings.ReplaceAll(g, "artifacts", name))
		}
	}
	out := `{"version":3,"deployment":{"manifest":{},"resources":[` + strings.Join(all, ",") + `]}}`
	path := filepath.Join(b.TempDir(), "export.json")
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

func benchmarkReport(b *testing.B, resources int, shape exportShape) {
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

func BenchmarkReportComponents1k(b *testing.B)  { benchmarkReport(b, 1000, components) }
func BenchmarkReportComponents10k(b *testing.B) { benchmarkReport(b, 10000, components) }
func BenchmarkReportStandalone1k(b *testing.B)  { benchmarkReport(b, 1000, standalone) }
func BenchmarkReportStandalone4k(b *testing.B)  { benchmarkReport(b, 4000, standalone) }
func BenchmarkReportBuckets1k(b *testing.B)     { benchmarkReport(b, 1000, bucketsOnly) }
func BenchmarkReportBuckets4k(b *testing.B)     { benchmarkReport(b, 4000, bucketsOnly) }
