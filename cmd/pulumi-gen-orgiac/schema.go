package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"

	"github.com/orgiac/pulumi-orgiac/internal/version"
	"github.com/orgiac/pulumi-orgiac/provider"
)

// runSchema is the `schema` subcommand: it writes schema.json from the
// provider. The committed schema has no version; releases pass -version so
// that the published schema names the release.
func runSchema(args []string, stderr io.Writer) error {
	fs := newFlagSet("schema", stderr)
	out := fs.String("out", "schema.json", "where to write the schema")
	version := fs.String("version", "", "the version to stamp into the schema (omitted when empty)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkVersion(*version); err != nil {
		return err
	}
	spec, err := providerSchema(*version)
	if err != nil {
		return err
	}
	return writeSchema(*out, spec)
}

// providerSchema asks the provider for its schema in-process, the same way the
// engine would over gRPC, so the schema cannot drift from the code.
func providerSchema(schemaVersion string) (schema.PackageSpec, error) {
	prov, err := provider.New()
	if err != nil {
		return schema.PackageSpec{}, fmt.Errorf("building the provider: %w", err)
	}
	spec, err := p.GetSchema(context.Background(), version.Name, schemaVersion, prov)
	if err != nil {
		return schema.PackageSpec{}, fmt.Errorf("getting the schema: %w", err)
	}
	// GetSchema may fill in the version it was given; set it explicitly so an
	// empty version is really absent from the committed file.
	spec.Version = schemaVersion
	return spec, nil
}

func writeSchema(path string, spec schema.PackageSpec) error {
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding the schema: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing the schema: %w", err)
	}
	return nil
}

func readSchema(path string) (schema.PackageSpec, error) {
	var spec schema.PackageSpec
	b, err := os.ReadFile(path)
	if err != nil {
		return spec, fmt.Errorf("reading the schema: %w", err)
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		return spec, fmt.Errorf("decoding the schema %s: %w", path, err)
	}
	return spec, nil
}

// checkVersion rejects a -version that is not semantic versioning, such as the
// bare commit hash `git describe --always` gives in a clone without tags, up
// front and in plain words; an empty version means "no version".
func checkVersion(version string) error {
	if version == "" {
		return nil
	}
	if _, err := semver.Parse(strings.TrimPrefix(version, "v")); err != nil {
		return fmt.Errorf("-version %q is not a semantic version such as 1.2.3", version)
	}
	return nil
}

// newFlagSet returns a flag set that reports errors to run's caller instead of
// exiting, so the command line can be tested.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("pulumi-gen-orgiac "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses a subcommand's flags and rejects stray arguments, which
// are almost always a misplaced flag value.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage // the flag package has already printed the problem
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected arguments: %q\n", fs.Args())
		fs.Usage()
		return errUsage
	}
	return nil
}
