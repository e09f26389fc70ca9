// Command pulumi-gen-orgiac writes the package's generated artefacts in-process,
// so producing them needs neither a built plugin, the Pulumi CLI nor its
// language plugins:
//
//	pulumi-gen-orgiac schema [-out schema.json] [-version X]
//	pulumi-gen-orgiac sdks [-schema schema.json] [-out sdk] [-version X] [-lang go,nodejs,python]
//	pulumi-gen-orgiac docs [-compliance docs/compliance.md] [-errors docs/errors.md]
//	pulumi-gen-orgiac jsonschema [-out schemas]
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
)

// errUsage marks a bad command line: main prints the usage for it and exits 2,
// as the flag package does.
var errUsage = errors.New("usage")

const usage = `usage:
  pulumi-gen-orgiac schema [-out schema.json] [-version X]
      write the package schema, taken from the provider in-process
  pulumi-gen-orgiac sdks [-schema schema.json] [-out sdk] [-version X] [-lang go,nodejs,python]
      regenerate the language SDKs from a schema file
  pulumi-gen-orgiac docs [-compliance docs/compliance.md] [-errors docs/errors.md]
      regenerate the compliance control table and the validation rules page
  pulumi-gen-orgiac jsonschema [-out schemas]
      write the JSON Schemas of the policy document and the Deployment configuration

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
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "schema":
		return runSchema(args[1:], stderr)
	case "sdks":
		return runSDKs(args[1:], stderr)
	case "docs":
		return runDocs(args[1:], stderr)
	case "jsonschema":
		return runJSONSchema(args[1:], stderr)
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
