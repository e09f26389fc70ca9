package compliance

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

// AWS's tag characters: Unicode letters, whitespace, digits and _ . : / = + - @;
// keys 1-128 characters, values up to 256 (standards holds the limits).
var (
	awsTagKey   = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$`)
	awsTagValue = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$`)
)

func assertAWSTags(t *testing.T, tags map[string]string) {
	t.Helper()
	for k, v := range tags {
		assert.Regexp(t, awsTagKey, k, "key")
		assert.LessOrEqual(t, len(k), standards.AWSMaxKeyLength, "key %s is at most 128 bytes", k)
		assert.False(t, strings.HasPrefix(strings.ToLower(k), "aws:"), "key %s is not reserved", k)
		assert.Regexp(t, awsTagValue, v, "value of %s", k)
		assert.LessOrEqual(t, len(v), standards.AWSMaxValueLength, "value of %s is at most 256 bytes", k)
	}
}

// report builds a report by hand: each control is a status and its ids.
func reportWith(frameworks []string, controls ...ControlResult) Report {
	return Report{Frameworks: frameworks, Controls: controls}
}

func result(id, status string, frameworks map[string][]string) ControlResult {
	return ControlResult{ID: id, Status: status, Frameworks: frameworks}
}

func TestTags(t *testing.T) {
	const nist, hipaa, pci = "nist-800-53-r5", "hipaa-security", "pci-dss-4.0"
	for _, tc := range []struct {
		name   string
		report Report
		want   map[string]string
	}{
		{
			name:   "no frameworks gives no tags",
			report: reportWith(nil, result("a", StatusPass, map[string][]string{nist: {"AC-3"}})),
			want:   map[string]string{},
		},
		{
			name:   "compliance:frameworks lists the frameworks in report order",
			report: reportWith([]string{nist, hipaa}),
			want:   map[string]string{"compliance:frameworks": "nist-800-53-r5 hipaa-security"},
		},
		{
			name: "a framework tag holds sorted unique ids of pass and waived controls only",
			report: reportWith([]string{nist},
				result("a", StatusPass, map[string][]string{nist: {"SC-8", "AC-3"}}),
				result("b", StatusWaived, map[string][]string{nist: {"AC-3", "AU-2"}}),
				result("c", StatusFail, map[string][]string{nist: {"CM-7"}}),
				result("d", StatusNotApplicable, map[string][]string{nist: {"SI-4"}}),
			),
			want: map[string]string{
				"compliance:frameworks":     "nist-800-53-r5",
				"compliance:nist-800-53-r5": "AC-3 AU-2 SC-8",
			},
		},
		{
			name: "HIPAA ids are sanitised for AWS",
			report: reportWith([]string{hipaa},
				result("a", StatusPass, map[string][]string{hipaa: {"164.312(a)(2)(iv)", "164.312(b)"}}),
				result("b", StatusPass, map[string][]string{hipaa: {"164.308(a)(7)(ii)(A)"}}),
			),
			want: map[string]string{
				"compliance:frameworks":     "hipaa-security",
				"compliance:hipaa-security": "164.308.a.7.ii.A 164.312.a.2.iv 164.312.b",
			},
		},
		{
			name: "a framework with only failing controls gets no tag",
			report: reportWith([]string{nist, pci},
				result("a", StatusPass, map[string][]string{nist: {"AC-3"}}),
				result("b", StatusFail, map[string][]string{pci: {"1.3.1"}}),
			),
			want: map[string]string{
				"compliance:frameworks":     "nist-800-53-r5 pci-dss-4.0",
				"compliance:nist-800-53-r5": "AC-3",
			},
		},
		{
			name: "ids of a framework not selected are not tagged",
			report: reportWith([]string{nist},
				result("a", StatusPass, map[string][]string{nist: {"AC-3"}, pci: {"1.3.1"}}),
			),
			want: map[string]string{
				"compliance:frameworks":     "nist-800-53-r5",
				"compliance:nist-800-53-r5": "AC-3",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Tags(tc.report)
			assert.Equal(t, tc.want, got)
			assertAWSTags(t, got)
			assert.LessOrEqual(t, len(got), TagCount(tc.report.Frameworks), "TagCount is an upper bound")
		})
	}
}

func TestSanitizeAWSTagValue(t *testing.T) {
	for in, want := range map[string]string{
		"164.312(a)(2)(iv)":    "164.312.a.2.iv",
		"164.308(a)(7)(ii)(A)": "164.308.a.7.ii.A",
		"SC-8(1)":              "SC-8.1",
		"CC6.1":                "CC6.1",
		"2.1.4":                "2.1.4",
		"a,b;c*d":              "a-b-c-d",
		"keep _.:/=+-@ as is":  "keep _.:/=+-@ as is",
	} {
		t.Run(in, func(t *testing.T) {
			assert.Equal(t, want, SanitizeAWSTagValue(in))
			assert.Regexp(t, awsTagValue, SanitizeAWSTagValue(in))
		})
	}
}

// idsJoiningTo returns ids of the form ID-NNN whose space-joined length is
// exactly total, padding the last id.
func idsJoiningTo(total int) []string {
	var ids []string
	length := -1
	for length+1+6 <= total-7 { // leave room for a last id of at least 6
		id := fmt.Sprintf("ID-%03d", len(ids))
		ids = append(ids, id)
		length += 1 + len(id)
	}
	last := fmt.Sprintf("ID-%03d", len(ids))
	last += strings.Repeat("x", total-(length+1)-len(last))
	return append(ids, last)
}

// unpack splits a packed value into its kept ids and the "+N more" count.
func unpack(t *testing.T, v string) (kept []string, more int) {
	t.Helper()
	fields := strings.Fields(v)
	if n := len(fields); n >= 2 && fields[n-1] == "more" && strings.HasPrefix(fields[n-2], "+") {
		more, err := strconv.Atoi(fields[n-2][1:])
		require.NoError(t, err)
		return fields[:n-2], more
	}
	return fields, 0
}

func TestPack(t *testing.T) {
	exact := idsJoiningTo(maxTagValue)
	require.Len(t, strings.Join(exact, " "), standards.AWSMaxValueLength, "fixture joins to exactly 256")

	t.Run("a list that fits exactly 256 is kept whole", func(t *testing.T) {
		assert.Equal(t, strings.Join(exact, " "), pack(exact))
	})
	t.Run("one id more is summarised as +N more within 256", func(t *testing.T) {
		ids := append(append([]string{}, exact...), "ID-999")
		got := pack(ids)
		assert.LessOrEqual(t, len(got), maxTagValue)
		assert.Regexp(t, `^ID-\S+( ID-\S+)* \+\d+ more$`, got)
		kept, more := unpack(t, got)
		assert.Equal(t, ids[:len(kept)], kept, "pack keeps a prefix of the ids")
		assert.Equal(t, len(ids), len(kept)+more, "the count is right")
		assert.Equal(t, 2, more, `the last id and the one dropped to make room for " +2 more"`)
	})
	t.Run("a single id longer than 256 becomes +1 more", func(t *testing.T) {
		assert.Equal(t, "+1 more", pack([]string{strings.Repeat("x", 300)}))
	})
	t.Run("an empty list is empty", func(t *testing.T) {
		assert.Equal(t, "", pack(nil))
	})
	t.Run("every length keeps a prefix within 256 and counts the rest", func(t *testing.T) {
		for n := 1; n <= 150; n++ {
			var ids []string
			for i := range n {
				ids = append(ids, fmt.Sprintf("164.312.a.%d", i)) // 11-13 characters
			}
			got := pack(ids)
			require.LessOrEqual(t, len(got), maxTagValue, "n=%d", n)
			kept, more := unpack(t, got)
			require.Equal(t, ids[:len(kept)], kept, "n=%d", n)
			require.Equal(t, n, len(kept)+more, "n=%d", n)
			if more > 0 {
				// Keeping one more id would not have fit.
				longer := strings.Join(ids[:len(kept)+1], " ") + fmt.Sprintf(" +%d more", more-1)
				if more-1 == 0 {
					longer = strings.Join(ids, " ")
				}
				require.Greater(t, len(longer), maxTagValue, "n=%d keeps as many ids as fit", n)
			}
		}
	})
}

func TestTagsPackOverflowingFrameworkIDs(t *testing.T) {
	const nist = "nist-800-53-r5"
	var controls []ControlResult
	for i := range 80 {
		controls = append(controls, result(fmt.Sprintf("c%02d", i), StatusPass,
			map[string][]string{nist: {fmt.Sprintf("SC-%d(%d)", i%30+1, i)}}))
	}
	tags := Tags(reportWith([]string{nist}, controls...))
	v := tags["compliance:"+nist]
	assert.LessOrEqual(t, len(v), maxTagValue)
	kept, more := unpack(t, v)
	assert.Positive(t, more)
	assert.Equal(t, 80, len(kept)+more, "every id is either shown or counted")
	assertAWSTags(t, tags)
}

func TestTagCount(t *testing.T) {
	assert.Equal(t, 0, TagCount(nil), "no frameworks, no tags")
	assert.Equal(t, 2, TagCount([]string{"soc2"}))

	all := allFrameworks()
	assert.Equal(t, 7, TagCount(all), "compliance:frameworks and one tag per framework")
	required := standards.RequiredTags(standards.Identity{
		Organization: "o", Environment: "e", Project: "p", Owner: "w", CostCenter: "c",
	})
	required[standards.TagName] = "n"
	assert.Len(t, required, 7, "every required tag, with Owner, CostCenter and Name")
	assert.LessOrEqual(t, TagCount(all)+len(required), standards.AWSMaxTags-30,
		"all six frameworks and the required tags leave at least 30 tags for the user under AWS's 50")

	// A compliant SecureBucket has ids in every framework but CIS Azure, so
	// the bound is exact for the others.
	awsFrameworks := slices.DeleteFunc(slices.Clone(all), func(f string) bool { return f == "cis-azure-foundations-2.1" })
	for _, frameworks := range [][]string{awsFrameworks, DefaultFrameworks, {"hipaa-security", "soc2"}} {
		t.Run(strings.Join(frameworks, ","), func(t *testing.T) {
			r := Evaluate("orgiac:aws:SecureBucket", "data", secureBucketSubjects(), Policy{Frameworks: frameworks})
			require.Zero(t, r.Summary.Fail)
			tags := Tags(r)
			assert.Len(t, tags, TagCount(frameworks))
			assertAWSTags(t, tags)
		})
	}
}
