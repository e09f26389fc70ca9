package index

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/config"
	"github.com/orgiac/pulumi-orgiac/provider/aws"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

// layeredConfig is a cluster stack's configuration: its VPC is another
// stack's network.
const layeredConfig = `
project: {name: apps, environment: prod}
aws:
  enabled: true
  region: us-west-2
  vpc: {enabled: true, stack: acme/network/prod}
  eks:
    enabled: true
    clusters:
      - name: main
        node_groups: [{name: workers, instance_type: m5.large, min_size: 1, max_size: 3, desired_size: 2}]
`

// exported is a network output as a NetworkStack's networkOutputs reaches
// a StackReference: plain JSON values.
func exported() map[string]any {
	return map[string]any{
		"contractVersion": float64(aws.NetworkContractVersion), "region": "us-west-2", "vpcId": "vpc-1",
		"cidrBlock": "10.0.0.0/16", "publicSubnetIds": []any{"subnet-p1", "subnet-p2"},
		"privateSubnetIds": []any{"subnet-a", "subnet-b"}, "isolatedSubnetIds": []any{},
		"subnetLayout": []any{}, "securityGroupIds": map[string]any{"web": "sg-1"},
	}
}

func assessLayered(t *testing.T, doc string, value any) (deploymentBuild, []string, string) {
	t.Helper()
	cfg, probs := settings.Config{PolicySettings: config.PolicySettings{Organization: "acme", Owner: "team-apps"}}.
		Resolve(settings.Stack{Name: "prod", Project: "apps"}, time.Now())
	require.Zero(t, probs.Len(), "%v", probs.Items())
	rc := raw(t, doc)
	a := assessDeployment("env", knownArgs{Config: rc, network: &networkRef{Stack: networkStack(rc), Value: value}}, cfg)
	var msgs []string
	for _, p := range a.Problems.Items() {
		msgs = append(msgs, p.Error())
	}
	if a.Report.Audit != nil {
		require.Len(t, a.Report.Audit.StackReferences, 1)
	}
	return a.Plan, codes(a.Problems), strings.Join(msgs, "\n")
}

func TestDeploymentBuildsOnAnotherStacksNetwork(t *testing.T) {
	b, got, msgs := assessLayered(t, layeredConfig, exported())
	require.Empty(t, got, msgs)
	require.NotNil(t, b.Network)
	assert.Equal(t, "vpc-1", b.Network.VpcId)
	assert.Equal(t, []string{"subnet-a", "subnet-b"}, b.Network.PrivateSubnetIds)
	assert.Equal(t, []string{"aws.vpc", "aws.eks"}, b.Order, "the clusters still come after the (read) network")
	assert.Len(t, b.Steps, 1, "only the cluster is built; the VPC is the other stack's")
}

func TestDeploymentRecordsTheStackAndOutputsItBuiltOn(t *testing.T) {
	cfg, _ := settings.Config{PolicySettings: config.PolicySettings{Organization: "acme", Owner: "team-apps"}}.
		Resolve(settings.Stack{Name: "prod", Project: "apps"}, time.Now())
	rc := raw(t, layeredConfig)
	a := assessDeployment("env", knownArgs{Config: rc, network: &networkRef{Stack: "acme/network/prod", Value: exported()}}, cfg)
	require.Zero(t, a.Problems.Len())
	require.NotNil(t, a.Report.Audit)
	require.Len(t, a.Report.Audit.StackReferences, 1)
	note := a.Report.Audit.StackReferences[0]
	assert.Equal(t, "acme/network/prod", note.Stack)
	assert.Equal(t, []string{"network.region", "network.vpcId", "network.cidrBlock", "network.privateSubnetIds"}, note.Outputs)
}

func TestDeploymentRejectsABadNetworkReference(t *testing.T) {
	with := func(edit func(m map[string]any)) map[string]any {
		m := exported()
		edit(m)
		return m
	}
	tests := []struct {
		name  string
		doc   string
		value any
		want  string
		text  []string
	}{
		{"a stack name with four parts", strings.Replace(layeredConfig, "acme/network/prod", "a/b/c/d", 1), exported(),
			"DEP009", []string{`config.aws.vpc.stack: "a/b/c/d"`}},
		{"a stack without the network output", layeredConfig, nil,
			"DEP010", []string{`config.aws.vpc.stack: "acme/network/prod"`, `has no output "network"`}},
		{"an output of the wrong shape", layeredConfig, "vpc-1",
			"DEP011", []string{"output network:", "cannot unmarshal string"}},
		{"subnets that are not strings", layeredConfig, with(func(m map[string]any) { m["privateSubnetIds"] = []any{1.0} }),
			"DEP011", []string{"output network:", "privateSubnetIds"}},
		{"an output that is not the contract", layeredConfig, map[string]any{"vpcId": "vpc-1"},
			"DEP011", []string{"has no contractVersion", "has no region"}},
		{"a newer contract", layeredConfig, with(func(m map[string]any) { m["contractVersion"] = 99.0 }),
			"DEP011", []string{"contractVersion 99, newer than this orgiac's 1"}},
		{"a network without private subnets", layeredConfig, with(func(m map[string]any) { m["privateSubnetIds"] = []any{} }),
			"DEP012", []string{"has no private subnets, which aws.eks.clusters[0] (main) is built on"}},
		{"a network in another region", layeredConfig, with(func(m map[string]any) { m["region"] = "eu-west-1" }),
			"DEP013", []string{"is a network in eu-west-1, and aws.region is us-west-2"}},
		{"the VPC's own fields beside stack", strings.Replace(layeredConfig, "stack: acme/network/prod",
			"stack: acme/network/prod, cidr_block: 10.1.0.0/16, nat_gateways: single", 1), exported(),
			"CFG115", []string{"config.aws.vpc.cidr_block: cannot be given with stack acme/network/prod",
				"config.aws.vpc.nat_gateways: cannot be given"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, got, msgs := assessLayered(t, tt.doc, tt.value)
			assert.Contains(t, got, tt.want, msgs)
			for _, want := range tt.text {
				assert.Contains(t, msgs, want)
			}
			assert.Empty(t, b.Steps, "nothing is prepared for a build that cannot happen")
		})
	}
}

func TestDeploymentReportsEveryNetworkProblemAtOnce(t *testing.T) {
	m := exported()
	m["region"], m["privateSubnetIds"] = "eu-west-1", []any{}
	_, got, msgs := assessLayered(t, layeredConfig, m)
	assert.ElementsMatch(t, []string{"DEP012", "DEP013"}, got, msgs)
}

func TestNetworkStackIsReadOnlyWhenTheVPCModuleIsOn(t *testing.T) {
	assert.Equal(t, "acme/network/prod", networkStack(raw(t, layeredConfig)))
	assert.Empty(t, networkStack(raw(t, strings.Replace(layeredConfig, "vpc: {enabled: true", "vpc: {enabled: false", 1))))
	assert.Empty(t, networkStack(raw(t, strings.Replace(layeredConfig, "  enabled: true\n  region", "  enabled: false\n  region", 1))))
	assert.Empty(t, networkStack(raw(t, designConfig)))
}
