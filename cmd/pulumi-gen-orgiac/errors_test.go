package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// TestEveryRuleHasATest fails when a registered rule's code appears in no
// test file of the repository (other than this generator's), so a new rule
// cannot ship without a test that makes it fire.
func TestEveryRuleHasATest(t *testing.T) {
	root := filepath.Join("..", "..")
	var tests strings.Builder
	require.NoError(t, filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".toolchain" || d.Name() == "sdk" || d.Name() == ".git") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(path, "_test.go") && !strings.Contains(path, "pulumi-gen-orgiac") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			tests.Write(b)
		}
		return nil
	}))
	all := tests.String()
	var untested []string
	for _, r := range problem.Rules() {
		if !strings.Contains(all, r.Code) {
			untested = append(untested, r.Code)
		}
	}
	assert.Empty(t, untested, "every rule needs a test that names its code")
	assert.GreaterOrEqual(t, len(problem.Rules()), 60)
}

func TestErrorsPageListsEveryRuleAndIsCommitted(t *testing.T) {
	page := errorsPage()
	for _, r := range problem.Rules() {
		assert.Contains(t, page, "| `"+r.Code+"` |", r.Code)
	}
	committed, err := os.ReadFile(filepath.Join("..", "..", "docs", "errors.md"))
	require.NoError(t, err)
	assert.Equal(t, page, string(committed), "docs/errors.md is stale: run make docs")
}
