package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/invopop/jsonschema"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

	"github.com/orgiac/pulumi-orgiac/schemas"
)

// SchemaBaseURL is where the committed schemas are published; each schema's
// $id is this URL plus its file name, so editors can fetch them by $id.
const SchemaBaseURL = "https://raw.githubusercontent.com/orgiac/pulumi-orgiac/main/schemas/"

// secretKey names the objects whose every value is a secret: the
// standardized configuration's credentials sections. The schemas mark them,
// and everything under them, with "writeOnly": true (the JSON Schema
// annotation for values that are supplied but never shown back) and
// "x-secret": true (explicit, for tools and readers); orgiac never prints
// their values, and Merge replaces them whole.
const secretKey = "credentials"

// GenerateSchemas returns the JSON Schemas of the policy document and of the
// standardized Deployment configuration, by file name (schemas.Policy,
// schemas.Deployment), reflected from PolicyDocument and DeploymentConfig.
// The output is deterministic: 2-space indent and a trailing newline.
func GenerateSchemas() (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, g := range []struct {
		file, title, description string
		value                    any
	}{
		{schemas.Policy, "orgiac organization policy",
			"The organization policy document (orgiac:policyFile or ORGIAC_POLICY_FILE): the provider " +
				"configuration's keys, per-environment sections and per-component defaults. Generated from " +
				"internal/config.PolicyDocument; do not edit.",
			PolicyDocument{}},
		{schemas.Deployment, "orgiac standardized configuration",
			"The standardized configuration orgiac:index:Deployment builds whole environments from: the project, " +
				"and aws and azure sections with enabled flags. Values under credentials are secrets (writeOnly, " +
				"x-secret). Generated from internal/config.DeploymentConfig; do not edit.",
			DeploymentConfig{}},
	} {
		b, err := generateSchema(g.file, g.title, g.description, g.value)
		if err != nil {
			return nil, fmt.Errorf("generating %s: %w", g.file, err)
		}
		out[g.file] = b
	}
	return out, nil
}

func generateSchema(file, title, description string, v any) ([]byte, error) {
	r := &jsonschema.Reflector{
		AllowAdditionalProperties: false, // unknown keys are errors, with a suggestion
		ExpandedStruct:            true,  // the root's properties at the top, not behind a $ref
	}
	s := r.Reflect(v)
	s.ID = jsonschema.ID(SchemaBaseURL + file)
	s.Title = title
	s.Description = description

	root := reflect.TypeOf(v)
	describe(s, root, root, map[reflect.Type]bool{})
	markSecrets(s, s, false)

	b, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	if b, err = readableOrder(b); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, unescapeHTML(b), "", "  "); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// topLevelOrder is the order of the root's keys in the files: what the
// schema is first, then the document's properties, then the definitions.
var topLevelOrder = []string{
	"$schema", "$id", "title", "description", "type", "required", "properties", "additionalProperties", "$defs",
}

// readableOrder rewrites the root object with its keys in topLevelOrder
// (any others after them, sorted); nested objects keep invopop's order.
func readableOrder(b []byte) ([]byte, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return nil, err
	}
	keys := []string{}
	for _, k := range topLevelOrder {
		if _, ok := top[k]; ok {
			keys = append(keys, k)
		}
	}
	for _, k := range sortedKeys(top) {
		if !slices.Contains(topLevelOrder, k) {
			keys = append(keys, k)
		}
	}
	var out bytes.Buffer
	out.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			out.WriteByte(',')
		}
		name, _ := json.Marshal(k)
		out.Write(name)
		out.WriteByte(':')
		out.Write(top[k])
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}

// describe sets every property's description from its whole `description=`
// tag (invopop cuts a description at its first comma, and "e.g. dev,
// staging or production" is common), and, for types that describe their
// fields for the Pulumi schema (infer.Annotated, such as compliance.Waiver),
// from those annotations, so both schemas say the same thing.
func describe(root *jsonschema.Schema, rootType, t reflect.Type, seen map[reflect.Type]bool) {
	t = deref(t)
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		describe(root, rootType, t.Elem(), seen)
		return
	case reflect.Struct:
	default:
		return
	}
	if seen[t] {
		return
	}
	seen[t] = true
	target := root
	if t != rootType {
		target = root.Definitions[t.Name()]
	}
	if target == nil {
		return
	}
	notes := annotations(t)
	if d := notes[""]; d != "" && target.Description == "" {
		target.Description = d
	}
	for _, f := range fields(t) {
		describe(root, rootType, f.Type, seen)
		prop, ok := target.Properties.Get(jsonName(f))
		if !ok {
			continue
		}
		if d := tagDescription(f.Tag.Get("jsonschema")); d != "" {
			prop.Description = d
		} else if d := notes[f.Name]; d != "" {
			prop.Description = d
		}
	}
}

// fields are t's fields as encoding/json sees them, embedded structs inlined.
func fields(t reflect.Type) []reflect.StructField {
	var out []reflect.StructField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && strings.Split(f.Tag.Get("json"), ",")[0] == "" && deref(f.Type).Kind() == reflect.Struct {
			out = append(out, fields(deref(f.Type))...)
			continue
		}
		if f.IsExported() && jsonName(f) != "-" {
			out = append(out, f)
		}
	}
	return out
}

func jsonName(f reflect.StructField) string {
	if name := strings.Split(f.Tag.Get("json"), ",")[0]; name != "" {
		return name
	}
	return f.Name
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

var tagKeyword = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(=|$)`)

// tagDescription returns the description= part of a jsonschema tag, commas
// and all: it runs until the next part that is a keyword (`enum=x`).
func tagDescription(tag string) string {
	parts := strings.Split(tag, ",")
	for i, p := range parts {
		if !strings.HasPrefix(p, "description=") {
			continue
		}
		desc := strings.TrimPrefix(p, "description=")
		for _, next := range parts[i+1:] {
			if tagKeyword.MatchString(next) {
				break
			}
			desc += "," + next
		}
		return strings.ReplaceAll(desc, `\`, "")
	}
	return ""
}

// annotations runs t's Annotate method, if it has one, and returns the
// descriptions it gives by field name ("" for the type itself).
func annotations(t reflect.Type) map[string]string {
	notes := map[string]string{}
	// An embedded struct's fields are inlined, and so are its notes.
	for i := range t.NumField() {
		if f := t.Field(i); f.Anonymous && deref(f.Type).Kind() == reflect.Struct {
			maps.Copy(notes, annotations(deref(f.Type)))
		}
	}
	v := reflect.New(t)
	a, ok := v.Interface().(infer.Annotated)
	if !ok {
		return notes
	}
	c := &describer{base: v.Pointer(), t: t, notes: notes}
	a.Annotate(c)
	return c.notes
}

// describer is an infer.Annotator that records descriptions by field.
type describer struct {
	base  uintptr
	t     reflect.Type
	notes map[string]string
}

func (d *describer) Describe(i any, description string) {
	v := reflect.ValueOf(i)
	if v.Kind() != reflect.Pointer {
		return
	}
	if v.Type().Elem() == d.t && v.Pointer() == d.base {
		d.notes[""] = description
		return
	}
	for k := 0; k < d.t.NumField(); k++ {
		f := d.t.Field(k)
		if d.base+f.Offset == v.Pointer() && v.Type().Elem() == f.Type {
			d.notes[f.Name] = description
		}
	}
}

func (*describer) SetDefault(any, any, ...string)              {}
func (*describer) SetToken(tokens.ModuleName, tokens.TypeName) {}
func (*describer) AddAlias(tokens.ModuleName, tokens.TypeName) {}
func (*describer) Deprecate(any, string)                       {}

// markSecrets marks every property named credentials, and everything under
// it, as writeOnly and x-secret.
func markSecrets(root, s *jsonschema.Schema, secret bool) {
	if s == nil {
		return
	}
	if secret {
		s.WriteOnly = true
		if s.Extras == nil {
			s.Extras = map[string]any{}
		}
		s.Extras["x-secret"] = true
		if strings.HasPrefix(s.Ref, "#/$defs/") {
			markSecrets(root, root.Definitions[strings.TrimPrefix(s.Ref, "#/$defs/")], true)
		}
	}
	if s.Properties != nil {
		for pair := s.Properties.Oldest(); pair != nil; pair = pair.Next() {
			markSecrets(root, pair.Value, secret || pair.Key == secretKey)
		}
	}
	markSecrets(root, s.Items, secret)
	markSecrets(root, s.AdditionalProperties, secret)
	if s == root {
		for _, name := range sortedKeys(root.Definitions) {
			markSecrets(root, root.Definitions[name], false)
		}
	}
}

// unescapeHTML undoes encoding/json's escaping of <, > and & in strings, so
// descriptions stay readable; an escaped backslash before them is kept.
func unescapeHTML(b []byte) []byte {
	var out bytes.Buffer
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+1 < len(b) {
			if b[i+1] == 'u' && i+5 < len(b) {
				switch string(b[i+2 : i+6]) {
				case "003c":
					out.WriteByte('<')
					i += 5
					continue
				case "003e":
					out.WriteByte('>')
					i += 5
					continue
				case "0026":
					out.WriteByte('&')
					i += 5
					continue
				}
			}
			out.WriteByte(b[i])
			out.WriteByte(b[i+1])
			i++
			continue
		}
		out.WriteByte(b[i])
	}
	return out.Bytes()
}
