package compliance

import (
	"strconv"

	"github.com/orgiac/pulumi-orgiac/internal/jsonvalue"
)

// Resource is a cloud resource as the checks see it: its type, a name for the
// report (a URN in a stack export, a logical name in a plan), and its
// properties as plain JSON-like values (map[string]any, []any, string,
// float64, bool).
type Resource struct {
	Type  string
	Name  string
	ID    string
	Props map[string]any
	// Refs names, for a property whose value another resource's output
	// gave, that resource (by its Name). A preview does not know ids yet,
	// so the policy pack links by where a value came from instead.
	Refs map[string]string
	// Unknown is set when some of Props are values a preview does not know
	// yet.
	Unknown bool
}

// Subject is the resource a control is checked on, with the resources that
// configure it (a bucket's versioning, a VPC's flow logs), by type.
type Subject struct {
	Resource
	Related map[string][]Resource
	// read, when set, records the related types a check asked for.
	read map[string]bool
}

// Rel returns the related resources of type typ.
func (s Subject) Rel(typ string) []Resource {
	if s.read != nil {
		s.read[typ] = true
	}
	return s.Related[typ]
}

// readsUnknown runs check on s and reports, besides its finding, whether a
// related resource it read holds values a preview does not know yet.
func readsUnknown(check func(Subject) Finding, s Subject) (Finding, bool) {
	s.read = map[string]bool{}
	f := check(s)
	for typ := range s.read {
		for _, r := range s.Related[typ] {
			if r.Unknown && r.Name != s.Name {
				return f, true
			}
		}
	}
	return f, false
}

// Names lists the subject and its related resources, for the report.
func (s Subject) Names() []string {
	names := []string{s.Name}
	for _, rs := range s.Related {
		for _, r := range rs {
			names = append(names, r.Name)
		}
	}
	return names
}

// get walks nested maps and lists: get(m, "rules", "0", "id").
func get(v any, path ...string) any { return jsonvalue.At(v, path...) }

func str(v any, path ...string) string {
	s, _ := get(v, path...).(string)
	return s
}

// truthy accepts true and "true": the aws provider keeps some booleans (EBS
// encrypted in a launch template) as strings.
func truthy(v any, path ...string) bool {
	switch b := get(v, path...).(type) {
	case bool:
		return b
	case string:
		return b == "true"
	}
	return false
}

func list(v any, path ...string) []any {
	l, _ := get(v, path...).([]any)
	return l
}

func num(v any, path ...string) (float64, bool) {
	switch n := get(v, path...).(type) {
	case float64:
		return n, true
	case int:
		return float64(n), true
	case string:
		f, err := strconv.ParseFloat(n, 64)
		return f, err == nil
	}
	return 0, false
}
