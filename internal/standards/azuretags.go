package standards

import (
	"fmt"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// Azure tag limits.
const (
	AzureMaxTags        = 50
	AzureMaxNameLength  = 512
	AzureMaxValueLength = 256
)

// azureForbiddenNameChars are the characters Azure refuses in tag names.
const azureForbiddenNameChars = `<>%&\?/`

var (
	RuleAzureTagName = problem.Define("TAG101",
		"Azure tag names are 1 to 512 characters without < > % & \\ ? /",
		"rename the tag without those characters, for example with -")
	RuleAzureTagValue = problem.Define("TAG102",
		"Azure tag values are at most 256 characters",
		"shorten the value to at most 256 characters")
	RuleAzureTagCount = problem.Define("TAG103",
		"an Azure resource carries at most 50 tags",
		"remove tags from the component's tags or from orgiac:defaultTags")
)

// ValidateAzureTags checks each tag against Azure's rules. User tags fail
// clearly rather than being rewritten, so what is deployed is what was
// written.
func ValidateAzureTags(path string, tags map[string]string) problem.List {
	var probs problem.List
	for _, k := range sortedKeys(tags) {
		at := fmt.Sprintf("%s[%q]", path, k)
		switch n := len([]rune(k)); {
		case n == 0:
			probs.Addf(RuleAzureTagName, at, nil, "tag name is empty")
		case n > AzureMaxNameLength:
			probs.Addf(RuleAzureTagName, at, nil, "tag name is %d characters long, over the limit of %d", n, AzureMaxNameLength)
		}
		if i := strings.IndexAny(k, azureForbiddenNameChars); i >= 0 {
			probs.Addf(RuleAzureTagName, at, nil, "tag name has the character %q, which Azure forbids", k[i])
		}
		if n := len([]rune(tags[k])); n > AzureMaxValueLength {
			probs.Addf(RuleAzureTagValue, at, nil, "tag value is %d characters long, over the limit of %d", n, AzureMaxValueLength)
		}
	}
	return probs
}

// CheckAzureTagCount fails when the effective tags exceed Azure's limit.
func CheckAzureTagCount(path string, effective map[string]string) problem.List {
	var probs problem.List
	if n := len(effective); n > AzureMaxTags {
		probs.Addf(RuleAzureTagCount, path, nil, "the resource would carry %d tags, over the limit of %d", n, AzureMaxTags)
	}
	return probs
}
