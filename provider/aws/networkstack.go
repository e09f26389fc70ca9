package aws

import (
	_ "embed"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumix"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/provider/lifecycle"
)

//go:embed docs/networkstack.md
var networkStackDoc string

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

func (a *NetworkStackArgs) Annotate(an infer.Annotator) {
	an.Describe(&a.Vpc, "The VPC, with the same inputs as SecureVpc. Defaults to SecureVpc's defaults.")
	an.Describe(&a.AllowedIngressCidrs, "Networks the web tier accepts HTTPS (443) and HTTP (80) from, e.g. "+
		"`0.0.0.0/0` for a public site. Defaults to none.")
	an.Describe(&a.AppPort, "The port the app tier accepts from the web tier. Defaults to 8080.")
	an.Describe(&a.DataPorts, "The ports the data tier accepts from the app tier. Defaults to 5432.")
	an.Describe(&a.IngressRules, "Extra ingress rules per tier. SSH or RDP from 0.0.0.0/0 or ::/0 is always "+
		"rejected.")
	an.Describe(&a.SsmEndpoints, "Add the ssm, ssmmessages and ec2messages interface endpoints so Session "+
		"Manager reaches private instances without a bastion. Defaults to false.")
	an.Describe(&a.Tags, "The component's own tags, on every taggable child, the VPC's included.")
	an.Describe(&a.Waivers, "Waivers for this stack's compliance controls.")
}

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

func (r *IngressRule) Annotate(an infer.Annotator) {
	an.Describe(r, "An extra ingress rule of a NetworkStack security-group tier.")
	an.Describe(&r.Tier, "The tier whose group gets the rule: web, app or data.")
	an.Describe(&r.Port, "One port. Alternatively fromPort and toPort.")
	an.Describe(&r.FromPort, "The first port of a range.")
	an.Describe(&r.ToPort, "The last port of a range.")
	an.Describe(&r.Protocol, "tcp (default), udp, icmp or -1 (all).")
	an.Describe(&r.Cidrs, "Source networks. Give cidrs or fromTier.")
	an.Describe(&r.FromTier, "A source tier (its security group). Give cidrs or fromTier.")
	an.Describe(&r.Description, "Why the rule exists; shown on the rule.")
}

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
	ComplianceReport       pulumix.Output[compliance.Report] `pulumi:"complianceReport"`
}

func (n *NetworkStack) Annotate(an infer.Annotator) {
	an.Describe(n, networkStackDoc)
	an.Describe(&n.VpcId, "The VPC id.")
	an.Describe(&n.CidrBlock, "The VPC's IPv4 network.")
	an.Describe(&n.PublicSubnetIds, "The public subnets.")
	an.Describe(&n.PrivateSubnetIds, "The private subnets.")
	an.Describe(&n.IsolatedSubnetIds, "The isolated subnets.")
	an.Describe(&n.SubnetLayout, "The resolved subnet plan.")
	an.Describe(&n.RouteTableIds, "Every route table.")
	an.Describe(&n.NatGatewayIds, "The NAT gateways.")
	an.Describe(&n.InternetGatewayId, "The internet gateway; empty without a public tier.")
	an.Describe(&n.FlowLogId, "The flow log; empty when flow logs are off.")
	an.Describe(&n.DefaultSecurityGroupId, "The VPC's default security group, managed with no rules.")
	an.Describe(&n.EndpointIds, "The VPC endpoints by service name.")
	an.Describe(&n.SecurityGroupIds, "The security groups by tier: web, app, data.")
	an.Describe(&n.Tags, "The effective tags.")
	an.Describe(&n.ComplianceReport, "The compliance controls of the VPC and its security groups together.")
}

// NetworkStackSpec is the NetworkStack component. Its constructor validates
// the VPC and the security-group tiers, then registers a SecureVpc as a
// child component and the tiers' groups.
var NetworkStackSpec = lifecycle.Define(networkStackToken, assessNetworkStack, registerNetworkStack)
