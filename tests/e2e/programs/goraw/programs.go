// Package main holds Go programs that declare raw aws resources next to
// orgiac components. The YAML host cannot declare raw aws:* resources against
// the stand-in (it reads their types from the provider's schema, which the
// stand-in does not serve), so these programs run inline through the
// Automation API; E2E_PROGRAM picks one.
package main

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgiac/pulumi-orgiac/sdk/go/orgiac/aws"
)

var programs = map[string]pulumi.RunFunc{
	"raw-subnet":  rawSubnet,
	"policy-pack": policyPack,
}

// policyPack is an orgiac SecureBucket and, beside it, what an application
// team might write instead: a raw bucket with no versioning, no encryption
// and no public access block, and a raw security group open to the world on
// port 22.
func policyPack(ctx *pulumi.Context) error {
	if _, err := aws.NewSecureBucket(ctx, "artifacts", &aws.SecureBucketArgs{
		ForceDestroy: pulumi.BoolRef(true),
		Tags:         pulumi.StringMap{"DataClassification": pulumi.String("internal")},
	}); err != nil {
		return fmt.Errorf("declaring the SecureBucket: %w", err)
	}
	if _, err := s3.NewBucketV2(ctx, "raw-bucket", &s3.BucketV2Args{
		Bucket: pulumi.String("acme-raw-bucket-" + ctx.Stack()), ForceDestroy: pulumi.Bool(true),
	}); err != nil {
		return fmt.Errorf("declaring the raw bucket: %w", err)
	}
	if _, err := ec2.NewSecurityGroup(ctx, "raw-ssh", &ec2.SecurityGroupArgs{
		Description: pulumi.String("ssh from anywhere"),
		Ingress: ec2.SecurityGroupIngressArray{ec2.SecurityGroupIngressArgs{
			Protocol: pulumi.String("tcp"), FromPort: pulumi.Int(22), ToPort: pulumi.Int(22),
			CidrBlocks: pulumi.StringArray{pulumi.String("0.0.0.0/0")},
		}},
	}); err != nil {
		return fmt.Errorf("declaring the raw security group: %w", err)
	}
	return nil
}

// rawSubnet is a SecureVpc of 10.40.0.0/16 and, beside it, a raw subnet
// whose CIDR lies outside the VPC. Nothing in orgiac or Pulumi knows the
// VPC's range when the subnet is planned; only AWS's own rule refuses it.
func rawSubnet(ctx *pulumi.Context) error {
	net, err := aws.NewSecureVpc(ctx, "net", &aws.SecureVpcArgs{
		CidrBlock:                 pulumi.StringRef("10.40.0.0/16"),
		NumberOfAvailabilityZones: pulumi.IntRef(1),
		NatGateways:               pulumi.StringRef("none"),
		GatewayEndpoints:          pulumi.StringArray{},
		SubnetSpecs:               aws.SubnetSpecArray{aws.SubnetSpecArgs{Type: pulumi.String("private"), CidrMask: pulumi.Int(24)}},
	})
	if err != nil {
		return fmt.Errorf("declaring the SecureVpc: %w", err)
	}
	if _, err := ec2.NewSubnet(ctx, "outside", &ec2.SubnetArgs{
		VpcId:     net.VpcId,
		CidrBlock: pulumi.String("10.99.0.0/24"),
	}); err != nil {
		return fmt.Errorf("declaring the raw subnet: %w", err)
	}
	ctx.Export("vpcId", net.VpcId)
	return nil
}
