package config

import (
	"path/filepath"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// DeploymentKey is the conventional configuration key of a Deployment
// configuration; any config key whose value is an object with project and
// aws or azure sections is one too (`myproject:config`).
const DeploymentKey = "orgiac:deployment"

// StackFile is what orgiac reads from a Pulumi stack file
// (Pulumi.<stack>.yaml) or project file (Pulumi.yaml): a file with a
// top-level config: mapping.
type StackFile struct {
	File *File
	// Stack is the stack name from the file name (Pulumi.dev.yaml: dev);
	// "" for a project file.
	Stack string
	// Project is the project file's name:, "" for a stack file.
	Project string
	// Settings are the orgiac:* keys that are policy settings, as a
	// configuration layer whose Origin is the file's base name.
	Settings ConfigLayer
	// PolicyFile is orgiac:policyFile, as written.
	PolicyFile string
	// Deployments are the Deployment configurations, by config key.
	Deployments map[string]any

	// wrapped names, for a project file's `{value: x}` and `{default: x}`
	// forms, the key x was under, so problems name x's lines.
	wrapped map[string]string
}

// DeploymentLocation places the Deployment configuration under key.
func (sf *StackFile) DeploymentLocation(key string) Location {
	at := []string{"config", key}
	if w := sf.wrapped[key]; w != "" {
		at = append(at, w)
	}
	return Location{File: sf.File, At: at, PathPrefix: key}
}

// IsStackFile reports whether f is a Pulumi stack or project file: its
// document has a config: key (which no policy document has), or it is a
// project file (name: and runtime:).
func IsStackFile(f *File) bool {
	m, _ := f.Value.(map[string]any)
	_, config := m["config"]
	return config || isProjectFile(m)
}

func isProjectFile(doc map[string]any) bool {
	_, name := doc["name"].(string)
	_, runtime := doc["runtime"]
	return name && runtime
}

// ReadStackFile interprets f, a file for which IsStackFile holds.
//
// Secret values (`{secure: v1:...}`, as `pulumi config set --secret`
// writes them) stand for strings: they are read as "[secret]", so a
// credential written as a secret validates as the string it is. A project
// file's `{value: x}` and `{default: x}` forms are read as x.
func ReadStackFile(f *File) (*StackFile, Diagnostics) {
	doc := f.Value.(map[string]any)
	sf := &StackFile{File: f, Deployments: map[string]any{}, wrapped: map[string]string{}}
	base := filepath.Base(f.Path)
	project := isProjectFile(doc)
	if project {
		sf.Project = doc["name"].(string)
	}
	if !project {
		if s, ok := strings.CutPrefix(base, "Pulumi."); ok {
			sf.Stack = strings.TrimSuffix(strings.TrimSuffix(s, filepath.Ext(s)), ".")
		}
	}
	cfg, ok := doc["config"].(map[string]any)
	if !ok {
		if doc["config"] == nil {
			cfg = map[string]any{}
		} else {
			return nil, Diagnostics{{File: f.Path, Line: f.Line("config"), Problem: problem.Problem{
				Rule: RuleStackFile, Path: "config", Detail: "is " + describeValue(doc["config"]) + ", not a mapping"}}}
		}
	}
	sf.Settings = ConfigLayer{Values: map[string]any{}, Origin: base, File: f}
	for _, key := range sortedKeys(cfg) {
		v := unsecret(cfg[key])
		if project {
			var wrapper string
			v, wrapper = projectValue(v)
			sf.wrapped[key] = wrapper
		}
		switch {
		case key == DeploymentKey || isDeployment(v):
			sf.Deployments[key] = v
		case key == "orgiac:policyFile":
			sf.PolicyFile, _ = v.(string)
		case strings.HasPrefix(key, "orgiac:"):
			sf.Settings.Values[key] = v
		}
	}
	return sf, nil
}

// isDeployment: an object with project and an aws or azure section.
func isDeployment(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	_, p := m["project"]
	_, aws := m["aws"]
	_, azure := m["azure"]
	return p && (aws || azure)
}

// unsecret replaces every `{secure: "..."}` with "[secret]".
func unsecret(v any) any {
	switch t := v.(type) {
	case map[string]any:
		if s, ok := t["secure"].(string); ok && len(t) == 1 && s != "" {
			return secretValue{}.String()
		}
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = unsecret(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = unsecret(e)
		}
		return out
	}
	return v
}

// projectValue reads Pulumi.yaml's `{value: x}` or `{type: .., default: x}`,
// and says which of the two keys x was under ("" for a plain value).
func projectValue(v any) (any, string) {
	m, ok := v.(map[string]any)
	if !ok {
		return v, ""
	}
	for k := range m {
		switch k {
		case "type", "description", "default", "value", "secret", "items":
		default:
			return v, ""
		}
	}
	for _, k := range []string{"value", "default"} {
		if x, ok := m[k]; ok {
			return x, k
		}
	}
	return v, ""
}

// ValidateStackFile validates every part of a stack file orgiac reads: the
// orgiac:* settings against the policy settings schema and the catalog,
// and each Deployment configuration against the deployment schema. With
// partial, required keys may be left to another layer.
func ValidateStackFile(sf *StackFile, partial bool) Diagnostics {
	var diags Diagnostics
	_, d := configValues(sf.Settings)
	diags = append(diags, d...)
	for _, key := range sortedKeys(sf.Deployments) {
		diags = append(diags, validateDeployment(sf.Deployments[key], sf.DeploymentLocation(key), partial)...)
	}
	diags.Sort()
	return diags
}

// ValidateDeployment validates a Deployment configuration found under the
// config key of stack file f (or, with key "", the whole of f).
func ValidateDeployment(v any, f *File, key string, partial bool) Diagnostics {
	loc := Location{File: f}
	if key != "" {
		loc.At = []string{"config", key}
		loc.PathPrefix = key
	}
	return validateDeployment(v, loc, partial)
}

func validateDeployment(v any, loc Location, partial bool) Diagnostics {
	if _, ok := v.(map[string]any); !ok {
		return Diagnostics{loc.diag(v, nil, problem.Problem{Rule: RuleInvalidDeployment,
			Detail: "is " + describeValue(v) + ", not an object"})}
	}
	return Validate(TargetDeployment, v, loc, partial)
}
