package awscloud

// EC2 networking: the table of the network types, what they share (tags,
// the refusals AWS makes and moto does not), and the VPC. The other types
// have a file each: ec2_network_subnet.go, ec2_network_gateways.go
// (internet and egress-only gateways), ec2_network_nat.go (NAT gateways
// and elastic IPs), ec2_routing.go (routes) and ec2_routing_tables.go
// (route tables and associations); ec2_network_teardown.go deletes in
// AWS's order.

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"
)

var ec2NetworkKinds = map[string]kind{
	"aws:ec2/vpc:Vpc": {create: createVpc, read: readVpc, update: updateVpc, del: deleteVpc, list: listVpcs},
	"aws:ec2/subnet:Subnet": {create: createSubnet, read: readSubnet, update: updateSubnet, del: deleteSubnet,
		list: listSubnets},
	"aws:ec2/internetGateway:InternetGateway": {create: createIGW, read: readIGW, update: updateIGW, del: deleteIGW,
		list: listIGWs},
	"aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway": {create: createEIGW, read: readEIGW,
		update: updateEIGW, del: deleteEIGW, list: listEIGWs},
	"aws:ec2/eip:Eip":               {create: createEIP, read: readEIP, update: updateEIP, del: deleteEIP, list: listEIPs},
	"aws:ec2/natGateway:NatGateway": {create: createNAT, read: readNAT, update: updateNAT, del: deleteNAT, list: listNATs},
	"aws:ec2/routeTable:RouteTable": {create: createRouteTable, read: readRouteTable, update: updateRouteTable,
		del: deleteRouteTable, list: listRouteTables},
	"aws:ec2/route:Route": {create: createRoute, read: readRoute, update: updateRoute, del: deleteRoute,
		list: listRoutes},
	"aws:ec2/routeTableAssociation:RouteTableAssociation": {create: createRTA, read: readRTA, update: updateRTA,
		del: deleteRTA, list: listRTAs},
}

// netRefusal is an error AWS answers and moto does not: the stand-in makes
// the refusal itself, with AWS's code and message, so that what real AWS
// would refuse (a destroy in the wrong order, above all) fails here too.
// detail, when set, says what the stand-in found, after AWS's message.
func netRefusal(code, message, detail string) error {
	err := error(&smithy.GenericAPIError{Code: code, Message: message, Fault: smithy.FaultClient})
	if detail != "" {
		err = fmt.Errorf("%w [stand-in: %s]", err, detail)
	}
	return err
}

// netTags are a resource's tags as the Terraform provider reports them:
// what AWS holds less the provider's default tags (those are tagsAll's).
func netTags(k call, tags []ec2types.Tag) map[string]any {
	out := map[string]any{}
	defaults := k.c.Settings.DefaultTags
	for _, t := range tags {
		key, v := aws.ToString(t.Key), aws.ToString(t.Value)
		if d, ok := defaults[key]; ok && d == v {
			continue
		}
		out[key] = v
	}
	return out
}

// netRetag makes the tags of EC2 resource id what the resource asks for
// now (its tagsAll), against what moto holds, so drift is put back too.
func netRetag(k call, kindName, id string) error {
	out, err := k.api.EC2.DescribeTags(k.ctx, &ec2.DescribeTagsInput{
		Filters: []ec2types.Filter{{Name: aws.String("resource-id"), Values: []string{id}}},
	})
	if err != nil {
		return verb("updating tags of", kindName, id, err)
	}
	want := k.c.TagsAll()
	var stale []ec2types.Tag
	have := map[string]string{}
	for _, t := range out.Tags {
		key := aws.ToString(t.Key)
		have[key] = aws.ToString(t.Value)
		if _, keep := want[key]; !keep {
			stale = append(stale, ec2types.Tag{Key: t.Key})
		}
	}
	if len(stale) > 0 {
		if _, err := k.api.EC2.DeleteTags(k.ctx, &ec2.DeleteTagsInput{Resources: []string{id}, Tags: stale}); err != nil {
			return verb("updating tags of", kindName, id, err)
		}
	}
	changed := map[string]string{}
	for key, v := range want {
		if old, ok := have[key]; !ok || old != v {
			changed[key] = v
		}
	}
	if len(changed) > 0 {
		if _, err := k.api.EC2.CreateTags(k.ctx, &ec2.CreateTagsInput{
			Resources: []string{id}, Tags: ec2Tags(changed),
		}); err != nil {
			return verb("updating tags of", kindName, id, err)
		}
	}
	return nil
}

func netFilter(name string, values ...string) ec2types.Filter {
	return ec2types.Filter{Name: aws.String(name), Values: values}
}

// netBool is an SDK boolean attribute.
func netBool(v bool) *ec2types.AttributeBooleanValue {
	return &ec2types.AttributeBooleanValue{Value: aws.Bool(v)}
}

// netChanged reports whether the bool input key differs from the prior
// state, the default standing in for an absent value.
func netChanged(k call, key string, def bool) (value, changed bool) {
	now, ok := k.in.boolean(key)
	if !ok {
		now = def
	}
	was, ok := k.old.boolean(key)
	if !ok {
		was = def
	}
	return now, now != was
}

// VPC.

const vpcKind = "EC2 VPC"

func createVpc(k call) (string, map[string]any, error) {
	in := &ec2.CreateVpcInput{
		CidrBlock:         k.in.strPtr("cidrBlock"),
		TagSpecifications: tagSpecs(k, ec2types.ResourceTypeVpc),
	}
	if t := k.in.str("instanceTenancy"); t != "" {
		in.InstanceTenancy = ec2types.Tenancy(t)
	}
	if k.in.flag("assignGeneratedIpv6CidrBlock") {
		in.AmazonProvidedIpv6CidrBlock = aws.Bool(true)
	}
	out, err := k.api.EC2.CreateVpc(k.ctx, in)
	if err != nil {
		return "", nil, verb("creating", vpcKind, k.c.Name, err)
	}
	id := aws.ToString(out.Vpc.VpcId)
	// The Terraform provider changes only the attributes that differ from a
	// new VPC's.
	for _, a := range vpcAttributes {
		if v, ok := k.in.boolean(a.key); ok && v != a.def {
			if err := setVpcAttribute(k, id, a.key, v); err != nil {
				return "", nil, netRollback(k, err, func() error { return deleteVpcOnly(k, id) })
			}
		}
	}
	observed, _, err := observeVpc(k, id)
	return id, observed, err
}

// vpcAttributes are the VPC's boolean attributes and their values in a new
// VPC: DNS support on, DNS hostnames and address usage metrics off.
var vpcAttributes = []struct {
	key string
	def bool
}{{"enableDnsSupport", true}, {"enableDnsHostnames", false}, {"enableNetworkAddressUsageMetrics", false}}

// netRollback undoes a create whose follow-up call failed, so that nothing the
// state does not hold is left in the cloud, and returns the failure.
func netRollback(k call, err error, undo func() error) error {
	if uerr := undo(); uerr != nil {
		return fmt.Errorf("%w (and undoing the create failed: %v)", err, uerr)
	}
	return err
}

func setVpcAttribute(k call, id, key string, v bool) error {
	in := &ec2.ModifyVpcAttributeInput{VpcId: aws.String(id)}
	switch key {
	case "enableDnsSupport":
		in.EnableDnsSupport = netBool(v)
	case "enableDnsHostnames":
		in.EnableDnsHostnames = netBool(v)
	case "enableNetworkAddressUsageMetrics":
		in.EnableNetworkAddressUsageMetrics = netBool(v)
	}
	if _, err := k.api.EC2.ModifyVpcAttribute(k.ctx, in); err != nil {
		return verb("modifying the "+key+" of", vpcKind, id, err)
	}
	return nil
}

// observeVpc is the VPC as the Terraform provider reads it: the VPC, its
// three attributes, and the default network ACL, main route table and
// default security group AWS made with it.
func observeVpc(k call, id string) (map[string]any, bool, error) {
	out, err := k.api.EC2.DescribeVpcs(k.ctx, &ec2.DescribeVpcsInput{VpcIds: []string{id}})
	if hasCode(err, "InvalidVpcID.NotFound") || err == nil && len(out.Vpcs) == 0 {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, verb("reading", vpcKind, id, err)
	}
	v := out.Vpcs[0]
	observed := map[string]any{
		"arn":                          ec2ARN(k, "vpc", id),
		"cidrBlock":                    aws.ToString(v.CidrBlock),
		"instanceTenancy":              string(v.InstanceTenancy),
		"dhcpOptionsId":                aws.ToString(v.DhcpOptionsId),
		"ownerId":                      aws.ToString(v.OwnerId),
		"assignGeneratedIpv6CidrBlock": false,
		"ipv6CidrBlock":                "",
		"ipv6AssociationId":            "",
		"tags":                         netTags(k, v.Tags),
	}
	for _, a := range v.Ipv6CidrBlockAssociationSet {
		if a.Ipv6CidrBlockState != nil && a.Ipv6CidrBlockState.State != ec2types.VpcCidrBlockStateCodeAssociated &&
			a.Ipv6CidrBlockState.State != ec2types.VpcCidrBlockStateCodeAssociating {
			continue // disassociated blocks stay listed a while
		}
		observed["ipv6CidrBlock"] = aws.ToString(a.Ipv6CidrBlock)
		observed["ipv6AssociationId"] = aws.ToString(a.AssociationId)
		observed["assignGeneratedIpv6CidrBlock"] = aws.ToString(a.Ipv6Pool) == "Amazon"
		// moto leaves the border group out; AWS's is the region.
		group := aws.ToString(a.NetworkBorderGroup)
		if group == "" {
			group = k.api.Region
		}
		observed["ipv6CidrBlockNetworkBorderGroup"] = group
		break
	}
	for key, attr := range map[string]ec2types.VpcAttributeName{
		"enableDnsSupport":                 ec2types.VpcAttributeNameEnableDnsSupport,
		"enableDnsHostnames":               ec2types.VpcAttributeNameEnableDnsHostnames,
		"enableNetworkAddressUsageMetrics": ec2types.VpcAttributeNameEnableNetworkAddressUsageMetrics,
	} {
		a, err := k.api.EC2.DescribeVpcAttribute(k.ctx, &ec2.DescribeVpcAttributeInput{
			VpcId: aws.String(id), Attribute: attr,
		})
		if err != nil {
			return nil, false, verb("reading the "+key+" of", vpcKind, id, err)
		}
		var value *ec2types.AttributeBooleanValue
		switch attr {
		case ec2types.VpcAttributeNameEnableDnsSupport:
			value = a.EnableDnsSupport
		case ec2types.VpcAttributeNameEnableDnsHostnames:
			value = a.EnableDnsHostnames
		default:
			value = a.EnableNetworkAddressUsageMetrics
		}
		observed[key] = value != nil && aws.ToBool(value.Value)
	}
	vpc := netFilter("vpc-id", id)
	acls, err := k.api.EC2.DescribeNetworkAcls(k.ctx, &ec2.DescribeNetworkAclsInput{
		Filters: []ec2types.Filter{vpc, netFilter("default", "true")},
	})
	if err != nil {
		return nil, false, verb("reading the default network ACL of", vpcKind, id, err)
	}
	if len(acls.NetworkAcls) > 0 {
		observed["defaultNetworkAclId"] = aws.ToString(acls.NetworkAcls[0].NetworkAclId)
	}
	rtbs, err := k.api.EC2.DescribeRouteTables(k.ctx, &ec2.DescribeRouteTablesInput{
		Filters: []ec2types.Filter{vpc, netFilter("association.main", "true")},
	})
	if err != nil {
		return nil, false, verb("reading the main route table of", vpcKind, id, err)
	}
	if len(rtbs.RouteTables) > 0 {
		main := aws.ToString(rtbs.RouteTables[0].RouteTableId)
		observed["mainRouteTableId"], observed["defaultRouteTableId"] = main, main
	}
	sgs, err := k.api.EC2.DescribeSecurityGroups(k.ctx, &ec2.DescribeSecurityGroupsInput{
		Filters: []ec2types.Filter{vpc, netFilter("group-name", "default")},
	})
	if err != nil {
		return nil, false, verb("reading the default security group of", vpcKind, id, err)
	}
	if len(sgs.SecurityGroups) > 0 {
		observed["defaultSecurityGroupId"] = aws.ToString(sgs.SecurityGroups[0].GroupId)
	}
	return observed, true, nil
}

func readVpc(k call) (map[string]any, bool, error) { return observeVpc(k, k.c.ID) }

func updateVpc(k call) (map[string]any, error) {
	id := k.c.ID
	for _, a := range vpcAttributes {
		if v, changed := netChanged(k, a.key, a.def); changed {
			if err := setVpcAttribute(k, id, a.key, v); err != nil {
				return nil, err
			}
		}
	}
	if t := k.in.str("instanceTenancy"); t != "" && t != k.old.str("instanceTenancy") {
		if _, err := k.api.EC2.ModifyVpcTenancy(k.ctx, &ec2.ModifyVpcTenancyInput{
			VpcId: aws.String(id), InstanceTenancy: ec2types.VpcTenancy(t),
		}); err != nil {
			return nil, verb("modifying the tenancy of", vpcKind, id, err)
		}
	}
	if want, changed := netChanged(k, "assignGeneratedIpv6CidrBlock", false); changed {
		if want {
			if _, err := k.api.EC2.AssociateVpcCidrBlock(k.ctx, &ec2.AssociateVpcCidrBlockInput{
				VpcId: aws.String(id), AmazonProvidedIpv6CidrBlock: aws.Bool(true),
			}); err != nil {
				return nil, verb("associating an IPv6 CIDR block with", vpcKind, id, err)
			}
		} else if assoc := k.old.str("ipv6AssociationId"); assoc != "" {
			if _, err := k.api.EC2.DisassociateVpcCidrBlock(k.ctx, &ec2.DisassociateVpcCidrBlockInput{
				AssociationId: aws.String(assoc),
			}); err != nil {
				return nil, verb("disassociating the IPv6 CIDR block of", vpcKind, id, err)
			}
		}
	}
	if err := netRetag(k, vpcKind, id); err != nil {
		return nil, err
	}
	observed, _, err := observeVpc(k, id)
	return observed, err
}

func deleteVpcOnly(k call, id string) error {
	_, err := k.api.EC2.DeleteVpc(k.ctx, &ec2.DeleteVpcInput{VpcId: aws.String(id)})
	if err != nil && !hasCode(err, "InvalidVpcID.NotFound") {
		return verb("deleting", vpcKind, id, err)
	}
	return nil
}

func listVpcs(ctx context.Context, api *Clients) ([]string, error) {
	var ids []string
	p := ec2.NewDescribeVpcsPaginator(api.EC2, &ec2.DescribeVpcsInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing VPCs: %w", err)
		}
		for _, v := range out.Vpcs {
			if !aws.ToBool(v.IsDefault) {
				ids = append(ids, aws.ToString(v.VpcId))
			}
		}
	}
	return ids, nil
}
