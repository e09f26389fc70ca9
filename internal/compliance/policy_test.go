package compliance

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// found renders problems as "CODE path" for compact expectations.
func found(l problem.List) []string {
	out := []string{}
	for _, p := range l.Items() {
		out = append(out, p.Rule.Code+" "+p.Path)
	}
	return out
}

func okWaiver() Waiver {
	return Waiver{Control: "s3-access-logging", Reason: "the log bucket", Expires: "2027-03-31"}
}

func TestValidatePolicy(t *testing.T) {
	for _, tc := range []struct {
		name       string
		frameworks []string
		required   []string
		waivers    []Waiver
		want       []string
	}{
		{
			name:       "a valid policy has no problems",
			frameworks: allFrameworks(),
			required:   []string{"s3-kms-cmk", "s3-object-lock"},
			waivers:    []Waiver{okWaiver(), {Control: "vpc-flow-logs", Reason: "r", Expires: "2026-12-31", Component: "net"}},
			want:       []string{},
		},
		{
			name: "an empty policy has no problems",
			want: []string{},
		},
		{
			name:       "an unknown framework is CMP001 at its index",
			frameworks: []string{"nist-800-53-r5", "iso-27001", "NIST-800-53-R5"},
			want:       []string{"CMP001 orgiac:frameworks[1]", "CMP001 orgiac:frameworks[2]"},
		},
		{
			name:     "an unknown required control is CMP002 at its index",
			required: []string{"s3-versioning", "s3-encryption"},
			want:     []string{"CMP002 orgiac:requiredControls[1]"},
		},
		{
			name:    "a waiver of an unknown control is CMP002 at its control",
			waivers: []Waiver{okWaiver(), {Control: "s3-logging", Reason: "r", Expires: "2027-03-31"}},
			want:    []string{"CMP002 orgiac:waivers[1].control"},
		},
		{
			name: "a waiver date that is not YYYY-MM-DD is CMP003 at its expires",
			waivers: []Waiver{
				okWaiver(),
				{Control: "s3-versioning", Reason: "r", Expires: "31/03/2027"},
				{Control: "s3-versioning", Reason: "r", Expires: "2027-3-31"},
				{Control: "s3-versioning", Reason: "r", Expires: "2027-02-30"},
				{Control: "s3-versioning", Reason: "r", Expires: "2027-03-31T00:00:00Z"},
				{Control: "s3-versioning", Reason: "r", Expires: ""},
			},
			want: []string{
				"CMP003 orgiac:waivers[1].expires", "CMP003 orgiac:waivers[2].expires", "CMP003 orgiac:waivers[3].expires",
				"CMP003 orgiac:waivers[4].expires", "CMP003 orgiac:waivers[5].expires",
			},
		},
		{
			name:    "a waiver without a reason is CMP004 at its reason",
			waivers: []Waiver{okWaiver(), {Control: "s3-versioning", Expires: "2027-03-31"}},
			want:    []string{"CMP004 orgiac:waivers[1].reason"},
		},
		{
			name:    "every problem of one waiver is reported, in field order",
			waivers: []Waiver{{Control: "nope", Expires: "soon"}},
			want:    []string{"CMP002 orgiac:waivers[0].control", "CMP004 orgiac:waivers[0].reason", "CMP003 orgiac:waivers[0].expires"},
		},
		{
			name:       "problems of every part are reported together",
			frameworks: []string{"pci"},
			required:   []string{"eks"},
			waivers:    []Waiver{{Control: "s3-versioning", Reason: "r", Expires: "2027-13-01"}},
			want:       []string{"CMP001 orgiac:frameworks[0]", "CMP002 orgiac:requiredControls[0]", "CMP003 orgiac:waivers[0].expires"},
		},
		{
			name:    "an expired waiver is valid: expiry is judged when evaluating",
			waivers: []Waiver{{Control: "s3-versioning", Reason: "r", Expires: "2001-01-01"}},
			want:    []string{},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ValidatePolicy("orgiac:frameworks", tc.frameworks, "orgiac:requiredControls", tc.required,
				"orgiac:waivers", tc.waivers)
			assert.Equal(t, tc.want, found(got))
		})
	}
}

func TestValidateWaiversNamesInputPaths(t *testing.T) {
	got := ValidateWaivers("waivers", []Waiver{okWaiver(), {Control: "s3-versioning", Reason: "r", Expires: "tomorrow"}})
	assert.Equal(t, []string{"CMP003 waivers[1].expires"}, found(got))
	msg := got.Items()[0].Error()
	assert.Equal(t, `waivers[1].expires: "tomorrow" is not a YYYY-MM-DD date [CMP003]; fix: write the last day the waiver counts, e.g. 2027-03-31`, msg)
}

func TestPolicyProblemMessagesNameValueCodeAndFix(t *testing.T) {
	got := ValidatePolicy("orgiac:frameworks", []string{"iso"}, "orgiac:requiredControls", []string{"x"},
		"orgiac:waivers", []Waiver{{Control: "s3-versioning", Expires: "2027-03-31"}})
	var msgs []string
	for _, p := range got.Items() {
		msgs = append(msgs, p.Error())
	}
	assert.Equal(t, []string{
		`orgiac:frameworks[0]: "iso" is not a known framework [CMP001]; fix: use cis-aws-foundations-3.0, cis-azure-foundations-2.1, nist-800-53-r5, pci-dss-4.0, hipaa-security or soc2`,
		`orgiac:requiredControls[0]: "x" is not a known control [CMP002]; fix: use an id listed in docs/compliance.md, e.g. s3-versioning`,
		`orgiac:waivers[0].reason: is empty [CMP004]; fix: say why the control is accepted, e.g. "log bucket of the org; logs to itself are a loop"`,
	}, msgs)
}

func TestCMP001FixNamesEveryFramework(t *testing.T) {
	for _, f := range Frameworks() {
		assert.Contains(t, RuleUnknownFramework.Fix, f.ID, "the fix lists %s", f.ID)
	}
}
