package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
)

// auditLines renders a component's audit trail for people, one fact a line:
// what made the report, the policy file, the git provenance, the stacks it
// built on, and how many settings each layer set. A report without an audit (written before it
// existed, or a group of plain resources) has none.
func auditLines(a *compliance.Audit) []string {
	if a == nil {
		return nil
	}
	lines := []string{fmt.Sprintf("provider %s, policy %s, enforcement %s",
		orDash(a.ProviderVersion), orDash(a.PolicyVersion), orDash(a.Enforcement))}
	if a.PolicyFile != "" {
		lines = append(lines, fmt.Sprintf("policy file %s (%s)", a.PolicyFile, orDash(a.PolicyFileDigest)))
	}
	if g := a.Git; g != nil {
		state := "clean"
		if g.Dirty {
			state = "dirty"
		}
		branch := g.Branch
		if branch == "" {
			branch = "detached HEAD"
		}
		lines = append(lines, fmt.Sprintf("git %s, path %s, commit %s on %s, %s",
			orDash(g.Repository), g.Path, g.Commit, branch, state))
	}
	for _, r := range a.StackReferences {
		lines = append(lines, fmt.Sprintf("built on stack %s: %s", r.Stack, strings.Join(r.Outputs, ", ")))
	}
	if s := settingsBySource(a.SettingSources); s != "" {
		lines = append(lines, "settings: "+s)
	}
	return lines
}

// settingsBySource counts the settings each layer set: "4 from built-in
// default, 2 from stack (Pulumi.dev.yaml)", most first.
func settingsBySource(sources map[string]string) string {
	count := map[string]int{}
	for _, src := range sources {
		count[src]++
	}
	layers := slices.SortedFunc(maps.Keys(count), func(a, b string) int {
		if count[a] != count[b] {
			return count[b] - count[a]
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(layers))
	for i, l := range layers {
		parts[i] = fmt.Sprintf("%d from %s", count[l], l)
	}
	return strings.Join(parts, ", ")
}
