package aws

// The registration of a NetworkStack's children: its SecureVpc, as a nested
// component, and the tiers' security groups and rules.

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumix"

	"github.com/orgiac/pulumi-orgiac/internal/standards"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

func registerNetworkStack(ctx *pulumi.Context, name string, _ NetworkStackArgs, plan networkStackPlan,
	comp *NetworkStack,
) error {
	net, err := SecureVpcSpec.RegisterNested(ctx, plan.Nested, pulumi.Parent(comp))
	if err != nil {
		return fmt.Errorf("building the VPC: %w", err)
	}
	groups, err := registerTiers(ctx, name, plan.Vpc.StandardName, plan.Groups, net.VpcId, plan.Vpc.Tags,
		plan.Vpc.SecretTags, pulumi.Parent(comp))
	if err != nil {
		return err
	}
	comp.VpcId, comp.CidrBlock = net.VpcId, net.CidrBlock
	comp.PublicSubnetIds, comp.PrivateSubnetIds, comp.IsolatedSubnetIds = net.PublicSubnetIds, net.PrivateSubnetIds, net.IsolatedSubnetIds
	comp.SubnetLayout, comp.RouteTableIds, comp.NatGatewayIds = net.SubnetLayout, net.RouteTableIds, net.NatGatewayIds
	comp.InternetGatewayId, comp.FlowLogId = net.InternetGatewayId, net.FlowLogId
	comp.DefaultSecurityGroupId, comp.EndpointIds = net.DefaultSecurityGroupId, net.EndpointIds
	comp.SecurityGroupIds = groups.ToStringMapOutput()
	comp.Tags = settings.TagMap(plan.Vpc.Tags, plan.Vpc.SecretTags)
	// The stack's contract is the VPC's with the tier groups added.
	comp.NetworkOutputs = pulumix.Apply2(net.NetworkOutputs, comp.SecurityGroupIds,
		func(n NetworkOutputs, groups map[string]string) NetworkOutputs {
			n.SecurityGroupIds = groups
			return n
		})
	return nil
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
		args := ruleArgs(r, groups)
		if _, err := vpc.NewSecurityGroupIngressRule(ctx, fmt.Sprintf("%s-%s-in-%d", name, r.Tier, i), args, parent); err != nil {
			return nil, fmt.Errorf("registering ingress rule %d of the %s tier: %w", i, r.Tier, err)
		}
	}
	for i, r := range plan.Egress {
		// An egress rule has the same inputs as an ingress rule.
		args := vpc.SecurityGroupEgressRuleArgs(*ruleArgs(r, groups))
		if _, err := vpc.NewSecurityGroupEgressRule(ctx, fmt.Sprintf("%s-%s-out-%d", name, r.Tier, i), &args, parent); err != nil {
			return nil, fmt.Errorf("registering egress rule %d of the %s tier: %w", i, r.Tier, err)
		}
	}
	return groups, nil
}

// ruleArgs are a planned rule's inputs: its group, its traffic and its peer
// (another tier's group, or a network).
func ruleArgs(r sgRule, groups pulumi.StringMap) *vpc.SecurityGroupIngressRuleArgs {
	args := &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId: groups[r.Tier], IpProtocol: pulumi.String(r.Protocol),
		Description: pulumi.String(r.Description),
	}
	switch {
	case r.PeerTier != "":
		args.ReferencedSecurityGroupId = groups[r.PeerTier].ToStringOutput().ToStringPtrOutput()
	case isIPv6(r.Cidr):
		args.CidrIpv6 = pulumi.String(r.Cidr)
	default:
		args.CidrIpv4 = pulumi.String(r.Cidr)
	}
	if r.Protocol != "-1" {
		args.FromPort, args.ToPort = pulumi.Int(r.From), pulumi.Int(r.To)
	}
	return args
}

func isIPv6(c string) bool { return strings.Contains(c, ":") }
