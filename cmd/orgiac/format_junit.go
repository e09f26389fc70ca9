package main

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/chunks"
	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/stateexport"
	"github.com/orgiac/pulumi-orgiac/internal/verdict"
)

// JUnit XML, in the shape of the Jenkins JUnit schema (junit-4.xsd, the one
// GitLab, Jenkins and Azure DevOps read): one testsuite per group, one
// testcase per control. That schema allows no skipped count on testsuites
// and no attributes on skipped, so the totals there are tests and failures,
// and a skipped control's reason is the element's text.
const (
	junitRootName        = "orgiac compliance"
	junitStandaloneClass = "orgiac.standalone"
)

type junitSuites struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Time     string   `xml:"time,attr"`
}

type junitSuite struct {
	XMLName    xml.Name        `xml:"testsuite"`
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Status    string        `xml:"status,attr"`
	Time      string        `xml:"time,attr"`
	Skipped   *junitText    `xml:"skipped"`
	Failure   *junitFailure `xml:"failure"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	junitText
}

// junitText is an element's text, escaped by junitEscape.
type junitText struct {
	Text string `xml:",innerxml"`
}

// junitEscape escapes text for an element as encoding/xml does (invalid
// UTF-8 and characters XML forbids become U+FFFD), but keeps line breaks as
// they are, so a failure's body reads in the raw file too.
func junitEscape(s string) junitText {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder does not fail
	return junitText{strings.ReplaceAll(b.String(), "&#xA;", "\n")}
}

// junitTime is every duration: the report judges recorded state, it times
// nothing, and a fixed value keeps the output the same from run to run.
const junitTime = "0"

// writeJUnit writes the report as JUnit XML for CI test views. Like
// writeJSON it renders the suites in parallel and writes them in order, so
// a large export costs little more than its JSON.
func writeJUnit(w io.Writer, res result) error {
	root := junitSuites{Name: junitRootName, Time: junitTime}
	for _, g := range res.Groups {
		for _, c := range g.Report.Controls {
			root.Tests++
			if c.Status == compliance.StatusFail {
				root.Failures++
			}
		}
	}
	ew := &errWriter{w: w}
	ew.printf("%s", xml.Header)
	start, err := junitStartTag(root)
	if err != nil {
		return err
	}
	_, _ = ew.Write(start)
	type rendered struct {
		b   []byte
		err error
	}
	chunks.ForEachOrdered(len(res.Groups), func(i int) rendered {
		b, err := xml.MarshalIndent(junitSuiteFor(res.Groups[i]), "  ", "  ")
		return rendered{b, err}
	}, func(_ int, r rendered) {
		if err = cmp.Or(err, r.err); err != nil {
			return
		}
		ew.printf("\n")
		_, _ = ew.Write(r.b)
	})
	if err != nil {
		return err
	}
	ew.printf("\n</testsuites>\n")
	return ew.err
}

// junitStartTag is the root's start tag: the root marshalled empty, less its
// end tag.
func junitStartTag(root junitSuites) ([]byte, error) {
	b, err := xml.Marshal(root)
	if err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b, []byte("</testsuites>")), nil
}

func junitSuiteFor(g verdict.Group) junitSuite {
	s := junitSuite{Name: g.Label(), Time: junitTime, Properties: junitProperties(g)}
	class := g.Type
	if g.Component == "" {
		class = junitStandaloneClass
	}
	controls := slices.Clone(g.Report.Controls)
	sort.SliceStable(controls, func(i, j int) bool { return controls[i].ID < controls[j].ID })
	for _, c := range controls {
		tc := junitCase{Name: c.ID + ": " + c.Title, Classname: class, Status: c.Status, Time: junitTime}
		s.Tests++
		switch c.Status {
		case compliance.StatusFail:
			s.Failures++
			tc.Failure = &junitFailure{Message: oneLine(shortReason(c.Reason)), Type: c.Severity,
				junitText: junitEscape(junitFailureBody(g, c))}
		case compliance.StatusWaived:
			s.Skipped++
			msg := junitEscape(fmt.Sprintf("waived: %s (expires %s)", c.Waiver.Reason, c.Waiver.Expires))
			tc.Skipped = &msg
		case compliance.StatusNotApplicable:
			s.Skipped++
			msg := junitEscape("not applicable: " + shortReason(c.Reason))
			tc.Skipped = &msg
		}
		s.Cases = append(s.Cases, tc)
	}
	return s
}

// junitProperties describe the group: the export it came from, the policy
// it was judged by and, when the component recorded one, its audit trail.
// The schema needs at least one property; the file is always there.
func junitProperties(g verdict.Group) []junitProperty {
	props := []junitProperty{{"orgiac.file", stateexport.DisplayPath(g.File)}}
	add := func(name, value string) { props = append(props, junitProperty{name, value}) }
	if g.Component != "" {
		add("orgiac.component", g.Component)
	}
	add("orgiac.frameworks", strings.Join(g.Report.Frameworks, ","))
	add("orgiac.policyVersion", g.Report.PolicyVersion)
	a := g.Report.Audit
	if a == nil {
		return props
	}
	add("orgiac.audit.providerVersion", a.ProviderVersion)
	add("orgiac.audit.policyVersion", a.PolicyVersion)
	add("orgiac.audit.policyFile", a.PolicyFile)
	add("orgiac.audit.policyFileDigest", a.PolicyFileDigest)
	add("orgiac.audit.enforcement", a.Enforcement)
	if git := a.Git; git != nil {
		add("orgiac.audit.git.repository", git.Repository)
		add("orgiac.audit.git.path", git.Path)
		add("orgiac.audit.git.commit", git.Commit)
		add("orgiac.audit.git.branch", git.Branch)
		add("orgiac.audit.git.dirty", strconv.FormatBool(git.Dirty))
	}
	for _, setting := range slices.Sorted(maps.Keys(a.SettingSources)) {
		add("orgiac.audit.settingSource."+setting, a.SettingSources[setting])
	}
	return props
}

// junitFailureBody is what a CI test view shows of a failing control: why,
// the fix (controlFix, as every format words it), the resources and the framework
// ids.
func junitFailureBody(g verdict.Group, c compliance.ControlResult) string {
	var b strings.Builder
	where := g.Label()
	if g.Component == "" {
		where = "resources outside orgiac components"
	}
	fmt.Fprintf(&b, "Control %s (%s, %s) fails on %s.\n", c.ID, c.Title, c.Severity, where)
	fmt.Fprintf(&b, "Reason: %s\n", c.Reason)
	fmt.Fprintf(&b, "Fix: %s\n", controlFix(c))
	if c.Waiver.Reason != "" {
		fmt.Fprintf(&b, "Waiver: %s (expired %s)\n", c.Waiver.Reason, c.Waiver.Expires)
	}
	if len(c.Resources) > 0 {
		b.WriteString("Resources:\n")
		for _, urn := range c.Resources {
			fmt.Fprintf(&b, "  %s\n", urn)
		}
	}
	if len(c.Frameworks) > 0 {
		b.WriteString("Frameworks:\n")
		for _, fw := range slices.Sorted(maps.Keys(c.Frameworks)) {
			fmt.Fprintf(&b, "  %s: %s\n", fw, frameworkIDs(c, fw))
		}
	}
	return b.String()
}
