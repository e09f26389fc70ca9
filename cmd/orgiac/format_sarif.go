package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	json "github.com/go-json-experiment/json/v1"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/verdict"
	"github.com/orgiac/pulumi-orgiac/internal/version"
)

// SARIF 2.1.0, the subset code-scanning services read.
const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// homepage is the provider's homepage (provider.Homepage), written out
	// so the CLI does not link the whole provider for one URL.
	homepage = "https://github.com/orgiac/pulumi-orgiac"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
	// Properties carry each component's audit trail, by component URN.
	Properties *sarifRunProps `json:"properties,omitempty"`
}

type sarifRunProps struct {
	Audit map[string]*compliance.Audit `json:"orgiacAudit"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	DefaultConfiguration sarifRuleLevel `json:"defaultConfiguration"`
	Properties           sarifRuleProps `json:"properties"`
}

type sarifRuleLevel struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags []string `json:"tags"`
	// SecuritySeverity is GitHub code scanning's 0-10 score; it ranks alerts.
	SecuritySeverity string `json:"security-severity"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical     `json:"physicalLocation"`
	LogicalLocations []sarifLogicalLoc `json:"logicalLocations"`
}

type sarifPhysical struct {
	ArtifactLocation struct {
		URI string `json:"uri"`
	} `json:"artifactLocation"`
}

type sarifLogicalLoc struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification"`
}

// sarifLevels maps severities to SARIF levels, and to GitHub's scores.
var (
	sarifLevels = map[string]string{"critical": "error", "high": "error", "medium": "warning", "low": "note"}
	sarifScores = map[string]string{"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}
)

// writeSARIF writes one result per failing control per group, so code
// scanning opens one alert per control and component; waived controls are
// results with an external suppression, so the waiver is visible but closed.
func writeSARIF(w io.Writer, res result) error {
	rules, index := sarifRules(res)
	results := []sarifResult{}
	for _, g := range res.Groups {
		for _, c := range g.Report.Controls {
			if c.Status != compliance.StatusFail && c.Status != compliance.StatusWaived {
				continue
			}
			r := sarifResult{
				RuleID: c.ID, RuleIndex: index[c.ID], Level: sarifLevels[c.Severity],
				Message:   sarifText{Text: sarifMessage(g, c)},
				Locations: []sarifLocation{sarifLocationFor(g, c)},
				PartialFingerprints: map[string]string{
					"orgiacControl/v1": c.ID + "|" + sarifSubjectKey(g),
				},
			}
			if c.Status == compliance.StatusWaived {
				r.Suppressions = []sarifSuppression{{Kind: "external", Justification: c.Waiver.Reason}}
			}
			results = append(results, r)
		}
	}
	log := sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{{
		Tool: sarifTool{Driver: sarifDriver{
			Name: "orgiac", Version: version.Version, InformationURI: homepage, Rules: rules,
		}},
		Results:    results,
		Properties: sarifAudit(res),
	}}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// sarifRules is one rule per catalog control that appears in any report,
// sorted by id, and each rule's index for results to refer to.
func sarifRules(res result) ([]sarifRule, map[string]int) {
	seen := map[string]bool{}
	var ids []string
	for _, g := range res.Groups {
		for _, c := range g.Report.Controls {
			if !seen[c.ID] {
				seen[c.ID] = true
				ids = append(ids, c.ID)
			}
		}
	}
	sort.Strings(ids)
	rules := []sarifRule{}
	index := map[string]int{}
	for _, id := range ids {
		ctl, ok := compliance.Lookup(id)
		if !ok {
			continue
		}
		fws := make([]string, 0, len(ctl.Frameworks))
		for fw := range ctl.Frameworks {
			fws = append(fws, fw)
		}
		sort.Strings(fws)
		index[id] = len(rules)
		rules = append(rules, sarifRule{
			ID: id, Name: ruleName(id),
			ShortDescription:     sarifText{Text: ctl.Title},
			FullDescription:      sarifText{Text: ctl.Setting},
			Help:                 sarifText{Text: fmt.Sprintf("Requires %s. Component input: %s.", ctl.Setting, ctl.Input)},
			DefaultConfiguration: sarifRuleLevel{Level: sarifLevels[ctl.Severity]},
			Properties: sarifRuleProps{
				Tags:             append([]string{"security", "compliance"}, fws...),
				SecuritySeverity: sarifScores[ctl.Severity],
			},
		})
	}
	return rules, index
}

// ruleName is the id in PascalCase, the form SARIF viewers expect of names.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

func sarifMessage(g verdict.Group, c compliance.ControlResult) string {
	where := "on " + g.Label()
	if g.Component == "" {
		where = "on resources outside orgiac components"
	}
	verb := "fails"
	if c.Status == compliance.StatusWaived {
		verb = "is waived"
	}
	return fmt.Sprintf("Control %s (%s, %s) %s %s: %s", c.ID, c.Title, c.Severity, verb, where, c.Reason)
}

// sarifLocationFor points at the export file and, logically, at the
// component, or at each standalone subject the control checked.
func sarifLocationFor(g verdict.Group, c compliance.ControlResult) sarifLocation {
	var loc sarifLocation
	loc.PhysicalLocation.ArtifactLocation.URI = g.File
	if g.Component != "" {
		loc.LogicalLocations = []sarifLogicalLoc{{FullyQualifiedName: g.Component, Kind: "resource"}}
		return loc
	}
	ctl, _ := compliance.Lookup(c.ID)
	for _, urn := range c.Resources {
		if g.Subjects[urn] == ctl.Subject {
			loc.LogicalLocations = append(loc.LogicalLocations, sarifLogicalLoc{FullyQualifiedName: urn, Kind: "resource"})
		}
	}
	return loc
}

// sarifSubjectKey identifies what a result is about across runs, whatever
// line of the export it lands on.
func sarifSubjectKey(g verdict.Group) string {
	if g.Component != "" {
		return g.Component
	}
	return g.File + "|standalone"
}

// sarifAudit is the run's property bag of audit trails; nil when no group
// has one.
func sarifAudit(res result) *sarifRunProps {
	audits := map[string]*compliance.Audit{}
	for _, g := range res.Groups {
		if g.Report.Audit != nil && g.Component != "" {
			audits[g.Component] = g.Report.Audit
		}
	}
	if len(audits) == 0 {
		return nil
	}
	return &sarifRunProps{Audit: audits}
}
