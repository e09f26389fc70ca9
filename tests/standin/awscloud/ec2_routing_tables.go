package awscloud

// Route tables and their associations with subnets and gateways.

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

const (
	rtbKind = "Route Table"
	rtaKind = "Route Table Association"
)

func netRouteTable(k call, id string) (*ec2types.RouteTable, error) {
	out, err := k.api.EC2.DescribeRouteTables(k.ctx, &ec2.DescribeRouteTablesInput{RouteTableIds: []string{id}})
	if hasCode(err, "InvalidRouteTableID.NotFound") || err == nil && len(out.RouteTables) == 0 {
		return nil, nil
	}
	if err != nil {
		return nil, verb("reading", rtbKind, id, err)
	}
	return &out.RouteTables[0], nil
}

func netIsMainTable(t ec2types.RouteTable) bool {
	for _, a := range t.Associations {
		if aws.ToBool(a.Main) {
			return true
		}
	}
	return false
}

func createRouteTable(k call) (string, map[string]any, error) {
	out, err := k.api.EC2.CreateRouteTable(k.ctx, &ec2.CreateRouteTableInput{
		VpcId: k.in.strPtr("vpcId"), TagSpecifications: tagSpecs(k, ec2types.ResourceTypeRouteTable),
	})
	if err != nil {
		return "", nil, verb("creating", rtbKind, k.c.Name, err)
	}
	id := aws.ToString(out.RouteTable.RouteTableId)
	for _, p := range k.in.objects("routes") {
		if err := netAddRoute(k, id, netRouteOf(p, true)); err != nil {
			return "", nil, netRollback(k, err, func() error { return deleteRouteTableOnly(k, id) })
		}
	}
	observed, _, err := observeRouteTable(k, id)
	return id, observed, err
}

// observeRouteTable lists the table's own routes in the order the program
// gives them (the provider holds them as a set), the others after.
func observeRouteTable(k call, id string) (map[string]any, bool, error) {
	t, err := netRouteTable(k, id)
	if t == nil || err != nil {
		return nil, false, err
	}
	var order []string
	for _, p := range k.in.objects("routes") {
		order = append(order, netRouteOf(p, true).destination())
	}
	byDest := map[string]netRoute{}
	var rest []any
	for _, e := range t.Routes {
		if !netOwnRoute(e) {
			continue
		}
		r := netRouteFromEC2(e)
		if slices.Contains(order, r.destination()) {
			byDest[r.destination()] = r
		} else {
			rest = append(rest, r.inline())
		}
	}
	routes := []any{}
	for _, d := range order {
		if r, ok := byDest[d]; ok {
			routes = append(routes, r.inline())
		}
	}
	vgws := []any{}
	for _, v := range t.PropagatingVgws {
		vgws = append(vgws, aws.ToString(v.GatewayId))
	}
	return map[string]any{
		"arn": ec2ARN(k, "route-table", id), "ownerId": aws.ToString(t.OwnerId), "vpcId": aws.ToString(t.VpcId),
		"routes": append(routes, rest...), "propagatingVgws": vgws, "tags": netTags(k, t.Tags),
	}, true, nil
}

func readRouteTable(k call) (map[string]any, bool, error) { return observeRouteTable(k, k.c.ID) }

// updateRouteTable makes the table's routes the program's, against what
// the table holds (so drift is put back); without a routes input the
// routes are not managed, as in the provider.
func updateRouteTable(k call) (map[string]any, error) {
	id := k.c.ID
	if k.in.at("routes") != nil {
		t, err := netRouteTable(k, id)
		if err != nil {
			return nil, err
		}
		have := map[string]netRoute{}
		if t != nil {
			for _, e := range t.Routes {
				if netOwnRoute(e) {
					r := netRouteFromEC2(e)
					have[r.destination()] = r
				}
			}
		}
		want := map[string]bool{}
		for _, p := range k.in.objects("routes") {
			r := netRouteOf(p, true)
			want[r.destination()] = true
			old, ok := have[r.destination()]
			switch {
			case !ok:
				err = netAddRoute(k, id, r)
			case !maps.Equal(old, r):
				err = netReplaceRoute(k, id, r)
			}
			if err != nil {
				return nil, err
			}
		}
		for d, r := range have {
			if !want[d] {
				if err := netRemoveRoute(k, id, r); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := netRetag(k, rtbKind, id); err != nil {
		return nil, err
	}
	observed, _, err := observeRouteTable(k, id)
	return observed, err
}

// deleteRouteTable disassociates the table from everything, as the
// Terraform provider does, then deletes it.
func deleteRouteTable(k call) error {
	id := k.c.ID
	t, err := netRouteTable(k, id)
	if t == nil || err != nil {
		return err
	}
	for _, a := range t.Associations {
		if aws.ToBool(a.Main) {
			continue
		}
		if _, err := k.api.EC2.DisassociateRouteTable(k.ctx, &ec2.DisassociateRouteTableInput{
			AssociationId: a.RouteTableAssociationId,
		}); err != nil && !hasCode(err, "InvalidAssociationID.NotFound") {
			return verb("deleting", rtbKind, id, err)
		}
	}
	return deleteRouteTableOnly(k, id)
}

func deleteRouteTableOnly(k call, id string) error {
	_, err := k.api.EC2.DeleteRouteTable(k.ctx, &ec2.DeleteRouteTableInput{RouteTableId: aws.String(id)})
	if err != nil && !hasCode(err, "InvalidRouteTableID.NotFound") {
		return verb("deleting", rtbKind, id, err)
	}
	return nil
}

// netAllRouteTables are every route table of the region.
func netAllRouteTables(ctx context.Context, api *Clients) ([]ec2types.RouteTable, error) {
	var all []ec2types.RouteTable
	p := ec2.NewDescribeRouteTablesPaginator(api.EC2, &ec2.DescribeRouteTablesInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing route tables: %w", err)
		}
		all = append(all, out.RouteTables...)
	}
	return all, nil
}

// listRouteTables leaves out the main tables, which AWS makes with each VPC.
func listRouteTables(ctx context.Context, api *Clients) ([]string, error) {
	all, err := netAllRouteTables(ctx, api)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, t := range all {
		if !netIsMainTable(t) {
			ids = append(ids, aws.ToString(t.RouteTableId))
		}
	}
	return ids, nil
}

// Route table association. Its id is the association's; replacing the
// table of an association gives it a new one in EC2, while the resource
// keeps the id it was created with, so an association that is no longer
// found by id is found by its subnet or gateway.

func createRTA(k call) (string, map[string]any, error) {
	rtb, subnet, gateway := k.in.str("routeTableId"), k.in.str("subnetId"), k.in.str("gatewayId")
	if current, err := netAssociationOf(k, subnet, gateway); err != nil {
		return "", nil, verb("creating", rtaKind, k.c.Name, err)
	} else if current != nil {
		// moto associates a subnet again and replaces the association;
		// AWS refuses.
		return "", nil, verb("creating", rtaKind, k.c.Name, netRefusal("Resource.AlreadyAssociated", fmt.Sprintf(
			"the specified association for route table %s conflicts with an existing association", rtb),
			aws.ToString(current.RouteTableAssociationId)+" of "+aws.ToString(current.RouteTableId)))
	}
	out, err := k.api.EC2.AssociateRouteTable(k.ctx, &ec2.AssociateRouteTableInput{
		RouteTableId: aws.String(rtb), SubnetId: netOptional(subnet), GatewayId: netOptional(gateway),
	})
	if err != nil {
		return "", nil, verb("creating", rtaKind, k.c.Name, err)
	}
	id := aws.ToString(out.AssociationId)
	return id, map[string]any{"routeTableId": rtb, "subnetId": subnet, "gatewayId": gateway}, nil
}

// netAssociationOf is the explicit association of the subnet or gateway, nil
// when it has none.
func netAssociationOf(k call, subnet, gateway string) (*ec2types.RouteTableAssociation, error) {
	in, target := &ec2.DescribeRouteTablesInput{}, gateway
	if subnet != "" {
		in.Filters, target = []ec2types.Filter{netFilter("association.subnet-id", subnet)}, subnet
	}
	// moto has no association.gateway-id filter: a gateway's association is
	// looked for in every table.
	if target == "" {
		return nil, nil
	}
	out, err := k.api.EC2.DescribeRouteTables(k.ctx, in)
	if err != nil {
		return nil, err
	}
	for _, t := range out.RouteTables {
		for _, a := range t.Associations {
			if !aws.ToBool(a.Main) && (aws.ToString(a.SubnetId) == target || aws.ToString(a.GatewayId) == target) {
				return &a, nil
			}
		}
	}
	return nil, nil
}

// findRTA is the resource's association: by its id, or else the one its
// subnet or gateway (from the inputs or the state) has now.
func findRTA(k call) (*ec2types.RouteTableAssociation, error) {
	out, err := k.api.EC2.DescribeRouteTables(k.ctx, &ec2.DescribeRouteTablesInput{
		Filters: []ec2types.Filter{netFilter("association.route-table-association-id", k.c.ID)},
	})
	if err != nil {
		return nil, verb("reading", rtaKind, k.c.ID, err)
	}
	for _, t := range out.RouteTables {
		for _, a := range t.Associations {
			if aws.ToString(a.RouteTableAssociationId) == k.c.ID {
				return &a, nil
			}
		}
	}
	p := k.old
	if p.str("subnetId") == "" && p.str("gatewayId") == "" {
		p = k.in
	}
	a, err := netAssociationOf(k, p.str("subnetId"), p.str("gatewayId"))
	if err != nil {
		return nil, verb("reading", rtaKind, k.c.ID, err)
	}
	return a, nil
}

func rtaOutputs(a *ec2types.RouteTableAssociation) map[string]any {
	return map[string]any{"routeTableId": aws.ToString(a.RouteTableId), "subnetId": aws.ToString(a.SubnetId),
		"gatewayId": aws.ToString(a.GatewayId)}
}

func readRTA(k call) (map[string]any, bool, error) {
	a, err := findRTA(k)
	if a == nil || err != nil {
		return nil, false, err
	}
	return rtaOutputs(a), true, nil
}

// updateRTA moves the association to another table (the subnet and the
// gateway force a replacement).
func updateRTA(k call) (map[string]any, error) {
	a, err := findRTA(k)
	if err != nil {
		return nil, err
	}
	if a == nil {
		return nil, verb("updating", rtaKind, k.c.ID, netRefusal("InvalidAssociationID.NotFound",
			fmt.Sprintf("The association ID '%s' does not exist", k.c.ID), ""))
	}
	rtb := k.in.str("routeTableId")
	if rtb == aws.ToString(a.RouteTableId) {
		return rtaOutputs(a), nil
	}
	if _, err := k.api.EC2.ReplaceRouteTableAssociation(k.ctx, &ec2.ReplaceRouteTableAssociationInput{
		AssociationId: a.RouteTableAssociationId, RouteTableId: aws.String(rtb),
	}); err != nil {
		return nil, verb("updating", rtaKind, k.c.ID, err)
	}
	moved := *a
	moved.RouteTableId = aws.String(rtb)
	return rtaOutputs(&moved), nil
}

// deleteRTA disassociates; an association its table's delete already
// removed is gone, as one that now joins the subnet to another table is
// not this resource's.
func deleteRTA(k call) error {
	a, err := findRTA(k)
	if a == nil || err != nil {
		return err
	}
	if aws.ToString(a.RouteTableAssociationId) != k.c.ID && aws.ToString(a.RouteTableId) != k.old.str("routeTableId") {
		return nil
	}
	_, err = k.api.EC2.DisassociateRouteTable(k.ctx, &ec2.DisassociateRouteTableInput{
		AssociationId: a.RouteTableAssociationId,
	})
	if err != nil && !hasCode(err, "InvalidAssociationID.NotFound") {
		return verb("deleting", rtaKind, k.c.ID, err)
	}
	return nil
}

// listRTAs lists the explicit associations; each VPC's main association is
// AWS's.
func listRTAs(ctx context.Context, api *Clients) ([]string, error) {
	all, err := netAllRouteTables(ctx, api)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, t := range all {
		for _, a := range t.Associations {
			if !aws.ToBool(a.Main) {
				ids = append(ids, aws.ToString(a.RouteTableAssociationId))
			}
		}
	}
	return ids, nil
}
