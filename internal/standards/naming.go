package standards

import (
	"regexp"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// DefaultNaming is the naming template used when orgiac:naming is unset.
const DefaultNaming = "{org}-{env}-{name}"

// NameVars are the values a naming template can use.
type NameVars struct {
	Org     string // {org}
	Env     string // {env}
	Project string // {project}
	Name    string // {name}: the component's logical name
}

var (
	RuleNamingPlaceholder = problem.Define("CFG002",
		"the naming template may use only {org}, {env}, {project} and {name}",
		"remove or correct the unknown placeholder, e.g. `pulumi config set orgiac:naming '{org}-{env}-{name}'`")
	RuleNamingNeedsName = problem.Define("CFG003",
		"the naming template must contain {name}, or every component would get the same name",
		"add {name}, e.g. `pulumi config set orgiac:naming '{org}-{env}-{name}'`")
)

var placeholder = regexp.MustCompile(`\{[^{}]*\}`)

// ValidateNaming checks a naming template; path names the config key.
func ValidateNaming(path, template string) problem.List {
	var probs problem.List
	for _, ph := range placeholder.FindAllString(template, -1) {
		switch ph {
		case "{org}", "{env}", "{project}", "{name}":
		default:
			probs.Addf(RuleNamingPlaceholder, path, template, "uses the unknown placeholder %s", ph)
		}
	}
	if !strings.Contains(template, "{name}") {
		probs.Addf(RuleNamingNeedsName, path, template, "has no {name} placeholder")
	}
	return probs
}

// RenderName fills a naming template. An empty template means DefaultNaming.
// Empty values collapse, so `{org}-{env}-{name}` without an org renders
// `dev-logs`, not `-dev-logs`.
func RenderName(template string, v NameVars) string {
	if template == "" {
		template = DefaultNaming
	}
	r := strings.NewReplacer("{org}", v.Org, "{env}", v.Env, "{project}", v.Project, "{name}", v.Name)
	out := r.Replace(template)
	for _, sep := range []string{"-", "_", ".", "/"} {
		double := sep + sep
		for strings.Contains(out, double) {
			out = strings.ReplaceAll(out, double, sep)
		}
		out = strings.Trim(out, sep)
	}
	return out
}
