package compliance

import (
	"fmt"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
	"github.com/orgiac/pulumi-orgiac/internal/version"
)

// Assess evaluates a planned component and applies the enforcement mode: in
// enforce mode each failing control becomes an input problem, in audit mode a
// warning (and the report records the failure), in off mode nothing is
// evaluated and the report says so.
func Assess(mode standards.Enforcement, component, name string, subjects []Subject, pol Policy,
) (Report, problem.List, []string) {
	var failures problem.List
	var warnings []string
	if mode == standards.Off {
		return Report{
			Frameworks: pol.frameworksOrDefault(), Controls: []ControlResult{},
			Enforcement: string(mode), PolicyVersion: policyVersion(pol), ProviderVersion: version.Version,
		}, failures, nil
	}
	r := Evaluate(component, name, subjects, pol)
	r.Enforcement = string(mode)
	r.ProviderVersion = version.Version
	probs := Problems(r)
	switch mode {
	case standards.Audit:
		for _, p := range probs.Items() {
			warnings = append(warnings, fmt.Sprintf("audit: %s", p.Error()))
		}
	default:
		failures = probs
	}
	return r, failures, warnings
}
