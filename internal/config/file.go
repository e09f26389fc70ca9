package config

// Reading a configuration file within its limits, and the JSON side of
// parsing it. The YAML side is file_yaml.go.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Limits on what a configuration file may cost to read. A policy document or
// a stack file is a few kilobytes; the limits stop a mistaken or hostile file
// (a log, a "billion laughs" YAML bomb) from exhausting memory.
const (
	// MaxFileSize is the largest file read: 1 MiB.
	MaxFileSize = 1 << 20
	// MaxAliasExpansion is how many nodes YAML aliases may add to a document
	// when expanded. A plain document (no aliases) is limited by size only;
	// sharing a tag map with an anchor is fine; a document whose aliases
	// nest and multiply (a "billion laughs") is refused before it is
	// expanded.
	MaxAliasExpansion = 10_000
	// MaxDepth is how deeply objects and lists may nest.
	MaxDepth = 100
)

// File is a configuration file as read: its value as generic JSON values
// (map[string]any, []any, string, int64, float64, bool and nil), and the
// line of each value, so a problem found in the value names its line.
type File struct {
	Path   string
	Format string // "yaml" or "json"
	Value  any
	lines  map[string]int // JSON pointer -> line of the key, or of the list item
}

// Line returns the line of the value at tokens (a JSON pointer split into
// its unescaped parts), or of its nearest enclosing value that has one; 0
// when the file has no line information.
func (f *File) Line(tokens ...string) int {
	if f == nil {
		return 0
	}
	for n := len(tokens); n >= 0; n-- {
		if line, ok := f.lines[pointer(tokens[:n])]; ok {
			return line
		}
	}
	return 0
}

// ReadFile reads a YAML or JSON configuration file (by extension, else by its
// first character). origin says how the path was found, such as
// "ORGIAC_POLICY_FILE" or "orgiac:policyFile in Pulumi.dev.yaml"; a missing
// file's error names it. Every problem is a Diagnostic.
func ReadFile(path, origin string) (*File, Diagnostics) {
	data, d := readLimited(path, origin)
	if d != nil {
		return nil, Diagnostics{*d}
	}
	return Parse(path, data)
}

func readLimited(path, origin string) ([]byte, *Diagnostic) {
	how := ""
	if origin != "" {
		how = " (from " + origin + ")"
	}
	f, err := os.Open(path)
	if err != nil {
		d := fileDiag(path, 0, RuleFileUnreadable, "cannot be read"+how+": "+reason(err), "")
		if errors.Is(err, fs.ErrNotExist) {
			d.Detail = "does not exist" + how
			d.Fix = "create the file, or point " + orDefault(origin, "the setting") + " at an existing one"
		}
		return nil, &d
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		d := fileDiag(path, 0, RuleFileUnreadable, "is a directory"+how+", not a file", "name the YAML or JSON file itself")
		return nil, &d
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		d := fileDiag(path, 0, RuleFileUnreadable, "cannot be read"+how+": "+reason(err), "")
		return nil, &d
	}
	if len(data) > MaxFileSize {
		size := int64(len(data))
		if info, err := f.Stat(); err == nil && info.Size() > size {
			size = info.Size()
		}
		d := fileDiag(path, 0, RuleFileTooLarge,
			fmt.Sprintf("is %s; the limit is 1 MiB (%d bytes)", humanSize(size, len(data) > MaxFileSize), MaxFileSize), "")
		return nil, &d
	}
	return data, nil
}

// reason is an OS error without the path, which the diagnostic already names.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func humanSize(n int64, atLeast bool) string {
	s := fmt.Sprintf("%d bytes", n)
	if n >= 1<<20 {
		s = fmt.Sprintf("%.1f MiB (%d bytes)", float64(n)/(1<<20), n)
	}
	if atLeast && n == MaxFileSize+1 {
		s = "more than 1 MiB"
	}
	return s
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Parse decodes a YAML or JSON document read from path.
func Parse(path string, data []byte) (*File, Diagnostics) {
	if isJSON(path, data) {
		return parseJSONFile(path, data)
	}
	return parseYAML(path, data)
}

func isJSON(path string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return true
	case ".yaml", ".yml":
		return false
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	return len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[')
}

func parseJSONFile(path string, data []byte) (*File, Diagnostics) {
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // a byte order mark is no JSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = fmt.Errorf("unexpected data after the top-level value")
			return nil, Diagnostics{fileDiag(path, lineAt(data, dec.InputOffset()), RuleSyntax,
				"is not valid JSON: "+err.Error(), "")}
		}
	}
	if err != nil {
		offset := int64(len(data))
		var se *json.SyntaxError
		if errors.As(err, &se) {
			offset = se.Offset
		}
		msg := strings.TrimPrefix(err.Error(), "json: ")
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			msg = "it ends before the document does"
		}
		return nil, Diagnostics{fileDiag(path, lineAt(data, offset), RuleSyntax, "is not valid JSON: "+msg, "")}
	}
	f := &File{Path: path, Format: "json", lines: map[string]int{}}
	// JSON is YAML, so the YAML parser gives the lines (and finds keys
	// written twice, which encoding/json silently resolves to the last).
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) == nil && len(doc.Content) == 1 {
		c := converter{file: path, lines: f.lines}
		c.positions(doc.Content[0], nil, doc.Content[0].Line)
		if len(c.diags) > 0 {
			return nil, c.diags
		}
	}
	var diags Diagnostics
	f.Value = f.numbers(v, nil, "", &diags)
	if len(diags) > 0 {
		return nil, diags
	}
	if _, ok := f.Value.(map[string]any); !ok {
		return nil, Diagnostics{fileDiag(path, 1, RuleNotObject, "is "+describeValue(f.Value)+", not an object", "")}
	}
	return f, nil
}

// numbers turns json.Number into int64 or float64, as YAML decodes them,
// and refuses numbers beyond float64 (1e400) rather than read infinity.
func (f *File) numbers(v any, tokens []string, path string, diags *Diagnostics) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = f.numbers(e, append(clip(tokens), k), JoinPath(path, k), diags)
		}
	case []any:
		for i, e := range t {
			t[i] = f.numbers(e, append(clip(tokens), strconv.Itoa(i)), JoinPath(path, i), diags)
		}
	case json.Number:
		if n, err := t.Int64(); err == nil {
			return n
		}
		if x, err := t.Float64(); err == nil {
			return x
		}
		d := fileDiag(f.Path, f.Line(tokens...), RuleUnsupportedValue, "is "+t.String()+", beyond the numbers JSON values hold", "")
		d.Path = orDefault(path, "(document)")
		*diags = append(*diags, d)
		return nil
	}
	return v
}

// fromJSONNumbers turns json.Number into int64 or float64, as YAML decodes;
// numbers beyond float64 stay as their text.
func fromJSONNumbers(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = fromJSONNumbers(e)
		}
	case []any:
		for i, e := range t {
			t[i] = fromJSONNumbers(e)
		}
	case json.Number:
		if n, err := t.Int64(); err == nil {
			return n
		}
		if x, err := t.Float64(); err == nil {
			return x
		}
		return t.String()
	}
	return v
}

func lineAt(data []byte, offset int64) int {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	return bytes.Count(data[:offset], []byte("\n")) + 1
}
