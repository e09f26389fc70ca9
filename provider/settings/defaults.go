package settings

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// RuleComponentDefault fires when a policy document's component default
// does not fit the input it names.
var RuleComponentDefault = problem.Define("CFG140",
	"a component default in the policy document names a plain input of the component and fits its type",
	"fix components.<token>.<input> in the policy document; see the component's inputs in orgiac catalog")

var inputType = reflect.TypeFor[pulumi.Input]()

// ApplyComponentDefaults fills the inputs the user left unset in args (a
// pointer to a component's args struct) from the policy document's
// components.<token> defaults, and returns the names of the inputs it
// filled. Only plain inputs take defaults: values that come from other
// resources cannot be written in a policy file. The user's own arguments
// always win.
func (r Resolved) ApplyComponentDefaults(token string, args any) (filled []string, probs problem.List) {
	defaults := r.Components[token]
	if len(defaults) == 0 {
		return nil, probs
	}
	v := reflect.ValueOf(args).Elem()
	fields := map[string]reflect.Value{}
	for i := range v.NumField() {
		f := v.Type().Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("pulumi"), ",")
		if name != "" && !f.Type.Implements(inputType) {
			fields[name] = v.Field(i)
		}
	}
	keys := make([]string, 0, len(defaults))
	for k := range defaults {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		at := "components." + token + "." + k
		field, ok := fields[k]
		if !ok {
			probs.Addf(RuleComponentDefault, at, nil, "is not a plain input of %s", token)
			continue
		}
		if !field.IsZero() {
			continue // the component's own argument wins
		}
		b, err := json.Marshal(defaults[k])
		if err == nil {
			err = json.Unmarshal(b, field.Addr().Interface())
		}
		if err != nil {
			probs.Addf(RuleComponentDefault, at, defaults[k], "does not fit the input's type: %v", err)
			continue
		}
		filled = append(filled, k)
	}
	return filled, probs
}
