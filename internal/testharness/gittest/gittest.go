// Package gittest runs the git CLI for tests that need a real repository,
// isolated from the user's and the system's git configuration.
//
// It is imported only by tests.
package gittest

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Git runs git with args in dir, as a fixed test identity that signs
// nothing, and returns its trimmed output; the test fails when git does.
func Git(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=orgiac-test", "-c", "user.email=test@example.com",
		"-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "git %s: %s", strings.Join(args, " "), out)
	return strings.TrimSpace(string(out))
}

// Require skips the test when the git CLI is missing, or fails it when
// required (the e2e, which CI runs with git installed).
func Require(t testing.TB, required bool) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if required {
			t.Fatal("the test needs the git CLI to make a repository")
		}
		t.Skip("the git CLI makes the test repository; it is not installed")
	}
}
