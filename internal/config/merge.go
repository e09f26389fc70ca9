package config

import (
	"fmt"
	"strings"
)

// identityKeys are the fields that identify an item in a list of objects, in
// the order they are tried.
var identityKeys = []string{"name", "id", "key"}

// Merge returns over layered onto base, over generic JSON values
// (map[string]any, []any and scalars). Neither argument is modified, and the
// result shares no maps or lists with them.
//
//   - Maps merge deeply, key by key.
//   - A map under the key `credentials` is replaced whole, never merged, so
//     one layer's access key never pairs with another's secret.
//   - Lists of objects merge by `name`, then `id`, then `key`: by the first
//     of these that every item on both sides has, with a string, number or
//     boolean value unique on each side. Items that match merge deeply and
//     keep base's order; unmatched items of over are appended in order.
//   - Every other list is replaced, and so is a list either side of which is
//     empty: an empty list in a later layer clears the list.
//   - Scalars, and values of different kinds, are replaced.
//   - nil in over leaves base as it is.
func Merge(base, over any) any {
	return merge(base, over, "", "", nil)
}

// tracker records, for each leaf path of a merge result, which layer set it.
type tracker struct {
	prov map[string]Source
	src  Source
}

// set records v, written at path by the current layer, replacing whatever
// was recorded under path.
func (t *tracker) set(path string, v any) {
	if t == nil {
		return
	}
	t.clear(path)
	for _, leaf := range leafPaths(path, v) {
		t.prov[leaf] = t.src
	}
}

// clear drops everything recorded at or under path.
func (t *tracker) clear(path string) {
	for p := range t.prov {
		if under(p, path) {
			delete(t.prov, p)
		}
	}
}

// under reports whether path p is prefix or inside it.
func under(p, prefix string) bool {
	if prefix == "" || p == prefix {
		return true
	}
	return strings.HasPrefix(p, prefix) && (p[len(prefix)] == '.' || p[len(prefix)] == '[')
}

// leafPaths are the paths Provenance records for value v at path: every
// scalar, each list of scalars as one value, and empty maps and lists.
func leafPaths(path string, v any) []string {
	var out []string
	walkLeaves(path, v, func(p string, _ any) { out = append(out, p) })
	return out
}

// walkLeaves calls fn for each leaf of v (see leafPaths), in key order.
func walkLeaves(path string, v any, fn func(path string, v any)) {
	switch t := v.(type) {
	case map[string]any:
		if len(t) == 0 {
			fn(path, v)
			return
		}
		for _, k := range sortedKeys(t) {
			walkLeaves(JoinPath(path, k), t[k], fn)
		}
		return
	case []any:
		if !hasContainers(t) {
			fn(path, v)
			return
		}
		for i, e := range t {
			walkLeaves(JoinPath(path, i), e, fn)
		}
		return
	}
	fn(path, v)
}

func hasContainers(list []any) bool {
	for _, e := range list {
		switch e.(type) {
		case map[string]any, []any:
			return true
		}
	}
	return false
}

// merge layers over onto base at path, whose last key is key ("" for the
// root and list items).
func merge(base, over any, path, key string, tr *tracker) any {
	if over == nil {
		return deepCopy(base)
	}
	switch o := over.(type) {
	case map[string]any:
		b, ok := base.(map[string]any)
		if !ok || key == secretKey {
			tr.set(path, o)
			return deepCopy(o)
		}
		out := make(map[string]any, len(b)+len(o))
		for k, v := range b {
			out[k] = deepCopy(v)
		}
		if len(o) == 0 && len(b) == 0 {
			tr.set(path, o)
		}
		for _, k := range sortedKeys(o) {
			if bv, present := b[k]; present {
				out[k] = merge(bv, o[k], JoinPath(path, k), k, tr)
			} else if o[k] != nil {
				out[k] = merge(nil, o[k], JoinPath(path, k), k, tr)
			}
		}
		return out
	case []any:
		b, ok := base.([]any)
		if ok {
			if key := identityKey(b, o); key != "" {
				return mergeByKey(b, o, key, path, tr)
			}
		}
		tr.set(path, o)
		return deepCopy(o)
	default:
		tr.set(path, o)
		return o
	}
}

// identityKey returns the first identity key that every item of both lists
// has, with a scalar value unique within each list; "" when there is none.
func identityKey(base, over []any) string {
	if len(base) == 0 || len(over) == 0 {
		return ""
	}
	for _, key := range identityKeys {
		if uniqueKeys(base, key) && uniqueKeys(over, key) {
			return key
		}
	}
	return ""
}

func uniqueKeys(list []any, key string) bool {
	seen := map[string]bool{}
	for _, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			return false
		}
		id, ok := idOf(m[key])
		if !ok || seen[id] {
			return false
		}
		seen[id] = true
	}
	return true
}

// idOf renders an identity value; numbers of either Go type compare equal.
func idOf(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return "s:" + t, true
	case bool:
		return fmt.Sprintf("b:%t", t), true
	case int64:
		return fmt.Sprintf("n:%d", t), true
	case int:
		return fmt.Sprintf("n:%d", t), true
	case float64:
		if t == float64(int64(t)) {
			return fmt.Sprintf("n:%d", int64(t)), true
		}
		return fmt.Sprintf("n:%g", t), true
	}
	return "", false
}

func mergeByKey(base, over []any, key, path string, tr *tracker) []any {
	index := map[string]int{}
	for i, item := range base {
		id, _ := idOf(item.(map[string]any)[key])
		index[id] = i
	}
	out := make([]any, len(base), len(base)+len(over))
	for i, item := range base {
		out[i] = deepCopy(item)
	}
	for _, item := range over {
		id, _ := idOf(item.(map[string]any)[key])
		if i, ok := index[id]; ok {
			out[i] = merge(base[i], item, JoinPath(path, i), "", tr)
			continue
		}
		tr.set(JoinPath(path, len(out)), item)
		out = append(out, deepCopy(item))
	}
	return out
}

func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}

// Interpolate returns v with `${project:name}` and `${project:environment}`
// replaced in every string value (map keys are left as written), as in
// `tags: {Project: "${project:name}"}`. v is not modified.
func Interpolate(v any, project, environment string) any {
	r := strings.NewReplacer("${project:name}", project, "${project:environment}", environment)
	var walk func(v any) any
	walk = func(v any) any {
		switch t := v.(type) {
		case string:
			return r.Replace(t)
		case map[string]any:
			out := make(map[string]any, len(t))
			for k, e := range t {
				out[k] = walk(e)
			}
			return out
		case []any:
			out := make([]any, len(t))
			for i, e := range t {
				out[i] = walk(e)
			}
			return out
		case map[string]string:
			out := make(map[string]string, len(t))
			for k, e := range t {
				out[k] = r.Replace(e)
			}
			return out
		case []string:
			out := make([]string, len(t))
			for i, e := range t {
				out[i] = r.Replace(e)
			}
			return out
		}
		return v
	}
	return walk(v)
}
