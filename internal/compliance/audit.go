package compliance

import (
	"github.com/pulumi/pulumi-go-provider/infer"
)

// Audit is the audit trail of a component's report: which code and which
// policy judged it, and where each setting it applied came from. Like the
// rest of the report it holds no timestamps, so it changes only when one of
// its inputs does and a repeated `up` stays unchanged.
type Audit struct {
	ProviderVersion string `pulumi:"providerVersion" json:"providerVersion"`
	PolicyVersion   string `pulumi:"policyVersion" json:"policyVersion"`
	// PolicyFile is the organization policy document as configured, and
	// PolicyFileDigest its content's SHA-256 ("sha256:<hex>"); both are
	// empty when no policy file is in force.
	PolicyFile       string `pulumi:"policyFile" json:"policyFile"`
	PolicyFileDigest string `pulumi:"policyFileDigest" json:"policyFileDigest"`
	Enforcement      string `pulumi:"enforcement" json:"enforcement"`
	// Git is the program's git provenance, when orgiac:gitMetadata is on and
	// the program is in a git repository.
	Git *GitProvenance `pulumi:"git,optional" json:"git,omitempty"`
	// SettingSources maps each effective setting (a path as `orgiac
	// explain` prints it) to the layer that set it, as explain names it:
	// "default", "organization (org.yaml)", "stack (stack configuration)",
	// "environment variable (ORGIAC_OWNER)".
	SettingSources map[string]string `pulumi:"settingSources" json:"settingSources"`
	// StackReferences are the other stacks the component built on.
	StackReferences []StackReferenceNote `pulumi:"stackReferences,optional" json:"stackReferences,omitempty"`
}

// StackReferenceNote records one stack a component read, and what it read.
type StackReferenceNote struct {
	Stack   string   `pulumi:"stack" json:"stack"`
	Outputs []string `pulumi:"outputs" json:"outputs"`
}

func (n *StackReferenceNote) Annotate(an infer.Annotator) { docs.Annotate(an, n) }

func (a *Audit) Annotate(an infer.Annotator) { docs.Annotate(an, a) }

// GitProvenance ties a component to the code it was deployed from.
type GitProvenance struct {
	// Repository is the remote's URL (origin, else the first remote), with
	// any credentials removed; empty when the repository has no remote.
	Repository string `pulumi:"repository" json:"repository"`
	// Path is the program's folder, relative to the repository's root ("."
	// at the root).
	Path   string `pulumi:"path" json:"path"`
	Commit string `pulumi:"commit" json:"commit"`
	// Branch is the checked-out branch; empty on a detached HEAD.
	Branch string `pulumi:"branch" json:"branch"`
	// Dirty is whether the worktree had uncommitted changes.
	Dirty bool `pulumi:"dirty" json:"dirty"`
}

func (g *GitProvenance) Annotate(an infer.Annotator) { docs.Annotate(an, g) }

// Tags the git provenance puts on every taggable child. Only the stable
// fields become tags: a tag that changed with every commit would update
// every resource on every deployment. The commit, branch and dirty flag live
// in the component's report, which the engine records without an update.
const (
	TagGitRepository = "git:repository"
	TagGitPath       = "git:path"
)

// GitTagCount is how many tags GitTags adds, at most.
const GitTagCount = 2

// GitTags are the tags of git provenance g; none when g is nil.
func GitTags(g *GitProvenance) map[string]string {
	tags := map[string]string{}
	if g == nil {
		return tags
	}
	if g.Repository != "" {
		tags[TagGitRepository] = tagValue(g.Repository)
	}
	tags[TagGitPath] = tagValue(g.Path)
	return tags
}

// tagValue is s as a tag value AWS and Azure both take: their characters,
// at most 256 of them.
func tagValue(s string) string {
	s = SanitizeAWSTagValue(s)
	if len(s) > maxTagValue {
		s = s[:maxTagValue]
	}
	return s
}
