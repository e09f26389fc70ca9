package e2e

import (
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const tDeployment = "orgiac:index:Deployment"

// TestDeploymentYAML builds the DESIGN.md section 9 environment from the
// example's stack file and the organization policy file beside it.
func TestDeploymentYAML(t *testing.T) {
	t.Parallel()
	s := newStack(t, "examples/yaml-deployment")

	validate := exec.Command(filepath.Join(pluginBin, "orgiac"), "validate",
		filepath.Join(s.Dir, "org-policy.yaml"), filepath.Join(s.Dir, "Pulumi.dev.yaml"))
	out, err := validate.CombinedOutput()
	require.NoError(t, err, "orgiac validate accepts the example: %s", out)

	s.Init()
	require.NoError(t, cliRunner{}.Run(s, "up"))
	dep := s.Export()
	d := dep.one(t, tDeployment)
	assert.Equal(t, []any{"aws.vpc", "aws.eks", "aws.s3"}, d.Outputs["deploymentOrder"])

	for _, typ := range []string{tVpc, tCluster, tBucket} {
		r := dep.one(t, typ)
		tags := r.Outputs["tagsAll"].(map[string]any)
		assert.Equal(t, "dev", tags["Environment"], "%s: ${project:environment} is interpolated", typ)
		assert.Equal(t, "example-project", tags["Project"], "%s: ${project:name} is interpolated", typ)
		assert.Equal(t, "acme", tags["Organization"], "%s: the organization comes from the policy file", typ)
		assert.Equal(t, "cc-1234", tags["CostCenter"], "%s", typ)
	}
	cluster := dep.one(t, tCluster)
	assert.Equal(t, "acme-dev-example-cluster", cluster.Outputs["name"])
	var private []any
	for _, r := range dep.ofType(tSecureVpc) {
		private = r.Outputs["privateSubnetIds"].([]any)
	}
	assert.ElementsMatch(t, private, get(cluster.Outputs, "vpcConfig", "subnetIds"), "EKS gets the VPC's private subnets")
	var awsProviders int
	for _, r := range dep.Resources {
		if r.Type == "pulumi:providers:aws" && r.Parent == d.URN {
			awsProviders++
			assert.Equal(t, "us-west-2", r.Outputs["region"])
		}
	}
	assert.Equal(t, 1, awsProviders, "the Deployment creates an explicit aws provider")
	assertCloudMatchesState(t, s, dep)

	require.NoError(t, cliRunner{}.Run(s, "up"))
	assertOnlyUnchanged(t, s.LastChanges(), "a second up changes nothing")
	require.NoError(t, cliRunner{}.Run(s, "destroy"))
	assert.Empty(t, s.CloudResources())
}
