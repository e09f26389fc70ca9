package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReport_BadInputExitsTwoAndNamesTheProblem(t *testing.T) {
	dir := t.TempDir()
	malformed := filepath.Join(dir, "malformed.json")
	require.NoError(t, os.WriteFile(malformed, []byte("{\n  \"version\": 3,\n  \"deployment\": {\n"), 0o600))
	garbage := filepath.Join(dir, "garbage.json")
	require.NoError(t, os.WriteFile(garbage, []byte("{\n  \"version\": 3,\n  nope\n}"), 0o600))
	notExport := filepath.Join(dir, "package.json")
	require.NoError(t, os.WriteFile(notExport, []byte(`{"name": "app"}`), 0o600))
	wrongShape := filepath.Join(dir, "wrong.json")
	require.NoError(t, os.WriteFile(wrongShape, []byte(`{"version": 3, "deployment": {"resources": {}}}`), 0o600))
	empty := filepath.Join(dir, "empty.json")
	require.NoError(t, os.WriteFile(empty, nil, 0o600))
	array := filepath.Join(dir, "array.json")
	require.NoError(t, os.WriteFile(array, []byte(`[{"urn": "x"}]`), 0o600))
	missing := filepath.Join(dir, "missing.json")

	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"a missing file", []string{"report", missing}, []string{"reading " + missing, "no such file"}},
		{"a file that ends early", []string{"report", malformed}, []string{"reading " + malformed, "not valid JSON"}},
		{"malformed JSON, with its line", []string{"report", garbage},
			[]string{"reading " + garbage, "not valid JSON at line 3, column 3"}},
		{"an empty file", []string{"report", empty}, []string{"reading " + empty, "the file is empty"}},
		{"a JSON array", []string{"report", array},
			[]string{"reading " + array, "the document is a JSON array, not an object"}},
		{"JSON that is not an export", []string{"report", notExport},
			[]string{"reading " + notExport, "not a pulumi stack export"}},
		{"an export of the wrong shape", []string{"report", wrongShape},
			[]string{"reading " + wrongShape, "not a pulumi stack export: deployment.resources"}},
		{"a bad file after a good one", []string{"report", fixturePath, missing}, []string{"reading " + missing}},
		{"no file", []string{"report"}, []string{"needs at least one stack export", "orgiac report --help"}},
		{"an unknown format", []string{"report", fixturePath, "-f", "xml"}, []string{`unknown --format "xml"`}},
		{"an unknown framework", []string{"report", fixturePath, "--frameworks", "iso-27001"},
			[]string{`unknown framework "iso-27001"`, "nist-800-53-r5"}},
		{"an unknown control", []string{"report", fixturePath, "--require", "s3-magic"},
			[]string{`unknown control "s3-magic"`}},
		{"an unknown flag", []string{"report", fixturePath, "--strict"}, []string{"unknown flag: --strict"}},
		{"stdin twice", []string{"report", "-", "-"}, []string{"read only once"}},
		{"an unknown command", []string{"explode"}, []string{`unknown command "explode"`}},
		{"an unwritable output", []string{"report", fixturePath, "-o", filepath.Join(missing, "out.txt")},
			[]string{"writing the report to"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runCLI(t, "", tt.args...)
			assert.Equal(t, exitUsage, res.code)
			assert.Empty(t, res.stdout, "no partial report")
			for _, want := range tt.want {
				assert.Contains(t, res.stderr, want)
			}
		})
	}
}
