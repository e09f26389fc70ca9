package awscloud

// Tearing the network down as AWS does: what AWS refuses to delete while
// something still depends on it (moto deletes it and leaves the rest
// behind), and what moto keeps after a delete that AWS removes with it.

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// deleteVpc refuses, as AWS does and moto does not, while anything is left
// in the VPC, then deletes it and the default network ACL moto keeps after
// it.
func deleteVpc(k call) error {
	id := k.c.ID
	left, err := vpcDependencies(k, id)
	if err != nil {
		return verb("deleting", vpcKind, id, err)
	}
	if len(left) > 0 {
		return verb("deleting", vpcKind, id, netRefusal("DependencyViolation",
			fmt.Sprintf("The vpc '%s' has dependencies and cannot be deleted.", id), strings.Join(left, ", ")))
	}
	acls, err := k.api.EC2.DescribeNetworkAcls(k.ctx, &ec2.DescribeNetworkAclsInput{
		Filters: []ec2types.Filter{netFilter("vpc-id", id), netFilter("default", "true")},
	})
	if err != nil {
		return verb("deleting", vpcKind, id, err)
	}
	if err := deleteVpcOnly(k, id); err != nil {
		return err
	}
	for _, acl := range acls.NetworkAcls {
		if err := netDeleteOrphanACL(k, acl); err != nil {
			return verb("deleting the default network ACL of", vpcKind, id, err)
		}
	}
	return nil
}

// netDeleteOrphanACL deletes the default network ACL of a deleted VPC, which
// AWS deletes with it and moto keeps. moto also keeps the associations of
// the VPC's deleted subnets on it, and refuses to delete an ACL that has
// any, so they go first.
func netDeleteOrphanACL(k call, acl ec2types.NetworkAcl) error {
	for _, a := range acl.Associations {
		if err := netDropACLAssociation(k, aws.ToString(a.NetworkAclAssociationId)); err != nil {
			return err
		}
	}
	_, err := k.api.EC2.DeleteNetworkAcl(k.ctx, &ec2.DeleteNetworkAclInput{NetworkAclId: acl.NetworkAclId})
	if err != nil && !hasCode(err, "InvalidNetworkAclID.NotFound") {
		return err
	}
	return nil
}

// netNoSuchACL is an id no network ACL has.
const netNoSuchACL = "acl-00000000000000000"

// netDropACLAssociation removes a network ACL association of a deleted
// subnet, which AWS removes with the subnet and moto keeps. EC2 has no call
// for it; moto's ReplaceNetworkAclAssociation removes the old association
// before it looks the new ACL up, so replacing it towards an ACL that does
// not exist removes it and fails with InvalidNetworkAclID.NotFound.
func netDropACLAssociation(k call, assoc string) error {
	_, err := k.api.EC2.ReplaceNetworkAclAssociation(k.ctx, &ec2.ReplaceNetworkAclAssociationInput{
		AssociationId: aws.String(assoc), NetworkAclId: aws.String(netNoSuchACL),
	})
	if err == nil || hasCode(err, "InvalidNetworkAclID.NotFound") || netMotoFault(err) {
		// moto answers a 500 page for an association it no longer has.
		return nil
	}
	return err
}

// netMotoFault reports whether moto failed the request itself: an HTTP 5xx,
// with an HTML page the SDK cannot read as an AWS error.
func netMotoFault(err error) bool {
	var re *smithyhttp.ResponseError
	return serverFault(err) || errors.As(err, &re) && re.HTTPStatusCode() >= 500
}

// vpcDependencies is what keeps AWS from deleting the VPC: an attached
// internet or egress-only gateway, subnets, route tables but the main one,
// NAT gateways and endpoints not deleted, network interfaces, and security
// groups and network ACLs but the default ones.
func vpcDependencies(k call, id string) ([]string, error) {
	ctx, c := k.ctx, k.api.EC2
	vpc := []ec2types.Filter{netFilter("vpc-id", id)}
	var left []string
	igws, err := c.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{
		Filters: []ec2types.Filter{netFilter("attachment.vpc-id", id)},
	})
	if err != nil {
		return nil, err
	}
	for _, g := range igws.InternetGateways {
		left = append(left, aws.ToString(g.InternetGatewayId)+" attached")
	}
	eigws, err := c.DescribeEgressOnlyInternetGateways(ctx, &ec2.DescribeEgressOnlyInternetGatewaysInput{})
	if err != nil {
		return nil, err
	}
	for _, g := range eigws.EgressOnlyInternetGateways {
		for _, a := range g.Attachments {
			if aws.ToString(a.VpcId) == id {
				left = append(left, aws.ToString(g.EgressOnlyInternetGatewayId)+" attached")
			}
		}
	}
	subnets, err := c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: vpc})
	if err != nil {
		return nil, err
	}
	for _, s := range subnets.Subnets {
		left = append(left, aws.ToString(s.SubnetId))
	}
	rtbs, err := c.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: vpc})
	if err != nil {
		return nil, err
	}
	for _, t := range rtbs.RouteTables {
		if !netIsMainTable(t) {
			left = append(left, aws.ToString(t.RouteTableId))
		}
	}
	nats, err := c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{Filter: vpc})
	if err != nil {
		return nil, err
	}
	for _, n := range nats.NatGateways {
		if netNATLive(n) {
			left = append(left, aws.ToString(n.NatGatewayId))
		}
	}
	endpoints, err := c.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{Filters: vpc})
	if err != nil {
		return nil, err
	}
	for _, e := range endpoints.VpcEndpoints {
		if s := strings.ToLower(string(e.State)); s != "deleted" && s != "deleting" {
			left = append(left, aws.ToString(e.VpcEndpointId))
		}
	}
	enis, err := c.DescribeNetworkInterfaces(ctx, &ec2.DescribeNetworkInterfacesInput{Filters: vpc})
	if err != nil {
		return nil, err
	}
	for _, n := range enis.NetworkInterfaces {
		left = append(left, aws.ToString(n.NetworkInterfaceId))
	}
	sgs, err := c.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: vpc})
	if err != nil {
		return nil, err
	}
	for _, g := range sgs.SecurityGroups {
		if aws.ToString(g.GroupName) != "default" {
			left = append(left, aws.ToString(g.GroupId))
		}
	}
	acls, err := c.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{Filters: vpc})
	if err != nil {
		return nil, err
	}
	for _, a := range acls.NetworkAcls {
		if !aws.ToBool(a.IsDefault) {
			left = append(left, aws.ToString(a.NetworkAclId))
		}
	}
	return left, nil
}

// subnetDependencies is what keeps AWS from deleting a subnet: NAT
// gateways not deleted and network interfaces in it.
func subnetDependencies(k call, id string) ([]string, error) {
	in := []ec2types.Filter{netFilter("subnet-id", id)}
	var left []string
	nats, err := k.api.EC2.DescribeNatGateways(k.ctx, &ec2.DescribeNatGatewaysInput{Filter: in})
	if err != nil {
		return nil, err
	}
	for _, n := range nats.NatGateways {
		if netNATLive(n) {
			left = append(left, aws.ToString(n.NatGatewayId))
		}
	}
	enis, err := k.api.EC2.DescribeNetworkInterfaces(k.ctx, &ec2.DescribeNetworkInterfacesInput{Filters: in})
	if err != nil {
		return nil, err
	}
	for _, n := range enis.NetworkInterfaces {
		left = append(left, aws.ToString(n.NetworkInterfaceId))
	}
	// An EKS cluster's control plane has network interfaces in each of its
	// subnets, which AWS manages and lists under the cluster; moto makes
	// none, so the cluster itself stands for them.
	clusters, err := eksClustersIn(k, id)
	if err != nil {
		return nil, err
	}
	return append(left, clusters...), nil
}

// eksClustersIn names the EKS clusters (as "eks cluster NAME") whose
// subnets include the subnet id.
func eksClustersIn(k call, id string) ([]string, error) {
	names, err := eksClusterNames(k.ctx, k.api)
	if err != nil {
		return nil, err
	}
	var in []string
	for _, name := range names {
		out, err := k.api.EKS.DescribeCluster(k.ctx, &eks.DescribeClusterInput{Name: aws.String(name)})
		if err != nil {
			return nil, fmt.Errorf("describing EKS cluster %s: %w", name, err)
		}
		if v := out.Cluster.ResourcesVpcConfig; v != nil && slices.Contains(v.SubnetIds, id) {
			in = append(in, "eks cluster "+name)
		}
	}
	return in, nil
}

// netMappedAddresses are the public addresses mapped to network interfaces of
// the VPC (a NAT gateway's, above all): AWS refuses to detach the VPC's
// internet gateway while there are any, and moto does not.
func netMappedAddresses(k call, vpc string) ([]string, error) {
	enis, err := k.api.EC2.DescribeNetworkInterfaces(k.ctx, &ec2.DescribeNetworkInterfacesInput{
		Filters: []ec2types.Filter{netFilter("vpc-id", vpc)},
	})
	if err != nil {
		return nil, err
	}
	var mapped []string
	for _, n := range enis.NetworkInterfaces {
		if a := n.Association; a != nil && aws.ToString(a.PublicIp) != "" {
			mapped = append(mapped, aws.ToString(a.PublicIp)+" on "+aws.ToString(n.NetworkInterfaceId))
		}
	}
	return mapped, nil
}
