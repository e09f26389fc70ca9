package awscloud

// VPC flow logs, to CloudWatch Logs as SecureVpc sends them (the group's
// ARN as logDestination, and the role that may write to it) or to S3.

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// flowLogTargets are the inputs a flow log can watch, with EC2's
// resource type and the id prefix EC2 gives each.
var flowLogTargets = []struct{ input, resourceType, prefix string }{
	{"vpcId", "VPC", "vpc-"}, {"subnetId", "Subnet", "subnet-"}, {"eniId", "NetworkInterface", "eni-"},
	{"transitGatewayAttachmentId", "TransitGatewayAttachment", "tgw-attach-"},
	{"transitGatewayId", "TransitGateway", "tgw-"},
}

func createFlowLog(k call) (string, map[string]any, error) {
	in := &ec2.CreateFlowLogsInput{TrafficType: ec2types.TrafficType(k.in.str("trafficType")),
		LogDestinationType: ec2types.LogDestinationType(k.in.str("logDestinationType")),
		LogDestination:     k.in.strPtr("logDestination"), LogGroupName: k.in.strPtr("logGroupName"),
		DeliverLogsPermissionArn: k.in.strPtr("iamRoleArn"), DeliverCrossAccountRole: k.in.strPtr("deliverCrossAccountRole"),
		LogFormat: k.in.strPtr("logFormat"), MaxAggregationInterval: k.in.int32Ptr("maxAggregationInterval"),
		TagSpecifications: tagSpecs(k, ec2types.ResourceTypeVpcFlowLog)}
	for _, r := range flowLogTargets {
		if id := k.in.str(r.input); id != "" {
			in.ResourceIds, in.ResourceType = []string{id}, ec2types.FlowLogsResourceType(r.resourceType)
			break
		}
	}
	if o := k.in.obj("destinationOptions"); len(o) > 0 {
		in.DestinationOptions = &ec2types.DestinationOptionsRequest{FileFormat: ec2types.DestinationFileFormat(o.str("fileFormat"))}
		if v, ok := o.boolean("hiveCompatiblePartitions"); ok {
			in.DestinationOptions.HiveCompatiblePartitions = aws.Bool(v)
		}
		if v, ok := o.boolean("perHourPartition"); ok {
			in.DestinationOptions.PerHourPartition = aws.Bool(v)
		}
	}
	out, err := k.api.EC2.CreateFlowLogs(k.ctx, in)
	if err == nil {
		// What EC2 refuses for one resource arrives with HTTP 200.
		err = miscUnsuccessful(out.Unsuccessful)
	}
	if err == nil && len(out.FlowLogIds) == 0 {
		err = fmt.Errorf("EC2 answered without the flow log's id")
	}
	if err != nil {
		return "", nil, verb("creating", kindFlowLog, k.c.Name, err)
	}
	id := out.FlowLogIds[0]
	observed, _, err := readFlowLogByID(k, id)
	return id, observed, err
}

func readFlowLog(k call) (map[string]any, bool, error) { return readFlowLogByID(k, k.c.ID) }

func readFlowLogByID(k call, id string) (map[string]any, bool, error) {
	out, err := k.api.EC2.DescribeFlowLogs(k.ctx, &ec2.DescribeFlowLogsInput{FlowLogIds: []string{id}})
	if err != nil {
		return nil, false, verb("reading", kindFlowLog, id, err)
	}
	if len(out.FlowLogs) == 0 { // moto answers a missing id with none
		return nil, false, nil
	}
	fl := out.FlowLogs[0]
	typ := miscOr(string(fl.LogDestinationType), "cloud-watch-logs")
	observed := map[string]any{"arn": ec2ARN(k, "vpc-flow-log", id), "logDestinationType": typ,
		"logFormat": aws.ToString(fl.LogFormat), "maxAggregationInterval": float64(aws.ToInt32(fl.MaxAggregationInterval)),
		"logDestination": aws.ToString(fl.LogDestination), "logGroupName": aws.ToString(fl.LogGroupName)}
	if t := string(fl.TrafficType); t != "" {
		observed["trafficType"] = t
	}
	if role := aws.ToString(fl.DeliverLogsPermissionArn); role != "" {
		observed["iamRoleArn"] = role
	}
	// AWS reports both the group's name and ARN of a CloudWatch
	// destination; moto echoes only the one that was sent.
	if typ == "cloud-watch-logs" {
		const marker = ":log-group:"
		dest, group := aws.ToString(fl.LogDestination), aws.ToString(fl.LogGroupName)
		if i := strings.Index(dest, marker); group == "" && i >= 0 {
			observed["logGroupName"] = strings.TrimSuffix(dest[i+len(marker):], ":*")
		}
		if dest == "" && group != "" {
			observed["logDestination"] = fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s", k.api.Region, k.c.Account, group)
		}
	}
	resource := aws.ToString(fl.ResourceId)
	for _, r := range flowLogTargets {
		if strings.HasPrefix(resource, r.prefix) {
			observed[r.input] = resource
			break
		}
	}
	secPutTags(k, observed, fl.Tags)
	return observed, true, nil
}

// updateFlowLog changes tags only: every other input replaces a flow log.
func updateFlowLog(k call) (map[string]any, error) {
	if err := secSyncTags(k, k.c.ID, kindFlowLog); err != nil {
		return nil, err
	}
	observed, _, err := readFlowLogByID(k, k.c.ID)
	return observed, err
}

func deleteFlowLog(k call) error {
	out, err := k.api.EC2.DeleteFlowLogs(k.ctx, &ec2.DeleteFlowLogsInput{FlowLogIds: []string{k.c.ID}})
	if hasCode(err, "InvalidFlowLogId.NotFound") {
		return nil
	}
	if err == nil {
		err = miscUnsuccessful(out.Unsuccessful, "InvalidFlowLogId.NotFound")
	}
	return miscWrap("deleting", kindFlowLog, k.c.ID, err)
}

func listFlowLogs(ctx context.Context, api *Clients) ([]string, error) {
	out, err := api.EC2.DescribeFlowLogs(ctx, &ec2.DescribeFlowLogsInput{})
	if err != nil {
		return nil, fmt.Errorf("listing flow logs: %w", err)
	}
	var ids []string
	for _, fl := range out.FlowLogs {
		ids = append(ids, aws.ToString(fl.FlowLogId))
	}
	return ids, nil
}
