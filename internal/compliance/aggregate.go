package compliance

import (
	"slices"
	"sort"
	"strings"
)

// statusRank orders statuses from best to worst for aggregation.
var statusRank = map[string]int{StatusNotApplicable: 0, StatusPass: 1, StatusWaived: 2, StatusFail: 3}

// Aggregate combines the reports of several components (a Deployment's
// modules) into one: per control, the worst status across components, the
// union of their resources, and each failing or waived component's reason.
func Aggregate(reports []Report) Report {
	out := Report{Controls: []ControlResult{}}
	byID := map[string]*ControlResult{}
	var reasons = map[string][]string{}
	for _, r := range reports {
		for _, f := range r.Frameworks {
			if !slices.Contains(out.Frameworks, f) {
				out.Frameworks = append(out.Frameworks, f)
			}
		}
		if out.Enforcement == "" {
			out.Enforcement, out.PolicyVersion, out.ProviderVersion = r.Enforcement, r.PolicyVersion, r.ProviderVersion
			out.Audit = r.Audit // a Deployment's modules share its configuration
		}
		for _, c := range r.Controls {
			agg, ok := byID[c.ID]
			if !ok {
				cp := c
				cp.Resources = slices.Clone(c.Resources)
				byID[c.ID] = &cp
				reasons[c.ID] = []string{c.Reason}
				continue
			}
			agg.Resources = append(agg.Resources, c.Resources...)
			if statusRank[c.Status] > statusRank[agg.Status] {
				agg.Status, agg.Waiver = c.Status, c.Waiver
				reasons[c.ID] = []string{c.Reason}
			} else if c.Status == agg.Status && c.Status != StatusPass {
				reasons[c.ID] = append(reasons[c.ID], c.Reason)
			}
		}
	}
	for id, c := range byID {
		sort.Strings(c.Resources)
		c.Resources = slices.Compact(c.Resources)
		rs := slices.Compact(slices.Sorted(slices.Values(reasons[id])))
		c.Reason = strings.Join(rs, "; ")
		out.Controls = append(out.Controls, *c)
	}
	sort.Slice(out.Controls, func(i, j int) bool { return out.Controls[i].ID < out.Controls[j].ID })
	out.Summary = summarize(out.Controls)
	return out
}
