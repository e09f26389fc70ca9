package index

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKnownConfigReturnsAKnownValue(t *testing.T) {
	m, err := knownConfig(context.Background(), pulumi.Map{"project": pulumi.Map{"name": pulumi.String("shop")}})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"project": map[string]any{"name": "shop"}}, m)
}

// In a preview, an output of a resource that does not exist yet is unknown:
// the Deployment cannot decide its modules from it.
func TestKnownConfigRefusesAnUnknownValue(t *testing.T) {
	unknown := pulumi.UnsafeUnknownOutput(nil).ApplyT(func(v any) map[string]any { return nil }).(pulumi.MapOutput)
	_, err := knownConfig(context.Background(), unknown)
	assert.ErrorContains(t, err, "config is not known yet")
}

// A config that never resolves (its resource is still being created when the
// deployment is cancelled) ends the wait with the deployment, not on a timer.
func TestKnownConfigStopsWaitingWhenTheDeploymentIsCancelled(t *testing.T) {
	pending, _, _ := pulumi.NewOutput()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := knownConfig(ctx, pending.ApplyT(func(v any) map[string]any { return nil }).(pulumi.MapOutput))
	assert.ErrorIs(t, err, context.Canceled)
}
