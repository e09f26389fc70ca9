package stateexport

// This file tests what Read returns and what its errors say.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRead_ReadsTheFixture(t *testing.T) {
	exp, err := Read(fixturePath, nil)
	require.NoError(t, err)
	assert.Equal(t, fixturePath, exp.Path)
	assert.Zero(t, exp.Encrypted)
	var managed, components int
	for _, r := range exp.Resources {
		assert.Nil(t, r.RawOutputs, "%s: outputs are decoded, not kept raw", r.URN)
		switch {
		case r.Managed():
			managed++
			assert.NotNil(t, r.Outputs, r.URN)
		case r.IsComponent():
			components++
			assert.Nil(t, r.Outputs, r.URN)
		default:
			assert.Nil(t, r.Outputs, r.URN)
			assert.Nil(t, r.Recorded, r.URN)
		}
	}
	assert.Positive(t, managed)
	assert.Equal(t, 1, components)
}

func TestRead_StandardInputIsNamedForPeople(t *testing.T) {
	data, err := os.ReadFile(fixturePath)
	require.NoError(t, err)
	exp, err := Read(StdinPath, strings.NewReader(string(data)))
	require.NoError(t, err)
	assert.Equal(t, StdinPath, exp.Path)
	assert.NotEmpty(t, exp.Resources)

	_, err = Read(StdinPath, strings.NewReader("{\n  nope\n}"))
	require.Error(t, err)
	assert.Equal(t, "(stdin)", DisplayPath(StdinPath))
	assert.True(t, strings.HasPrefix(err.Error(), "reading (stdin): not valid JSON at line 2, column 3: "), err)
}

func TestRead_ErrorsNameTheFileAndTheProblem(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, doc string
		want      string // a prefix of the message after "reading PATH: "
	}{
		{"a file that ends early", "{\n  \"version\": 3,\n  \"deployment\": {\n",
			"not valid JSON: the file ends before the document does; is it cut short? ("},
		{"malformed JSON, with its line", "{\n  \"version\": 3,\n  nope\n}", "not valid JSON at line 3, column 3: "},
		{"an empty file", " \n", "the file is empty, not a pulumi stack export"},
		{"a JSON array", `[{"urn": "x"}]`, "not a pulumi stack export: the document is a JSON array, not an object"},
		{"JSON that is not an export", `{"name": "app"}`,
			`not a pulumi stack export: it has no "version" and "deployment"; ` +
				"make one with `pulumi stack export --file FILE`"},
		{"resources that are not an array", `{"version": 3, "deployment": {"resources": {}}}`,
			"not a pulumi stack export: deployment.resources is a JSON object, not an array"},
		{"a resource with no type", `{"version": 3, "deployment": {"resources": [{"urn": "u"}]}}`,
			"not a pulumi stack export: deployment.resources[0] has no urn or type"},
		{"outputs that are not an object", `{"version": 3, "deployment": {"resources": ` +
			`[{"urn": "u", "type": "aws:s3/bucketV2:BucketV2", "custom": true, "outputs": [1]}]}}`,
			"not a pulumi stack export: deployment.resources[0] (u) outputs: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".json")
			require.NoError(t, os.WriteFile(path, []byte(tt.doc), 0o600))
			_, err := Read(path, nil)
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), "reading "+path+": "+tt.want), err)
		})
	}

	missing := filepath.Join(dir, "missing.json")
	_, err := Read(missing, nil)
	require.ErrorIs(t, err, os.ErrNotExist)
	assert.True(t, strings.HasPrefix(err.Error(), "reading "+missing+": "), err)
}

func TestRead_SecretsAreRevealedOrCountedNeverKept(t *testing.T) {
	doc := `{"version": 3, "deployment": {"resources": [
		{"urn": "b", "type": "aws:s3/bucketV2:BucketV2", "custom": true, "outputs": {
			"shown": {"` + secretSigKey + `": "` + secretSigValue + `", "plaintext": "{\"a\":[1]}"},
			"hidden": [{"` + secretSigKey + `": "` + secretSigValue + `", "ciphertext": "v1:CIPHER"}]}},
		{"urn": "c", "type": "orgiac:aws:SecureBucket", "outputs": {
			"complianceReport": {"` + secretSigKey + `": "` + secretSigValue + `", "ciphertext": "v1:CIPHER"}}},
		{"urn": "d", "type": "orgiac:aws:SecureBucket", "outputs": {
			"complianceReport": {"` + secretSigKey + `": "` + secretSigValue + `", "plaintext": "{\"controls\":[]}"}}}]}}`
	exp, err := Read(StdinPath, strings.NewReader(doc))
	require.NoError(t, err)
	require.Len(t, exp.Resources, 3)
	assert.Equal(t, 1, exp.Encrypted)
	assert.Equal(t, map[string]any{"shown": map[string]any{"a": []any{1.0}}, "hidden": []any{nil}},
		exp.Resources[0].Outputs)
	assert.True(t, exp.Resources[1].Secret)
	assert.Nil(t, exp.Resources[1].Recorded)
	assert.False(t, exp.Resources[2].Secret)
	assert.JSONEq(t, `{"controls":[]}`, string(exp.Resources[2].Recorded))
}

func TestResource_ManagedAndIsComponent(t *testing.T) {
	tests := []struct {
		r                  Resource
		managed, component bool
	}{
		{Resource{Type: "aws:s3/bucketV2:BucketV2", Custom: true}, true, false},
		{Resource{Type: "aws:s3/bucketV2:BucketV2", Custom: true, Delete: true}, false, false},
		{Resource{Type: "aws:s3/bucketV2:BucketV2", Custom: true, External: true}, false, false},
		{Resource{Type: "pulumi:providers:aws", Custom: true}, false, false},
		{Resource{Type: "orgiac:aws:SecureBucket"}, false, true},
		{Resource{Type: "orgiac:aws:SecureBucket", Delete: true}, false, false},
		{Resource{Type: "pulumi:pulumi:Stack"}, false, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.managed, tt.r.Managed(), "%+v", tt.r)
		assert.Equal(t, tt.component, tt.r.IsComponent(), "%+v", tt.r)
	}
}
