package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// siblingStack copies the program folder src beside first's program and
// gives it first's environment: the same state backend (so a
// StackReference finds first), plugin home, ledger and AWS account.
func siblingStack(t *testing.T, first *stack, src string) *stack {
	t.Helper()
	dir := filepath.Join(filepath.Dir(first.Dir), filepath.Base(src))
	require.NoError(t, os.CopyFS(dir, os.DirFS(filepath.Join(repoRoot, src))))
	s := *first
	s.Dir = dir
	return &s
}

// TestTwoStacksClusterBuildsOnTheNetworkStack runs the layered-stacks path
// of examples/yaml-two-stacks through the real CLI on one file backend: the
// network, the cluster built on its exported network, a tier added to the
// network, the wrong destroy order, and the right one.
func TestTwoStacksClusterBuildsOnTheNetworkStack(t *testing.T) {
	t.Parallel()
	network := newStack(t, "examples/yaml-two-stacks/network")
	network.Init()
	require.NoError(t, cliRunner{}.Run(network, "up"))
	contract := network.Outputs()["network"].(map[string]any)
	require.NotEmpty(t, contract["privateSubnetIds"])

	cluster := siblingStack(t, network, "examples/yaml-two-stacks/cluster")
	cluster.Init()
	// A stack that does not exist fails the read, before anything is
	// created, naming the stack.
	stackFile := filepath.Join(cluster.Dir, "Pulumi.dev.yaml")
	good, err := os.ReadFile(stackFile)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(stackFile, []byte(strings.Replace(string(good),
		"organization/network/dev", "organization/network/nope", 1)), 0o644))
	out, errOut, err := cluster.Pulumi("preview", "--stack", cluster.Name)
	require.Error(t, err, "a missing network stack fails the preview")
	assert.Contains(t, out+errOut, "organization/network/nope")
	require.NoError(t, os.WriteFile(stackFile, good, 0o644))
	assert.Empty(t, cluster.Export().Resources, "nothing was created")

	require.NoError(t, cliRunner{}.Run(cluster, "up"))
	dep := cluster.Export()
	eks := dep.one(t, tCluster)
	assert.ElementsMatch(t, contract["privateSubnetIds"], get(eks.Outputs, "vpcConfig", "subnetIds"),
		"the cluster is in the network stack's private subnets")
	assert.Equal(t, contract["vpcId"], get(eks.Outputs, "vpcConfig", "vpcId"))
	refs := dep.ofType("pulumi:pulumi:StackReference")
	require.Len(t, refs, 1, "the network is read through one StackReference")
	assert.Equal(t, "organization/network/dev", refs[0].Outputs["name"])
	assert.Contains(t, dep.one(t, "orgiac:aws:EksCluster").Dependencies, refs[0].URN,
		"the cluster depends on the read of the network")
	outs := cluster.Outputs()
	assert.Equal(t, []any{map[string]any{"stack": "organization/network/dev", "outputs": []any{
		"network.region", "network.vpcId", "network.cidrBlock", "network.privateSubnetIds"}}}, outs["builtOn"],
		"the report records the stack and the outputs the Deployment built on")
	assert.Empty(t, dep.ofType(tSecureVpc), "the cluster stack creates no VPC of its own")
	assert.Empty(t, dep.ofType(tVpc))

	// A tier added to the network moves no subnet; the cluster's preview
	// replaces nothing, and its up picks the new tier up.
	subnetsBefore := subnetIDs(network.Export())
	prog := filepath.Join(network.Dir, "Pulumi.yaml")
	src, err := os.ReadFile(prog)
	require.NoError(t, err)
	const private = "          - {type: private, cidrMask: 20, eksDiscovery: true}\n"
	require.Contains(t, string(src), private)
	require.NoError(t, os.WriteFile(prog, []byte(strings.Replace(string(src), private,
		private+"          - {type: isolated, cidrMask: 24}\n", 1)), 0o644))
	assertNoReplacements(t, previewOps(t, network))
	require.NoError(t, cliRunner{}.Run(network, "up"))
	subnetsAfter := subnetIDs(network.Export())
	for urn, id := range subnetsBefore {
		assert.Equal(t, id, subnetsAfter[urn], "subnet %s stays where it was", urn)
	}
	assert.Len(t, subnetsAfter, len(subnetsBefore)+2, "the isolated tier adds one subnet per zone")
	isolated := network.Outputs()["network"].(map[string]any)["isolatedSubnetIds"]
	require.Len(t, isolated, 2)

	assertNoReplacements(t, previewOps(t, cluster))
	require.NoError(t, cliRunner{}.Run(cluster, "up"))
	assert.ElementsMatch(t, isolated, get(cluster.Outputs()["modules"].(map[string]any), "aws.vpc", "isolatedSubnetIds"),
		"the cluster stack's up reads the network's new outputs")

	// The wrong order: the network first, while the cluster is in its
	// subnets. See docs/components/deployment.md, "Destroying in order".
	// The example protects its network, so the engine refuses, and
	// deletes nothing.
	inCloud := network.CloudResources()
	_, _, err = network.Pulumi("destroy", "--yes", "--skip-preview", "--stack", network.Name)
	require.Error(t, err, "the engine refuses to destroy the protected network")
	assert.Equal(t, inCloud, network.CloudResources(), "the refused destroy deleted nothing")
	assertProtected(t, network.Export())

	// Unprotected, the wrong order reaches the cloud, which refuses to
	// delete the subnets the cluster is in, as AWS does.
	network.MustPulumi("state", "unprotect", "--all", "--yes", "--stack", network.Name)
	out, errOut, err = network.Pulumi("destroy", "--yes", "--skip-preview", "--stack", network.Name)
	require.Error(t, err, "destroying the network under a cluster fails")
	assert.Contains(t, out+errOut, "DependencyViolation", "the cloud refuses to delete a subnet the cluster uses")
	t.Logf("the refused destroy:\n%s", lastLines(out+errOut, 12))
	left := network.CloudResources()
	assert.Contains(t, left, tVpc+"/"+contract["vpcId"].(string), "the VPC is still there")
	for _, id := range contract["privateSubnetIds"].([]any) {
		assert.Contains(t, left, "aws:ec2/subnet:Subnet/"+id.(string), "the cluster's subnets are still there")
	}
	assert.Contains(t, left, tCluster+"/"+eks.ID, "the cluster is untouched")

	// The right order, and nothing is left.
	require.NoError(t, cliRunner{}.Run(cluster, "destroy"))
	require.NoError(t, cliRunner{}.Run(network, "destroy"))
	assert.Empty(t, network.CloudResources())
}

// subnetIDs maps each aws subnet's URN to its id.
func subnetIDs(d deployment) map[string]string {
	out := map[string]string{}
	for _, r := range d.ofType("aws:ec2/subnet:Subnet") {
		out[r.URN] = r.ID
	}
	return out
}

// assertProtected checks every resource of the network stack is still in
// its state, and protected: protect on the component reaches its children.
func assertProtected(t *testing.T, d deployment) {
	t.Helper()
	n := 0
	for _, r := range d.Resources {
		if r.Custom && !strings.HasPrefix(r.Type, "pulumi:providers:") {
			assert.True(t, r.Protect, "%s is protected", r.URN)
			n++
		}
	}
	assert.Positive(t, n)
}
