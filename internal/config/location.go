package config

// Locations: where the values of a merged document came from (file and line),
// so a problem names the file to fix.

import (
	"strconv"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/jsonvalue"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// Location places the values of a document inside a file, so a problem
// names the file, the line and the path a user wrote. A policy file's
// document is the whole file; a stack file's orgiac:* keys sit under
// config with an `orgiac:` prefix; a Deployment configuration sits under
// its config key.
type Location struct {
	File *File
	// At are the pointer tokens of the document inside the file.
	At []string
	// KeyPrefix is put before the document's first-level keys in the file
	// (`orgiac:` for a stack's orgiac:* keys).
	KeyPrefix string
	// PathPrefix is put before every path shown (`orgiac:deployment`).
	PathPrefix string

	// layers, when set (MergeLayers), are the documents a merged value
	// came from; prov says which layer (by index) wrote each leaf.
	layers []Location
	prov   map[string]Source
}

// MergeLayers merges the documents in order (Merge) and returns the result
// with a Location that places each problem of it in the layer that wrote
// the value: the last layer that wrote anything at or under the value's
// path, or, for a value no layer wrote (a missing key), under its nearest
// enclosing value. A list one layer replaced belongs to that layer alone.
func MergeLayers(docs []any, layers []Location) (any, Location) {
	tr := &tracker{prov: map[string]Source{}}
	var merged any
	for i, doc := range docs {
		tr.src = Source{Origin: strconv.Itoa(i)}
		merged = merge(merged, doc, "", "", tr)
	}
	return merged, Location{layers: layers, prov: tr.prov}
}

// fileTokens maps tokens inside the document to tokens inside the file.
func (l Location) fileTokens(tokens []string) []string {
	out := clip(l.At)
	for i, t := range tokens {
		if i == 0 {
			t = l.KeyPrefix + t
		}
		out = append(out, t)
	}
	return out
}

// locate picks the layer that wrote the value at tokens.
func (l Location) locate(value any, tokens []string) Location {
	if len(l.layers) == 0 {
		return l
	}
	for n := len(tokens); n >= 0; n-- {
		at := Location{}.path(value, tokens[:n])
		if at == "(document)" {
			at = ""
		}
		best := -1
		for p, src := range l.prov {
			if i, err := strconv.Atoi(src.Origin); err == nil && i > best && i < len(l.layers) && under(p, at) {
				best = i
			}
		}
		if best >= 0 {
			return l.layers[best]
		}
	}
	return l.layers[len(l.layers)-1]
}

func (l Location) diag(value any, tokens []string, p problem.Problem) Diagnostic {
	l = l.locate(value, tokens)
	p.Path = l.path(value, tokens)
	d := Diagnostic{Problem: p}
	if l.File != nil {
		d.File = l.File.Path
		d.Line = l.File.Line(l.fileTokens(tokens)...)
	}
	return d
}

func (l Location) path(value any, tokens []string) string {
	rendered := make([]string, len(tokens))
	copy(rendered, tokens)
	if len(rendered) > 0 {
		rendered[0] = l.KeyPrefix + rendered[0]
	}
	p := pathOf(rendered, func(prefix []string) bool {
		_, ok := jsonvalue.At(value, tokens[:len(prefix)]...).([]any)
		return ok
	})
	if l.PathPrefix == "" {
		return p
	}
	if p == "(document)" {
		return l.PathPrefix
	}
	if strings.HasPrefix(p, "[") {
		return l.PathPrefix + p
	}
	return l.PathPrefix + "." + p
}
