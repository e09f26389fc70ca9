// Command pulumi-gen-orgiac writes the package's generated artefacts in-process,
// so producing them needs neither a built plugin, the Pulumi CLI nor its
// language plugins:
//
//	pulumi-gen-orgiac schema [-out schema.json] [-version X]
//	pulumi-gen-orgiac sdks [-schema schema.json] [-out sdk] [-version X] [-lang go,nodejs,python]
//
// Without -version the output carries no release version, so that CI can
// regenerate it and compare it with the committed tree.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// errUsage marks a bad command line: main prints the usage for it and exits 2,
// as the flag package does.
var errUsage = errors.New("usage")

const usage = `usage:
  pulumi-gen-orgiac schema [-out schema.json] [-version X]
      write the package schema, taken from the provider in-process
  pulumi-gen-orgiac sdks [-schema schema.json] [-out sdk] [-version X] [-lang go,nodejs,python]
      regenerate the language SDKs from a schema file

Run a subcommand with -h for its flags.
`

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		fmt.Fprintf(os.Stderr, "pulumi-gen-orgiac: %v\n", err)
		os.Exit(1)
	}
}

// run dispatches to a subcommand; it is separate from main so tests can drive
// the real command line.
func run(args []string, stderr io.Writer) error {
	// Before the subcommands, the command line was the schema command's
	// flags alone (`pulumi-gen-orgiac -out schema.json`), and scripts may still
	// say so: treat a command line that starts with a flag, or is empty, as
	// `schema`.
	if len(args) == 0 || (strings.HasPrefix(args[0], "-") && !isHelp(args[0])) {
		return runSchema(args, stderr)
	}
	switch args[0] {
	case "schema":
		return runSchema(args[1:], stderr)
	case "sdks":
		return runSDKs(args[1:], stderr)
	case "help":
		fmt.Fprint(stderr, usage)
		return nil
	default:
		if isHelp(args[0]) {
			fmt.Fprint(stderr, usage)
			return nil
		}
		fmt.Fprintf(stderr, "unknown subcommand %q\n\n%s", args[0], usage)
		return errUsage
	}
}

func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help":
		return true
	}
	return false
}
