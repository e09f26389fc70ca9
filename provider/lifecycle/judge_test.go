package lifecycle

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
	"github.com/orgiac/pulumi-orgiac/internal/version"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

func resolvedWithAudit(git *compliance.GitProvenance, warnings ...string) settings.Resolved {
	return settings.Resolved{
		Org: standards.Org{Enforcement: standards.Audit},
		Audit: compliance.Audit{
			PolicyFile: "org.yaml", PolicyFileDigest: "sha256:abc",
			SettingSources: map[string]string{"organization": "organization (org.yaml)"},
			Git:            git,
		},
		Warnings: warnings,
	}
}

// The report's audit trail is the configuration's part completed with what
// the report was made under.
func TestJudge_CompletesTheAuditTrail(t *testing.T) {
	v := judge(Case{Token: "orgiac:aws:SecureBucket", Name: "logs"}, nil, resolvedWithAudit(nil))
	require.NotNil(t, v.Report.Audit)
	a := v.Report.Audit
	assert.Equal(t, version.Version, a.ProviderVersion)
	assert.Equal(t, v.Report.PolicyVersion, a.PolicyVersion)
	assert.Equal(t, "audit", a.Enforcement)
	assert.Equal(t, "org.yaml", a.PolicyFile)
	assert.Equal(t, "sha256:abc", a.PolicyFileDigest)
	assert.Equal(t, "organization (org.yaml)", a.SettingSources["organization"])
	assert.Nil(t, a.Git)
	assert.NotContains(t, v.Tags, compliance.TagGitPath, "no git tags without git metadata")
}

// Only the stable git fields become tags; the commit stays in the report,
// so a new commit does not update every tagged resource.
func TestJudge_PutsTheStableGitFieldsInTagsAndTheCommitInTheReport(t *testing.T) {
	git := &compliance.GitProvenance{Repository: "https://git.example.com/acme/infra.git", Path: "infra/prod",
		Commit: "0123456789abcdef0123456789abcdef01234567", Branch: "main", Dirty: true}
	v := judge(Case{Token: "orgiac:aws:SecureBucket", Name: "logs"}, map[string]string{"Team": "a"},
		resolvedWithAudit(git, "orgiac:gitMetadata is on, but ..."))
	assert.Equal(t, "https://git.example.com/acme/infra.git", v.Tags[compliance.TagGitRepository])
	assert.Equal(t, "infra/prod", v.Tags[compliance.TagGitPath])
	assert.Equal(t, "a", v.Tags["Team"])
	for k, val := range v.Tags {
		assert.NotContains(t, val, git.Commit, "tag %s", k)
	}
	assert.Equal(t, git, v.Report.Audit.Git)
	assert.Contains(t, v.Warnings, "orgiac:gitMetadata is on, but ...", "the configuration's warnings reach the component")
}

// The tag limit counts the git tags, so a component at AWS's limit is told
// before anything is created.
func TestJudge_TheTagLimitCountsTheGitTags(t *testing.T) {
	var seen map[string]string
	limit := func(path string, tags map[string]string) problem.List { seen = tags; return problem.List{} }
	git := &compliance.GitProvenance{Repository: "r", Path: "p"}
	judge(Case{Token: "orgiac:aws:SecureBucket", Name: "logs", TagLimit: limit}, nil, resolvedWithAudit(git))
	assert.Contains(t, seen, compliance.TagGitRepository)
	assert.Contains(t, seen, compliance.TagGitPath)
}
