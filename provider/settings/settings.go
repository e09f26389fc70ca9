// Package settings is the provider's configuration: the `orgiac:*` keys a
// stack sets with `pulumi config set`. It resolves them, with the stack and
// project as defaults, into the standards.Org every component applies.
//
// It is a package of its own so that the component packages can read the
// configuration without importing the provider package that registers them.
package settings

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/config"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

// Config is the provider configuration: the settings the policy document
// shares (read from the stack's `orgiac:` namespace), the policy document's
// location, and what resolving them needs at run time.
type Config struct {
	config.PolicySettings
	PolicyFile string `pulumi:"policyFile,optional"`
	// GitMetadata turns on the git provenance of the audit trail.
	GitMetadata bool `pulumi:"gitMetadata,optional"`

	// run is set when the provider is configured; a Config made in a test
	// has none and resolves with the real clock and environment, uncached.
	run *runtime
}

var (
	_ infer.Annotated       = (*Config)(nil)
	_ infer.CustomConfigure = (*Config)(nil)
)

// Annotate documents the key that is not a shared setting.
func (c *Config) Annotate(a infer.Annotator) {
	a.Describe(&c.PolicyFile, "The organization policy document (YAML or JSON), relative to the program's "+
		"folder: the organization's settings, per-environment sections and per-component defaults, below this "+
		"stack's keys. ORGIAC_POLICY_FILE overrides it. ORGIAC_* variables override every key.")
	a.Describe(&c.GitMetadata, "Record the program's git provenance: every component's complianceReport.audit.git "+
		"gets the repository URL (credentials removed), the commit, the branch, whether the tree is dirty and the "+
		"program's path, and every taggable child gets the stable two as the git:repository and git:path tags. "+
		"Off by default. A program outside a git repository gets a warning and no git fields.")
}

// Stack names the Pulumi stack and project that supply the defaults for
// environment and project.
type Stack struct {
	Name    string
	Project string
}

// Resolved is the configuration as components apply it.
type Resolved struct {
	Org    standards.Org
	Policy compliance.Policy
	// Components are the policy document's default inputs per component type
	// token; a component's own arguments win.
	Components map[string]map[string]any
	// Audit is the audit trail's part that comes from the configuration:
	// the policy file, the settings' sources and, when orgiac:gitMetadata is
	// on, the git provenance. The component's report adds the rest.
	Audit compliance.Audit
	// Warnings are said once per component, e.g. that git metadata is on
	// outside a git repository.
	Warnings []string
}

// Resolve turns the configuration into the standards and compliance policy a
// component applies. It returns every configuration problem at once; paths
// name the config keys (`orgiac:naming`) so the fix is a `pulumi config set`
// away. today is the date waivers are judged against.
func (c Config) Resolve(stack Stack, today time.Time) (Resolved, problem.List) {
	org, probs := c.resolveOrg(stack)
	probs.Merge("", compliance.ValidatePolicy("orgiac:frameworks", c.Frameworks,
		"orgiac:requiredControls", c.RequiredControls, "orgiac:waivers", c.Waivers))
	return Resolved{
		Org: org,
		Policy: compliance.Policy{
			Frameworks: c.Frameworks, Required: c.RequiredControls, Waivers: c.Waivers, Today: today,
		},
	}, probs
}

func (c Config) resolveOrg(stack Stack) (standards.Org, problem.List) {
	var probs problem.List
	mode, p := standards.ParseEnforcement("orgiac:enforcement", c.Enforcement)
	probs.Merge("", p)
	naming := c.Naming
	if naming == "" {
		naming = standards.DefaultNaming
	}
	probs.Merge("", standards.ValidateNaming("orgiac:naming", naming))
	id := standards.Identity{
		Organization: c.Organization,
		Environment:  firstNonEmpty(c.Environment, stack.Name),
		Project:      firstNonEmpty(c.Project, stack.Project),
		Owner:        c.Owner,
		CostCenter:   c.CostCenter,
	}
	if id.Organization == "" {
		probs.Addf(RuleOrganizationRequired, "orgiac:organization", nil, "is not set")
	}
	probs.Merge("", standards.ValidateAWSTags("orgiac:defaultTags", c.DefaultTags))
	for _, f := range []struct{ key, value string }{
		{"orgiac:organization", id.Organization}, {"orgiac:environment", id.Environment},
		{"orgiac:project", id.Project}, {"orgiac:owner", id.Owner}, {"orgiac:costCenter", id.CostCenter},
	} {
		// Each of these becomes a tag value, so it must be a valid one.
		for _, tp := range standards.ValidateAWSTags(f.key, map[string]string{"x": f.value}).Items() {
			tp.Path = f.key
			probs.Add(tp)
		}
	}
	return standards.Org{
		Identity:      id,
		DefaultTags:   c.DefaultTags,
		Enforcement:   mode,
		LoggingBucket: c.LoggingBucket,
		Naming:        naming,
	}, probs
}

// RuleOrganizationRequired fires when orgiac:organization is empty.
var RuleOrganizationRequired = problem.Define("CFG004",
	"orgiac:organization is required: it is the Organization tag on every resource",
	"run `pulumi config set orgiac:organization <your-org>`")

// FromContext resolves the provider configuration for a component being
// constructed in ctx: the policy file, the stack's orgiac:* keys and the
// ORGIAC_* variables, layered; waivers are judged against today's date.
func FromContext(ctx *pulumi.Context) (Resolved, problem.List) {
	return fromGoContext(ctx.Context()).resolveFor(Stack{Name: ctx.Stack(), Project: ctx.Project()}, ctx.IsConfigSecret)
}

// resolveFor is FromContext for a stack whose secret keys isSecret names,
// with the configuration's environment and clock.
func (c Config) resolveFor(stack Stack, isSecret func(key string) bool) (Resolved, problem.List) {
	run := c.runtimeOrDefault()
	layers := c.layered(stack, run.environ())
	cfg, probs := layers.cfg, layers.probs
	r, p := cfg.Resolve(stack, run.now().UTC())
	probs.Merge("", p)
	r.Components, r.Audit = layers.components, layers.audit
	if cfg.GitMetadata {
		r.Audit.Git, r.Warnings = run.gitProvenance()
	}
	secretTags, secretValues, p := cfg.checkSecrets(isSecret)
	probs.Merge("", p)
	r.Org.SecretTags = secretTags
	return r, probs.Redact(secretValues...)
}

// plainKeys are the settings that become resource names, identifiers or
// compliance metadata, none of which can be kept secret.
var plainKeys = []string{
	"orgiac:organization", "orgiac:environment", "orgiac:project", "orgiac:naming", "orgiac:loggingBucket",
	"orgiac:enforcement", "orgiac:frameworks", "orgiac:requiredControls", "orgiac:waivers", "orgiac:policyFile",
}

// RuleSecretNotAllowed fires when a setting that cannot stay secret is set
// with `pulumi config set --secret`.
var RuleSecretNotAllowed = problem.Define("CFG005",
	"this setting cannot be a secret: its value becomes resource names, identifiers or compliance metadata, "+
		"which are stored and shown in plaintext",
	"store it as plain configuration (`pulumi config set <key> <value>`, without --secret); only "+
		"orgiac:owner, orgiac:costCenter and orgiac:defaultTags may be secrets, and they make every tag map secret")

// checkSecrets reports whether a setting that reaches tags (orgiac:owner,
// orgiac:costCenter, orgiac:defaultTags) is a secret, which makes every tag
// map a secret, and returns those settings' values for redacting problems. It
// refuses every other secret setting, since its value would end up in
// plaintext.
func (c Config) checkSecrets(isSecret func(key string) bool) (secretTags bool, secretValues []string,
	probs problem.List,
) {
	for key, vals := range map[string][]string{
		"orgiac:owner":       {c.Owner},
		"orgiac:costCenter":  {c.CostCenter},
		"orgiac:defaultTags": slices.Collect(maps.Values(c.DefaultTags)),
	} {
		if isSecret(key) {
			secretTags = true
			secretValues = append(secretValues, vals...)
		}
	}
	for _, k := range plainKeys {
		if isSecret(k) {
			probs.Addf(RuleSecretNotAllowed, k, nil, "is a secret, but its value becomes resource names, "+
				"identifiers or compliance metadata, which are stored and shown in plaintext")
		}
	}
	return secretTags, secretValues, probs
}

// TagMap is tags as a resource input. It is a secret when a tag value comes
// from secret configuration (see standards.Org.SecretTags).
func TagMap(tags map[string]string, secret bool) pulumi.StringMapOutput {
	out := pulumi.ToStringMap(tags).ToStringMapOutput()
	if secret {
		return pulumi.ToSecret(out).(pulumi.StringMapOutput)
	}
	return out
}

func fromGoContext(ctx context.Context) Config {
	return infer.GetConfig[Config](ctx)
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// ResolvePolicy resolves only what judging resources needs (the compliance
// policy and the enforcement mode) through the same layers as a component:
// the policy file, the stack's orgiac:* keys and the ORGIAC_* variables. The
// policy pack uses it, so a stack of raw resources needs no
// orgiac:organization.
func (c Config) ResolvePolicy(stack Stack) (compliance.Policy, standards.Enforcement, problem.List) {
	run := c.runtimeOrDefault()
	layers := c.layered(stack, run.environ())
	cfg, probs := layers.cfg, layers.probs
	mode, p := standards.ParseEnforcement("orgiac:enforcement", cfg.Enforcement)
	probs.Merge("", p)
	probs.Merge("", compliance.ValidatePolicy("orgiac:frameworks", cfg.Frameworks,
		"orgiac:requiredControls", cfg.RequiredControls, "orgiac:waivers", cfg.Waivers))
	return compliance.Policy{
		Frameworks: cfg.Frameworks, Required: cfg.RequiredControls, Waivers: cfg.Waivers, Today: run.now().UTC(),
	}, mode, probs
}
