package awscloud

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const bucketType = "aws:s3/bucketV2:BucketV2"

func TestABucketLivesInMoto(t *testing.T) {
	api := testAccount(t)
	b := newResource(t, api, bucketType, "data", map[string]any{"bucket": "standin-s3-test-data",
		"tags": map[string]any{"Team": "data"}})
	out := b.create()
	assert.Equal(t, "standin-s3-test-data", b.ctx.ID)
	assert.Equal(t, "arn:aws:s3:::standin-s3-test-data", out["arn"])
	assert.Equal(t, "standin-s3-test-data.s3.us-west-2.amazonaws.com", out["bucketRegionalDomainName"])

	inv, err := Inventory(context.Background(), api, "us-west-2")
	require.NoError(t, err)
	assert.Equal(t, []Ref{{Type: bucketType, ID: "standin-s3-test-data"}}, inv,
		"the account holds the bucket, and its fixtures are not counted")

	observed, found := b.read()
	require.True(t, found)
	assert.Equal(t, "us-west-2", observed["region"])

	b.delete()
	_, found = b.read()
	assert.False(t, found, "a deleted bucket is gone")
	inv, err = Inventory(context.Background(), api, "us-west-2")
	require.NoError(t, err)
	assert.Empty(t, inv)
}

// What moto refuses reaches the user with AWS's code.
func TestABucketMotoRefusesFailsWithAWSsError(t *testing.T) {
	api := testAccount(t)
	b := newResource(t, api, bucketType, "short", map[string]any{"bucket": "ab"})
	_, _, err := b.cloud.Create(context.Background(), &b.ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "creating S3 Bucket (ab)")
	assert.Contains(t, err.Error(), "InvalidBucketName")
}

// A change made outside Pulumi is what Read reports, so refresh sees drift.
func TestReadReportsVersioningSuspendedBehindPulumisBack(t *testing.T) {
	api := testAccount(t)
	b := newResource(t, api, bucketType, "drift", map[string]any{"bucket": "standin-s3-test-drift"})
	b.create()
	defer b.delete()
	v := newResource(t, api, "aws:s3/bucketVersioningV2:BucketVersioningV2", "drift-versioning", map[string]any{
		"bucket": "standin-s3-test-drift", "versioningConfiguration": map[string]any{"status": "Enabled"},
	})
	v.create()
	pab := newResource(t, api, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "drift-pab", map[string]any{
		"bucket": "standin-s3-test-drift", "blockPublicAcls": true, "blockPublicPolicy": true,
		"ignorePublicAcls": true, "restrictPublicBuckets": true,
	})
	pab.create()

	c := api.In("us-west-2").S3
	_, err := c.PutBucketVersioning(context.Background(), &s3.PutBucketVersioningInput{
		Bucket:                  aws.String("standin-s3-test-drift"),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusSuspended},
	})
	require.NoError(t, err)
	_, err = c.DeletePublicAccessBlock(context.Background(), &s3.DeletePublicAccessBlockInput{Bucket: aws.String("standin-s3-test-drift")})
	require.NoError(t, err)

	observed, found := v.read()
	require.True(t, found)
	assert.Equal(t, map[string]any{"status": "Suspended"}, observed["versioningConfiguration"])
	_, found = pab.read()
	assert.False(t, found, "a public access block deleted behind Pulumi's back is gone")
}

func TestLoggingDeliversToTheOrganizationsLogBucket(t *testing.T) {
	api := testAccount(t)
	b := newResource(t, api, bucketType, "logged", map[string]any{"bucket": "standin-s3-test-logged"})
	b.create()
	defer b.delete()
	l := newResource(t, api, "aws:s3/bucketLoggingV2:BucketLoggingV2", "logged-logging", map[string]any{
		"bucket": "standin-s3-test-logged", "targetBucket": LogBucketFor(api.Account()), "targetPrefix": "s3-logs/logged/",
	})
	out := l.create()
	assert.Equal(t, LogBucketFor(api.Account()), out["targetBucket"])
	l.delete()
	_, found := l.read()
	assert.False(t, found)
}

func TestAPolicyThatIsNotJSONIsRefused(t *testing.T) {
	api := testAccount(t)
	b := newResource(t, api, bucketType, "pol", map[string]any{"bucket": "standin-s3-test-pol"})
	b.create()
	defer b.delete()
	p := newResource(t, api, "aws:s3/bucketPolicy:BucketPolicy", "pol-policy", map[string]any{
		"bucket": "standin-s3-test-pol", "policy": "{not json",
	})
	_, _, err := p.cloud.Create(context.Background(), &p.ctx)
	assert.ErrorContains(t, err, "MalformedPolicy")
	good, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{}})
	p.ctx.Inputs = plainToMap(map[string]any{"bucket": "standin-s3-test-pol", "policy": string(good)})
	p.create()
	p.delete()
}
