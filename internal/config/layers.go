package config

// Layers and provenance.
//
// The provider's configuration code calls Resolve once per stack:
//
//	path, origin := config.PolicyFileLocation(cfg.PolicyFile, "Pulumi.<stack>.yaml", os.Environ())
//	var policy *config.File
//	if path != "" {
//		f, diags := config.ReadFile(path, origin) // a missing, huge or malformed file
//		if len(diags) > 0 {
//			return diags // an error listing every problem, with file and line
//		}
//		policy = f
//	}
//	eff, diags := config.Resolve(config.Inputs{
//		Stack: ctx.Stack(), Project: ctx.Project(),
//		Policy:  policy,
//		Config:  []config.ConfigLayer{{Values: orgiacKeys, Origin: "stack configuration"}},
//		Environ: os.Environ(),
//	})
//	// diags: every problem of every layer (diags.Problems() as a
//	// problem.List); eff.Settings: the effective PolicySettings;
//	// eff.Provenance: which layer set each value; eff.Components: the
//	// policy's per-component defaults.
//
// Resolve validates every layer it is given (the policy document against
// its schema and the catalog, as LoadPolicyFile does), so the provider needs
// no other check of them.
//
// The layers, each overriding the one before (Merge's rules):
//
//  1. default: enforcement enforce, naming {org}-{env}-{name}, the
//     compliance catalog's default frameworks, environment = the stack name,
//     project = the Pulumi project;
//  2. organization: the policy document's top level;
//  3. environment section: the policy document's environments.<env>, where
//     env is the effective environment (from the layers below and above it);
//  4. stack: the orgiac:* Pulumi configuration (Pulumi.yaml, then
//     Pulumi.<stack>.yaml; Pulumi merges them before the provider sees them);
//  5. environment variable: ORGIAC_* overrides (EnvOverrides).
//
// A component's own arguments come last, in the component.

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

// The layers a value can come from, lowest first.
const (
	LayerDefault             = "default"
	LayerOrganization        = "organization"
	LayerEnvironmentSection  = "environment section"
	LayerStack               = "stack"
	LayerEnvironmentVariable = "environment variable"
)

// Source is where an effective value came from: the layer, and the file or
// variable within it (Origin), e.g. {stack, Pulumi.dev.yaml} or
// {environment variable, ORGIAC_ENVIRONMENT}.
type Source struct {
	Layer  string `json:"layer"`
	Origin string `json:"origin,omitempty"`
}

// String renders `layer (origin)`.
func (s Source) String() string {
	if s.Origin == "" {
		return s.Layer
	}
	return s.Layer + " (" + s.Origin + ")"
}

// ProviderOnlyKeys are orgiac:* configuration keys that are not policy
// settings: they configure where the policy comes from. Resolve skips them.
var ProviderOnlyKeys = []string{"policyFile", "gitMetadata"}

// ConfigLayer is a set of orgiac:* Pulumi configuration values.
type ConfigLayer struct {
	// Values by key, with or without the `orgiac:` prefix, as the provider
	// sees them. For object and list keys a JSON string is accepted too
	// (Pulumi passes structured provider configuration as JSON).
	Values map[string]any
	// Origin names where they came from: "Pulumi.dev.yaml", "Pulumi.yaml",
	// or "stack configuration" when the provider cannot tell.
	Origin string
	// File is the stack file the values were read from, if any; problems
	// then name its lines (the values sit under its config: key).
	File *File
}

// Inputs are the layers Resolve combines.
type Inputs struct {
	// Stack and Project are the Pulumi stack and project names: the default
	// environment and project.
	Stack, Project string
	// Policy is the organization policy document (ReadFile or
	// LoadPolicyFile), or nil when there is none.
	Policy *File
	// Config are the orgiac:* configuration layers, lowest first.
	Config []ConfigLayer
	// Environ is the process environment (os.Environ()); only ORGIAC_*
	// variables are read.
	Environ []string
	// IgnoreVariables are ORGIAC_* variables that are not policy keys and
	// that the caller handles (ORGIAC_POLICY_FILE always is).
	IgnoreVariables []string
}

// Effective is the resolved configuration.
type Effective struct {
	// Settings are the effective values of every key.
	Settings PolicySettings
	// Provenance says, for every leaf of Settings and Components, which layer
	// set it. Keys are paths: `environment`, `defaultTags.Team`,
	// `waivers[0].expires`, `frameworks` (a list of strings is one value),
	// `components.orgiac:aws:SecureBucket.versioning`; a key that is not a
	// plain word is quoted: `defaultTags["app.kubernetes.io/name"]`.
	Provenance map[string]Source
	// Components are the policy document's default inputs per component
	// type token.
	Components map[string]map[string]any
	// Values is Settings as generic JSON values (with a components key when
	// there are any), the tree Provenance describes.
	Values map[string]any
}

// Leaf is one effective value and the layer that set it.
type Leaf struct {
	Path  string `json:"key"`
	Value any    `json:"value"`
	Source
}

// Leaves are the effective values with their sources, settings in
// PolicySettings' order, then components.
func (e Effective) Leaves() []Leaf {
	var out []Leaf
	walkLeaves("", e.Values, func(path string, v any) {
		if path != "" {
			out = append(out, Leaf{Path: path, Value: v, Source: e.Provenance[path]})
		}
	})
	order := map[string]int{}
	for i, k := range settingsKeyOrder {
		order[k] = i
	}
	rank := func(p string) int {
		head := p
		if i := strings.IndexAny(p, ".["); i >= 0 {
			head = p[:i]
		}
		if r, ok := order[head]; ok {
			return r
		}
		return len(order)
	}
	slices.SortStableFunc(out, func(a, b Leaf) int { return rank(a.Path) - rank(b.Path) })
	return out
}

// settingsKeyOrder is PolicySettings' field order, then components.
var settingsKeyOrder = []string{
	"organization", "environment", "project", "owner", "costCenter", "defaultTags", "enforcement",
	"loggingBucket", "naming", "frameworks", "requiredControls", "waivers", "components",
}

// Defaults are the built-in values of the default layer.
func Defaults() PolicySettings {
	return PolicySettings{
		Enforcement: string(standards.Enforce),
		Naming:      standards.DefaultNaming,
		Frameworks:  slices.Clone(compliance.DefaultFrameworks),
	}
}

// Resolve combines the layers of in into the effective configuration. It
// returns every problem of every layer at once; a key whose value is wrong
// in a layer is left out of that layer, so the others still apply.
func Resolve(in Inputs) (Effective, Diagnostics) {
	var diags Diagnostics

	// The layers, as generic values, each validated.
	env, vars, envProbs := EnvOverrides(in.Environ, in.IgnoreVariables...)
	for _, p := range envProbs.Items() {
		diags = append(diags, Diagnostic{Problem: p})
	}
	configs := make([]map[string]any, len(in.Config))
	for i, layer := range in.Config {
		var d Diagnostics
		configs[i], d = configValues(layer)
		diags = append(diags, d...)
	}
	var top, components map[string]any
	sections := map[string]any{}
	policyPath := ""
	if in.Policy != nil {
		policyPath = in.Policy.Path
		doc, _ := deepCopy(in.Policy.Value).(map[string]any)
		d := checkPolicy(in.Policy)
		diags = append(diags, d...)
		doc = withoutInvalid(doc, d, Location{File: in.Policy})
		sections, _ = doc["environments"].(map[string]any)
		components, _ = doc["components"].(map[string]any)
		delete(doc, "environments")
		delete(doc, "components")
		top = doc
	}

	// The effective environment picks the environment section.
	envName := in.Stack
	for _, layer := range append([]map[string]any{top}, append(configs, env)...) {
		if s, ok := layer["environment"].(string); ok && s != "" {
			envName = s
		}
	}
	section, _ := sections[envName].(map[string]any)
	if _, sets := section["environment"]; sets { // CFG123, reported by checkPolicy
		section = deepCopy(section).(map[string]any)
		delete(section, "environment")
	}

	// Merge, recording who set what.
	tr := &tracker{prov: map[string]Source{}}
	var eff any = map[string]any{}
	layer := func(v map[string]any, src Source) {
		if len(v) == 0 {
			return
		}
		tr.src = src
		eff = merge(eff, v, "", "", tr)
	}
	defaults := Defaults()
	layer(map[string]any{
		"enforcement": defaults.Enforcement, "naming": defaults.Naming, "frameworks": toAny(defaults.Frameworks),
	}, Source{Layer: LayerDefault, Origin: "built-in"})
	if in.Stack != "" {
		layer(map[string]any{"environment": in.Stack}, Source{Layer: LayerDefault, Origin: "stack name"})
	}
	if in.Project != "" {
		layer(map[string]any{"project": in.Project}, Source{Layer: LayerDefault, Origin: "Pulumi project"})
	}
	layer(top, Source{Layer: LayerOrganization, Origin: policyPath})
	layer(section, Source{Layer: LayerEnvironmentSection, Origin: policyPath})
	for i, c := range configs {
		layer(c, Source{Layer: LayerStack, Origin: orDefault(in.Config[i].Origin, "stack configuration")})
	}
	for _, key := range sortedKeys(env) {
		layer(map[string]any{key: env[key]}, Source{Layer: LayerEnvironmentVariable, Origin: vars[key]})
	}

	values := eff.(map[string]any)
	out := Effective{Provenance: tr.prov, Values: values}
	if err := decode(values, &out.Settings); err != nil {
		diags = append(diags, Diagnostic{Problem: problem.Problem{Rule: RuleSchema, Path: "(effective configuration)",
			Detail: "cannot be decoded: " + err.Error()}})
	}
	if len(components) > 0 {
		tr.src = Source{Layer: LayerOrganization, Origin: policyPath}
		values["components"] = merge(nil, components, "components", "components", tr)
		out.Components = map[string]map[string]any{}
		for token, v := range components {
			if m, ok := v.(map[string]any); ok {
				out.Components[token] = deepCopy(m).(map[string]any)
			}
		}
	}
	diags.Sort()
	return out, diags
}

// configValues normalizes a configuration layer's keys (without orgiac:),
// decodes JSON strings given for object and list keys, validates the
// values, and leaves out the keys that are wrong.
func configValues(layer ConfigLayer) (map[string]any, Diagnostics) {
	values := map[string]any{}
	for k, v := range layer.Values {
		key := strings.TrimPrefix(k, "orgiac:")
		if slices.Contains(ProviderOnlyKeys, key) || v == nil || v == "" {
			continue // unset
		}
		if s, ok := v.(string); ok {
			if sch := schemaAt(schemaFor(TargetSettings), []string{key}); sch != nil &&
				!slices.Contains(typeNames(sch), "string") {
				if parsed, ok := parseJSON(s); ok {
					v = parsed
				}
			}
		}
		values[key] = deepCopy(v)
	}
	loc := Location{File: layer.File, KeyPrefix: "orgiac:"}
	if layer.File != nil {
		loc.At = []string{"config"}
	}
	d := Validate(TargetSettings, values, loc, false)
	d = append(d, CheckSettings(values, loc)...)
	for i := range d {
		if d[i].Rule == RuleWrongType {
			d[i].Rule = RuleConfigWrongType
		}
		if d[i].File == "" {
			d[i].File = layer.Origin
		}
	}
	return withoutInvalid(values, d, loc), d
}

// withoutInvalid drops the first-level keys that diags are about.
func withoutInvalid(v map[string]any, diags Diagnostics, loc Location) map[string]any {
	if len(diags) == 0 {
		return v
	}
	for k := range v {
		for _, d := range diags {
			p := loc.path(v, []string{k})
			if d.Path == p || strings.HasPrefix(d.Path, p+".") || strings.HasPrefix(d.Path, p+"[") {
				delete(v, k)
				break
			}
		}
	}
	return v
}

func toAny(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}

// decode turns generic values into a struct, through JSON.
func decode(v any, out any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}

// PolicyFileLocation says which policy document to read, and how it was
// found, for messages: ORGIAC_POLICY_FILE wins over the orgiac:policyFile
// configuration value (environment variables override the stack, as for
// every key). configOrigin names the configuration, e.g. "Pulumi.dev.yaml".
// Both results are "" when neither is set.
func PolicyFileLocation(configValue, configOrigin string, environ []string) (path, origin string) {
	for i := len(environ) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(environ[i], PolicyFileVariable+"="); ok && v != "" {
			return v, PolicyFileVariable
		}
	}
	if configValue != "" {
		if configOrigin == "" {
			return configValue, "orgiac:policyFile"
		}
		return configValue, fmt.Sprintf("orgiac:policyFile in %s", configOrigin)
	}
	return "", ""
}
