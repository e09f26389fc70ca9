package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJSONSchemaWritesTheCommittedSchemas: `pulumi-gen-orgiac jsonschema`
// writes exactly the files committed in schemas/, which orgiac embeds.
func TestJSONSchemaWritesTheCommittedSchemas(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "schemas")
	var stderr bytes.Buffer
	require.NoError(t, run([]string{"jsonschema", "-out", dir}, &stderr), stderr.String())
	for _, name := range []string{"policy.schema.json", "deployment.schema.json"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		want, err := os.ReadFile(filepath.Join("..", "..", "schemas", name))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "schemas/%s is stale: run `make schema`", name)
	}
	assert.ErrorIs(t, run([]string{"jsonschema", "stray"}, &bytes.Buffer{}), errUsage)
}
