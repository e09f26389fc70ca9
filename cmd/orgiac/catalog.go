package main

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"

	pschema "github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/spf13/cobra"

	orgiac "github.com/orgiac/pulumi-orgiac"
	"github.com/orgiac/pulumi-orgiac/internal/config"
)

func (c cli) catalogCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "catalog [COMPONENT...] [--format text|json|markdown]",
		Short: "List the orgiac components with their inputs, outputs and an example",
		Long: `Catalog lists every orgiac component: its description, its inputs (name, type, whether
required, description), its outputs, and a Pulumi YAML example. It reads the schema from the provider
built into this binary, so it always matches the components you deploy with.

Name components (orgiac:aws:SecureBucket, or just SecureBucket) to list only those.`,
		Example: `  # Every component, as text
  orgiac catalog

  # One component, as a markdown page
  orgiac catalog SecureBucket --format markdown

  # Machine-readable, for a portal
  orgiac catalog --format json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			write, ok := catalogFormats[format]
			if !ok {
				return usageError(cmd, fmt.Errorf("unknown --format %q; use text, json or markdown", format))
			}
			components, err := loadCatalog()
			if err != nil {
				return err
			}
			if components, err = selectComponents(components, args); err != nil {
				return usageError(cmd, err)
			}
			return write(cmd.OutOrStdout(), components)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text, json, markdown")
	return cmd
}

var catalogFormats = map[string]func(io.Writer, []component) error{
	"text":     writeCatalogText,
	"json":     writeCatalogJSON,
	"markdown": writeCatalogMarkdown,
}

// component is one catalog entry.
type component struct {
	Token       string     `json:"token"`
	Description string     `json:"description"`
	Inputs      []property `json:"inputs"`
	Outputs     []property `json:"outputs"`
	Example     string     `json:"example"`
}

type property struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Required    bool   `json:"required"`
	Description string `json:"description,omitempty"`
}

// loadCatalog reads the provider's schema as built into the binary
// (orgiac.Schema): the schema the plugin serves, generated from it, without
// linking the provider and the cloud SDKs into the CLI.
func loadCatalog() ([]component, error) {
	var spec pschema.PackageSpec
	if err := json.Unmarshal(orgiac.Schema, &spec); err != nil {
		return nil, fmt.Errorf("reading the provider schema built into orgiac: %w", err)
	}
	return catalogOf(spec), nil
}

func catalogOf(spec pschema.PackageSpec) []component {
	var out []component
	for _, token := range sortedKeys(spec.Resources) {
		r := spec.Resources[token]
		if !r.IsComponent {
			continue
		}
		out = append(out, component{
			Token:       token,
			Description: firstParagraph(r.Description),
			Inputs:      properties(r.InputProperties, r.RequiredInputs),
			Outputs:     properties(r.Properties, r.Required),
			Example:     example(token, r),
		})
	}
	return out
}

func selectComponents(all []component, names []string) ([]component, error) {
	if len(names) == 0 {
		return all, nil
	}
	var out []component
	var tokens, short []string
	for _, c := range all {
		tokens = append(tokens, c.Token)
		short = append(short, c.Token[strings.LastIndex(c.Token, ":")+1:])
	}
	for _, name := range names {
		i := slices.IndexFunc(all, func(c component) bool {
			return c.Token == name || strings.EqualFold(c.Token[strings.LastIndex(c.Token, ":")+1:], name)
		})
		if i < 0 {
			msg := fmt.Sprintf("no component %q", name)
			if s, ok := config.Closest(name, tokens); ok {
				msg += "; did you mean " + s + "?"
			} else if s, ok := config.Closest(name, short); ok {
				msg += "; did you mean " + tokens[slices.Index(short, s)] + "?"
			} else {
				msg += "; the components are " + strings.Join(tokens, ", ")
			}
			return nil, fmt.Errorf("%s", msg)
		}
		out = append(out, all[i])
	}
	return out, nil
}

func properties(props map[string]pschema.PropertySpec, required []string) []property {
	out := []property{}
	for _, name := range sortedKeys(props) {
		ps := props[name]
		out = append(out, property{
			Name: name, Type: typeName(ps.TypeSpec), Required: slices.Contains(required, name),
			Description: firstParagraph(ps.Description),
		})
	}
	return out
}

// typeName renders a schema type: string, list<string>, map<string>, and
// object types by name (BucketEncryption).
func typeName(t pschema.TypeSpec) string {
	switch {
	case t.Ref != "":
		if t.Ref == "pulumi.json#/Any" {
			return "any"
		}
		return t.Ref[strings.LastIndexAny(t.Ref, ":/")+1:]
	case t.Type == "array" && t.Items != nil:
		return "list<" + typeName(*t.Items) + ">"
	case t.Type == "object" && t.AdditionalProperties != nil:
		return "map<" + typeName(*t.AdditionalProperties) + ">"
	case len(t.OneOf) > 0:
		var alts []string
		for _, o := range t.OneOf {
			alts = append(alts, typeName(o))
		}
		return strings.Join(alts, " | ")
	case t.Type == "":
		return "any"
	}
	return t.Type
}

// firstParagraph is a description up to its first blank line (or its
// examples), on one line.
func firstParagraph(desc string) string {
	desc, _, _ = strings.Cut(desc, "{{% examples %}}")
	desc = strings.TrimSpace(desc)
	para, _, _ := strings.Cut(desc, "\n\n")
	return strings.Join(strings.Fields(para), " ")
}

var yamlBlock = regexp.MustCompile("(?s)```yaml\n(.*?)```")

// example is the YAML example of the component's description, or a
// minimal program with its required inputs.
func example(token string, r pschema.ResourceSpec) string {
	if _, examples, ok := strings.Cut(r.Description, "{{% examples %}}"); ok {
		if m := yamlBlock.FindStringSubmatch(examples); m != nil {
			return m[1]
		}
	}
	name := token[strings.LastIndex(token, ":")+1:]
	var b strings.Builder
	fmt.Fprintf(&b, "resources:\n  my%s:\n    type: %s\n", name, token)
	if len(r.RequiredInputs) > 0 {
		b.WriteString("    properties:\n")
		for _, in := range slices.Sorted(slices.Values(r.RequiredInputs)) {
			fmt.Fprintf(&b, "      %s: %s\n", in, placeholder(r.InputProperties[in].TypeSpec))
		}
	}
	return b.String()
}

func placeholder(t pschema.TypeSpec) string {
	switch {
	case t.Type == "array":
		item := "example"
		if t.Items != nil {
			item = placeholder(*t.Items)
		}
		return "[" + item + "]"
	case t.Type == "object" || t.Ref != "":
		return "{}"
	case t.Type == "integer" || t.Type == "number":
		return "1"
	case t.Type == "boolean":
		return "true"
	}
	return "example"
}

// requiredText marks a required input. Defaults are stated in the
// descriptions: the schema has none, so that the SDKs leave unset inputs
// unset (TestSchemaHasNoDefaults).
func requiredText(p property) string {
	if p.Required {
		return "required"
	}
	return "-"
}

func writeCatalogText(w io.Writer, components []component) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, c := range components {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		fmt.Fprintf(tw, "%s\n  %s\n", c.Token, c.Description)
		fmt.Fprintf(tw, "\n  Inputs:\n")
		if len(c.Inputs) == 0 {
			fmt.Fprintln(tw, "    (none)")
		} else {
			fmt.Fprintln(tw, "    NAME\tTYPE\tREQUIRED\tDESCRIPTION")
			for _, in := range c.Inputs {
				fmt.Fprintf(tw, "    %s\t%s\t%s\t%s\n", in.Name, in.Type, requiredText(in), in.Description)
			}
		}
		fmt.Fprintf(tw, "\n  Outputs:\n")
		if len(c.Outputs) == 0 {
			fmt.Fprintln(tw, "    (none)")
		} else {
			fmt.Fprintln(tw, "    NAME\tTYPE\tDESCRIPTION")
			for _, out := range c.Outputs {
				fmt.Fprintf(tw, "    %s\t%s\t%s\n", out.Name, out.Type, out.Description)
			}
		}
		// The example is not a table: flush so its lines keep their own
		// indentation.
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(w, "\n  Example (Pulumi YAML):\n")
		for _, line := range strings.Split(strings.TrimRight(c.Example, "\n"), "\n") {
			fmt.Fprintf(w, "    %s\n", line)
		}
	}
	return tw.Flush()
}

func writeCatalogJSON(w io.Writer, components []component) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Components []component `json:"components"`
	}{components})
}

func writeCatalogMarkdown(w io.Writer, components []component) error {
	ew := &errWriter{w: w}
	ew.printf("# orgiac components\n")
	for _, c := range components {
		ew.printf("\n## %s\n\n%s\n", mdCodeSpan(c.Token), c.Description)
		ew.printf("\n### Inputs\n\n")
		if len(c.Inputs) == 0 {
			ew.printf("None.\n")
		} else {
			ew.printf("| Name | Type | Required | Description |\n|---|---|---|---|\n")
			for _, in := range c.Inputs {
				ew.printf("| %s | %s | %s | %s |\n", mdCodeSpan(in.Name), mdCodeSpan(in.Type),
					mdCell(requiredText(in)), mdCell(in.Description))
			}
		}
		ew.printf("\n### Outputs\n\n")
		if len(c.Outputs) == 0 {
			ew.printf("None.\n")
		} else {
			ew.printf("| Name | Type | Description |\n|---|---|---|\n")
			for _, out := range c.Outputs {
				ew.printf("| %s | %s | %s |\n", mdCodeSpan(out.Name), mdCodeSpan(out.Type), mdCell(out.Description))
			}
		}
		ew.printf("\n### Example\n\n```yaml\n%s```\n", withNewline(c.Example))
	}
	return ew.err
}

// mdCell keeps a description's markdown but not the pipes and line breaks
// that would end a table cell.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\r\n", " ", "\n", " ").Replace(s)
}

func withNewline(s string) string {
	if strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n"
}
