// Command pulumi-gen-orgiac writes schema.json from the provider, in-process,
// so generating it needs neither a built plugin nor the Pulumi CLI.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	p "github.com/pulumi/pulumi-go-provider"

	"github.com/orgiac/pulumi-orgiac/provider"
)

func main() {
	out := flag.String("out", "schema.json", "where to write the schema")
	version := flag.String("version", "", "the version to stamp into the schema (omitted when empty)")
	flag.Parse()
	if err := writeSchema(*out, *version); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-gen-orgiac: %v\n", err)
		os.Exit(1)
	}
}

func writeSchema(path, version string) error {
	prov, err := provider.New()
	if err != nil {
		return fmt.Errorf("building the provider: %w", err)
	}
	spec, err := p.GetSchema(context.Background(), provider.Name, version, prov)
	if err != nil {
		return fmt.Errorf("getting the schema: %w", err)
	}
	spec.Version = version
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding the schema: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
