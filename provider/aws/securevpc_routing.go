package aws

// The gateways and routing of a SecureVpc: internet and egress-only
// gateways, NAT, and a route table per tier and zone.

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// firstPublic returns the subnets of the first public tier, in zone order.
func (b *vpcBuild) firstPublic() []*ec2.Subnet {
	for _, t := range b.plan.Tiers {
		if t.Type == TierPublic {
			return b.subnets[t.Name]
		}
	}
	return nil
}

func (b *vpcBuild) gateways() error {
	if b.plan.hasTier(TierPublic) {
		igw, err := ec2.NewInternetGateway(b.ctx, b.name+"-igw", &ec2.InternetGatewayArgs{
			VpcId: b.vpc.ID(), Tags: b.tags("igw"),
		}, b.parent)
		if err != nil {
			return fmt.Errorf("registering the internet gateway: %w", err)
		}
		b.igw = igw
	}
	if b.plan.IPv6 && b.plan.hasTier(TierPrivate) {
		eigw, err := ec2.NewEgressOnlyInternetGateway(b.ctx, b.name+"-eigw", &ec2.EgressOnlyInternetGatewayArgs{
			VpcId: b.vpc.ID(), Tags: b.tags("eigw"),
		}, b.parent)
		if err != nil {
			return fmt.Errorf("registering the egress-only internet gateway: %w", err)
		}
		b.eigw = eigw
	}
	public := b.firstPublic()
	count := map[string]int{NatNone: 0, NatSingle: 1, NatOnePerAZ: len(public)}[b.plan.Nat]
	for i := range count {
		zone := b.zones[i]
		eip, err := ec2.NewEip(b.ctx, fmt.Sprintf("%s-nat-%s", b.name, zone), &ec2.EipArgs{
			Domain: pulumi.String("vpc"), Tags: b.tags("nat-" + zone),
		}, b.parent)
		if err != nil {
			return fmt.Errorf("registering the NAT address in %s: %w", zone, err)
		}
		nat, err := ec2.NewNatGateway(b.ctx, fmt.Sprintf("%s-nat-%s", b.name, zone), &ec2.NatGatewayArgs{
			AllocationId: eip.ID(), SubnetId: public[i].ID(), Tags: b.tags("nat-" + zone),
		}, b.parent, pulumi.DependsOn([]pulumi.Resource{b.igw}))
		if err != nil {
			return fmt.Errorf("registering the NAT gateway in %s: %w", zone, err)
		}
		b.nats = append(b.nats, nat)
	}
	return nil
}

func (b *vpcBuild) routing() error {
	for _, tier := range b.plan.Tiers {
		subnets := b.subnets[tier.Name]
		switch tier.Type {
		case TierPublic:
			routes := ec2.RouteTableRouteArray{&ec2.RouteTableRouteArgs{CidrBlock: pulumi.String("0.0.0.0/0"), GatewayId: b.igw.ID()}}
			if b.plan.IPv6 {
				routes = append(routes, &ec2.RouteTableRouteArgs{Ipv6CidrBlock: pulumi.String("::/0"), GatewayId: b.igw.ID()})
			}
			if err := b.routeTable(tier.Name, "", routes, subnets, false); err != nil {
				return err
			}
		case TierPrivate:
			// One table per zone, so a zone keeps egress through its own
			// NAT gateway when NAT is one-per-az.
			for i, s := range subnets {
				var routes ec2.RouteTableRouteArray
				if len(b.nats) > 0 {
					nat := b.nats[min(i, len(b.nats)-1)]
					routes = append(routes, &ec2.RouteTableRouteArgs{CidrBlock: pulumi.String("0.0.0.0/0"), NatGatewayId: nat.ID()})
				}
				if b.eigw != nil {
					routes = append(routes, &ec2.RouteTableRouteArgs{Ipv6CidrBlock: pulumi.String("::/0"), EgressOnlyGatewayId: b.eigw.ID()})
				}
				if err := b.routeTable(tier.Name, b.zones[i], routes, []*ec2.Subnet{s}, true); err != nil {
					return err
				}
			}
		case TierIsolated:
			if err := b.routeTable(tier.Name, "", ec2.RouteTableRouteArray{}, subnets, true); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b *vpcBuild) routeTable(tier, zone string, routes ec2.RouteTableRouteArray, subnets []*ec2.Subnet, private bool) error {
	name := b.name + "-" + tier
	if zone != "" {
		name += "-" + zone
	}
	rt, err := ec2.NewRouteTable(b.ctx, name, &ec2.RouteTableArgs{
		VpcId: b.vpc.ID(), Routes: routes, Tags: b.tags(name[len(b.name)+1:]),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("registering route table %s: %w", name, err)
	}
	b.rts = append(b.rts, rt.ID().ToStringOutput())
	if private {
		b.private = append(b.private, rt.ID())
	}
	for _, s := range subnets {
		if _, err := ec2.NewRouteTableAssociation(b.ctx, b.subnetName(s)+"-rta", &ec2.RouteTableAssociationArgs{
			RouteTableId: rt.ID(), SubnetId: s.ID(),
		}, b.parent); err != nil {
			return fmt.Errorf("associating route table %s: %w", name, err)
		}
	}
	return nil
}

// subnetName returns the logical name a subnet was registered with.
func (b *vpcBuild) subnetName(target *ec2.Subnet) string {
	for _, s := range b.plan.Subnets {
		tier := b.plan.Tiers[s.TierIndex]
		if subnets := b.subnets[tier.Name]; s.AZIndex < len(subnets) && subnets[s.AZIndex] == target {
			return fmt.Sprintf("%s-%s-%s", b.name, tier.Name, b.zones[s.AZIndex])
		}
	}
	return b.name + "-subnet"
}
