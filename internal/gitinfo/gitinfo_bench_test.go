package gitinfo

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgiac/pulumi-orgiac/internal/testharness/gittest"
)

// BenchmarkRead measures one Read: opening the repository, resolving HEAD
// and the remote, and the worktree-status walk, which dominates. bench/run.sh
// sets ORGIAC_BENCH_GIT_REPO to this repository, and the benchmark reads a
// clean clone of it; without it, a synthetic repository of 600 files.
func BenchmarkRead(b *testing.B) {
	gittest.Require(b, false)
	root := b.TempDir()
	if src := os.Getenv("ORGIAC_BENCH_GIT_REPO"); src != "" {
		gittest.Git(b, root, "clone", "-q", "--no-local", src, "repo")
		root = filepath.Join(root, "repo")
	} else {
		gittest.Git(b, root, "init", "-q", "-b", "main")
		for i := range 600 {
			dir := filepath.Join(root, "pkg", string(rune('a'+i%20)))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "f"+string(rune('a'+i/20))+".go"), make([]byte, 4096), 0o644); err != nil {
				b.Fatal(err)
			}
		}
		gittest.Git(b, root, "add", ".")
		gittest.Git(b, root, "commit", "-q", "-m", "files")
	}
	program := filepath.Join(root, "examples")
	if err := os.MkdirAll(program, 0o755); err != nil {
		b.Fatal(err)
	}
	files := gittest.Git(b, root, "ls-files")
	for b.Loop() {
		if _, err := Read(program); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(strings.Count(files, "\n")+1), "files")
}
