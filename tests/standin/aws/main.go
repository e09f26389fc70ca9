// Command pulumi-resource-aws is the stand-in aws resource provider used by the
// end-to-end tests. The real plugin cannot be downloaded in the test
// environment, so the tests build this binary under the same name and put it
// on PATH. It translates the resource types that moto serves into AWS API
// calls to the moto server named by STANDIN_MOTO_URL (package awscloud), and
// fakes the rest from the type table in types.go, recorded in the ledger
// named by STANDIN_LEDGER; see tests/standin/README.md.
//
//	go build -o bin/pulumi-resource-aws ./tests/standin/aws
package main

import (
	"fmt"
	"os"

	"github.com/orgiac/pulumi-orgiac/tests/standin/awscloud"
	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
	"github.com/orgiac/pulumi-orgiac/tests/standin/moto"
)

// Identity the stand-in reports; it must match the pulumi-aws SDK version the
// component provider is built against, or the engine looks for another plugin.
const (
	packageName = "aws"
	version     = "6.83.4"
)

// spec assembles the aws stand-in from its type table, invokes and config,
// acting in api's account of the moto server.
func spec(api *awscloud.API) standin.Spec {
	clouds := awscloud.Clouds(api)
	table := make([]standin.TypeSpec, len(types))
	for i, t := range types {
		t.Cloud = clouds[t.Token]
		table[i] = t
	}
	return standin.Spec{
		Name:      packageName,
		Version:   version,
		TypesFile: "tests/standin/aws/types.go",
		Account:   api.Account(),
		Types:     table,
		Invokes:   invokes(api),
		Configure: configure,
	}
}

func main() {
	url := os.Getenv(moto.Env)
	if url == "" {
		fmt.Fprintf(os.Stderr, "stand-in aws provider: %s is not set. The stand-in translates to a moto server; "+
			"the e2e tests and `make example` start one (see tests/standin/README.md)\n", moto.Env)
		os.Exit(1)
	}
	standin.Main(spec(awscloud.New(url, os.Getenv(moto.AccountEnv))))
}
