package provider

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type blockedComponent struct{ pulumi.ResourceState }

// A cancelled deployment must not wait for a constructor that never ends:
// the engine is waiting for the plugin to give up.
func TestAConstructorOnItsOwnStackStopsWaitingWhenCancelled(t *testing.T) {
	goctx, cancel := context.WithCancel(context.Background())
	ctx, err := pulumi.NewContext(goctx, pulumi.RunInfo{Project: "p", Stack: "s", Mocks: noMocks{}})
	require.NoError(t, err)

	release := make(chan struct{})
	defer close(release)
	started := make(chan struct{})
	construct := onFreshStack(func(*pulumi.Context, string, struct{}, ...pulumi.ResourceOption) (*blockedComponent, error) {
		close(started)
		<-release
		return &blockedComponent{}, nil
	})
	result := make(chan error, 1)
	go func() {
		_, err := construct(ctx, "blocked", struct{}{})
		result <- err
	}()
	<-started
	cancel()
	err = <-result
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorContains(t, err, `constructing "blocked"`)
}

type noMocks struct{}

func (noMocks) NewResource(a pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	return a.Name, a.Inputs, nil
}

func (noMocks) Call(pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}
