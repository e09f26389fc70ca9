package standards

import (
	"fmt"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// Enforcement says what a breach of the organization's standards does.
type Enforcement string

const (
	// Enforce fails the component, listing every breach. The default.
	Enforce Enforcement = "enforce"
	// Audit lets the component deploy, warns, and records each breach.
	Audit Enforcement = "audit"
	// Off skips the checks entirely.
	Off Enforcement = "off"
)

// Enforcements lists the valid modes, in the order the docs show them.
var Enforcements = []Enforcement{Enforce, Audit, Off}

// RuleEnforcement rejects an unknown enforcement mode.
var RuleEnforcement = problem.Define("CFG001",
	"enforcement must be enforce, audit or off",
	"run `pulumi config set orgiac:enforcement enforce` (or audit, or off)")

// ParseEnforcement maps "" to Enforce and rejects unknown modes.
func ParseEnforcement(path, s string) (Enforcement, problem.List) {
	var probs problem.List
	switch Enforcement(s) {
	case "":
		return Enforce, probs
	case Enforce, Audit, Off:
		return Enforcement(s), probs
	}
	probs.Addf(RuleEnforcement, path, s, "is not an enforcement mode")
	return Enforce, probs
}

// Sort splits breaches of the standards by mode: in enforce mode they join
// errs and fail the component; in audit mode they become warnings; in off mode
// they are dropped. Input errors (errs) fail in every mode.
func (e Enforcement) Sort(errs, breaches problem.List) (failures problem.List, warnings []string) {
	failures.Merge("", errs)
	switch e {
	case Audit:
		for _, b := range breaches.Items() {
			warnings = append(warnings, fmt.Sprintf("audit: %s", b.Error()))
		}
	case Off:
	default:
		failures.Merge("", breaches)
	}
	return failures, warnings
}

// Org is everything a component needs to know about the organization's
// standards, resolved from the provider configuration and the stack.
type Org struct {
	Identity      Identity
	DefaultTags   map[string]string
	Enforcement   Enforcement
	LoggingBucket string
	Naming        string
	// SecretTags is set when a tag value comes from secret configuration
	// (orgiac:owner, orgiac:costCenter or orgiac:defaultTags set with
	// --secret): every tag map a component registers is then a secret, so
	// the value stays encrypted in the state and out of the logs.
	SecretTags bool
}

// NameFor renders the naming template for a component's logical name.
func (o Org) NameFor(name string) string {
	return RenderName(o.Naming, NameVars{
		Org: o.Identity.Organization, Env: o.Identity.Environment,
		Project: o.Identity.Project, Name: name,
	})
}
