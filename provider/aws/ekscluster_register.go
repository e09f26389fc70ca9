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

// eksRegistrar registers one cluster's resources, part by part, in the order
// they depend on each other.
type eksRegistrar struct {
	ctx       *pulumi.Context
	name      string
	args      EksClusterArgs
	plan      eksPlan
	parent    pulumi.ResourceOption
	partition string
}

// tags are the cluster's tags, named <cluster>-<suffix>.
func (r eksRegistrar) tags(suffix string) pulumi.StringMapOutput {
	n := r.plan.ClusterName
	if suffix != "" {
		n += "-" + suffix
	}
	return settings.TagMap(standards.WithName(maps.Clone(r.plan.Tags), n), r.plan.SecretTags)
}

func (r eksRegistrar) policyArn(policy string) string {
	return fmt.Sprintf("arn:%s:iam::aws:policy/%s", r.partition, policy)
}

func registerEksCluster(ctx *pulumi.Context, name string, args EksClusterArgs, plan eksPlan, comp *EksCluster) error {
	partition, err := aws.GetPartition(ctx, &aws.GetPartitionArgs{}, pulumi.Parent(comp))
	if err != nil {
		return fmt.Errorf("looking up the partition: %w", err)
	}
	region, err := aws.GetRegion(ctx, &aws.GetRegionArgs{}, pulumi.Parent(comp))
	if err != nil {
		return fmt.Errorf("looking up the region: %w", err)
	}
	r := eksRegistrar{ctx: ctx, name: name, args: args, plan: plan, parent: pulumi.Parent(comp),
		partition: partition.Partition}

	roles, err := r.roles()
	if err != nil {
		return err
	}
	cluster, err := r.controlPlane(roles)
	if err != nil {
		return err
	}
	var nodeGroups []pulumi.Resource
	for _, g := range plan.NodeGroups {
		ng, err := registerNodeGroup(ctx, name, g, cluster, roles.node, args.SubnetIds, r.tags, roles.nodePolicies, r.parent)
		if err != nil {
			return err
		}
		nodeGroups = append(nodeGroups, ng)
	}
	issuer := cluster.Identities.Index(pulumi.Int(0)).Oidcs().Index(pulumi.Int(0)).Issuer().Elem()
	if comp.OidcProviderArn, err = r.oidcProvider(issuer); err != nil {
		return err
	}
	if err := r.accessEntries(cluster); err != nil {
		return err
	}
	if err := r.addons(cluster, nodeGroups); err != nil {
		return err
	}

	ca := cluster.CertificateAuthority.Data().Elem()
	comp.ClusterName = cluster.Name
	comp.ClusterArn = cluster.Arn
	comp.Endpoint = cluster.Endpoint
	comp.CertificateAuthorityData = ca
	comp.OidcIssuerUrl = issuer
	comp.ClusterSecurityGroupId = cluster.VpcConfig.ClusterSecurityGroupId().Elem()
	comp.NodeRoleArn = roles.node.Arn
	comp.ClusterRoleArn = roles.cluster.Arn
	comp.Kubeconfig = pulumi.ToSecret(pulumi.All(cluster.Name, cluster.Endpoint, ca).ApplyT(
		func(v []any) (string, error) {
			return kubeconfig(v[0].(string), v[1].(string), v[2].(string), region.Name)
		})).(pulumi.StringOutput)
	comp.Tags = settings.TagMap(plan.Tags, plan.SecretTags)
	return nil
}

// eksRoles are the control plane's and the nodes' IAM roles, with the
// attachments the cluster and the node groups wait for.
type eksRoles struct {
	cluster, node *iam.Role
	clusterPolicy pulumi.Resource
	nodePolicies  []pulumi.Resource
}

func (r eksRegistrar) roles() (eksRoles, error) {
	var roles eksRoles
	var err error
	roles.cluster, err = iam.NewRole(r.ctx, r.name+"-cluster", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(assumeRolePolicy("eks.amazonaws.com")),
		Description:      pulumi.Sprintf("The EKS control plane of %s (orgiac EksCluster).", r.plan.ClusterName),
		Tags:             r.tags("cluster"),
	}, r.parent)
	if err != nil {
		return roles, fmt.Errorf("registering the cluster role: %w", err)
	}
	roles.clusterPolicy, err = iam.NewRolePolicyAttachment(r.ctx, r.name+"-cluster-policy", &iam.RolePolicyAttachmentArgs{
		Role: roles.cluster.Name, PolicyArn: pulumi.String(r.policyArn("AmazonEKSClusterPolicy")),
	}, r.parent)
	if err != nil {
		return roles, fmt.Errorf("attaching the cluster policy: %w", err)
	}
	roles.node, err = iam.NewRole(r.ctx, r.name+"-node", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(assumeRolePolicy("ec2.amazonaws.com")),
		Description:      pulumi.Sprintf("The worker nodes of %s (orgiac EksCluster).", r.plan.ClusterName),
		Tags:             r.tags("node"),
	}, r.parent)
	if err != nil {
		return roles, fmt.Errorf("registering the node role: %w", err)
	}
	for _, p := range nodeRolePolicies {
		att, err := iam.NewRolePolicyAttachment(r.ctx, r.name+"-node-"+p, &iam.RolePolicyAttachmentArgs{
			Role: roles.node.Name, PolicyArn: pulumi.String(r.policyArn(p)),
		}, r.parent)
		if err != nil {
			return roles, fmt.Errorf("attaching %s to the node role: %w", p, err)
		}
		roles.nodePolicies = append(roles.nodePolicies, att)
	}
	return roles, nil
}

// secretsKey is the key the cluster encrypts Kubernetes secrets with: the
// one given, or one made for the cluster.
func (r eksRegistrar) secretsKey() (pulumi.StringInput, error) {
	if !r.plan.CreateKey {
		return r.args.KmsKeyArn, nil
	}
	key, err := kms.NewKey(r.ctx, r.name+"-secrets", &kms.KeyArgs{
		Description:          pulumi.Sprintf("Encrypts the Kubernetes secrets of %s (orgiac EksCluster).", r.plan.ClusterName),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(kmsKeyDeletionWindowDays),
		Tags:                 r.tags("secrets"),
	}, r.parent)
	if err != nil {
		return nil, fmt.Errorf("registering the secrets key: %w", err)
	}
	if _, err := kms.NewAlias(r.ctx, r.name+"-secrets", &kms.AliasArgs{
		Name: pulumi.Sprintf("alias/%s-eks-secrets", r.plan.ClusterName), TargetKeyId: key.KeyId,
	}, r.parent); err != nil {
		return nil, fmt.Errorf("registering the secrets key alias: %w", err)
	}
	return key.Arn, nil
}

// controlPlane registers the secrets key, the control-plane log group and
// security group, and the cluster.
func (r eksRegistrar) controlPlane(roles eksRoles) (*eks.Cluster, error) {
	keyArn, err := r.secretsKey()
	if err != nil {
		return nil, err
	}
	// The log group exists before the cluster, so retention applies from the
	// first log line and destroying the stack removes it.
	logGroup, err := cloudwatch.NewLogGroup(r.ctx, r.name+"-control-plane", &cloudwatch.LogGroupArgs{
		Name:            pulumi.Sprintf("/aws/eks/%s/cluster", r.plan.ClusterName),
		RetentionInDays: pulumi.Int(r.plan.LogRetention),
		Tags:            r.tags("control-plane"),
	}, r.parent)
	if err != nil {
		return nil, fmt.Errorf("registering the control-plane log group: %w", err)
	}

	vpcConfig := &eks.ClusterVpcConfigArgs{
		SubnetIds:             r.args.SubnetIds,
		EndpointPrivateAccess: pulumi.Bool(r.plan.PrivateAccess),
		EndpointPublicAccess:  pulumi.Bool(r.plan.PublicAccess),
	}
	if r.plan.PublicAccess {
		vpcConfig.PublicAccessCidrs = pulumi.ToStringArray(r.plan.PublicCidrs)
	}
	if r.args.VpcId != nil {
		sg, err := ec2.NewSecurityGroup(r.ctx, r.name+"-control-plane", &ec2.SecurityGroupArgs{
			VpcId:       r.args.VpcId,
			Description: pulumi.Sprintf("Extra access to the %s API endpoint (orgiac EksCluster); no rules by default", r.plan.ClusterName),
			Tags:        r.tags("control-plane"),
		}, r.parent)
		if err != nil {
			return nil, fmt.Errorf("registering the control-plane security group: %w", err)
		}
		vpcConfig.SecurityGroupIds = pulumi.StringArray{sg.ID()}
	}
	cluster, err := eks.NewCluster(r.ctx, r.name, &eks.ClusterArgs{
		Name:                   pulumi.String(r.plan.ClusterName),
		RoleArn:                roles.cluster.Arn,
		Version:                pulumi.String(r.plan.Version),
		VpcConfig:              vpcConfig,
		EnabledClusterLogTypes: pulumi.ToStringArray(r.plan.LogTypes),
		EncryptionConfig: &eks.ClusterEncryptionConfigArgs{
			Resources: pulumi.StringArray{pulumi.String("secrets")},
			Provider:  &eks.ClusterEncryptionConfigProviderArgs{KeyArn: keyArn},
		},
		AccessConfig: &eks.ClusterAccessConfigArgs{
			AuthenticationMode:                      pulumi.String(r.plan.AuthMode),
			BootstrapClusterCreatorAdminPermissions: pulumi.Bool(false),
		},
		Tags: r.tags(""),
	}, r.parent, pulumi.DependsOn([]pulumi.Resource{logGroup, roles.clusterPolicy}))
	if err != nil {
		return nil, fmt.Errorf("registering the cluster: %w", err)
	}
	return cluster, nil
}

// oidcProvider registers the IAM OIDC provider for the cluster's issuer when
// the plan asks for one; its ARN, or "".
func (r eksRegistrar) oidcProvider(issuer pulumi.StringOutput) (pulumi.StringOutput, error) {
	if r.plan.OIDC == nil {
		return pulumi.String("").ToStringOutput(), nil
	}
	oidc, err := iam.NewOpenIdConnectProvider(r.ctx, r.name+"-oidc", &iam.OpenIdConnectProviderArgs{
		Url:             issuer,
		ClientIdLists:   pulumi.ToStringArray(r.plan.OIDC.ClientIDs),
		ThumbprintLists: pulumi.StringArray{pulumi.String(r.plan.OIDC.Thumbprint)},
		Tags:            r.tags("oidc"),
	}, r.parent)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("registering the OIDC provider: %w", err)
	}
	return oidc.Arn, nil
}

// accessEntries registers each access entry with its access policy.
func (r eksRegistrar) accessEntries(cluster *eks.Cluster) error {
	for i, e := range r.plan.AccessEntries {
		entry, err := eks.NewAccessEntry(r.ctx, fmt.Sprintf("%s-access-%d", r.name, i), &eks.AccessEntryArgs{
			ClusterName: cluster.Name, PrincipalArn: e.PrincipalArn, Type: pulumi.String("STANDARD"),
			Tags: r.tags("access"),
		}, r.parent)
		if err != nil {
			return fmt.Errorf("registering access entry %d: %w", i, err)
		}
		scope := &eks.AccessPolicyAssociationAccessScopeArgs{Type: pulumi.String("cluster")}
		if e.Scope == "namespaces" {
			scope = &eks.AccessPolicyAssociationAccessScopeArgs{
				Type: pulumi.String("namespace"), Namespaces: pulumi.ToStringArray(e.Namespaces),
			}
		}
		if _, err := eks.NewAccessPolicyAssociation(r.ctx, fmt.Sprintf("%s-access-%d", r.name, i), &eks.AccessPolicyAssociationArgs{
			ClusterName:  cluster.Name,
			PrincipalArn: e.PrincipalArn,
			PolicyArn:    pulumi.Sprintf("arn:%s:eks::aws:cluster-access-policy/%s", r.partition, e.AccessPolicy),
			AccessScope:  scope,
		}, r.parent, pulumi.DependsOn([]pulumi.Resource{entry})); err != nil {
			return fmt.Errorf("registering access policy %d: %w", i, err)
		}
	}
	return nil
}

// addons registers the cluster's add-ons once its node groups exist:
// coredns and friends need nodes to become healthy.
func (r eksRegistrar) addons(cluster *eks.Cluster, nodeGroups []pulumi.Resource) error {
	for _, a := range r.plan.Addons {
		addonArgs := &eks.AddonArgs{
			ClusterName: cluster.Name, AddonName: pulumi.String(a.Name),
			ResolveConflictsOnUpdate: pulumi.String("OVERWRITE"), Tags: r.tags(a.Name),
		}
		if a.Version != "" {
			addonArgs.AddonVersion = pulumi.String(a.Version)
		}
		if _, err := eks.NewAddon(r.ctx, r.name+"-"+a.Name, addonArgs, r.parent, pulumi.DependsOn(nodeGroups)); err != nil {
			return fmt.Errorf("registering the %s add-on: %w", a.Name, err)
		}
	}
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
