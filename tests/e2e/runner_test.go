package e2e

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// runner drives one program through the operations that need the program
// itself. Everything else (export, history, outputs) goes through the CLI.
type runner interface {
	Run(s *stack, op string) error
}

// cliRunner is for Pulumi YAML: the CLI runs the program with the YAML host.
type cliRunner struct{}

func (cliRunner) Run(s *stack, op string) error {
	args := map[string][]string{
		"preview": {"preview"},
		"up":      {"up", "--yes", "--skip-preview"},
		"refresh": {"refresh", "--yes", "--skip-preview"},
		"destroy": {"destroy", "--yes", "--skip-preview"},
	}[op]
	if args == nil {
		return fmt.Errorf("unknown operation %q", op)
	}
	out, errOut, err := s.Pulumi(append(args, "--stack", s.Name)...)
	if err != nil {
		return fmt.Errorf("pulumi %s: %w\n%s\n%s", op, err, out, errOut)
	}
	return nil
}

// automationRunner is for TypeScript, Python and Go: the language hosts are
// not installable here, so a small driver runs the example's program file
// inline through the Automation API, which uses the same CLI and engine.
// The driver takes the operation as its last argument and reads the program
// folder and stack name from E2E_WORK_DIR and E2E_STACK.
type automationRunner struct {
	command []string // the driver, e.g. node tests/e2e/drivers/nodejs/driver.js
	dir     string   // where to run the driver
}

func (r automationRunner) Run(s *stack, op string) error {
	_, err := r.Output(s, op)
	return err
}

// Output runs op and returns what the driver printed, which on failure the
// error holds too.
func (r automationRunner) Output(s *stack, op string) (string, error) {
	cmd := exec.Command(r.command[0], append(r.command[1:], op)...)
	cmd.Dir = r.dir
	cmd.Env = s.Env("E2E_WORK_DIR="+s.Dir, "E2E_STACK="+s.Name)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s %s: %w\n%s", strings.Join(r.command, " "), op, err, out)
	}
	return string(out), nil
}

// goDriver is the automationRunner of a Go program folder (its module holds
// a TestAutomationDriver, which runs the program inline). The driver's test
// binary is compiled once per e2e run and then run directly for every
// operation. Running `go test` for each preview, up and destroy would link
// the whole SDK again each time (and, for goraw, pulumi-aws's ec2 package),
// which was most of what those tests spent.
func goDriver(t *testing.T, dir string) automationRunner {
	t.Helper()
	bin, err := driverBuilds.build(dir)
	require.NoError(t, err)
	return automationRunner{
		command: []string{bin, "-test.count=1", "-test.v", "-test.run=^TestAutomationDriver$"},
		dir:     filepath.Join(repoRoot, dir),
	}
}

// driverBuilds compiles each Go driver once. The builds are serialized, as
// in buildBinaries: on a cold cache, concurrent go commands would compile
// the same SDK packages side by side.
var driverBuilds = &driverSet{built: map[string]driverBuild{}}

type driverSet struct {
	mu    sync.Mutex
	built map[string]driverBuild
}

type driverBuild struct {
	bin string
	err error
}

func (d *driverSet) build(dir string) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if b, ok := d.built[dir]; ok {
		return b.bin, b.err
	}
	bin := filepath.Join(repoRoot, ".work", "e2e", "drivers", strings.ReplaceAll(dir, "/", "_")+".test")
	cmd := exec.Command("go", "test", "-c", "-o", bin, ".")
	cmd.Dir = filepath.Join(repoRoot, dir)
	var err error
	if out, cerr := cmd.CombinedOutput(); cerr != nil {
		err = fmt.Errorf("compiling the Go driver of %s: %w\n%s", dir, cerr, out)
	}
	d.built[dir] = driverBuild{bin: bin, err: err}
	return bin, err
}
