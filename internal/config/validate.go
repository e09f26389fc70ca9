package config

// Validating a document against its JSON Schema, and turning the
// validator's errors into problems that name the path, the value and the fix.

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/orgiac/pulumi-orgiac/internal/jsonvalue"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/schemas"
)

// Target is what a value is validated as.
type Target int

const (
	// TargetPolicy is the organization policy document (PolicyDocument).
	TargetPolicy Target = iota
	// TargetSettings is the provider configuration's keys (PolicySettings),
	// as a stack's orgiac:* keys and an environments.<name> section hold them.
	TargetSettings
	// TargetDeployment is the standardized configuration (DeploymentConfig).
	TargetDeployment
)

var compiled struct {
	once    sync.Once
	schemas [3]*jsonschema.Schema
	err     error
}

// schemaFor returns the compiled embedded schema of t. The embedded files
// are generated and tested, so a failure to compile them is a bug.
func schemaFor(t Target) *jsonschema.Schema {
	compiled.once.Do(func() {
		c := jsonschema.NewCompiler()
		for _, name := range []string{schemas.Policy, schemas.Deployment} {
			data, err := schemas.FS.ReadFile(name)
			if err == nil {
				var doc any
				if doc, err = jsonschema.UnmarshalJSON(bytes.NewReader(data)); err == nil {
					err = c.AddResource(SchemaBaseURL+name, doc)
				}
			}
			if err != nil {
				compiled.err = fmt.Errorf("loading the embedded schema %s: %w", name, err)
				return
			}
		}
		for i, loc := range []string{
			SchemaBaseURL + schemas.Policy,
			SchemaBaseURL + schemas.Policy + "#/$defs/PolicySettings",
			SchemaBaseURL + schemas.Deployment,
		} {
			if compiled.schemas[i], compiled.err = c.Compile(loc); compiled.err != nil {
				return
			}
		}
	})
	if compiled.err != nil {
		panic(fmt.Sprintf("config: %v", compiled.err))
	}
	return compiled.schemas[t]
}

// Validate checks value against the schema of t and returns every problem,
// placed by loc. With partial, missing required keys are not problems: a
// layer may leave them to another (validate the merged result in full).
func Validate(t Target, value any, loc Location, partial bool) Diagnostics {
	err := schemaFor(t).Validate(value)
	if err == nil {
		return nil
	}
	verr, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return Diagnostics{loc.diag(value, nil, problem.Problem{Rule: RuleSchema, Detail: err.Error()})}
	}
	var out Diagnostics
	seen := map[string]bool{}
	for _, leaf := range leaves(verr) {
		for _, d := range translate(t, value, loc, leaf, partial) {
			if key := d.Error(); !seen[key] {
				seen[key] = true
				out = append(out, d)
			}
		}
	}
	out.Sort()
	return out
}

// leaves are the errors that say what is wrong, without the wrappers
// ($ref, the schema itself) that only group them.
func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

var printer = message.NewPrinter(language.English)

func translate(t Target, value any, loc Location, e *jsonschema.ValidationError, partial bool) Diagnostics {
	tokens := e.InstanceLocation
	at := func(tokens []string, p problem.Problem) Diagnostic {
		if isSecretPath(tokens) && p.Value != nil {
			p.Value = secretValue{}
		}
		return loc.diag(value, tokens, p)
	}
	got := jsonvalue.At(value, tokens...)
	switch k := e.ErrorKind.(type) {
	case *kind.AdditionalProperties:
		known := knownKeys(schemaAt(schemaFor(t), tokens))
		var out Diagnostics
		for _, name := range k.Properties {
			p := problem.Problem{Rule: RuleUnknownKey, Detail: "unknown key"}
			if s, ok := Closest(name, known); ok {
				p.Detail += "; did you mean " + s + "?"
				p.Fix = "rename it to " + s
			} else if len(known) > 0 {
				p.Fix = "remove it; the keys here are " + strings.Join(known, ", ")
			}
			out = append(out, at(append(clip(tokens), name), p))
		}
		return out
	case *kind.Type:
		p := problem.Problem{Rule: RuleWrongType, Value: scalarOrNil(got),
			Detail: fmt.Sprintf("has the wrong type: expected %s, got %s", strings.Join(k.Want, " or "), gotType(got))}
		return Diagnostics{at(tokens, p)}
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = fmt.Sprint(w)
		}
		p := problem.Problem{Rule: RuleNotAllowed, Value: scalarOrNil(got), Detail: "is not allowed",
			Fix: "use one of " + strings.Join(want, ", ")}
		if s, ok := got.(string); ok {
			if c, ok := Closest(s, want); ok {
				p.Detail += "; did you mean " + c + "?"
			}
		}
		return Diagnostics{at(tokens, p)}
	case *kind.Required:
		if partial {
			return nil
		}
		var out Diagnostics
		for _, m := range k.Missing {
			out = append(out, at(append(clip(tokens), m), problem.Problem{Rule: RuleMissing, Detail: "is required but missing"}))
		}
		return out
	case *kind.FalseSchema:
		// The one conditional false schema is aws.vpc's: stack excludes
		// the VPC's own fields (VPCConfig.JSONSchemaExtend).
		if len(tokens) == 0 {
			return Diagnostics{at(tokens, problem.Problem{Rule: RuleUnknownKey, Detail: "is not allowed here"})}
		}
		if parent, ok := jsonvalue.At(value, tokens[:len(tokens)-1]...).(map[string]any); ok && parent["stack"] != nil {
			return Diagnostics{at(tokens, problem.Problem{Rule: RuleExclusiveWithStack, Value: scalarOrNil(got),
				Detail: fmt.Sprintf("cannot be given with stack %v: the network comes from that stack", parent["stack"])})}
		}
		return Diagnostics{at(tokens, problem.Problem{Rule: RuleUnknownKey, Detail: "is not allowed here"})}
	}
	return Diagnostics{at(tokens, problem.Problem{Rule: RuleSchema, Value: scalarOrNil(got),
		Detail: e.ErrorKind.LocalizedString(printer)})}
}

func scalarOrNil(v any) any {
	switch v.(type) {
	case map[string]any, []any, nil:
		return nil
	}
	return v
}

func gotType(v any) string {
	switch v.(type) {
	case nil:
		return "null (an empty value)"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64:
		return "number"
	}
	return "integer"
}

// resolve follows $ref.
func resolve(s *jsonschema.Schema) *jsonschema.Schema {
	for s != nil && s.Ref != nil {
		s = s.Ref
	}
	return s
}

// schemaAt returns the schema of the value at tokens, or nil.
func schemaAt(s *jsonschema.Schema, tokens []string) *jsonschema.Schema {
	s = resolve(s)
	for _, t := range tokens {
		if s == nil {
			return nil
		}
		if p, ok := s.Properties[t]; ok {
			s = resolve(p)
		} else if ap, ok := s.AdditionalProperties.(*jsonschema.Schema); ok {
			s = resolve(ap)
		} else if s.Items2020 != nil {
			s = resolve(s.Items2020)
		} else {
			return nil
		}
	}
	return s
}

func knownKeys(s *jsonschema.Schema) []string {
	if s == nil {
		return nil
	}
	return sortedKeys(s.Properties)
}

// describeSchema says what a value of schema s looks like, for messages:
// "a string", "one of enforce, audit, off", "an object of strings".
func describeSchema(s *jsonschema.Schema) string {
	s = resolve(s)
	if s == nil {
		return "a value"
	}
	if s.Enum != nil {
		var vals []string
		for _, v := range s.Enum.Values {
			vals = append(vals, fmt.Sprint(v))
		}
		return "one of " + strings.Join(vals, ", ")
	}
	types := typeNames(s)
	switch {
	case slices.Contains(types, "object"):
		if ap, ok := s.AdditionalProperties.(*jsonschema.Schema); ok && len(s.Properties) == 0 {
			return "an object of " + plural(describeSchema(ap))
		}
		return "an object"
	case slices.Contains(types, "array"):
		if s.Items2020 != nil {
			return "a list of " + plural(describeSchema(s.Items2020))
		}
		return "a list"
	case len(types) == 1:
		return article(types[0])
	}
	return "a value"
}

func typeNames(s *jsonschema.Schema) []string {
	if s.Types == nil {
		return nil
	}
	return s.Types.ToStrings()
}

func article(t string) string {
	if strings.IndexAny(t[:1], "aeiou") == 0 {
		return "an " + t
	}
	return "a " + t
}

func plural(desc string) string {
	desc = strings.TrimPrefix(strings.TrimPrefix(desc, "an "), "a ")
	if strings.HasPrefix(desc, "object") && desc != "object" {
		return "objects" + strings.TrimPrefix(desc, "object")
	}
	if strings.HasPrefix(desc, "list") && desc != "list" {
		return "lists" + strings.TrimPrefix(desc, "list")
	}
	if strings.HasPrefix(desc, "one of") {
		return "values (" + desc + ")"
	}
	return desc + "s"
}
