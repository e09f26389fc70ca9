package aws

import (
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumix"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
	"github.com/orgiac/pulumi-orgiac/provider/nested"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

var _ infer.ComponentFn[NetworkStackArgs, *NetworkStack] = NewNetworkStack

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
	an.SetDefault(&a.AppPort, defaultAppPort)
	an.Describe(&a.DataPorts, "The ports the data tier accepts from the app tier. Defaults to 5432.")
	an.Describe(&a.IngressRules, "Extra ingress rules per tier. SSH or RDP from 0.0.0.0/0 or ::/0 is always "+
		"rejected.")
	an.Describe(&a.SsmEndpoints, "Add the ssm, ssmmessages and ec2messages interface endpoints so Session "+
		"Manager reaches private instances without a bastion. Defaults to false.")
	an.SetDefault(&a.SsmEndpoints, false)
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
	an.SetDefault(&r.Protocol, "tcp")
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

// NewNetworkStack validates the VPC and the security-group tiers, then
// registers a SecureVpc as a child component and the tiers' groups.
func NewNetworkStack(ctx *pulumi.Context, name string, args NetworkStackArgs, opts ...pulumi.ResourceOption,
) (*NetworkStack, error) {
	vpcArgs := SecureVpcArgs{}
	if args.Vpc != nil {
		vpcArgs = *args.Vpc
	}
	vpcArgs.Tags = mergeMaps(args.Tags, vpcArgs.Tags)
	if deref(args.SsmEndpoints, false) {
		for _, e := range ssmEndpoints {
			if !slices.Contains(vpcArgs.InterfaceEndpoints, e) {
				vpcArgs.InterfaceEndpoints = append(slices.Clone(vpcArgs.InterfaceEndpoints), e)
			}
		}
	}
	cfg, probs := settings.FromContext(ctx)
	stack, p := planNetworkStack(args)
	probs.Merge("", p)
	vpcArgs.Waivers = append(slices.Clone(vpcArgs.Waivers), args.Waivers...)
	vplan, report, p := assessVpcAs(networkStackToken, name, vpcArgs, cfg, stack.complianceResources(name)...)
	for _, q := range p.Items() {
		// The VPC's problems are about the vpc input, except the tags and
		// waivers the stack passed down.
		if !strings.HasPrefix(q.Path, "tags") && !strings.HasPrefix(q.Path, "waivers") {
			q.Path = "vpc." + q.Path
		}
		probs.Add(q)
	}
	if err := probs.AsError(fmt.Sprintf("%s %q", networkStackToken, name)); err != nil {
		return nil, err
	}

	comp := &NetworkStack{}
	if err := ctx.RegisterComponentResource(networkStackToken, name, comp, opts...); err != nil {
		return nil, fmt.Errorf("registering %s %q: %w", networkStackToken, name, err)
	}
	for _, w := range vplan.Warnings {
		if err := ctx.Log.Warn(w, &pulumi.LogArgs{Resource: comp}); err != nil {
			return nil, fmt.Errorf("logging an audit warning: %w", err)
		}
	}
	net, _, err := BuildSecureVpc(ctx, name, vpcArgs, cfg, problem.List{}, pulumi.Parent(comp))
	if err != nil {
		return nil, fmt.Errorf("building the VPC: %w", err)
	}
	if err := nested.RegisterOutputs(ctx, net); err != nil {
		return nil, err
	}
	groups, err := registerTiers(ctx, name, vplan.StandardName, stack, net.VpcId, vplan.Tags, vplan.SecretTags, pulumi.Parent(comp))
	if err != nil {
		return nil, err
	}
	comp.VpcId, comp.CidrBlock = net.VpcId, net.CidrBlock
	comp.PublicSubnetIds, comp.PrivateSubnetIds, comp.IsolatedSubnetIds = net.PublicSubnetIds, net.PrivateSubnetIds, net.IsolatedSubnetIds
	comp.SubnetLayout, comp.RouteTableIds, comp.NatGatewayIds = net.SubnetLayout, net.RouteTableIds, net.NatGatewayIds
	comp.InternetGatewayId, comp.FlowLogId = net.InternetGatewayId, net.FlowLogId
	comp.DefaultSecurityGroupId, comp.EndpointIds = net.DefaultSecurityGroupId, net.EndpointIds
	comp.SecurityGroupIds = groups.ToStringMapOutput()
	comp.Tags = settings.TagMap(vplan.Tags, vplan.SecretTags)
	comp.ComplianceReport = pulumix.Val(report)
	return comp, nil
}

func mergeMaps(base, over map[string]string) map[string]string {
	if base == nil && over == nil {
		return nil
	}
	out := maps.Clone(base)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, over)
	return out
}

// registerTiers creates the web, app and data groups, then their rules as
// separate resources, so a rule can point at another tier's group.
func registerTiers(ctx *pulumi.Context, name, standardName string, plan stackPlan, vpcID pulumi.StringInput,
	tags map[string]string, secretTags bool, parent pulumi.ResourceOption,
) (pulumi.StringMap, error) {
	groups := pulumi.StringMap{}
	for _, tier := range sgTiers {
		// The Name tag follows the organization's naming, like the VPC's children.
		t := standards.WithName(tags, standardName+"-"+tier)
		sg, err := ec2.NewSecurityGroup(ctx, name+"-"+tier, &ec2.SecurityGroupArgs{
			VpcId:       vpcID,
			Description: pulumi.Sprintf("The %s tier of %s (orgiac NetworkStack)", tier, name),
			Tags:        settings.TagMap(t, secretTags),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("registering the %s security group: %w", tier, err)
		}
		groups[tier] = sg.ID()
	}
	for i, r := range plan.Ingress {
		args := &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId: groups[r.Tier], IpProtocol: pulumi.String(r.Protocol),
			Description: pulumi.String(r.Description),
		}
		setPeer(r, groups, &args.CidrIpv4, &args.CidrIpv6, &args.ReferencedSecurityGroupId, &args.FromPort, &args.ToPort)
		if _, err := vpc.NewSecurityGroupIngressRule(ctx, fmt.Sprintf("%s-%s-in-%d", name, r.Tier, i), args, parent); err != nil {
			return nil, fmt.Errorf("registering ingress rule %d of the %s tier: %w", i, r.Tier, err)
		}
	}
	for i, r := range plan.Egress {
		args := &vpc.SecurityGroupEgressRuleArgs{
			SecurityGroupId: groups[r.Tier], IpProtocol: pulumi.String(r.Protocol),
			Description: pulumi.String(r.Description),
		}
		setPeer(r, groups, &args.CidrIpv4, &args.CidrIpv6, &args.ReferencedSecurityGroupId, &args.FromPort, &args.ToPort)
		if _, err := vpc.NewSecurityGroupEgressRule(ctx, fmt.Sprintf("%s-%s-out-%d", name, r.Tier, i), args, parent); err != nil {
			return nil, fmt.Errorf("registering egress rule %d of the %s tier: %w", i, r.Tier, err)
		}
	}
	return groups, nil
}

func setPeer(r sgRule, groups pulumi.StringMap, cidr4, cidr6 *pulumi.StringPtrInput, peer *pulumi.StringPtrInput,
	from, to *pulumi.IntPtrInput,
) {
	switch {
	case r.PeerTier != "":
		*peer = groups[r.PeerTier].ToStringOutput().ToStringPtrOutput()
	case isIPv6(r.Cidr):
		*cidr6 = pulumi.String(r.Cidr)
	default:
		*cidr4 = pulumi.String(r.Cidr)
	}
	if r.Protocol != "-1" {
		*from, *to = pulumi.Int(r.From), pulumi.Int(r.To)
	}
}

func isIPv6(c string) bool { return strings.Contains(c, ":") }
