package awscloud

// EC2's other types: SecureVpc's endpoints (provider/aws/securevpc_endpoints.go)
// here, its flow logs (ec2_misc_flowlog.go) and the EKS node groups' launch
// templates (ec2_misc_template.go).

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"
)

var ec2MiscKinds = map[string]kind{
	"aws:ec2/vpcEndpoint:VpcEndpoint": {create: createVpcEndpoint, read: readVpcEndpoint, update: updateVpcEndpoint,
		del: deleteVpcEndpoint, list: listVpcEndpoints},
	"aws:ec2/flowLog:FlowLog": {create: createFlowLog, read: readFlowLog, update: updateFlowLog, del: deleteFlowLog,
		list: listFlowLogs},
	"aws:ec2/launchTemplate:LaunchTemplate": {create: createLaunchTemplate, read: readLaunchTemplate,
		update: updateLaunchTemplate, del: deleteLaunchTemplate, list: listLaunchTemplates},
}

const (
	kindVpce    = "EC2 VPC Endpoint"
	kindFlowLog = "Flow Log"
)

func vpceType(p props) string {
	if t := p.str("vpcEndpointType"); t != "" {
		return t
	}
	return string(ec2types.VpcEndpointTypeGateway) // the provider's default
}

func createVpcEndpoint(k call) (string, map[string]any, error) {
	typ := vpceType(k.in)
	in := &ec2.CreateVpcEndpointInput{VpcId: k.in.strPtr("vpcId"), ServiceName: k.in.strPtr("serviceName"),
		VpcEndpointType: ec2types.VpcEndpointType(typ), RouteTableIds: k.in.strs("routeTableIds"),
		SubnetIds: k.in.strs("subnetIds"), SecurityGroupIds: k.in.strs("securityGroupIds"),
		PolicyDocument: k.in.strPtr("policy"), TagSpecifications: tagSpecs(k, ec2types.ResourceTypeVpcEndpoint)}
	// Private DNS is an interface endpoint's, off unless asked for (moto
	// turns it on when it is not sent).
	if typ == string(ec2types.VpcEndpointTypeInterface) {
		in.PrivateDnsEnabled = aws.Bool(k.in.flag("privateDnsEnabled"))
	}
	out, err := k.api.EC2.CreateVpcEndpoint(k.ctx, in)
	if err != nil {
		return "", nil, verb("creating", kindVpce, k.c.Name, err)
	}
	id := aws.ToString(out.VpcEndpoint.VpcEndpointId)
	observed, _, err := vpceRead(k, id)
	return id, observed, err
}

func readVpcEndpoint(k call) (map[string]any, bool, error) { return vpceRead(k, k.c.ID) }

func vpceDescribe(k call, id string) (*ec2types.VpcEndpoint, error) {
	out, err := k.api.EC2.DescribeVpcEndpoints(k.ctx, &ec2.DescribeVpcEndpointsInput{VpcEndpointIds: []string{id}})
	if hasCode(err, "InvalidVpcEndpointId.NotFound") {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	// A deleted endpoint stays listed for a while, in AWS as in moto.
	if len(out.VpcEndpoints) == 0 || strings.EqualFold(string(out.VpcEndpoints[0].State), "deleted") {
		return nil, nil
	}
	return &out.VpcEndpoints[0], nil
}

func vpceRead(k call, id string) (map[string]any, bool, error) {
	ep, err := vpceDescribe(k, id)
	if err != nil {
		return nil, false, verb("reading", kindVpce, id, err)
	}
	if ep == nil {
		return nil, false, nil
	}
	typ := string(ep.VpcEndpointType)
	if typ == "" {
		typ = vpceType(k.in)
	}
	var groups []string
	for _, g := range ep.Groups {
		groups = append(groups, aws.ToString(g.GroupId))
	}
	dns := []any{}
	for _, d := range ep.DnsEntries {
		dns = append(dns, map[string]any{"dnsName": aws.ToString(d.DnsName), "hostedZoneId": aws.ToString(d.HostedZoneId)})
	}
	observed := map[string]any{
		"arn": ec2ARN(k, "vpc-endpoint", id), "ownerId": miscOr(aws.ToString(ep.OwnerId), k.c.Account),
		"state": string(ep.State), "vpcId": aws.ToString(ep.VpcId), "serviceName": aws.ToString(ep.ServiceName),
		"vpcEndpointType":     typ,
		"routeTableIds":       secOrderLike(ep.RouteTableIds, k.in.strs("routeTableIds")),
		"subnetIds":           secOrderLike(ep.SubnetIds, k.in.strs("subnetIds")),
		"securityGroupIds":    secOrderLike(groups, k.in.strs("securityGroupIds")),
		"networkInterfaceIds": secOrderLike(ep.NetworkInterfaceIds, nil),
		"dnsEntries":          dns,
		// moto reports private DNS on for gateway endpoints, which have none.
		"privateDnsEnabled": typ == string(ec2types.VpcEndpointTypeInterface) && aws.ToBool(ep.PrivateDnsEnabled),
		"requesterManaged":  aws.ToBool(ep.RequesterManaged),
		"ipAddressType":     miscOr(string(ep.IpAddressType), "ipv4"),
		"serviceRegion":     miscOr(aws.ToString(ep.ServiceRegion), k.api.Region),
		"policy":            miscSamePolicy(k.in.str("policy"), aws.ToString(ep.PolicyDocument)),
		"prefixListId":      "", "cidrBlocks": []any{},
	}
	if typ == string(ec2types.VpcEndpointTypeGateway) {
		// A gateway endpoint routes to its service's prefix list.
		pl, err := k.api.EC2.DescribePrefixLists(k.ctx, &ec2.DescribePrefixListsInput{Filters: []ec2types.Filter{
			{Name: aws.String("prefix-list-name"), Values: []string{aws.ToString(ep.ServiceName)}}}})
		if err != nil {
			return nil, false, verb("reading", kindVpce, id, err)
		}
		if len(pl.PrefixLists) > 0 {
			observed["prefixListId"] = aws.ToString(pl.PrefixLists[0].PrefixListId)
			observed["cidrBlocks"] = secOrderLike(pl.PrefixLists[0].Cidrs, pl.PrefixLists[0].Cidrs)
		}
	}
	secPutTags(k, observed, ep.Tags)
	return observed, true, nil
}

func updateVpcEndpoint(k call) (map[string]any, error) {
	id := k.c.ID
	in := &ec2.ModifyVpcEndpointInput{VpcEndpointId: aws.String(id)}
	addRT, removeRT := miscSetDiff(k.old.strs("routeTableIds"), k.in.strs("routeTableIds"))
	in.AddRouteTableIds, in.RemoveRouteTableIds = addRT, removeRT
	in.AddSubnetIds, in.RemoveSubnetIds = miscSetDiff(k.old.strs("subnetIds"), k.in.strs("subnetIds"))
	in.AddSecurityGroupIds, in.RemoveSecurityGroupIds = miscSetDiff(k.old.strs("securityGroupIds"),
		k.in.strs("securityGroupIds"))
	changed := len(addRT)+len(removeRT)+len(in.AddSubnetIds)+len(in.RemoveSubnetIds)+
		len(in.AddSecurityGroupIds)+len(in.RemoveSecurityGroupIds) > 0
	// A policy no longer set stays as it was: the state cannot tell it from
	// the allow-all one AWS gives an endpoint without.
	if policy := k.in.str("policy"); policy != "" && miscSamePolicy(policy, k.old.str("policy")) != policy {
		changed = true
		in.PolicyDocument = aws.String(policy)
	}
	if vpceType(k.in) == string(ec2types.VpcEndpointTypeInterface) &&
		k.in.flag("privateDnsEnabled") != k.old.flag("privateDnsEnabled") {
		changed = true
		in.PrivateDnsEnabled = aws.Bool(k.in.flag("privateDnsEnabled"))
	}
	if changed {
		if _, err := k.api.EC2.ModifyVpcEndpoint(k.ctx, in); err != nil {
			return nil, verb("updating", kindVpce, id, err)
		}
	}
	if err := vpceRoutes(k, id, addRT, removeRT); err != nil {
		return nil, verb("updating", kindVpce, id, err)
	}
	if err := secSyncTags(k, id, kindVpce); err != nil {
		return nil, err
	}
	observed, _, err := vpceRead(k, id)
	return observed, err
}

// vpceRoutes adds and removes the gateway endpoint's route to its
// prefix list in the route tables that join and leave it: AWS does this on
// ModifyVpcEndpoint, moto only on create and delete.
func vpceRoutes(k call, id string, add, remove []string) error {
	pl := k.old.str("prefixListId")
	if vpceType(k.in) != string(ec2types.VpcEndpointTypeGateway) || pl == "" {
		return nil
	}
	for _, rt := range add {
		_, err := k.api.EC2.CreateRoute(k.ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(rt),
			DestinationPrefixListId: aws.String(pl), GatewayId: aws.String(id)})
		if err != nil && !hasCode(err, "RouteAlreadyExists") {
			return err
		}
	}
	for _, rt := range remove {
		_, err := k.api.EC2.DeleteRoute(k.ctx, &ec2.DeleteRouteInput{RouteTableId: aws.String(rt),
			DestinationPrefixListId: aws.String(pl)})
		if err != nil && !hasCode(err, "InvalidRoute.NotFound", "InvalidRouteTableID.NotFound") {
			return err
		}
	}
	return nil
}

func deleteVpcEndpoint(k call) error {
	id := k.c.ID
	// moto deletes a deleted gateway endpoint's routes again, and fails:
	// delete only what is there.
	ep, err := vpceDescribe(k, id)
	if err != nil || ep == nil {
		return miscWrap("deleting", kindVpce, id, err)
	}
	out, err := k.api.EC2.DeleteVpcEndpoints(k.ctx, &ec2.DeleteVpcEndpointsInput{VpcEndpointIds: []string{id}})
	if hasCode(err, "InvalidVpcEndpointId.NotFound") {
		return nil
	}
	if err == nil {
		err = miscUnsuccessful(out.Unsuccessful, "InvalidVpcEndpointId.NotFound")
	}
	return miscWrap("deleting", kindVpce, id, err)
}

func listVpcEndpoints(ctx context.Context, api *Clients) ([]string, error) {
	out, err := api.EC2.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{})
	if err != nil {
		return nil, fmt.Errorf("listing VPC endpoints: %w", err)
	}
	var ids []string
	for _, ep := range out.VpcEndpoints {
		if !strings.EqualFold(string(ep.State), "deleted") {
			ids = append(ids, aws.ToString(ep.VpcEndpointId))
		}
	}
	return ids, nil
}

// miscUnsuccessful turns the first of EC2's per-resource refusals, which come
// with HTTP 200, into an API error with its code, less the codes that mean
// done (a missing resource on delete).
func miscUnsuccessful(items []ec2types.UnsuccessfulItem, fine ...string) error {
	for _, u := range items {
		if u.Error == nil {
			continue
		}
		err := &smithy.GenericAPIError{Code: aws.ToString(u.Error.Code), Message: aws.ToString(u.Error.Message),
			Fault: smithy.FaultClient}
		if !hasCode(err, fine...) {
			return fmt.Errorf("%s: %w", aws.ToString(u.ResourceId), err)
		}
	}
	return nil
}

func miscWrap(action, kindName, id string, err error) error {
	if err != nil {
		return verb(action, kindName, id, err)
	}
	return nil
}

func miscOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// miscSamePolicy reports a policy EC2 answers as the program wrote it when the
// two are the same JSON, so formatting alone is no change.
func miscSamePolicy(input, observed string) string {
	if input == "" || observed == "" {
		return observed
	}
	var a, b any
	if json.Unmarshal([]byte(input), &a) == nil && json.Unmarshal([]byte(observed), &b) == nil && reflect.DeepEqual(a, b) {
		return input
	}
	return observed
}

// miscSetDiff is what joins (in want, not in have) and leaves a set.
func miscSetDiff(have, want []string) (add, remove []string) {
	in := func(s []string, v string) bool {
		for _, x := range s {
			if x == v {
				return true
			}
		}
		return false
	}
	for _, v := range want {
		if !in(have, v) {
			add = append(add, v)
		}
	}
	for _, v := range have {
		if !in(want, v) {
			remove = append(remove, v)
		}
	}
	return add, remove
}
