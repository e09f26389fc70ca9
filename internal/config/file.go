package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
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

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

func parseYAML(path string, data []byte) (*File, Diagnostics) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, Diagnostics{fileDiag(path, 1, RuleNotObject, "is empty", "")}
		}
		return nil, Diagnostics{yamlError(path, err)}
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		return nil, Diagnostics{fileDiag(path, next.Line, RuleSyntax,
			"holds more than one YAML document (a second `---`)", "keep one document per file")}
	} else if !errors.Is(err, io.EOF) {
		return nil, Diagnostics{yamlError(path, err)}
	}
	if len(doc.Content) == 0 {
		return nil, Diagnostics{fileDiag(path, 1, RuleNotObject, "is empty", "")}
	}
	root := doc.Content[0]
	if d := checkExpansion(path, root); d != nil {
		return nil, Diagnostics{*d}
	}
	f := &File{Path: path, Format: "yaml", lines: map[string]int{}}
	c := converter{file: path, lines: f.lines}
	f.Value = c.convert(root, nil, "", root.Line, 0)
	if len(c.diags) > 0 {
		c.diags.Sort()
		return nil, c.diags
	}
	if _, ok := f.Value.(map[string]any); !ok {
		return nil, Diagnostics{fileDiag(path, root.Line, RuleNotObject, "is "+describeValue(f.Value)+", not an object", "")}
	}
	return f, nil
}

func yamlError(path string, err error) Diagnostic {
	msg := err.Error()
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.TrimPrefix(msg, m[0])
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	return fileDiag(path, line, RuleSyntax, "is not valid YAML: "+msg, "")
}

// checkExpansion refuses a document whose aliases would expand it by more
// than MaxAliasExpansion nodes, or that refers to itself, before anything
// is expanded. Sizes are memoized per node, so the check is linear in the
// document as written, however much the aliases multiply.
func checkExpansion(path string, root *yaml.Node) *Diagnostic {
	const inProgress = -1
	limit := 0
	sizes := map[*yaml.Node]int{}
	var firstAlias *yaml.Node
	var cycle *yaml.Node
	var size func(n *yaml.Node) int
	size = func(n *yaml.Node) int {
		if s, ok := sizes[n]; ok {
			if s == inProgress {
				cycle = n
				return 0
			}
			return s
		}
		sizes[n] = inProgress
		total := 1
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			if firstAlias == nil {
				firstAlias = n
			}
			total = size(n.Alias)
		}
		for _, c := range n.Content {
			total += size(c)
			if total > limit {
				total = limit + 1 // saturate: no overflow, however deep the nesting
			}
		}
		sizes[n] = total
		return total
	}
	// The written nodes are bounded by the file size; count them first so
	// the expansion limit is on what aliases add.
	var count func(n *yaml.Node) int
	count = func(n *yaml.Node) int {
		t := 1
		for _, c := range n.Content {
			t += count(c)
		}
		return t
	}
	writtenNodes := count(root)
	limit = writtenNodes + MaxAliasExpansion
	expanded := size(root)
	if cycle != nil {
		d := fileDiag(path, cycle.Line, RuleAliasExpansion,
			fmt.Sprintf("uses an alias inside the anchor it refers to (&%s), which never ends", cycle.Anchor),
			"remove the alias from inside its own anchor")
		return &d
	}
	if expanded > limit {
		d := fileDiag(path, firstAlias.Line, RuleAliasExpansion,
			fmt.Sprintf("uses YAML aliases that would expand %d written nodes by more than the limit of %d (a \"billion laughs\" document); "+
				"orgiac refuses it without expanding it", writtenNodes, MaxAliasExpansion), "")
		return &d
	}
	return nil
}

// converter turns yaml.v3 nodes into generic JSON values, recording lines.
type converter struct {
	file  string
	lines map[string]int
	diags Diagnostics
}

func (c *converter) problem(line int, path string, rule problem.Rule, detail string) {
	d := fileDiag(c.file, line, rule, detail, "")
	if path != "" {
		d.Path = path
	}
	c.diags = append(c.diags, d)
}

// positions records the lines of a document without converting it (for
// JSON, whose values encoding/json decodes).
func (c *converter) positions(n *yaml.Node, tokens []string, line int) {
	_ = c.convert(n, tokens, "", line, 0)
}

func (c *converter) convert(n *yaml.Node, tokens []string, path string, line int, depth int) any {
	if _, seen := c.lines[pointer(tokens)]; !seen {
		c.lines[pointer(tokens)] = line
	}
	if depth > MaxDepth {
		c.problem(n.Line, path, RuleAliasExpansion,
			fmt.Sprintf("nests more than %d levels deep", MaxDepth))
		return nil
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil
		}
		return c.convert(n.Alias, tokens, path, line, depth+1)
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return c.convert(n.Content[0], tokens, path, line, depth)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for i, item := range n.Content {
			out = append(out, c.convert(item, append(clip(tokens), strconv.Itoa(i)), JoinPath(path, i), item.Line, depth+1))
		}
		return out
	case yaml.MappingNode:
		out := map[string]any{}
		keyLines := map[string]int{}
		c.mapping(n, tokens, path, depth, out, keyLines, true)
		return out
	case yaml.ScalarNode:
		return c.scalar(n, path)
	}
	return nil
}

// mapping adds n's entries to out. Merge keys (`<<: *defaults`) add the
// merged mappings' entries that out does not set itself.
func (c *converter) mapping(n *yaml.Node, tokens []string, path string, depth int, out map[string]any, keyLines map[string]int, explicit bool) {
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			c.problem(k.Line, path, RuleUnsupportedValue, "has a key that is not a string (a YAML "+kindName(k)+")")
			continue
		}
		key := k.Value
		if prev, dup := keyLines[key]; dup {
			if explicit {
				c.problem(k.Line, JoinPath(path, key), RuleSyntax,
					fmt.Sprintf("is defined twice (first on line %d); the second would silently win", prev))
			}
			continue
		}
		keyLines[key] = k.Line
		out[key] = c.convert(v, append(clip(tokens), key), JoinPath(path, key), k.Line, depth+1)
	}
	for _, m := range merges {
		for m.Kind == yaml.AliasNode && m.Alias != nil {
			m = m.Alias
		}
		switch m.Kind {
		case yaml.MappingNode:
			c.mapping(m, tokens, path, depth+1, out, keyLines, false)
		case yaml.SequenceNode:
			for _, item := range m.Content {
				for item.Kind == yaml.AliasNode && item.Alias != nil {
					item = item.Alias
				}
				if item.Kind == yaml.MappingNode {
					c.mapping(item, tokens, path, depth+1, out, keyLines, false)
				}
			}
		}
	}
}

func (c *converter) scalar(n *yaml.Node, path string) any {
	switch n.ShortTag() {
	case "!!str", "!!timestamp", "!!binary":
		// Dates stay as written (a waiver's expires: 2027-03-31).
		return n.Value
	case "!!null":
		return nil
	case "!!bool", "!!int", "!!float":
		var v any
		if err := n.Decode(&v); err != nil {
			return n.Value
		}
		switch t := v.(type) {
		case int:
			return int64(t)
		case int64:
			return t
		case uint64:
			if t <= math.MaxInt64 {
				return int64(t)
			}
			return float64(t)
		case float64:
			if math.IsInf(t, 0) || math.IsNaN(t) {
				c.problem(n.Line, path, RuleUnsupportedValue,
					fmt.Sprintf("is %s, which JSON cannot represent", n.Value))
				return nil
			}
			return t
		case bool:
			return t
		}
		return n.Value
	}
	// A custom tag (!Ref x): its text.
	return n.Value
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "sequence"
	case yaml.AliasNode:
		return "alias"
	}
	return "scalar"
}

// clip copies tokens so appends never share a backing array.
func clip(tokens []string) []string { return append([]string(nil), tokens...) }

// describeValue names a value's JSON type for messages.
func describeValue(v any) string {
	switch v.(type) {
	case nil:
		return "null (an empty value)"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case int64, int, float64:
		return "a number"
	}
	return fmt.Sprintf("a %T", v)
}
