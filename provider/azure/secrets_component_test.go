package azure_test

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/testharness"
	"github.com/orgiac/pulumi-orgiac/provider"
)

func TestSecretOwnerMakesEveryAzureTagMapSecret(t *testing.T) {
	for _, tt := range []struct {
		token  string
		inputs map[string]property.Value
	}{
		{"orgiac:azure:SecureStorageAccount", map[string]property.Value{"location": property.New("westeurope")}},
		{"orgiac:azure:SecureVnet", map[string]property.Value{"location": property.New("westeurope")}},
	} {
		t.Run(tt.token, func(t *testing.T) {
			prov, err := provider.New()
			require.NoError(t, err)
			h := testharness.New(t, prov, map[string]property.Value{
				"organization": property.New("acme"), "owner": property.New("team-secret"),
			})
			h.ConfigSecretKeys = []string{"orgiac:owner"}
			resp, err := h.Construct(tt.token, "private", tt.inputs)
			require.NoError(t, err)
			var tagged int
			for _, c := range h.Children() {
				if tags, ok := c.Inputs.GetOk("tags"); ok && !tags.IsNull() {
					tagged++
					assert.True(t, tags.Secret(), "the tags of %s %s are a secret", c.Type, c.Name)
				}
			}
			assert.GreaterOrEqual(t, tagged, 2, "the resource group and the main resource carry tags")
			assert.True(t, resp.State.Get("tags").Secret(), "the component's tags output is a secret")
		})
	}
}
