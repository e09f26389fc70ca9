package aws

// The subnets of a SecureVpc and the network ACLs that guard them.

import (
	"fmt"
	"net/netip"

	"github.com/orgiac/pulumi-orgiac/internal/netplan"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func (b *vpcBuild) subnetsAndAcls() error {
	var publicIDs pulumi.StringArray
	for _, s := range b.plan.Subnets {
		tier := b.plan.Tiers[s.TierIndex]
		zone := b.zones[s.AZIndex]
		args := &ec2.SubnetArgs{
			VpcId:               b.vpc.ID(),
			CidrBlock:           pulumi.String(s.CIDR.String()),
			AvailabilityZone:    pulumi.String(zone),
			MapPublicIpOnLaunch: pulumi.Bool(tier.MapPublicIP),
			Tags:                b.tags(tier.Name+"-"+zone, tier.Tags, discoveryTags(tier)),
		}
		if b.plan.IPv6 {
			index := s.IPv6Index
			args.Ipv6CidrBlock = b.vpc.Ipv6CidrBlock.ApplyT(func(block string) (string, error) {
				return ipv6Subnet(block, index)
			}).(pulumi.StringOutput)
			args.AssignIpv6AddressOnCreation = pulumi.Bool(true)
		}
		subnet, err := ec2.NewSubnet(b.ctx, fmt.Sprintf("%s-%s-%s", b.name, tier.Name, zone), args, b.parent)
		if err != nil {
			return fmt.Errorf("registering subnet %s in %s: %w", tier.Name, zone, err)
		}
		b.subnets[tier.Name] = append(b.subnets[tier.Name], subnet)
		if tier.Type == TierPublic {
			publicIDs = append(publicIDs, subnet.ID())
		}
	}
	if len(publicIDs) == 0 {
		return nil
	}
	if _, err := ec2.NewNetworkAcl(b.ctx, b.name+"-public-nacl", &ec2.NetworkAclArgs{
		VpcId:     b.vpc.ID(),
		SubnetIds: publicIDs,
		Ingress:   publicNaclIngress(b.plan),
		Egress:    naclAllowAll(b.plan),
		Tags:      b.tags("public"),
	}, b.parent); err != nil {
		return fmt.Errorf("registering the public network ACL: %w", err)
	}
	return nil
}

func ipv6Subnet(vpcBlock string, index int) (string, error) {
	block, err := netip.ParsePrefix(vpcBlock)
	if err != nil {
		return "", fmt.Errorf("parsing the VPC's IPv6 block %q: %w", vpcBlock, err)
	}
	p, err := netplan.IPv6Subnet(block, index)
	if err != nil {
		return "", fmt.Errorf("carving IPv6 subnet %d from %s: %w", index, vpcBlock, err)
	}
	return p.String(), nil
}

func discoveryTags(t tierPlan) map[string]string {
	switch {
	case !t.EKSDiscovery:
		return nil
	case t.Type == TierPublic:
		return map[string]string{"kubernetes.io/role/elb": "1"}
	case t.Type == TierPrivate:
		return map[string]string{"kubernetes.io/role/internal-elb": "1"}
	}
	return nil
}

// naclAllowAll is the egress of every ACL orgiac manages: ACLs are stateless,
// so return traffic needs it; security groups do the filtering.
func naclAllowAll(p vpcPlan) ec2.NetworkAclEgressArray {
	out := ec2.NetworkAclEgressArray{&ec2.NetworkAclEgressArgs{
		RuleNo: pulumi.Int(100), Action: pulumi.String("allow"), Protocol: pulumi.String("-1"),
		CidrBlock: pulumi.String("0.0.0.0/0"), FromPort: pulumi.Int(0), ToPort: pulumi.Int(0),
	}}
	if p.IPv6 {
		out = append(out, &ec2.NetworkAclEgressArgs{
			RuleNo: pulumi.Int(101), Action: pulumi.String("allow"), Protocol: pulumi.String("-1"),
			Ipv6CidrBlock: pulumi.String("::/0"), FromPort: pulumi.Int(0), ToPort: pulumi.Int(0),
		})
	}
	return out
}

// naclRule is one ingress entry, shared by the plan's compliance view and
// the registered ACLs so the two cannot disagree.
type naclRule struct {
	RuleNo   int
	Action   string
	Protocol string
	Cidr4    string
	Cidr6    string
	From, To int
}

// ingressRules: traffic from inside the VPC is allowed first (SSH between
// instances keeps working), then SSH and RDP from anywhere else are denied,
// then everything else is allowed; security groups do the fine filtering.
func ingressRules(p vpcPlan) []naclRule {
	rules := []naclRule{{RuleNo: 90, Action: "allow", Protocol: "-1", Cidr4: p.Cidr.String()}}
	no := 100
	for _, port := range []int{22, 3389} {
		rules = append(rules, naclRule{RuleNo: no, Action: "deny", Protocol: "6", Cidr4: "0.0.0.0/0", From: port, To: port})
		no++
		rules = append(rules, naclRule{RuleNo: no, Action: "deny", Protocol: "6", Cidr6: "::/0", From: port, To: port})
		no++
	}
	rules = append(rules, naclRule{RuleNo: 200, Action: "allow", Protocol: "-1", Cidr4: "0.0.0.0/0"})
	if p.IPv6 {
		rules = append(rules, naclRule{RuleNo: 201, Action: "allow", Protocol: "-1", Cidr6: "::/0"})
	}
	return rules
}

func (r naclRule) ingressArgs() *ec2.NetworkAclIngressArgs {
	a := &ec2.NetworkAclIngressArgs{
		RuleNo: pulumi.Int(r.RuleNo), Action: pulumi.String(r.Action), Protocol: pulumi.String(r.Protocol),
		FromPort: pulumi.Int(r.From), ToPort: pulumi.Int(r.To),
	}
	if r.Cidr4 != "" {
		a.CidrBlock = pulumi.String(r.Cidr4)
	} else {
		a.Ipv6CidrBlock = pulumi.String(r.Cidr6)
	}
	return a
}

// defaultArgs is the rule for the default ACL, whose entries have the same
// inputs.
func (r naclRule) defaultArgs() *ec2.DefaultNetworkAclIngressArgs {
	a := ec2.DefaultNetworkAclIngressArgs(*r.ingressArgs())
	return &a
}

func defaultNaclEgress(p vpcPlan) ec2.DefaultNetworkAclEgressArray {
	var out ec2.DefaultNetworkAclEgressArray
	for _, e := range naclAllowAll(p) {
		a := ec2.DefaultNetworkAclEgressArgs(*e.(*ec2.NetworkAclEgressArgs))
		out = append(out, &a)
	}
	return out
}

func publicNaclIngress(p vpcPlan) ec2.NetworkAclIngressArray {
	var out ec2.NetworkAclIngressArray
	for _, r := range ingressRules(p) {
		out = append(out, r.ingressArgs())
	}
	return out
}

func defaultNaclIngress(p vpcPlan) ec2.DefaultNetworkAclIngressArray {
	var out ec2.DefaultNetworkAclIngressArray
	for _, r := range ingressRules(p) {
		out = append(out, r.defaultArgs())
	}
	return out
}
