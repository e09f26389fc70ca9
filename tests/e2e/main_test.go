package e2e

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

var (
	// repoRoot is the repository's top folder.
	repoRoot string
	// pluginBin holds the orgiac plugin and the stand-ins built for this run.
	pluginBin string
	// toolBin holds the pulumi CLI and the YAML language host (make toolchain).
	toolBin string
)

// TestMain builds the orgiac plugin and the stand-in providers from this tree,
// so the e2e never runs a stale binary, and checks the toolchain is present.
func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run())
	}
	code, err := setUp(m)
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e set-up: %v\n", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func setUp(m *testing.M) (int, error) {
	wd, err := os.Getwd()
	if err != nil {
		return 0, fmt.Errorf("finding the working directory: %w", err)
	}
	repoRoot = filepath.Clean(filepath.Join(wd, "..", ".."))
	toolBin = filepath.Join(repoRoot, ".toolchain", "bin")
	for _, tool := range []string{"pulumi", "pulumi-language-yaml"} {
		if _, err := os.Stat(filepath.Join(toolBin, tool)); err != nil {
			return 0, fmt.Errorf("%s is missing from %s: run `make toolchain` first", tool, toolBin)
		}
	}
	dir, err := os.MkdirTemp("", "orgiac-e2e-bin-")
	if err != nil {
		return 0, fmt.Errorf("creating the plugin folder: %w", err)
	}
	defer os.RemoveAll(dir)
	pluginBin = dir
	for _, b := range []struct{ out, pkg, ldflags string }{
		{"pulumi-resource-orgiac", "./cmd/pulumi-resource-orgiac", "-X github.com/orgiac/pulumi-orgiac/internal/version.Version=" + pluginVersion},
		{"pulumi-resource-aws", "./tests/standin/aws", ""},
		{"pulumi-resource-azure-native", "./tests/standin/azure-native", ""},
		{"orgiac", "./cmd/orgiac", ""},
	} {
		cmd := exec.Command("go", "build", "-ldflags", b.ldflags, "-o", filepath.Join(dir, b.out), b.pkg)
		cmd.Dir = repoRoot
		if out, err := cmd.CombinedOutput(); err != nil {
			return 0, fmt.Errorf("building %s: %w\n%s", b.out, err, out)
		}
	}
	return m.Run(), nil
}

// pluginVersion is the version the e2e plugin reports; the SDKs of an
// unreleased tree ask for the same development version.
const pluginVersion = "0.0.0-dev"
