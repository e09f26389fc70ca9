package compliance

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

var update = flag.Bool("update", false, "rewrite testdata/report.golden.json from the current engine")

const secureBucket = "orgiac:aws:SecureBucket"

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func find(t *testing.T, r Report, id string) ControlResult {
	t.Helper()
	for _, c := range r.Controls {
		if c.ID == id {
			return c
		}
	}
	require.Failf(t, "control not in report", "%s is not in the report", id)
	return ControlResult{}
}

// failingBucket is a SecureBucket whose versioning is Suspended (a required
// control fails) and whose encryption is AES256 (the optional s3-kms-cmk
// fails); everything else passes.
func failingBucket() []Subject {
	s := secureBucketSubjects()
	s[0].Related[TypeBucketVersioning] = []Resource{versioning("Suspended")}
	s[0].Related[TypeBucketEncryption] = []Resource{sse("AES256", "")}
	return s
}

func TestEvaluatePolicyStatuses(t *testing.T) {
	const reason = "migration bucket, deleted after cut-over"
	waiver := func(control, expires, component string) Waiver {
		return Waiver{Control: control, Reason: reason, Expires: expires, Component: component}
	}
	for _, tc := range []struct {
		name       string
		control    string
		pol        Policy
		subjects   []Subject
		want       string
		reason     []string // substrings of the result's reason
		waiverNote WaiverNote
	}{
		{
			name: "a required control that fails is fail", control: "s3-versioning",
			want: StatusFail, reason: []string{"bucket: versioning is \"Suspended\""},
		},
		{
			name: "an optional control that fails is not-applicable", control: "s3-kms-cmk",
			want: StatusNotApplicable, reason: []string{"optional, and not in orgiac:requiredControls", "not aws:kms"},
		},
		{
			name: "an optional control that fails is fail when Policy.Required lists it", control: "s3-kms-cmk",
			pol:  Policy{Required: []string{"s3-kms-cmk"}},
			want: StatusFail, reason: []string{"not aws:kms"},
		},
		{
			name: "an optional control that passes is pass", control: "s3-object-lock",
			want: StatusPass, reason: []string{"GOVERNANCE"},
		},
		{
			name: "a required control that is not applicable stays not-applicable", control: "kms-key-rotation",
			subjects: []Subject{failingBucket()[0], kmsKey(`{"customerMasterKeySpec":"ECC_NIST_P256","enableKeyRotation":false}`)},
			want:     StatusNotApplicable, reason: []string{"ECC_NIST_P256"},
		},
		{
			name: "an unexpired waiver waives with its reason", control: "s3-versioning",
			pol:        Policy{Waivers: []Waiver{waiver("s3-versioning", "2027-03-31", "")}, Today: day("2027-01-15")},
			want:       StatusWaived,
			reason:     []string{"waived until 2027-03-31", reason, "Suspended"},
			waiverNote: WaiverNote{Reason: reason, Expires: "2027-03-31"},
		},
		{
			name: "a waiver counts on its last day", control: "s3-versioning",
			pol:        Policy{Waivers: []Waiver{waiver("s3-versioning", "2027-03-31", "")}, Today: day("2027-03-31")},
			want:       StatusWaived,
			waiverNote: WaiverNote{Reason: reason, Expires: "2027-03-31"},
		},
		{
			name: "a waiver counts through the last second of its last day", control: "s3-versioning",
			pol: Policy{Waivers: []Waiver{waiver("s3-versioning", "2027-03-31", "")},
				Today: time.Date(2027, 3, 31, 23, 59, 59, 0, time.UTC)},
			want:       StatusWaived,
			waiverNote: WaiverNote{Reason: reason, Expires: "2027-03-31"},
		},
		{
			name: "a waiver counts through its last day in the zone of Today", control: "s3-versioning",
			pol: Policy{Waivers: []Waiver{waiver("s3-versioning", "2027-03-31", "")},
				Today: time.Date(2027, 3, 31, 20, 0, 0, 0, time.FixedZone("EST", -5*3600))}, // 01:00 UTC on April 1
			want:       StatusWaived,
			waiverNote: WaiverNote{Reason: reason, Expires: "2027-03-31"},
		},
		{
			name: "a waiver has expired on the next day in the zone of Today", control: "s3-versioning",
			pol: Policy{Waivers: []Waiver{waiver("s3-versioning", "2027-03-31", "")},
				Today: time.Date(2027, 4, 1, 0, 30, 0, 0, time.FixedZone("CEST", 2*3600))}, // 22:30 UTC on March 31
			want:       StatusFail,
			reason:     []string{"expired"},
			waiverNote: WaiverNote{Reason: reason, Expires: "2027-03-31", Expired: true},
		},
		{
			name: "an expired waiver fails and says it expired", control: "s3-versioning",
			pol:        Policy{Waivers: []Waiver{waiver("s3-versioning", "2027-03-31", "")}, Today: day("2027-04-01")},
			want:       StatusFail,
			reason:     []string{"Suspended", "expired", "2027-03-31"},
			waiverNote: WaiverNote{Reason: reason, Expires: "2027-03-31", Expired: true},
		},
		{
			name: "a waiver whose date does not parse counts as expired", control: "s3-versioning",
			pol:        Policy{Waivers: []Waiver{waiver("s3-versioning", "31/03/2027", "")}, Today: day("2027-01-15")},
			want:       StatusFail,
			reason:     []string{"expired"},
			waiverNote: WaiverNote{Reason: reason, Expires: "31/03/2027", Expired: true},
		},
		{
			name: "a waiver of a passing control changes nothing", control: "s3-tls-only",
			pol:  Policy{Waivers: []Waiver{waiver("s3-tls-only", "2027-03-31", "")}, Today: day("2027-01-15")},
			want: StatusPass,
		},
		{
			name: "a waiver of another control does not apply", control: "s3-versioning",
			pol:  Policy{Waivers: []Waiver{waiver("s3-lifecycle", "2027-03-31", "")}, Today: day("2027-01-15")},
			want: StatusFail,
		},
		{
			name: "a waiver limited to another component does not apply", control: "s3-versioning",
			pol:  Policy{Waivers: []Waiver{waiver("s3-versioning", "2027-03-31", "other")}, Today: day("2027-01-15")},
			want: StatusFail,
		},
		{
			name: "a waiver limited to this component applies", control: "s3-versioning",
			pol:        Policy{Waivers: []Waiver{waiver("s3-versioning", "2027-03-31", "data")}, Today: day("2027-01-15")},
			want:       StatusWaived,
			waiverNote: WaiverNote{Reason: reason, Expires: "2027-03-31"},
		},
		{
			name: "a component waiver beats a general one listed before it", control: "s3-versioning",
			pol: Policy{Waivers: []Waiver{
				{Control: "s3-versioning", Reason: "general", Expires: "2027-06-30"},
				{Control: "s3-versioning", Reason: "specific", Expires: "2027-03-31", Component: "data"},
			}, Today: day("2027-01-15")},
			want: StatusWaived, reason: []string{"specific"},
			waiverNote: WaiverNote{Reason: "specific", Expires: "2027-03-31"},
		},
		{
			name: "a component waiver beats a general one listed after it", control: "s3-versioning",
			pol: Policy{Waivers: []Waiver{
				{Control: "s3-versioning", Reason: "specific", Expires: "2027-03-31", Component: "data"},
				{Control: "s3-versioning", Reason: "general", Expires: "2027-06-30"},
			}, Today: day("2027-01-15")},
			want: StatusWaived, reason: []string{"specific"},
			waiverNote: WaiverNote{Reason: "specific", Expires: "2027-03-31"},
		},
		{
			name: "an expired component waiver beats a valid general one", control: "s3-versioning",
			pol: Policy{Waivers: []Waiver{
				{Control: "s3-versioning", Reason: "general", Expires: "2027-06-30"},
				{Control: "s3-versioning", Reason: "specific", Expires: "2027-03-31", Component: "data"},
			}, Today: day("2027-04-15")},
			want: StatusFail, reason: []string{"expired"},
			waiverNote: WaiverNote{Reason: "specific", Expires: "2027-03-31", Expired: true},
		},
		{
			name: "a general waiver applies when the component waiver is for another component", control: "s3-versioning",
			pol: Policy{Waivers: []Waiver{
				{Control: "s3-versioning", Reason: "specific", Expires: "2027-03-31", Component: "other"},
				{Control: "s3-versioning", Reason: "general", Expires: "2027-06-30"},
			}, Today: day("2027-01-15")},
			want: StatusWaived, reason: []string{"general"},
			waiverNote: WaiverNote{Reason: "general", Expires: "2027-06-30"},
		},
		{
			name: "a waiver does not turn an optional control into a verdict", control: "s3-kms-cmk",
			pol:  Policy{Waivers: []Waiver{waiver("s3-kms-cmk", "2027-03-31", "")}, Today: day("2027-01-15")},
			want: StatusNotApplicable, reason: []string{"optional"},
		},
		{
			name: "a waiver applies to an optional control the policy requires", control: "s3-kms-cmk",
			pol: Policy{Required: []string{"s3-kms-cmk"}, Waivers: []Waiver{waiver("s3-kms-cmk", "2027-03-31", "")},
				Today: day("2027-01-15")},
			want: StatusWaived, waiverNote: WaiverNote{Reason: reason, Expires: "2027-03-31"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			subjects := tc.subjects
			if subjects == nil {
				subjects = failingBucket()
			}
			got := find(t, Evaluate(secureBucket, "data", subjects, tc.pol), tc.control)
			assert.Equal(t, tc.want, got.Status, "reason: %s", got.Reason)
			for _, r := range tc.reason {
				assert.Contains(t, got.Reason, r)
			}
			assert.Equal(t, tc.waiverNote, got.Waiver)
		})
	}
}

func TestEvaluateMissingSubjectTypeIsNotApplicable(t *testing.T) {
	r := Evaluate(secureBucket, "data", secureBucketSubjects()[:1], Policy{})
	key := find(t, r, "kms-key-rotation")
	assert.Equal(t, StatusNotApplicable, key.Status)
	assert.Equal(t, "the component has no aws:kms/key:Key", key.Reason)
	assert.Equal(t, []string{}, key.Resources, "no resources, as an empty list")

	empty := Evaluate("orgiac:aws:EksCluster", "k8s", nil, Policy{})
	require.NotEmpty(t, empty.Controls)
	for _, c := range empty.Controls {
		assert.Equal(t, StatusNotApplicable, c.Status, c.ID)
	}
	assert.Equal(t, Summary{NotApplicable: len(empty.Controls)}, empty.Summary)
}

func TestEvaluateSummaryCounts(t *testing.T) {
	subjects := failingBucket()
	delete(subjects[0].Related, TypeBucketLogging)     // s3-access-logging fails
	delete(subjects[0].Related, TypeBucketReplication) // s3-replication (optional) fails
	pol := Policy{
		Waivers: []Waiver{{Control: "s3-versioning", Reason: "r", Expires: "2027-03-31"}},
		Today:   day("2027-01-15"),
	}
	r := Evaluate(secureBucket, "data", subjects, pol)

	assert.Equal(t, Summary{Pass: 7, Fail: 1, Waived: 1, NotApplicable: 2}, r.Summary)
	var recount Summary
	for _, c := range r.Controls {
		switch c.Status {
		case StatusPass:
			recount.Pass++
		case StatusFail:
			recount.Fail++
		case StatusWaived:
			recount.Waived++
		case StatusNotApplicable:
			recount.NotApplicable++
		default:
			t.Errorf("%s has the unknown status %q", c.ID, c.Status)
		}
	}
	assert.Equal(t, recount, r.Summary, "the summary counts the controls")
	assert.Equal(t, []string{"s3-access-logging"}, ids(r.Failures()))
}

func ids(cs []ControlResult) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func TestEvaluateFrameworks(t *testing.T) {
	t.Run("only the selected frameworks are mapped", func(t *testing.T) {
		selected := []string{"pci-dss-4.0", "soc2"}
		r := Evaluate(secureBucket, "data", secureBucketSubjects(), Policy{Frameworks: selected})
		assert.Equal(t, selected, r.Frameworks)
		for _, c := range r.Controls {
			ctl, _ := Lookup(c.ID)
			want := map[string][]string{}
			for _, f := range selected {
				if ids := ctl.Frameworks[f]; len(ids) > 0 {
					want[f] = ids
				}
			}
			assert.Equal(t, want, c.Frameworks, c.ID)
		}
		assert.NotContains(t, find(t, r, "s3-replication").Frameworks, "pci-dss-4.0", "s3-replication has no PCI id")
	})
	t.Run("no frameworks means the defaults", func(t *testing.T) {
		r := Evaluate(secureBucket, "data", secureBucketSubjects(), Policy{})
		assert.Equal(t, DefaultFrameworks, r.Frameworks)
		r.Frameworks[0] = "changed"
		assert.Equal(t, "cis-aws-foundations-3.0", DefaultFrameworks[0], "the report does not alias DefaultFrameworks")
	})
	t.Run("a report's framework ids do not alias the catalog", func(t *testing.T) {
		r := Evaluate(secureBucket, "data", secureBucketSubjects(), Policy{Frameworks: []string{"nist-800-53-r5"}})
		find(t, r, "s3-versioning").Frameworks["nist-800-53-r5"][0] = "changed"
		ctl, _ := Lookup("s3-versioning")
		assert.Equal(t, "CP-9", ctl.Frameworks["nist-800-53-r5"][0])
	})
}

func TestEvaluateControlsAreSortedAndMatchTheComponent(t *testing.T) {
	for _, component := range []string{secureBucket, "orgiac:aws:SecureVpc", "orgiac:aws:EksCluster"} {
		t.Run(component, func(t *testing.T) {
			r := Evaluate(component, "x", nil, Policy{})
			got := ids(r.Controls)
			assert.True(t, slices.IsSorted(got), "controls are sorted by id: %v", got)
			assert.Equal(t, ids(asResults(ForComponent(component))), got)
		})
	}
	t.Run("an unknown component has no controls, as an empty list", func(t *testing.T) {
		r := Evaluate("orgiac:aws:Unknown", "x", secureBucketSubjects(), Policy{})
		assert.Equal(t, []ControlResult{}, r.Controls)
		b, err := json.Marshal(r)
		require.NoError(t, err)
		assert.Contains(t, string(b), `"controls":[]`)
	})
}

func asResults(cs []Control) []ControlResult {
	var out []ControlResult
	for _, c := range cs {
		out = append(out, ControlResult{ID: c.ID})
	}
	return out
}

func TestEvaluateWithoutComponentUsesTheSubjectTypes(t *testing.T) {
	subjects := []Subject{kmsKey(`{"enableKeyRotation":true}`), vpc(flowLog("ALL"))}
	r := Evaluate("", "", subjects, Policy{})
	var want []string
	for _, c := range Controls() {
		if strings.HasPrefix(c.ID, "kms-") || strings.HasPrefix(c.ID, "vpc-") {
			want = append(want, c.ID)
		}
	}
	assert.Equal(t, want, ids(r.Controls))
}

func TestEvaluateResourcesAreSortedAndDeduplicated(t *testing.T) {
	shared := logging("org-logs")
	shared.Name = "shared-logging"
	a := bucket(versioning("Enabled"), shared)
	a.Name = "bucket-b"
	b := bucket(versioning("Enabled"), shared, shared) // linked twice
	b.Name = "bucket-a"
	b.Related[TypeBucketVersioning][0].Name = "bucket-a-versioning"

	r := Evaluate(secureBucket, "data", []Subject{a, b}, Policy{})
	got := find(t, r, "s3-versioning").Resources
	assert.Equal(t, []string{"bucket-a", "bucket-a-versioning", "bucket-b", "bucket-versioning", "shared-logging"}, got)
	assert.Equal(t, got, find(t, r, "s3-access-logging").Resources, "every control on a subject lists the same resources")
	assert.Empty(t, find(t, r, "kms-key-rotation").Resources)
}

// TestEvaluateIsDeterministic: a report is a pure function of its inputs, so
// an unchanged component never shows a diff.
func TestEvaluateIsDeterministic(t *testing.T) {
	pol := Policy{
		Frameworks: allFrameworks(),
		Required:   []string{"s3-kms-cmk"},
		Waivers:    []Waiver{{Control: "s3-versioning", Reason: "r", Expires: "2027-03-31"}},
		Today:      day("2027-01-15"),
	}
	subjects := func() []Subject {
		s := failingBucket()
		other := bucketWith(`{"bucket":"another-bucket"}`, logging("elsewhere"))
		other.Name = "another-bucket"
		other.Related[TypeBucketLogging][0].Name = "another-bucket-logging"
		return append(s, other)
	}
	first := Evaluate(secureBucket, "data", subjects(), pol)
	second := Evaluate(secureBucket, "data", subjects(), pol)
	assert.Equal(t, first, second, "the same inputs give a deeply equal report")
	assert.Equal(t, mustJSON(t, first), mustJSON(t, second), "and identical JSON")

	t.Run("the order of subjects does not matter", func(t *testing.T) {
		reversed := subjects()
		slices.Reverse(reversed)
		assert.Equal(t, mustJSON(t, first), mustJSON(t, Evaluate(secureBucket, "data", reversed, pol)))
	})
	t.Run("a reason shared by subjects that are not adjacent appears once", func(t *testing.T) {
		var buckets []Subject
		for _, b := range []struct{ name, target string }{{"a", "x"}, {"b", "y"}, {"c", "x"}} {
			s := bucketWith(`{"bucket":"`+b.name+`"}`, logging(b.target))
			s.Name = b.name
			s.Related[TypeBucketLogging][0].Name = b.name + "-logging"
			buckets = append(buckets, s)
		}
		got := find(t, Evaluate(secureBucket, "data", buckets, Policy{}), "s3-access-logging")
		assert.Equal(t, "access logs go to x; access logs go to y", got.Reason)
	})
	t.Run("the day does not matter while no waiver crosses its expiry", func(t *testing.T) {
		later := pol
		later.Today = day("2027-03-31").Add(12 * time.Hour)
		assert.Equal(t, mustJSON(t, first), mustJSON(t, Evaluate(secureBucket, "data", subjects(), later)))
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	return string(b)
}

func TestReportCarriesNoTime(t *testing.T) {
	timeType := reflect.TypeFor[time.Time]()
	durationType := reflect.TypeFor[time.Duration]()
	seen := map[reflect.Type]bool{}
	var walk func(typ reflect.Type, path string)
	walk = func(typ reflect.Type, path string) {
		if seen[typ] {
			return
		}
		seen[typ] = true
		require.NotEqual(t, timeType, typ, "%s is a time.Time", path)
		require.NotEqual(t, durationType, typ, "%s is a time.Duration", path)
		switch typ.Kind() {
		case reflect.Struct:
			for i := range typ.NumField() {
				f := typ.Field(i)
				assert.NotRegexp(t, `(?i)time|date|generated|evaluatedAt`, f.Name, "%s.%s sounds like a clock", path, f.Name)
				walk(f.Type, path+"."+f.Name)
			}
		case reflect.Slice, reflect.Pointer:
			walk(typ.Elem(), path+"[]")
		case reflect.Map:
			walk(typ.Key(), path+"{key}")
			walk(typ.Elem(), path+"{}")
		case reflect.Interface:
			t.Errorf("%s is an interface, which could hold a time", path)
		}
	}
	walk(reflect.TypeFor[Report](), "Report")

	r := Evaluate(secureBucket, "data", failingBucket(), Policy{Today: time.Now()})
	assert.NotRegexp(t, `\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}`, mustJSON(t, r), "no timestamp in the JSON")
	assert.NotContains(t, mustJSON(t, r), time.Now().Format(time.DateOnly), "today's date is not in the report")
}

func TestPolicyVersion(t *testing.T) {
	base := Policy{
		Frameworks: []string{"nist-800-53-r5", "soc2"},
		Required:   []string{"s3-kms-cmk"},
		Waivers:    []Waiver{{Control: "s3-versioning", Reason: "r", Expires: "2027-03-31"}},
		Today:      day("2027-01-15"),
	}
	version := func(pol Policy) string { return Evaluate(secureBucket, "data", failingBucket(), pol).PolicyVersion }
	baseVersion := version(base)
	assert.Regexp(t, `^`+regexpQuote(CatalogVersion())+`\+[0-9a-f]{8}$`, baseVersion, "catalog version + digest")

	for _, tc := range []struct {
		name    string
		change  func(p *Policy)
		changes bool
	}{
		{"a different day keeps it", func(p *Policy) { p.Today = day("2027-03-01") }, false},
		{"an equal copy keeps it", func(p *Policy) {
			p.Frameworks = slices.Clone(p.Frameworks)
			p.Waivers = slices.Clone(p.Waivers)
		}, false},
		{"adding a framework changes it", func(p *Policy) { p.Frameworks = append(slices.Clone(p.Frameworks), "pci-dss-4.0") }, true},
		{"reordering frameworks changes it", func(p *Policy) { p.Frameworks = []string{"soc2", "nist-800-53-r5"} }, true},
		{"another required control changes it", func(p *Policy) { p.Required = []string{"s3-object-lock"} }, true},
		{"adding a waiver changes it", func(p *Policy) {
			p.Waivers = append(slices.Clone(p.Waivers), Waiver{Control: "s3-lifecycle", Reason: "r", Expires: "2027-03-31"})
		}, true},
		{"removing the waivers changes it", func(p *Policy) { p.Waivers = nil }, true},
		{"a waiver's new expiry changes it", func(p *Policy) {
			p.Waivers = []Waiver{{Control: "s3-versioning", Reason: "r", Expires: "2027-06-30"}}
		}, true},
		{"a waiver's new reason changes it", func(p *Policy) {
			p.Waivers = []Waiver{{Control: "s3-versioning", Reason: "other", Expires: "2027-03-31"}}
		}, true},
		{"limiting a waiver to a component changes it", func(p *Policy) {
			p.Waivers = []Waiver{{Control: "s3-versioning", Reason: "r", Expires: "2027-03-31", Component: "data"}}
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pol := base
			tc.change(&pol)
			if tc.changes {
				assert.NotEqual(t, baseVersion, version(pol))
			} else {
				assert.Equal(t, baseVersion, version(pol))
			}
		})
	}

	t.Run("the subjects and the component name keep it", func(t *testing.T) {
		assert.Equal(t, baseVersion, Evaluate(secureBucket, "other", secureBucketSubjects(), base).PolicyVersion)
		assert.Equal(t, baseVersion, Evaluate("orgiac:aws:SecureVpc", "net", nil, base).PolicyVersion)
	})
	t.Run("unset frameworks and the explicit defaults are the same policy", func(t *testing.T) {
		assert.Equal(t, version(Policy{}), version(Policy{Frameworks: slices.Clone(DefaultFrameworks)}))
	})
}

func regexpQuote(s string) string {
	return strings.NewReplacer(".", `\.`, "+", `\+`).Replace(s)
}

// TestGoldenReport pins the whole report of a SecureBucket-like component:
// a pass, a waived, a failing and a not-applicable control, in all five
// frameworks. Regenerate with `go test ./internal/compliance -update`.
func TestGoldenReport(t *testing.T) {
	subjects := secureBucketSubjects()
	delete(subjects[0].Related, TypeBucketLogging)                            // waived
	subjects[0].Props["objectLockEnabled"] = false                            // required by policy: fail
	delete(subjects[0].Related, TypeBucketObjectLock)                         //
	delete(subjects[0].Related, TypeBucketReplication)                        // optional: not-applicable
	subjects[0].Related[TypeBucketEncryption] = []Resource{sse("AES256", "")} // optional: not-applicable
	pol := Policy{
		Frameworks: allFrameworks(),
		Required:   []string{"s3-object-lock"},
		Waivers: []Waiver{
			{Control: "s3-access-logging", Reason: "the organization's log bucket cannot log to itself", Expires: "2027-03-31"},
			{Control: "s3-lifecycle", Reason: "unused: the control passes", Expires: "2027-03-31", Component: "other"},
		},
		Today: day("2026-11-26"),
	}
	r := Evaluate(secureBucket, "data", subjects, pol)
	got := mustJSON(t, r) + "\n"

	golden := filepath.Join("testdata", "report.golden.json")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run `go test ./internal/compliance -update` to create %s", golden)
	assert.Equal(t, string(want), got, "the report changed; if intended, run `go test ./internal/compliance -update`")

	var back Report
	require.NoError(t, json.Unmarshal(want, &back))
	assert.Equal(t, Summary{Pass: 7, Fail: 1, Waived: 1, NotApplicable: 2}, back.Summary, "the golden file covers every status")
}

func TestProblems(t *testing.T) {
	subjects := failingBucket()
	delete(subjects[0].Related, TypeBucketLogging)
	r := Evaluate(secureBucket, "data", subjects, Policy{})
	require.Equal(t, []string{"s3-access-logging", "s3-versioning"}, ids(r.Failures()))

	probs := Problems(r).Items()
	require.Len(t, probs, 2, "one problem per failing control, none for not-applicable ones")
	for i, c := range r.Failures() {
		p := probs[i]
		t.Run(c.ID, func(t *testing.T) {
			ctl, _ := Lookup(c.ID)
			assert.Equal(t, c.ID, p.Rule.Code, "the rule code is the control id")
			assert.Equal(t, ctl.Input, p.Path, "the path is the input to change")
			msg := p.Error()
			assert.True(t, strings.HasPrefix(msg, ctl.Input+": "), "starts with the input path: %s", msg)
			assert.Contains(t, msg, c.ID)
			assert.Contains(t, msg, `"`+ctl.Title+`"`)
			assert.Contains(t, msg, ctl.Severity)
			assert.Contains(t, msg, c.Reason)
			assert.Contains(t, msg, "fix: set "+ctl.Setting)
		})
	}
	err := Problems(r).AsError(`orgiac:aws:SecureBucket "data"`)
	assert.Equal(t, []string{"s3-access-logging", "s3-versioning"}, problem.Codes(err))

	t.Run("waived, passing and not-applicable controls are no problem", func(t *testing.T) {
		pol := Policy{Waivers: []Waiver{
			{Control: "s3-access-logging", Reason: "r", Expires: "2027-03-31"},
			{Control: "s3-versioning", Reason: "r", Expires: "2027-03-31"},
		}, Today: day("2027-01-15")}
		assert.Zero(t, Problems(Evaluate(secureBucket, "data", subjects, pol)).Len())
		assert.Zero(t, Problems(Evaluate(secureBucket, "data", secureBucketSubjects(), Policy{})).Len())
	})
	t.Run("every control is a registered problem rule", func(t *testing.T) {
		codes := map[string]bool{}
		for _, rule := range problem.Rules() {
			codes[rule.Code] = true
		}
		for _, c := range Controls() {
			assert.True(t, codes[c.ID], c.ID)
		}
	})
}
