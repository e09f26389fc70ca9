package main

import (
	"github.com/orgiac/pulumi-orgiac/sdk/go/orgiac/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// program is the whole stack: versioned, KMS-encrypted, private, TLS-only and
// access-logged by default, so the team only says what is specific to it.
func program(ctx *pulumi.Context) error {
	artifacts, err := aws.NewSecureBucket(ctx, "artifacts", &aws.SecureBucketArgs{
		Tags: pulumi.StringMap{"DataClassification": pulumi.String("internal")},
	})
	if err != nil {
		return err
	}
	ctx.Export("bucketName", artifacts.BucketName)
	ctx.Export("bucketArn", artifacts.BucketArn)
	ctx.Export("bucketRegionalDomainName", artifacts.BucketRegionalDomainName)
	ctx.Export("kmsKeyArn", artifacts.KmsKeyArn)
	ctx.Export("tags", artifacts.Tags)
	return nil
}
