package aws

// The VPC endpoints of a SecureVpc and its flow logs.

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func (b *vpcBuild) endpoints() error {
	b.endpointIDs = pulumi.StringMap{}
	for _, svc := range b.plan.Gateway {
		ep, err := ec2.NewVpcEndpoint(b.ctx, fmt.Sprintf("%s-%s-endpoint", b.name, svc), &ec2.VpcEndpointArgs{
			VpcId:           b.vpc.ID(),
			ServiceName:     pulumi.Sprintf("com.amazonaws.%s.%s", b.region, svc),
			VpcEndpointType: pulumi.String("Gateway"),
			RouteTableIds:   pulumi.StringArray(b.private),
			Tags:            b.tags(svc + "-endpoint"),
		}, b.parent)
		if err != nil {
			return fmt.Errorf("registering the %s gateway endpoint: %w", svc, err)
		}
		b.endpointIDs[svc] = ep.ID()
	}
	if len(b.plan.Interface) == 0 {
		return nil
	}
	subnets := b.endpointSubnets()
	sg, err := ec2.NewSecurityGroup(b.ctx, b.name+"-endpoints", &ec2.SecurityGroupArgs{
		VpcId:       b.vpc.ID(),
		Description: pulumi.String("HTTPS from the VPC to its interface endpoints (orgiac SecureVpc)"),
		Ingress: ec2.SecurityGroupIngressArray{&ec2.SecurityGroupIngressArgs{
			Protocol: pulumi.String("tcp"), FromPort: pulumi.Int(443), ToPort: pulumi.Int(443),
			CidrBlocks:  pulumi.StringArray{pulumi.String(b.plan.Cidr.String())},
			Description: pulumi.String("HTTPS from the VPC"),
		}},
		Tags: b.tags("endpoints"),
	}, b.parent)
	if err != nil {
		return fmt.Errorf("registering the endpoint security group: %w", err)
	}
	for _, svc := range b.plan.Interface {
		ep, err := ec2.NewVpcEndpoint(b.ctx, fmt.Sprintf("%s-%s-endpoint", b.name, svc), &ec2.VpcEndpointArgs{
			VpcId:             b.vpc.ID(),
			ServiceName:       pulumi.Sprintf("com.amazonaws.%s.%s", b.region, svc),
			VpcEndpointType:   pulumi.String("Interface"),
			PrivateDnsEnabled: pulumi.Bool(true),
			SubnetIds:         subnets,
			SecurityGroupIds:  pulumi.StringArray{sg.ID()},
			Tags:              b.tags(svc + "-endpoint"),
		}, b.parent)
		if err != nil {
			return fmt.Errorf("registering the %s interface endpoint: %w", svc, err)
		}
		b.endpointIDs[svc] = ep.ID()
	}
	return nil
}

// endpointSubnets places interface endpoints in the first private tier, or
// the first isolated one: one subnet per zone, as AWS allows.
func (b *vpcBuild) endpointSubnets() pulumi.StringArray {
	for _, typ := range []string{TierPrivate, TierIsolated, TierPublic} {
		for _, t := range b.plan.Tiers {
			if t.Type != typ {
				continue
			}
			var ids pulumi.StringArray
			for _, s := range b.subnets[t.Name] {
				ids = append(ids, s.ID())
			}
			return ids
		}
	}
	return nil
}

func (b *vpcBuild) flowLogs(args *FlowLogs) (pulumi.StringOutput, error) {
	fl := b.plan.FlowLogs
	if fl == nil {
		return pulumi.String("").ToStringOutput(), nil
	}
	flArgs := &ec2.FlowLogArgs{
		VpcId:       b.vpc.ID(),
		TrafficType: pulumi.String("ALL"),
		Tags:        b.tags("flow-logs"),
	}
	if fl.Destination == flowLogsToS3 {
		flArgs.LogDestinationType = pulumi.String("s3")
		flArgs.LogDestination = args.S3BucketArn
	} else {
		group, err := cloudwatch.NewLogGroup(b.ctx, b.name+"-flow-logs", &cloudwatch.LogGroupArgs{
			RetentionInDays: pulumi.Int(fl.RetentionDays), Tags: b.tags("flow-logs"),
		}, b.parent)
		if err != nil {
			return pulumi.StringOutput{}, fmt.Errorf("registering the flow log group: %w", err)
		}
		role, err := iam.NewRole(b.ctx, b.name+"-flow-logs", &iam.RoleArgs{
			AssumeRolePolicy: pulumi.String(flowLogsTrustPolicy),
			Description:      pulumi.String("Lets VPC Flow Logs write to its log group (orgiac SecureVpc)."),
			Tags:             b.tags("flow-logs"),
		}, b.parent)
		if err != nil {
			return pulumi.StringOutput{}, fmt.Errorf("registering the flow log role: %w", err)
		}
		if _, err := iam.NewRolePolicy(b.ctx, b.name+"-flow-logs", &iam.RolePolicyArgs{
			Role:   role.ID(),
			Policy: group.Arn.ApplyT(flowLogsWritePolicy).(pulumi.StringOutput),
		}, b.parent); err != nil {
			return pulumi.StringOutput{}, fmt.Errorf("registering the flow log role policy: %w", err)
		}
		flArgs.LogDestinationType = pulumi.String("cloud-watch-logs")
		flArgs.LogDestination = group.Arn
		flArgs.IamRoleArn = role.Arn
	}
	flow, err := ec2.NewFlowLog(b.ctx, b.name+"-flow-logs", flArgs, b.parent)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("registering the flow log: %w", err)
	}
	return flow.ID().ToStringOutput(), nil
}

const flowLogsTrustPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
	`"Principal":{"Service":"vpc-flow-logs.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// flowLogsWritePolicy allows writing to one log group, nothing more.
func flowLogsWritePolicy(groupArn string) (string, error) {
	doc := map[string]any{"Version": "2012-10-17", "Statement": []map[string]any{{
		"Effect":   "Allow",
		"Action":   []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"},
		"Resource": []string{groupArn, groupArn + ":*"},
	}}}
	out, err := json.Marshal(doc)
	if err != nil {
		return "", fmt.Errorf("encoding the flow log policy: %w", err)
	}
	return string(out), nil
}
