package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

const (
	// EnvPrefix starts every variable orgiac reads. AWS_* and AZURE_*
	// belong to the cloud SDKs and hold credentials: orgiac never reads them.
	EnvPrefix = "ORGIAC_"
	// PolicyFileVariable names the policy document to read. It is where
	// the organization layer comes from, not a policy key.
	PolicyFileVariable = "ORGIAC_POLICY_FILE"
)

// EnvOverrides reads the environment overrides from environ (os.Environ()
// form, "NAME=value"): only ORGIAC_* variables, each naming a policy key in
// upper snake case (ORGIAC_COST_CENTER sets costCenter, ORGIAC_DEFAULT_TAGS
// sets defaultTags). It returns the values by key, the variable that set each
// key, and a problem for every variable that names no key (with the closest
// variable that does) or whose value does not fit its key's type.
//
// Values are typed by their key: string keys take the value as written;
// other keys parse it as JSON (ORGIAC_DEFAULT_TAGS='{"Team":"data"}',
// ORGIAC_WAIVERS='[...]'), and a list of strings may also be written
// comma-separated (ORGIAC_FRAMEWORKS=soc2,nist-800-53-r5). An empty value
// counts as unset. ORGIAC_POLICY_FILE and the variables in ignore are
// skipped. When a variable appears twice, the last one wins.
func EnvOverrides(environ []string, ignore ...string) (map[string]any, map[string]string, problem.List) {
	values := map[string]any{}
	vars := map[string]string{}
	var probs problem.List
	known := settingsKeys()
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, EnvPrefix) || name == PolicyFileVariable || slices.Contains(ignore, name) {
			continue
		}
		key := camelCase(strings.TrimPrefix(name, EnvPrefix))
		if !slices.Contains(known, key) {
			p := problem.Problem{Rule: RuleEnvUnknown, Path: name, Detail: "is not an orgiac variable"}
			candidates := make([]string, 0, len(known)+1)
			for _, k := range known {
				candidates = append(candidates, EnvVariable(k))
			}
			candidates = append(candidates, PolicyFileVariable)
			if s, ok := Closest(name, candidates); ok {
				p.Detail += "; did you mean " + s + "?"
				p.Fix = "rename it to " + s
			} else {
				p.Fix = "unset it; the variables are " + strings.Join(candidates, ", ")
			}
			probs.Add(p)
			continue
		}
		delete(values, key)
		delete(vars, key)
		if value == "" {
			continue
		}
		v := typedValue(key, value)
		if p, bad := checkOverride(key, v); bad {
			if p.Rule == RuleEnvWrongType {
				p.Value = value
			}
			p.Path = name
			probs.Add(p)
			continue
		}
		values[key] = v
		vars[key] = name
	}
	return values, vars, probs
}

// EnvVariable is the ORGIAC_* variable of a policy key:
// costCenter -> ORGIAC_COST_CENTER.
func EnvVariable(key string) string {
	var b strings.Builder
	b.WriteString(EnvPrefix)
	for i, r := range key {
		if r >= 'A' && r <= 'Z' && i > 0 {
			b.WriteByte('_')
		}
		b.WriteString(strings.ToUpper(string(r)))
	}
	return b.String()
}

// camelCase turns COST_CENTER into costCenter.
func camelCase(s string) string {
	parts := strings.Split(strings.ToLower(s), "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// settingsKeys are the keys of PolicySettings, from the schema.
func settingsKeys() []string {
	return knownKeys(schemaFor(TargetSettings))
}

// typedValue reads a variable's text as the key's type: strings as written,
// anything else as JSON when it parses, a comma-separated list for a list of
// strings, else the text itself (which then fails the type check).
func typedValue(key, text string) any {
	s := schemaAt(schemaFor(TargetSettings), []string{key})
	if s == nil || slices.Equal(typeNames(s), []string{"string"}) {
		return text
	}
	if v, ok := parseJSON(text); ok {
		return v
	}
	if slices.Equal(typeNames(s), []string{"array"}) && s.Items2020 != nil &&
		slices.Equal(typeNames(resolve(s.Items2020)), []string{"string"}) {
		var out []any
		for _, part := range strings.Split(text, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
		return out
	}
	return text
}

func parseJSON(text string) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return nil, false
	}
	return fromJSONNumbers(v), true
}

// checkOverride validates one key's value against the settings schema and
// returns a problem (without path and value) when it does not fit.
func checkOverride(key string, v any) (problem.Problem, bool) {
	diags := Validate(TargetSettings, map[string]any{key: v}, Location{}, false)
	if len(diags) == 0 {
		// The catalog's checks: known frameworks and controls, waivers.
		if sem := CheckSettings(map[string]any{key: v}, Location{}); len(sem) > 0 {
			p := sem[0].Problem
			if p.Path != key {
				p.Detail += " (" + p.Path + ")"
			}
			return p, true
		}
		return problem.Problem{}, false
	}
	s := schemaAt(schemaFor(TargetSettings), []string{key})
	p := problem.Problem{Rule: RuleEnvWrongType, Fix: envFix(key, s)}
	inner := diags[0]
	switch {
	case inner.Path == key && inner.Rule == RuleWrongType:
		p.Detail = fmt.Sprintf("does not fit %s, which expects %s; got %s", key, describeSchema(s), describeValue(v))
	case inner.Path == key && inner.Rule == RuleNotAllowed:
		p.Detail = fmt.Sprintf("is not allowed for %s, which expects %s", key, describeSchema(s))
		if _, hint, ok := strings.Cut(inner.Detail, "; "); ok && strings.HasPrefix(hint, "did you mean") {
			p.Detail += "; " + hint
		}
	default:
		p.Detail = fmt.Sprintf("does not fit %s, which expects %s: %s %s", key, describeSchema(s), inner.Path, inner.Detail)
	}
	return p, true
}

func envFix(key string, s *jsonschema.Schema) string {
	name := EnvVariable(key)
	switch key {
	case "defaultTags":
		return fmt.Sprintf(`write a JSON object of strings, e.g. %s='{"Team":"data"}'`, name)
	case "frameworks", "requiredControls":
		return fmt.Sprintf(`write a JSON list of strings, or a comma-separated list, e.g. %s=cis-aws-foundations-3.0,soc2`, name)
	case "waivers":
		return fmt.Sprintf(`write a JSON list of waivers, e.g. %s='[{"control":"s3-versioning","reason":"...","expires":"2027-03-31"}]'`, name)
	}
	return "set " + name + " to " + describeSchema(s)
}
