package index

import (
	"fmt"
	"slices"
	"strings"

	awssdk "github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	azurenative "github.com/pulumi/pulumi-azure-native-sdk/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgiac/pulumi-orgiac/internal/config"
	"github.com/orgiac/pulumi-orgiac/provider/aws"
)

// builder registers a Deployment's prepared modules and collects their
// outputs.
type builder struct {
	ctx    *pulumi.Context
	name   string
	config config.DeploymentConfig
	comp   *Deployment

	awsProvider   *awssdk.Provider
	azureProvider *azurenative.Provider
	azureGroup    pulumi.StringInput // the azure.vnet module's resource group
	// The network the EKS clusters are built on: the aws.vpc module's VPC,
	// or the network of the stack aws.vpc.stack names.
	vpcID          pulumi.StringInput
	privateSubnets pulumi.StringArrayInput
	// network is the StackReference of aws.vpc.stack: every aws module
	// depends on it.
	network *pulumi.StackReference

	outputs                     pulumi.Map
	clusters, buckets, accounts pulumi.Map
	kubeconfigs                 pulumi.StringMap
}

// registerDeployment registers the prepared modules in build order and sets
// the Deployment's outputs.
func registerDeployment(ctx *pulumi.Context, name string, _ knownArgs, build deploymentBuild, comp *Deployment) error {
	b := &builder{ctx: ctx, name: name, config: build.Config, comp: comp,
		outputs: pulumi.Map{}, clusters: pulumi.Map{}, buckets: pulumi.Map{}, accounts: pulumi.Map{},
		kubeconfigs: pulumi.StringMap{}}
	if n := build.Network; n != nil {
		b.network = n.ref.ref
		b.vpcID, b.privateSubnets = pulumi.String(n.VpcId), pulumi.ToStringArray(n.PrivateSubnetIds)
		b.outputs[ModAWSVPC] = pulumi.Map{
			"stack": pulumi.String(n.ref.Stack), "vpcId": pulumi.String(n.VpcId), "cidrBlock": pulumi.String(n.CidrBlock),
			"publicSubnetIds": pulumi.ToStringArray(n.PublicSubnetIds), "privateSubnetIds": pulumi.ToStringArray(n.PrivateSubnetIds),
			"isolatedSubnetIds": pulumi.ToStringArray(n.IsolatedSubnetIds),
		}
	}
	for _, s := range build.Steps {
		if err := s.register(b); err != nil {
			return fmt.Errorf("building %s %q: %w", deploymentToken, name, err)
		}
	}
	for id, m := range map[string]pulumi.Map{ModAWSEKS: b.clusters, ModAWSS3: b.buckets, ModAzureStorage: b.accounts} {
		if slices.Contains(build.Order, id) {
			b.outputs[id] = m
		}
	}
	comp.Modules = b.outputs.ToMapOutput()
	comp.DeploymentOrder = pulumi.ToStringArray(build.Order).ToStringArrayOutput()
	comp.Kubeconfigs = pulumi.ToSecret(b.kubeconfigs.ToStringMapOutput()).(pulumi.StringMapOutput)
	return nil
}

// The component inputs each module's entries become. They are computed once
// for the check and again for the build, from the same functions.
func vpcArgs(c *config.VPCConfig) aws.SecureVpcArgs {
	return aws.SecureVpcArgs{
		CidrBlock:                 c.CidrBlock,
		InstanceTenancy:           c.InstanceTenancy,
		EnableDnsSupport:          c.EnableDNSSupport,
		EnableDnsHostnames:        c.EnableDNSHostnames,
		NumberOfAvailabilityZones: c.AvailabilityZones,
		NatGateways:               c.NatGateways,
	}
}

func clusterArgs(c config.ClusterConfig, oidc *config.OIDCProviderConfig) aws.EksClusterArgs {
	args := aws.EksClusterArgs{
		Version:               c.Version,
		EndpointPrivateAccess: c.EndpointPrivateAccess,
		EndpointPublicAccess:  c.EndpointPublicAccess,
		PublicAccessCidrs:     c.PublicAccessCidrs,
	}
	if len(c.SubnetIDs) > 0 {
		args.SubnetIds = pulumi.ToStringArray(c.SubnetIDs)
	}
	for _, g := range c.NodeGroups {
		types := g.InstanceTypes
		if g.InstanceType != "" {
			types = []string{g.InstanceType}
		}
		args.NodeGroups = append(args.NodeGroups, aws.EksNodeGroup{
			Name: g.Name, InstanceTypes: types, MinSize: g.MinSize, MaxSize: g.MaxSize, DesiredSize: g.DesiredSize,
			DiskSizeGiB: g.DiskSize, CapacityType: g.CapacityType,
		})
	}
	if oidc != nil {
		p := &aws.EksOidcProvider{Enabled: oidc.Enabled, Thumbprint: oidc.Thumbprint}
		for _, id := range []string{oidc.ClientID, oidc.Audience} {
			if id != "" && !contains(p.ClientIds, id) {
				p.ClientIds = append(p.ClientIds, id)
			}
		}
		args.OidcProvider = p
	}
	return args
}

func bucketArgs(b config.BucketConfig) aws.SecureBucketArgs {
	return aws.SecureBucketArgs{BucketName: b.BucketName, Versioning: b.Versioning, ForceDestroy: b.ForceDestroy, Tags: b.Tags}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// awsOpts parents a module to the Deployment and gives it the explicit aws
// provider built from the section's region, profile, credentials and tags.
func (b *builder) awsOpts() ([]pulumi.ResourceOption, error) {
	if b.awsProvider == nil {
		a := b.config.AWS
		args := &awssdk.ProviderArgs{
			Region:      pulumi.StringPtr(a.Region),
			DefaultTags: &awssdk.ProviderDefaultTagsArgs{Tags: pulumi.ToStringMap(interpolate(a.Tags, b.config.Project))},
		}
		if a.Profile != "" {
			args.Profile = pulumi.StringPtr(a.Profile)
		}
		if c := a.Credentials; c != nil {
			// Credentials are secrets in the state and never reach a tag,
			// a log or the compliance report.
			args.AccessKey = secretPtr(c.AccessKeyID)
			args.SecretKey = secretPtr(c.SecretAccessKey)
			args.Token = secretPtr(c.SessionToken)
		}
		p, err := awssdk.NewProvider(b.ctx, b.name+"-aws", args, pulumi.Parent(b.comp))
		if err != nil {
			return nil, fmt.Errorf("registering the aws provider: %w", err)
		}
		b.awsProvider = p
	}
	opts := []pulumi.ResourceOption{pulumi.Parent(b.comp), pulumi.Providers(b.awsProvider)}
	if b.network != nil {
		opts = append(opts, pulumi.DependsOn([]pulumi.Resource{b.network}))
	}
	return opts, nil
}

func secretPtr(v string) pulumi.StringPtrInput {
	if v == "" {
		return nil
	}
	return pulumi.ToSecret(pulumi.String(v)).(pulumi.StringOutput).ToStringPtrOutput()
}

// interpolate fills ${project:name} and ${project:environment} in tag values.
func interpolate(tags map[string]string, p config.ProjectConfig) map[string]string {
	r := strings.NewReplacer("${project:name}", p.Name, "${project:environment}", p.Environment)
	out := make(map[string]string, len(tags))
	for k, v := range tags {
		out[k] = r.Replace(v)
	}
	return out
}
