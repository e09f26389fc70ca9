package e2e

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// deployment is the part of `pulumi stack export` the assertions read.
type deployment struct {
	Resources []stateResource `json:"resources"`
}

type stateResource struct {
	URN     string `json:"urn"`
	Type    string `json:"type"`
	ID      string `json:"id"`
	Custom  bool   `json:"custom"`
	Protect bool   `json:"protect"`
	// Dependencies are the resources this one was registered to depend on.
	Dependencies []string       `json:"dependencies"`
	Parent       string         `json:"parent"`
	Inputs       map[string]any `json:"inputs"`
	Outputs      map[string]any `json:"outputs"`
}

// ofType returns the resources of type typ.
func (d deployment) ofType(typ string) []stateResource {
	var out []stateResource
	for _, r := range d.Resources {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// one returns the single resource of type typ, or fails the test.
func (d deployment) one(t *testing.T, typ string) stateResource {
	t.Helper()
	rs := d.ofType(typ)
	require.Len(t, rs, 1, "want exactly one %s in the stack", typ)
	return rs[0]
}

// cloudResources returns the custom resources that are not providers: the
// ones a stand-in ledger must also hold.
func (d deployment) cloudResources() []stateResource {
	var out []stateResource
	for _, r := range d.Resources {
		if r.Custom && !isProvider(r.Type) {
			out = append(out, r)
		}
	}
	return out
}

func isProvider(typ string) bool { return len(typ) > 17 && typ[:17] == "pulumi:providers:" }

// get walks a dotted path through nested maps and arrays (`rule.objectOwnership`,
// `rules[0].id` is written `rules.0.id`).
func get(m map[string]any, path ...string) any {
	var v any = m
	for _, p := range path {
		switch c := v.(type) {
		case map[string]any:
			v = c[p]
		case []any:
			i := 0
			for _, r := range p {
				i = i*10 + int(r-'0')
			}
			if i >= len(c) {
				return nil
			}
			v = c[i]
		default:
			return nil
		}
	}
	return v
}
