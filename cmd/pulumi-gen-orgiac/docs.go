package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
)

// The generated part of a docs page sits between these markers; the prose
// around it is written by hand.
const (
	beginControls = "<!-- BEGIN GENERATED: controls (make docs) -->"
	endControls   = "<!-- END GENERATED: controls -->"
)

func runDocs(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("docs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	page := fs.String("compliance", "docs/compliance.md", "the compliance page whose control table to regenerate")
	errorsPath := fs.String("errors", "docs/errors.md", "the validation rules page to write")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected arguments %q\n", fs.Args())
		return errUsage
	}
	if err := replaceGenerated(*page, beginControls, endControls, controlTable()); err != nil {
		return err
	}
	return writeErrorsPage(*errorsPath)
}

// replaceGenerated rewrites the text between begin and end in path.
func replaceGenerated(path, begin, end, content string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	i, j := bytes.Index(b, []byte(begin)), bytes.Index(b, []byte(end))
	if i < 0 || j < i {
		return fmt.Errorf("%s has no %q ... %q markers", path, begin, end)
	}
	var out bytes.Buffer
	out.Write(b[:i+len(begin)])
	out.WriteString("\n")
	out.WriteString(content)
	out.Write(b[j:])
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// controlTable renders the catalog: the frameworks, then one row per control.
func controlTable() string {
	var b strings.Builder
	frameworks := compliance.Frameworks()
	fmt.Fprintf(&b, "\nCatalog version %s: %d controls.\n\n", compliance.CatalogVersion(), len(compliance.Controls()))
	b.WriteString("| Framework id | Standard |\n|---|---|\n")
	for _, f := range frameworks {
		fmt.Fprintf(&b, "| `%s` | %s |\n", f.ID, f.Name)
	}
	b.WriteString("\n| Control | Severity | Setting that satisfies it | Input to change | Default | Applies to |")
	for _, f := range frameworks {
		fmt.Fprintf(&b, " %s |", f.ID)
	}
	b.WriteString("\n|---|---|---|---|---|---|")
	b.WriteString(strings.Repeat("---|", len(frameworks)))
	b.WriteString("\n")
	for _, c := range compliance.Controls() {
		def := "optional"
		if c.Required {
			def = "required"
		}
		components := append([]string(nil), c.Components...)
		sort.Strings(components)
		fmt.Fprintf(&b, "| `%s`<br>%s | %s | %s | `%s` | %s | %s |", c.ID, c.Title, c.Severity, c.Setting,
			c.Input, def, "`"+strings.Join(components, "`<br>`")+"`")
		for _, f := range frameworks {
			fmt.Fprintf(&b, " %s |", strings.Join(c.Frameworks[f.ID], ", "))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	return b.String()
}
