package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/stateexport"
	"github.com/orgiac/pulumi-orgiac/internal/verdict"
)

var markdownStatus = map[string]string{
	compliance.StatusFail:          "❌ fail",
	compliance.StatusWaived:        "⚠️ waived",
	compliance.StatusPass:          "✅ pass",
	compliance.StatusNotApplicable: "➖ n/a",
}

// writeMarkdown writes the report as a pull-request comment: the verdict on
// top, the controls that need attention in the open, and the passing and
// not-applicable ones folded away so a clean report stays short.
func writeMarkdown(w io.Writer, res result) error {
	ew := &errWriter{w: w}
	icon := "✅"
	if res.summary().Fail > 0 {
		icon = "❌"
	}
	ew.printf("## orgiac compliance report\n\n%s **%s**\n", icon, mdText(res.verdict()))
	for _, g := range res.Groups {
		writeMarkdownGroup(ew, g)
	}
	return ew.err
}

func writeMarkdownGroup(ew *errWriter, g verdict.Group) {
	icon := "✅"
	switch {
	case g.Report.Summary.Fail > 0:
		icon = "❌"
	case g.Report.Summary.Waived > 0:
		icon = "⚠️"
	}
	if g.Component == "" {
		ew.printf("\n### %s %s\n\n", icon, mdText(verdict.StandaloneLabel))
	} else {
		ew.printf("\n### %s `%s` %s\n\n", icon, mdCode(g.Type), mdText(g.Name))
		ew.printf("URN: %s<br>\n", mdCodeSpan(g.Component))
	}
	ew.printf("File: %s · frameworks: %s · policy %s\n", mdCodeSpan(stateexport.DisplayPath(g.File)),
		mdText(strings.Join(g.Report.Frameworks, ", ")), mdCodeSpan(g.Report.PolicyVersion))
	writeMarkdownAudit(ew, g.Report.Audit)
	if len(g.Report.Controls) == 0 {
		ew.printf("\nNo control applies.\n")
		return
	}
	var attention, rest []compliance.ControlResult
	for _, c := range byAttention(g.Report.Controls) {
		if c.Status == compliance.StatusFail || c.Status == compliance.StatusWaived {
			attention = append(attention, c)
		} else {
			rest = append(rest, c)
		}
	}
	if len(attention) > 0 {
		ew.printf("\n")
		writeMarkdownTable(ew, g.Report.Frameworks, attention)
	}
	if len(rest) > 0 {
		s := g.Report.Summary
		ew.printf("\n<details><summary>%d passing, %d not applicable</summary>\n\n", s.Pass, s.NotApplicable)
		writeMarkdownTable(ew, g.Report.Frameworks, rest)
		ew.printf("\n</details>\n")
	}
}

func writeMarkdownTable(ew *errWriter, frameworks []string, controls []compliance.ControlResult) {
	head := []string{"Status", "Control", "Severity"}
	for _, fw := range frameworks {
		head = append(head, mdText(fw))
	}
	head = append(head, "Reason")
	ew.printf("| %s |\n|%s\n", strings.Join(head, " | "), strings.Repeat(" --- |", len(head)))
	for _, c := range controls {
		row := []string{markdownStatus[c.Status], mdCodeSpan(c.ID) + " " + mdText(c.Title), mdText(c.Severity)}
		for _, fw := range frameworks {
			row = append(row, mdText(frameworkIDs(c, fw)))
		}
		row = append(row, mdText(shortReason(c.Reason)))
		ew.printf("| %s |\n", strings.Join(row, " | "))
	}
}

// mdText escapes text from the state (names, reasons) so it cannot break a
// table or inject HTML into the comment.
var mdEscaper = strings.NewReplacer(
	"|", `\|`, "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`,
	"\r\n", " ", "\n", " ", "\r", " ",
)

func mdText(s string) string { return mdEscaper.Replace(s) }

// mdCode prepares text for inside a code span: backticks cannot be escaped
// there, and pipes still end a table cell.
func mdCode(s string) string {
	return strings.NewReplacer("`", "'", "|", `\|`, "\n", " ", "\r", " ").Replace(s)
}

func mdCodeSpan(s string) string { return fmt.Sprintf("`%s`", mdCode(s)) }

// writeMarkdownAudit writes the audit trail folded, with where each setting
// came from in a table.
func writeMarkdownAudit(ew *errWriter, a *compliance.Audit) {
	lines := auditLines(a)
	if len(lines) == 0 {
		return
	}
	ew.printf("\n<details><summary>Audit: %s</summary>\n\n", mdText(lines[0]))
	for _, l := range lines[1:] {
		ew.printf("- %s\n", mdText(l))
	}
	if len(a.SettingSources) > 0 {
		ew.printf("\n| setting | from |\n|---|---|\n")
		for _, k := range slices.Sorted(maps.Keys(a.SettingSources)) {
			ew.printf("| %s | %s |\n", mdCodeSpan(k), mdText(a.SettingSources[k]))
		}
	}
	ew.printf("\n</details>\n")
}
