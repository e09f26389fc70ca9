package compliance

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGitTags_AreTheStableFieldsAsValidTagValues(t *testing.T) {
	assert.Empty(t, GitTags(nil), "no provenance, no tags")
	tags := GitTags(&GitProvenance{Repository: "https://git.example.com/acme/infra~x.git", Path: ".",
		Commit: "abc", Branch: "main", Dirty: true})
	assert.Equal(t, map[string]string{TagGitRepository: "https://git.example.com/acme/infra-x.git", TagGitPath: "."}, tags,
		"only the repository and the path, with characters AWS refuses replaced")
	assert.LessOrEqual(t, len(tags), GitTagCount)

	long := GitTags(&GitProvenance{Repository: "https://h/" + strings.Repeat("a", 300), Path: "p"})
	assert.Len(t, long[TagGitRepository], 256, "cut to the tag value limit")
	assert.NotContains(t, GitTags(&GitProvenance{Path: "p"}), TagGitRepository, "no remote, no repository tag")
}

// A Deployment's aggregate report keeps its modules' audit trail.
func TestAggregate_KeepsTheAuditTrail(t *testing.T) {
	a := &Audit{ProviderVersion: "1.0.0", PolicyVersion: "p", Enforcement: "enforce"}
	out := Aggregate([]Report{{Enforcement: "enforce", Audit: a, Controls: []ControlResult{}}})
	assert.Equal(t, a, out.Audit)
}
