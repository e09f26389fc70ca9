package main

import (
	"encoding/base64"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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

// TestEveryTypeCreatesWithAnIDInItsAWSFormat creates one of each type with
// minimal inputs, which also runs every Outputs function.
func TestEveryTypeCreatesWithAnIDInItsAWSFormat(t *testing.T) {
	const hex17 = `[0-9a-f]{17}`
	tests := []struct {
		typ    string
		inputs map[string]any
		id     string
	}{
		{"aws:s3/bucketV2:BucketV2", map[string]any{}, `^logs-[0-9a-f]{7}$`},
		{"aws:s3/bucketVersioningV2:BucketVersioningV2", map[string]any{"bucket": "b1"}, `^b1$`},
		{"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
			map[string]any{"bucket": "b1"}, `^b1$`},
		{"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", map[string]any{"bucket": "b1"}, `^b1$`},
		{"aws:s3/bucketOwnershipControls:BucketOwnershipControls", map[string]any{"bucket": "b1"}, `^b1$`},
		{"aws:s3/bucketPolicy:BucketPolicy", map[string]any{"bucket": "b1", "policy": "{}"}, `^b1$`},
		{"aws:s3/bucketLoggingV2:BucketLoggingV2", map[string]any{"bucket": "b1", "targetBucket": "b2"}, `^b1$`},
		{"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", map[string]any{"bucket": "b1"}, `^b1$`},
		{"aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2", map[string]any{"bucket": "b1"}, `^b1$`},
		{"aws:kms/key:Key", map[string]any{}, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`},
		{"aws:kms/alias:Alias", map[string]any{"targetKeyId": "k"}, `^alias/logs-[0-9a-f]{7}$`},
		{"aws:ec2/vpc:Vpc", map[string]any{"cidrBlock": "10.0.0.0/16"}, `^vpc-` + hex17 + `$`},
		{"aws:ec2/subnet:Subnet", map[string]any{"vpcId": "vpc-1", "cidrBlock": "10.0.0.0/24"}, `^subnet-` + hex17 + `$`},
		{"aws:ec2/internetGateway:InternetGateway", map[string]any{}, `^igw-` + hex17 + `$`},
		{"aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway", map[string]any{"vpcId": "vpc-1"}, `^eigw-` + hex17 + `$`},
		{"aws:ec2/eip:Eip", map[string]any{"domain": "vpc"}, `^eipalloc-` + hex17 + `$`},
		{"aws:ec2/natGateway:NatGateway", map[string]any{"subnetId": "subnet-1", "allocationId": "eipalloc-1"}, `^nat-` + hex17 + `$`},
		{"aws:ec2/routeTable:RouteTable", map[string]any{"vpcId": "vpc-1"}, `^rtb-` + hex17 + `$`},
		{"aws:ec2/route:Route", map[string]any{"routeTableId": "rtb-1", "destinationCidrBlock": "0.0.0.0/0"}, `^r-rtb-1[0-9]+$`},
		{"aws:ec2/routeTableAssociation:RouteTableAssociation", map[string]any{"routeTableId": "rtb-1", "subnetId": "s"},
			`^rtbassoc-` + hex17 + `$`},
		{"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", map[string]any{"vpcId": "vpc-1"}, `^sg-` + hex17 + `$`},
		{"aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", map[string]any{"defaultNetworkAclId": "acl-0123"}, `^acl-0123$`},
		{"aws:ec2/networkAcl:NetworkAcl", map[string]any{"vpcId": "vpc-1"}, `^acl-` + hex17 + `$`},
		{"aws:ec2/networkAclRule:NetworkAclRule", map[string]any{
			"networkAclId": "acl-1", "ruleNumber": 100, "protocol": "-1", "ruleAction": "allow", "cidrBlock": "0.0.0.0/0",
		}, `^nacl-[0-9]+$`},
		{"aws:ec2/networkAclAssociation:NetworkAclAssociation", map[string]any{"networkAclId": "acl-1", "subnetId": "s"},
			`^aclassoc-` + hex17 + `$`},
		{"aws:ec2/securityGroup:SecurityGroup", map[string]any{"vpcId": "vpc-1"}, `^sg-` + hex17 + `$`},
		{"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", map[string]any{"securityGroupId": "sg-1"},
			`^sgr-` + hex17 + `$`},
		{"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", map[string]any{"securityGroupId": "sg-1"},
			`^sgr-` + hex17 + `$`},
		{"aws:ec2/vpcEndpoint:VpcEndpoint", map[string]any{"vpcId": "vpc-1", "serviceName": "com.amazonaws.us-east-1.s3"},
			`^vpce-` + hex17 + `$`},
		{"aws:ec2/flowLog:FlowLog", map[string]any{"vpcId": "vpc-1", "trafficType": "ALL", "logGroupName": "g"},
			`^fl-` + hex17 + `$`},
		{"aws:ec2/launchTemplate:LaunchTemplate", map[string]any{}, `^lt-` + hex17 + `$`},
		{"aws:cloudwatch/logGroup:LogGroup", map[string]any{}, `^logs-[0-9a-f]{7}$`},
		{"aws:iam/role:Role", map[string]any{"assumeRolePolicy": "{}"}, `^logs-[0-9a-f]{7}$`},
		{"aws:iam/rolePolicy:RolePolicy", map[string]any{"role": "r", "policy": "{}"}, `^r:logs-[0-9a-f]{7}$`},
		{"aws:iam/rolePolicyAttachment:RolePolicyAttachment", map[string]any{"role": "r", "policyArn": "arn:p"},
			`^r-20[0-9]{24}$`},
		{"aws:iam/openIdConnectProvider:OpenIdConnectProvider", map[string]any{"url": "https://oidc.example.com/id/X"},
			`^arn:aws:iam::123456789012:oidc-provider/oidc\.example\.com/id/X$`},
		{"aws:eks/cluster:Cluster", map[string]any{"roleArn": "arn:r", "vpcConfig": map[string]any{"subnetIds": []any{"s"}}},
			`^logs-[0-9a-f]{7}$`},
		{"aws:eks/nodeGroup:NodeGroup", map[string]any{"clusterName": "c", "nodeRoleArn": "arn:r", "subnetIds": []any{"s"}},
			`^c:logs-[0-9a-f]{7}$`},
		{"aws:eks/addon:Addon", map[string]any{"clusterName": "c", "addonName": "vpc-cni"}, `^c:vpc-cni$`},
		{"aws:eks/accessEntry:AccessEntry", map[string]any{"clusterName": "c", "principalArn": "arn:aws:iam::1:role/admin"},
			`^c:arn:aws:iam::1:role/admin$`},
		{"aws:eks/accessPolicyAssociation:AccessPolicyAssociation", map[string]any{
			"clusterName": "c", "principalArn": "arn:p", "policyArn": "arn:q", "accessScope": map[string]any{"type": "cluster"},
		}, `^c#arn:p#arn:q$`},
	}
	taggable := map[string]bool{}
	for _, ts := range types {
		taggable[ts.Token] = ts.Taggable
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			s, ledger := newServer(t, map[string]any{"defaultTags": map[string]any{"tags": map[string]any{"suite": "e2e"}}})
			id, state := create(t, s, tt.typ, "logs", tt.inputs)
			assert.Regexp(t, tt.id, id)

			if taggable[tt.typ] {
				assert.Equal(t, "e2e", at(state, "tagsAll", "suite").AsString())
			}
			entries, err := standin.ReadLedger(ledger)
			require.NoError(t, err)
			assert.Contains(t, entries, standin.LedgerKey(tt.typ, id))
		})
	}
}

func TestBucketV2ComputesRegionalNamesAndARN(t *testing.T) {
	s, _ := newServer(t, map[string]any{"region": "us-west-2"})
	id, state := create(t, s, "aws:s3/bucketV2:BucketV2", "Logs", map[string]any{})
	assert.Equal(t, "arn:aws:s3:::"+id, at(state, "arn").AsString())
	assert.Equal(t, id+".s3.amazonaws.com", at(state, "bucketDomainName").AsString())
	assert.Equal(t, id+".s3.us-west-2.amazonaws.com", at(state, "bucketRegionalDomainName").AsString())
	assert.Equal(t, "us-west-2", at(state, "region").AsString())
	assert.Equal(t, "Z3BJ6K6RIION7M", at(state, "hostedZoneId").AsString())
}

func TestKMSKeyComputesARNAndKeyID(t *testing.T) {
	s, _ := newServer(t, nil)
	id, state := create(t, s, "aws:kms/key:Key", "key", map[string]any{"enableKeyRotation": true})
	assert.Equal(t, id, at(state, "keyId").AsString())
	assert.Equal(t, "arn:aws:kms:us-east-1:123456789012:key/"+id, at(state, "arn").AsString())
	assert.Equal(t, 365.0, at(state, "rotationPeriodInDays").AsNumber())
}

func TestIAMRoleARNIsGlobalAndCarriesThePath(t *testing.T) {
	s, _ := newServer(t, nil)
	id, state := create(t, s, "aws:iam/role:Role", "ci", map[string]any{"name": "deployer", "path": "/svc/"})
	assert.Equal(t, "deployer", id)
	assert.Equal(t, "arn:aws:iam::123456789012:role/svc/deployer", at(state, "arn").AsString())
	assert.Regexp(t, `^AROA[A-Z0-9]{17}$`, at(state, "uniqueId").AsString())
}

func TestVpcComputesDefaultsAndAnIPv6BlockOnRequest(t *testing.T) {
	s, _ := newServer(t, nil)
	id, state := create(t, s, "aws:ec2/vpc:Vpc", "vpc", map[string]any{
		"cidrBlock": "10.0.0.0/16", "assignGeneratedIpv6CidrBlock": true,
	})
	assert.Equal(t, "arn:aws:ec2:us-east-1:123456789012:vpc/"+id, at(state, "arn").AsString())
	for _, k := range []string{"defaultSecurityGroupId", "defaultNetworkAclId", "defaultRouteTableId", "mainRouteTableId"} {
		assert.NotEmpty(t, at(state, k).AsString(), k)
	}
	assert.Equal(t, at(state, "defaultRouteTableId"), at(state, "mainRouteTableId"))
	assert.Regexp(t, `^2600:1f18:[0-9a-f]{4}:[0-9a-f]{2}00::/56$`, at(state, "ipv6CidrBlock").AsString())

	_, state = create(t, s, "aws:ec2/vpc:Vpc", "vpc4", map[string]any{"cidrBlock": "10.1.0.0/16"})
	assert.Empty(t, at(state, "ipv6CidrBlock").AsString())
}

func TestSubnetEchoesItsIPv6BlockAndZone(t *testing.T) {
	s, _ := newServer(t, nil)
	_, state := create(t, s, "aws:ec2/subnet:Subnet", "sn", map[string]any{
		"vpcId": "vpc-1", "cidrBlock": "10.0.1.0/24", "ipv6CidrBlock": "2600:1f18:1:100::/64", "availabilityZone": "us-east-1c",
	})
	assert.Equal(t, "2600:1f18:1:100::/64", at(state, "ipv6CidrBlock").AsString())
	assert.NotEmpty(t, at(state, "ipv6CidrBlockAssociationId").AsString())
	assert.Equal(t, "use1-az3", at(state, "availabilityZoneId").AsString())
}

func TestDefaultSecurityGroupAdoptsTheVpcsDefaultGroup(t *testing.T) {
	s, _ := newServer(t, nil)
	vpcID, vpc := create(t, s, "aws:ec2/vpc:Vpc", "vpc", map[string]any{"cidrBlock": "10.0.0.0/16"})
	id, _ := create(t, s, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "default", map[string]any{"vpcId": vpcID})
	assert.Equal(t, at(vpc, "defaultSecurityGroupId").AsString(), id)
}

func TestEKSClusterComputesEndpointIssuerCAAndClusterSecurityGroup(t *testing.T) {
	s, _ := newServer(t, map[string]any{"region": "eu-west-1"})
	_, subnet := create(t, s, "aws:ec2/subnet:Subnet", "sn", map[string]any{"vpcId": "vpc-0abc", "cidrBlock": "10.0.0.0/24"})
	subnetID := at(subnet, "arn").AsString()[len("arn:aws:ec2:eu-west-1:123456789012:subnet/"):]

	name, state := create(t, s, "aws:eks/cluster:Cluster", "eks", map[string]any{
		"roleArn": "arn:aws:iam::123456789012:role/eks", "vpcConfig": map[string]any{"subnetIds": []any{subnetID}},
	})
	endpoint := regexp.MustCompile(`^https://([0-9A-F]{32})\.gr7\.eu-west-1\.eks\.amazonaws\.com$`).
		FindStringSubmatch(at(state, "endpoint").AsString())
	require.Len(t, endpoint, 2)
	assert.Equal(t, "https://oidc.eks.eu-west-1.amazonaws.com/id/"+endpoint[1],
		at(state, "identities", 0, "oidcs", 0, "issuer").AsString())
	_, err := base64.StdEncoding.DecodeString(at(state, "certificateAuthority", "data").AsString())
	assert.NoError(t, err)
	assert.Regexp(t, `^sg-[0-9a-f]{17}$`, at(state, "vpcConfig", "clusterSecurityGroupId").AsString())
	assert.Equal(t, "vpc-0abc", at(state, "vpcConfig", "vpcId").AsString())
	assert.Equal(t, []string{subnetID}, strs(at(state, "vpcConfig", "subnetIds")), "inputs survive the merge")
	assert.Equal(t, "ACTIVE", at(state, "status").AsString())
	assert.Equal(t, "arn:aws:eks:eu-west-1:123456789012:cluster/"+name, at(state, "arn").AsString())
}
