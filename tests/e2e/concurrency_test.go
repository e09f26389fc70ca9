package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// concurrencyMix is the program's components: 100 in all.
var concurrencyMix = []struct {
	typ   string
	count int
	props string // the YAML properties block, indented for a resource
}{
	{tSecureBucket, 70, "      tags:\n        DataClassification: internal\n"},
	{tSecureVpc, 20, "      numberOfAvailabilityZones: 1\n      natGateways: none\n      gatewayEndpoints: []\n" +
		"      subnetSpecs:\n        - {type: private, cidrMask: 24}\n"},
	{tNetworkStack, 10, "      vpc:\n        numberOfAvailabilityZones: 1\n        natGateways: none\n" +
		"        gatewayEndpoints: []\n      ssmEndpoints: false\n"},
}

// TestConcurrencyMixedComponents constructs 100 components of mixed types in one
// program with --parallel 16, so the engine builds them concurrently, and
// proves the state and the stand-in agree and destroy removes everything.
func TestConcurrencyMixedComponents(t *testing.T) {
	t.Parallel()
	s := newStack(t, "tests/e2e/testdata/yaml-concurrency")
	program := filepath.Join(s.Dir, "Pulumi.yaml")
	header, err := os.ReadFile(program)
	require.NoError(t, err)
	var b strings.Builder
	b.Write(header)
	b.WriteString("\nresources:\n")
	want := map[string]int{}
	total := 0
	for _, m := range concurrencyMix {
		short := strings.ToLower(m.typ[strings.LastIndex(m.typ, ":")+1:])
		for i := range m.count {
			fmt.Fprintf(&b, "  %s-%02d:\n    type: %s\n    properties:\n%s", short, i, m.typ, m.props)
		}
		want[m.typ] += m.count
		total += m.count
	}
	require.Equal(t, 100, total)
	require.NoError(t, os.WriteFile(program, []byte(b.String()), 0o644))
	// About 1,200 resources: with a checkpoint after every step the file
	// backend rewrites a 4 MB state 1,200 times (a 5-minute up on 2 cores),
	// which measures the backend, not concurrent construction. Save only the
	// final state.
	s.setEnv("PULUMI_SKIP_CHECKPOINTS", "true")
	s.Init()

	start := time.Now()
	s.MustPulumi("up", "--yes", "--skip-preview", "--parallel", "16", "--stack", s.Name)
	t.Logf("up of %d components took %s", total, time.Since(start))
	dep := s.Export()
	// Nested SecureVpcs of the NetworkStacks count as SecureVpcs too.
	want[tSecureVpc] += want[tNetworkStack]
	for typ, n := range want {
		assert.Len(t, dep.ofType(typ), n, "components of type %s", typ)
	}
	assert.Len(t, dep.ofType(tBucket), want[tSecureBucket], "one bucket per SecureBucket")
	assert.Len(t, dep.ofType(tVpc), want[tSecureVpc], "one VPC per SecureVpc")
	// Every component's children are its own: no cross-wiring between
	// concurrently constructed components.
	urns := map[string]bool{}
	for _, r := range dep.Resources {
		urns[r.URN] = true
	}
	for _, r := range dep.cloudResources() {
		assert.True(t, urns[r.Parent], "%s has a parent in the state", r.URN)
		assert.NotContains(t, r.Parent, "::pulumi:pulumi:Stack::", "%s is a child of its component", r.URN)
	}
	for _, r := range dep.ofType(tSecureBucket) {
		assert.Equal(t, map[string]any{"pass": 9.0, "fail": 0.0, "waived": 0.0, "notApplicable": 2.0},
			get(r.Outputs, "complianceReport", "summary"), r.URN)
	}
	assertCloudMatchesState(t, s, dep)
	assert.Len(t, s.CloudResources(), len(dep.cloudResources()))

	start = time.Now()
	s.MustPulumi("destroy", "--yes", "--skip-preview", "--parallel", "16", "--stack", s.Name)
	t.Logf("destroy took %s", time.Since(start))
	assert.Empty(t, s.CloudResources(), "destroy leaves nothing behind")
	assert.Empty(t, s.Export().Resources)
}
