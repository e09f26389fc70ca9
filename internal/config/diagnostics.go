package config

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// The rules of configuration files, layers and ORGIAC_* variables. Codes are
// stable; docs/configuration.md lists them.
var (
	RuleFileTooLarge = problem.Define("CFG101",
		"a configuration file is at most 1 MiB",
		"split the file, or move large data out of it; a policy document is a few kilobytes")
	RuleFileUnreadable = problem.Define("CFG102",
		"a configuration file must exist and be readable",
		"check the path and its permissions")
	RuleSyntax = problem.Define("CFG103",
		"a configuration file is well-formed YAML or JSON",
		"correct the syntax at the line shown")
	RuleAliasExpansion = problem.Define("CFG104",
		"YAML aliases may expand a document by at most 10,000 nodes, and documents nest at most 100 levels deep",
		"write the repeated values out, or share fewer and smaller anchors")
	RuleNotObject = problem.Define("CFG105",
		"a configuration document is an object (a mapping of keys to values)",
		"start the document with keys, e.g. `organization: acme`")
	RuleUnsupportedValue = problem.Define("CFG106",
		"configuration values are JSON values: no .inf or .nan, and mapping keys are strings",
		"write a finite number, or quote the value to make it a string")
	RuleUnknownKey = problem.Define("CFG110",
		"every key is one the schema knows",
		"remove the key, or correct its spelling")
	RuleWrongType = problem.Define("CFG111",
		"every value has the type the schema gives",
		"write a value of the expected type")
	RuleNotAllowed = problem.Define("CFG112",
		"a value with a fixed set of choices is one of them",
		"use one of the allowed values")
	RuleExclusiveWithStack = problem.Define("CFG115",
		"aws.vpc names a stack to build on, or describes a VPC to create, never both",
		"remove the VPC's own fields to build on the stack, or remove stack to create a VPC")
	RuleMissing = problem.Define("CFG113",
		"required keys are present",
		"add the key")
	RuleSchema = problem.Define("CFG114",
		"values meet the schema's constraints",
		"change the value to meet the constraint")
	RuleEnvWrongType = problem.Define("CFG120",
		"an ORGIAC_* variable's value fits its key's type",
		"write the value as JSON of the expected type, e.g. ORGIAC_DEFAULT_TAGS='{\"Team\":\"data\"}'")
	RuleEnvUnknown = problem.Define("CFG121",
		"ORGIAC_* variables name a policy key (ORGIAC_COST_CENTER is costCenter)",
		"unset the variable, or correct its name")
	RuleConfigWrongType = problem.Define("CFG122",
		"an orgiac:* configuration value fits its key's type",
		"set the value with the expected type, e.g. `pulumi config set --path 'orgiac:defaultTags.Team' data`")
	RuleEnvironmentSection = problem.Define("CFG123",
		"an environments.<name> section cannot set environment: the section is chosen by it",
		"remove environment from the section")
	RuleStackFile = problem.Define("CFG130",
		"a Pulumi stack or project file has a config: mapping",
		"write `config:` followed by `namespace:key: value` lines")
	RuleInvalidDeployment = problem.Define("CFG131",
		"a Deployment configuration is an object with project and aws or azure sections",
		"see the standardized configuration in docs/configuration.md")
)

// Diagnostic is one problem found in a configuration file, where it is: the
// file and, when known, the line. Problem.Path is the JSON path of the
// value (`aws.vpc.cidr_block`, `waivers[0].expires`).
type Diagnostic struct {
	File string
	Line int // 0 when unknown
	problem.Problem
}

// Error renders `file:line: path: detail [CODE]; fix: ...`.
func (d Diagnostic) Error() string {
	var b strings.Builder
	if d.File != "" {
		b.WriteString(d.File)
		if d.Line > 0 {
			b.WriteString(":" + strconv.Itoa(d.Line))
		}
		b.WriteString(": ")
	}
	b.WriteString(d.Problem.Error())
	return b.String()
}

// Diagnostics are every problem found, in file and line order. As an error
// it lists them one per line, so a user fixes them all in one pass.
type Diagnostics []Diagnostic

func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.Error()
	}
	return strings.Join(lines, "\n")
}

// Codes are the rule codes, in order; tests assert on them.
func (ds Diagnostics) Codes() []string {
	codes := make([]string, len(ds))
	for i, d := range ds {
		codes[i] = d.Rule.Code
	}
	return codes
}

// Problems returns the problems as a problem.List, each path prefixed with
// its file and line (`org.yaml:3: owner`) when it has them, for code that
// reports problem lists (a component's InvalidInputs).
func (ds Diagnostics) Problems() problem.List {
	var l problem.List
	for _, d := range ds {
		p := d.Problem
		if d.File != "" {
			at := d.File
			if d.Line > 0 {
				at += ":" + strconv.Itoa(d.Line)
			}
			p.Path = at + ": " + p.Path
		}
		l.Add(p)
	}
	return l
}

// Err returns nil for no diagnostics, else ds.
func (ds Diagnostics) Err() error {
	if len(ds) == 0 {
		return nil
	}
	return ds
}

// Sort orders ds by file, line and path, keeping the order found for equal
// positions.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Path < b.Path
	})
}

// fileDiag is a diagnostic for a whole file, with no path inside it.
func fileDiag(file string, line int, r problem.Rule, detail, fix string) Diagnostic {
	return Diagnostic{File: file, Line: line, Problem: problem.Problem{Rule: r, Path: "(document)", Detail: detail, Fix: fix}}
}

var bareKey = regexp.MustCompile(`^[A-Za-z0-9_:/\-]+$`)

// JoinPath appends a key or index to a JSON path the way users read them:
// `aws.vpc`, `waivers[0]`, and `defaultTags["app.kubernetes.io/name"]` for
// keys that would be ambiguous bare.
func JoinPath(path string, token any) string {
	switch t := token.(type) {
	case int:
		return fmt.Sprintf("%s[%d]", path, t)
	case string:
		if !bareKey.MatchString(t) {
			return fmt.Sprintf("%s[%s]", path, strconv.Quote(t))
		}
		if path == "" {
			return t
		}
		return path + "." + t
	}
	panic(fmt.Sprintf("config: path token %T", token))
}

// pathOf renders pointer tokens as a JSON path; numeric tokens under a list
// become indexes. isList says whether the value at a prefix is a list.
func pathOf(tokens []string, isList func(prefix []string) bool) string {
	path := ""
	for i, t := range tokens {
		if n, err := strconv.Atoi(t); err == nil && isList(tokens[:i]) {
			path = JoinPath(path, n)
		} else {
			path = JoinPath(path, t)
		}
	}
	if path == "" {
		return "(document)"
	}
	return path
}

// pointer renders tokens as a JSON pointer (RFC 6901).
func pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(t))
	}
	return b.String()
}

// secretValue stands in for a secret in messages.
type secretValue struct{}

func (secretValue) String() string { return "[secret]" }

// isSecretPath reports whether tokens lead into a credentials object.
func isSecretPath(tokens []string) bool {
	for _, t := range tokens {
		if t == secretKey {
			return true
		}
	}
	return false
}
