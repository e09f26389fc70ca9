//go:build aws || azure

package main

// The aws SDK packages the orgiac plugin links (go list -deps ./cmd/pulumi-resource-orgiac).
import (
	_ "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	_ "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	_ "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	_ "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	_ "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	_ "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	_ "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
)
