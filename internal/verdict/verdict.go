// Package verdict judges a stack's resources against the control catalog the
// way `orgiac report` and the policy pack both do: it links resources into
// subjects, attributes each to its innermost orgiac component, and evaluates
// each component with the policy it recorded, then the resources outside
// components. One function for both is what makes their verdicts the same.
package verdict

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	json "github.com/go-json-experiment/json/v1"

	"github.com/orgiac/pulumi-orgiac/internal/chunks"
	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/stateexport"
	"github.com/orgiac/pulumi-orgiac/internal/version"
)

// StandaloneLabel names the group of resources no orgiac component created.
const StandaloneLabel = "(resources outside orgiac components)"

// Group is one evaluation: an orgiac component, or the standalone resources
// of one export file.
type Group struct {
	File      string // the export path as given
	Component string // the component URN; "" for standalone resources
	Type      string // the component type token; "" for standalone resources
	Name      string // the component name; "" for standalone resources
	Report    compliance.Report
	// Subjects maps each subject URN to its type, so SARIF can point a
	// standalone failure at the resources it is about.
	Subjects map[string]string
}

// Label names the group for people.
func (g Group) Label() string {
	if g.Component == "" {
		return StandaloneLabel
	}
	return fmt.Sprintf("%s %q", g.Type, g.Name)
}

// Flags is the policy set from outside the components (the command line, or
// the policy pack's configuration): frameworks and required controls for
// every component, and for the resources outside components the waivers too.
type Flags struct {
	Frameworks []string
	Require    []string
	Waivers    []compliance.Waiver
	Today      time.Time
	// PerResource judges each resource outside components on its own, so a
	// waiver that names it applies to it alone: the policy pack's view. The
	// report groups them all.
	PerResource bool
}

// Evaluation is what one export yields: its groups and what the reader
// should know about how they were judged.
type Evaluation struct {
	Groups   []Group
	Warnings []string
}

// Judge links the export's resources into subjects, attributes each
// subject to its innermost enclosing orgiac component and evaluates every
// component, then the standalone subjects. Linking runs over the whole export
// so a companion a user added outside the component (a replication config)
// still counts for the component's bucket.
func Judge(exp stateexport.Export, flags Flags) Evaluation {
	var ev Evaluation
	if exp.Encrypted > 0 {
		ev.Warnings = append(ev.Warnings, fmt.Sprintf("%s: %d output values are encrypted secrets and were read "+
			"as absent, so a control that reads one may fail; export with `pulumi stack export --show-secrets` "+
			"to check them", stateexport.DisplayPath(exp.Path), exp.Encrypted))
	}
	byURN := make(map[string]*stateexport.Resource, len(exp.Resources))
	var components []*stateexport.Resource
	for i := range exp.Resources {
		r := &exp.Resources[i]
		byURN[r.URN] = r
		if r.IsComponent() {
			components = append(components, r)
		}
	}
	sort.Slice(components, func(i, j int) bool { return components[i].URN < components[j].URN })

	owners := ownerFinder{byURN: byURN, memo: map[string]string{}}
	bySubjectOwner := map[string][]compliance.Subject{}
	for _, s := range compliance.LinkSubjects(complianceResources(exp)) {
		owner := owners.owner(s.Name)
		bySubjectOwner[owner] = append(bySubjectOwner[owner], s)
	}

	// Components are judged in parallel; groups and warnings keep their order.
	groups := make([]*Group, len(components))
	warnings := make([]string, len(components))
	chunks.ForEach(len(components), func(i int) {
		c := components[i]
		name := URNName(c.URN)
		recorded, warn := recordedReport(c)
		if warn != "" {
			warnings[i] = fmt.Sprintf("%s: %s", stateexport.DisplayPath(exp.Path), warn)
		}
		subjects := bySubjectOwner[c.URN]
		if len(subjects) == 0 {
			// A composing component (NetworkStack) whose subjects all
			// belong to a nested one (its SecureVpc) is reported there.
			return
		}
		report := compliance.Evaluate(c.Type, name, subjects, componentPolicy(recorded, name, flags))
		report.ProviderVersion = version.Version
		if recorded != nil {
			report.Enforcement = recorded.Enforcement // the mode it was deployed under, for the record
			report.Audit = recorded.Audit             // how it was deployed: provider, policy, git
		}
		groups[i] = &Group{
			File: exp.Path, Component: c.URN, Type: c.Type, Name: name, Report: report,
			Subjects: subjectTypes(subjects),
		}
	})
	for i := range components {
		if warnings[i] != "" {
			ev.Warnings = append(ev.Warnings, warnings[i])
		}
		if groups[i] != nil {
			ev.Groups = append(ev.Groups, *groups[i])
		}
	}
	if subjects := bySubjectOwner[""]; len(subjects) > 0 {
		pol := compliance.Policy{Frameworks: flags.Frameworks, Required: flags.Require, Waivers: flags.Waivers,
			Today: flags.Today}
		if !flags.PerResource {
			ev.Groups = append(ev.Groups, standaloneGroup(exp.Path, "", subjects, pol))
		} else {
			for _, s := range subjects {
				ev.Groups = append(ev.Groups, standaloneGroup(exp.Path, URNName(s.Name), []compliance.Subject{s}, pol))
			}
		}
	}
	return ev
}

// standaloneGroup judges subjects outside any orgiac component. name is the
// resource's name when the group is one resource, which waivers naming it
// (component: <name>) apply to.
func standaloneGroup(file, name string, subjects []compliance.Subject, pol compliance.Policy) Group {
	report := compliance.Evaluate("", name, subjects, pol)
	report.ProviderVersion = version.Version
	return Group{File: file, Name: name, Report: report, Subjects: subjectTypes(subjects)}
}

// complianceResources turns the managed resources, the ones judged, into
// check input.
func complianceResources(exp stateexport.Export) []compliance.Resource {
	out := make([]compliance.Resource, 0, len(exp.Resources))
	for _, r := range exp.Resources {
		if r.Managed() {
			out = append(out, compliance.Resource{Type: r.Type, Name: r.URN, ID: r.ID, Props: r.Outputs, Refs: r.Refs,
				Unknown: r.Unknown})
		}
	}
	return out
}

// URNName is the name part of a URN, the text after the last "::".
func URNName(urn string) string {
	if i := strings.LastIndex(urn, "::"); i >= 0 {
		return urn[i+2:]
	}
	return urn
}

func subjectTypes(subjects []compliance.Subject) map[string]string {
	out := make(map[string]string, len(subjects))
	for _, s := range subjects {
		out[s.Name] = s.Type
	}
	return out
}

// ownerFinder walks parent links up to the first orgiac component, caching
// every answer so a deep tree is walked once, not once per subject.
type ownerFinder struct {
	byURN map[string]*stateexport.Resource
	memo  map[string]string
}

// owner returns the URN of the innermost orgiac component enclosing urn, or
// "" when none does. A parent cycle (a corrupt export) ends the walk.
func (f ownerFinder) owner(urn string) string {
	var path []string
	owner := ""
	for cur, steps := f.byURN[urn], 0; cur != nil && steps <= len(f.byURN); steps++ {
		parent := f.byURN[cur.Parent]
		if parent == nil {
			break
		}
		if known, ok := f.memo[parent.URN]; ok {
			owner = known
			break
		}
		path = append(path, parent.URN)
		if parent.IsComponent() {
			owner = parent.URN
			break
		}
		cur = parent
	}
	// memo[X] is the first component at or above X: the owner for every
	// ancestor walked, the owner included.
	for _, p := range path {
		f.memo[p] = owner
	}
	return owner
}

// componentPolicy rebuilds the policy a component was deployed with from its
// recorded complianceReport: its frameworks, its waivers (re-judged against
// today, so an expired one fails) and the optional controls the organization
// required (an optional control recorded as fail or waived was required).
// The command line's frameworks win; its required controls add.
func componentPolicy(recorded *recordedPolicy, name string, flags Flags) compliance.Policy {
	pol := compliance.Policy{Frameworks: flags.Frameworks, Required: slices.Clone(flags.Require),
		Today: flags.Today}
	if recorded == nil {
		return pol
	}
	if len(pol.Frameworks) == 0 {
		pol.Frameworks = recorded.Frameworks
	}
	for _, ctl := range recorded.Controls {
		if ctl.Waiver.Reason != "" {
			pol.Waivers = append(pol.Waivers, compliance.Waiver{
				Control: ctl.ID, Reason: ctl.Waiver.Reason, Expires: ctl.Waiver.Expires, Component: name,
			})
		}
		if def, ok := compliance.Lookup(ctl.ID); ok && !def.Required &&
			(ctl.Status == compliance.StatusFail || ctl.Status == compliance.StatusWaived) {
			pol.Required = append(pol.Required, ctl.ID)
		}
	}
	return pol
}

// recordedPolicy is what a report reads back of a component's recorded
// complianceReport (a compliance.Report): the policy it was judged with.
// Leaving out the rest (titles, framework ids, resources) makes reading the
// reports of a large export three times as fast.
type recordedPolicy struct {
	Frameworks  []string          `json:"frameworks"`
	Enforcement string            `json:"enforcement"`
	Controls    []recordedControl `json:"controls"`
	Audit       *compliance.Audit `json:"audit"`
}

type recordedControl struct {
	ID     string                `json:"id"`
	Status string                `json:"status"`
	Waiver compliance.WaiverNote `json:"waiver"`
}

// recordedReport reads a component's complianceReport output; nil when the
// component has none (made before the output existed) or it cannot be read.
func recordedReport(c *stateexport.Resource) (*recordedPolicy, string) {
	if c.Secret {
		return nil, fmt.Sprintf("the complianceReport of %s is an encrypted secret, so its frameworks and "+
			"waivers are not applied; export with --show-secrets", c.URN)
	}
	if len(c.Recorded) == 0 || string(c.Recorded) == "null" {
		return nil, ""
	}
	var r recordedPolicy
	if err := json.Unmarshal(c.Recorded, &r); err != nil {
		return nil, fmt.Sprintf("the complianceReport of %s is not a report (%v), so its frameworks and "+
			"waivers are not applied", c.URN, err)
	}
	return &r, ""
}
