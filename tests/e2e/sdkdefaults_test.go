package e2e

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Programs written with the generated SDKs leave inputs unset, and Construct
// must see them unset: a VPC that names its zones must not also get the
// SDK's number of zones (VPC007), and the policy file's component default
// for forceDestroy must win over nothing, not lose to an SDK-filled false.
func TestSDKsLeaveUnsetInputsUnset(t *testing.T) {
	t.Parallel()
	python := filepath.Join(repoRoot, ".toolchain", "venv", "bin", "python")
	node := filepath.Join(repoRoot, "tests", "e2e", "drivers", "nodejs")
	for _, tt := range []struct {
		name, src string
		driver    automationRunner
	}{
		{"Python", "tests/e2e/testdata/python-sdk-defaults",
			automationRunner{command: []string{python, filepath.Join(repoRoot, "tests", "e2e", "drivers", "python", "driver.py")}, dir: filepath.Join(repoRoot, "tests", "e2e", "drivers", "python")}},
		{"TypeScript", "tests/e2e/testdata/typescript-sdk-defaults",
			automationRunner{command: []string{"node", filepath.Join(node, "driver.js")}, dir: node}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStack(t, tt.src)
			if tt.name == "TypeScript" {
				require.NoError(t, os.Symlink(filepath.Join(node, "node_modules"), filepath.Join(s.Dir, "node_modules")))
			}
			s.Init()
			require.NoError(t, tt.driver.Run(s, "up"), "availabilityZoneNames without numberOfAvailabilityZones is accepted")
			dep := s.Export()

			assert.Equal(t, true, dep.one(t, tBucket).Inputs["forceDestroy"],
				"the policy file's forceDestroy default applies to an SDK program that leaves it unset")
			var zones []string
			for _, sn := range dep.ofType("aws:ec2/subnet:Subnet") {
				zones = append(zones, sn.Inputs["availabilityZone"].(string))
			}
			sort.Strings(zones)
			assert.Equal(t, []string{"us-west-2a", "us-west-2c"}, zones, "one subnet in each named zone")
			assertCloudMatchesState(t, s, dep)

			require.NoError(t, tt.driver.Run(s, "destroy"))
			assert.Empty(t, s.CloudResources(), "destroy leaves nothing behind")
		})
	}
}
