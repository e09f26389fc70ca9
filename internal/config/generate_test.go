package config

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/schemas"
)

func TestGenerateSchemas_TheCommittedSchemasAreCurrent(t *testing.T) {
	generated, err := GenerateSchemas()
	require.NoError(t, err)
	assert.Len(t, generated, 2)
	for _, name := range []string{schemas.Policy, schemas.Deployment} {
		committed, err := schemas.FS.ReadFile(name)
		require.NoError(t, err)
		assert.Equal(t, string(generated[name]), string(committed),
			"schemas/%s is stale: run `go run ./cmd/pulumi-gen-orgiac jsonschema -out schemas`", name)
	}
}

func TestGenerateSchemas_IsDeterministic(t *testing.T) {
	a, err := GenerateSchemas()
	require.NoError(t, err)
	b, err := GenerateSchemas()
	require.NoError(t, err)
	assert.Equal(t, a, b)
	for name, data := range a {
		assert.True(t, strings.HasSuffix(string(data), "}\n"), "%s ends with a newline", name)
		assert.True(t, strings.HasPrefix(string(data), "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n  \"$id\": \""+
			SchemaBaseURL+name+"\",\n"), "%s starts with $schema and $id, indented by two spaces", name)
	}
}

// objects calls fn for every schema object in doc that has properties. A
// "then" branch is not an object of its own: it adds constraints to the
// properties of the object it is in (VPCConfig's stack rule), so it is not
// closed and is not visited.
func objects(v any, path string, fn func(path string, s map[string]any)) {
	switch t := v.(type) {
	case map[string]any:
		if strings.HasSuffix(path, "/then") {
			return
		}
		if _, ok := t["properties"]; ok {
			fn(path, t)
		}
		for k, e := range t {
			objects(e, path+"/"+k, fn)
		}
	case []any:
		for _, e := range t {
			objects(e, path+"/[]", fn)
		}
	}
}

func schemaDoc(t *testing.T, name string) map[string]any {
	t.Helper()
	data, err := schemas.FS.ReadFile(name)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(data, &doc))
	return doc
}

func TestGenerateSchemas_EveryObjectRefusesUnknownKeys(t *testing.T) {
	for _, name := range []string{schemas.Policy, schemas.Deployment} {
		n := 0
		objects(schemaDoc(t, name), "", func(path string, s map[string]any) {
			n++
			assert.Equal(t, false, s["additionalProperties"], "%s%s", name, path)
		})
		assert.Greater(t, n, 1, name)
	}
}

func TestGenerateSchemas_CredentialsAreMarkedSecret(t *testing.T) {
	doc := schemaDoc(t, schemas.Deployment)
	defs := doc["$defs"].(map[string]any)
	for _, def := range []string{"AWSCredentials", "AzureCredentials"} {
		props := defs[def].(map[string]any)["properties"].(map[string]any)
		require.NotEmpty(t, props)
		for key, p := range props {
			assert.Equal(t, true, p.(map[string]any)["writeOnly"], "%s.%s", def, key)
			assert.Equal(t, true, p.(map[string]any)["x-secret"], "%s.%s", def, key)
		}
	}
	for _, section := range []string{"AWSConfig", "AzureConfig"} {
		cred := defs[section].(map[string]any)["properties"].(map[string]any)["credentials"].(map[string]any)
		assert.Equal(t, true, cred["writeOnly"], section)
		assert.Equal(t, true, cred["x-secret"], section)
	}
	// Nothing else is secret.
	region := defs["AWSConfig"].(map[string]any)["properties"].(map[string]any)["region"].(map[string]any)
	assert.NotContains(t, region, "writeOnly")
}

func TestGenerateSchemas_DescriptionsAreWhole(t *testing.T) {
	defs := schemaDoc(t, schemas.Deployment)["$defs"].(map[string]any)
	env := defs["ProjectConfig"].(map[string]any)["properties"].(map[string]any)["environment"].(map[string]any)
	assert.Equal(t, "The environment, e.g. dev, staging or production.", env["description"], "commas do not cut a description")

	policy := schemaDoc(t, schemas.Policy)
	waiver := policy["$defs"].(map[string]any)["Waiver"].(map[string]any)
	assert.Contains(t, waiver["description"], "A waiver accepts a failing compliance control",
		"types described for the Pulumi schema are described here too")
	assert.Contains(t, waiver["properties"].(map[string]any)["expires"].(map[string]any)["description"], "YYYY-MM-DD")
	assert.Equal(t, []any{"control", "reason", "expires"}, waiver["required"])
}

func TestTagDescription(t *testing.T) {
	assert.Equal(t, "a, b and c.", tagDescription("description=a, b and c."))
	assert.Equal(t, "What it does.", tagDescription("enum=a,enum=b,description=What it does."))
	assert.Equal(t, "first, second", tagDescription("description=first, second,enum=x"))
	assert.Equal(t, "", tagDescription("enum=x"))
}
