package aws

import (
	_ "embed"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumix"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/provider/lifecycle"
)

const networkStackToken = "orgiac:aws:NetworkStack"

// NetworkStackArgs are the inputs of orgiac:aws:NetworkStack.
type NetworkStackArgs struct {
	Vpc                 *SecureVpcArgs      `pulumi:"vpc,optional"`
	AllowedIngressCidrs []string            `pulumi:"allowedIngressCidrs,optional"`
	AppPort             *int                `pulumi:"appPort,optional"`
	DataPorts           []int               `pulumi:"dataPorts,optional"`
	IngressRules        []IngressRule       `pulumi:"ingressRules,optional"`
	SsmEndpoints        *bool               `pulumi:"ssmEndpoints,optional"`
	Tags                map[string]string   `pulumi:"tags,optional"`
	Waivers             []compliance.Waiver `pulumi:"waivers,optional"`
}

func (a *NetworkStackArgs) Annotate(an infer.Annotator) { docs.Annotate(an, a) }

// IngressRule is an extra ingress rule for one security-group tier.
type IngressRule struct {
	Tier        string   `pulumi:"tier"`
	Port        *int     `pulumi:"port,optional"`
	FromPort    *int     `pulumi:"fromPort,optional"`
	ToPort      *int     `pulumi:"toPort,optional"`
	Protocol    string   `pulumi:"protocol,optional"`
	Cidrs       []string `pulumi:"cidrs,optional"`
	FromTier    string   `pulumi:"fromTier,optional"`
	Description string   `pulumi:"description,optional"`
}

func (r *IngressRule) Annotate(an infer.Annotator) { docs.Annotate(an, r) }

// NetworkStack is the orgiac:aws:NetworkStack component: a SecureVpc plus
// tiered, least-privilege security groups.
type NetworkStack struct {
	pulumi.ResourceState

	VpcId                  pulumi.StringOutput               `pulumi:"vpcId"`
	CidrBlock              pulumi.StringOutput               `pulumi:"cidrBlock"`
	PublicSubnetIds        pulumi.StringArrayOutput          `pulumi:"publicSubnetIds"`
	PrivateSubnetIds       pulumi.StringArrayOutput          `pulumi:"privateSubnetIds"`
	IsolatedSubnetIds      pulumi.StringArrayOutput          `pulumi:"isolatedSubnetIds"`
	SubnetLayout           pulumix.Output[[]SubnetLayout]    `pulumi:"subnetLayout"`
	RouteTableIds          pulumi.StringArrayOutput          `pulumi:"routeTableIds"`
	NatGatewayIds          pulumi.StringArrayOutput          `pulumi:"natGatewayIds"`
	InternetGatewayId      pulumi.StringOutput               `pulumi:"internetGatewayId"`
	FlowLogId              pulumi.StringOutput               `pulumi:"flowLogId"`
	DefaultSecurityGroupId pulumi.StringOutput               `pulumi:"defaultSecurityGroupId"`
	EndpointIds            pulumi.StringMapOutput            `pulumi:"endpointIds"`
	SecurityGroupIds       pulumi.StringMapOutput            `pulumi:"securityGroupIds"`
	Tags                   pulumi.StringMapOutput            `pulumi:"tags"`
	NetworkOutputs         pulumix.Output[NetworkOutputs]    `pulumi:"networkOutputs"`
	ComplianceReport       pulumix.Output[compliance.Report] `pulumi:"complianceReport"`
}

func (n *NetworkStack) Annotate(an infer.Annotator) { docs.Annotate(an, n) }

// NetworkStackSpec is the NetworkStack component. Its constructor validates
// the VPC and the security-group tiers, then registers a SecureVpc as a
// child component and the tiers' groups.
var NetworkStackSpec = lifecycle.Define(networkStackToken, assessNetworkStack, registerNetworkStack)
