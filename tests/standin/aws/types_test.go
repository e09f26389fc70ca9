package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/tests/standin/awscloud"
	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

func TestTypeTableCoversTheTypesTheComponentsUse(t *testing.T) {
	want := []string{
		"aws:s3/bucketV2:BucketV2",
		"aws:s3/bucketVersioningV2:BucketVersioningV2",
		"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
		"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
		"aws:s3/bucketOwnershipControls:BucketOwnershipControls",
		"aws:s3/bucketPolicy:BucketPolicy",
		"aws:s3/bucketLoggingV2:BucketLoggingV2",
		"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
		"aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
		"aws:kms/key:Key",
		"aws:kms/alias:Alias",
		"aws:ec2/vpc:Vpc",
		"aws:ec2/subnet:Subnet",
		"aws:ec2/internetGateway:InternetGateway",
		"aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway",
		"aws:ec2/eip:Eip",
		"aws:ec2/natGateway:NatGateway",
		"aws:ec2/routeTable:RouteTable",
		"aws:ec2/route:Route",
		"aws:ec2/routeTableAssociation:RouteTableAssociation",
		"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
		"aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
		"aws:ec2/networkAcl:NetworkAcl",
		"aws:ec2/networkAclRule:NetworkAclRule",
		"aws:ec2/networkAclAssociation:NetworkAclAssociation",
		"aws:ec2/securityGroup:SecurityGroup",
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
		"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
		"aws:ec2/vpcEndpoint:VpcEndpoint",
		"aws:ec2/flowLog:FlowLog",
		"aws:ec2/launchTemplate:LaunchTemplate",
		"aws:cloudwatch/logGroup:LogGroup",
		"aws:iam/role:Role",
		"aws:iam/rolePolicy:RolePolicy",
		"aws:iam/rolePolicyAttachment:RolePolicyAttachment",
		"aws:iam/openIdConnectProvider:OpenIdConnectProvider",
		"aws:eks/cluster:Cluster",
		"aws:eks/nodeGroup:NodeGroup",
		"aws:eks/addon:Addon",
		"aws:eks/accessEntry:AccessEntry",
		"aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
	}
	var got []string
	for _, ts := range types {
		got = append(got, ts.Token)
	}
	assert.ElementsMatch(t, want, got)
}

// Each type the components register is either translated to moto or kept in
// memory for a stated reason, never neither and never both.
func TestEveryTypeIsTranslatedToMotoOrInMemoryWithAReason(t *testing.T) {
	var translated int
	for _, ts := range types {
		reason, memory := inMemory[ts.Token]
		if awscloud.Translated(ts.Token) {
			translated++
			assert.False(t, memory, "%s is translated to moto and also listed as in-memory", ts.Token)
			continue
		}
		assert.True(t, memory, "%s is neither translated to moto (package awscloud) nor listed in inMemory", ts.Token)
		assert.NotEmpty(t, reason, "%s says why it is in memory", ts.Token)
	}
	for token := range inMemory {
		assert.True(t, slices.ContainsFunc(types, func(ts standin.TypeSpec) bool { return ts.Token == token }),
			"inMemory lists %s, which is not in the type table", token)
	}
	t.Logf("%d of %d types translated to moto", translated, len(types))
}

// The README's table of in-memory types is the one in the code.
func TestTheReadmeListsEveryInMemoryType(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	require.NoError(t, err)
	for token := range inMemory {
		assert.Contains(t, string(readme), "`"+token+"`", "tests/standin/README.md lists %s as in-memory", token)
	}
}

// The in-memory types create with an id in their AWS format and are recorded
// in the ledger.
func TestInMemoryTypesCreateWithAnIDInTheirAWSFormat(t *testing.T) {
	tests := []struct {
		typ    string
		inputs map[string]any
		id     string
	}{
		{"aws:eks/addon:Addon", map[string]any{"clusterName": "c", "addonName": "vpc-cni"}, `^c:vpc-cni$`},
		{"aws:eks/accessEntry:AccessEntry", map[string]any{"clusterName": "c", "principalArn": "arn:aws:iam::1:role/admin"},
			`^c:arn:aws:iam::1:role/admin$`},
		{"aws:eks/accessPolicyAssociation:AccessPolicyAssociation", map[string]any{
			"clusterName": "c", "principalArn": "arn:p", "policyArn": "arn:q", "accessScope": map[string]any{"type": "cluster"},
		}, `^c#arn:p#arn:q$`},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			s, ledger := newServer(t, map[string]any{"defaultTags": map[string]any{"tags": map[string]any{"suite": "e2e"}}})
			id, _ := create(t, s, tt.typ, "logs", tt.inputs)
			assert.Regexp(t, tt.id, id)
			entries, err := standin.ReadLedger(ledger)
			require.NoError(t, err)
			assert.Contains(t, entries, standin.LedgerKey(tt.typ, id))
		})
	}
}

// A translated type lives in moto, not in the ledger.
func TestTranslatedTypesLiveInMoto(t *testing.T) {
	s, ledger := newServer(t, map[string]any{"region": "us-west-2"})
	id, state := create(t, s, "aws:s3/bucketV2:BucketV2", "Logs", map[string]any{})
	assert.Equal(t, "arn:aws:s3:::"+id, at(state, "arn").AsString())
	entries, err := standin.ReadLedger(ledger)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing in the ledger")
}
