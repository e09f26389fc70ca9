// Command orgiac is the orgiac user CLI. It answers "does this stack still
// comply?" from `pulumi stack export` files, with the same control catalog
// the components judge their plans by, so CI can gate on drift.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/orgiac/pulumi-orgiac/internal/version"
)

// Exit codes: CI gates on 1; 2 means the run itself was wrong.
const (
	exitOK    = 0
	exitFails = 1
	exitUsage = 2
)

// errFailing means the report was written and a control fails: run only
// turns it into exit code 1, it prints nothing more.
var errFailing = errors.New("a compliance control fails")

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run is main without the process, so tests run the CLI in-process.
func run(args []string, stdout, stderr io.Writer) int {
	return cli{stdin: os.Stdin, stdout: stdout, stderr: stderr, now: time.Now}.run(args)
}

// cli holds what a command touches outside itself; tests replace the clock
// and the environment.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
	// env returns the process environment; nil means os.Environ. Only
	// ORGIAC_* variables are read from it.
	env func() []string
}

func (c cli) environ() []string {
	if c.env == nil {
		return os.Environ()
	}
	return c.env()
}

func (c cli) run(args []string) int {
	root := c.rootCommand()
	root.SetArgs(args)
	switch err := root.Execute(); {
	case err == nil:
		return exitOK
	case errors.Is(err, errFailing):
		return exitFails
	default:
		fmt.Fprintf(c.stderr, "orgiac: %v\n", err)
		return exitUsage
	}
}

func (c cli) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "orgiac",
		Short: "Check Pulumi stacks against the orgiac compliance controls",
		Long: "orgiac reads `pulumi stack export` files and checks every orgiac component, and every plain\n" +
			"AWS resource beside them, against the orgiac control catalog, as the resources are now.\n" +
			"It also validates configuration files, explains where each effective setting came from,\n" +
			"and lists the components.",
		Example: "  pulumi stack export | orgiac report -\n" +
			"  orgiac report prod.json --format sarif --output orgiac.sarif\n" +
			"  orgiac validate org-policy.yaml Pulumi.dev.yaml\n" +
			"  ORGIAC_ENVIRONMENT=prod orgiac explain --stack-config Pulumi.dev.yaml\n" +
			"  orgiac catalog --format markdown\n" +
			"  orgiac policy new policy\n" +
			"  orgiac version",
		Version:       version.Version,
		SilenceErrors: true, // run prints errors once, with the exit code it chose
		SilenceUsage:  true, // a failing check is not a usage mistake
	}
	root.SetVersionTemplate("orgiac {{.Version}}\n")
	root.SetIn(c.stdin)
	root.SetOut(c.stdout)
	root.SetErr(c.stderr)
	root.SetFlagErrorFunc(usageError)
	root.AddCommand(c.reportCommand(), c.validateCommand(), c.explainCommand(), c.catalogCommand(), c.policyCommand(),
		c.versionCommand())
	return root
}

// usageError points a mistyped command line at the command's help.
func usageError(cmd *cobra.Command, err error) error {
	return fmt.Errorf("%w\nRun '%s --help' for usage.", err, cmd.CommandPath())
}
