package aws

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/netip"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumix"

	"github.com/orgiac/pulumi-orgiac/internal/netplan"
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

func (r naclRule) defaultArgs() *ec2.DefaultNetworkAclIngressArgs {
	a := &ec2.DefaultNetworkAclIngressArgs{
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

func defaultNaclEgress(p vpcPlan) ec2.DefaultNetworkAclEgressArray {
	var out ec2.DefaultNetworkAclEgressArray
	for _, e := range naclAllowAll(p) {
		a := e.(*ec2.NetworkAclEgressArgs)
		out = append(out, &ec2.DefaultNetworkAclEgressArgs{
			RuleNo: a.RuleNo, Action: a.Action, Protocol: a.Protocol, CidrBlock: a.CidrBlock,
			Ipv6CidrBlock: a.Ipv6CidrBlock, FromPort: a.FromPort, ToPort: a.ToPort,
		})
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

func (b *vpcBuild) endpoints() error {
	b.endpointIDs = pulumi.StringMap{}
	for _, svc := range b.plan.Gateway {
		ep, err := ec2.NewVpcEndpoint(b.ctx, fmt.Sprintf("%s-%s-endpoint", b.name, svc), &ec2.VpcEndpointArgs{
			VpcId:           b.vpc.ID(),
			ServiceName:     pulumi.Sprintf("com.amazonaws.%s.%s", b.region, svc),
			VpcEndpointType: pulumi.String("Gateway"),
			RouteTableIds:   pulumi.StringArray(b.private),
			Tags:            b.tags(svc + "-endpoint"),
		}, b.parent)
		if err != nil {
			return fmt.Errorf("registering the %s gateway endpoint: %w", svc, err)
		}
		b.endpointIDs[svc] = ep.ID()
	}
	if len(b.plan.Interface) == 0 {
		return nil
	}
	subnets := b.endpointSubnets()
	sg, err := ec2.NewSecurityGroup(b.ctx, b.name+"-endpoints", &ec2.SecurityGroupArgs{
		VpcId:       b.vpc.ID(),
		Description: pulumi.String("HTTPS from the VPC to its interface endpoints (orgiac SecureVpc)"),
		Ingress: ec2.SecurityGroupIngressArray{&ec2.SecurityGroupIngressArgs{
			Protocol: pulumi.String("tcp"), FromPort: pulumi.Int(443), ToPort: pulumi.Int(443),
			CidrBlocks:  pulumi.StringArray{pulumi.String(b.plan.Cidr.String())},
			Description: pulumi.String("HTTPS from the VPC"),
		}},
		Tags: b.tags("endpoints"),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("registering the endpoint security group: %w", err)
	}
	for _, svc := range b.plan.Interface {
		ep, err := ec2.NewVpcEndpoint(b.ctx, fmt.Sprintf("%s-%s-endpoint", b.name, svc), &ec2.VpcEndpointArgs{
			VpcId:             b.vpc.ID(),
			ServiceName:       pulumi.Sprintf("com.amazonaws.%s.%s", b.region, svc),
			VpcEndpointType:   pulumi.String("Interface"),
			PrivateDnsEnabled: pulumi.Bool(true),
			SubnetIds:         subnets,
			SecurityGroupIds:  pulumi.StringArray{sg.ID()},
			Tags:              b.tags(svc + "-endpoint"),
		}, b.parent)
		if err != nil {
			return fmt.Errorf("registering the %s interface endpoint: %w", svc, err)
		}
		b.endpointIDs[svc] = ep.ID()
	}
	return nil
}

// endpointSubnets places interface endpoints in the first private tier, or
// the first isolated one: one subnet per zone, as AWS allows.
func (b *vpcBuild) endpointSubnets() pulumi.StringArray {
	for _, typ := range []string{TierPrivate, TierIsolated, TierPublic} {
		for _, t := range b.plan.Tiers {
			if t.Type != typ {
				continue
			}
			var ids pulumi.StringArray
			for _, s := range b.subnets[t.Name] {
				ids = append(ids, s.ID())
			}
			return ids
		}
	}
	return nil
}

func (b *vpcBuild) flowLogs(args *FlowLogs) (pulumi.StringOutput, error) {
	fl := b.plan.FlowLogs
	if fl == nil {
		return pulumi.String("").ToStringOutput(), nil
	}
	flArgs := &ec2.FlowLogArgs{
		VpcId:       b.vpc.ID(),
		TrafficType: pulumi.String("ALL"),
		Tags:        b.tags("flow-logs"),
	}
	if fl.Destination == flowLogsToS3 {
		flArgs.LogDestinationType = pulumi.String("s3")
		flArgs.LogDestination = args.S3BucketArn
	} else {
		group, err := cloudwatch.NewLogGroup(b.ctx, b.name+"-flow-logs", &cloudwatch.LogGroupArgs{
			RetentionInDays: pulumi.Int(fl.RetentionDays), Tags: b.tags("flow-logs"),
		}, b.parent)
		if err != nil {
			return pulumi.StringOutput{}, fmt.Errorf("registering the flow log group: %w", err)
		}
		role, err := iam.NewRole(b.ctx, b.name+"-flow-logs", &iam.RoleArgs{
			AssumeRolePolicy: pulumi.String(flowLogsTrustPolicy),
			Description:      pulumi.String("Lets VPC Flow Logs write to its log group (orgiac SecureVpc)."),
			Tags:             b.tags("flow-logs"),
		}, b.parent)
		if err != nil {
			return pulumi.StringOutput{}, fmt.Errorf("registering the flow log role: %w", err)
		}
		if _, err := iam.NewRolePolicy(b.ctx, b.name+"-flow-logs", &iam.RolePolicyArgs{
			Role:   role.ID(),
			Policy: group.Arn.ApplyT(flowLogsWritePolicy).(pulumi.StringOutput),
		}, b.parent); err != nil {
			return pulumi.StringOutput{}, fmt.Errorf("registering the flow log role policy: %w", err)
		}
		flArgs.LogDestinationType = pulumi.String("cloud-watch-logs")
		flArgs.LogDestination = group.Arn
		flArgs.IamRoleArn = role.Arn
	}
	flow, err := ec2.NewFlowLog(b.ctx, b.name+"-flow-logs", flArgs, b.parent)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("registering the flow log: %w", err)
	}
	return flow.ID().ToStringOutput(), nil
}

const flowLogsTrustPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
	`"Principal":{"Service":"vpc-flow-logs.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// flowLogsWritePolicy allows writing to one log group, nothing more.
func flowLogsWritePolicy(groupArn string) (string, error) {
	doc := map[string]any{"Version": "2012-10-17", "Statement": []map[string]any{{
		"Effect":   "Allow",
		"Action":   []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"},
		"Resource": []string{groupArn, groupArn + ":*"},
	}}}
	out, err := json.Marshal(doc)
	if err != nil {
		return "", fmt.Errorf("encoding the flow log policy: %w", err)
	}
	return string(out), nil
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
}
