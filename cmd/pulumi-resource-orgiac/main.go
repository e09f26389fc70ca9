// Command pulumi-resource-orgiac is the orgiac component provider plugin. The
// Pulumi engine starts it; users never run it by hand.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/orgiac/pulumi-orgiac/internal/version"
	"github.com/orgiac/pulumi-orgiac/provider"
)

func main() {
	prov, err := provider.New()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building the orgiac provider: %v\n", err)
		os.Exit(1)
	}
	if err := prov.Run(context.Background(), version.Name, version.Version); err != nil {
		fmt.Fprintf(os.Stderr, "running the orgiac provider: %v\n", err)
		os.Exit(1)
	}
}
