package compliance

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// Waiver accepts a failing control, with a reason and an expiry date, for
// every component or for one.
type Waiver struct {
	Control   string `pulumi:"control" json:"control" yaml:"control"`
	Reason    string `pulumi:"reason" json:"reason" yaml:"reason"`
	Expires   string `pulumi:"expires" json:"expires" yaml:"expires"`
	Component string `pulumi:"component,optional" json:"component,omitempty" yaml:"component,omitempty"`
}

func (w *Waiver) Annotate(an infer.Annotator) { docs.Annotate(an, w) }

// Policy is what an organization decides about compliance.
type Policy struct {
	Frameworks []string // the frameworks tags and reports show
	Required   []string // optional controls the organization requires
	Waivers    []Waiver
	Today      time.Time // waivers are judged against this date
}

var (
	RuleUnknownFramework = problem.Define("CMP001",
		"frameworks are ids from the catalog",
		"use cis-aws-foundations-3.0, cis-azure-foundations-2.1, nist-800-53-r5, pci-dss-4.0, hipaa-security or soc2")
	RuleUnknownControl = problem.Define("CMP002",
		"control ids are ids from the catalog",
		"use an id listed in docs/compliance.md, e.g. s3-versioning")
	RuleWaiverExpires = problem.Define("CMP003",
		"a waiver's expires is a date written YYYY-MM-DD",
		"write the last day the waiver counts, e.g. 2027-03-31")
	RuleWaiverReason = problem.Define("CMP004",
		"a waiver needs a reason",
		"say why the control is accepted, e.g. \"log bucket of the org; logs to itself are a loop\"")
)

// ValidatePolicy checks frameworks, required controls and waivers, naming
// each at its path under prefix (`orgiac:` for configuration, "" for inputs).
func ValidatePolicy(frameworksPath string, frameworks []string, requiredPath string, required []string,
	waiversPath string, waivers []Waiver,
) problem.List {
	var probs problem.List
	known := map[string]bool{}
	for _, f := range Frameworks() {
		known[f.ID] = true
	}
	for i, f := range frameworks {
		if !known[f] {
			probs.Addf(RuleUnknownFramework, fmt.Sprintf("%s[%d]", frameworksPath, i), f, "is not a known framework")
		}
	}
	for i, id := range required {
		if _, ok := Lookup(id); !ok {
			probs.Addf(RuleUnknownControl, fmt.Sprintf("%s[%d]", requiredPath, i), id, "is not a known control")
		}
	}
	probs.Merge("", ValidateWaivers(waiversPath, waivers))
	return probs
}

// ValidateWaivers checks each waiver's control, reason and date.
func ValidateWaivers(path string, waivers []Waiver) problem.List {
	var probs problem.List
	for i, w := range waivers {
		at := fmt.Sprintf("%s[%d]", path, i)
		if _, ok := Lookup(w.Control); !ok {
			probs.Addf(RuleUnknownControl, at+".control", w.Control, "is not a known control")
		}
		if strings.TrimSpace(w.Reason) == "" {
			probs.Addf(RuleWaiverReason, at+".reason", nil, "is empty")
		}
		if _, err := time.Parse(time.DateOnly, w.Expires); err != nil {
			probs.Addf(RuleWaiverExpires, at+".expires", w.Expires, "is not a YYYY-MM-DD date")
		}
	}
	return probs
}

// frameworksOrDefault returns the policy's frameworks, or the defaults.
func (p Policy) frameworksOrDefault() []string {
	if len(p.Frameworks) == 0 {
		return slices.Clone(DefaultFrameworks)
	}
	return p.Frameworks
}

// requires reports whether the policy makes control c pass/fail.
func (p Policy) requires(c Control) bool { return c.Required || slices.Contains(p.Required, c.ID) }

// waiverFor returns the waiver for a control on a component, and whether it
// has expired. Component-specific waivers win over general ones.
func (p Policy) waiverFor(control, component string) (Waiver, bool, bool) {
	var found *Waiver
	for i, w := range p.Waivers {
		if w.Control != control || (w.Component != "" && w.Component != component) {
			continue
		}
		if found == nil || (found.Component == "" && w.Component != "") {
			found = &p.Waivers[i]
		}
	}
	if found == nil {
		return Waiver{}, false, false
	}
	expires, err := time.Parse(time.DateOnly, found.Expires)
	// A waiver counts through the whole of its last day, as a calendar date
	// where Today is (time.Now() is local; a UTC cut-off would end it early).
	today, _ := time.Parse(time.DateOnly, p.Today.Format(time.DateOnly))
	expired := err != nil || today.After(expires)
	return *found, true, expired
}
