package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/tests/standin/awscloud"
	"github.com/orgiac/pulumi-orgiac/tests/standin/events"
	"github.com/orgiac/pulumi-orgiac/tests/standin/moto"
)

// stack is one Pulumi stack of a copied example, with its own state backend,
// plugin home, stand-in ledger and emulated AWS account (with its own log
// bucket), so tests run in parallel without sharing.
type stack struct {
	t      *testing.T
	Dir    string // the copy of the program
	Name   string
	Ledger string
	// AWS is the stack's account of the moto server.
	AWS *awscloud.API
	env []string
}

// newStack copies the program folder src (relative to the repository) into a
// temporary folder and prepares an isolated Pulumi environment for it.
func newStack(t *testing.T, src string) *stack {
	t.Helper()
	if testing.Short() {
		t.Skip("e2e: runs the real Pulumi engine")
	}
	root := t.TempDir()
	dir := filepath.Join(root, "program")
	require.NoError(t, os.CopyFS(dir, os.DirFS(filepath.Join(repoRoot, src))))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "state"), 0o755))
	s := &stack{t: t, Dir: dir, Name: "dev", Ledger: filepath.Join(root, "ledger.json"), AWS: newAccount(t)}
	s.env = append(os.Environ(),
		"PATH="+pluginBin+string(os.PathListSeparator)+toolBin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"PULUMI_HOME="+filepath.Join(root, "home"),
		"PULUMI_BACKEND_URL=file://"+filepath.Join(root, "state"),
		"PULUMI_CONFIG_PASSPHRASE=e2e-passphrase",
		"PULUMI_SKIP_UPDATE_CHECK=true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true",
		"STANDIN_LEDGER="+s.Ledger,
		moto.Env+"="+motoURL, moto.AccountEnv+"="+s.AWS.Account(),
		// An account's access logs go to a bucket of its own (its fixture).
		"ORGIAC_LOGGING_BUCKET="+awscloud.LogBucketFor(s.AWS.Account()),
		// Go programs (the Go examples' drivers) build with the flags the
		// plugin was built with, so they share its compiled packages.
		"CGO_ENABLED=0", "GOFLAGS=-trimpath",
	)
	return s
}

// Env returns the process environment for commands that act on this stack.
func (s *stack) Env(extra ...string) []string {
	return append(append([]string(nil), s.env...), extra...)
}

// Pulumi runs the CLI in the program folder and returns stdout, stderr and
// the error, if any.
func (s *stack) Pulumi(args ...string) (string, string, error) {
	s.t.Helper()
	cmd := exec.Command(filepath.Join(toolBin, "pulumi"), append(args, "--non-interactive")...)
	cmd.Dir = s.Dir
	cmd.Env = s.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String(), stderr.String(), err
}

// MustPulumi runs the CLI and fails the test when it fails.
func (s *stack) MustPulumi(args ...string) string {
	s.t.Helper()
	out, errOut, err := s.Pulumi(args...)
	require.NoError(s.t, err, "pulumi %s\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), out, errOut)
	return out
}

// Init creates the stack.
func (s *stack) Init() { s.t.Helper(); s.MustPulumi("stack", "init", s.Name) }

// Export returns the stack's deployment.
func (s *stack) Export() deployment {
	s.t.Helper()
	var exp struct {
		Deployment deployment `json:"deployment"`
	}
	require.NoError(s.t, json.Unmarshal([]byte(s.MustPulumi("stack", "export", "--stack", s.Name)), &exp))
	return exp.Deployment
}

// Outputs returns the stack outputs.
func (s *stack) Outputs() map[string]any {
	s.t.Helper()
	var out map[string]any
	require.NoError(s.t, json.Unmarshal([]byte(s.MustPulumi("stack", "output", "--json", "--show-secrets", "--stack", s.Name)), &out))
	return out
}

// LastChanges returns the resource-change summary of the latest operation.
func (s *stack) LastChanges() map[string]int {
	s.t.Helper()
	var hist []struct {
		ResourceChanges map[string]int `json:"resourceChanges"`
	}
	require.NoError(s.t, json.Unmarshal([]byte(s.MustPulumi("stack", "history", "--json", "--stack", s.Name)), &hist))
	require.NotEmpty(s.t, hist)
	return hist[0].ResourceChanges
}

// cloudResource is one resource the clouds hold: in moto, or in a
// stand-in's ledger for the types moto does not serve (and for Azure).
type cloudResource struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	// URN is known for ledger entries only; moto knows nothing of Pulumi.
	URN string `json:"urn"`
}

// CloudResources returns what exists in the stack's clouds, keyed type/id:
// the stack's moto account, asked through its list and describe APIs, and
// the stand-ins' ledger for the types that are not translated to moto.
func (s *stack) CloudResources() map[string]cloudResource {
	s.t.Helper()
	out := map[string]cloudResource{}
	refs, err := awscloud.Inventory(context.Background(), s.AWS, awsRegion)
	require.NoError(s.t, err, "asking moto what the account holds")
	for _, ref := range refs {
		out[ref.Key()] = cloudResource{Type: ref.Type, ID: ref.ID}
	}
	b, err := os.ReadFile(s.Ledger)
	if os.IsNotExist(err) {
		return out
	}
	require.NoError(s.t, err)
	entries := map[string]cloudResource{}
	require.NoError(s.t, json.Unmarshal(b, &entries))
	for k, e := range entries {
		out[k] = e
	}
	return out
}

// StandinEvents makes the stand-ins of this stack announce the phases a test
// forces (held and failed creates) and returns the channel they arrive on.
// A test waits on it instead of guessing how long the engine takes.
func (s *stack) StandinEvents() <-chan events.Event {
	s.t.Helper()
	// Unix socket paths are limited to about 100 bytes, so the socket lives
	// in a short temporary folder of its own.
	dir, err := os.MkdirTemp("", "e2e-ev-")
	require.NoError(s.t, err)
	s.t.Cleanup(func() { _ = os.RemoveAll(dir) })
	path := filepath.Join(dir, "events.sock")
	ch, stop, err := events.Listen(path)
	require.NoError(s.t, err)
	s.t.Cleanup(func() { _ = stop() })
	s.setEnv(events.Env, path)
	return ch
}
