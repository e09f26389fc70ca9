package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// codegenTool names this generator in the "do not edit" banner of every
// generated file.
const codegenTool = "pulumi-gen-orgiac"

// runSDKs is the `sdks` subcommand: it regenerates the language SDKs from a
// schema file, so the SDKs are exactly what the committed schema describes.
func runSDKs(args []string, stderr io.Writer) error {
	fs := newFlagSet("sdks", stderr)
	schemaPath := fs.String("schema", "schema.json", "the schema to generate from")
	out := fs.String("out", "sdk", "the SDK root; each language gets a folder in it")
	version := fs.String("version", "",
		"the release version to bake into the SDKs (a fixed placeholder when empty)")
	langs := fs.String("lang", strings.Join(languageNames(), ","), "comma-separated languages to generate")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkVersion(*version); err != nil {
		return err
	}
	selected, err := selectLanguages(*langs)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return errUsage
	}
	spec, err := readSchema(*schemaPath)
	if err != nil {
		return err
	}
	return generateSDKs(spec, *out, *version, selected, stderr)
}

// generateSDKs writes each selected language's SDK under outDir. A non-empty
// version overrides the schema's own.
func generateSDKs(spec schema.PackageSpec, outDir, version string, langs []language, warnings io.Writer) error {
	if version != "" {
		spec.Version = version
	}
	for _, lang := range langs {
		// Each generator records its language options on the bound package,
		// so every language gets a package of its own.
		pkg, err := bindSchema(spec, warnings)
		if err != nil {
			return err
		}
		files, err := lang.generate(pkg)
		if err != nil {
			return fmt.Errorf("generating the %s SDK: %w", lang.name, err)
		}
		if err := replaceTree(outDir, lang, files); err != nil {
			return fmt.Errorf("writing the %s SDK: %w", lang.name, err)
		}
	}
	return nil
}

// bindSchema validates the schema and resolves its references, as the CLI
// does before code generation, but with a loader that needs no plugins.
func bindSchema(spec schema.PackageSpec, warnings io.Writer) (*schema.Package, error) {
	pkg, diags, err := schema.BindSpec(spec, noPluginLoader{}, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("binding the schema: %w", err)
	}
	var problems []string
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			problems = append(problems, describe(d))
		} else {
			fmt.Fprintf(warnings, "warning: schema: %s\n", describe(d))
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("the schema is invalid:\n  %s", strings.Join(problems, "\n  "))
	}
	return pkg, nil
}

// describe renders a diagnostic without the "<nil>:" that hcl prints for a
// diagnostic with no source range, which is every schema diagnostic.
func describe(d *hcl.Diagnostic) string {
	if d.Detail == "" || d.Detail == d.Summary {
		return d.Summary
	}
	return d.Summary + ": " + d.Detail
}

// replaceTree makes the language's folder hold exactly files (paths relative
// to outDir, slash-separated), but for the top-level entries it keeps. A file
// that a removed component or type left behind is deleted; a file whose bytes
// are already right is not written again, so its mtime stays and make does not
// repack an SDK that did not change.
func replaceTree(outDir string, lang language, files map[string][]byte) error {
	dir := filepath.Join(outDir, lang.name)
	var dirs []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && path == dir {
				return filepath.SkipDir
			}
			return err
		}
		if path == dir {
			return nil
		}
		if filepath.Dir(path) == dir && slices.Contains(lang.keep, d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			dirs = append(dirs, path)
			return nil
		}
		rel, err := filepath.Rel(outDir, path)
		if err != nil {
			return err
		}
		if _, ok := files[filepath.ToSlash(rel)]; !ok {
			if err := os.Remove(path); err != nil {
				return fmt.Errorf("removing %s, which the schema no longer generates: %w", path, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reading %s: %w", dir, err)
	}
	// Deepest first, so that a folder emptied above is gone with its parents.
	for _, d := range slices.Backward(dirs) {
		if entries, err := os.ReadDir(d); err == nil && len(entries) == 0 {
			if err := os.Remove(d); err != nil {
				return fmt.Errorf("removing the empty folder %s: %w", d, err)
			}
		}
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		path := filepath.Join(outDir, filepath.FromSlash(name))
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, files[name]) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}
