// Command pulumi-resource-azure-native is the stand-in azure-native resource
// provider used by the end-to-end tests. The real plugin cannot be downloaded
// in the test environment, so the tests build this binary under the same name
// and put it on PATH. It fakes Azure resources from the type table in
// types.go and records them in the ledger named by STANDIN_LEDGER; see
// tests/standin/README.md.
//
//	go build -o bin/pulumi-resource-azure-native ./tests/standin/azure-native
package main

import (
	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

// Identity the stand-in reports; it must match the pulumi-azure-native SDK
// version the component provider is built against (pulumi-plugin.json of
// github.com/pulumi/pulumi-azure-native-sdk/v2 v2.92.0), or the engine looks
// for another plugin.
const (
	packageName = "azure-native"
	version     = "2.92.0"
)

// spec assembles the azure-native stand-in from its type table, invokes and
// config.
func spec() standin.Spec {
	return standin.Spec{
		Name:      packageName,
		Version:   version,
		TypesFile: "tests/standin/azure-native/types.go",
		Account:   defaultSubscriptionID,
		Types:     types,
		Invokes:   invokes,
		Configure: configure,
	}
}

func main() { standin.Main(spec()) }
