package awscloud

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	endpointToken = "aws:ec2/vpcEndpoint:VpcEndpoint"
	flowLogType   = "aws:ec2/flowLog:FlowLog"
	ltType        = "aws:ec2/launchTemplate:LaunchTemplate"
)

func miscTestRouteTable(t *testing.T, api *API, vpc string) string {
	t.Helper()
	out, err := api.In("us-west-2").EC2.CreateRouteTable(context.Background(), &ec2.CreateRouteTableInput{VpcId: aws.String(vpc)})
	require.NoError(t, err)
	return aws.ToString(out.RouteTable.RouteTableId)
}

// prefixListRoute reports whether the route table routes the prefix list
// to the endpoint.
func prefixListRoute(t *testing.T, api *API, rt, pl, endpoint string) bool {
	t.Helper()
	out, err := api.In("us-west-2").EC2.DescribeRouteTables(context.Background(),
		&ec2.DescribeRouteTablesInput{RouteTableIds: []string{rt}})
	require.NoError(t, err)
	for _, r := range out.RouteTables[0].Routes {
		if aws.ToString(r.DestinationPrefixListId) == pl && aws.ToString(r.GatewayId) == endpoint {
			return true
		}
	}
	return false
}

func TestAGatewayEndpointLivesInMoto(t *testing.T) {
	api := testAccount(t)
	vpc := secTestVpc(t, api, "10.40.0.0/16")
	rt1, rt2 := miscTestRouteTable(t, api, vpc), miscTestRouteTable(t, api, vpc)
	inputs := map[string]any{"vpcId": vpc, "serviceName": "com.amazonaws.us-west-2.s3", "vpcEndpointType": "Gateway",
		"routeTableIds": []any{rt1}, "tags": map[string]any{"Name": "s3-endpoint"}}
	ep := newResource(t, api, endpointToken, "vpc-s3-endpoint", inputs)
	out := ep.create()
	id := ep.ctx.ID
	assert.True(t, strings.HasPrefix(id, "vpce-"), id)
	assert.Equal(t, "arn:aws:ec2:us-west-2:"+api.Account()+":vpc-endpoint/"+id, out["arn"])
	assert.Equal(t, "available", out["state"])
	assert.Equal(t, false, out["privateDnsEnabled"], "a gateway endpoint has no private DNS")
	assert.Equal(t, []any{rt1}, out["routeTableIds"])
	pl, _ := out["prefixListId"].(string)
	assert.True(t, strings.HasPrefix(pl, "pl-"), "the s3 prefix list: %v", out["prefixListId"])
	assert.NotEmpty(t, out["policy"], "AWS's allow-all policy")
	assert.True(t, prefixListRoute(t, api, rt1, pl, id))
	assert.Equal(t, []string{endpointToken + "/" + id}, secInventory(t, api, endpointToken))

	observed, found := ep.read()
	require.True(t, found)
	assert.Equal(t, "com.amazonaws.us-west-2.s3", observed["serviceName"])
	assert.Equal(t, map[string]any{"Name": "s3-endpoint"}, observed["tags"])

	inputs["routeTableIds"] = []any{rt2}
	inputs["tags"] = map[string]any{"Name": "s3"}
	out = ep.update(inputs)
	assert.Equal(t, []any{rt2}, out["routeTableIds"])
	assert.Equal(t, map[string]any{"Name": "s3"}, out["tags"])
	assert.True(t, prefixListRoute(t, api, rt2, pl, id), "the joining route table gets the route")
	assert.False(t, prefixListRoute(t, api, rt1, pl, id), "the leaving one loses it")

	ep.delete()
	_, found = ep.read()
	assert.False(t, found, "a deleted endpoint is gone, though moto lists it as deleted")
	assert.False(t, prefixListRoute(t, api, rt2, pl, id))
	assert.Empty(t, secInventory(t, api, endpointToken))
	ep.delete() // deleting what is gone is no error
}

func TestAnInterfaceEndpointLivesInMoto(t *testing.T) {
	api := testAccount(t)
	vpc := secTestVpc(t, api, "10.41.0.0/16")
	a, b := secTestSubnet(t, api, vpc, "10.41.0.0/24"), secTestSubnet(t, api, vpc, "10.41.1.0/24")
	c := api.In("us-west-2").EC2
	sg, err := c.CreateSecurityGroup(context.Background(), &ec2.CreateSecurityGroupInput{GroupName: aws.String("endpoints"),
		Description: aws.String("endpoints"), VpcId: aws.String(vpc)})
	require.NoError(t, err)
	ep := newResource(t, api, endpointToken, "vpc-ssm-endpoint", map[string]any{"vpcId": vpc,
		"serviceName": "com.amazonaws.us-west-2.ssm", "vpcEndpointType": "Interface", "privateDnsEnabled": true,
		"subnetIds": []any{a, b}, "securityGroupIds": []any{aws.ToString(sg.GroupId)}})
	out := ep.create()
	assert.Equal(t, true, out["privateDnsEnabled"])
	assert.Equal(t, []any{a, b}, out["subnetIds"])
	assert.Equal(t, []any{aws.ToString(sg.GroupId)}, out["securityGroupIds"])
	assert.Equal(t, "", out["prefixListId"])
	enis, _ := out["networkInterfaceIds"].([]any)
	assert.Len(t, enis, 2, "one network interface per subnet")
	assert.NotEmpty(t, out["dnsEntries"])

	ep.delete()
	left, err := c.DescribeNetworkInterfaces(context.Background(), &ec2.DescribeNetworkInterfacesInput{
		Filters: []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{vpc}}}})
	require.NoError(t, err)
	assert.Empty(t, left.NetworkInterfaces, "the endpoint's interfaces go with it")
	assert.Empty(t, secInventory(t, api, endpointToken))
}

func TestAFlowLogLivesInMoto(t *testing.T) {
	api := testAccount(t)
	vpc := secTestVpc(t, api, "10.42.0.0/16")
	group := "arn:aws:logs:us-west-2:" + api.Account() + ":log-group:vpc-flow-logs-1a2b3c4"
	role := "arn:aws:iam::" + api.Account() + ":role/vpc-flow-logs-1a2b3c4"
	inputs := map[string]any{"vpcId": vpc, "trafficType": "ALL", "logDestinationType": "cloud-watch-logs",
		"logDestination": group, "iamRoleArn": role, "tags": map[string]any{"Name": "flow-logs"}}
	fl := newResource(t, api, flowLogType, "vpc-flow-logs", inputs)
	out := fl.create()
	id := fl.ctx.ID
	assert.True(t, strings.HasPrefix(id, "fl-"), id)
	assert.Equal(t, "arn:aws:ec2:us-west-2:"+api.Account()+":vpc-flow-log/"+id, out["arn"])
	assert.Equal(t, group, out["logDestination"])
	assert.Equal(t, "vpc-flow-logs-1a2b3c4", out["logGroupName"], "AWS reports the group's name too")
	assert.Equal(t, role, out["iamRoleArn"])
	assert.Equal(t, 600.0, out["maxAggregationInterval"])
	assert.Contains(t, out["logFormat"], "${srcaddr}")
	assert.Equal(t, vpc, out["vpcId"])

	observed, found := fl.read()
	require.True(t, found)
	assert.Equal(t, "ALL", observed["trafficType"])
	assert.Equal(t, map[string]any{"Name": "flow-logs"}, observed["tags"])
	assert.Equal(t, []string{flowLogType + "/" + id}, secInventory(t, api, flowLogType))
	inputs["tags"] = map[string]any{"Name": "flows"}
	assert.Equal(t, map[string]any{"Name": "flows"}, fl.update(inputs)["tags"])

	fl.delete()
	_, found = fl.read()
	assert.False(t, found)
	assert.Empty(t, secInventory(t, api, flowLogType))
	fl.delete()

	// To S3: the account's log bucket.
	s3 := newResource(t, api, flowLogType, "vpc-flow-logs-s3", map[string]any{"vpcId": vpc, "trafficType": "REJECT",
		"logDestinationType": "s3", "logDestination": "arn:aws:s3:::" + LogBucketFor(api.Account())})
	out = s3.create()
	assert.Equal(t, "s3", out["logDestinationType"])
	s3.delete()
}

// What EC2 refuses, as an error or as an Unsuccessful item of an HTTP 200
// answer, fails the create with EC2's code.
func TestAFlowLogEC2RefusesFailsWithItsCode(t *testing.T) {
	api := testAccount(t)
	vpc := secTestVpc(t, api, "10.43.0.0/16")
	noRole := newResource(t, api, flowLogType, "no-role", map[string]any{"vpcId": vpc, "trafficType": "ALL",
		"logDestinationType": "cloud-watch-logs", "logDestination": "arn:aws:logs:us-west-2:" + api.Account() + ":log-group:g"})
	_, _, err := noRole.cloud.Create(context.Background(), &noRole.ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "creating Flow Log (no-role)")
	assert.True(t, hasCode(err, "InvalidParameter"), err.Error())

	noBucket := newResource(t, api, flowLogType, "no-bucket", map[string]any{"vpcId": vpc, "trafficType": "ALL",
		"logDestinationType": "s3", "logDestination": "arn:aws:s3:::standin-no-such-bucket"})
	_, _, err = noBucket.cloud.Create(context.Background(), &noBucket.ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "creating Flow Log (no-bucket)")
	assert.Contains(t, err.Error(), "standin-no-such-bucket does not exist")
	assert.True(t, hasCode(err, "400"), "moto's code for it: %v", err)
	assert.Empty(t, secInventory(t, api, flowLogType), "nothing is left of refused flow logs")
}

// nodeTemplate is the launch template EksCluster gives a node group.
func nodeTemplate(size float64, tags map[string]any) map[string]any {
	return map[string]any{"name": "prod-general-1a2b3c4",
		"description": "Nodes of general: IMDSv2 only, encrypted root volume (orgiac EksCluster).",
		"metadataOptions": map[string]any{"httpEndpoint": "enabled", "httpTokens": "required",
			"httpPutResponseHopLimit": 1.0},
		"blockDeviceMappings": []any{map[string]any{"deviceName": "/dev/xvda", "ebs": map[string]any{
			"encrypted": "true", "volumeSize": size, "volumeType": "gp3", "deleteOnTermination": "true"}}},
		"tags": tags}
}

func TestALaunchTemplateLivesInMoto(t *testing.T) {
	api := testAccount(t)
	inputs := nodeTemplate(50, map[string]any{"Name": "general"})
	lt := newResource(t, api, ltType, "prod-general", inputs)
	out := lt.create()
	id := lt.ctx.ID
	assert.True(t, strings.HasPrefix(id, "lt-"), id)
	assert.Equal(t, "arn:aws:ec2:us-west-2:"+api.Account()+":launch-template/"+id, out["arn"])
	assert.Equal(t, 1.0, out["latestVersion"])
	assert.Equal(t, 1.0, out["defaultVersion"])
	assert.Equal(t, inputs["metadataOptions"], out["metadataOptions"])
	assert.Equal(t, inputs["blockDeviceMappings"], out["blockDeviceMappings"])
	assert.NotContains(t, out, "tagSpecifications", "moto's copy of the template's own tags is not data")
	assert.Equal(t, map[string]any{"Name": "general"}, out["tags"])
	assert.Equal(t, []string{ltType + "/" + id}, secInventory(t, api, ltType))

	observed, found := lt.read()
	require.True(t, found)
	assert.Equal(t, inputs["description"], observed["description"])

	// Tags alone make no new version; a change of the data does.
	out = lt.update(nodeTemplate(50, map[string]any{"Name": "gen"}))
	assert.Equal(t, 1.0, out["latestVersion"])
	assert.Equal(t, map[string]any{"Name": "gen"}, out["tags"])
	out = lt.update(nodeTemplate(80, map[string]any{"Name": "gen"}))
	assert.Equal(t, 2.0, out["latestVersion"])
	assert.Equal(t, 1.0, out["defaultVersion"], "the default stays without updateDefaultVersion")
	assert.Equal(t, 80.0, out["blockDeviceMappings"].([]any)[0].(map[string]any)["ebs"].(map[string]any)["volumeSize"])
	next := nodeTemplate(100, map[string]any{"Name": "gen"})
	next["updateDefaultVersion"] = true
	out = lt.update(next)
	assert.Equal(t, 3.0, out["latestVersion"])
	assert.Equal(t, 3.0, out["defaultVersion"])

	// A second template of the same name is refused with AWS's code.
	twin := newResource(t, api, ltType, "prod-general-twin", nodeTemplate(50, nil))
	_, _, err := twin.cloud.Create(context.Background(), &twin.ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "creating EC2 Launch Template (prod-general-1a2b3c4)")
	assert.True(t, hasCode(err, "InvalidLaunchTemplateName.AlreadyExistsException"), err.Error())

	lt.delete()
	_, found = lt.read()
	assert.False(t, found)
	assert.Empty(t, secInventory(t, api, ltType))
	lt.delete()
}
