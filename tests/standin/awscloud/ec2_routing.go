package awscloud

// Routes, inline in a RouteTable or as Route resources. The tables and
// their associations are in ec2_routing_tables.go.

import (
	"context"
	"fmt"
	"hash/crc32"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// A netRoute is a route as a map from the Route resource's property names
// (destinationCidrBlock, gatewayId, ...) to their values, empty ones left
// out. An inline route of a RouteTable names its destinations cidrBlock and
// ipv6CidrBlock instead.
type netRoute map[string]string

// netRouteDestinations are a route's destination properties; one is set.
var netRouteDestinations = []string{"destinationCidrBlock", "destinationIpv6CidrBlock", "destinationPrefixListId"}

// routeInlineNames are the inline route's names for the destinations.
var routeInlineNames = map[string]string{"destinationCidrBlock": "cidrBlock", "destinationIpv6CidrBlock": "ipv6CidrBlock"}

// netRouteTargets are where a route can send traffic, by property name, and
// the field of EC2's route that holds it.
var netRouteTargets = []struct {
	key string
	get func(r ec2types.Route) *string
}{
	{"gatewayId", func(r ec2types.Route) *string { return r.GatewayId }},
	{"natGatewayId", func(r ec2types.Route) *string { return r.NatGatewayId }},
	{"egressOnlyGatewayId", func(r ec2types.Route) *string { return r.EgressOnlyInternetGatewayId }},
	{"networkInterfaceId", func(r ec2types.Route) *string { return r.NetworkInterfaceId }},
	{"instanceId", func(r ec2types.Route) *string { return r.InstanceId }},
	{"transitGatewayId", func(r ec2types.Route) *string { return r.TransitGatewayId }},
	{"vpcPeeringConnectionId", func(r ec2types.Route) *string { return r.VpcPeeringConnectionId }},
	{"carrierGatewayId", func(r ec2types.Route) *string { return r.CarrierGatewayId }},
	{"localGatewayId", func(r ec2types.Route) *string { return r.LocalGatewayId }},
	{"coreNetworkArn", func(r ec2types.Route) *string { return r.CoreNetworkArn }},
}

// netRouteOf reads a route from properties; inline says they use the inline
// route's names.
func netRouteOf(p props, inline bool) netRoute {
	r := netRoute{}
	for _, d := range netRouteDestinations {
		name := d
		if n, ok := routeInlineNames[d]; ok && inline {
			name = n
		}
		if v := p.str(name); v != "" {
			r[d] = v
		}
	}
	for _, t := range netRouteTargets {
		if v := p.str(t.key); v != "" {
			r[t.key] = v
		}
	}
	if v := p.str("vpcEndpointId"); v != "" {
		r["vpcEndpointId"] = v
	}
	return r
}

// netRouteFromEC2 is a route as EC2 describes it.
func netRouteFromEC2(e ec2types.Route) netRoute {
	r := netRoute{}
	for d, v := range map[string]*string{
		"destinationCidrBlock": e.DestinationCidrBlock, "destinationIpv6CidrBlock": e.DestinationIpv6CidrBlock,
		"destinationPrefixListId": e.DestinationPrefixListId,
	} {
		if s := aws.ToString(v); s != "" {
			r[d] = s
		}
	}
	for _, t := range netRouteTargets {
		if s := aws.ToString(t.get(e)); s != "" {
			r[t.key] = s
		}
	}
	// EC2 reports a Gateway Load Balancer endpoint target as a gateway.
	if strings.HasPrefix(r["gatewayId"], "vpce-") {
		r["vpcEndpointId"] = r["gatewayId"]
		delete(r, "gatewayId")
	}
	return r
}

// destination is the route's one destination.
func (r netRoute) destination() string {
	for _, d := range netRouteDestinations {
		if v := r[d]; v != "" {
			return v
		}
	}
	return ""
}

// inline is the route as a RouteTable's routes list holds it.
func (r netRoute) inline() map[string]any {
	out := map[string]any{}
	for k, v := range r {
		if n, ok := routeInlineNames[k]; ok {
			k = n
		}
		out[k] = v
	}
	return out
}

// netOwnRoute reports whether a route of a table is one a program manages:
// not the local route, nor one propagated from a virtual private gateway,
// nor one a gateway VPC endpoint put there for its prefix list.
func netOwnRoute(e ec2types.Route) bool {
	gw := aws.ToString(e.GatewayId)
	return gw != "local" && e.Origin != ec2types.RouteOriginEnableVgwRoutePropagation &&
		!(strings.HasPrefix(gw, "vpce-") && aws.ToString(e.DestinationPrefixListId) != "")
}

// netCheckRouteTarget makes the refusal moto does not: it takes a route to a
// NAT gateway it does not know, and then describes it without its target.
func netCheckRouteTarget(k call, r netRoute) error {
	nat := r["natGatewayId"]
	if nat == "" {
		return nil
	}
	n, err := netNAT(k, nat)
	if err != nil || n != nil {
		return err
	}
	return netRefusal("InvalidNatGatewayID.NotFound", fmt.Sprintf("The natGateway ID '%s' does not exist", nat), "")
}

// netRouteInput is the CreateRoute request for r in table rtb.
func netRouteInput(rtb string, r netRoute) *ec2.CreateRouteInput {
	return &ec2.CreateRouteInput{RouteTableId: aws.String(rtb),
		DestinationCidrBlock:        netOptional(r["destinationCidrBlock"]),
		DestinationIpv6CidrBlock:    netOptional(r["destinationIpv6CidrBlock"]),
		DestinationPrefixListId:     netOptional(r["destinationPrefixListId"]),
		GatewayId:                   netOptional(r["gatewayId"]),
		NatGatewayId:                netOptional(r["natGatewayId"]),
		EgressOnlyInternetGatewayId: netOptional(r["egressOnlyGatewayId"]),
		NetworkInterfaceId:          netOptional(r["networkInterfaceId"]),
		InstanceId:                  netOptional(r["instanceId"]),
		TransitGatewayId:            netOptional(r["transitGatewayId"]),
		VpcPeeringConnectionId:      netOptional(r["vpcPeeringConnectionId"]),
		CarrierGatewayId:            netOptional(r["carrierGatewayId"]),
		LocalGatewayId:              netOptional(r["localGatewayId"]),
		CoreNetworkArn:              netOptional(r["coreNetworkArn"]),
		VpcEndpointId:               netOptional(r["vpcEndpointId"]),
	}
}

func netAddRoute(k call, rtb string, r netRoute) error {
	if err := netCheckRouteTarget(k, r); err != nil {
		return netRouteErr("creating", rtb, r, err)
	}
	if _, err := k.api.EC2.CreateRoute(k.ctx, netRouteInput(rtb, r)); err != nil {
		return netRouteErr("creating", rtb, r, err)
	}
	return nil
}

// netReplaceRoute points the route at r's target; the request has the same
// fields as CreateRoute's.
func netReplaceRoute(k call, rtb string, r netRoute) error {
	if err := netCheckRouteTarget(k, r); err != nil {
		return netRouteErr("updating", rtb, r, err)
	}
	c := netRouteInput(rtb, r)
	if _, err := k.api.EC2.ReplaceRoute(k.ctx, &ec2.ReplaceRouteInput{RouteTableId: c.RouteTableId,
		DestinationCidrBlock: c.DestinationCidrBlock, DestinationIpv6CidrBlock: c.DestinationIpv6CidrBlock,
		DestinationPrefixListId: c.DestinationPrefixListId, GatewayId: c.GatewayId, NatGatewayId: c.NatGatewayId,
		EgressOnlyInternetGatewayId: c.EgressOnlyInternetGatewayId, NetworkInterfaceId: c.NetworkInterfaceId,
		InstanceId: c.InstanceId, TransitGatewayId: c.TransitGatewayId, VpcPeeringConnectionId: c.VpcPeeringConnectionId,
		CarrierGatewayId: c.CarrierGatewayId, LocalGatewayId: c.LocalGatewayId, CoreNetworkArn: c.CoreNetworkArn,
		VpcEndpointId: c.VpcEndpointId,
	}); err != nil {
		return netRouteErr("updating", rtb, r, err)
	}
	return nil
}

// netRemoveRoute deletes the route; one already gone is not an error.
func netRemoveRoute(k call, rtb string, r netRoute) error {
	_, err := k.api.EC2.DeleteRoute(k.ctx, &ec2.DeleteRouteInput{RouteTableId: aws.String(rtb),
		DestinationCidrBlock:     netOptional(r["destinationCidrBlock"]),
		DestinationIpv6CidrBlock: netOptional(r["destinationIpv6CidrBlock"]),
		DestinationPrefixListId:  netOptional(r["destinationPrefixListId"]),
	})
	if err != nil && !hasCode(err, "InvalidRoute.NotFound", "InvalidRouteTableID.NotFound") {
		return netRouteErr("deleting", rtb, r, err)
	}
	return nil
}

// netRouteErr words a route's failure as the Terraform provider does:
// "creating Route in Route Table (rtb-1) with destination (0.0.0.0/0)".
func netRouteErr(action, rtb string, r netRoute, err error) error {
	return fmt.Errorf("%s Route in Route Table (%s) with destination (%s): %w", action, rtb, r.destination(), err)
}

func netOptional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

// Route.

// netRouteID is the Terraform provider's id of a route: "r-", the table, and
// the CRC-32 of the destination.
func netRouteID(rtb, destination string) string {
	return fmt.Sprintf("r-%s%d", rtb, crc32.ChecksumIEEE([]byte(destination)))
}

func createRoute(k call) (string, map[string]any, error) {
	rtb, r := k.in.str("routeTableId"), netRouteOf(k.in, false)
	if err := netAddRoute(k, rtb, r); err != nil {
		return "", nil, err
	}
	observed, _, err := observeRoute(k, rtb, r.destination())
	return netRouteID(rtb, r.destination()), observed, err
}

func observeRoute(k call, rtb, destination string) (map[string]any, bool, error) {
	t, err := netRouteTable(k, rtb)
	if t == nil || err != nil {
		return nil, false, err
	}
	for _, e := range t.Routes {
		r := netRouteFromEC2(e)
		if aws.ToString(e.GatewayId) == "local" || r.destination() != destination {
			continue
		}
		observed := map[string]any{"routeTableId": rtb, "origin": string(e.Origin), "state": string(e.State),
			"instanceOwnerId": ""}
		for key, v := range r {
			observed[key] = v
		}
		return observed, true, nil
	}
	return nil, false, nil
}

// netRouteAt is the table and destination of the Route resource, from its
// inputs or, failing them, its state.
func netRouteAt(k call) (string, netRoute) {
	p := k.in
	if p.str("routeTableId") == "" {
		p = k.old
	}
	return p.str("routeTableId"), netRouteOf(p, false)
}

func readRoute(k call) (map[string]any, bool, error) {
	rtb, r := netRouteAt(k)
	return observeRoute(k, rtb, r.destination())
}

func updateRoute(k call) (map[string]any, error) {
	rtb, r := k.in.str("routeTableId"), netRouteOf(k.in, false)
	if err := netReplaceRoute(k, rtb, r); err != nil {
		return nil, err
	}
	observed, _, err := observeRoute(k, rtb, r.destination())
	return observed, err
}

func deleteRoute(k call) error {
	rtb, r := netRouteAt(k)
	return netRemoveRoute(k, rtb, r)
}

// listRoutes lists the routes added to main route tables. A route of any
// other table cannot be told from an inline route of its RouteTable (EC2
// keeps no record of which resource made it), and goes with the table,
// which is listed; a main table outlives every route a program adds to it.
func listRoutes(ctx context.Context, api *Clients) ([]string, error) {
	all, err := netAllRouteTables(ctx, api)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, t := range all {
		if !netIsMainTable(t) {
			continue
		}
		for _, e := range t.Routes {
			if netOwnRoute(e) && e.Origin == ec2types.RouteOriginCreateRoute {
				ids = append(ids, netRouteID(aws.ToString(t.RouteTableId), netRouteFromEC2(e).destination()))
			}
		}
	}
	return ids, nil
}
