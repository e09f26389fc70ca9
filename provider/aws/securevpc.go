package aws

import (
	_ "embed"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumix"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/provider/lifecycle"
)

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

func (a *SecureVpcArgs) Annotate(an infer.Annotator) { docs.Annotate(an, a) }

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

func (s *SubnetSpec) Annotate(an infer.Annotator) { docs.Annotate(an, s) }

// FlowLogs configures VPC flow logs.
type FlowLogs struct {
	Enabled         *bool              `pulumi:"enabled,optional"`
	Destination     string             `pulumi:"destination,optional"`
	S3BucketArn     pulumi.StringInput `pulumi:"s3BucketArn,optional"`
	RetentionInDays *int               `pulumi:"retentionInDays,optional"`
}

func (f *FlowLogs) Annotate(an infer.Annotator) { docs.Annotate(an, f) }

// SubnetLayout is one planned subnet, as the subnetLayout output reports it.
type SubnetLayout struct {
	Tier             string `pulumi:"tier" json:"tier"`
	Type             string `pulumi:"type" json:"type"`
	AvailabilityZone string `pulumi:"availabilityZone" json:"availabilityZone"`
	CidrBlock        string `pulumi:"cidrBlock" json:"cidrBlock"`
	Ipv6Index        int    `pulumi:"ipv6Index" json:"ipv6Index"`
}

func (l *SubnetLayout) Annotate(an infer.Annotator) { docs.Annotate(an, l) }

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
	NetworkOutputs         pulumix.Output[NetworkOutputs]    `pulumi:"networkOutputs"`
	ComplianceReport       pulumix.Output[compliance.Report] `pulumi:"complianceReport"`
}

func (v *SecureVpc) Annotate(an infer.Annotator) { docs.Annotate(an, v) }

// SecureVpcSpec is the SecureVpc component. Its constructor validates every
// input, then registers the VPC and its network. Zones given by number are
// looked up in the region after the component is registered (the lookup
// needs the component's provider); every other problem is reported before
// anything is registered. NetworkStack and Deployment build theirs through it.
var SecureVpcSpec = lifecycle.Define(secureVpcToken, assessSecureVpc, registerSecureVpc)
