package compliance

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// Statuses of a control in a report.
const (
	StatusPass          = "pass"
	StatusFail          = "fail"
	StatusWaived        = "waived"
	StatusNotApplicable = "not-applicable"
)

// Report is the complianceReport output of every component. It holds no
// timestamps, so an unchanged component never shows a diff; the stack's
// update history is the audit trail's clock.
type Report struct {
	Frameworks      []string        `pulumi:"frameworks" json:"frameworks"`
	Controls        []ControlResult `pulumi:"controls" json:"controls"`
	Summary         Summary         `pulumi:"summary" json:"summary"`
	Enforcement     string          `pulumi:"enforcement" json:"enforcement"`
	PolicyVersion   string          `pulumi:"policyVersion" json:"policyVersion"`
	ProviderVersion string          `pulumi:"providerVersion" json:"providerVersion"`
	// Audit is absent from reports written before it existed.
	Audit *Audit `pulumi:"audit,optional" json:"audit,omitempty"`
}

func (r *Report) Annotate(an infer.Annotator) { docs.Annotate(an, r) }

// ControlResult is one control's outcome.
type ControlResult struct {
	ID         string              `pulumi:"id" json:"id"`
	Title      string              `pulumi:"title" json:"title"`
	Severity   string              `pulumi:"severity" json:"severity"`
	Status     string              `pulumi:"status" json:"status"`
	Frameworks map[string][]string `pulumi:"frameworks" json:"frameworks"`
	Resources  []string            `pulumi:"resources" json:"resources"`
	Reason     string              `pulumi:"reason" json:"reason"`
	Setting    string              `pulumi:"setting" json:"setting"`
	Input      string              `pulumi:"input" json:"input"`
	Waiver     WaiverNote          `pulumi:"waiver" json:"waiver"`

	// unknown is set when the control fails on values a preview does not
	// know yet; see RestsOnUnknowns.
	unknown bool
}

// RestsOnUnknowns reports whether the control failed on a related resource
// whose values a preview does not know yet (a bucket policy whose document
// names the bucket's ARN), so that the failure may not stand once they are
// known.
func (c ControlResult) RestsOnUnknowns() bool { return c.unknown }

func (c *ControlResult) Annotate(an infer.Annotator) { docs.Annotate(an, c) }

// WaiverNote records the waiver a control was judged with.
type WaiverNote struct {
	Reason  string `pulumi:"reason" json:"reason"`
	Expires string `pulumi:"expires" json:"expires"`
	Expired bool   `pulumi:"expired" json:"expired"`
}

func (w *WaiverNote) Annotate(an infer.Annotator) { docs.Annotate(an, w) }

// Summary counts controls by status.
type Summary struct {
	Pass          int `pulumi:"pass" json:"pass"`
	Fail          int `pulumi:"fail" json:"fail"`
	Waived        int `pulumi:"waived" json:"waived"`
	NotApplicable int `pulumi:"notApplicable" json:"notApplicable"`
}

func (s *Summary) Annotate(an infer.Annotator) { docs.Annotate(an, s) }

// Failures returns the controls that fail.
func (r Report) Failures() []ControlResult {
	var out []ControlResult
	for _, c := range r.Controls {
		if c.Status == StatusFail {
			out = append(out, c)
		}
	}
	return out
}

// Evaluate checks every control that applies to the component type over its
// subjects and applies the policy: optional controls, waivers, frameworks.
// name is the component's name, which waivers may be limited to. With an
// empty component (resources outside any orgiac component), every control
// whose subject type is among the subjects applies.
func Evaluate(component, name string, subjects []Subject, pol Policy) Report {
	frameworks := pol.frameworksOrDefault()
	r := Report{Frameworks: frameworks, Controls: []ControlResult{}, PolicyVersion: policyVersion(pol)}
	controls := ForComponent(component)
	if component == "" {
		controls = forSubjects(subjects)
	}
	for _, ctl := range controls {
		res := evaluateControl(ctl, subjects)
		res.Frameworks = selectFrameworks(ctl, frameworks)
		applyPolicy(&res, ctl, pol, name)
		r.Controls = append(r.Controls, res)
	}
	r.Summary = summarize(r.Controls)
	return r
}

func forSubjects(subjects []Subject) []Control {
	types := map[string]bool{}
	for _, s := range subjects {
		types[s.Type] = true
	}
	var out []Control
	for _, c := range loadCatalog().Controls {
		if slices.ContainsFunc(slices.Collect(maps.Keys(types)), c.judges) {
			out = append(out, c)
		}
	}
	return out
}

// evaluated is an intermediate status before the policy applies.
const evaluatedFail = "evaluated-fail"

func evaluateControl(ctl Control, subjects []Subject) ControlResult {
	res := ControlResult{
		ID: ctl.ID, Title: ctl.Title, Severity: ctl.Severity, Setting: ctl.Setting, Input: ctl.Input,
		Resources: []string{},
	}
	var passes, fails, notApplicable []string
	for _, s := range subjects {
		if !ctl.judges(s.Type) {
			continue
		}
		res.Resources = append(res.Resources, s.Names()...)
		f, unknown := readsUnknown(checks[ctl.ID], s)
		switch {
		case f.NotApplicable:
			notApplicable = append(notApplicable, f.Reason)
		case f.Pass:
			passes = append(passes, f.Reason)
		default:
			fails = append(fails, fmt.Sprintf("%s: %s", s.Name, f.Reason))
			res.unknown = res.unknown || unknown
		}
	}
	sort.Strings(res.Resources)
	res.Resources = slices.Compact(res.Resources)
	switch {
	case len(fails) > 0:
		sort.Strings(fails)
		res.Status, res.Reason = evaluatedFail, joinReasons(fails)
	case len(passes) > 0:
		res.Status, res.Reason = StatusPass, joinReasons(passes)
	case len(notApplicable) > 0:
		res.Status, res.Reason = StatusNotApplicable, joinReasons(notApplicable)
	default:
		res.Status, res.Reason = StatusNotApplicable, fmt.Sprintf("the component has no %s", ctl.Subject)
	}
	return res
}

func joinReasons(reasons []string) string {
	slices.Sort(reasons) // Compact drops only adjacent duplicates, and the order of subjects must not matter
	// One Join, not += in a loop: a standalone group of thousands of
	// buckets made that quadratic in `orgiac report`.
	return strings.Join(slices.Compact(reasons), "; ")
}

func applyPolicy(res *ControlResult, ctl Control, pol Policy, component string) {
	if res.Status != evaluatedFail {
		return
	}
	if !pol.requires(ctl) {
		res.Status = StatusNotApplicable
		res.Reason = "optional, and not in orgiac:requiredControls: " + res.Reason
		return
	}
	w, ok, expired := pol.waiverFor(ctl.ID, component)
	if ok {
		res.Waiver = WaiverNote{Reason: w.Reason, Expires: w.Expires, Expired: expired}
	}
	switch {
	case ok && !expired:
		res.Status = StatusWaived
		res.Reason = fmt.Sprintf("waived until %s (%s): %s", w.Expires, w.Reason, res.Reason)
	case ok && expired:
		res.Status = StatusFail
		res.Reason = fmt.Sprintf("%s (the waiver expired on %s)", res.Reason, w.Expires)
	default:
		res.Status = StatusFail
	}
}

func selectFrameworks(ctl Control, frameworks []string) map[string][]string {
	out := map[string][]string{}
	for _, f := range frameworks {
		if ids := ctl.Frameworks[f]; len(ids) > 0 {
			out[f] = slices.Clone(ids)
		}
	}
	return out
}

func summarize(controls []ControlResult) Summary {
	var s Summary
	for _, c := range controls {
		switch c.Status {
		case StatusPass:
			s.Pass++
		case StatusFail:
			s.Fail++
		case StatusWaived:
			s.Waived++
		case StatusNotApplicable:
			s.NotApplicable++
		}
	}
	return s
}

// policyVersion is the catalog version plus a digest of the policy, so a
// report says which rules it was judged by, without a timestamp.
func policyVersion(pol Policy) string {
	// nil and empty lists are the same policy, so normalise before hashing.
	required, waivers := append([]string{}, pol.Required...), append([]Waiver{}, pol.Waivers...)
	b, _ := json.Marshal(struct {
		F []string
		R []string
		W []Waiver
	}{pol.frameworksOrDefault(), required, waivers})
	sum := sha256.Sum256(b)
	return CatalogVersion() + "+" + hex.EncodeToString(sum[:4])
}

// controlRules holds one problem.Rule per control, so an enforce-mode failure
// is reported like any other input problem, with the control id as its code.
var controlRules = map[string]problem.Rule{}

func init() {
	for _, c := range loadCatalog().Controls {
		controlRules[c.ID] = problem.Define(c.ID, c.Title, "set "+c.Setting)
	}
}

// Problems turns the failing controls of a report into input problems: the
// path is the input to change, the detail names the control.
func Problems(r Report) problem.List {
	var probs problem.List
	for _, c := range r.Failures() {
		probs.Add(problem.Problem{
			Rule:   controlRules[c.ID],
			Path:   c.Input,
			Detail: fmt.Sprintf("fails control %s %q (%s): %s", c.ID, c.Title, c.Severity, c.Reason),
		})
	}
	return probs
}
