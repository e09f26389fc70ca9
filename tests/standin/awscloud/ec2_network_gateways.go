package awscloud

// The ways out of a VPC: internet and egress-only internet gateways. NAT
// gateways and their elastic IPs are in ec2_network_nat.go.

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

const (
	igwKind  = "EC2 Internet Gateway"
	eigwKind = "EC2 Egress-only Internet Gateway"
)

// Internet gateway: created, then attached to its VPC.

func createIGW(k call) (string, map[string]any, error) {
	out, err := k.api.EC2.CreateInternetGateway(k.ctx, &ec2.CreateInternetGatewayInput{
		TagSpecifications: tagSpecs(k, ec2types.ResourceTypeInternetGateway),
	})
	if err != nil {
		return "", nil, verb("creating", igwKind, k.c.Name, err)
	}
	id := aws.ToString(out.InternetGateway.InternetGatewayId)
	if vpc := k.in.str("vpcId"); vpc != "" {
		if err := attachIGW(k, id, vpc); err != nil {
			return "", nil, netRollback(k, err, func() error { return deleteIGWOnly(k, id) })
		}
	}
	observed, _, err := observeIGW(k, id)
	return id, observed, err
}

func attachIGW(k call, id, vpc string) error {
	if _, err := k.api.EC2.AttachInternetGateway(k.ctx, &ec2.AttachInternetGatewayInput{
		InternetGatewayId: aws.String(id), VpcId: aws.String(vpc),
	}); err != nil {
		return verb("attaching", igwKind, id, err)
	}
	return nil
}

// detachIGW refuses, as AWS does, while public addresses are mapped in the
// VPC: a NAT gateway deleted after its internet gateway fails here.
func detachIGW(k call, id, vpc string) error {
	mapped, err := netMappedAddresses(k, vpc)
	if err != nil {
		return verb("detaching", igwKind, id, err)
	}
	if len(mapped) > 0 {
		return verb("detaching", igwKind, id, netRefusal("DependencyViolation", fmt.Sprintf(
			"Network %s has some mapped public address(es). Please unmap those public address(es) before "+
				"detaching the gateway.", vpc), strings.Join(mapped, ", ")))
	}
	_, err = k.api.EC2.DetachInternetGateway(k.ctx, &ec2.DetachInternetGatewayInput{
		InternetGatewayId: aws.String(id), VpcId: aws.String(vpc),
	})
	if err != nil && !hasCode(err, "Gateway.NotAttached", "InvalidInternetGatewayID.NotFound") {
		return verb("detaching", igwKind, id, err)
	}
	return nil
}

func netIGW(k call, id string) (*ec2types.InternetGateway, error) {
	out, err := k.api.EC2.DescribeInternetGateways(k.ctx, &ec2.DescribeInternetGatewaysInput{
		InternetGatewayIds: []string{id},
	})
	if hasCode(err, "InvalidInternetGatewayID.NotFound") || err == nil && len(out.InternetGateways) == 0 {
		return nil, nil
	}
	if err != nil {
		return nil, verb("reading", igwKind, id, err)
	}
	return &out.InternetGateways[0], nil
}

// igwVpc is the VPC the gateway is attached to, "" when none.
func igwVpc(g *ec2types.InternetGateway) string {
	for _, a := range g.Attachments {
		if a.State == ec2types.AttachmentStatusAttached || a.State == "available" {
			return aws.ToString(a.VpcId)
		}
	}
	return ""
}

func observeIGW(k call, id string) (map[string]any, bool, error) {
	g, err := netIGW(k, id)
	if g == nil || err != nil {
		return nil, false, err
	}
	return map[string]any{
		"arn": ec2ARN(k, "internet-gateway", id), "ownerId": aws.ToString(g.OwnerId), "vpcId": igwVpc(g),
		"tags": netTags(k, g.Tags),
	}, true, nil
}

func readIGW(k call) (map[string]any, bool, error) { return observeIGW(k, k.c.ID) }

func updateIGW(k call) (map[string]any, error) {
	id := k.c.ID
	if vpc, old := k.in.str("vpcId"), k.old.str("vpcId"); vpc != old {
		if old != "" {
			if err := detachIGW(k, id, old); err != nil {
				return nil, err
			}
		}
		if vpc != "" {
			if err := attachIGW(k, id, vpc); err != nil {
				return nil, err
			}
		}
	}
	if err := netRetag(k, igwKind, id); err != nil {
		return nil, err
	}
	observed, _, err := observeIGW(k, id)
	return observed, err
}

// deleteIGW detaches the gateway from the VPC it is attached to, then
// deletes it.
func deleteIGW(k call) error {
	id := k.c.ID
	g, err := netIGW(k, id)
	if g == nil || err != nil {
		return err
	}
	if vpc := igwVpc(g); vpc != "" {
		if err := detachIGW(k, id, vpc); err != nil {
			return err
		}
	}
	return deleteIGWOnly(k, id)
}

func deleteIGWOnly(k call, id string) error {
	_, err := k.api.EC2.DeleteInternetGateway(k.ctx, &ec2.DeleteInternetGatewayInput{InternetGatewayId: aws.String(id)})
	if err != nil && !hasCode(err, "InvalidInternetGatewayID.NotFound") {
		return verb("deleting", igwKind, id, err)
	}
	return nil
}

func listIGWs(ctx context.Context, api *Clients) ([]string, error) {
	var ids []string
	p := ec2.NewDescribeInternetGatewaysPaginator(api.EC2, &ec2.DescribeInternetGatewaysInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing internet gateways: %w", err)
		}
		for _, g := range out.InternetGateways {
			ids = append(ids, aws.ToString(g.InternetGatewayId))
		}
	}
	return ids, nil
}

// Egress-only internet gateway: created attached to its VPC.

func createEIGW(k call) (string, map[string]any, error) {
	out, err := k.api.EC2.CreateEgressOnlyInternetGateway(k.ctx, &ec2.CreateEgressOnlyInternetGatewayInput{
		VpcId: k.in.strPtr("vpcId"), TagSpecifications: tagSpecs(k, ec2types.ResourceTypeEgressOnlyInternetGateway),
	})
	if err != nil {
		return "", nil, verb("creating", eigwKind, k.c.Name, err)
	}
	id := aws.ToString(out.EgressOnlyInternetGateway.EgressOnlyInternetGatewayId)
	observed, _, err := observeEIGW(k, id)
	return id, observed, err
}

// observeEIGW: moto answers an unknown id with an empty list.
func observeEIGW(k call, id string) (map[string]any, bool, error) {
	out, err := k.api.EC2.DescribeEgressOnlyInternetGateways(k.ctx, &ec2.DescribeEgressOnlyInternetGatewaysInput{
		EgressOnlyInternetGatewayIds: []string{id},
	})
	if hasCode(err, "InvalidGatewayID.NotFound", "InvalidEgressOnlyInternetGatewayId.NotFound") ||
		err == nil && len(out.EgressOnlyInternetGateways) == 0 {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, verb("reading", eigwKind, id, err)
	}
	g := out.EgressOnlyInternetGateways[0]
	vpc := ""
	if len(g.Attachments) > 0 {
		vpc = aws.ToString(g.Attachments[0].VpcId)
	}
	return map[string]any{"vpcId": vpc, "tags": netTags(k, g.Tags)}, true, nil
}

func readEIGW(k call) (map[string]any, bool, error) { return observeEIGW(k, k.c.ID) }

func updateEIGW(k call) (map[string]any, error) {
	if err := netRetag(k, eigwKind, k.c.ID); err != nil {
		return nil, err
	}
	observed, _, err := observeEIGW(k, k.c.ID)
	return observed, err
}

func deleteEIGW(k call) error {
	_, err := k.api.EC2.DeleteEgressOnlyInternetGateway(k.ctx, &ec2.DeleteEgressOnlyInternetGatewayInput{
		EgressOnlyInternetGatewayId: aws.String(k.c.ID),
	})
	if err != nil && !hasCode(err, "InvalidGatewayID.NotFound", "InvalidEgressOnlyInternetGatewayId.NotFound") {
		return verb("deleting", eigwKind, k.c.ID, err)
	}
	return nil
}

func listEIGWs(ctx context.Context, api *Clients) ([]string, error) {
	var ids []string
	p := ec2.NewDescribeEgressOnlyInternetGatewaysPaginator(api.EC2, &ec2.DescribeEgressOnlyInternetGatewaysInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing egress-only internet gateways: %w", err)
		}
		for _, g := range out.EgressOnlyInternetGateways {
			ids = append(ids, aws.ToString(g.EgressOnlyInternetGatewayId))
		}
	}
	return ids, nil
}
