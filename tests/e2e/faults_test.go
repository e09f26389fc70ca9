package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// injectedFailure is the stand-in's error text for an injected create failure.
var injectedFailure = regexp.MustCompile(`stand-in: injected failure creating (\S+) (\S+) \(STANDIN_FAIL_CREATE=([^)]+)\)`)

// TestFaultInjection fails one create early, in the middle and at the last
// child of each program, and proves the state and the stand-in agree after the
// failure, that a retry converges, and that destroy leaves nothing behind.
func TestFaultInjection(t *testing.T) {
	t.Parallel()
	programs := []struct {
		name      string
		src       string
		positions []string
	}{
		{"SecureBucket", "examples/yaml-secure-bucket", []string{"early", "middle", "last"}},
		{"NetworkStack", "examples/yaml-network-stack", []string{"early", "middle", "last"}},
		{"EksCluster", "examples/yaml-eks-cluster", []string{"middle"}},
	}
	for _, p := range programs {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			count := cloudResourceCount(t, p.src)
			for _, pos := range p.positions {
				n := map[string]int{"early": 1, "middle": count / 2, "last": count}[pos]
				t.Run(pos, func(t *testing.T) {
					t.Parallel()
					exerciseFault(t, p.src, fmt.Sprintf("*:%d", n))
				})
			}
		})
	}
}

// cloudResourceCount runs one clean up of the program and counts the custom,
// non-provider resources it creates: the number of stand-in creates.
func cloudResourceCount(t *testing.T, src string) int {
	t.Helper()
	s := newStack(t, src)
	s.Init()
	require.NoError(t, cliRunner{}.Run(s, "up"))
	dep := s.Export()
	n := len(dep.cloudResources())
	require.Positive(t, n)
	require.Len(t, s.LedgerResources(), n, "the clean up creates each cloud resource once")
	require.NoError(t, cliRunner{}.Run(s, "destroy"))
	require.Empty(t, s.LedgerResources())
	return n
}

func exerciseFault(t *testing.T, src, fault string) {
	t.Helper()
	s := newStack(t, src)
	s.Init()
	s.setEnv("STANDIN_FAIL_CREATE", fault)
	out, errOut, err := s.Pulumi("up", "--yes", "--skip-preview", "--stack", s.Name)
	require.Error(t, err, "pulumi up with STANDIN_FAIL_CREATE=%s must fail\n%s\n%s", fault, out, errOut)
	all := out + errOut
	m := injectedFailure.FindStringSubmatch(all)
	require.NotNil(t, m, "the output carries the stand-in's injected failure:\n%s", all)
	typ, name := m[1], m[2]
	assert.Equal(t, fault, m[3])
	// The diagnostics name the failing resource: `aws:s3:BucketV2 (name):`.
	assert.Contains(t, all, "("+name+"):", "the diagnostics name the failing resource %s %s", typ, name)
	assert.Contains(t, all, "update failed")

	dep := s.Export()
	assertLedgerMatchesState(t, s, dep)
	for _, r := range dep.cloudResources() {
		assert.False(t, r.Type == typ && strings.HasSuffix(r.URN, "::"+name),
			"the failed resource %s %s is not in the state", typ, name)
	}
	for key, e := range s.LedgerResources() {
		assert.False(t, e.Type == typ && strings.HasSuffix(e.URN, "::"+name), "the failed create left %s in the stand-in", key)
	}

	s.setEnv("STANDIN_FAIL_CREATE", "")
	require.NoError(t, cliRunner{}.Run(s, "up"), "the retry without the fault converges")
	dep = s.Export()
	assertLedgerMatchesState(t, s, dep)
	assert.NotEmpty(t, dep.cloudResources())
	require.NoError(t, cliRunner{}.Run(s, "up"))
	assertOnlyUnchanged(t, s.LastChanges(), "an up after the retry changes nothing")
	require.NoError(t, cliRunner{}.Run(s, "destroy"))
	assert.Empty(t, s.LedgerResources(), "destroy leaves nothing behind")
}

// TestCancelledUp interrupts an up of the NetworkStack with Ctrl-C while
// creates are slow, then refreshes (dropping pending creates) and ups again.
func TestCancelledUp(t *testing.T) {
	t.Parallel()
	s := newStack(t, "examples/yaml-network-stack")
	s.Init()
	s.setEnv("STANDIN_CREATE_DELAY", "300ms")

	cmd := exec.Command(filepath.Join(toolBin, "pulumi"), "up", "--yes", "--skip-preview", "--non-interactive", "--stack", s.Name)
	cmd.Dir = s.Dir
	cmd.Env = s.env
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// Interrupt after ~2 s, once creates are under way.
	time.Sleep(2 * time.Second)
	for deadline := time.Now().Add(30 * time.Second); len(s.LedgerResources()) == 0 && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
	}
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	var err error
	select {
	case err = <-done:
	case <-time.After(90 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("pulumi up did not exit within 90s of SIGINT:\n%s", output.String())
	}
	require.Error(t, err, "a cancelled up fails:\n%s", output.String())
	mid := len(s.LedgerResources())
	t.Logf("cancelled up: %d resources live in the stand-in; output:\n%s", mid, lastLines(output.String(), 25))
	assert.Positive(t, mid, "some creates finished before the interrupt")
	assert.Less(t, mid, 43, "the up was interrupted before it finished (43 cloud resources in all)")
	assert.Contains(t, output.String(), "cancelled by the engine", "the interrupt cancelled creates in flight")
	// The cancelled creates made nothing: the state and the stand-in agree
	// even before the recovery.
	assertLedgerMatchesState(t, s, s.Export())

	s.setEnv("STANDIN_CREATE_DELAY", "")
	s.MustPulumi("refresh", "--yes", "--skip-preview", "--clear-pending-creates", "--stack", s.Name)
	require.NoError(t, cliRunner{}.Run(s, "up"))
	dep := s.Export()
	assertNetworkStackState(t, dep, "yaml-network-stack", 2)
	assertLedgerMatchesState(t, s, dep)
	require.NoError(t, cliRunner{}.Run(s, "up"))
	assertOnlyUnchanged(t, s.LastChanges(), "an up after the recovery changes nothing")
	require.NoError(t, cliRunner{}.Run(s, "destroy"))
	assert.Empty(t, s.LedgerResources(), "destroy leaves nothing behind")
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
