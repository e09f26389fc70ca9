package main

import (
	"fmt"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

// types is the aws stand-in's type table: one entry per resource type it can
// fake. Tokens, property names and replace-on-change inputs follow the
// pulumi-aws v6.83.4 SDK (go/aws/... in the module cache) and the Terraform
// resources behind it.
//
// To add a type: append a TypeSpec with its token, an id generator (ids.go in
// the standin package has the common shapes), the inputs that force
// replacement, whether it has tags, an autoname rule if it has an optional
// name, and an Outputs function for its computed outputs.
var types = []standin.TypeSpec{
	// S3. The bucket's companion resources all use the bucket name as id.
	{
		Token:            "aws:s3/bucketV2:BucketV2",
		ID:               standin.InputID("bucket"),
		ReplaceOnChanges: []string{"bucket", "bucketPrefix", "objectLockEnabled"},
		Taggable:         true,
		AutoName:         &standin.AutoName{Property: "bucket", PrefixProperty: "bucketPrefix", Lowercase: true, MaxLength: 63},
		Outputs:          bucketOutputs,
	},
	s3Companion("aws:s3/bucketVersioningV2:BucketVersioningV2", nil, "expectedBucketOwner"),
	s3Companion("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", nil,
		"expectedBucketOwner"),
	s3Companion("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", publicAccessBlockOutputs),
	s3Companion("aws:s3/bucketOwnershipControls:BucketOwnershipControls", nil),
	s3Companion("aws:s3/bucketPolicy:BucketPolicy", nil),
	s3Companion("aws:s3/bucketLoggingV2:BucketLoggingV2", nil, "expectedBucketOwner"),
	s3Companion("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", lifecycleOutputs,
		"expectedBucketOwner"),
	s3Companion("aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2", objectLockOutputs,
		"expectedBucketOwner", "objectLockEnabled"),

	// KMS.
	{
		Token: "aws:kms/key:Key",
		ID:    standin.UUIDID(),
		ReplaceOnChanges: []string{
			"customerMasterKeySpec", "keyUsage", "customKeyStoreId", "multiRegion", "xksKeyId",
		},
		Taggable: true,
		Outputs:  kmsKeyOutputs,
	},
	{
		Token:            "aws:kms/alias:Alias",
		ID:               standin.InputID("name"),
		ReplaceOnChanges: []string{"name", "namePrefix"},
		AutoName:         &standin.AutoName{Property: "name", PrefixProperty: "namePrefix", Prefix: "alias/", MaxLength: 256},
		Outputs:          kmsAliasOutputs,
	},

	// EC2 networking.
	{
		Token:            "aws:ec2/vpc:Vpc",
		ID:               standin.HexID("vpc"),
		ReplaceOnChanges: []string{"cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"},
		Taggable:         true,
		Outputs:          vpcOutputs,
	},
	{
		Token: "aws:ec2/subnet:Subnet",
		ID:    standin.HexID("subnet"),
		ReplaceOnChanges: []string{
			"vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId", "ipv6Native", "outpostArn",
		},
		Taggable: true,
		Outputs:  subnetOutputs,
	},
	{
		Token:    "aws:ec2/internetGateway:InternetGateway",
		ID:       standin.HexID("igw"),
		Taggable: true,
		Outputs:  arnOutputs("ec2", "internet-gateway/"),
	},
	{
		Token:            "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway",
		ID:               standin.HexID("eigw"),
		ReplaceOnChanges: []string{"vpcId"},
		Taggable:         true,
	},
	{
		Token: "aws:ec2/eip:Eip",
		ID:    standin.HexID("eipalloc"),
		ReplaceOnChanges: []string{
			"domain", "vpc", "address", "customerOwnedIpv4Pool", "networkBorderGroup", "publicIpv4Pool", "ipamPoolId",
		},
		Taggable: true,
		Outputs:  eipOutputs,
	},
	{
		Token:            "aws:ec2/natGateway:NatGateway",
		ID:               standin.HexID("nat"),
		ReplaceOnChanges: []string{"allocationId", "connectivityType", "privateIp", "subnetId"},
		Taggable:         true,
		Outputs:          natGatewayOutputs,
	},
	{
		Token:            "aws:ec2/routeTable:RouteTable",
		ID:               standin.HexID("rtb"),
		ReplaceOnChanges: []string{"vpcId"},
		Taggable:         true,
		Outputs:          routeTableOutputs,
	},
	{
		Token: "aws:ec2/route:Route",
		ID:    routeID,
		ReplaceOnChanges: []string{
			"routeTableId", "destinationCidrBlock", "destinationIpv6CidrBlock", "destinationPrefixListId",
		},
		Outputs: routeOutputs,
	},
	{
		Token:            "aws:ec2/routeTableAssociation:RouteTableAssociation",
		ID:               standin.HexID("rtbassoc"),
		ReplaceOnChanges: []string{"subnetId", "gatewayId"},
	},
	{
		Token:            "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
		ID:               defaultSecurityGroupID,
		ReplaceOnChanges: []string{"vpcId"},
		Taggable:         true,
		Outputs:          defaultSecurityGroupOutputs,
	},
	{
		Token:            "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
		ID:               standin.InputID("defaultNetworkAclId"),
		ReplaceOnChanges: []string{"defaultNetworkAclId"},
		Taggable:         true,
		Outputs:          networkACLOutputs,
	},
	{
		Token:            "aws:ec2/networkAcl:NetworkAcl",
		ID:               standin.HexID("acl"),
		ReplaceOnChanges: []string{"vpcId"},
		Taggable:         true,
		Outputs:          networkACLOutputs,
	},
	{
		Token: "aws:ec2/networkAclRule:NetworkAclRule",
		ID:    networkACLRuleID,
		ReplaceOnChanges: []string{
			"networkAclId", "ruleNumber", "egress", "protocol", "ruleAction", "cidrBlock", "ipv6CidrBlock",
			"fromPort", "toPort", "icmpType", "icmpCode",
		},
		Outputs: func(*standin.Ctx) map[string]any { return map[string]any{"egress": false} },
	},
	{
		Token:            "aws:ec2/networkAclAssociation:NetworkAclAssociation",
		ID:               standin.HexID("aclassoc"),
		ReplaceOnChanges: []string{"subnetId", "networkAclId"},
	},
	{
		Token:            "aws:ec2/securityGroup:SecurityGroup",
		ID:               standin.HexID("sg"),
		ReplaceOnChanges: []string{"name", "namePrefix", "vpcId", "description"},
		Taggable:         true,
		AutoName:         &standin.AutoName{Property: "name", PrefixProperty: "namePrefix", MaxLength: 255},
		Outputs:          securityGroupOutputs,
	},
	{
		Token:            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
		ID:               standin.HexID("sgr"),
		ReplaceOnChanges: []string{"securityGroupId"},
		Taggable:         true,
		Outputs:          securityGroupRuleOutputs,
	},
	{
		Token:            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
		ID:               standin.HexID("sgr"),
		ReplaceOnChanges: []string{"securityGroupId"},
		Taggable:         true,
		Outputs:          securityGroupRuleOutputs,
	},
	{
		Token: "aws:ec2/vpcEndpoint:VpcEndpoint",
		ID:    standin.HexID("vpce"),
		ReplaceOnChanges: []string{
			"vpcId", "serviceName", "vpcEndpointType", "serviceRegion", "resourceConfigurationArn", "serviceNetworkArn",
		},
		Taggable: true,
		Outputs:  vpcEndpointOutputs,
	},
	{
		Token: "aws:ec2/flowLog:FlowLog",
		ID:    standin.HexID("fl"),
		ReplaceOnChanges: []string{
			"vpcId", "subnetId", "eniId", "transitGatewayId", "transitGatewayAttachmentId", "trafficType",
			"logDestination", "logDestinationType", "logGroupName", "iamRoleArn", "logFormat",
			"maxAggregationInterval", "destinationOptions", "deliverCrossAccountRole",
		},
		Taggable: true,
		Outputs:  flowLogOutputs,
	},
	{
		Token:            "aws:ec2/launchTemplate:LaunchTemplate",
		ID:               standin.HexID("lt"),
		ReplaceOnChanges: []string{"name", "namePrefix"},
		Taggable:         true,
		AutoName:         &standin.AutoName{Property: "name", PrefixProperty: "namePrefix", MaxLength: 128},
		Outputs:          launchTemplateOutputs,
	},

	// CloudWatch Logs.
	{
		Token:            "aws:cloudwatch/logGroup:LogGroup",
		ID:               standin.InputID("name"),
		ReplaceOnChanges: []string{"name", "namePrefix", "logGroupClass"},
		Taggable:         true,
		AutoName:         &standin.AutoName{Property: "name", PrefixProperty: "namePrefix", MaxLength: 512},
		Outputs:          logGroupOutputs,
	},

	// IAM.
	{
		Token:            "aws:iam/role:Role",
		ID:               standin.InputID("name"),
		ReplaceOnChanges: []string{"name", "namePrefix", "path"},
		Taggable:         true,
		AutoName:         &standin.AutoName{Property: "name", PrefixProperty: "namePrefix", MaxLength: 64},
		Outputs:          roleOutputs,
	},
	{
		Token:            "aws:iam/rolePolicy:RolePolicy",
		ID:               standin.JoinID(":", "role", "name"),
		ReplaceOnChanges: []string{"role", "name", "namePrefix"},
		AutoName:         &standin.AutoName{Property: "name", PrefixProperty: "namePrefix", MaxLength: 128},
	},
	{
		Token:            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
		ID:               standin.PrefixedUniqueID("role"),
		ReplaceOnChanges: []string{"role", "policyArn"},
	},
	{
		Token:            "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
		ID:               oidcProviderID,
		ReplaceOnChanges: []string{"url"},
		Taggable:         true,
		Outputs:          oidcProviderOutputs,
	},

	// EKS.
	{
		Token: "aws:eks/cluster:Cluster",
		ID:    standin.InputID("name"),
		ReplaceOnChanges: []string{
			"name", "roleArn", "kubernetesNetworkConfig", "outpostConfig", "bootstrapSelfManagedAddons",
		},
		Taggable: true,
		AutoName: &standin.AutoName{Property: "name", MaxLength: 100},
		Outputs:  clusterOutputs,
	},
	{
		Token: "aws:eks/nodeGroup:NodeGroup",
		ID:    standin.JoinID(":", "clusterName", "nodeGroupName"),
		ReplaceOnChanges: []string{
			"clusterName", "nodeGroupName", "nodeGroupNamePrefix", "nodeRoleArn", "subnetIds", "amiType",
			"capacityType", "diskSize", "instanceTypes", "remoteAccess",
		},
		Taggable: true,
		AutoName: &standin.AutoName{Property: "nodeGroupName", PrefixProperty: "nodeGroupNamePrefix", MaxLength: 63},
		Outputs:  nodeGroupOutputs,
	},
	{
		Token:            "aws:eks/addon:Addon",
		ID:               standin.JoinID(":", "clusterName", "addonName"),
		ReplaceOnChanges: []string{"clusterName", "addonName"},
		Taggable:         true,
		Outputs:          addonOutputs,
	},
	{
		Token:            "aws:eks/accessEntry:AccessEntry",
		ID:               standin.JoinID(":", "clusterName", "principalArn"),
		ReplaceOnChanges: []string{"clusterName", "principalArn", "type"},
		Taggable:         true,
		Outputs:          accessEntryOutputs,
	},
	{
		Token:            "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
		ID:               standin.JoinID("#", "clusterName", "principalArn", "policyArn"),
		ReplaceOnChanges: []string{"clusterName", "principalArn", "policyArn", "accessScope"},
		Outputs:          accessPolicyAssociationOutputs,
	},
}

// inMemory are the types the components register that moto does not serve:
// they live in the stand-in's ledger, faked from their TypeSpec, and each
// says why. Every other type is translated to moto (package awscloud); a
// test fails on a type that is neither.
var inMemory = map[string]string{
	"aws:eks/addon:Addon": "moto 5.2.5 has no EKS add-on API: CreateAddon, DescribeAddon, UpdateAddon and " +
		"DeleteAddon answer 404",
	"aws:eks/accessEntry:AccessEntry": "moto 5.2.5 has no EKS access entry API: CreateAccessEntry and the rest " +
		"answer 404",
	"aws:eks/accessPolicyAssociation:AccessPolicyAssociation": "moto 5.2.5 has no EKS access policy API: " +
		"AssociateAccessPolicy and the rest answer 404",
}

// s3Companion is the entry for a bucket configuration resource: its id is the
// bucket name and moving it to another bucket replaces it.
func s3Companion(token string, outputs func(*standin.Ctx) map[string]any, replace ...string) standin.TypeSpec {
	return standin.TypeSpec{
		Token:            token,
		ID:               standin.InputID("bucket"),
		ReplaceOnChanges: append([]string{"bucket"}, replace...),
		Outputs:          outputs,
	}
}

// arnOutputs is the Outputs of a type whose only computed outputs are a
// regional ARN "<service>:...:<resourcePrefix><id>" and the owner account.
func arnOutputs(service, resourcePrefix string) func(*standin.Ctx) map[string]any {
	return func(c *standin.Ctx) map[string]any {
		return map[string]any{"arn": arn(c, service, resourcePrefix+c.ID), "ownerId": c.Account}
	}
}

// arn builds a regional ARN: arn:aws:<service>:<region>:<account>:<resource>.
func arn(c *standin.Ctx, service, resource string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, c.Region, c.Account, resource)
}

// globalARN builds the ARN of a global service such as IAM:
// arn:aws:<service>::<account>:<resource>.
func globalARN(c *standin.Ctx, service, resource string) string {
	return fmt.Sprintf("arn:aws:%s::%s:%s", service, c.Account, resource)
}
