package compliance

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
	"github.com/orgiac/pulumi-orgiac/internal/version"
)

func TestAssess(t *testing.T) {
	subjects := failingBucket() // s3-versioning fails
	pol := Policy{Frameworks: []string{"soc2"}, Today: day("2027-01-15")}

	t.Run("enforce turns each failing control into a problem", func(t *testing.T) {
		r, failures, warnings := Assess(standards.Enforce, secureBucket, "data", subjects, pol)
		assert.Equal(t, "enforce", r.Enforcement)
		assert.Equal(t, version.Version, r.ProviderVersion)
		assert.Equal(t, []string{"s3-versioning"}, codes(failures.Items()))
		assert.Empty(t, warnings)
		assert.Equal(t, 1, r.Summary.Fail, "the report records the failure too")
	})
	t.Run("audit warns about each failing control and fails nothing", func(t *testing.T) {
		r, failures, warnings := Assess(standards.Audit, secureBucket, "data", subjects, pol)
		assert.Equal(t, "audit", r.Enforcement)
		assert.Zero(t, failures.Len())
		if assert.Len(t, warnings, 1) {
			assert.True(t, strings.HasPrefix(warnings[0], "audit: "), warnings[0])
			assert.Contains(t, warnings[0], "s3-versioning")
		}
		assert.Equal(t, 1, r.Summary.Fail, "the report records the failure")
	})
	t.Run("off evaluates nothing and says so", func(t *testing.T) {
		r, failures, warnings := Assess(standards.Off, secureBucket, "data", subjects, pol)
		assert.Equal(t, Report{
			Frameworks: []string{"soc2"}, Controls: []ControlResult{}, Enforcement: "off",
			PolicyVersion: Evaluate(secureBucket, "data", subjects, pol).PolicyVersion, ProviderVersion: version.Version,
		}, r)
		assert.Zero(t, failures.Len())
		assert.Empty(t, warnings)
		assert.Equal(t, map[string]string{"compliance:frameworks": "soc2"}, Tags(r), "no framework ids are claimed")
	})
	t.Run("a waived failure is neither a problem nor a warning", func(t *testing.T) {
		waived := pol
		waived.Waivers = []Waiver{{Control: "s3-versioning", Reason: "r", Expires: "2027-03-31"}}
		for _, mode := range []standards.Enforcement{standards.Enforce, standards.Audit} {
			_, failures, warnings := Assess(mode, secureBucket, "data", subjects, waived)
			assert.Zero(t, failures.Len(), mode)
			assert.Empty(t, warnings, mode)
		}
	})
}

func codes(ps []problem.Problem) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Rule.Code)
	}
	return out
}
