// Package policypack serves the control catalog as a Pulumi policy pack: the
// engine's Analyzer gRPC protocol, with one policy per catalog control. It
// judges resources with the same linking and the same checks as `orgiac
// report` (package verdict), so a resource gets one verdict at preview time,
// inside a component and over state.
package policypack

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"google.golang.org/protobuf/types/known/structpb"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

// Name is the policy pack's name, as the engine shows it beside every
// violation.
const Name = "orgiac"

// Level is an enforcement level of the pack's configuration.
type Level = pulumirpc.EnforcementLevel

// LevelFor is the enforcement level a policy has when the pack's
// configuration does not set one: the orgiac:enforcement mode, mapped.
func LevelFor(mode standards.Enforcement) Level {
	switch mode {
	case standards.Audit:
		return pulumirpc.EnforcementLevel_ADVISORY
	case standards.Off:
		return pulumirpc.EnforcementLevel_DISABLED
	}
	return pulumirpc.EnforcementLevel_MANDATORY
}

// LevelName is the level as the pack's configuration and docs spell it.
func LevelName(l Level) string { return strings.ToLower(l.String()) }

// Policies describes every control of the catalog as a policy, at the given
// default level.
func Policies(level Level) []*pulumirpc.PolicyInfo {
	var out []*pulumirpc.PolicyInfo
	for _, c := range compliance.Controls() {
		out = append(out, &pulumirpc.PolicyInfo{
			Name:             c.ID,
			DisplayName:      c.Title,
			Description:      description(c),
			Message:          c.Title,
			EnforcementLevel: level,
			PolicyType:       pulumirpc.PolicyType_POLICY_TYPE_STACK,
			Severity:         severity(c.Severity),
			Tags:             slices.Sorted(maps.Keys(c.Frameworks)),
			RemediationSteps: "set " + c.Setting,
			// The engine adds enforcementLevel to every policy's schema;
			// the controls take no other settings.
			ConfigSchema: &pulumirpc.PolicyConfigSchema{Properties: &structpb.Struct{Fields: map[string]*structpb.Value{}}},
		})
	}
	return out
}

func description(c compliance.Control) string {
	d := fmt.Sprintf("%s. Checked on %s", c.Title, c.Subject)
	if len(c.Standalone) > 0 {
		d += " (and on " + strings.Join(c.Standalone, ", ") + " in no declared " + c.Subject + ")"
	}
	d += "; satisfied by " + c.Setting + "."
	if !c.Required {
		d += " Optional: judged only when orgiac:requiredControls lists it."
	}
	return d
}

func severity(s string) pulumirpc.PolicySeverity {
	switch s {
	case "critical":
		return pulumirpc.PolicySeverity_POLICY_SEVERITY_CRITICAL
	case "high":
		return pulumirpc.PolicySeverity_POLICY_SEVERITY_HIGH
	case "medium":
		return pulumirpc.PolicySeverity_POLICY_SEVERITY_MEDIUM
	case "low":
		return pulumirpc.PolicySeverity_POLICY_SEVERITY_LOW
	}
	return pulumirpc.PolicySeverity_POLICY_SEVERITY_UNSPECIFIED
}
