// Package jsonvalue reads plain JSON values, as encoding/json decodes them
// into any (map[string]any, []any, strings, float64s, bools): the form in
// which both the configuration layers and the resources' state are judged.
package jsonvalue

import "strconv"

// At walks nested maps and lists by keys and list indexes, At(m, "rules",
// "0", "id"), and returns the value there, or nil when there is none.
func At(v any, path ...string) any {
	for _, p := range path {
		switch c := v.(type) {
		case map[string]any:
			v = c[p]
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			v = c[i]
		default:
			return nil
		}
	}
	return v
}
