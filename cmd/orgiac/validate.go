package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/orgiac/pulumi-orgiac/internal/config"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

type validateOptions struct {
	env bool
}

func (c cli) validateCommand() *cobra.Command {
	var opts validateOptions
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Validate policy documents, stack files and Deployment configurations against the JSON Schemas",
		Long: `Validate checks configuration files against orgiac's JSON Schemas (schemas/ in the
repository) and the control catalog, and prints every problem at once, each with its file,
line, path and fix. Unknown keys suggest the key you probably meant.

Each FILE is one of:
  - an organization policy document (YAML or JSON; orgiac:policyFile or ORGIAC_POLICY_FILE);
  - a Pulumi stack or project file (Pulumi.<stack>.yaml, Pulumi.yaml), recognized by its
    top-level config: key. Its orgiac:* keys are policy settings; any config value that is an
    object with project and aws or azure sections (orgiac:deployment, <project>:config) is a
    standardized Deployment configuration. Secret values ({secure: ...}) count as strings;
  - a standardized Deployment configuration on its own (project with aws or azure).

The files are layered in the order given, with the same merge rules as the provider
(maps merge deeply, lists of objects by name, credentials are replaced whole), and the
merged result is validated too: a key one file leaves out may be set by a later one.

Exit status: 0 when every file and the merged result are valid, 1 when there is any
problem, 2 when the command line is wrong.`,
		Example: `  # The organization policy and a stack, as the provider layers them
  orgiac validate org-policy.yaml Pulumi.yaml Pulumi.dev.yaml

  # A Deployment configuration on its own, and the ORGIAC_* variables of this shell
  orgiac validate deployment.yaml --env`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError(cmd, fmt.Errorf("%s needs at least one file", cmd.CommandPath()))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return c.validate(cmd.OutOrStdout(), args, opts) },
	}
	cmd.Flags().BoolVar(&opts.env, "env", false,
		"also check the ORGIAC_* environment variables, as the last layer")
	return cmd
}

// layered are the documents of the files given, grouped by what they are,
// in the order given.
type layered struct {
	policy      []layerDoc            // policy documents and stack orgiac:* settings
	deployments map[string][]layerDoc // Deployment configurations by config key ("" on their own)
	keys        []string              // deployment keys in first-seen order
	described   []string              // what each file was read as
}

type layerDoc struct {
	value any
	loc   config.Location
}

func (c cli) validate(out io.Writer, paths []string, opts validateOptions) error {
	var diags config.Diagnostics
	l := layered{deployments: map[string][]layerDoc{}}
	for _, path := range paths {
		diags = append(diags, l.add(path)...)
	}
	diags = append(diags, l.merged()...)
	if opts.env {
		_, _, probs := config.EnvOverrides(c.environ())
		for _, p := range probs.Items() {
			diags = append(diags, config.Diagnostic{File: "environment", Problem: p})
		}
	}
	diags = dedupe(diags, paths)
	if len(diags) == 0 {
		_, err := fmt.Fprintf(out, "OK: %s valid\n", strings.Join(l.described, ", "))
		return err
	}
	for _, d := range diags {
		fmt.Fprintln(out, d.Error())
	}
	fmt.Fprintf(out, "%s found\n", plural(len(diags), "problem"))
	return errFailing
}

// add reads one file, validates it alone, and adds its documents to the
// layers. Within a layer, required keys are checked on the merged result.
func (l *layered) add(path string) config.Diagnostics {
	f, diags := config.ReadFile(path, "")
	if len(diags) > 0 {
		return diags
	}
	doc := f.Value.(map[string]any)
	switch {
	case config.IsStackFile(f):
		sf, diags := config.ReadStackFile(f)
		if len(diags) > 0 {
			return diags
		}
		diags = config.ValidateStackFile(sf, true)
		settings := map[string]any{}
		for k, v := range sf.Settings.Values {
			settings[strings.TrimPrefix(k, "orgiac:")] = v
		}
		parts := []string{fmt.Sprintf("%d orgiac settings", len(settings))}
		l.policy = append(l.policy, layerDoc{settings, config.Location{File: f, At: []string{"config"}, KeyPrefix: "orgiac:"}})
		for _, key := range sortedKeys(sf.Deployments) {
			l.addDeployment(key, sf.Deployments[key], sf.DeploymentLocation(key))
			parts = append(parts, "Deployment "+key)
		}
		kind := "stack file"
		if sf.Project != "" {
			kind = "project file"
		}
		l.described = append(l.described, fmt.Sprintf("%s (%s: %s)", path, kind, strings.Join(parts, ", ")))
		return diags
	case isDeploymentDoc(doc):
		l.addDeployment("", doc, config.Location{File: f})
		l.described = append(l.described, path+" (Deployment configuration)")
		return config.ValidateDeployment(doc, f, "", true)
	default:
		l.policy = append(l.policy, layerDoc{doc, config.Location{File: f}})
		l.described = append(l.described, path+" (policy document)")
		diags := config.Validate(config.TargetPolicy, doc, config.Location{File: f}, false)
		return append(diags, config.CheckSettings(doc, config.Location{File: f})...)
	}
}

func (l *layered) addDeployment(key string, v any, loc config.Location) {
	if _, seen := l.deployments[key]; !seen {
		l.keys = append(l.keys, key)
	}
	l.deployments[key] = append(l.deployments[key], layerDoc{v, loc})
}

// merged validates the merged layers in full, placing each problem in the
// last file that wrote the value.
func (l *layered) merged() config.Diagnostics {
	var diags config.Diagnostics
	if len(l.policy) > 0 {
		merged, loc := mergeDocs(l.policy)
		diags = append(diags, config.Validate(config.TargetPolicy, merged, loc, false)...)
	}
	for _, key := range l.keys {
		merged, loc := mergeDocs(l.deployments[key])
		if _, ok := merged.(map[string]any); ok {
			diags = append(diags, config.Validate(config.TargetDeployment, merged, loc, false)...)
		}
	}
	return diags
}

func mergeDocs(docs []layerDoc) (any, config.Location) {
	values := make([]any, len(docs))
	locs := make([]config.Location, len(docs))
	for i, d := range docs {
		values[i], locs[i] = d.value, d.loc
	}
	return config.MergeLayers(values, locs)
}

// isDeploymentDoc: a document with project and an aws or azure section.
func isDeploymentDoc(doc map[string]any) bool {
	_, p := doc["project"]
	_, aws := doc["aws"]
	_, azure := doc["azure"]
	return p && (aws || azure)
}

// dedupe drops repeated diagnostics (a layer's problem found again in the
// merged result) and orders them by file, in the order given, and line.
func dedupe(diags config.Diagnostics, paths []string) config.Diagnostics {
	seen := map[string]bool{}
	out := config.Diagnostics{}
	for _, d := range diags {
		// The same value found wrong in a file and in the merged result may
		// carry a layer-specific code (CFG122 for a stack value); once is enough.
		if key := fmt.Sprintf("%s:%d: %s: %s", d.File, d.Line, d.Path, d.Detail); !seen[key] {
			seen[key] = true
			out = append(out, d)
		}
	}
	rank := func(file string) int {
		if i := slices.Index(paths, file); i >= 0 {
			return i
		}
		return len(paths)
	}
	slices.SortStableFunc(out, func(a, b config.Diagnostic) int {
		return cmp.Or(cmp.Compare(rank(a.File), rank(b.File)), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Path, b.Path))
	})
	return out
}

// problemf makes a problem of rule r at path.
func problemf(r problem.Rule, path, format string, args ...any) problem.Problem {
	return problem.Problem{Rule: r, Path: path, Detail: fmt.Sprintf(format, args...)}
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
