package awscloud

// NAT gateways and the elastic IPs they take.

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

const (
	eipKind = "EC2 EIP"
	natKind = "EC2 NAT Gateway"
)

// Elastic IP. Associating it with an instance or a network interface is not
// translated: orgiac's addresses go to NAT gateways, which take them by
// allocation id.

func createEIP(k call) (string, map[string]any, error) {
	in := &ec2.AllocateAddressInput{
		Domain:                ec2types.DomainTypeVpc,
		Address:               k.in.strPtr("address"),
		PublicIpv4Pool:        k.in.strPtr("publicIpv4Pool"),
		NetworkBorderGroup:    k.in.strPtr("networkBorderGroup"),
		CustomerOwnedIpv4Pool: k.in.strPtr("customerOwnedIpv4Pool"),
		TagSpecifications:     tagSpecs(k, ec2types.ResourceTypeElasticIp),
	}
	if d := k.in.str("domain"); d != "" {
		in.Domain = ec2types.DomainType(d)
	}
	out, err := k.api.EC2.AllocateAddress(k.ctx, in)
	if err != nil {
		return "", nil, verb("creating", eipKind, k.c.Name, err)
	}
	id := aws.ToString(out.AllocationId)
	observed, _, err := observeEIP(k, id)
	return id, observed, err
}

func observeEIP(k call, id string) (map[string]any, bool, error) {
	out, err := k.api.EC2.DescribeAddresses(k.ctx, &ec2.DescribeAddressesInput{AllocationIds: []string{id}})
	if hasCode(err, "InvalidAllocationID.NotFound") || err == nil && len(out.Addresses) == 0 {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, verb("reading", eipKind, id, err)
	}
	a := out.Addresses[0]
	// moto leaves the border group and the pool out; for an address from
	// Amazon's pool AWS answers the region and "amazon".
	group, pool := aws.ToString(a.NetworkBorderGroup), aws.ToString(a.PublicIpv4Pool)
	if group == "" {
		group = k.api.Region
	}
	if pool == "" {
		pool = "amazon"
	}
	public, private := aws.ToString(a.PublicIp), aws.ToString(a.PrivateIpAddress)
	observed := map[string]any{
		"arn":                ec2ARN(k, "elastic-ip", id),
		"allocationId":       id,
		"domain":             string(a.Domain),
		"vpc":                a.Domain == ec2types.DomainTypeVpc,
		"publicIp":           public,
		"publicDns":          eipDNS(k.api.Region, "ec2-", public, "compute.amazonaws.com", "compute-1.amazonaws.com"),
		"privateIp":          private,
		"privateDns":         eipDNS(k.api.Region, "ip-", private, "compute.internal", "ec2.internal"),
		"associationId":      aws.ToString(a.AssociationId),
		"networkInterface":   aws.ToString(a.NetworkInterfaceId),
		"instance":           aws.ToString(a.InstanceId),
		"networkBorderGroup": group,
		"publicIpv4Pool":     pool,
		// moto's DescribeAddressesAttribute has no PTR record to give.
		"ptrRecord":       "",
		"carrierIp":       aws.ToString(a.CarrierIp),
		"customerOwnedIp": aws.ToString(a.CustomerOwnedIp),
		"tags":            netTags(k, a.Tags),
	}
	return observed, true, nil
}

// eipDNS is the DNS name EC2 gives an address, as the Terraform provider
// derives it: <prefix>1-2-3-4.<region>.<domain>, or <prefix>1-2-3-4.<east>
// in us-east-1; "" for no address.
func eipDNS(region, prefix, ip, domain, east string) string {
	if ip == "" {
		return ""
	}
	name := prefix + strings.ReplaceAll(ip, ".", "-")
	if region == "us-east-1" {
		return name + "." + east
	}
	return name + "." + region + "." + domain
}

func readEIP(k call) (map[string]any, bool, error) { return observeEIP(k, k.c.ID) }

func updateEIP(k call) (map[string]any, error) {
	if err := netRetag(k, eipKind, k.c.ID); err != nil {
		return nil, err
	}
	observed, _, err := observeEIP(k, k.c.ID)
	return observed, err
}

// deleteEIP disassociates the address first when the state says it is
// associated, as the Terraform provider does, then releases it.
func deleteEIP(k call) error {
	id := k.c.ID
	if assoc := k.old.str("associationId"); assoc != "" {
		if _, err := k.api.EC2.DisassociateAddress(k.ctx, &ec2.DisassociateAddressInput{
			AssociationId: aws.String(assoc),
		}); err != nil && !hasCode(err, "InvalidAssociationID.NotFound") {
			return verb("disassociating", eipKind, id, err)
		}
	}
	_, err := k.api.EC2.ReleaseAddress(k.ctx, &ec2.ReleaseAddressInput{AllocationId: aws.String(id)})
	if err != nil && !hasCode(err, "InvalidAllocationID.NotFound") {
		return verb("deleting", eipKind, id, err)
	}
	return nil
}

func listEIPs(ctx context.Context, api *Clients) ([]string, error) {
	out, err := api.EC2.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{})
	if err != nil {
		return nil, fmt.Errorf("listing elastic IPs: %w", err)
	}
	var ids []string
	for _, a := range out.Addresses {
		ids = append(ids, aws.ToString(a.AllocationId))
	}
	return ids, nil
}

// NAT gateway.

func createNAT(k call) (string, map[string]any, error) {
	in := &ec2.CreateNatGatewayInput{
		SubnetId:               k.in.strPtr("subnetId"),
		AllocationId:           k.in.strPtr("allocationId"),
		PrivateIpAddress:       k.in.strPtr("privateIp"),
		SecondaryAllocationIds: k.in.strs("secondaryAllocationIds"),
		TagSpecifications:      tagSpecs(k, ec2types.ResourceTypeNatgateway),
	}
	if t := k.in.str("connectivityType"); t != "" {
		in.ConnectivityType = ec2types.ConnectivityType(t)
	}
	out, err := k.api.EC2.CreateNatGateway(k.ctx, in)
	if err != nil {
		return "", nil, verb("creating", natKind, k.c.Name, err)
	}
	id := aws.ToString(out.NatGateway.NatGatewayId)
	observed, _, err := observeNAT(k, id)
	return id, observed, err
}

// netNATLive reports whether a NAT gateway still exists: AWS (and moto) list
// deleted ones for a while.
func netNATLive(n ec2types.NatGateway) bool { return n.State != ec2types.NatGatewayStateDeleted }

// netNAT is the NAT gateway, nil when there is none or it is deleted.
// moto answers an unknown id with an empty list.
func netNAT(k call, id string) (*ec2types.NatGateway, error) {
	out, err := k.api.EC2.DescribeNatGateways(k.ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{id}})
	if hasCode(err, "NatGatewayNotFound", "InvalidNatGatewayID.NotFound") {
		return nil, nil
	}
	if err != nil {
		return nil, verb("reading", natKind, id, err)
	}
	for _, n := range out.NatGateways {
		if netNATLive(n) {
			return &n, nil
		}
	}
	return nil, nil
}

func observeNAT(k call, id string) (map[string]any, bool, error) {
	n, err := netNAT(k, id)
	if n == nil || err != nil {
		return nil, false, err
	}
	// moto gives ConnectivityType only for private gateways.
	connectivity := string(n.ConnectivityType)
	if connectivity == "" {
		connectivity = string(ec2types.ConnectivityTypePublic)
	}
	observed := map[string]any{
		"subnetId": aws.ToString(n.SubnetId), "connectivityType": connectivity,
		"allocationId": "", "networkInterfaceId": "", "privateIp": "", "publicIp": "", "associationId": "",
		"secondaryAllocationIds": []any{}, "secondaryPrivateIpAddresses": []any{},
		"secondaryPrivateIpAddressCount": 0.0, "tags": netTags(k, n.Tags),
	}
	for i, a := range n.NatGatewayAddresses {
		// The primary address is the first (moto does not mark it).
		if i == 0 || aws.ToBool(a.IsPrimary) {
			observed["allocationId"] = aws.ToString(a.AllocationId)
			observed["networkInterfaceId"] = aws.ToString(a.NetworkInterfaceId)
			observed["privateIp"] = aws.ToString(a.PrivateIp)
			observed["publicIp"] = aws.ToString(a.PublicIp)
			observed["associationId"] = aws.ToString(a.AssociationId)
		}
	}
	return observed, true, nil
}

func readNAT(k call) (map[string]any, bool, error) { return observeNAT(k, k.c.ID) }

func updateNAT(k call) (map[string]any, error) {
	if err := netRetag(k, natKind, k.c.ID); err != nil {
		return nil, err
	}
	observed, _, err := observeNAT(k, k.c.ID)
	return observed, err
}

// deleteNAT deletes the gateway, then what moto keeps of it and AWS does
// not: its network interface, and the elastic IP's association with it.
// DeleteNatGateway fails with a 500 for an id moto does not know, so the
// gateway is looked up first.
func deleteNAT(k call) error {
	id := k.c.ID
	out, err := k.api.EC2.DescribeNatGateways(k.ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{id}})
	if hasCode(err, "NatGatewayNotFound", "InvalidNatGatewayID.NotFound") || err == nil && len(out.NatGateways) == 0 {
		return nil
	}
	if err != nil {
		return verb("deleting", natKind, id, err)
	}
	n := out.NatGateways[0]
	if netNATLive(n) {
		if _, err := k.api.EC2.DeleteNatGateway(k.ctx, &ec2.DeleteNatGatewayInput{NatGatewayId: aws.String(id)}); err != nil {
			return verb("deleting", natKind, id, err)
		}
	}
	for _, a := range n.NatGatewayAddresses {
		if assoc := aws.ToString(a.AssociationId); assoc != "" {
			if _, err := k.api.EC2.DisassociateAddress(k.ctx, &ec2.DisassociateAddressInput{
				AssociationId: aws.String(assoc),
			}); err != nil && !hasCode(err, "InvalidAssociationID.NotFound") {
				return verb("releasing the address of", natKind, id, err)
			}
		}
		if eni := aws.ToString(a.NetworkInterfaceId); eni != "" {
			if _, err := k.api.EC2.DeleteNetworkInterface(k.ctx, &ec2.DeleteNetworkInterfaceInput{
				NetworkInterfaceId: aws.String(eni),
			}); err != nil && !hasCode(err, "InvalidNetworkInterfaceID.NotFound") {
				return verb("deleting the network interface of", natKind, id, err)
			}
		}
	}
	return nil
}

func listNATs(ctx context.Context, api *Clients) ([]string, error) {
	var ids []string
	p := ec2.NewDescribeNatGatewaysPaginator(api.EC2, &ec2.DescribeNatGatewaysInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing NAT gateways: %w", err)
		}
		for _, n := range out.NatGateways {
			if netNATLive(n) {
				ids = append(ids, aws.ToString(n.NatGatewayId))
			}
		}
	}
	return ids, nil
}
