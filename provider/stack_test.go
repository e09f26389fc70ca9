package provider_test

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/testharness"
	"github.com/orgiac/pulumi-orgiac/provider"
)

// Every resource a component registers records, in the state, the stack it
// was registered from. Components run on a fresh goroutine, so that stack
// holds orgiac's frames and not the plumbing that called Construct.
func TestComponentsRecordOnlyTheirOwnFrames(t *testing.T) {
	prov, err := provider.New()
	require.NoError(t, err)
	h := testharness.New(t, prov, map[string]property.Value{
		"organization":  property.New("acme"),
		"loggingBucket": property.New("acme-access-logs"),
		"owner":         property.New("team-data"),
	})
	_, err = h.Construct("orgiac:aws:SecureBucket", "artifacts", map[string]property.Value{})
	require.NoError(t, err)

	_, self, _, _ := runtime.Caller(0)
	repo := filepath.Dir(filepath.Dir(self)) // builds without -trimpath record file paths
	children := h.Children()
	require.NotEmpty(t, children)
	for _, c := range children {
		require.NotEmpty(t, c.Frames, "%s %s records a stack trace", c.Type, c.Name)
		// A child is registered by its component's code, the component itself
		// by the lifecycle every component shares.
		innermost := "/provider/aws/"
		if c.Type == "orgiac:aws:SecureBucket" {
			innermost = "/provider/lifecycle/"
		}
		assert.Contains(t, c.Frames[0], innermost, "%s %s: the innermost frame is orgiac's", c.Type, c.Name)
		for _, f := range c.Frames {
			if strings.Contains(f, "github.com/orgiac/pulumi-orgiac/") || strings.Contains(f, repo+"/") ||
				strings.Contains(f, "/runtime/asm_") {
				continue
			}
			assert.Failf(t, "a frame from outside orgiac", "%s %s: %s", c.Type, c.Name, f)
		}
	}
}
