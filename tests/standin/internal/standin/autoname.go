package standin

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// defaultsKey is the input key in which Check records which properties it
// filled in itself, as the Terraform bridge does. Diff ignores it, and the next
// Check uses it to tell an autonamed value (safe to reuse) from one the program
// once set explicitly.
const defaultsKey = "__defaults"

// autoNameSuffixLen is the number of random characters Pulumi appends to a
// logical name when autonaming.
const autoNameSuffixLen = 7

// applyAutoName fills in rule.Property in news when the program did not set
// it, emulating Pulumi autonaming:
//
//   - explicit name: kept as is;
//   - prefix set: prefix + 26-digit unique suffix (Terraform's PrefixedUniqueId);
//   - neither: rule.Prefix + logical name + "-" + 7 random hex characters.
//
// A name Check generated before (recorded in olds) is reused as long as the
// prefix did not change, so a second `pulumi up` sees no change.
func applyAutoName(rule *AutoName, logicalName string, olds, news property.Map) property.Map {
	if v, ok := news.GetOk(rule.Property); ok && (!v.IsNull() || v.Secret()) {
		return news.Set(defaultsKey, stringList(nil))
	}
	defaulted := stringList([]string{rule.Property})

	if old := stringOf(olds.Get(rule.Property)); old != "" && wasDefaulted(olds, rule.Property) &&
		(rule.PrefixProperty == "" || samePlain(olds.Get(rule.PrefixProperty), news.Get(rule.PrefixProperty))) {
		return news.Set(rule.Property, property.New(old)).Set(defaultsKey, defaulted)
	}

	if rule.PrefixProperty != "" {
		prefix := news.Get(rule.PrefixProperty)
		if prefix.IsComputed() {
			return news.Set(rule.Property, property.New(property.Computed)).Set(defaultsKey, defaulted)
		}
		if p := stringOf(prefix); p != "" {
			return news.Set(rule.Property, property.New(p+UniqueSuffix())).Set(defaultsKey, defaulted)
		}
	}

	return news.Set(rule.Property, property.New(autoName(rule, logicalName))).Set(defaultsKey, defaulted)
}

// autoName builds rule.Prefix + logical name + "-" + random suffix, trimming
// the logical name so the whole fits rule.MaxLength. The rule's
// AlphanumericOnly, NoSeparator and SuffixLength adjust the shape for clouds
// that name things differently (azure-native: "vnet1a2b3c4d").
func autoName(rule *AutoName, logicalName string) string {
	base := logicalName
	if rule.AlphanumericOnly {
		base = strings.Map(func(r rune) rune {
			if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				return r
			}
			return -1
		}, base)
	}
	if rule.Lowercase {
		base = strings.ToLower(base)
	}
	sep := "-"
	if rule.NoSeparator {
		sep = ""
	}
	suffixLen := autoNameSuffixLen
	if rule.SuffixLength > 0 {
		suffixLen = rule.SuffixLength
	}
	if rule.MaxLength > 0 {
		room := rule.MaxLength - len(rule.Prefix) - len(sep) - suffixLen
		if room < 1 {
			room = 1
		}
		if len(base) > room {
			base = base[:room]
		}
	}
	return rule.Prefix + base + sep + RandomHex(suffixLen)
}

// wasDefaulted reports whether olds records key as filled in by Check. Old
// inputs without any __defaults (written by something else) are trusted.
func wasDefaulted(olds property.Map, key string) bool {
	d, ok := olds.GetOk(defaultsKey)
	if !ok || !d.IsArray() {
		return true
	}
	for _, e := range d.AsArray().All {
		if stringOf(e) == key {
			return true
		}
	}
	return false
}

// stringList builds an array value of strings (never null).
func stringList(items []string) property.Value {
	vals := make([]property.Value, 0, len(items))
	for _, s := range items {
		vals = append(vals, property.New(s))
	}
	return property.New(property.NewArray(vals))
}
