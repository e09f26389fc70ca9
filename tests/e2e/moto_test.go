package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goRawRunner runs one program of tests/e2e/programs/goraw inline through
// the Go Automation API.
func goRawRunner(s *stack, program string) automationRunner {
	s.setEnv("E2E_PROGRAM", program)
	return goDriver(s.t, "tests/e2e/programs/goraw")
}

// A raw subnet whose CIDR lies outside the SecureVpc beside it: nothing
// before AWS knows the VPC's range, so the preview passes, and AWS's own rule
// (enforced by moto) refuses the create with AWS's code.
func TestAWSRefusesASubnetOutsideItsVpc(t *testing.T) {
	t.Parallel()
	s := newStack(t, "tests/e2e/programs/goraw")
	run := goRawRunner(s, "raw-subnet")
	s.Init()
	require.NoError(t, run.Run(s, "preview"), "the preview passes: only AWS knows the subnet is outside the VPC")

	err := run.Run(s, "up")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "InvalidSubnet.Range", "the user sees AWS's error code")
	dep := s.Export()
	assertCloudMatchesState(t, s, dep)
	for _, r := range dep.cloudResources() {
		assert.NotContains(t, r.URN, "::outside", "the refused subnet is not in the state")
	}

	require.NoError(t, run.Run(s, "destroy"))
	assert.Empty(t, s.CloudResources(), "destroy leaves nothing behind in moto")
}

// A bucket changed behind Pulumi's back, by calling AWS (moto) directly:
// refresh records it, orgiac report fails on it and names both controls, and
// the next up puts both settings back.
func TestDriftInTheCloudIsFoundAndRepaired(t *testing.T) {
	t.Parallel()
	s := newStack(t, "examples/yaml-secure-bucket")
	s.Init()
	require.NoError(t, cliRunner{}.Run(s, "up"))
	bucket := s.Export().one(t, tBucket).ID
	c := s.AWS.In(awsRegion).S3
	ctx := context.Background()

	_, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{
		Bucket:                  aws.String(bucket),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusSuspended},
	})
	require.NoError(t, err)
	_, err = c.DeletePublicAccessBlock(ctx, &s3.DeletePublicAccessBlockInput{Bucket: aws.String(bucket)})
	require.NoError(t, err)

	require.NoError(t, cliRunner{}.Run(s, "refresh"))
	export := filepath.Join(t.TempDir(), "drifted.json")
	require.NoError(t, os.WriteFile(export, []byte(s.MustPulumi("stack", "export", "--stack", s.Name)), 0o644))
	out, code := orgiacReport(t, export)
	assert.Equal(t, 1, code, "the drift fails the report:\n%s", out)
	assert.Contains(t, out, "s3-versioning")
	assert.Contains(t, out, "s3-public-access-block")

	require.NoError(t, cliRunner{}.Run(s, "up"))
	v, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(bucket)})
	require.NoError(t, err)
	assert.Equal(t, s3types.BucketVersioningStatusEnabled, v.Status, "the up turned versioning back on")
	pab, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(bucket)})
	require.NoError(t, err, "the up put the public access block back")
	assert.True(t, aws.ToBool(pab.PublicAccessBlockConfiguration.BlockPublicPolicy))

	require.NoError(t, cliRunner{}.Run(s, "up"))
	assertOnlyUnchanged(t, s.LastChanges(), "after the repair, an up changes nothing")
	require.NoError(t, cliRunner{}.Run(s, "destroy"))
	assert.Empty(t, s.CloudResources(), "destroy leaves nothing behind in moto")
}
