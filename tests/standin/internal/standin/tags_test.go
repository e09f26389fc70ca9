package standin

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
)

func TestTagsAllMergesDefaultTagsUnderResourceTags(t *testing.T) {
	defaults := map[string]string{"owner": "platform", "env": "dev"}
	tests := []struct {
		name string
		tags property.Value
		want any
	}{
		{"resource tags win over default tags", fromPlain(map[string]any{"env": "prod", "team": "a"}),
			map[string]any{"owner": "platform", "env": "prod", "team": "a"}},
		{"no resource tags gives the default tags", property.New(property.Null),
			map[string]any{"owner": "platform", "env": "dev"}},
		{"secret tag values are merged by value", fromPlain(map[string]any{"team": property.New("s").WithSecret(true)}),
			map[string]any{"owner": "platform", "env": "dev", "team": "s"}},
		{"unknown tags give unknown tagsAll", property.New(property.Computed), unknownMarker{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, toPlain(tagsAll(defaults, tt.tags)))
		})
	}
}

func TestTagsAllIsASecretWhenTheTagsHoldOne(t *testing.T) {
	secretValue := fromPlain(map[string]any{"team": property.New("s").WithSecret(true)})
	secretMap := fromPlain(map[string]any{"team": "s"}).WithSecret(true)
	plain := fromPlain(map[string]any{"team": "s"})
	assert.True(t, tagsAll(nil, secretValue).Secret(), "a secret tag value makes tagsAll secret")
	assert.True(t, tagsAll(nil, secretMap).Secret(), "a secret tag map makes tagsAll secret")
	assert.False(t, tagsAll(nil, plain).Secret(), "plain tags give a plain tagsAll")
}

func TestCreateReportsTagsAllFromProviderDefaultTags(t *testing.T) {
	s := newServer(t, Options{}, map[string]property.Value{
		"defaultTags": fromPlain(map[string]any{"tags": map[string]any{"owner": "platform", "team": "x"}}),
	})
	_, _, state := checkAndCreate(t, s, vpcType, "vpc", map[string]any{
		"cidrBlock": "10.0.0.0/16", "tags": map[string]any{"team": "net"},
	})
	assert.Equal(t, map[string]any{"owner": "platform", "team": "net"}, toPlain(state.Get("tagsAll")))

	_, _, state = checkAndCreate(t, s, policyType, "pol", map[string]any{"bucket": "b"})
	_, hasTagsAll := state.GetOk("tagsAll")
	assert.False(t, hasTagsAll, "types that are not taggable get no tagsAll")
}
