package aws

import (
	"encoding/json"
	"fmt"
	"maps"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgiac/pulumi-orgiac/internal/standards"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

func assumeRolePolicy(service string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",`+
		`"Principal":{"Service":%q},"Action":"sts:AssumeRole"}]}`, service)
}

func registerEksCluster(ctx *pulumi.Context, name string, args EksClusterArgs, plan eksPlan, comp *EksCluster) error {
	parent := pulumi.Parent(comp)
	tags := func(suffix string) pulumi.StringMapOutput {
		n := plan.ClusterName
		if suffix != "" {
			n += "-" + suffix
		}
		return settings.TagMap(standards.WithName(maps.Clone(plan.Tags), n), plan.SecretTags)
	}
	partition, err := aws.GetPartition(ctx, &aws.GetPartitionArgs{}, pulumi.Parent(comp))
	if err != nil {
		return fmt.Errorf("looking up the partition: %w", err)
	}
	region, err := aws.GetRegion(ctx, &aws.GetRegionArgs{}, pulumi.Parent(comp))
	if err != nil {
		return fmt.Errorf("looking up the region: %w", err)
	}
	policyArn := func(policy string) string {
		return fmt.Sprintf("arn:%s:iam::aws:policy/%s", partition.Partition, policy)
	}

	clusterRole, err := iam.NewRole(ctx, name+"-cluster", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(assumeRolePolicy("eks.amazonaws.com")),
		Description:      pulumi.Sprintf("The EKS control plane of %s (orgiac EksCluster).", plan.ClusterName),
		Tags:             tags("cluster"),
	}, parent)
	if err != nil {
		return fmt.Errorf("registering the cluster role: %w", err)
	}
	clusterPolicy, err := iam.NewRolePolicyAttachment(ctx, name+"-cluster-policy", &iam.RolePolicyAttachmentArgs{
		Role: clusterRole.Name, PolicyArn: pulumi.String(policyArn("AmazonEKSClusterPolicy")),
	}, parent)
	if err != nil {
		return fmt.Errorf("attaching the cluster policy: %w", err)
	}
	nodeRole, err := iam.NewRole(ctx, name+"-node", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(assumeRolePolicy("ec2.amazonaws.com")),
		Description:      pulumi.Sprintf("The worker nodes of %s (orgiac EksCluster).", plan.ClusterName),
		Tags:             tags("node"),
	}, parent)
	if err != nil {
		return fmt.Errorf("registering the node role: %w", err)
	}
	var nodePolicies []pulumi.Resource
	for _, p := range nodeRolePolicies {
		att, err := iam.NewRolePolicyAttachment(ctx, name+"-node-"+p, &iam.RolePolicyAttachmentArgs{
			Role: nodeRole.Name, PolicyArn: pulumi.String(policyArn(p)),
		}, parent)
		if err != nil {
			return fmt.Errorf("attaching %s to the node role: %w", p, err)
		}
		nodePolicies = append(nodePolicies, att)
	}

	keyArn := args.KmsKeyArn
	if plan.CreateKey {
		key, err := kms.NewKey(ctx, name+"-secrets", &kms.KeyArgs{
			Description:          pulumi.Sprintf("Encrypts the Kubernetes secrets of %s (orgiac EksCluster).", plan.ClusterName),
			EnableKeyRotation:    pulumi.Bool(true),
			DeletionWindowInDays: pulumi.Int(kmsKeyDeletionWindowDays),
			Tags:                 tags("secrets"),
		}, parent)
		if err != nil {
			return fmt.Errorf("registering the secrets key: %w", err)
		}
		if _, err := kms.NewAlias(ctx, name+"-secrets", &kms.AliasArgs{
			Name: pulumi.Sprintf("alias/%s-eks-secrets", plan.ClusterName), TargetKeyId: key.KeyId,
		}, parent); err != nil {
			return fmt.Errorf("registering the secrets key alias: %w", err)
		}
		keyArn = key.Arn
	}

	// The log group exists before the cluster, so retention applies from the
	// first log line and destroying the stack removes it.
	logGroup, err := cloudwatch.NewLogGroup(ctx, name+"-control-plane", &cloudwatch.LogGroupArgs{
		Name:            pulumi.Sprintf("/aws/eks/%s/cluster", plan.ClusterName),
		RetentionInDays: pulumi.Int(plan.LogRetention),
		Tags:            tags("control-plane"),
	}, parent)
	if err != nil {
		return fmt.Errorf("registering the control-plane log group: %w", err)
	}

	vpcConfig := &eks.ClusterVpcConfigArgs{
		SubnetIds:             args.SubnetIds,
		EndpointPrivateAccess: pulumi.Bool(plan.PrivateAccess),
		EndpointPublicAccess:  pulumi.Bool(plan.PublicAccess),
	}
	if plan.PublicAccess {
		vpcConfig.PublicAccessCidrs = pulumi.ToStringArray(plan.PublicCidrs)
	}
	if args.VpcId != nil {
		sg, err := ec2.NewSecurityGroup(ctx, name+"-control-plane", &ec2.SecurityGroupArgs{
			VpcId:       args.VpcId,
			Description: pulumi.Sprintf("Extra access to the %s API endpoint (orgiac EksCluster); no rules by default", plan.ClusterName),
			Tags:        tags("control-plane"),
		}, parent)
		if err != nil {
			return fmt.Errorf("registering the control-plane security group: %w", err)
		}
		vpcConfig.SecurityGroupIds = pulumi.StringArray{sg.ID()}
	}
	cluster, err := eks.NewCluster(ctx, name, &eks.ClusterArgs{
		Name:                   pulumi.String(plan.ClusterName),
		RoleArn:                clusterRole.Arn,
		Version:                pulumi.String(plan.Version),
		VpcConfig:              vpcConfig,
		EnabledClusterLogTypes: pulumi.ToStringArray(plan.LogTypes),
		EncryptionConfig: &eks.ClusterEncryptionConfigArgs{
			Resources: pulumi.StringArray{pulumi.String("secrets")},
			Provider:  &eks.ClusterEncryptionConfigProviderArgs{KeyArn: keyArn},
		},
		AccessConfig: &eks.ClusterAccessConfigArgs{
			AuthenticationMode:                      pulumi.String(plan.AuthMode),
			BootstrapClusterCreatorAdminPermissions: pulumi.Bool(false),
		},
		Tags: tags(""),
	}, parent, pulumi.DependsOn([]pulumi.Resource{logGroup, clusterPolicy}))
	if err != nil {
		return fmt.Errorf("registering the cluster: %w", err)
	}

	var nodeGroups []pulumi.Resource
	for _, g := range plan.NodeGroups {
		ng, err := registerNodeGroup(ctx, name, g, cluster, nodeRole, args.SubnetIds, tags, nodePolicies, parent)
		if err != nil {
			return err
		}
		nodeGroups = append(nodeGroups, ng)
	}

	issuer := cluster.Identities.Index(pulumi.Int(0)).Oidcs().Index(pulumi.Int(0)).Issuer().Elem()
	comp.OidcProviderArn = pulumi.String("").ToStringOutput()
	if plan.OIDC != nil {
		oidc, err := iam.NewOpenIdConnectProvider(ctx, name+"-oidc", &iam.OpenIdConnectProviderArgs{
			Url:             issuer,
			ClientIdLists:   pulumi.ToStringArray(plan.OIDC.ClientIDs),
			ThumbprintLists: pulumi.StringArray{pulumi.String(plan.OIDC.Thumbprint)},
			Tags:            tags("oidc"),
		}, parent)
		if err != nil {
			return fmt.Errorf("registering the OIDC provider: %w", err)
		}
		comp.OidcProviderArn = oidc.Arn
	}

	for i, e := range plan.AccessEntries {
		entry, err := eks.NewAccessEntry(ctx, fmt.Sprintf("%s-access-%d", name, i), &eks.AccessEntryArgs{
			ClusterName: cluster.Name, PrincipalArn: e.PrincipalArn, Type: pulumi.String("STANDARD"),
			Tags: tags("access"),
		}, parent)
		if err != nil {
			return fmt.Errorf("registering access entry %d: %w", i, err)
		}
		scope := &eks.AccessPolicyAssociationAccessScopeArgs{Type: pulumi.String("cluster")}
		if e.Scope == "namespaces" {
			scope = &eks.AccessPolicyAssociationAccessScopeArgs{
				Type: pulumi.String("namespace"), Namespaces: pulumi.ToStringArray(e.Namespaces),
			}
		}
		if _, err := eks.NewAccessPolicyAssociation(ctx, fmt.Sprintf("%s-access-%d", name, i), &eks.AccessPolicyAssociationArgs{
			ClusterName:  cluster.Name,
			PrincipalArn: e.PrincipalArn,
			PolicyArn:    pulumi.Sprintf("arn:%s:eks::aws:cluster-access-policy/%s", partition.Partition, e.AccessPolicy),
			AccessScope:  scope,
		}, parent, pulumi.DependsOn([]pulumi.Resource{entry})); err != nil {
			return fmt.Errorf("registering access policy %d: %w", i, err)
		}
	}

	for _, a := range plan.Addons {
		addonArgs := &eks.AddonArgs{
			ClusterName: cluster.Name, AddonName: pulumi.String(a.Name),
			ResolveConflictsOnUpdate: pulumi.String("OVERWRITE"), Tags: tags(a.Name),
		}
		if a.Version != "" {
			addonArgs.AddonVersion = pulumi.String(a.Version)
		}
		// coredns and friends need nodes to become healthy.
		if _, err := eks.NewAddon(ctx, name+"-"+a.Name, addonArgs, parent, pulumi.DependsOn(nodeGroups)); err != nil {
			return fmt.Errorf("registering the %s add-on: %w", a.Name, err)
		}
	}

	ca := cluster.CertificateAuthority.Data().Elem()
	comp.ClusterName = cluster.Name
	comp.ClusterArn = cluster.Arn
	comp.Endpoint = cluster.Endpoint
	comp.CertificateAuthorityData = ca
	comp.OidcIssuerUrl = issuer
	comp.ClusterSecurityGroupId = cluster.VpcConfig.ClusterSecurityGroupId().Elem()
	comp.NodeRoleArn = nodeRole.Arn
	comp.ClusterRoleArn = clusterRole.Arn
	comp.Kubeconfig = pulumi.ToSecret(pulumi.All(cluster.Name, cluster.Endpoint, ca).ApplyT(
		func(v []any) (string, error) {
			return kubeconfig(v[0].(string), v[1].(string), v[2].(string), region.Name)
		})).(pulumi.StringOutput)
	comp.Tags = settings.TagMap(plan.Tags, plan.SecretTags)
	return nil
}

func registerNodeGroup(ctx *pulumi.Context, name string, g nodeGroupPlan, cluster *eks.Cluster, nodeRole *iam.Role,
	subnets pulumi.StringArrayInput, tags func(string) pulumi.StringMapOutput, deps []pulumi.Resource, parent pulumi.ResourceOption,
) (*eks.NodeGroup, error) {
	lt, err := ec2.NewLaunchTemplate(ctx, name+"-"+g.Name, &ec2.LaunchTemplateArgs{
		Description: pulumi.Sprintf("Nodes of %s: IMDSv2 only, encrypted root volume (orgiac EksCluster).", g.Name),
		MetadataOptions: &ec2.LaunchTemplateMetadataOptionsArgs{
			HttpEndpoint:            pulumi.String("enabled"),
			HttpTokens:              pulumi.String("required"),
			HttpPutResponseHopLimit: pulumi.Int(1),
		},
		BlockDeviceMappings: ec2.LaunchTemplateBlockDeviceMappingArray{&ec2.LaunchTemplateBlockDeviceMappingArgs{
			DeviceName: pulumi.String("/dev/xvda"),
			Ebs: &ec2.LaunchTemplateBlockDeviceMappingEbsArgs{
				Encrypted: pulumi.String("true"), VolumeSize: pulumi.Int(g.DiskSizeGiB),
				VolumeType: pulumi.String("gp3"), DeleteOnTermination: pulumi.String("true"),
			},
		}},
		Tags: tags(g.Name),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("registering the launch template of node group %s: %w", g.Name, err)
	}
	var taints eks.NodeGroupTaintArray
	for _, t := range g.Taints {
		taints = append(taints, &eks.NodeGroupTaintArgs{Key: pulumi.String(t.Key), Value: pulumi.String(t.Value),
			Effect: pulumi.String(t.Effect)})
	}
	ng, err := eks.NewNodeGroup(ctx, name+"-"+g.Name, &eks.NodeGroupArgs{
		ClusterName:   cluster.Name,
		NodeGroupName: pulumi.String(g.Name),
		NodeRoleArn:   nodeRole.Arn,
		SubnetIds:     subnets,
		InstanceTypes: pulumi.ToStringArray(g.InstanceTypes),
		CapacityType:  pulumi.String(g.CapacityType),
		AmiType:       pulumi.String(g.AMIType),
		ScalingConfig: &eks.NodeGroupScalingConfigArgs{
			MinSize: pulumi.Int(g.Min), MaxSize: pulumi.Int(g.Max), DesiredSize: pulumi.Int(g.Desired),
		},
		Labels: pulumi.ToStringMap(g.Labels),
		Taints: taints,
		LaunchTemplate: &eks.NodeGroupLaunchTemplateArgs{
			Id: lt.ID(), Version: lt.LatestVersion.ApplyT(func(v int) string { return fmt.Sprint(v) }).(pulumi.StringOutput),
		},
		Tags: tags(g.Name),
	}, parent, pulumi.DependsOn(deps))
	if err != nil {
		return nil, fmt.Errorf("registering node group %s: %w", g.Name, err)
	}
	return ng, nil
}

// kubeconfig builds a kubeconfig that gets tokens from `aws eks get-token`,
// so it holds no credential itself; it is still a secret, because it names
// the endpoint and CA of a private cluster.
func kubeconfig(cluster, endpoint, ca, region string) (string, error) {
	doc := map[string]any{
		"apiVersion":      "v1",
		"kind":            "Config",
		"current-context": cluster,
		"clusters": []any{map[string]any{"name": cluster, "cluster": map[string]any{
			"server": endpoint, "certificate-authority-data": ca,
		}}},
		"contexts": []any{map[string]any{"name": cluster, "context": map[string]any{"cluster": cluster, "user": cluster}}},
		"users": []any{map[string]any{"name": cluster, "user": map[string]any{"exec": map[string]any{
			"apiVersion": "client.authentication.k8s.io/v1beta1",
			"command":    "aws",
			"args":       []string{"eks", "get-token", "--cluster-name", cluster, "--region", region, "--output", "json"},
		}}}},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return "", fmt.Errorf("encoding the kubeconfig: %w", err)
	}
	return string(b), nil
}
