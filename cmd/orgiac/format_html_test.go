package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/stateexport"
	"github.com/orgiac/pulumi-orgiac/internal/stateexport/exporttest"
	"github.com/orgiac/pulumi-orgiac/internal/verdict"
)

// scriptReason is a waiver reason that would run in the page if it were not
// escaped.
const scriptReason = `<script>alert("owned")</script> legacy replication target`

// htmlTestExport is the fixture with every status in it: versioning
// suspended under a recorded waiver (waived), the public access block
// removed (fail), a plain bucket outside the component (fail), the rest
// passing or not applicable.
func htmlTestExport(t *testing.T) string {
	t.Helper()
	doc := loadFixture(t)
	doc.suspendVersioning(t)
	doc.recordReport(t, recordedWaiver("s3-versioning", scriptReason, "2027-06-30"))
	doc.remove(compliance.TypeBucketPAB)
	doc.addStandaloneBucket()
	return doc.write(t)
}

// judged is what `orgiac report` would write for the paths, as a result the
// writers take.
func judged(t *testing.T, paths ...string) result {
	t.Helper()
	res := result{Files: paths}
	for _, p := range paths {
		exp, err := stateexport.Read(p, nil)
		require.NoError(t, err)
		res.Groups = append(res.Groups, verdict.Judge(exp, verdict.Flags{Today: testToday}).Groups...)
	}
	return res
}

func renderHTML(t *testing.T, res result) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, writeHTML(&buf, res))
	return buf.String()
}

var dataCount = regexp.MustCompile(`<span data-count="([a-z-]+)">(\d+)</span>`)

// domCounts reads the page's overall counts, from its source or a dumped DOM.
func domCounts(t *testing.T, page string) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for _, m := range dataCount.FindAllStringSubmatch(page, -1) {
		n, err := strconv.Atoi(m[2])
		require.NoError(t, err)
		_, dup := counts[m[1]]
		require.False(t, dup, "one data-count=%q in the page", m[1])
		counts[m[1]] = n
	}
	return counts
}

// wantCounts is the --format json summary of the same input, by data-count key.
func wantCounts(t *testing.T, paths ...string) map[string]int {
	t.Helper()
	res := runCLI(t, "", append([]string{"report", "-f", "json"}, paths...)...)
	s := decodeJSONOutput(t, res.stdout).Summary
	return map[string]int{"pass": s.Pass, "fail": s.Fail, "waived": s.Waived, "not-applicable": s.NotApplicable}
}

func TestHTML_CountsAreThoseOfTheJSONFormat(t *testing.T) {
	path := htmlTestExport(t)
	res := runCLI(t, "", "report", path, fixturePath, "-f", "html")
	require.Equal(t, exitFails, res.code, res.stderr)
	want := wantCounts(t, path, fixturePath)
	got := domCounts(t, res.stdout)
	for k, v := range want {
		assert.Equal(t, v, got[k], k)
	}
	for _, k := range []string{"pass", "fail", "waived"} {
		assert.NotZero(t, want[k], "the test export has every status: %s", k)
	}
	rows := len(htmlRowTag.FindAllString(res.stdout, -1))
	assert.Equal(t, rows, got["rows"])
	assert.Equal(t, rows, got["shown"], "every row is shown until a filter hides some")
	assert.Equal(t, want["pass"]+want["fail"]+want["waived"]+want["not-applicable"], rows, "one row per control per group")
}

func TestHTML_EscapesTextFromTheState(t *testing.T) {
	page := runCLI(t, "", "report", htmlTestExport(t), "-f", "html").stdout
	assert.NotContains(t, page, `<script>alert`)
	assert.Contains(t, page, `&lt;script&gt;alert(&#34;owned&#34;)&lt;/script&gt; legacy replication target`)
	assert.Equal(t, 1, strings.Count(page, "<script"), "the page's own script only")
	assert.NotContains(t, page, "ZgotmplZ", "html/template found no value unsafe for its context")
}

func TestHTML_FetchesNothing(t *testing.T) {
	res := judged(t, htmlTestExport(t), fixturePath)
	res.Groups[0].Report.Audit = testAudit()
	page := renderHTML(t, res)
	for _, pattern := range []string{
		`(?i)\b(src|href|srcset|action|poster|xlink:href)\s*=`, // nothing to load or follow
		`(?i)url\s*\(`, `(?i)@import`, `(?i)@font-face`,
		`(?i)https?:`, `//[a-z0-9.-]+\.[a-z]{2,}/`,
		`(?i)<(link|img|iframe|object|embed|base)\b`,
	} {
		assert.NotRegexp(t, pattern, page)
	}
}

// testAudit is an audit trail with every field set.
func testAudit() *compliance.Audit {
	return &compliance.Audit{
		ProviderVersion: "1.4.0", PolicyVersion: "2026.11+sha256:abc123",
		PolicyFile: "policy/org.yaml", PolicyFileDigest: "sha256:0f1e2d3c4b5a",
		Enforcement: "enforce",
		Git: &compliance.GitProvenance{Repository: "git.example.org/platform/infra.git", Path: "stacks/data",
			Commit: "9c1b2a3d4e5f60718293a4b5c6d7e8f901234567", Branch: "main", Dirty: true},
		SettingSources: map[string]string{
			"versioning":         "built-in default",
			"encryption.enabled": "policy file (org.yaml)",
			"frameworks":         "stack (Pulumi.dev.yaml)",
		},
	}
}

func TestHTML_ShowsTheAuditTrailWhenTheReportHasOne(t *testing.T) {
	res := judged(t, htmlTestExport(t))
	require.Len(t, res.Groups, 2, "the component and the standalone resources")
	require.NotEmpty(t, res.Groups[0].Component)

	t.Run("present", func(t *testing.T) {
		res := res
		res.Groups = append([]verdict.Group(nil), res.Groups...)
		res.Groups[0].Report.Audit = testAudit()
		page := renderHTML(t, res)
		assert.Equal(t, 1, strings.Count(page, "data-audit"))
		for _, want := range []string{
			"<dt>Provider version</dt><dd><code>1.4.0</code>",
			"<code>2026.11&#43;sha256:abc123</code>",
			"<code>policy/org.yaml</code>", "<code>sha256:0f1e2d3c4b5a</code>",
			"<dt>Enforcement</dt><dd><code>enforce</code>",
			"<code>git.example.org/platform/infra.git</code>", "<code>stacks/data</code>",
			"<code>9c1b2a3d4e5f60718293a4b5c6d7e8f901234567</code> <strong>with uncommitted changes</strong>",
			"<code>main</code>",
		} {
			assert.Contains(t, page, want)
		}
		// Setting sources, sorted by setting.
		e := strings.Index(page, "<code>encryption.enabled</code></td><td>policy file (org.yaml)</td>")
		f := strings.Index(page, "<code>frameworks</code></td><td>stack (Pulumi.dev.yaml)</td>")
		v := strings.Index(page, "<code>versioning</code></td><td>built-in default</td>")
		assert.True(t, e > 0 && e < f && f < v, "sources sorted: %d %d %d", e, f, v)
		assert.NotContains(t, page, "no-audit")
		assert.Contains(t, page, "1 from built-in default, 1 from policy file (org.yaml), 1 from stack (Pulumi.dev.yaml)")
	})
	t.Run("without git", func(t *testing.T) {
		res := res
		res.Groups = append([]verdict.Group(nil), res.Groups...)
		a := testAudit()
		a.Git = nil
		res.Groups[0].Report.Audit = a
		page := renderHTML(t, res)
		assert.Contains(t, page, "data-audit")
		assert.NotContains(t, page, "Git commit")
	})
	t.Run("absent", func(t *testing.T) {
		res := res
		res.Groups = append([]verdict.Group(nil), res.Groups...)
		res.Groups[0].Report.Audit = nil // as in a report written before the audit existed
		page := renderHTML(t, res)
		assert.NotContains(t, page, "data-audit")
		assert.NotContains(t, page, "Policy file digest")
		assert.Equal(t, 1, strings.Count(page, `class="muted no-audit"`),
			"the component says it has none; the standalone resources never have one")
	})
}

func TestHTML_IsDeterministic(t *testing.T) {
	path := htmlTestExport(t)
	first := runCLI(t, "", "report", path, fixturePath, "-f", "html").stdout
	for range 3 {
		assert.Equal(t, first, runCLI(t, "", "report", path, fixturePath, "-f", "html").stdout)
	}
	res := judged(t, path)
	res.Groups[0].Report.Audit = testAudit() // a map, iterated by the template
	once := renderHTML(t, res)
	for range 3 {
		assert.Equal(t, once, renderHTML(t, res))
	}
}

func TestHTML_SummariesAddUpAndRowsCarryTheirFrameworks(t *testing.T) {
	res := judged(t, htmlTestExport(t), fixturePath)
	p := newHTMLPage(res)
	var bySeverity compliance.Summary
	for _, s := range p.Summaries[1].Tallies {
		bySeverity.Pass += s.Pass
		bySeverity.Fail += s.Fail
		bySeverity.Waived += s.Waived
		bySeverity.NotApplicable += s.NotApplicable
	}
	assert.Equal(t, res.summary(), bySeverity, "every control has one severity")
	require.NotEmpty(t, p.Frameworks)
	assert.Equal(t, "cis-aws-foundations-3.0", p.Frameworks[0].Key, "catalog order")
	assert.Equal(t, len(p.Frameworks), len(p.Summaries[0].Chart.Bars))

	var nist htmlTally
	for i, g := range res.Groups {
		for _, r := range newHTMLGroup(i, g).Rows {
			if strings.Contains(" "+r.FrameworkKeys+" ", " nist-800-53-r5 ") {
				nist.add(r.Status)
			}
			if r.Status == compliance.StatusFail {
				assert.Contains(t, r.Fix, "Requires ", r.ID)
			}
		}
	}
	for _, f := range p.Frameworks {
		if f.Key == "nist-800-53-r5" {
			assert.Equal(t, nist.Summary, f.Summary)
		}
	}
}

// The browser test renders the page in headless Chromium, as an auditor's
// browser would, and reads the DOM it built.

var (
	htmlRowTag = regexp.MustCompile(`<tr\b[^>]*\bdata-status="[^"]*"[^>]*>`)
	rowStatus  = regexp.MustCompile(`\bdata-status="([^"]*)"`)
	rowFWs     = regexp.MustCompile(`\bdata-frameworks="([^"]*)"`)
	rowHidden  = regexp.MustCompile(`\shidden(=""|\s|>)`)
	bodyFilter = regexp.MustCompile(`<body\b[^>]*\bdata-filter="([^"]*)"`)
)

type domRow struct {
	status     string
	frameworks []string
	hidden     bool
}

func domRows(dom string) []domRow {
	var rows []domRow
	for _, tag := range htmlRowTag.FindAllString(dom, -1) {
		r := domRow{status: rowStatus.FindStringSubmatch(tag)[1], hidden: rowHidden.MatchString(tag)}
		if m := rowFWs.FindStringSubmatch(tag); m != nil {
			r.frameworks = strings.Fields(m[1])
		}
		rows = append(rows, r)
	}
	return rows
}

func TestHTML_InHeadlessChromium(t *testing.T) {
	browser := chromiumPath(t)
	out := htmlTestOutputDir(t)
	path := htmlTestExport(t)
	page := filepath.Join(out, "report.html")
	res := runCLI(t, "", "report", path, fixturePath, "-f", "html", "-o", page)
	require.Equal(t, exitFails, res.code, res.stderr)
	pageURL := (&url.URL{Scheme: "file", Path: page}).String()
	want := wantCounts(t, path, fixturePath)

	t.Run("the rendered counts are those of --format json", func(t *testing.T) {
		dom := runChromium(t, browser, "--dump-dom", pageURL)
		got := domCounts(t, dom)
		t.Logf("DOM counts: pass=%d fail=%d waived=%d not-applicable=%d rows=%d shown=%d",
			got["pass"], got["fail"], got["waived"], got["not-applicable"], got["rows"], got["shown"])
		t.Logf("JSON counts: pass=%d fail=%d waived=%d not-applicable=%d",
			want["pass"], want["fail"], want["waived"], want["not-applicable"])
		for _, k := range []string{"pass", "fail", "waived", "not-applicable"} {
			assert.Equal(t, want[k], got[k], k)
		}
		assert.Equal(t, got["rows"], got["shown"])
		assert.Equal(t, 1, strings.Count(dom, "<script"), "the reason's <script> stayed text")
	})

	t.Run("#failing hides every row that does not fail", func(t *testing.T) {
		dom := runChromium(t, browser, "--run-all-compositor-stages-before-draw", "--virtual-time-budget=2000",
			"--dump-dom", pageURL+"#failing")
		require.Equal(t, []string{"failing"}, bodyFilter.FindStringSubmatch(dom)[1:], "the page's script applied the fragment")
		shown := map[string]int{}
		hidden := map[string]int{}
		for _, r := range domRows(dom) {
			if r.hidden {
				hidden[r.status]++
			} else {
				shown[r.status]++
			}
		}
		t.Logf("#failing: shown %v, hidden %v, data-count shown=%d", shown, hidden, domCounts(t, dom)["shown"])
		assert.Equal(t, map[string]int{compliance.StatusFail: want["fail"]}, shown, "only failing rows are shown")
		assert.Equal(t, want["pass"], hidden[compliance.StatusPass], "every passing row is hidden")
		assert.Equal(t, want["waived"], hidden[compliance.StatusWaived])
		assert.Equal(t, want["fail"], domCounts(t, dom)["shown"])
	})

	t.Run("#failing&framework= also hides the rows of other frameworks", func(t *testing.T) {
		const fw = "cis-aws-foundations-3.0"
		dom := runChromium(t, browser, "--run-all-compositor-stages-before-draw", "--virtual-time-budget=2000",
			"--dump-dom", pageURL+"#failing&framework="+fw)
		rows := domRows(dom)
		require.NotEmpty(t, rows)
		shown := 0
		for _, r := range rows {
			in := false
			for _, f := range r.frameworks {
				in = in || f == fw
			}
			assert.Equal(t, !(r.status == compliance.StatusFail && in), r.hidden, "%+v", r)
			if !r.hidden {
				shown++
			}
		}
		assert.NotZero(t, shown, "a failing control maps to %s", fw)
		t.Logf("#failing&framework=%s: %d of %d rows shown", fw, shown, len(rows))
	})

	t.Run("a screenshot is written", func(t *testing.T) {
		png := filepath.Join(out, "report.png")
		if err := os.Remove(png); err != nil && !errors.Is(err, fs.ErrNotExist) {
			require.NoError(t, err, "no screenshot of an earlier run counts")
		}
		runChromium(t, browser, "--screenshot="+png, "--window-size=1280,2000", "--hide-scrollbars", pageURL)
		info, err := os.Stat(png)
		require.NoError(t, err)
		assert.Greater(t, info.Size(), int64(1000))
		head := make([]byte, 8)
		f, err := os.Open(png)
		require.NoError(t, err)
		defer f.Close()
		_, err = f.Read(head)
		require.NoError(t, err)
		assert.Equal(t, "\x89PNG\r\n\x1a\n", string(head))
		t.Logf("screenshot: %s (%d bytes)", png, info.Size())
	})
}

// chromiumPath finds the browser `make toolchain` installs. Without one the
// test fails in CI (CI or ORGIAC_REQUIRE_TOOLCHAIN set) and is skipped
// elsewhere.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no chromium, chromium-browser or google-chrome on PATH for the HTML report's browser test: " +
		"run `make toolchain` (scripts/install-chromium.sh installs Debian's chromium)"
	if os.Getenv("CI") != "" || os.Getenv("ORGIAC_REQUIRE_TOOLCHAIN") != "" {
		t.Fatal(msg + " (required: CI or ORGIAC_REQUIRE_TOOLCHAIN is set)")
	}
	t.Skip(msg)
	return ""
}

// htmlTestOutputDir is where the page and its screenshot stay after the
// test: $ORGIAC_TEST_OUTPUT/html-report, else .work/test-output/html-report
// in the repository (git-ignored).
func htmlTestOutputDir(t *testing.T) string {
	t.Helper()
	base := os.Getenv("ORGIAC_TEST_OUTPUT")
	if base == "" {
		root, err := filepath.Abs(filepath.Join("..", ".."))
		require.NoError(t, err)
		_, err = os.Stat(filepath.Join(root, "go.mod"))
		require.NoError(t, err, "the repository root is two folders up")
		base = filepath.Join(root, ".work", "test-output")
	}
	dir, err := filepath.Abs(filepath.Join(base, "html-report"))
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	t.Logf("output folder: %s", dir)
	return dir
}

// chromiumTimeout bounds one browser run; a busy CI machine can take a
// while to start Chromium.
const chromiumTimeout = 2 * time.Minute

// runChromium runs headless Chromium once with its own throwaway profile and
// returns its standard output.
func runChromium(t *testing.T, browser string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), chromiumTimeout)
	defer cancel()
	base := []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--no-default-browser-check", "--disable-extensions", "--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, browser, append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("%w after %s", ctx.Err(), chromiumTimeout)
	}
	require.NoError(t, err, "%s %s\nstderr:\n%s", browser, strings.Join(args, " "), stderr.String())
	t.Logf("chromium %s: %s", args[len(args)-1][strings.LastIndex(args[len(args)-1], "/")+1:],
		time.Since(start).Round(time.Millisecond))
	return stdout.String()
}

// BenchmarkWriters times the writers alone, over the judged groups of a
// synthetic export, json beside html so their throughputs come from one run.
func BenchmarkWriters(b *testing.B) {
	const resources = 10000
	path := syntheticExport(b, resources, exporttest.Components)
	exp, err := stateexport.Read(path, nil)
	require.NoError(b, err)
	res := result{Files: []string{path}, Groups: verdict.Judge(exp, verdict.Flags{Today: testToday}).Groups}
	for _, name := range []string{"json", "html"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				require.NoError(b, writeBuffered(io.Discard, formats[name], res))
			}
			b.ReportMetric(float64(resources)*float64(b.N)/b.Elapsed().Seconds(), "resources/s")
		})
	}
}
