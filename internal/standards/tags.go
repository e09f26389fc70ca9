package standards

import (
	"fmt"
	"maps"
	"regexp"
	"sort"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// The required tag keys. ManagedBy is always "pulumi".
const (
	TagOrganization = "Organization"
	TagEnvironment  = "Environment"
	TagProject      = "Project"
	TagManagedBy    = "ManagedBy"
	TagOwner        = "Owner"
	TagCostCenter   = "CostCenter"
	TagName         = "Name"
)

// AWS tag limits (the same for every taggable AWS resource orgiac creates).
const (
	AWSMaxTags        = 50
	AWSMaxKeyLength   = 128
	AWSMaxValueLength = 256
)

// Identity is what the required tags are computed from.
type Identity struct {
	Organization string
	Environment  string
	Project      string
	Owner        string
	CostCenter   string
}

// RequiredTags returns the tags every taggable child carries. Owner and
// CostCenter appear only when set, so an organization that does not use them
// does not get empty tags.
func RequiredTags(id Identity) map[string]string {
	tags := map[string]string{
		TagOrganization: id.Organization,
		TagEnvironment:  id.Environment,
		TagProject:      id.Project,
		TagManagedBy:    "pulumi",
	}
	if id.Owner != "" {
		tags[TagOwner] = id.Owner
	}
	if id.CostCenter != "" {
		tags[TagCostCenter] = id.CostCenter
	}
	return tags
}

var (
	RuleTagOverride = problem.Define("TAG001",
		"a user tag may not override a required tag in enforce mode",
		"remove the tag; required tags come from the orgiac provider configuration")
	RuleTagKeyLength = problem.Define("TAG002",
		"AWS tag keys are 1 to 128 characters",
		"shorten the key to at most 128 characters")
	RuleTagValueLength = problem.Define("TAG003",
		"AWS tag values are at most 256 characters",
		"shorten the value to at most 256 characters")
	RuleTagKeyChars = problem.Define("TAG004",
		"AWS tag keys use letters, digits, spaces and _ . : / = + - @",
		"replace the other characters, for example with -")
	RuleTagValueChars = problem.Define("TAG005",
		"AWS tag values use letters, digits, spaces and _ . : / = + - @",
		"replace the other characters, for example with -")
	RuleTagReservedPrefix = problem.Define("TAG006",
		"AWS reserves tag keys that start with aws:",
		"choose a key without the aws: prefix")
	RuleTagCount = problem.Define("TAG007",
		"an AWS resource carries at most 50 tags",
		"remove tags from the component's tags or from orgiac:defaultTags")
)

// awsTagChars is AWS's documented tag character set: Unicode letters, digits,
// whitespace and _ . : / = + - @.
var awsTagChars = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)

// TagSource is one layer of user tags and the property path that names it.
type TagSource struct {
	Path string // e.g. `tags` or `orgiac:defaultTags`
	Tags map[string]string
}

// MergeTags layers the sources in order (later wins) and then the required
// tags. An attempt to change a required tag is a breach: in enforce mode the
// required value wins (and the breach fails the component); in audit and off
// mode the user's value wins. Keys match required ones case-insensitively,
// because `environment` next to `Environment` defeats cost reports just as
// surely as an override does.
func MergeTags(mode Enforcement, required map[string]string, sources ...TagSource) (map[string]string, problem.List) {
	var breaches problem.List
	lowerRequired := make(map[string]string, len(required))
	for k := range required {
		lowerRequired[strings.ToLower(k)] = k
	}
	out := map[string]string{}
	for _, src := range sources {
		for _, k := range sortedKeys(src.Tags) {
			v := src.Tags[k]
			if rk, ok := lowerRequired[strings.ToLower(k)]; ok && (rk != k || required[rk] != v) {
				breaches.Add(problem.Problem{
					Rule:   RuleTagOverride,
					Path:   fmt.Sprintf("%s[%q]", src.Path, k),
					Value:  v,
					Detail: fmt.Sprintf("would override the required tag %s=%q", rk, required[rk]),
				})
				if mode == Enforce {
					continue
				}
			}
			out[k] = v
		}
	}
	for k, v := range required {
		if mode != Enforce && hasKeyFold(out, k) {
			continue // audit and off: the user's value stands, and was recorded
		}
		out[k] = v
	}
	return out, breaches
}

func hasKeyFold(m map[string]string, key string) bool {
	for k := range m {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}

// ValidateAWSTags checks each tag against AWS's rules, naming each offender
// at path[key].
func ValidateAWSTags(path string, tags map[string]string) problem.List {
	var probs problem.List
	for _, k := range sortedKeys(tags) {
		v := tags[k]
		at := fmt.Sprintf("%s[%q]", path, k)
		switch n := len([]rune(k)); {
		case n == 0:
			probs.Addf(RuleTagKeyLength, at, nil, "tag key is empty")
		case n > AWSMaxKeyLength:
			probs.Addf(RuleTagKeyLength, at, nil, "tag key is %d characters long, over the limit of %d", n, AWSMaxKeyLength)
		}
		if !awsTagChars.MatchString(k) {
			probs.Addf(RuleTagKeyChars, at, nil, "tag key has characters AWS does not allow")
		}
		if strings.HasPrefix(strings.ToLower(k), "aws:") {
			probs.Addf(RuleTagReservedPrefix, at, nil, "tag key uses the reserved aws: prefix")
		}
		if n := len([]rune(v)); n > AWSMaxValueLength {
			probs.Addf(RuleTagValueLength, at, nil, "tag value is %d characters long, over the limit of %d", n, AWSMaxValueLength)
		}
		if !awsTagChars.MatchString(v) {
			probs.Addf(RuleTagValueChars, at, v, "tag value has characters AWS does not allow")
		}
	}
	return probs
}

// CheckAWSTagCount fails when the effective tags exceed AWS's per-resource
// limit. reserve counts tags that are added later (such as Name).
func CheckAWSTagCount(path string, effective map[string]string, reserve int) problem.List {
	var probs problem.List
	if n := len(effective) + reserve; n > AWSMaxTags {
		probs.Addf(RuleTagCount, path, nil,
			"the resource would carry %d tags (required, default and component tags together), over the limit of %d", n, AWSMaxTags)
	}
	return probs
}

// WithName returns a copy of tags with the Name tag set, unless the user set
// one themselves.
func WithName(tags map[string]string, name string) map[string]string {
	out := maps.Clone(tags)
	if out == nil {
		out = map[string]string{}
	}
	if _, ok := out[TagName]; !ok {
		out[TagName] = name
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
