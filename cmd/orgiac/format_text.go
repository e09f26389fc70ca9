package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/stateexport"
	"github.com/orgiac/pulumi-orgiac/internal/verdict"
)

// textStatus labels statuses so failures stand out in a terminal or CI log.
var textStatus = map[string]string{
	compliance.StatusFail:          "FAIL",
	compliance.StatusWaived:        "WAIVED",
	compliance.StatusPass:          "pass",
	compliance.StatusNotApplicable: "n/a",
}

// writeText writes the report for a terminal or CI log: one aligned table
// per group, failing controls first, and the verdict last.
func writeText(w io.Writer, res result) error {
	ew := &errWriter{w: w}
	ew.printf("orgiac compliance report\n")
	for _, g := range res.Groups {
		ew.printf("\n%s\n", textGroupHeader(g))
		if g.Component != "" {
			ew.printf("  %s\n", g.Component)
		}
		ew.printf("  file: %s\n", stateexport.DisplayPath(g.File))
		ew.printf("  frameworks: %s; policy %s\n", strings.Join(g.Report.Frameworks, ", "), g.Report.PolicyVersion)
		for _, line := range auditLines(g.Report.Audit) {
			ew.printf("  audit: %s\n", line)
		}
		if len(g.Report.Controls) == 0 {
			ew.printf("  no control applies\n")
			continue
		}
		ew.printf("\n")
		writeTextTable(ew, g.Report)
		s := g.Report.Summary
		ew.printf("\n  %d pass, %d fail, %d waived, %d not applicable\n", s.Pass, s.Fail, s.Waived, s.NotApplicable)
	}
	ew.printf("\n%s\n", res.verdict())
	return ew.err
}

func textGroupHeader(g verdict.Group) string {
	switch s := g.Report.Summary; {
	case s.Fail > 0:
		return fmt.Sprintf("%s: FAIL (%s)", g.Label(), plural(s.Fail, "failing control"))
	case s.Waived > 0:
		return fmt.Sprintf("%s: pass (%d waived)", g.Label(), s.Waived)
	default:
		return fmt.Sprintf("%s: pass", g.Label())
	}
}

// writeTextTable writes one column per framework, so ids line up under the
// framework they belong to; the reason is last because it is the longest.
func writeTextTable(ew *errWriter, r compliance.Report) {
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	head := []string{"STATUS", "CONTROL", "SEVERITY"}
	for _, fw := range r.Frameworks {
		head = append(head, strings.ToUpper(fw))
	}
	fmt.Fprintf(tw, "  %s\tREASON\n", strings.Join(head, "\t"))
	for _, c := range byAttention(r.Controls) {
		row := []string{textStatus[c.Status], c.ID, c.Severity}
		for _, fw := range r.Frameworks {
			row = append(row, orDash(strings.Join(c.Frameworks[fw], ",")))
		}
		fmt.Fprintf(tw, "  %s\t%s\n", strings.Join(row, "\t"), oneLine(shortReason(c.Reason)))
	}
	if err := tw.Flush(); err != nil && ew.err == nil {
		ew.err = err
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// oneLine keeps a reason on its table row.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// errWriter keeps the first write error, so a writer's body stays readable.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }
