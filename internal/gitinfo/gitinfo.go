// Package gitinfo reads a program's git provenance: the repository's remote,
// the checked-out commit and branch, whether the worktree is dirty, and the
// program's folder within it.
//
// It uses go-git, the implementation the Pulumi SDK already links into the
// provider (so it costs no binary size), rather than parsing .git by hand:
// packed refs, worktrees, submodules' gitdir files and the index format are
// all handled.
package gitinfo

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	git "github.com/go-git/go-git/v6"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
)

// ErrNotARepository is returned for a folder outside any git repository.
var ErrNotARepository = errors.New("not in a git repository")

// Read returns the git provenance of the program in dir, looking in dir's
// parents for the repository as git does.
func Read(dir string) (compliance.GitProvenance, error) {
	var out compliance.GitProvenance
	abs, err := filepath.Abs(dir)
	if err != nil {
		return out, fmt.Errorf("resolving %s: %w", dir, err)
	}
	repo, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return out, fmt.Errorf("%s: %w", abs, ErrNotARepository)
	}
	if err != nil {
		return out, fmt.Errorf("opening the git repository of %s: %w", abs, err)
	}
	head, err := repo.Head()
	if err != nil {
		return out, fmt.Errorf("reading HEAD of the git repository of %s (a repository with no commit yet has none): %w", abs, err)
	}
	out.Commit = head.Hash().String()
	if head.Name().IsBranch() {
		out.Branch = head.Name().Short()
	}
	if out.Repository, err = remoteURL(repo); err != nil {
		return out, fmt.Errorf("reading the remotes of the git repository of %s: %w", abs, err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		return out, fmt.Errorf("opening the worktree of the git repository of %s: %w", abs, err)
	}
	root, err := filepath.EvalSymlinks(wt.Filesystem().Root())
	if err != nil {
		return out, fmt.Errorf("resolving the git worktree's root: %w", err)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return out, fmt.Errorf("resolving %s: %w", abs, err)
	}
	rel, err := filepath.Rel(root, real)
	if err != nil {
		return out, fmt.Errorf("locating %s in the git worktree %s: %w", abs, root, err)
	}
	out.Path = filepath.ToSlash(rel)
	status, err := wt.Status()
	if err != nil {
		return out, fmt.Errorf("reading the status of the git worktree %s: %w", root, err)
	}
	out.Dirty = !status.IsClean()
	return out, nil
}

// remoteURL is origin's first URL, else the first remote's by name, with
// credentials removed; "" when there is no remote.
func remoteURL(repo *git.Repository) (string, error) {
	remotes, err := repo.Remotes()
	if err != nil {
		return "", err
	}
	slices.SortFunc(remotes, func(a, b *git.Remote) int {
		an, bn := a.Config().Name, b.Config().Name
		switch {
		case an == bn:
			return 0
		case an == "origin":
			return -1
		case bn == "origin":
			return 1
		}
		return strings.Compare(an, bn)
	})
	for _, r := range remotes {
		if urls := r.Config().URLs; len(urls) > 0 {
			return RedactURL(urls[0]), nil
		}
	}
	return "", nil
}

// RedactURL removes what a remote URL may carry besides where the
// repository is: the user information of a URL with a scheme
// (https://user:token@host/...), its query and its fragment. An scp-like
// address (git@host:org/repo.git) holds only a user name, and stays. A URL
// that does not parse is dropped whole rather than risk keeping a secret.
func RedactURL(raw string) string {
	if !strings.Contains(raw, "://") {
		if at := strings.Index(raw, "@"); at >= 0 && strings.ContainsAny(raw[:at], ":") {
			return raw[at+1:] // user:password@host:path is not scp-like; keep only the host and path
		}
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	u.User, u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = nil, "", false, "", ""
	return u.String()
}
