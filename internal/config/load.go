package config

import (
	"strconv"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/jsonvalue"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

// LoadPolicyFile reads the organization policy document at path (YAML or
// JSON), validates it against the policy schema and the catalog (known
// frameworks and controls, well-formed waivers, a valid naming template),
// and decodes it. origin says how path was found (PolicyFileLocation), so
// that a missing file's error says where to fix it.
//
// On any problem the error is Diagnostics listing every one, each with the
// file, the line and the path. The returned *File is the document as read
// (nil when it could not be parsed); pass it to Resolve as Inputs.Policy.
func LoadPolicyFile(path, origin string) (PolicyDocument, *File, error) {
	f, diags := ReadFile(path, origin)
	if len(diags) > 0 {
		return PolicyDocument{}, nil, diags
	}
	if diags = checkPolicy(f); len(diags) > 0 {
		return PolicyDocument{}, f, diags
	}
	var doc PolicyDocument
	if err := decode(f.Value, &doc); err != nil {
		return PolicyDocument{}, f, Diagnostics{fileDiag(path, 0, RuleSchema, "cannot be decoded: "+err.Error(), "")}
	}
	return doc, f, nil
}

// checkPolicy validates a policy document against the schema and the
// catalog.
func checkPolicy(f *File) Diagnostics {
	diags := Validate(TargetPolicy, f.Value, Location{File: f}, false)
	diags = append(diags, CheckSettings(f.Value, Location{File: f})...)
	diags.Sort()
	return diags
}

// CheckSettings checks what the schema cannot: that frameworks and control
// ids are in the catalog, that waivers have a reason and a YYYY-MM-DD
// expiry, and that the naming template is valid, at the top level of value
// and in each environments.<name> section, which must not set environment
// (the section is chosen by it). Values of the wrong type are left to
// Validate.
func CheckSettings(value any, loc Location) Diagnostics {
	m, _ := value.(map[string]any)
	diags := checkSettings(m, nil, value, loc)
	if envs, ok := m["environments"].(map[string]any); ok {
		for _, name := range sortedKeys(envs) {
			section, ok := envs[name].(map[string]any)
			if !ok {
				continue
			}
			diags = append(diags, checkSettings(section, []string{"environments", name}, value, loc)...)
			if env, sets := section["environment"]; sets {
				diags = append(diags, loc.diag(value, []string{"environments", name, "environment"}, problem.Problem{
					Rule: RuleEnvironmentSection, Value: env,
					Detail: "sets environment inside the section that environment selects"}))
			}
		}
	}
	return diags
}

func checkSettings(m map[string]any, at []string, root any, loc Location) Diagnostics {
	var s PolicySettings
	var probs problem.List
	if v, ok := m["frameworks"].([]any); ok && decode(v, &s.Frameworks) == nil {
		probs.Merge("", compliance.ValidatePolicy("frameworks", s.Frameworks, "", nil, "", nil))
	}
	if v, ok := m["requiredControls"].([]any); ok && decode(v, &s.RequiredControls) == nil {
		probs.Merge("", compliance.ValidatePolicy("", nil, "requiredControls", s.RequiredControls, "", nil))
	}
	if v, ok := m["waivers"].([]any); ok && decode(v, &s.Waivers) == nil {
		probs.Merge("", compliance.ValidateWaivers("waivers", s.Waivers))
	}
	if v, ok := m["naming"].(string); ok {
		probs.Merge("", standards.ValidateNaming("naming", v))
	}
	var diags Diagnostics
	for _, p := range probs.Items() {
		tokens := append(clip(at), pathTokens(p.Path)...)
		if jsonvalue.At(root, tokens...) == nil {
			continue // a missing value: Validate reports it as required
		}
		d := loc.diag(root, tokens, p)
		diags = append(diags, d)
	}
	return diags
}

// pathTokens splits a simple path (`waivers[0].expires`) into tokens.
func pathTokens(path string) []string {
	var out []string
	for _, part := range strings.Split(path, ".") {
		for part != "" {
			i := strings.IndexByte(part, '[')
			if i < 0 {
				out = append(out, part)
				break
			}
			if i > 0 {
				out = append(out, part[:i])
			}
			j := strings.IndexByte(part, ']')
			if j < i {
				break
			}
			if _, err := strconv.Atoi(part[i+1 : j]); err == nil {
				out = append(out, part[i+1:j])
			}
			part = part[j+1:]
		}
	}
	return out
}
