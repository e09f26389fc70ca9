package main

import (
	"github.com/orgiac/pulumi-orgiac/sdk/go/orgiac/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func program(ctx *pulumi.Context) error {
	yes := true
	network, err := aws.NewNetworkStack(ctx, "network", &aws.NetworkStackArgs{
		Vpc: &aws.NetworkStackVpcArgs{
			CidrBlock: pulumi.String("10.0.0.0/16"),
			SubnetSpecs: aws.SubnetSpecArray{
				&aws.SubnetSpecArgs{Type: pulumi.String("public"), EksDiscovery: pulumi.BoolPtr(true)},
				&aws.SubnetSpecArgs{Type: pulumi.String("private"), EksDiscovery: pulumi.BoolPtr(true)},
				&aws.SubnetSpecArgs{Type: pulumi.String("isolated")},
			},
		},
		SsmEndpoints: &yes,
	})
	if err != nil {
		return err
	}
	cluster, err := aws.NewEksCluster(ctx, "example-cluster", &aws.EksClusterArgs{
		VpcId:     network.VpcId,
		SubnetIds: network.PrivateSubnetIds,
		Version:   pulumi.StringRef("1.31"),
		NodeGroups: aws.EksNodeGroupArray{&aws.EksNodeGroupArgs{
			Name:          pulumi.String("standard-workers"),
			InstanceTypes: pulumi.ToStringArray([]string{"m5.large"}),
			MinSize:       pulumi.Int(1),
			MaxSize:       pulumi.Int(5),
			DesiredSize:   pulumi.Int(3),
		}},
	})
	if err != nil {
		return err
	}
	ctx.Export("clusterName", cluster.ClusterName)
	ctx.Export("endpoint", cluster.Endpoint)
	ctx.Export("oidcProviderArn", cluster.OidcProviderArn)
	ctx.Export("oidcIssuerUrl", cluster.OidcIssuerUrl)
	ctx.Export("kubeconfig", cluster.Kubeconfig)
	return nil
}
