package awscloud

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	vpcType    = "aws:ec2/vpc:Vpc"
	subnetType = "aws:ec2/subnet:Subnet"
	igwType    = "aws:ec2/internetGateway:InternetGateway"
	eigwType   = "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway"
	eipType    = "aws:ec2/eip:Eip"
	natType    = "aws:ec2/natGateway:NatGateway"
	rtbType    = "aws:ec2/routeTable:RouteTable"
	routeType  = "aws:ec2/route:Route"
	rtaType    = "aws:ec2/routeTableAssociation:RouteTableAssociation"
)

// networkInventory is what Inventory lists of this area's types.
func networkInventory(t *testing.T, api *API) []string {
	t.Helper()
	inv, err := Inventory(context.Background(), api, "us-west-2")
	require.NoError(t, err)
	var mine []string
	for _, ref := range inv {
		if _, ok := ec2NetworkKinds[ref.Type]; ok {
			mine = append(mine, ref.Key())
		}
	}
	return mine
}

// newVpc creates a VPC and deletes it when the test ends, if the test has
// not.
func newVpc(t *testing.T, api *API, name, cidr string, extra map[string]any) *resource {
	t.Helper()
	in := map[string]any{"cidrBlock": cidr}
	for k, v := range extra {
		in[k] = v
	}
	v := newResource(t, api, vpcType, name, in)
	v.create()
	t.Cleanup(func() { _ = v.cloud.Delete(context.Background(), &v.ctx) })
	return v
}

// refusal asserts err is AWS's code, wrapped as the provider words it.
func refusal(t *testing.T, err error, code, words string) {
	t.Helper()
	require.Error(t, err)
	assert.True(t, hasCode(err, code), "want code %s, got %v", code, err)
	assert.Contains(t, err.Error(), words)
}

func TestAVpcLivesInMoto(t *testing.T) {
	api := testAccount(t)
	v := newResource(t, api, vpcType, "net", map[string]any{
		"cidrBlock": "10.0.0.0/16", "instanceTenancy": "default", "enableDnsHostnames": true, "enableDnsSupport": true,
		"assignGeneratedIpv6CidrBlock": true, "tags": map[string]any{"Name": "net"},
	})
	out := v.create()
	id := v.ctx.ID
	assert.True(t, strings.HasPrefix(id, "vpc-"), id)
	assert.Equal(t, "arn:aws:ec2:us-west-2:"+api.Account()+":vpc/"+id, out["arn"])
	assert.Equal(t, api.Account(), out["ownerId"])
	assert.Equal(t, "10.0.0.0/16", out["cidrBlock"])
	assert.Equal(t, true, out["enableDnsHostnames"])
	assert.Equal(t, true, out["enableDnsSupport"])
	assert.Equal(t, true, out["assignGeneratedIpv6CidrBlock"])
	assert.Regexp(t, `/56$`, out["ipv6CidrBlock"])
	assert.Regexp(t, `^sg-`, out["defaultSecurityGroupId"])
	assert.Regexp(t, `^acl-`, out["defaultNetworkAclId"])
	assert.Regexp(t, `^rtb-`, out["mainRouteTableId"])
	assert.Equal(t, out["mainRouteTableId"], out["defaultRouteTableId"])
	assert.Equal(t, []string{vpcType + "/" + id}, networkInventory(t, api), "the default VPC is not listed")

	observed, found := v.read()
	require.True(t, found)
	assert.Equal(t, out["defaultNetworkAclId"], observed["defaultNetworkAclId"])
	assert.Equal(t, map[string]any{"Name": "net"}, observed["tags"])

	out = v.update(map[string]any{"cidrBlock": "10.0.0.0/16", "enableDnsHostnames": false,
		"assignGeneratedIpv6CidrBlock": true, "tags": map[string]any{"Name": "net", "Team": "core"}})
	assert.Equal(t, false, out["enableDnsHostnames"])
	observed, _ = v.read()
	assert.Equal(t, false, observed["enableDnsHostnames"])
	assert.Equal(t, map[string]any{"Name": "net", "Team": "core"}, observed["tags"])
	out = v.update(map[string]any{"cidrBlock": "10.0.0.0/16", "assignGeneratedIpv6CidrBlock": false})
	assert.Equal(t, "", out["ipv6CidrBlock"], "the IPv6 block is given back")
	assert.Equal(t, false, out["assignGeneratedIpv6CidrBlock"])
	observed, _ = v.read()
	assert.Equal(t, map[string]any{}, observed["tags"])

	v.delete()
	_, found = v.read()
	assert.False(t, found, "a deleted VPC is gone")
	assert.Empty(t, networkInventory(t, api))
	acls, err := api.In("us-west-2").EC2.DescribeNetworkAcls(context.Background(), &ec2.DescribeNetworkAclsInput{
		Filters: []ec2types.Filter{netFilter("vpc-id", id)},
	})
	require.NoError(t, err)
	assert.Empty(t, acls.NetworkAcls, "the default network ACL goes with its VPC, as in AWS")
}

func TestASubnetLivesInMoto(t *testing.T) {
	api := testAccount(t)
	v := newVpc(t, api, "net", "10.1.0.0/16", map[string]any{"assignGeneratedIpv6CidrBlock": true})
	vpcID := v.ctx.ID
	observed, _ := v.read()
	ipv6 := strings.Replace(observed["ipv6CidrBlock"].(string), "/56", "/64", 1)
	in := map[string]any{"vpcId": vpcID, "cidrBlock": "10.1.1.0/24", "availabilityZone": "us-west-2b",
		"mapPublicIpOnLaunch": true, "ipv6CidrBlock": ipv6, "assignIpv6AddressOnCreation": true,
		"tags": map[string]any{"Name": "web-b"}}
	s := newResource(t, api, subnetType, "web-b", in)
	out := s.create()
	id := s.ctx.ID
	assert.Regexp(t, `^subnet-`, id)
	assert.Equal(t, "arn:aws:ec2:us-west-2:"+api.Account()+":subnet/"+id, out["arn"])
	assert.Equal(t, "us-west-2b", out["availabilityZone"])
	assert.Equal(t, "usw2-az1", out["availabilityZoneId"])
	assert.Equal(t, true, out["mapPublicIpOnLaunch"])
	assert.Equal(t, true, out["assignIpv6AddressOnCreation"])
	assert.Equal(t, ipv6, out["ipv6CidrBlock"])
	assert.Regexp(t, `^subnet-cidr-assoc-`, out["ipv6CidrBlockAssociationId"])

	observed, found := s.read()
	require.True(t, found)
	assert.Equal(t, vpcID, observed["vpcId"])
	assert.Equal(t, map[string]any{"Name": "web-b"}, observed["tags"])

	in["mapPublicIpOnLaunch"] = false
	out = s.update(in)
	assert.Equal(t, false, out["mapPublicIpOnLaunch"])

	s.delete()
	_, found = s.read()
	assert.False(t, found)
	assert.Equal(t, []string{vpcType + "/" + vpcID}, networkInventory(t, api))
	acls, err := api.In("us-west-2").EC2.DescribeNetworkAcls(context.Background(), &ec2.DescribeNetworkAclsInput{
		Filters: []ec2types.Filter{netFilter("association.subnet-id", id)},
	})
	require.NoError(t, err)
	assert.Empty(t, acls.NetworkAcls, "the subnet's network ACL association goes with it, as in AWS")
}

func TestASubnetOutsideItsVpcOrOverlappingAnotherIsRefused(t *testing.T) {
	api := testAccount(t)
	v := newVpc(t, api, "net", "10.2.0.0/16", nil)
	outside := newResource(t, api, subnetType, "outside", map[string]any{"vpcId": v.ctx.ID, "cidrBlock": "192.168.0.0/24"})
	_, _, err := outside.cloud.Create(context.Background(), &outside.ctx)
	refusal(t, err, "InvalidSubnet.Range", "creating EC2 Subnet (outside)")

	a := newResource(t, api, subnetType, "a", map[string]any{"vpcId": v.ctx.ID, "cidrBlock": "10.2.1.0/24"})
	a.create()
	defer a.delete()
	overlap := newResource(t, api, subnetType, "overlap", map[string]any{"vpcId": v.ctx.ID, "cidrBlock": "10.2.1.128/25"})
	_, _, err = overlap.cloud.Create(context.Background(), &overlap.ctx)
	refusal(t, err, "InvalidSubnet.Conflict", "creating EC2 Subnet (overlap)")
}

// moto deletes a VPC with an internet gateway attached and leaves the
// gateway behind; AWS refuses, and so does the stand-in.
func TestDeletingAVpcWithAnAttachedInternetGatewayIsRefused(t *testing.T) {
	api := testAccount(t)
	v := newVpc(t, api, "net", "10.3.0.0/16", nil)
	igw := newResource(t, api, igwType, "igw", map[string]any{"vpcId": v.ctx.ID, "tags": map[string]any{"Name": "igw"}})
	out := igw.create()
	assert.Equal(t, v.ctx.ID, out["vpcId"])
	assert.Equal(t, "arn:aws:ec2:us-west-2:"+api.Account()+":internet-gateway/"+igw.ctx.ID, out["arn"])

	err := v.cloud.Delete(context.Background(), &v.ctx)
	refusal(t, err, "DependencyViolation", "The vpc '"+v.ctx.ID+"' has dependencies and cannot be deleted.")
	assert.Contains(t, err.Error(), igw.ctx.ID)
	_, found := v.read()
	assert.True(t, found, "the refused VPC is still there")

	igw.delete()
	_, found = igw.read()
	assert.False(t, found)
	v.delete()
	assert.Empty(t, networkInventory(t, api))
}

// A network as SecureVpc builds it, created and destroyed in the engine's
// orders, leaves nothing behind: no gateway, address, network interface or
// network ACL that AWS would have deleted.
func TestANetworkCreatedAndDestroyedLeavesNothing(t *testing.T) {
	api := testAccount(t)
	ec := api.In("us-west-2").EC2
	ctx := context.Background()
	v := newVpc(t, api, "net", "10.4.0.0/16", map[string]any{"assignGeneratedIpv6CidrBlock": true,
		"enableDnsHostnames": true})
	vpcID := v.ctx.ID
	public := newResource(t, api, subnetType, "public-a", map[string]any{"vpcId": vpcID, "cidrBlock": "10.4.0.0/24",
		"availabilityZone": "us-west-2a", "mapPublicIpOnLaunch": true})
	public.create()
	private := newResource(t, api, subnetType, "private-a", map[string]any{"vpcId": vpcID, "cidrBlock": "10.4.1.0/24",
		"availabilityZone": "us-west-2a"})
	private.create()
	igw := newResource(t, api, igwType, "igw", map[string]any{"vpcId": vpcID})
	igw.create()
	eigw := newResource(t, api, eigwType, "eigw", map[string]any{"vpcId": vpcID, "tags": map[string]any{"Name": "eigw"}})
	assert.Equal(t, vpcID, eigw.create()["vpcId"])
	eip := newResource(t, api, eipType, "nat-a", map[string]any{"domain": "vpc"})
	eipOut := eip.create()
	assert.Regexp(t, `^eipalloc-`, eip.ctx.ID)
	assert.Equal(t, "us-west-2", eipOut["networkBorderGroup"])
	assert.Equal(t, "amazon", eipOut["publicIpv4Pool"])
	assert.NotEmpty(t, eipOut["publicIp"])
	nat := newResource(t, api, natType, "nat-a", map[string]any{"allocationId": eip.ctx.ID, "subnetId": public.ctx.ID})
	natOut := nat.create()
	assert.Equal(t, "public", natOut["connectivityType"])
	assert.Equal(t, eipOut["publicIp"], natOut["publicIp"])
	assert.Regexp(t, `^eni-`, natOut["networkInterfaceId"])

	publicRoutes := []any{map[string]any{"cidrBlock": "0.0.0.0/0", "gatewayId": igw.ctx.ID},
		map[string]any{"ipv6CidrBlock": "::/0", "gatewayId": igw.ctx.ID}}
	publicRT := newResource(t, api, rtbType, "public", map[string]any{"vpcId": vpcID, "routes": publicRoutes})
	rtOut := publicRT.create()
	assert.Equal(t, publicRoutes, rtOut["routes"])
	assert.Equal(t, "arn:aws:ec2:us-west-2:"+api.Account()+":route-table/"+publicRT.ctx.ID, rtOut["arn"])
	privateRoutes := []any{map[string]any{"cidrBlock": "0.0.0.0/0", "natGatewayId": nat.ctx.ID},
		map[string]any{"ipv6CidrBlock": "::/0", "egressOnlyGatewayId": eigw.ctx.ID}}
	privateRT := newResource(t, api, rtbType, "private-a", map[string]any{"vpcId": vpcID, "routes": privateRoutes})
	assert.Equal(t, privateRoutes, privateRT.create()["routes"])
	extra := newResource(t, api, routeType, "peering", map[string]any{"routeTableId": privateRT.ctx.ID,
		"destinationCidrBlock": "192.168.0.0/16", "gatewayId": igw.ctx.ID})
	extra.create()
	publicRTA := newResource(t, api, rtaType, "public-a-rta", map[string]any{"routeTableId": publicRT.ctx.ID,
		"subnetId": public.ctx.ID})
	publicRTA.create()
	privateRTA := newResource(t, api, rtaType, "private-a-rta", map[string]any{"routeTableId": privateRT.ctx.ID,
		"subnetId": private.ctx.ID})
	privateRTA.create()

	assert.ElementsMatch(t, []string{vpcType + "/" + vpcID, subnetType + "/" + public.ctx.ID,
		subnetType + "/" + private.ctx.ID, igwType + "/" + igw.ctx.ID, eigwType + "/" + eigw.ctx.ID,
		eipType + "/" + eip.ctx.ID, natType + "/" + nat.ctx.ID, rtbType + "/" + publicRT.ctx.ID,
		rtbType + "/" + privateRT.ctx.ID, rtaType + "/" + publicRTA.ctx.ID, rtaType + "/" + privateRTA.ctx.ID,
	}, networkInventory(t, api), "one listed resource per resource, inline routes and AWS's defaults left out")

	observed, found := privateRT.read()
	require.True(t, found)
	assert.Equal(t, append(privateRoutes, map[string]any{"cidrBlock": "192.168.0.0/16", "gatewayId": igw.ctx.ID}),
		observed["routes"], "a route the table does not declare shows as drift")

	// Destroy in the engine's order: dependents first.
	for _, r := range []*resource{privateRTA, publicRTA, extra, privateRT, publicRT, nat, eip, eigw, igw, private,
		public, v} {
		r.delete()
		_, found := r.read()
		assert.False(t, found, "%s %s is gone", r.ctx.Type, r.ctx.ID)
	}
	assert.Empty(t, networkInventory(t, api))
	inv, err := Inventory(ctx, api, "us-west-2")
	require.NoError(t, err)
	assert.Empty(t, inv)
	enis, err := ec.DescribeNetworkInterfaces(ctx, &ec2.DescribeNetworkInterfacesInput{})
	require.NoError(t, err)
	assert.Empty(t, enis.NetworkInterfaces, "the NAT gateway's network interface goes with it")
	acls, err := ec.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{
		Filters: []ec2types.Filter{netFilter("vpc-id", vpcID)},
	})
	require.NoError(t, err)
	assert.Empty(t, acls.NetworkAcls)
}

// Deleting a NAT gateway's subnet or its VPC's internet gateway before it
// fails, as in AWS; deleting it releases its interface and address.
func TestANatGatewayIsDeletedBeforeItsSubnetAndInternetGateway(t *testing.T) {
	api := testAccount(t)
	v := newVpc(t, api, "net", "10.5.0.0/16", nil)
	s := newResource(t, api, subnetType, "public", map[string]any{"vpcId": v.ctx.ID, "cidrBlock": "10.5.0.0/24"})
	s.create()
	igw := newResource(t, api, igwType, "igw", map[string]any{"vpcId": v.ctx.ID})
	igw.create()
	eip := newResource(t, api, eipType, "nat", map[string]any{"domain": "vpc"})
	eip.create()
	nat := newResource(t, api, natType, "nat", map[string]any{"allocationId": eip.ctx.ID, "subnetId": s.ctx.ID,
		"tags": map[string]any{"Name": "nat"}})
	nat.create()
	observed, _ := eip.read()
	assert.Regexp(t, `^eipassoc-`, observed["associationId"], "the address is the NAT gateway's")

	err := igw.cloud.Delete(context.Background(), &igw.ctx)
	refusal(t, err, "DependencyViolation", "has some mapped public address(es)")
	err = s.cloud.Delete(context.Background(), &s.ctx)
	refusal(t, err, "DependencyViolation", "The subnet '"+s.ctx.ID+"' has dependencies and cannot be deleted.")

	nat.delete()
	_, found := nat.read()
	assert.False(t, found, "a deleted NAT gateway is gone, though EC2 lists it a while")
	nat.delete() // deleting it again is not an error
	observed, _ = eip.read()
	assert.Equal(t, "", observed["associationId"])
	for _, r := range []*resource{eip, igw, s, v} {
		r.delete()
	}
	assert.Empty(t, networkInventory(t, api))
}

// moto fails with a 500 when asked to drop an association it does not
// have; an association already gone is not an error.
func TestDroppingAnACLAssociationMotoNoLongerHasIsNotAnError(t *testing.T) {
	api := testAccount(t)
	k := call{ctx: context.Background(), api: api.In("us-west-2")}
	assert.NoError(t, netDropACLAssociation(k, "aclassoc-0123456789abcdef0"))
}
