package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	json "github.com/go-json-experiment/json/v1"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
)

func TestPolicyNew_WritesAPackThePulumiCLILoads(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pack")
	analyzer := filepath.Join(t.TempDir(), analyzerBinary)
	require.NoError(t, os.WriteFile(analyzer, []byte("#!/bin/sh\n"), 0o755))

	res := runCLI(t, "", "policy", "new", dir, "--analyzer", analyzer)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stdout, "--policy-pack "+filepath.Join(dir, analyzerBinary))

	var project struct {
		Runtime string `yaml:"runtime"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "PulumiPolicy.yaml"))
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal(b, &project))
	assert.NotEmpty(t, project.Runtime, "pulumi refuses a PulumiPolicy.yaml without a runtime")

	var config map[string]string
	b, err = os.ReadFile(filepath.Join(dir, "policy-config.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &config), "the engine reads the config as JSON")
	for name, level := range config {
		if name != "all" {
			_, ok := compliance.Lookup(name)
			assert.True(t, ok, "the example's policy %q is a control", name)
		}
		assert.Contains(t, []string{"mandatory", "advisory", "disabled"}, level)
	}

	info, err := os.Stat(filepath.Join(dir, analyzerBinary))
	require.NoError(t, err)
	assert.NotZero(t, info.Mode()&0o100, "the copied analyzer is executable")

	again := runCLI(t, "", "policy", "new", dir, "--analyzer", analyzer)
	assert.Equal(t, exitUsage, again.code)
	assert.Contains(t, again.stderr, "already holds", "an existing pack is never overwritten")
}

func TestPolicyNew_WithoutAnAnalyzerSaysHowToInstallIt(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	dir := filepath.Join(t.TempDir(), "pack")
	res := runCLI(t, "", "policy", "new", dir)
	assert.Equal(t, exitUsage, res.code)
	assert.Contains(t, res.stderr, "pulumi plugin install analyzer policy-orgiac")
	assert.NoDirExists(t, dir, "nothing is written when the pack would not run")
}
