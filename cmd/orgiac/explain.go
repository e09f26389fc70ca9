package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/orgiac/pulumi-orgiac/internal/config"
)

type explainOptions struct {
	stackConfigs []string
	policy       string
	format       string
}

func (c cli) explainCommand() *cobra.Command {
	var opts explainOptions
	cmd := &cobra.Command{
		Use:   "explain [--stack-config Pulumi.<stack>.yaml] [--policy FILE] [--format table|json]",
		Short: "Show the effective orgiac configuration and the layer that set each value",
		Long: `Explain resolves the orgiac configuration the way the provider does, and shows every
effective value with the layer that set it and the file or variable it came from.

The layers, each overriding the one before:
  default               built-in: enforcement, naming, frameworks; environment = the stack
                        name, project = the Pulumi project
  organization          the policy document's top level
  environment section   the policy document's environments.<environment>
  stack                 orgiac:* keys of Pulumi.yaml, then of Pulumi.<stack>.yaml
  environment variable  ORGIAC_* variables of this shell (ORGIAC_COST_CENTER is costCenter)

The policy document is --policy, else ORGIAC_POLICY_FILE, else orgiac:policyFile in the
stack configuration (relative to the stack file). A Pulumi.yaml beside the stack file adds
its project name and its config. The stack name is taken from the file name
(Pulumi.dev.yaml: dev).

Exit status: 0 when the configuration resolves cleanly, 1 when a layer has problems
(they are printed to standard error, and the values are shown without them), 2 when
the command line or a file is wrong.`,
		Example: `  # Which layer set each value of the dev stack?
  orgiac explain --stack-config Pulumi.dev.yaml

  # An ORGIAC_* variable wins over the stack
  ORGIAC_ENVIRONMENT=prod orgiac explain --stack-config Pulumi.dev.yaml

  # As JSON, with an explicit policy document
  orgiac explain --policy org-policy.yaml --stack-config Pulumi.prod.yaml --format json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return c.explain(cmd, opts) },
	}
	f := cmd.Flags()
	f.StringArrayVar(&opts.stackConfigs, "stack-config", nil,
		"a Pulumi stack or project `FILE` whose orgiac:* keys form the stack layer (repeatable, lowest first)")
	f.StringVar(&opts.policy, "policy", "", "the organization policy document `FILE` (default: ORGIAC_POLICY_FILE, else orgiac:policyFile)")
	f.StringVarP(&opts.format, "format", "f", "table", "output format: table, json")
	return cmd
}

func (c cli) explain(cmd *cobra.Command, opts explainOptions) error {
	if opts.format != "table" && opts.format != "json" {
		return usageError(cmd, fmt.Errorf("unknown --format %q; use table or json", opts.format))
	}
	environ := c.environ()
	in := config.Inputs{Environ: environ}
	var diags config.Diagnostics
	policyValue, policyOrigin := "", ""
	var stackFiles []string
	for _, path := range withProjectFile(opts.stackConfigs) {
		sf, d := readStackFile(path)
		if len(d) > 0 {
			diags = append(diags, d...)
			continue
		}
		stackFiles = append(stackFiles, path)
		in.Config = append(in.Config, sf.Settings)
		if sf.Stack != "" {
			in.Stack = sf.Stack
		}
		if sf.Project != "" {
			in.Project = sf.Project
		}
		if sf.PolicyFile != "" {
			policyValue, policyOrigin = sf.PolicyFile, filepath.Base(path)
			if !filepath.IsAbs(policyValue) {
				policyValue = filepath.Join(filepath.Dir(path), policyValue)
			}
		}
	}
	if len(diags) > 0 {
		return c.fail(diags)
	}

	policyPath, origin := opts.policy, "--policy"
	if policyPath == "" {
		policyPath, origin = config.PolicyFileLocation(policyValue, policyOrigin, environ)
	}
	if policyPath != "" {
		_, f, err := config.LoadPolicyFile(policyPath, origin)
		if err != nil {
			var ds config.Diagnostics
			if errors.As(err, &ds) {
				return c.fail(ds)
			}
			return err
		}
		in.Policy = f
	}

	eff, problems := config.Resolve(in)
	for _, d := range problems {
		fmt.Fprintf(c.stderr, "orgiac: %s\n", d.Error())
	}
	var err error
	switch opts.format {
	case "json":
		err = writeExplainJSON(cmd.OutOrStdout(), eff, in, stackFiles)
	default:
		err = writeExplainTable(cmd.OutOrStdout(), eff)
	}
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return errFailing
	}
	return nil
}

// fail prints diagnostics that stop a command, and exits 1.
func (c cli) fail(diags config.Diagnostics) error {
	for _, d := range diags {
		fmt.Fprintf(c.stderr, "orgiac: %s\n", d.Error())
	}
	return errFailing
}

// withProjectFile puts the Pulumi.yaml beside the first stack file in front
// of them, as Pulumi merges project configuration under the stack's.
func withProjectFile(paths []string) []string {
	if len(paths) == 0 {
		return nil
	}
	for _, p := range paths {
		if base := filepath.Base(p); base == "Pulumi.yaml" || base == "Pulumi.yml" {
			return paths
		}
	}
	dir := filepath.Dir(paths[0])
	for _, name := range []string{"Pulumi.yaml", "Pulumi.yml"} {
		project := filepath.Join(dir, name)
		if _, err := os.Stat(project); err == nil {
			return append([]string{project}, paths...)
		}
	}
	return paths
}

func readStackFile(path string) (*config.StackFile, config.Diagnostics) {
	f, diags := config.ReadFile(path, "--stack-config")
	if len(diags) > 0 {
		return nil, diags
	}
	if !config.IsStackFile(f) {
		return nil, config.Diagnostics{{File: path, Problem: problemf(config.RuleStackFile, "(document)",
			"has no top-level config: key, so it is not a Pulumi stack or project file")}}
	}
	return config.ReadStackFile(f)
}

func writeExplainTable(w io.Writer, eff config.Effective) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY\tVALUE\tLAYER\tORIGIN")
	for _, leaf := range eff.Leaves() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", leaf.Path, displayValue(leaf.Value), leaf.Layer, orDash(leaf.Origin))
	}
	return tw.Flush()
}

func displayValue(v any) string {
	switch t := v.(type) {
	case string:
		if t == "" || strings.ContainsAny(t, "\t\n") {
			b, _ := json.Marshal(t)
			return string(b)
		}
		return t
	case nil:
		return "null"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

type explainJSON struct {
	Stack       string                    `json:"stack,omitempty"`
	Project     string                    `json:"project,omitempty"`
	PolicyFile  string                    `json:"policyFile,omitempty"`
	StackConfig []string                  `json:"stackConfig,omitempty"`
	Settings    config.PolicySettings     `json:"settings"`
	Components  map[string]map[string]any `json:"components,omitempty"`
	Values      []config.Leaf             `json:"values"`
}

func writeExplainJSON(w io.Writer, eff config.Effective, in config.Inputs, stackFiles []string) error {
	doc := explainJSON{
		Stack: in.Stack, Project: in.Project, StackConfig: stackFiles,
		Settings: eff.Settings, Components: eff.Components, Values: eff.Leaves(),
	}
	if in.Policy != nil {
		doc.PolicyFile = in.Policy.Path
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
