// Command pulumi-resource-aws is the stand-in aws resource provider used by the
// end-to-end tests. The real plugin cannot be downloaded in the test
// environment, so the tests build this binary under the same name and put it
// on PATH. It fakes AWS resources from the type table in types.go and records
// them in the ledger named by STANDIN_LEDGER; see tests/standin/README.md.
//
//	go build -o bin/pulumi-resource-aws ./tests/standin/aws
package main

import (
	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

// Identity the stand-in reports; it must match the pulumi-aws SDK version the
// component provider is built against, or the engine looks for another plugin.
const (
	packageName = "aws"
	version     = "6.83.4"
	account     = "123456789012"
)

// spec assembles the aws stand-in from its type table, invokes and config.
func spec() standin.Spec {
	return standin.Spec{
		Name:      packageName,
		Version:   version,
		TypesFile: "tests/standin/aws/types.go",
		Account:   account,
		Types:     types,
		Invokes:   invokes,
		Configure: configure,
	}
}

func main() { standin.Main(spec()) }
