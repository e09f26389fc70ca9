package aws

// The registration of a SecureVpc: the shared build state, the zones, the
// VPC itself and its outputs. The subnets, routing and endpoints each have a
// file of their own.

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumix"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

// vpcBuild carries what the registration steps share.
type vpcBuild struct {
	ctx    *pulumi.Context
	name   string
	plan   vpcPlan
	comp   *SecureVpc
	parent pulumi.ResourceOption
	zones  []string
	region string

	vpc     *ec2.Vpc
	igw     *ec2.InternetGateway
	eigw    *ec2.EgressOnlyInternetGateway
	subnets map[string][]*ec2.Subnet // by tier name, in zone order
	nats    []*ec2.NatGateway        // by zone index (one-per-az) or one (single)
	rts     []pulumi.StringOutput
	private []pulumi.StringInput // route tables of private and isolated tiers

	endpointIDs pulumi.StringMap
}

// tags returns the plan's tags with a Name for one child.
func (b *vpcBuild) tags(suffix string, extra ...map[string]string) pulumi.StringMapOutput {
	t := maps.Clone(b.plan.Tags)
	for _, e := range extra {
		maps.Copy(t, e)
	}
	name := b.plan.StandardName
	if suffix != "" {
		name += "-" + suffix
	}
	return settings.TagMap(standards.WithName(t, name), b.plan.SecretTags)
}

func registerSecureVpc(ctx *pulumi.Context, name string, args SecureVpcArgs, plan vpcPlan, comp *SecureVpc) error {
	b := &vpcBuild{ctx: ctx, name: name, plan: plan, comp: comp, parent: pulumi.Parent(comp),
		subnets: map[string][]*ec2.Subnet{}}
	if err := b.resolveZones(); err != nil {
		return err
	}
	steps := []func() error{b.network, b.subnetsAndAcls, b.gateways, b.routing, b.endpoints}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	flowLogID, err := b.flowLogs(args.FlowLogs)
	if err != nil {
		return err
	}
	b.outputs(comp, flowLogID)
	return nil
}

// resolveZones looks the zones up in the region: by number, the first ones;
// by name, checking each exists.
func (b *vpcBuild) resolveZones() error {
	state := "available"
	// Invokes inherit the component's provider through Parent.
	azs, err := aws.GetAvailabilityZones(b.ctx, &aws.GetAvailabilityZonesArgs{State: &state}, pulumi.Parent(b.comp))
	if err != nil {
		return fmt.Errorf("looking up availability zones: %w", err)
	}
	region, err := aws.GetRegion(b.ctx, &aws.GetRegionArgs{}, pulumi.Parent(b.comp))
	if err != nil {
		return fmt.Errorf("looking up the region: %w", err)
	}
	b.region = region.Name
	var probs problem.List
	if len(b.plan.AZNames) > 0 {
		for i, z := range b.plan.AZNames {
			if !slices.Contains(azs.Names, z) {
				probs.Addf(RuleAZCount, fmt.Sprintf("availabilityZoneNames[%d]", i), z,
					"is not an available zone of %s (zones: %v)", b.region, azs.Names)
			}
		}
		b.zones = b.plan.AZNames
	} else if b.plan.AZCount > len(azs.Names) {
		probs.Addf(RuleAZCount, "numberOfAvailabilityZones", b.plan.AZCount,
			"is more than the %d zones of %s (zones: %v)", len(azs.Names), b.region, azs.Names)
	} else {
		b.zones = azs.Names[:b.plan.AZCount]
	}
	return probs.AsError(fmt.Sprintf("%s %q", secureVpcToken, b.name))
}

func (b *vpcBuild) network() error {
	p := b.plan
	vpc, err := ec2.NewVpc(b.ctx, b.name, &ec2.VpcArgs{
		CidrBlock:                    pulumi.String(p.Cidr.String()),
		InstanceTenancy:              pulumi.String(p.Tenancy),
		EnableDnsHostnames:           pulumi.Bool(p.DNSHostnames),
		EnableDnsSupport:             pulumi.Bool(p.DNSSupport),
		AssignGeneratedIpv6CidrBlock: pulumi.Bool(p.IPv6),
		Tags:                         b.tags(""),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("registering the VPC: %w", err)
	}
	b.vpc = vpc
	// Managing the default security group with no rules removes AWS's
	// allow-all rules, so nothing can use it by accident.
	if _, err := ec2.NewDefaultSecurityGroup(b.ctx, b.name+"-default-sg", &ec2.DefaultSecurityGroupArgs{
		VpcId: vpc.ID(),
		Tags:  b.tags("default"),
	}, b.parent); err != nil {
		return fmt.Errorf("registering the default security group: %w", err)
	}
	if _, err := ec2.NewDefaultNetworkAcl(b.ctx, b.name+"-default-nacl", &ec2.DefaultNetworkAclArgs{
		DefaultNetworkAclId: vpc.DefaultNetworkAclId,
		Ingress:             defaultNaclIngress(p),
		Egress:              defaultNaclEgress(p),
		Tags:                b.tags("default"),
	}, b.parent); err != nil {
		return fmt.Errorf("registering the default network ACL: %w", err)
	}
	return nil
}

func (b *vpcBuild) outputs(comp *SecureVpc, flowLogID pulumi.StringOutput) {
	byType := map[string]pulumi.StringArray{TierPublic: {}, TierPrivate: {}, TierIsolated: {}}
	var layout []SubnetLayout
	for _, s := range b.plan.Subnets {
		tier := b.plan.Tiers[s.TierIndex]
		byType[tier.Type] = append(byType[tier.Type], b.subnets[tier.Name][s.AZIndex].ID())
		layout = append(layout, SubnetLayout{
			Tier: tier.Name, Type: tier.Type, AvailabilityZone: b.zones[s.AZIndex],
			CidrBlock: s.CIDR.String(), Ipv6Index: s.IPv6Index,
		})
	}
	comp.VpcId = b.vpc.ID().ToStringOutput()
	comp.CidrBlock = b.vpc.CidrBlock
	comp.PublicSubnetIds = byType[TierPublic].ToStringArrayOutput()
	comp.PrivateSubnetIds = byType[TierPrivate].ToStringArrayOutput()
	comp.IsolatedSubnetIds = byType[TierIsolated].ToStringArrayOutput()
	comp.SubnetLayout = pulumix.Val(layout)
	rts := pulumi.StringArray{}
	for _, rt := range b.rts {
		rts = append(rts, rt)
	}
	comp.RouteTableIds = rts.ToStringArrayOutput()
	nats := pulumi.StringArray{}
	for _, n := range b.nats {
		nats = append(nats, n.ID())
	}
	comp.NatGatewayIds = nats.ToStringArrayOutput()
	comp.InternetGatewayId = pulumi.String("").ToStringOutput()
	if b.igw != nil {
		comp.InternetGatewayId = b.igw.ID().ToStringOutput()
	}
	comp.FlowLogId = flowLogID
	comp.DefaultSecurityGroupId = b.vpc.DefaultSecurityGroupId
	comp.EndpointIds = b.endpointIDs.ToStringMapOutput()
	comp.Tags = settings.TagMap(b.plan.Tags, b.plan.SecretTags)
	comp.NetworkOutputs = networkOutputs(b.region, comp.VpcId, comp.CidrBlock, comp.PublicSubnetIds,
		comp.PrivateSubnetIds, comp.IsolatedSubnetIds, comp.SubnetLayout, nil)
}
