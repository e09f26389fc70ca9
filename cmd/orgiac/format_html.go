package main

import (
	"bytes"
	"cmp"
	_ "embed"
	"html/template"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/chunks"
	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/stateexport"
	"github.com/orgiac/pulumi-orgiac/internal/verdict"
	"github.com/orgiac/pulumi-orgiac/internal/version"
)

// The HTML report is one self-contained page for auditors: its CSS, its
// script and its chart (SVG drawn here) are inline, it links to nothing and
// fetches nothing, so it opens from a CI artefact or an e-mail as it is.
// html/template escapes every value taken from the state.
//
//go:embed report.html.tmpl
var htmlReportTemplate string

var htmlReport = template.Must(template.New("report.html.tmpl").
	Funcs(template.FuncMap{"settingsBySource": settingsBySource}).Parse(htmlReportTemplate))

// htmlStatuses are the statuses in the order the page counts them.
var htmlStatuses = []string{
	compliance.StatusPass, compliance.StatusFail, compliance.StatusWaived, compliance.StatusNotApplicable,
}

var htmlStatusLabel = map[string]string{
	compliance.StatusFail:          "fail",
	compliance.StatusWaived:        "waived",
	compliance.StatusPass:          "pass",
	compliance.StatusNotApplicable: "n/a",
}

// htmlSeverities is the order severities are summarised in; any other
// severity follows, by name.
var htmlSeverities = []string{"critical", "high", "medium", "low"}

type htmlPage struct {
	Version    string
	Verdict    string
	Failed     bool
	Summary    compliance.Summary
	Rows       int // every control row of every group
	Files      []string
	Frameworks []htmlTally // the frameworks any group maps to, in catalog order
	Summaries  []htmlSummary
}

// htmlSummary is one summary table, per framework or per severity, and its chart.
type htmlSummary struct {
	Kind, Heading string
	Tallies       []htmlTally
	Chart         htmlChart
}

// htmlTally counts the control results of one framework or severity.
type htmlTally struct {
	Key, Label string
	Filter     string // the framework filter's value
	compliance.Summary
}

func (t htmlTally) total() int { return t.Pass + t.Fail + t.Waived + t.NotApplicable }

func (t *htmlTally) add(status string) {
	switch status {
	case compliance.StatusPass:
		t.Pass++
	case compliance.StatusFail:
		t.Fail++
	case compliance.StatusWaived:
		t.Waived++
	case compliance.StatusNotApplicable:
		t.NotApplicable++
	}
}

type htmlGroup struct {
	Anchor     string
	Label      string
	URN        string
	File       string
	Standalone bool
	Status     string // fail, waived or pass: the group's headline
	Report     compliance.Report
	Rows       []htmlRow
	Audit      *compliance.Audit
}

type htmlRow struct {
	Status, StatusLabel  string
	ID, Title, Severity  string
	Frameworks           []htmlFrameworkIDs
	FrameworkKeys        string // the frameworks it maps to, space-separated, for the filter
	Reason, Fix, Expires string
}

type htmlFrameworkIDs struct{ Framework, IDs string }

// writeHTML writes the report as one self-contained HTML page: the header
// and summaries, one section per group, and the filters' script. Executing
// a template is slow (reflection), so the groups are rendered in parallel,
// as the json format renders its reports, and written in order.
func writeHTML(w io.Writer, res result) error {
	type rendered struct {
		b   []byte
		err error
	}
	ew := &errWriter{w: w}
	if err := htmlReport.ExecuteTemplate(ew, "head", newHTMLPage(res)); err != nil {
		return err
	}
	var err error
	chunks.ForEachOrdered(len(res.Groups), func(i int) rendered {
		var b bytes.Buffer
		err := htmlReport.ExecuteTemplate(&b, "group", newHTMLGroup(i, res.Groups[i]))
		return rendered{b.Bytes(), err}
	}, func(_ int, r rendered) {
		if err = cmp.Or(err, r.err); err == nil {
			ew.printf("\n")
			_, _ = ew.Write(r.b)
		}
	})
	if err != nil {
		return err
	}
	ew.printf("\n")
	if err := htmlReport.ExecuteTemplate(ew, "foot", nil); err != nil {
		return err
	}
	ew.printf("\n")
	return ew.err
}

func newHTMLPage(res result) htmlPage {
	s := res.summary()
	p := htmlPage{Version: version.Version, Verdict: res.verdict(), Failed: s.Fail > 0, Summary: s}
	for _, f := range res.Files {
		p.Files = append(p.Files, stateexport.DisplayPath(f))
	}
	frameworks := map[string]*htmlTally{}
	severities := map[string]*htmlTally{}
	for _, g := range res.Groups {
		p.Rows += len(g.Report.Controls)
		for _, c := range g.Report.Controls {
			for _, fw := range g.Report.Frameworks {
				if len(c.Frameworks[fw]) > 0 {
					tallyOf(frameworks, fw).add(c.Status)
				}
			}
			tallyOf(severities, c.Severity).add(c.Status)
		}
	}
	p.Frameworks = orderedTallies(frameworks, catalogFrameworkIDs(), frameworkNames())
	for i := range p.Frameworks {
		p.Frameworks[i].Filter = frameworkKey(p.Frameworks[i].Key)
	}
	bySeverity := orderedTallies(severities, htmlSeverities, nil)
	p.Summaries = []htmlSummary{
		{Kind: "framework", Heading: "Framework", Tallies: p.Frameworks, Chart: newHTMLChart("Controls by framework", p.Frameworks)},
		{Kind: "severity", Heading: "Severity", Tallies: bySeverity, Chart: newHTMLChart("Controls by severity", bySeverity)},
	}
	return p
}

func newHTMLGroup(i int, g verdict.Group) htmlGroup {
	hg := htmlGroup{
		Anchor: "group-" + strconv.Itoa(i+1), Label: g.Label(), URN: g.Component,
		File: stateexport.DisplayPath(g.File), Standalone: g.Component == "", Report: g.Report,
		Audit: g.Report.Audit, Status: compliance.StatusPass,
	}
	switch {
	case g.Report.Summary.Fail > 0:
		hg.Status = compliance.StatusFail
	case g.Report.Summary.Waived > 0:
		hg.Status = compliance.StatusWaived
	}
	for _, c := range byAttention(g.Report.Controls) {
		row := htmlRow{
			Status: c.Status, StatusLabel: htmlStatusLabel[c.Status], ID: c.ID, Title: c.Title,
			Severity: c.Severity, Reason: shortReason(c.Reason), Expires: c.Waiver.Expires,
		}
		if c.Status == compliance.StatusFail || c.Status == compliance.StatusWaived {
			row.Fix = controlFix(c)
		}
		var keys []string
		for _, fw := range g.Report.Frameworks {
			if ids := frameworkIDs(c, fw); ids != "" {
				row.Frameworks = append(row.Frameworks, htmlFrameworkIDs{fw, ids})
				keys = append(keys, frameworkKey(fw))
			}
		}
		row.FrameworkKeys = strings.Join(keys, " ")
		hg.Rows = append(hg.Rows, row)
	}
	return hg
}

func tallyOf(m map[string]*htmlTally, key string) *htmlTally {
	t, ok := m[key]
	if !ok {
		t = &htmlTally{Key: key, Label: key}
		m[key] = t
	}
	return t
}

// orderedTallies lists the tallies in the given order, then any others by key.
func orderedTallies(m map[string]*htmlTally, order []string, labels map[string]string) []htmlTally {
	var out []htmlTally
	for _, k := range order {
		if t, ok := m[k]; ok {
			out = append(out, *t)
		}
	}
	var rest []string
	for k := range m {
		if !slices.Contains(order, k) {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		out = append(out, *m[k])
	}
	for i := range out {
		if l := labels[out[i].Key]; l != "" {
			out[i].Label = l
		}
	}
	return out
}

// frameworkKey is a framework id as the page's filter matches it: one word.
func frameworkKey(fw string) string { return strings.Join(strings.Fields(fw), "_") }

func frameworkNames() map[string]string {
	names := map[string]string{}
	for _, fw := range compliance.Frameworks() {
		names[fw.ID] = fw.Name
	}
	return names
}

// The chart is stacked horizontal bars, one per tally, scaled to the
// longest; its geometry is computed here so the page needs no script to
// draw it and the same report always has the same bytes.
const (
	chartWidth  = 760
	chartLabel  = 200 // the label column: framework ids and severities
	chartBar    = 480 // the longest bar
	chartRow    = 26
	chartHeader = 30
	chartBarTop = 6  // the bar's offset in its row
	chartBarH   = 16 // the bar's height
)

type htmlChart struct {
	Title         string
	Width, Height int
	BarHeight     int
	Bars          []htmlBar
}

type htmlBar struct {
	Label         string
	BarY, TextY   int
	LabelX, Count int // the label's right edge, and the count's left edge
	Total         int
	Segments      []htmlSegment
}

type htmlSegment struct {
	Status, X, Width string
	Count            int
}

func newHTMLChart(title string, tallies []htmlTally) htmlChart {
	c := htmlChart{Title: title, Width: chartWidth, Height: chartHeader + chartRow*max(len(tallies), 1),
		BarHeight: chartBarH}
	longest := 0
	for _, t := range tallies {
		longest = max(longest, t.total())
	}
	for i, t := range tallies {
		y := chartHeader + i*chartRow
		bar := htmlBar{Label: t.Key, BarY: y + chartBarTop, TextY: y + chartBarTop + chartBarH - 4,
			LabelX: chartLabel - 8, Total: t.total()}
		x := float64(chartLabel)
		for _, status := range htmlStatuses {
			n := statusCount(t.Summary, status)
			if n == 0 {
				continue
			}
			w := float64(chartBar) * float64(n) / float64(longest)
			bar.Segments = append(bar.Segments, htmlSegment{Status: status, X: svgNumber(x), Width: svgNumber(w), Count: n})
			x += w
		}
		bar.Count = int(x) + 6
		c.Bars = append(c.Bars, bar)
	}
	return c
}

func statusCount(s compliance.Summary, status string) int {
	switch status {
	case compliance.StatusPass:
		return s.Pass
	case compliance.StatusFail:
		return s.Fail
	case compliance.StatusWaived:
		return s.Waived
	default:
		return s.NotApplicable
	}
}

// svgNumber prints a coordinate with one decimal, the same on every run.
func svgNumber(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
