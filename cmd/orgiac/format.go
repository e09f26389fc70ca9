package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
)

// formats maps each --format name to its writer.
var formats = map[string]func(io.Writer, result) error{
	"text":     writeText,
	"json":     writeJSON,
	"markdown": writeMarkdown,
	"sarif":    writeSARIF,
	"junit":    writeJUnit,
	"html":     writeHTML,
}

// formatNames lists the formats in the order help shows them, default first.
func formatNames() []string { return []string{"text", "json", "markdown", "sarif", "junit", "html"} }

// statusRank orders controls for people: what needs action first.
var statusRank = map[string]int{
	compliance.StatusFail:          0,
	compliance.StatusWaived:        1,
	compliance.StatusPass:          2,
	compliance.StatusNotApplicable: 3,
}

// byAttention returns the controls failing first, then waived, passing and
// not applicable, by id within each status.
func byAttention(controls []compliance.ControlResult) []compliance.ControlResult {
	out := slices.Clone(controls)
	sort.SliceStable(out, func(i, j int) bool {
		if ri, rj := statusRank[out[i].Status], statusRank[out[j].Status]; ri != rj {
			return ri < rj
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// frameworkIDs is a control's ids in one framework, comma-separated.
func frameworkIDs(c compliance.ControlResult, framework string) string {
	return strings.Join(c.Frameworks[framework], ", ")
}

// shortReason shortens the URNs in a reason to TYPE::NAME for people; the
// group header already names the stack. URNs in reasons end at ": ".
func shortReason(reason string) string {
	const prefix = "urn:pulumi:"
	var b strings.Builder
	for {
		i := strings.Index(reason, prefix)
		if i < 0 {
			b.WriteString(reason)
			return b.String()
		}
		end := strings.Index(reason[i:], ": ")
		if end < 0 {
			end = len(reason) - i
		}
		b.WriteString(reason[:i])
		b.WriteString(shortURN(reason[i : i+end]))
		reason = reason[i+end:]
	}
}

// shortURN drops the stack, project and parent types: "TYPE::NAME".
func shortURN(urn string) string {
	i := strings.LastIndex(urn, "::")
	if i < 0 || !strings.HasPrefix(urn, "urn:pulumi:") {
		return urn
	}
	typ := urn[:i]
	typ = typ[strings.LastIndex(typ, "::")+2:]
	typ = typ[strings.LastIndex(typ, "$")+1:]
	return typ + urn[i:]
}

// controlFix is what a failing control needs: the setting that satisfies it
// and the component input that changes it, as the catalog words them.
func controlFix(c compliance.ControlResult) string {
	return fmt.Sprintf("Requires %s. Component input: %s.", c.Setting, c.Input)
}
