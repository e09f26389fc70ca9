// Command pulumi-analyzer-policy-orgiac is the orgiac control catalog as a
// Pulumi policy pack. Point the CLI at the binary:
//
//	pulumi preview --policy-pack $(which pulumi-analyzer-policy-orgiac)
//
// The engine starts it with its own address as the last argument (and
// logging flags before it, which the pack does not need).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/config"
	"github.com/orgiac/pulumi-orgiac/internal/policypack"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

func main() {
	if err := policypack.Serve(policypack.New(resolve), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// resolve reads the stack's orgiac:* keys as the provider does, and resolves
// them through the same layers (the policy file, ORGIAC_* variables).
func resolve(stack policypack.Stack) (compliance.Policy, standards.Enforcement, problem.List) {
	cfg, probs := stackConfig(stack.Config)
	pol, mode, p := cfg.ResolvePolicy(settings.Stack{Name: stack.Name, Project: stack.Project})
	probs.Merge("", p)
	for _, key := range stack.SecretKeys {
		if slices.Contains([]string{"orgiac:waivers", "orgiac:requiredControls", "orgiac:frameworks",
			"orgiac:enforcement", "orgiac:policyFile"}, key) {
			probs.Addf(settings.RuleSecretNotAllowed, key, nil, "is a secret, but the policy pack shows it in "+
				"every violation it judges")
		}
	}
	return pol, mode, probs
}

// stackConfig decodes the orgiac:* keys of a stack's configuration, which
// the engine sends as text: lists and maps as JSON.
func stackConfig(values map[string]string) (settings.Config, problem.List) {
	var probs problem.List
	m := map[string]any{}
	var cfg settings.Config
	for key, text := range values {
		name, ok := strings.CutPrefix(key, "orgiac:")
		if !ok {
			continue
		}
		if name == "policyFile" {
			cfg.PolicyFile = text
			continue
		}
		var v any = text
		if strings.HasPrefix(text, "[") || strings.HasPrefix(text, "{") {
			if err := json.Unmarshal([]byte(text), &v); err != nil {
				probs.Addf(config.RuleConfigWrongType, key, text, "is not valid JSON: %v", err)
				continue
			}
		}
		m[name] = v
	}
	b, err := json.Marshal(m)
	if err == nil {
		err = json.Unmarshal(b, &cfg.PolicySettings)
	}
	if err != nil {
		probs.Addf(config.RuleConfigWrongType, "orgiac:", nil, "does not decode: %v", err)
	}
	return cfg, probs
}
