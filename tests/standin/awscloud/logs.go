package awscloud

// CloudWatch Logs: log groups. The id is the group's name, as in the
// Terraform provider, and its arn is the group's ARN without the ":*" that
// DescribeLogGroups puts after it (the form IAM policies and flow logs take).

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

var logsKinds = map[string]kind{
	"aws:cloudwatch/logGroup:LogGroup": {create: createLogGroup, read: readLogGroup, update: updateLogGroup,
		del: deleteLogGroup, list: listLogGroups},
}

// logsRetentionDays are the retention periods CloudWatch Logs accepts.
var logsRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192,
	2557, 2922, 3288, 3653}

// logsCheckRetention refuses a period PutRetentionPolicy refuses in AWS;
// moto stores any number.
func logsCheckRetention(days int) error {
	if days == 0 || slices.Contains(logsRetentionDays, days) {
		return nil
	}
	return &logstypes.InvalidParameterException{Message: aws.String(fmt.Sprintf(
		"1 validation error detected: Value '%d' at 'retentionInDays' failed to satisfy constraint: "+
			"Member must satisfy enum value set: %s", days, strings.ReplaceAll(fmt.Sprint(logsRetentionDays), " ", ", ")))}
}

func createLogGroup(k call) (string, map[string]any, error) {
	name := k.in.str("name")
	days, _ := k.in.num("retentionInDays")
	if err := logsCheckRetention(days); err != nil {
		return "", nil, verb("creating", "CloudWatch Logs Log Group", name, err)
	}
	if _, err := k.api.Logs.CreateLogGroup(k.ctx, &cloudwatchlogs.CreateLogGroupInput{
		LogGroupName: aws.String(name), KmsKeyId: k.in.strPtr("kmsKeyId"),
		LogGroupClass: logstypes.LogGroupClass(k.in.str("logGroupClass")), Tags: k.c.TagsAll(),
	}); err != nil {
		return "", nil, verb("creating", "CloudWatch Logs Log Group", name, err)
	}
	if days > 0 {
		if _, err := k.api.Logs.PutRetentionPolicy(k.ctx, &cloudwatchlogs.PutRetentionPolicyInput{
			LogGroupName: aws.String(name), RetentionInDays: aws.Int32(int32(days)),
		}); err != nil {
			// The group must not outlive the failed create.
			_, _ = k.api.Logs.DeleteLogGroup(k.ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String(name)})
			return "", nil, verb("creating", "CloudWatch Logs Log Group", name, err)
		}
	}
	observed, found, err := logGroupObserved(k, name)
	if err == nil && !found {
		err = fmt.Errorf("the new log group is not found")
	}
	if err != nil {
		return "", nil, verb("creating", "CloudWatch Logs Log Group", name, err)
	}
	observed["skipDestroy"] = k.in.flag("skipDestroy")
	return name, observed, nil
}

// logsFind is the group named name, found among those with that prefix as
// the Terraform provider does; nil when there is none.
func logsFind(ctx context.Context, api *Clients, name string) (*logstypes.LogGroup, error) {
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(api.Logs, &cloudwatchlogs.DescribeLogGroupsInput{
		LogGroupNamePrefix: aws.String(name),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for i, g := range page.LogGroups {
			if aws.ToString(g.LogGroupName) == name {
				return &page.LogGroups[i], nil
			}
		}
	}
	return nil, nil
}

// logsARN is the group's ARN without the trailing ":*". ListTagsForResource
// and TagResource want this form: with ":*" moto answers no tags.
func logsARN(g *logstypes.LogGroup) string {
	if arn := aws.ToString(g.LogGroupArn); arn != "" {
		return arn
	}
	return strings.TrimSuffix(aws.ToString(g.Arn), ":*")
}

func logGroupObserved(k call, name string) (map[string]any, bool, error) {
	g, err := logsFind(k.ctx, k.api, name)
	if err != nil || g == nil {
		return nil, false, err
	}
	// moto ignores the class; a group is STANDARD unless made otherwise.
	class := string(g.LogGroupClass)
	if class == "" {
		class = k.in.str("logGroupClass")
	}
	if class == "" {
		class = string(logstypes.LogGroupClassStandard)
	}
	arn := logsARN(g)
	observed := map[string]any{
		"arn": arn, "name": name, "retentionInDays": int(aws.ToInt32(g.RetentionInDays)),
		"kmsKeyId": aws.ToString(g.KmsKeyId), "logGroupClass": class,
	}
	tags, err := k.api.Logs.ListTagsForResource(k.ctx, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		return nil, false, err
	}
	if own, ok := iamOwnTags(k, tags.Tags); ok {
		observed["tags"] = own
	}
	return observed, true, nil
}

func readLogGroup(k call) (map[string]any, bool, error) {
	observed, found, err := logGroupObserved(k, k.c.ID)
	if err != nil {
		return nil, false, verb("reading", "CloudWatch Logs Log Group", k.c.ID, err)
	}
	return observed, found, nil
}

func updateLogGroup(k call) (map[string]any, error) {
	name := k.c.ID
	fail := func(err error) (map[string]any, error) {
		return nil, verb("updating", "CloudWatch Logs Log Group", name, err)
	}
	g, err := logsFind(k.ctx, k.api, name)
	if err == nil && g == nil {
		err = fmt.Errorf("the log group is gone")
	}
	if err != nil {
		return fail(err)
	}
	days, _ := k.in.num("retentionInDays")
	if err := logsCheckRetention(days); err != nil {
		return fail(err)
	}
	switch {
	case days > 0 && days != int(aws.ToInt32(g.RetentionInDays)):
		_, err = k.api.Logs.PutRetentionPolicy(k.ctx, &cloudwatchlogs.PutRetentionPolicyInput{
			LogGroupName: aws.String(name), RetentionInDays: aws.Int32(int32(days)),
		})
	case days == 0 && g.RetentionInDays != nil:
		_, err = k.api.Logs.DeleteRetentionPolicy(k.ctx, &cloudwatchlogs.DeleteRetentionPolicyInput{LogGroupName: aws.String(name)})
	}
	if err != nil {
		return fail(err)
	}
	// moto 5.2.5 does not implement AssociateKmsKey and DisassociateKmsKey
	// (HTTP 500): a change of key fails here with moto's answer, where AWS
	// would make it.
	switch key := k.in.str("kmsKeyId"); {
	case key != "" && key != aws.ToString(g.KmsKeyId):
		_, err = k.api.Logs.AssociateKmsKey(k.ctx, &cloudwatchlogs.AssociateKmsKeyInput{
			LogGroupName: aws.String(name), KmsKeyId: aws.String(key),
		})
		err = iamMotoLacks("AssociateKmsKey", err)
	case key == "" && aws.ToString(g.KmsKeyId) != "":
		_, err = k.api.Logs.DisassociateKmsKey(k.ctx, &cloudwatchlogs.DisassociateKmsKeyInput{LogGroupName: aws.String(name)})
		err = iamMotoLacks("DisassociateKmsKey", err)
	}
	if err != nil {
		return fail(err)
	}
	arn := logsARN(g)
	have, err := k.api.Logs.ListTagsForResource(k.ctx, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		return fail(err)
	}
	set, remove := iamTagChanges(have.Tags, k.c.TagsAll())
	if len(set) > 0 {
		if _, err := k.api.Logs.TagResource(k.ctx, &cloudwatchlogs.TagResourceInput{ResourceArn: aws.String(arn), Tags: set}); err != nil {
			return fail(err)
		}
	}
	if len(remove) > 0 {
		if _, err := k.api.Logs.UntagResource(k.ctx, &cloudwatchlogs.UntagResourceInput{
			ResourceArn: aws.String(arn), TagKeys: remove,
		}); err != nil {
			return fail(err)
		}
	}
	observed, _, err := logGroupObserved(k, name)
	if err != nil {
		return fail(err)
	}
	observed["skipDestroy"] = k.in.flag("skipDestroy")
	return observed, nil
}

// deleteLogGroup keeps the group when skipDestroy asks for it: it then
// only leaves the state, as in the Terraform provider.
func deleteLogGroup(k call) error {
	if k.old.flag("skipDestroy") {
		return nil
	}
	_, err := k.api.Logs.DeleteLogGroup(k.ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String(k.c.ID)})
	if err != nil && !hasCode(err, "ResourceNotFoundException") {
		return verb("deleting", "CloudWatch Logs Log Group", k.c.ID, err)
	}
	return nil
}

func listLogGroups(ctx context.Context, api *Clients) ([]string, error) {
	var names []string
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(api.Logs, &cloudwatchlogs.DescribeLogGroupsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing CloudWatch Logs log groups: %w", err)
		}
		for _, g := range page.LogGroups {
			names = append(names, aws.ToString(g.LogGroupName))
		}
	}
	return names, nil
}
