package e2e

import (
	"fmt"
	"os/exec"
	"strings"
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
