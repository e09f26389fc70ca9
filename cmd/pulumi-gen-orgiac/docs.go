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
	"github.com/orgiac/pulumi-orgiac/internal/policypack"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

// The generated part of a docs page sits between these markers; the prose
// around it is written by hand.
const (
	beginControls = "<!-- BEGIN GENERATED: controls (make docs) -->"
	endControls   = "<!-- END GENERATED: controls -->"
	beginPolicies = "<!-- BEGIN GENERATED: policies (make docs) -->"
	endPolicies   = "<!-- END GENERATED: policies -->"
)

func runDocs(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("docs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	page := fs.String("compliance", "docs/compliance.md", "the compliance page whose control table to regenerate")
	errorsPath := fs.String("errors", "docs/errors.md", "the validation rules page to write")
	packPage := fs.String("policy-pack", "docs/policy-pack.md", "the policy pack page whose policy table to regenerate")
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
	if err := replaceGenerated(*packPage, beginPolicies, endPolicies, policyTable()); err != nil {
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

// policyTable renders the policy pack's policies: one per control, with the
// level it has by orgiac:enforcement mode.
func policyTable() string {
	var b strings.Builder
	policies := policypack.Policies(policypack.LevelFor(standards.Enforce))
	fmt.Fprintf(&b, "\n%d policies, catalog version %s. The default level is the one under "+
		"`orgiac:enforcement: enforce` (the default); `audit` makes every policy advisory, `off` disabled.\n\n",
		len(policies), compliance.CatalogVersion())
	b.WriteString("| Policy | Title | Severity | Default level | Judged on | Judged |\n|---|---|---|---|---|---|\n")
	for _, p := range policies {
		c, _ := compliance.Lookup(p.Name)
		on := "`" + c.Subject + "`"
		for _, typ := range c.Standalone {
			on += ", `" + typ + "` on its own"
		}
		judged := "whole stack"
		if len(c.Standalone) > 0 {
			judged = "whole stack; alone before it is created"
		}
		level := policypack.LevelName(p.EnforcementLevel)
		if !c.Required {
			level += " (optional: only when `orgiac:requiredControls` lists it)"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", p.Name, c.Title, c.Severity, level, on, judged)
	}
	return b.String()
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
