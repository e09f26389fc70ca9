package settings

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
)

type fakeArgs struct {
	Versioning   *bool              `pulumi:"versioning,optional"`
	NatGateways  string             `pulumi:"natGateways,optional"`
	Tags         map[string]string  `pulumi:"tags,optional"`
	KmsKeyArn    pulumi.StringInput `pulumi:"kmsKeyArn,optional"`
	ForceDestroy *bool              `pulumi:"forceDestroy,optional"`
}

func TestApplyComponentDefaults(t *testing.T) {
	yes := true
	r := Resolved{Components: map[string]map[string]any{"orgiac:test:X": {
		"natGateways": "one-per-az", "tags": map[string]any{"Tier": "gold"}, "forceDestroy": false, "versioning": false,
	}}}
	args := fakeArgs{Versioning: &yes}
	filled, probs := r.ApplyComponentDefaults("orgiac:test:X", &args)
	assert.Zero(t, probs.Len(), "%v", probs.Items())
	assert.Equal(t, []string{"forceDestroy", "natGateways", "tags"}, filled, "the inputs the policy filled, in order")
	assert.Equal(t, "one-per-az", args.NatGateways, "an unset input takes the policy's default")
	assert.Equal(t, map[string]string{"Tier": "gold"}, args.Tags)
	assert.True(t, *args.Versioning, "the component's own argument wins")
	assert.False(t, *args.ForceDestroy)

	filled, probs = r.ApplyComponentDefaults("orgiac:test:Other", &args)
	assert.Empty(t, filled, "other components are untouched")
	assert.Zero(t, probs.Len())
}

func TestApplyComponentDefaultsRejects(t *testing.T) {
	for name, defaults := range map[string]map[string]any{
		"an unknown input is rejected":                   {"versionning": true},
		"an input that comes from resources is rejected": {"kmsKeyArn": "arn"},
		"a value of the wrong type is rejected":          {"natGateways": 3},
	} {
		t.Run(name, func(t *testing.T) {
			r := Resolved{Components: map[string]map[string]any{"orgiac:test:X": defaults}}
			_, probs := r.ApplyComponentDefaults("orgiac:test:X", &fakeArgs{})
			assert.Equal(t, []string{"CFG140"}, codes(probs))
		})
	}
}
