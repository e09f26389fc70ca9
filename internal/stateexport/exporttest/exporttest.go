// Package exporttest makes large stack exports for the tests and benchmarks
// of the reader (internal/stateexport) and of the CLI that reads them
// (cmd/orgiac), by replicating the SecureBucket group of a real export. It
// is imported only by tests.
package exporttest

// This file holds Synthetic, which writes the exports, and their shapes.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Shape is how a synthetic export groups its resources.
type Shape int

const (
	// Components keeps the resources under their component.
	Components Shape = iota
	// Standalone drops the component, so every resource is judged as
	// outside any component.
	Standalone
	// BucketsOnly keeps only the bare buckets (BucketV2s, no companions),
	// outside any component.
	BucketsOnly
)

// Synthetic writes an export of at least resources resources, in a
// temporary directory of tb, and returns its path: the resources of the
// export at fixture outside its SecureBucket component "artifacts", then
// copies of that component's group, renamed, in the given shape, until
// there are enough. The resources array has no line breaks.
func Synthetic(tb testing.TB, fixture string, resources int, shape Shape) string {
	tb.Helper()
	data, err := os.ReadFile(fixture)
	if err != nil {
		tb.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		tb.Fatal(err)
	}
	dep := doc["deployment"].(map[string]any)
	var base, group []string
	for _, r := range dep["resources"].([]any) {
		m := r.(map[string]any)
		typ, _ := m["type"].(string)
		parent, _ := m["parent"].(string)
		isGroup := typ == "orgiac:aws:SecureBucket" || strings.Contains(parent, "orgiac:aws:SecureBucket::artifacts")
		if isGroup && shape == BucketsOnly && typ != "aws:s3/bucketV2:BucketV2" {
			continue
		}
		if isGroup && shape != Components {
			if typ == "orgiac:aws:SecureBucket" {
				continue
			}
			delete(m, "parent")
		}
		raw, err := json.Marshal(m)
		if err != nil {
			tb.Fatal(err)
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
	path := filepath.Join(tb.TempDir(), "export.json")
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}
