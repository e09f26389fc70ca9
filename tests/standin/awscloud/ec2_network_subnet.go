package awscloud

// EC2 subnets.

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

const subnetKind = "EC2 Subnet"

func createSubnet(k call) (string, map[string]any, error) {
	in := &ec2.CreateSubnetInput{
		VpcId:              k.in.strPtr("vpcId"),
		CidrBlock:          k.in.strPtr("cidrBlock"),
		AvailabilityZone:   k.in.strPtr("availabilityZone"),
		AvailabilityZoneId: k.in.strPtr("availabilityZoneId"),
		Ipv6CidrBlock:      k.in.strPtr("ipv6CidrBlock"),
		TagSpecifications:  tagSpecs(k, ec2types.ResourceTypeSubnet),
	}
	if k.in.flag("ipv6Native") {
		in.Ipv6Native = aws.Bool(true)
	}
	out, err := k.api.EC2.CreateSubnet(k.ctx, in)
	if err != nil {
		return "", nil, verb("creating", subnetKind, k.c.Name, err)
	}
	id := aws.ToString(out.Subnet.SubnetId)
	// The attributes CreateSubnet has no parameter for are modified after,
	// one call each, where they differ from a new subnet's (all off).
	for _, key := range subnetAttributes {
		if k.in.flag(key) {
			if err := setSubnetAttribute(k, id, key, true); err != nil {
				return "", nil, netRollback(k, err, func() error { return deleteSubnetOnly(k, id) })
			}
		}
	}
	observed, _, err := observeSubnet(k, id)
	return id, observed, err
}

// subnetAttributes are the boolean attributes orgiac may set that moto
// keeps (it accepts and ignores enableDns64 and the AAAA record option).
var subnetAttributes = []string{"mapPublicIpOnLaunch", "assignIpv6AddressOnCreation",
	"enableResourceNameDnsARecordOnLaunch"}

func setSubnetAttribute(k call, id, key string, v bool) error {
	in := &ec2.ModifySubnetAttributeInput{SubnetId: aws.String(id)}
	switch key {
	case "mapPublicIpOnLaunch":
		in.MapPublicIpOnLaunch = netBool(v)
	case "assignIpv6AddressOnCreation":
		in.AssignIpv6AddressOnCreation = netBool(v)
	case "enableResourceNameDnsARecordOnLaunch":
		in.EnableResourceNameDnsARecordOnLaunch = netBool(v)
	}
	if _, err := k.api.EC2.ModifySubnetAttribute(k.ctx, in); err != nil {
		return verb("modifying the "+key+" of", subnetKind, id, err)
	}
	return nil
}

func observeSubnet(k call, id string) (map[string]any, bool, error) {
	out, err := k.api.EC2.DescribeSubnets(k.ctx, &ec2.DescribeSubnetsInput{SubnetIds: []string{id}})
	if hasCode(err, "InvalidSubnetID.NotFound") || err == nil && len(out.Subnets) == 0 {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, verb("reading", subnetKind, id, err)
	}
	s := out.Subnets[0]
	arn := aws.ToString(s.SubnetArn)
	if arn == "" {
		arn = ec2ARN(k, "subnet", id)
	}
	observed := map[string]any{
		"arn":                         arn,
		"vpcId":                       aws.ToString(s.VpcId),
		"cidrBlock":                   aws.ToString(s.CidrBlock),
		"availabilityZone":            aws.ToString(s.AvailabilityZone),
		"availabilityZoneId":          aws.ToString(s.AvailabilityZoneId),
		"ownerId":                     aws.ToString(s.OwnerId),
		"mapPublicIpOnLaunch":         aws.ToBool(s.MapPublicIpOnLaunch),
		"assignIpv6AddressOnCreation": aws.ToBool(s.AssignIpv6AddressOnCreation),
		"ipv6Native":                  aws.ToBool(s.Ipv6Native),
		// moto has no EnableDns64; read as the provider reads a nil: false.
		"enableDns64":                             aws.ToBool(s.EnableDns64),
		"privateDnsHostnameTypeOnLaunch":          "ip-name",
		"enableResourceNameDnsARecordOnLaunch":    false,
		"enableResourceNameDnsAaaaRecordOnLaunch": false,
		"ipv6CidrBlock":                           "",
		"ipv6CidrBlockAssociationId":              "",
		"tags":                                    netTags(k, s.Tags),
	}
	if o := s.PrivateDnsNameOptionsOnLaunch; o != nil {
		if o.HostnameType != "" {
			observed["privateDnsHostnameTypeOnLaunch"] = string(o.HostnameType)
		}
		observed["enableResourceNameDnsARecordOnLaunch"] = aws.ToBool(o.EnableResourceNameDnsARecord)
		observed["enableResourceNameDnsAaaaRecordOnLaunch"] = aws.ToBool(o.EnableResourceNameDnsAAAARecord)
	}
	if a, ok := subnetIPv6(s); ok {
		observed["ipv6CidrBlock"] = aws.ToString(a.Ipv6CidrBlock)
		observed["ipv6CidrBlockAssociationId"] = aws.ToString(a.AssociationId)
	}
	return observed, true, nil
}

// subnetIPv6 is the subnet's associated IPv6 block. moto writes the state
// of one it has just described as a Python dict ("{'State':
// 'associated'}"), so any state that is not a disassociation counts.
func subnetIPv6(s ec2types.Subnet) (ec2types.SubnetIpv6CidrBlockAssociation, bool) {
	for _, a := range s.Ipv6CidrBlockAssociationSet {
		if a.Ipv6CidrBlockState == nil || !strings.Contains(string(a.Ipv6CidrBlockState.State), "disassociat") {
			return a, true
		}
	}
	return ec2types.SubnetIpv6CidrBlockAssociation{}, false
}

func readSubnet(k call) (map[string]any, bool, error) { return observeSubnet(k, k.c.ID) }

func updateSubnet(k call) (map[string]any, error) {
	id := k.c.ID
	// AWS refuses to drop the IPv6 block of a subnet that assigns IPv6
	// addresses, so the assignment goes off before the block changes.
	assign, assignChanged := netChanged(k, "assignIpv6AddressOnCreation", false)
	if assignChanged && !assign {
		if err := setSubnetAttribute(k, id, "assignIpv6AddressOnCreation", false); err != nil {
			return nil, err
		}
	}
	if block := k.in.str("ipv6CidrBlock"); block != k.old.str("ipv6CidrBlock") {
		if err := changeSubnetIPv6(k, id, block); err != nil {
			return nil, err
		}
	}
	for _, key := range subnetAttributes {
		if key == "assignIpv6AddressOnCreation" && !assign {
			continue
		}
		if v, changed := netChanged(k, key, false); changed {
			if err := setSubnetAttribute(k, id, key, v); err != nil {
				return nil, err
			}
		}
	}
	if err := netRetag(k, subnetKind, id); err != nil {
		return nil, err
	}
	observed, _, err := observeSubnet(k, id)
	return observed, err
}

// changeSubnetIPv6 replaces the subnet's IPv6 block with block (none when
// empty).
func changeSubnetIPv6(k call, id, block string) error {
	if assoc := k.old.str("ipv6CidrBlockAssociationId"); assoc != "" {
		if _, err := k.api.EC2.DisassociateSubnetCidrBlock(k.ctx, &ec2.DisassociateSubnetCidrBlockInput{
			AssociationId: aws.String(assoc),
		}); err != nil {
			return verb("disassociating the IPv6 CIDR block of", subnetKind, id, err)
		}
	}
	if block == "" {
		return nil
	}
	if _, err := k.api.EC2.AssociateSubnetCidrBlock(k.ctx, &ec2.AssociateSubnetCidrBlockInput{
		SubnetId: aws.String(id), Ipv6CidrBlock: aws.String(block),
	}); err != nil {
		return verb("associating an IPv6 CIDR block with", subnetKind, id, err)
	}
	return nil
}

// deleteSubnet refuses, as AWS does and moto does not, while a NAT gateway
// or a network interface is in the subnet. moto keeps the subnet's network
// ACL association after it; AWS removes it with the subnet.
func deleteSubnet(k call) error {
	id := k.c.ID
	left, err := subnetDependencies(k, id)
	if err != nil {
		return verb("deleting", subnetKind, id, err)
	}
	if len(left) > 0 {
		return verb("deleting", subnetKind, id, netRefusal("DependencyViolation",
			fmt.Sprintf("The subnet '%s' has dependencies and cannot be deleted.", id), strings.Join(left, ", ")))
	}
	acls, err := k.api.EC2.DescribeNetworkAcls(k.ctx, &ec2.DescribeNetworkAclsInput{
		Filters: []ec2types.Filter{netFilter("association.subnet-id", id)},
	})
	if err != nil {
		return verb("deleting", subnetKind, id, err)
	}
	if err := deleteSubnetOnly(k, id); err != nil {
		return err
	}
	for _, acl := range acls.NetworkAcls {
		for _, a := range acl.Associations {
			if aws.ToString(a.SubnetId) != id {
				continue
			}
			if err := netDropACLAssociation(k, aws.ToString(a.NetworkAclAssociationId)); err != nil {
				return verb("removing the network ACL association of", subnetKind, id, err)
			}
		}
	}
	return nil
}

func deleteSubnetOnly(k call, id string) error {
	_, err := k.api.EC2.DeleteSubnet(k.ctx, &ec2.DeleteSubnetInput{SubnetId: aws.String(id)})
	if err != nil && !hasCode(err, "InvalidSubnetID.NotFound") {
		return verb("deleting", subnetKind, id, err)
	}
	return nil
}

func listSubnets(ctx context.Context, api *Clients) ([]string, error) {
	var ids []string
	p := ec2.NewDescribeSubnetsPaginator(api.EC2, &ec2.DescribeSubnetsInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing subnets: %w", err)
		}
		for _, s := range out.Subnets {
			if !aws.ToBool(s.DefaultForAz) {
				ids = append(ids, aws.ToString(s.SubnetId))
			}
		}
	}
	return ids, nil
}
