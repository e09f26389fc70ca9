package compliance

import (
	"fmt"
	"slices"
	"strings"
)

// Tag keys and limits. One tag per control would overflow AWS's 50 tags, so
// the ids are packed per framework; the full mapping is in the report.
const (
	TagFrameworks = "compliance:frameworks"
	tagPrefix     = "compliance:"
	maxTagValue   = 256
)

// Tags returns the compliance tags for a report: compliance:frameworks, and
// one compliance:<framework> per framework holding the framework ids of the
// controls that apply (pass or waived), sanitised for AWS and packed into 256
// characters with a "+N more" summary when they overflow.
func Tags(r Report) map[string]string {
	if len(r.Frameworks) == 0 {
		return map[string]string{}
	}
	tags := map[string]string{TagFrameworks: pack(r.Frameworks)}
	for _, fw := range r.Frameworks {
		var ids []string
		for _, c := range r.Controls {
			if c.Status == StatusPass || c.Status == StatusWaived {
				ids = append(ids, c.Frameworks[fw]...)
			}
		}
		if len(ids) == 0 {
			continue
		}
		for i, id := range ids {
			ids[i] = SanitizeAWSTagValue(id)
		}
		slices.Sort(ids)
		tags[tagPrefix+SanitizeAWSTagValue(fw)] = pack(slices.Compact(ids))
	}
	return tags
}

// TagCount is how many tags Tags adds for the given frameworks, at most; a
// component reserves them before checking AWS's 50-tag limit.
func TagCount(frameworks []string) int {
	if len(frameworks) == 0 {
		return 0
	}
	return 1 + len(frameworks)
}

// pack joins ids with spaces into at most 256 characters. When they do not
// fit, it keeps as many as leave room for " +N more".
func pack(ids []string) string {
	joined := strings.Join(ids, " ")
	if len(joined) <= maxTagValue {
		return joined
	}
	for keep := len(ids) - 1; keep >= 0; keep-- {
		s := strings.Join(ids[:keep], " ")
		suffix := fmt.Sprintf("+%d more", len(ids)-keep)
		if s != "" {
			suffix = " " + suffix
		}
		if len(s)+len(suffix) <= maxTagValue {
			return s + suffix
		}
	}
	return fmt.Sprintf("+%d more", len(ids))
}

// SanitizeAWSTagValue maps a framework id to AWS's tag characters: HIPAA's
// "164.312(a)(2)(iv)" becomes "164.312.a.2.iv"; other disallowed characters
// become "-".
func SanitizeAWSTagValue(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '(':
			b.WriteByte('.')
		case r == ')':
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9',
			strings.ContainsRune(" _.:/=+-@", r):
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}
