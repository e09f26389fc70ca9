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
	// Only installed plugins count: nothing from PATH.
	s.setEnv("PATH", toolBin+string(os.PathListSeparator)+os.Getenv("PATH"))
	installFromArchives(t, s, "resource", "orgiac")

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
	installFromArchives(t, s, "analyzer", "policy-orgiac")
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

// installFromArchives installs, with ambient plugins ignored, the plugin
// kind/name that TestMain built with installVersion, and the providers a
// program needs beside it, each from an archive of goreleaser's name and
// layout (.goreleaser.yaml), and checks that pulumi lists the plugin. The
// archives are packed by tar, outside the race-instrumented test binary.
func installFromArchives(t *testing.T, s *stack, kind, name string) {
	t.Helper()
	dir := t.TempDir()
	pack := func(plugin, version, binDir string) string {
		archive := filepath.Join(dir, plugin+"-v"+version+"-"+runtime.GOOS+"-"+runtime.GOARCH+".tar.gz")
		writeTarGz(t, archive, filepath.Join(binDir, plugin))
		return archive
	}
	s.setEnv("PULUMI_IGNORE_AMBIENT_PLUGINS", "true")
	installs := [][]string{
		{kind, name, installVersion, pack("pulumi-"+kind+"-"+name, installVersion, installBin)},
		{"resource", "aws", "6.83.4", pack("pulumi-resource-aws", "6.83.4", pluginBin)},
	}
	if kind != "resource" || name != "orgiac" {
		installs = append(installs, []string{"resource", "orgiac", installVersion,
			pack("pulumi-resource-orgiac", installVersion, installBin)})
	}
	for _, in := range installs {
		s.MustPulumi("plugin", "install", in[0], in[1], "v"+in[2], "--file", in[3])
	}

	var plugins []struct {
		Name    string `json:"name"`
		Kind    string `json:"kind"`
		Version string `json:"version"`
	}
	require.NoError(t, json.Unmarshal([]byte(s.MustPulumi("plugin", "ls", "--json")), &plugins))
	var listed bool
	for _, p := range plugins {
		listed = listed || (p.Name == name && p.Kind == kind && p.Version == installVersion)
	}
	assert.True(t, listed, "pulumi plugin ls lists the %s %s %s: %+v", kind, name, installVersion, plugins)
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
