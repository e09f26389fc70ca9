// Package schemadocs holds the descriptions of schema types as data: one
// YAML file per component next to its long Markdown description, instead of
// a Describe call per field in Go. The schema (schema.json, the SDKs' doc
// comments, the registry pages) and the policy document's JSON Schema read
// them through the types' Annotate methods, which are one line each.
//
// A YAML file maps a Go type name to its field descriptions by the field's
// pulumi name, `_` to the type's own one-line description, and `_token`
// (module:Name) to its schema token where it is not the inferred one. A type whose
// description is long (a component) has it in <lowercase type name>.md in
// the same folder instead. Every field needs a description and every
// description a field: the schema test fails on an undocumented property,
// and Describe panics on a description of a field that does not exist, so a
// renamed field cannot keep a stale text.
package schemadocs

import (
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"strings"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"gopkg.in/yaml.v3"
)

// Docs are the descriptions of one package's types.
type Docs struct {
	types map[string]map[string]string // type name -> pulumi field name ("_" for the type) -> text
	long  map[string]string            // lowercase type name -> Markdown
}

// MustLoad reads every *.yaml and *.md file of the folder dir of fsys (an
// embedded folder). The files are part of the binary, so a malformed one is
// a bug that every test of the package finds: it panics.
func MustLoad(fsys fs.FS, dir string) Docs {
	sub, err := fs.Sub(fsys, dir)
	if err == nil {
		var d Docs
		if d, err = Load(sub); err == nil {
			return d
		}
	}
	panic(fmt.Sprintf("loading the schema descriptions in %s: %v", dir, err))
}

// Load reads every *.yaml and *.md file of fsys.
func Load(fsys fs.FS) (Docs, error) {
	d := Docs{types: map[string]map[string]string{}, long: map[string]string{}}
	err := fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("reading %s: %w", p, err)
		}
		switch path.Ext(p) {
		case ".md":
			d.long[strings.TrimSuffix(path.Base(p), ".md")] = string(b)
		case ".yaml":
			var types map[string]map[string]string
			if err := yaml.Unmarshal(b, &types); err != nil {
				return fmt.Errorf("parsing %s: %w", p, err)
			}
			for t, fields := range types {
				if _, dup := d.types[t]; dup {
					return fmt.Errorf("%s describes %s, which another file describes too", p, t)
				}
				d.types[t] = fields
			}
		}
		return nil
	})
	return d, err
}

// Annotate describes v (a pointer to a struct) and each of its pulumi fields.
// It panics on a description of a field v does not have.
func (d Docs) Annotate(an infer.Annotator, v any) {
	rv := reflect.ValueOf(v).Elem()
	typ := rv.Type()
	fields := d.types[typ.Name()]
	if long, ok := d.long[strings.ToLower(typ.Name())]; ok {
		an.Describe(v, long)
	} else if short, ok := fields["_"]; ok {
		an.Describe(v, short)
	}
	if tok, ok := fields["_token"]; ok {
		module, name, found := strings.Cut(tok, ":")
		if !found {
			panic(fmt.Sprintf("schema descriptions of %s: _token %q is not module:Name", typ.Name(), tok))
		}
		an.SetToken(tokens.ModuleName(module), tokens.TypeName(name))
	}
	known := map[string]bool{"_": true, "_token": true}
	for _, f := range reflect.VisibleFields(typ) {
		name, _, _ := strings.Cut(f.Tag.Get("pulumi"), ",")
		if name == "" || !f.IsExported() {
			continue
		}
		known[name] = true
		if text, ok := fields[name]; ok {
			an.Describe(rv.FieldByIndex(f.Index).Addr().Interface(), text)
		}
	}
	for name := range fields {
		if !known[name] {
			panic(fmt.Sprintf("schema descriptions of %s name %q, which is not one of its fields", typ.Name(), name))
		}
	}
}
