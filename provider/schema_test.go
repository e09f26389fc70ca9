package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	orgiac "github.com/orgiac/pulumi-orgiac"
	"github.com/orgiac/pulumi-orgiac/internal/version"
	"github.com/orgiac/pulumi-orgiac/provider"
)

func loadSchema(t *testing.T) schema.PackageSpec {
	t.Helper()
	prov, err := provider.New()
	require.NoError(t, err)
	spec, err := p.GetSchema(context.Background(), version.Name, "1.0.0", prov)
	require.NoError(t, err)
	return spec
}

// eachProperty visits every property of the schema with a readable location.
func eachProperty(spec schema.PackageSpec, visit func(where string, prop schema.PropertySpec)) {
	for name, prop := range spec.Config.Variables {
		visit("config."+name, prop)
	}
	for tok, res := range spec.Resources {
		for name, prop := range res.InputProperties {
			visit(fmt.Sprintf("%s input %s", tok, name), prop)
		}
		for name, prop := range res.Properties {
			visit(fmt.Sprintf("%s output %s", tok, name), prop)
		}
	}
	for tok, typ := range spec.Types {
		for name, prop := range typ.Properties {
			visit(fmt.Sprintf("%s.%s", tok, name), prop)
		}
	}
}

func TestSchemaDocumentsEveryProperty(t *testing.T) {
	spec := loadSchema(t)
	var undocumented []string
	eachProperty(spec, func(where string, prop schema.PropertySpec) {
		if prop.Description == "" {
			undocumented = append(undocumented, where)
		}
	})
	for tok, res := range spec.Resources {
		if res.Description == "" {
			undocumented = append(undocumented, tok)
		}
	}
	for tok, typ := range spec.Types {
		if typ.Description == "" {
			undocumented = append(undocumented, tok)
		}
	}
	sort.Strings(undocumented)
	assert.Empty(t, undocumented, "every resource, type and property needs a description")
}

var secretName = regexp.MustCompile(`(?i)(credential|kubeconfig|password|secret|token|privatekey)`)

func TestSchemaMarksSecretBearingPropertiesSecret(t *testing.T) {
	spec := loadSchema(t)
	eachProperty(spec, func(where string, prop schema.PropertySpec) {
		if secretName.MatchString(where) {
			assert.True(t, prop.Secret, "%s looks secret-bearing but is not marked secret", where)
		}
	})
}

func TestSchemaMetadata(t *testing.T) {
	spec := loadSchema(t)
	assert.Equal(t, "orgiac", spec.Name)
	assert.Equal(t, "Apache-2.0", spec.License)
	assert.Equal(t, "github://api.github.com/orgiac", spec.PluginDownloadURL)
	assert.NotEmpty(t, spec.Description)
	assert.NotEmpty(t, spec.Publisher)
	assert.NotEmpty(t, spec.Homepage)
	assert.NotEmpty(t, spec.Repository)
	assert.NotEmpty(t, spec.Keywords)
	assert.JSONEq(t, `{"importBasePath":"github.com/orgiac/pulumi-orgiac/sdk/go/orgiac",
		"generateResourceContainerTypes":true,"respectSchemaVersion":true}`, string(spec.Language["go"]))
	assert.Contains(t, string(spec.Language["nodejs"]), `"packageName":"@orgiac/pulumi-orgiac"`)
	assert.Contains(t, string(spec.Language["python"]), `"packageName":"pulumi_orgiac"`)
	assert.Contains(t, spec.Resources, "orgiac:aws:SecureBucket")
	assert.True(t, spec.Resources["orgiac:aws:SecureBucket"].IsComponent)
}

func TestSchemaConfigKeys(t *testing.T) {
	spec := loadSchema(t)
	for _, key := range []string{
		"organization", "environment", "project", "owner", "costCenter",
		"defaultTags", "enforcement", "loggingBucket", "naming",
	} {
		assert.Contains(t, spec.Config.Variables, key)
	}
	assert.Empty(t, spec.Config.Required, "organization may come from the policy file, so no key is required by the schema")
}

// A default in the schema is applied by the generated SDKs before Construct
// sees the inputs, so Construct can no longer tell an input the user set
// from one the SDK filled in. Two rules depend on that difference: inputs
// that exclude each other (availabilityZoneNames and
// numberOfAvailabilityZones) and the policy document's component defaults,
// which fill only what the user left unset. So the defaults live in the
// plans and in the descriptions, and nowhere in the schema.
func TestSchemaHasNoDefaults(t *testing.T) {
	spec := loadSchema(t)
	eachProperty(spec, func(where string, prop schema.PropertySpec) {
		assert.Nil(t, prop.Default, "%s has a schema default; state it in the description and apply it in the plan", where)
		assert.Nil(t, prop.DefaultInfo, "%s has a schema default; state it in the description and apply it in the plan", where)
	})
	for name, prop := range spec.Provider.InputProperties {
		assert.Nil(t, prop.Default, "provider input %s has a schema default", name)
	}
}

// The CLI reads the schema built into it (orgiac.Schema, schema.json), not
// the provider's; it must be what the provider serves, without a version.
func TestEmbeddedSchemaIsWhatTheProviderServes(t *testing.T) {
	served := loadSchema(t)
	served.Version = ""
	var embedded schema.PackageSpec
	require.NoError(t, json.Unmarshal(orgiac.Schema, &embedded))
	want, err := json.Marshal(served)
	require.NoError(t, err)
	got, err := json.Marshal(embedded)
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(got), "schema.json is stale: run `make schema`")
}
