package lifecycle

import (
	"maps"
	"slices"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

// Case is what a component's controls are judged on.
type Case struct {
	// Token is the component type whose controls apply; a composing
	// component judges its parts under its own token.
	Token string
	Name  string
	// Subjects are the planned resources as the checks see them: the
	// properties each child will be registered with, as plain values.
	Subjects []compliance.Subject
	// Waivers are the component's own, scoped to it here.
	Waivers []compliance.Waiver
	// TagLimit checks the tag count once the compliance tags are added.
	TagLimit func(path string, tags map[string]string) problem.List
}

// Assess judges a plan: it evaluates the case's controls, adds the
// compliance tags to the plan's tags and the audit warnings to its
// warnings, and returns the plan's assessment with every problem: the
// plan's own (probs) and the judgement's.
func Assess[P any, PP interface {
	*P
	Standard() *standards.Applied
}](plan P, probs problem.List, c Case, cfg settings.Resolved,
) Assessment[P] {
	std := PP(&plan).Standard()
	v := judge(c, std.Tags, cfg)
	probs.Merge("", v.Problems)
	std.Tags = v.Tags
	std.Warnings = append(std.Warnings, v.Warnings...)
	return Assessment[P]{Plan: plan, Report: v.Report, Problems: probs, Warnings: std.Warnings}
}

// verdict is the judgement of a Case.
type verdict struct {
	Report compliance.Report
	// Tags are the plan's tags plus the compliance tags.
	Tags map[string]string
	// Problems are invalid waivers, controls that fail in enforce mode and a
	// tag count over the limit.
	Problems problem.List
	// Warnings are the controls that fail in audit mode.
	Warnings []string
}

// judge validates and scopes the component's waivers, evaluates its
// controls under the enforcement mode, and adds the compliance tags to tags.
func judge(c Case, tags map[string]string, cfg settings.Resolved) verdict {
	var v verdict
	v.Problems.Merge("", compliance.ValidateWaivers("waivers", c.Waivers))
	pol := cfg.Policy
	scoped := make([]compliance.Waiver, 0, len(c.Waivers)+len(pol.Waivers))
	for _, w := range c.Waivers {
		w.Component = c.Name
		scoped = append(scoped, w)
	}
	pol.Waivers = append(scoped, pol.Waivers...)
	report, failures, warnings := compliance.Assess(cfg.Org.Enforcement, c.Token, c.Name, c.Subjects, pol)
	report.Audit = audit(report, cfg.Audit)
	v.Report, v.Warnings = report, append(slices.Clone(cfg.Warnings), warnings...)
	v.Problems.Merge("", failures)

	v.Tags = maps.Clone(tags)
	if v.Tags == nil {
		v.Tags = map[string]string{}
	}
	maps.Copy(v.Tags, compliance.Tags(report))
	maps.Copy(v.Tags, compliance.GitTags(report.Audit.Git))
	if c.TagLimit != nil {
		v.Problems.Merge("", c.TagLimit("tags", v.Tags))
	}
	return v
}

// AWSTagLimit checks AWS's 50 tags, keeping reserve places for tags some
// children carry on top (a subnet's tier and EKS discovery tags).
func AWSTagLimit(reserve int) func(string, map[string]string) problem.List {
	return func(path string, tags map[string]string) problem.List {
		return standards.CheckAWSTagCount(path, tags, reserve)
	}
}

// AzureTagLimit checks Azure's 50 tags.
func AzureTagLimit(path string, tags map[string]string) problem.List {
	return standards.CheckAzureTagCount(path, tags)
}

// audit completes the configuration's part of the audit trail with what the
// report was made under.
func audit(r compliance.Report, fromConfig compliance.Audit) *compliance.Audit {
	a := fromConfig
	a.ProviderVersion, a.PolicyVersion, a.Enforcement = r.ProviderVersion, r.PolicyVersion, r.Enforcement
	if a.SettingSources == nil {
		a.SettingSources = map[string]string{}
	}
	return &a
}
