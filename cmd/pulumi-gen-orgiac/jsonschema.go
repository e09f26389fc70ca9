package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/orgiac/pulumi-orgiac/internal/config"
)

// runJSONSchema is the `jsonschema` subcommand: it writes the JSON Schemas of
// the policy document and the standardized Deployment configuration,
// reflected from the Go structs in internal/config, into a directory
// (schemas/ in the repository, which orgiac embeds and CI compares).
func runJSONSchema(args []string, stderr io.Writer) error {
	fs := newFlagSet("jsonschema", stderr)
	out := fs.String("out", "schemas", "the directory to write policy.schema.json and deployment.schema.json into")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	files, err := config.GenerateSchemas()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", *out, err)
	}
	for _, name := range []string{"policy.schema.json", "deployment.schema.json"} {
		data, ok := files[name]
		if !ok {
			return fmt.Errorf("the generator made no %s", name)
		}
		if err := os.WriteFile(filepath.Join(*out, name), data, 0o644); err != nil {
			return fmt.Errorf("writing the JSON Schema: %w", err)
		}
	}
	return nil
}
