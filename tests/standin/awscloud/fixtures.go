package awscloud

// What an emulated account holds before any test: the organization's access
// log bucket, which every SecureBucket delivers its server access logs to.

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// LogBucket is the organization log bucket the examples name
// (orgiac:loggingBucket), and LogRegion its region.
const (
	LogBucket = "acme-access-logs"
	LogRegion = "us-west-2"
)

// LogBucketFor is the log bucket of an account. Access logs go to a bucket
// of the same account and region (in AWS, and in moto), and bucket names
// are global, so each test account has its own; the default account's is
// the examples' LogBucket.
func LogBucketFor(account string) string {
	if account == "" || account == DefaultAccount {
		return LogBucket
	}
	return LogBucket + "-" + account
}

// PrepareFixtures creates the log bucket of api's account, with the bucket
// policy that lets S3 deliver access logs: AWS (and moto) refuse to turn
// logging on towards a bucket that does not grant it. moto also parses the
// statements in order and fails on a string Principal before the logging
// one, so the logging statement comes first.
func PrepareFixtures(ctx context.Context, api *API) error {
	c := api.In(LogRegion)
	LogBucket := LogBucketFor(api.Account())
	_, err := c.S3.CreateBucket(ctx, &s3.CreateBucketInput{
		Bucket: aws.String(LogBucket),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{
			LocationConstraint: s3types.BucketLocationConstraint(LogRegion),
		},
	})
	if err != nil && !hasCode(err, "BucketAlreadyOwnedByYou") {
		return fmt.Errorf("creating the log bucket %s: %w", LogBucket, err)
	}
	policy := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"S3ServerAccessLogs","Effect":"Allow",`+
		`"Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::%s/*"}]}`,
		LogBucket)
	if _, err := c.S3.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{
		Bucket: aws.String(LogBucket), Policy: aws.String(policy),
	}); err != nil {
		return fmt.Errorf("granting log delivery on %s: %w", LogBucket, err)
	}
	return nil
}
