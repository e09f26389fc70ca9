package aws

import (
	_ "embed"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumix"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/provider/lifecycle"
)

//go:embed docs/securevpc.md
var secureVpcDoc string

const secureVpcToken = "orgiac:aws:SecureVpc"

// SecureVpcArgs are the inputs of orgiac:aws:SecureVpc. The layout inputs are
// plain values: they decide which subnets exist, so they must be known when
// the component is constructed.
type SecureVpcArgs struct {
	CidrBlock                    string              `pulumi:"cidrBlock,optional"`
	AvailabilityZoneNames        []string            `pulumi:"availabilityZoneNames,optional"`
	NumberOfAvailabilityZones    *int                `pulumi:"numberOfAvailabilityZones,optional"`
	AvailabilityZoneCapacity     *int                `pulumi:"availabilityZoneCapacity,optional"`
	SubnetSpecs                  []SubnetSpec        `pulumi:"subnetSpecs,optional"`
	NatGateways                  string              `pulumi:"natGateways,optional"`
	FlowLogs                     *FlowLogs           `pulumi:"flowLogs,optional"`
	GatewayEndpoints             []string            `pulumi:"gatewayEndpoints,optional"`
	InterfaceEndpoints           []string            `pulumi:"interfaceEndpoints,optional"`
	AssignGeneratedIpv6CidrBlock *bool               `pulumi:"assignGeneratedIpv6CidrBlock,optional"`
	InstanceTenancy              string              `pulumi:"instanceTenancy,optional"`
	EnableDnsHostnames           *bool               `pulumi:"enableDnsHostnames,optional"`
	EnableDnsSupport             *bool               `pulumi:"enableDnsSupport,optional"`
	Tags                         map[string]string   `pulumi:"tags,optional"`
	Waivers                      []compliance.Waiver `pulumi:"waivers,optional"`
}

func (a *SecureVpcArgs) Annotate(an infer.Annotator) {
	// As a type (NetworkStack's vpc input) it needs a name of its own:
	// "SecureVpcArgs" would become SecureVpcArgsArgs in the SDKs.
	an.SetToken("aws", "NetworkStackVpc")
	an.Describe(a, "The inputs of a SecureVpc, as NetworkStack's vpc input takes them.")
	an.Describe(&a.CidrBlock, "The VPC's IPv4 network. Defaults to `10.0.0.0/16`. Plain value.")
	an.Describe(&a.AvailabilityZoneNames, "The availability zones to use, in order. Alternative to "+
		"numberOfAvailabilityZones.")
	an.Describe(&a.NumberOfAvailabilityZones, "How many availability zones to use, taken from the region "+
		"in order. Defaults to 3. Raising it later only adds subnets.")
	an.Describe(&a.AvailabilityZoneCapacity, "How many availability zones each tier reserves address space "+
		"for. Defaults to 4. It is what keeps existing subnets in place when zones are added, so it is "+
		"fixed when the VPC is created.")
	an.Describe(&a.SubnetSpecs, "The subnet tiers, in order. Defaults to public (/22), private (/19) and "+
		"isolated (/22). Appending a tier never moves an existing subnet; reordering or removing tiers can.")
	an.Describe(&a.NatGateways, "NAT for private tiers: `none`, `single` or `one-per-az`. Defaults to "+
		"`single`, or `one-per-az` when the environment is production; `none` without a public and a "+
		"private tier.")
	an.Describe(&a.FlowLogs, "VPC flow logs. On by default, to CloudWatch Logs with 365-day retention.")
	an.Describe(&a.GatewayEndpoints, "Gateway endpoints, attached to the private and isolated route tables. "+
		"Defaults to `s3` and `dynamodb`; an empty list creates none.")
	an.Describe(&a.InterfaceEndpoints, "Interface endpoints by service name (`ssm`, `ecr.api`, ...), in the "+
		"private subnets, with private DNS and a security group that allows 443 from the VPC.")
	an.Describe(&a.AssignGeneratedIpv6CidrBlock, "Give the VPC an Amazon-provided IPv6 /56, every subnet "+
		"a /64, and ::/0 routes (private tiers through an egress-only internet gateway). Defaults to false.")
	an.Describe(&a.InstanceTenancy, "`default` or `dedicated`. Defaults to `default`.")
	an.Describe(&a.EnableDnsHostnames, "DNS hostnames in the VPC. Defaults to true.")
	an.Describe(&a.EnableDnsSupport, "DNS resolution in the VPC. Defaults to true.")
	an.Describe(&a.Tags, "The component's own tags, on every taggable child.")
	an.Describe(&a.Waivers, "Waivers for this VPC's compliance controls.")
}

// SubnetSpec is one subnet tier: a subnet of this type in every zone.
type SubnetSpec struct {
	Type                string            `pulumi:"type"`
	Name                string            `pulumi:"name,optional"`
	CidrMask            *int              `pulumi:"cidrMask,optional"`
	Size                *int              `pulumi:"size,optional"`
	Cidrs               []string          `pulumi:"cidrs,optional"`
	EksDiscovery        *bool             `pulumi:"eksDiscovery,optional"`
	MapPublicIpOnLaunch *bool             `pulumi:"mapPublicIpOnLaunch,optional"`
	Tags                map[string]string `pulumi:"tags,optional"`
}

func (s *SubnetSpec) Annotate(an infer.Annotator) {
	an.Describe(s, "A subnet tier of a SecureVpc.")
	an.Describe(&s.Type, "`public` (routes to the internet gateway), `private` (routes to NAT) or `isolated` "+
		"(no route out of the VPC).")
	an.Describe(&s.Name, "The tier's name, unique in the VPC. Defaults to the type.")
	an.Describe(&s.CidrMask, "The subnets' prefix length, e.g. 20. Defaults to 22 for public and isolated "+
		"tiers and 19 for private ones.")
	an.Describe(&s.Size, "The subnets' size in addresses, instead of cidrMask; rounded up to a power of two.")
	an.Describe(&s.Cidrs, "Exact subnet CIDRs, one per zone in zone order, instead of automatic planning.")
	an.Describe(&s.EksDiscovery, "Tag the subnets for EKS load balancer discovery: "+
		"`kubernetes.io/role/elb` on public tiers, `kubernetes.io/role/internal-elb` on private ones.")
	an.Describe(&s.MapPublicIpOnLaunch, "Give instances public IPs on launch (public tiers only). Defaults to "+
		"false; turning it on fails the vpc-no-public-ip control unless waived.")
	an.Describe(&s.Tags, "Tags for this tier's subnets only.")
}

// FlowLogs configures VPC flow logs.
type FlowLogs struct {
	Enabled         *bool              `pulumi:"enabled,optional"`
	Destination     string             `pulumi:"destination,optional"`
	S3BucketArn     pulumi.StringInput `pulumi:"s3BucketArn,optional"`
	RetentionInDays *int               `pulumi:"retentionInDays,optional"`
}

func (f *FlowLogs) Annotate(an infer.Annotator) {
	an.Describe(f, "Flow log settings of a SecureVpc; traffic type is always ALL.")
	an.Describe(&f.Enabled, "Log flows. Defaults to true; turning it off fails the vpc-flow-logs control.")
	an.Describe(&f.Destination, "`cloud-watch-logs` (the default: a log group and an IAM role are created) or `s3`.")
	an.Describe(&f.S3BucketArn, "The bucket ARN for destination `s3`.")
	an.Describe(&f.RetentionInDays, "Log group retention for `cloud-watch-logs`. Defaults to 365.")
}

// SubnetLayout is one planned subnet, as the subnetLayout output reports it.
type SubnetLayout struct {
	Tier             string `pulumi:"tier" json:"tier"`
	Type             string `pulumi:"type" json:"type"`
	AvailabilityZone string `pulumi:"availabilityZone" json:"availabilityZone"`
	CidrBlock        string `pulumi:"cidrBlock" json:"cidrBlock"`
	Ipv6Index        int    `pulumi:"ipv6Index" json:"ipv6Index"`
}

func (l *SubnetLayout) Annotate(an infer.Annotator) {
	an.Describe(l, "One subnet of the resolved layout.")
	an.Describe(&l.Tier, "The tier's name.")
	an.Describe(&l.Type, "public, private or isolated.")
	an.Describe(&l.AvailabilityZone, "The zone.")
	an.Describe(&l.CidrBlock, "The subnet's IPv4 CIDR; stable when tiers or zones are appended.")
	an.Describe(&l.Ipv6Index, "Which /64 of the VPC's /56 the subnet gets when IPv6 is on.")
}

// SecureVpc is the orgiac:aws:SecureVpc component.
type SecureVpc struct {
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
	Tags                   pulumi.StringMapOutput            `pulumi:"tags"`
	ComplianceReport       pulumix.Output[compliance.Report] `pulumi:"complianceReport"`
}

func (v *SecureVpc) Annotate(an infer.Annotator) {
	an.Describe(v, secureVpcDoc)
	an.Describe(&v.VpcId, "The VPC id.")
	an.Describe(&v.CidrBlock, "The VPC's IPv4 network.")
	an.Describe(&v.PublicSubnetIds, "The subnets of public tiers, tier by tier in zone order.")
	an.Describe(&v.PrivateSubnetIds, "The subnets of private tiers, tier by tier in zone order.")
	an.Describe(&v.IsolatedSubnetIds, "The subnets of isolated tiers, tier by tier in zone order.")
	an.Describe(&v.SubnetLayout, "The resolved subnet plan: tier, zone and CIDR of every subnet.")
	an.Describe(&v.RouteTableIds, "Every route table the component created.")
	an.Describe(&v.NatGatewayIds, "The NAT gateways, in zone order.")
	an.Describe(&v.InternetGatewayId, "The internet gateway; empty without a public tier.")
	an.Describe(&v.FlowLogId, "The flow log; empty when flow logs are off.")
	an.Describe(&v.DefaultSecurityGroupId, "The VPC's default security group, managed with no rules.")
	an.Describe(&v.EndpointIds, "The VPC endpoints by service name.")
	an.Describe(&v.Tags, "The effective tags on the VPC.")
	an.Describe(&v.ComplianceReport, "The compliance controls that apply to the VPC.")
}

// SecureVpcSpec is the SecureVpc component. Its constructor validates every
// input, then registers the VPC and its network. Zones given by number are
// looked up in the region after the component is registered (the lookup
// needs the component's provider); every other problem is reported before
// anything is registered. NetworkStack and Deployment build theirs through it.
var SecureVpcSpec = lifecycle.Define(secureVpcToken, assessSecureVpc, registerSecureVpc)
