package aws

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumix"
)

// NetworkContractVersion is the version of the NetworkOutputs shape. It
// changes only when a field is removed or changes its meaning; a field
// added keeps the version, and readers ignore fields they do not know.
const NetworkContractVersion = 1

// NetworkOutputs is the network contract: everything a stack built on
// another stack's network needs, in one value. SecureVpc and NetworkStack
// both give it as their networkOutputs output, and a network stack exports
// it whole (docs/components/network-stack.md, "The network contract"), so
// the names a reader depends on are written once, here.
type NetworkOutputs struct {
	ContractVersion   int               `pulumi:"contractVersion" json:"contractVersion"`
	Region            string            `pulumi:"region" json:"region"`
	VpcId             string            `pulumi:"vpcId" json:"vpcId"`
	CidrBlock         string            `pulumi:"cidrBlock" json:"cidrBlock"`
	PublicSubnetIds   []string          `pulumi:"publicSubnetIds" json:"publicSubnetIds"`
	PrivateSubnetIds  []string          `pulumi:"privateSubnetIds" json:"privateSubnetIds"`
	IsolatedSubnetIds []string          `pulumi:"isolatedSubnetIds" json:"isolatedSubnetIds"`
	SubnetLayout      []SubnetLayout    `pulumi:"subnetLayout" json:"subnetLayout"`
	SecurityGroupIds  map[string]string `pulumi:"securityGroupIds" json:"securityGroupIds"`
}

func (n *NetworkOutputs) Annotate(an infer.Annotator) { docs.Annotate(an, n) }

// networkOutputs gathers the contract from a network's outputs. groups is
// nil for a bare SecureVpc, which has no tier security groups; the contract
// then holds an empty map, so every field is always present.
func networkOutputs(region string, vpcID, cidr pulumi.StringOutput, public, private, isolated pulumi.StringArrayOutput,
	layout pulumix.Output[[]SubnetLayout], groups pulumi.StringMapInput,
) pulumix.Output[NetworkOutputs] {
	if groups == nil {
		groups = pulumi.StringMap{}
	}
	ids := pulumix.Apply5(vpcID, cidr, public, private, isolated,
		func(vpc, cidr string, public, private, isolated []string) NetworkOutputs {
			return NetworkOutputs{
				ContractVersion: NetworkContractVersion, Region: region, VpcId: vpc, CidrBlock: cidr,
				PublicSubnetIds: orEmpty(public), PrivateSubnetIds: orEmpty(private), IsolatedSubnetIds: orEmpty(isolated),
			}
		})
	return pulumix.Apply3(ids, layout, groups.ToStringMapOutput(),
		func(n NetworkOutputs, layout []SubnetLayout, groups map[string]string) NetworkOutputs {
			n.SubnetLayout = layout
			if groups == nil {
				groups = map[string]string{}
			}
			n.SecurityGroupIds = groups
			return n
		})
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
