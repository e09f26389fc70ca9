package config

// The YAML side of reading a configuration file: parsing with line numbers,
// the alias-expansion guard, and the conversion of YAML nodes to the JSON
// values the rest of the package works on.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"gopkg.in/yaml.v3"
)

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
