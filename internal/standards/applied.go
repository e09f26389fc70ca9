package standards

// What the organization's standard adds to every component's plan.

import "github.com/orgiac/pulumi-orgiac/internal/problem"

// Applied is the organization's standard as a component's plan carries it:
// the component's standard name, the effective tags of its children, whether
// they hold a secret, and the audit-mode warnings. Plans embed it.
type Applied struct {
	// StandardName is the naming template applied to the component name.
	StandardName string
	// Tags are the required, default and component tags together (and,
	// once judged, the compliance tags).
	Tags map[string]string
	// SecretTags says the tags hold a secret configuration value: they are
	// registered as a secret.
	SecretTags bool
	// Warnings are audit-mode breaches, logged against the component.
	Warnings []string
}

// Standard returns a itself: a plan that embeds Applied is thereby one whose
// standard part the component lifecycle can judge.
func (a *Applied) Standard() *Applied { return a }

// Apply starts a plan for the component name.
func (o Org) Apply(name string) Applied { return Applied{StandardName: o.NameFor(name)} }

// TagRules checks a cloud's rules for tag keys and values (ValidateAWSTags,
// ValidateAzureTags).
type TagRules func(path string, tags map[string]string) problem.List

// Conclude finishes a plan: it merges the required, the default and the
// component's own tags (its `tags` input), checks the own tags by the
// cloud's rules, and sorts the plan's problems under the enforcement mode:
// input errors always fail, breaches of the standard fail in enforce mode
// and are warnings in audit mode. It returns the problems that fail.
func (a *Applied) Conclude(org Org, own map[string]string, rules TagRules, errs, breaches problem.List) problem.List {
	tags, b := MergeTags(org.Enforcement, RequiredTags(org.Identity),
		TagSource{Path: "orgiac:defaultTags", Tags: org.DefaultTags},
		TagSource{Path: "tags", Tags: own})
	breaches.Merge("", b)
	errs.Merge("", rules("tags", own))
	a.Tags, a.SecretTags = tags, org.SecretTags
	failures, warnings := org.Enforcement.Sort(errs, breaches)
	a.Warnings = warnings
	return failures
}
