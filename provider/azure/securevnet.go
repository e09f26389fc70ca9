package azure

import (
	_ "embed"
	"fmt"

	// Every network resource at API version 2024-05-01, the first whose
	// subnets can turn off default outbound access. One versioned package
	// instead of it and the default-version network/v2 also keeps ~16 MiB of
	// package initialisation out of the plugin's start-up (docs/performance.md).
	// Its resources alias the default-version tokens, so stacks created with
	// those are not replaced.
	network "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumix"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
	"github.com/orgiac/pulumi-orgiac/provider/lifecycle"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

// SecureVnetArgs are the inputs of orgiac:azure:SecureVnet.
type SecureVnetArgs struct {
	ResourceGroupName    pulumi.StringInput  `pulumi:"resourceGroupName,optional"`
	Location             string              `pulumi:"location,optional"`
	AddressSpace         string              `pulumi:"addressSpace,optional"`
	SubnetSpecs          []VnetSubnetSpec    `pulumi:"subnetSpecs,optional"`
	NatGateway           *bool               `pulumi:"natGateway,optional"`
	DdosProtectionPlanId pulumi.StringInput  `pulumi:"ddosProtectionPlanId,optional"`
	Tags                 map[string]string   `pulumi:"tags,optional"`
	Waivers              []compliance.Waiver `pulumi:"waivers,optional"`
}

func (a *SecureVnetArgs) Annotate(an infer.Annotator) { docs.Annotate(an, a) }

// VnetSubnetSpec is one subnet of a SecureVnet.
type VnetSubnetSpec struct {
	Name             string            `pulumi:"name"`
	CidrMask         *int              `pulumi:"cidrMask,optional"`
	Size             *int              `pulumi:"size,optional"`
	Cidr             string            `pulumi:"cidr,optional"`
	ServiceEndpoints []string          `pulumi:"serviceEndpoints,optional"`
	Delegations      []string          `pulumi:"delegations,optional"`
	InboundRules     []VnetInboundRule `pulumi:"inboundRules,optional"`
}

func (s *VnetSubnetSpec) Annotate(an infer.Annotator) { docs.Annotate(an, s) }

// VnetInboundRule is an allow rule of a subnet's network security group.
type VnetInboundRule struct {
	Name     string `pulumi:"name,optional"`
	Priority int    `pulumi:"priority"`
	Port     string `pulumi:"port"`
	Protocol string `pulumi:"protocol,optional"`
	Source   string `pulumi:"source"`
}

func (r *VnetInboundRule) Annotate(an infer.Annotator) { docs.Annotate(an, r) }

// SecureVnet is the orgiac:azure:SecureVnet component.
type SecureVnet struct {
	pulumi.ResourceState

	VnetId            pulumi.StringOutput               `pulumi:"vnetId"`
	VnetName          pulumi.StringOutput               `pulumi:"vnetName"`
	SubnetIds         pulumi.StringMapOutput            `pulumi:"subnetIds"`
	NsgIds            pulumi.StringMapOutput            `pulumi:"nsgIds"`
	ResourceGroupName pulumi.StringOutput               `pulumi:"resourceGroupName"`
	Tags              pulumi.StringMapOutput            `pulumi:"tags"`
	ComplianceReport  pulumix.Output[compliance.Report] `pulumi:"complianceReport"`
}

func (v *SecureVnet) Annotate(an infer.Annotator) { docs.Annotate(an, v) }

// SecureVnetSpec is the SecureVnet component. Its constructor validates every
// input, then registers the network.
var SecureVnetSpec = lifecycle.Define(secureVnetToken, assessSecureVnet, registerSecureVnet)

func registerSecureVnet(ctx *pulumi.Context, name string, args SecureVnetArgs, plan vnetPlan, comp *SecureVnet) error {
	parent := pulumi.Parent(comp)
	tags := func(suffix string) pulumi.StringMapOutput {
		n := plan.StandardName
		if suffix != "" {
			n += "-" + suffix
		}
		return settings.TagMap(standards.WithName(plan.Tags, n), plan.SecretTags)
	}
	var location pulumi.StringPtrInput
	if args.Location != "" {
		location = pulumi.String(args.Location)
	}
	rg, err := resourceGroup(ctx, name, args.ResourceGroupName, args.Location, tags(""), parent)
	if err != nil {
		return err
	}
	vnetArgs := &network.VirtualNetworkArgs{
		ResourceGroupName: rg,
		Location:          location,
		AddressSpace:      &network.AddressSpaceArgs{AddressPrefixes: pulumi.StringArray{pulumi.String(plan.AddressSpace.String())}},
		Tags:              tags(""),
	}
	if args.DdosProtectionPlanId != nil {
		vnetArgs.EnableDdosProtection = pulumi.Bool(true)
		vnetArgs.DdosProtectionPlan = &network.SubResourceArgs{Id: args.DdosProtectionPlanId}
	}
	vnet, err := network.NewVirtualNetwork(ctx, name, vnetArgs, parent, pulumi.IgnoreChanges([]string{"subnets"}))
	if err != nil {
		return fmt.Errorf("registering the virtual network: %w", err)
	}

	var nat *network.NatGateway
	if plan.NatGateway {
		ip, err := network.NewPublicIPAddress(ctx, name+"-nat", &network.PublicIPAddressArgs{
			ResourceGroupName: rg, Location: location,
			Sku:                      &network.PublicIPAddressSkuArgs{Name: pulumi.String("Standard")},
			PublicIPAllocationMethod: pulumi.String("Static"),
			Tags:                     tags("nat"),
		}, parent)
		if err != nil {
			return fmt.Errorf("registering the NAT public IP: %w", err)
		}
		nat, err = network.NewNatGateway(ctx, name+"-nat", &network.NatGatewayArgs{
			ResourceGroupName: rg, Location: location,
			Sku:               &network.NatGatewaySkuArgs{Name: pulumi.String("Standard")},
			PublicIpAddresses: network.SubResourceArray{&network.SubResourceArgs{Id: ip.ID()}},
			Tags:              tags("nat"),
		}, parent)
		if err != nil {
			return fmt.Errorf("registering the NAT gateway: %w", err)
		}
	}

	subnetIDs, nsgIDs := pulumi.StringMap{}, pulumi.StringMap{}
	var previous pulumi.Resource
	for _, s := range plan.Subnets {
		var rules network.SecurityRuleTypeArray
		for _, r := range s.securityRules() {
			rules = append(rules, &network.SecurityRuleTypeArgs{
				Name: pulumi.String(r["name"].(string)), Priority: pulumi.Int(r["priority"].(int)),
				Direction: pulumi.String("Inbound"), Access: pulumi.String(r["access"].(string)),
				Protocol:                 pulumi.String(r["protocol"].(string)),
				SourceAddressPrefix:      pulumi.String(r["sourceAddressPrefix"].(string)),
				SourcePortRange:          pulumi.String("*"),
				DestinationAddressPrefix: pulumi.String("*"),
				DestinationPortRange:     pulumi.String(r["destinationPortRange"].(string)),
			})
		}
		nsg, err := network.NewNetworkSecurityGroup(ctx, name+"-"+s.Name, &network.NetworkSecurityGroupArgs{
			ResourceGroupName: rg, Location: location, SecurityRules: rules, Tags: tags(s.Name),
		}, parent)
		if err != nil {
			return fmt.Errorf("registering the NSG of subnet %s: %w", s.Name, err)
		}
		// The subnet uses API version 2024-05-01: the default version of the
		// SDK cannot turn off default outbound access.
		subnetArgs := &network.SubnetArgs{
			ResourceGroupName:     rg,
			VirtualNetworkName:    vnet.Name,
			SubnetName:            pulumi.String(s.Name),
			AddressPrefix:         pulumi.String(s.CIDR.String()),
			DefaultOutboundAccess: pulumi.Bool(false),
			NetworkSecurityGroup:  &network.NetworkSecurityGroupTypeArgs{Id: nsg.ID()},
		}
		if nat != nil {
			subnetArgs.NatGateway = &network.SubResourceArgs{Id: nat.ID()}
		}
		if len(s.ServiceEndpoints) > 0 {
			var endpoints network.ServiceEndpointPropertiesFormatArray
			for _, e := range s.ServiceEndpoints {
				endpoints = append(endpoints, &network.ServiceEndpointPropertiesFormatArgs{Service: pulumi.String(e)})
			}
			subnetArgs.ServiceEndpoints = endpoints
		}
		if len(s.Delegations) > 0 {
			var delegations network.DelegationArray
			for _, d := range s.Delegations {
				delegations = append(delegations, &network.DelegationArgs{Name: pulumi.String(d), ServiceName: pulumi.String(d)})
			}
			subnetArgs.Delegations = delegations
		}
		subnetOpts := []pulumi.ResourceOption{parent}
		if previous != nil {
			// Azure updates one subnet of a network at a time.
			subnetOpts = append(subnetOpts, pulumi.DependsOn([]pulumi.Resource{previous}))
		}
		subnet, err := network.NewSubnet(ctx, name+"-"+s.Name, subnetArgs, subnetOpts...)
		if err != nil {
			return fmt.Errorf("registering subnet %s: %w", s.Name, err)
		}
		previous = subnet
		subnetIDs[s.Name] = subnet.ID()
		nsgIDs[s.Name] = nsg.ID()
	}
	comp.VnetId = vnet.ID().ToStringOutput()
	comp.VnetName = vnet.Name
	comp.SubnetIds = subnetIDs.ToStringMapOutput()
	comp.NsgIds = nsgIDs.ToStringMapOutput()
	comp.ResourceGroupName = rg
	comp.Tags = settings.TagMap(plan.Tags, plan.SecretTags)
	return nil
}
