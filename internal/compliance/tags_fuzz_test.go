package compliance

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

// FuzzTagPacking checks that sanitised framework ids always meet AWS's tag
// rules and that packing never exceeds 256 characters, whatever the ids.
func FuzzTagPacking(f *testing.F) {
	f.Add("164.312(a)(2)(iv)", 3)
	f.Add("SC-28(1)", 200)
	f.Add("<script>&%?/\\", 1)
	f.Add(strings.Repeat("x", 300), 2)
	f.Fuzz(func(t *testing.T, id string, n int) {
		if !utf8.ValidString(id) {
			return
		}
		n = n%300 + 1
		if n < 1 {
			n = -n + 1
		}
		s := SanitizeAWSTagValue(id)
		ids := make([]string, n)
		for i := range ids {
			ids[i] = s
		}
		packed := pack(ids)
		if len(packed) > maxTagValue && len([]rune(packed)) > standards.AWSMaxValueLength {
			t.Fatalf("packed value is %d characters", len(packed))
		}
		if probs := standards.ValidateAWSTags("t", map[string]string{"k": s}); probs.Len() > 0 && len([]rune(s)) <= standards.AWSMaxValueLength {
			t.Fatalf("sanitised %q is not a valid tag value: %v", s, probs.Items())
		}
	})
}
