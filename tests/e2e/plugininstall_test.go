package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPluginInstallFromArchive installs the plugin the way users do,
// `pulumi plugin install resource orgiac vX --file <archive>`, into an empty
// PULUMI_HOME with ambient plugins ignored, and runs the YAML example with it.
// The archive has goreleaser's name and layout (.goreleaser.yaml); the
// version the running plugin reports proves it was the installed one.
func TestPluginInstallFromArchive(t *testing.T) {
	t.Parallel()
	version := installVersion
	s := newStack(t, "examples/yaml-secure-bucket")
	dir := t.TempDir()

	// TestMain built this plugin with its own version; the archives are
	// packed by tar, outside the race-instrumented test binary.
	archive := filepath.Join(dir, "pulumi-resource-orgiac-v"+version+"-"+runtime.GOOS+"-"+runtime.GOARCH+".tar.gz")
	writeTarGz(t, archive, filepath.Join(installBin, "pulumi-resource-orgiac"))
	standin := filepath.Join(dir, "pulumi-resource-aws-v6.83.4.tar.gz")
	writeTarGz(t, standin, filepath.Join(pluginBin, "pulumi-resource-aws"))

	// Only installed plugins count: nothing from PATH.
	s.setEnv("PULUMI_IGNORE_AMBIENT_PLUGINS", "true")
	s.setEnv("PATH", toolBin+string(os.PathListSeparator)+os.Getenv("PATH"))
	s.MustPulumi("plugin", "install", "resource", "orgiac", "v"+version, "--file", archive)
	s.MustPulumi("plugin", "install", "resource", "aws", "v6.83.4", "--file", standin)

	var plugins []struct {
		Name    string `json:"name"`
		Kind    string `json:"kind"`
		Version string `json:"version"`
	}
	require.NoError(t, json.Unmarshal([]byte(s.MustPulumi("plugin", "ls", "--json")), &plugins))
	var listed bool
	for _, p := range plugins {
		listed = listed || (p.Name == "orgiac" && p.Kind == "resource" && p.Version == version)
	}
	assert.True(t, listed, "pulumi plugin ls lists orgiac %s: %+v", version, plugins)

	s.Init()
	require.NoError(t, cliRunner{}.Run(s, "up"))
	comp := s.Export().one(t, tSecureBucket)
	assert.Equal(t, version, get(comp.Outputs, "complianceReport", "providerVersion"),
		"the component was built by the installed plugin")
	require.NoError(t, cliRunner{}.Run(s, "destroy"))
	assert.Empty(t, s.CloudResources())
}

// TestAnalyzerInstallFromArchive installs the policy pack the way users do,
// `pulumi plugin install analyzer policy-orgiac vX --file <archive>`, from an
// archive of goreleaser's name and layout, into an empty PULUMI_HOME with
// ambient plugins ignored, then previews a program with raw resources under
// the installed binary: nothing at the CLI looks an analyzer up by name, so
// --policy-pack names its installed path (docs/policy-pack.md).
func TestAnalyzerInstallFromArchive(t *testing.T) {
	t.Parallel()
	version := installVersion
	s := newStack(t, "tests/e2e/programs/goraw")
	dir := t.TempDir()
	archive := filepath.Join(dir, "pulumi-analyzer-policy-orgiac-v"+version+"-"+runtime.GOOS+"-"+runtime.GOARCH+".tar.gz")
	writeTarGz(t, archive, filepath.Join(installBin, "pulumi-analyzer-policy-orgiac"))
	// With ambient plugins ignored, the program's providers are installed too.
	provider := filepath.Join(dir, "pulumi-resource-orgiac-v"+version+".tar.gz")
	writeTarGz(t, provider, filepath.Join(installBin, "pulumi-resource-orgiac"))
	standin := filepath.Join(dir, "pulumi-resource-aws-v6.83.4.tar.gz")
	writeTarGz(t, standin, filepath.Join(pluginBin, "pulumi-resource-aws"))

	s.setEnv("PULUMI_IGNORE_AMBIENT_PLUGINS", "true")
	s.MustPulumi("plugin", "install", "analyzer", "policy-orgiac", "v"+version, "--file", archive)
	s.MustPulumi("plugin", "install", "resource", "orgiac", "v"+version, "--file", provider)
	s.MustPulumi("plugin", "install", "resource", "aws", "v6.83.4", "--file", standin)
	var plugins []struct {
		Name    string `json:"name"`
		Kind    string `json:"kind"`
		Version string `json:"version"`
	}
	require.NoError(t, json.Unmarshal([]byte(s.MustPulumi("plugin", "ls", "--json")), &plugins))
	var listed bool
	for _, p := range plugins {
		listed = listed || (p.Name == "policy-orgiac" && p.Kind == "analyzer" && p.Version == version)
	}
	assert.True(t, listed, "pulumi plugin ls lists the analyzer policy-orgiac %s: %+v", version, plugins)
	installed := filepath.Join(s.Getenv("PULUMI_HOME"), "plugins", "analyzer-policy-orgiac-v"+version,
		"pulumi-analyzer-policy-orgiac")
	require.FileExists(t, installed, "the layout docs/policy-pack.md tells users to point --policy-pack at")

	run := goRawRunner(s, "policy-pack")
	s.setEnv("E2E_POLICY_PACK", installed)
	s.Init()
	err := run.Run(s, "preview")
	require.Error(t, err, "the installed pack fails the preview on the raw resources")
	got := packVerdicts(err.Error())
	assert.Contains(t, got["urn:pulumi:"+s.Name+"::goraw::aws:ec2/securityGroup:SecurityGroup::raw-ssh"], "vpc-sg-admin-ports", "%v", err)
}

// writeTarGz packs one file at the archive's root, as goreleaser does.
func writeTarGz(t *testing.T, archive, file string) {
	t.Helper()
	out, err := exec.Command("tar", "-C", filepath.Dir(file), "-czf", archive, filepath.Base(file)).CombinedOutput()
	require.NoError(t, err, "tar: %s", out)
}

// Getenv returns one variable of the stack's environment.
func (s *stack) Getenv(key string) string {
	for _, kv := range s.env {
		if v, ok := strings.CutPrefix(kv, key+"="); ok {
			return v
		}
	}
	return ""
}

// setEnv replaces one variable of the stack's environment.
func (s *stack) setEnv(key, value string) {
	prefix := key + "="
	env := s.env[:0:0]
	for _, kv := range s.env {
		if !strings.HasPrefix(kv, prefix) {
			env = append(env, kv)
		}
	}
	s.env = append(env, prefix+value)
}
