package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/tests/standin/events"
)

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
	require.Len(t, s.CloudResources(), n, "the clean up creates each cloud resource once")
	require.NoError(t, cliRunner{}.Run(s, "destroy"))
	require.Empty(t, s.CloudResources())
	return n
}

func exerciseFault(t *testing.T, src, fault string) {
	t.Helper()
	s := newStack(t, src)
	s.Init()
	got := s.StandinEvents()
	s.setEnv("STANDIN_FAIL_CREATE", fault)
	out, errOut, err := s.Pulumi("up", "--yes", "--skip-preview", "--stack", s.Name)
	require.Error(t, err, "pulumi up with STANDIN_FAIL_CREATE=%s must fail\n%s\n%s", fault, out, errOut)
	// A create's event is on the channel before the create returns.
	var failed events.Event
	select {
	case failed = <-got:
	default:
		t.Fatalf("the up failed, but not by the injected fault:\n%s\n%s", out, errOut)
	}
	require.Equal(t, events.Failed, failed.Kind)
	// The user sees the provider's own message, which names the resource.
	assert.Contains(t, out+errOut, fmt.Sprintf("stand-in: injected failure creating %s %s (STANDIN_FAIL_CREATE=%s)",
		failed.Type, failed.Name, fault))

	dep := s.Export()
	assertCloudMatchesState(t, s, dep)
	for _, r := range dep.cloudResources() {
		assert.NotEqual(t, failed.URN, r.URN, "the failed resource is not in the state")
	}

	s.setEnv("STANDIN_FAIL_CREATE", "")
	require.NoError(t, cliRunner{}.Run(s, "up"), "the retry without the fault converges")
	dep = s.Export()
	assertCloudMatchesState(t, s, dep)
	assert.NotEmpty(t, dep.cloudResources())
	require.NoError(t, cliRunner{}.Run(s, "up"))
	assertOnlyUnchanged(t, s.LastChanges(), "an up after the retry changes nothing")
	require.NoError(t, cliRunner{}.Run(s, "destroy"))
	assert.Empty(t, s.CloudResources(), "destroy leaves nothing behind")
}

// TestCancelledUp interrupts an up of the NetworkStack with Ctrl-C while
// creates are in flight, then recovers. The stand-in holds every create from
// the tenth on until the engine cancels them, and says when the first is
// held, so the interrupt always lands in that phase, however fast or slow the
// machine is. The test asserts what a cancelled deployment must guarantee:
// the state and the cloud agree, nothing held leaks, the recovery converges
// and a second up changes nothing.
func TestCancelledUp(t *testing.T) {
	t.Parallel()
	const holdFrom = 10
	s := newStack(t, "examples/yaml-network-stack")
	s.Init()
	got := s.StandinEvents()
	s.setEnv("STANDIN_HOLD_CREATES", fmt.Sprintf("*:%d", holdFrom))

	cmd := exec.Command(filepath.Join(toolBin, "pulumi"), "up", "--yes", "--skip-preview", "--non-interactive", "--stack", s.Name)
	cmd.Dir = s.Dir
	cmd.Env = s.env
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	var held events.Event
	select {
	case held = <-got:
		require.Equal(t, events.Held, held.Kind, "the first event is a held create: %+v", held)
	case err := <-done:
		t.Fatalf("pulumi up ended (%v) before any create was held:\n%s", err, output.String())
	}
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	err := <-done
	require.Error(t, err, "a cancelled up fails:\n%s", output.String())
	t.Logf("cancelled up; output:\n%s", lastLines(output.String(), 25))

	dep := s.Export()
	assertCloudMatchesState(t, s, dep)
	// A create the stand-in finished is a resource in the cloud, except the
	// VPC's default security group and NACL: AWS makes those with the VPC,
	// and the stand-in's create only adopts them, so they count once adopted.
	finished := 0
	for _, r := range s.CloudResources() {
		if !adopted[r.Type] {
			finished++
		}
	}
	for _, r := range dep.cloudResources() {
		if adopted[r.Type] {
			finished++
		}
	}
	assert.Equal(t, holdFrom-1, finished, "exactly the creates before the held ones finished")
	for _, r := range dep.cloudResources() {
		assert.NotEqual(t, held.URN, r.URN, "the held create is not in the state")
	}

	s.setEnv("STANDIN_HOLD_CREATES", "")
	s.MustPulumi("refresh", "--yes", "--skip-preview", "--clear-pending-creates", "--stack", s.Name)
	require.NoError(t, cliRunner{}.Run(s, "up"))
	dep = s.Export()
	assertNetworkStackState(t, dep, "yaml-network-stack", 2)
	assertCloudMatchesState(t, s, dep)
	require.NoError(t, cliRunner{}.Run(s, "up"))
	assertOnlyUnchanged(t, s.LastChanges(), "an up after the recovery changes nothing")
	require.NoError(t, cliRunner{}.Run(s, "destroy"))
	assert.Empty(t, s.CloudResources(), "destroy leaves nothing behind")
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
