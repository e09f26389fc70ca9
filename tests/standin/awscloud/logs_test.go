package awscloud

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const logGroupType = "aws:cloudwatch/logGroup:LogGroup"

// The EksCluster's control-plane log group: a name, a retention, tags.
func TestALogGroupLivesInMoto(t *testing.T) {
	api := testAccount(t)
	g := newResource(t, api, logGroupType, "control-plane", map[string]any{
		"name": "/aws/eks/demo/cluster", "retentionInDays": 90.0, "tags": map[string]any{"Team": "platform"},
	})
	out := g.create()
	assertNoDrift(t, g, out)
	assert.Equal(t, "/aws/eks/demo/cluster", g.ctx.ID)
	assert.Equal(t, "arn:aws:logs:us-west-2:"+api.Account()+":log-group:/aws/eks/demo/cluster", out["arn"],
		"the ARN without :*, as IAM policies and flow logs take it")
	assert.Equal(t, 90, out["retentionInDays"])
	assert.Equal(t, "STANDARD", out["logGroupClass"])
	assert.Equal(t, map[string]any{"Team": "platform"}, out["tags"], "tags are read with the ARN without :*")
	assert.Equal(t, []string{logGroupType + "//aws/eks/demo/cluster"}, mustInventory(t, api))

	observed, found := g.read()
	require.True(t, found)
	assert.Equal(t, 90, observed["retentionInDays"])
	assert.Equal(t, "/aws/eks/demo/cluster", observed["name"])

	// Retention shortened behind Pulumi's back is drift; an update puts it back.
	_, err := api.In("us-west-2").Logs.PutRetentionPolicy(context.Background(), &cloudwatchlogs.PutRetentionPolicyInput{
		LogGroupName: aws.String("/aws/eks/demo/cluster"), RetentionInDays: aws.Int32(1),
	})
	require.NoError(t, err)
	observed, _ = g.read()
	assert.Equal(t, 1, observed["retentionInDays"])
	out = g.update(map[string]any{"name": "/aws/eks/demo/cluster", "retentionInDays": 365.0,
		"tags": map[string]any{"Team": "data"}})
	assert.Equal(t, 365, out["retentionInDays"])
	assert.Equal(t, map[string]any{"Team": "data"}, out["tags"])
	out = g.update(map[string]any{"name": "/aws/eks/demo/cluster"})
	assert.Equal(t, 0, out["retentionInDays"], "no retention: logs are kept forever")

	g.delete()
	_, found = g.read()
	assert.False(t, found)
	assert.Empty(t, mustInventory(t, api))
	g.delete() // deleting again is no error
}

// moto stores any retention; CloudWatch Logs takes only its own periods.
func TestARetentionLogsRefusesFailsTheCreate(t *testing.T) {
	api := testAccount(t)
	g := newResource(t, api, logGroupType, "odd", map[string]any{"name": "odd", "retentionInDays": 17.0})
	_, _, err := g.cloud.Create(context.Background(), &g.ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "creating CloudWatch Logs Log Group (odd)")
	assert.Contains(t, err.Error(), "InvalidParameterException")
	assert.Contains(t, err.Error(), "Member must satisfy enum value set: [1, 3, 5, 7, 14")
	assert.Empty(t, mustInventory(t, api))
}

func TestALogGroupThatExistsIsRefused(t *testing.T) {
	api := testAccount(t)
	g := newResource(t, api, logGroupType, "one", map[string]any{"name": "twice"})
	g.create()
	defer g.delete()
	again := newResource(t, api, logGroupType, "two", map[string]any{"name": "twice"})
	_, _, err := again.cloud.Create(context.Background(), &again.ctx)
	assert.ErrorContains(t, err, "ResourceAlreadyExistsException")
}

// The provider's default tags go to AWS with the group's own, and only the
// group's own are read back as its tags.
func TestALogGroupsDefaultTagsAreTagsAll(t *testing.T) {
	api := testAccount(t)
	g := newResource(t, api, logGroupType, "tagged", map[string]any{"name": "tagged",
		"tags": map[string]any{"Team": "data", "ManagedBy": "pulumi"}})
	g.ctx.Settings.DefaultTags = map[string]string{"ManagedBy": "pulumi", "Environment": "dev"}
	out := g.create()
	defer g.delete()
	assert.Equal(t, map[string]any{"Team": "data", "ManagedBy": "pulumi"}, out["tags"],
		"a default tag the group sets itself is its own")
	assertNoDrift(t, g, out)
	tags, err := api.In("us-west-2").Logs.ListTagsForResource(context.Background(), &cloudwatchlogs.ListTagsForResourceInput{
		ResourceArn: aws.String(out["arn"].(string)),
	})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"Team": "data", "ManagedBy": "pulumi", "Environment": "dev"}, tags.Tags)
}

// skipDestroy leaves the group in AWS when Pulumi lets go of it.
func TestSkipDestroyKeepsTheLogGroup(t *testing.T) {
	api := testAccount(t)
	g := newResource(t, api, logGroupType, "kept", map[string]any{"name": "kept", "skipDestroy": true})
	g.create()
	g.delete()
	_, found := g.read()
	assert.True(t, found)
	g.ctx.Old = plainToMap(merge(g.ctx.OldPlain(), map[string]any{"skipDestroy": false}))
	g.delete()
	_, found = g.read()
	assert.False(t, found)
}
