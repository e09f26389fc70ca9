package index

import (
	"fmt"
	"strings"

	awssdk "github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	azurenative "github.com/pulumi/pulumi-azure-native-sdk/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/config"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
	"github.com/orgiac/pulumi-orgiac/provider/aws"
	"github.com/orgiac/pulumi-orgiac/provider/nested"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

// builder builds a Deployment's modules and collects their outputs and
// compliance reports.
type builder struct {
	ctx  *pulumi.Context
	name string
	cfg  settings.Resolved
	plan deploymentPlan
	comp *Deployment

	awsProvider   *awssdk.Provider
	azureProvider *azurenative.Provider
	azureGroup    pulumi.StringInput // the azure.vnet module's resource group
	vpc           *aws.SecureVpc
	outputs       pulumi.Map
	kubeconfigs   pulumi.StringMap
	reports       []compliance.Report
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

// check runs every module's own validation, so one bad bucket fails the
// Deployment before its VPC is created. Paths name the configuration entry.
func (b *builder) check() problem.List {
	var probs problem.List
	a := b.plan.Config.AWS
	for _, id := range b.plan.Order {
		switch id {
		case ModAWSVPC:
			probs.Merge("aws.vpc", aws.CheckSecureVpc("vpc", vpcArgs(a.VPC), b.cfg))
		case ModAWSEKS:
			for i, c := range a.EKS.Clusters {
				args := clusterArgs(c, a.OIDCProvider)
				if args.SubnetIds == nil {
					// The VPC's subnets are not known yet; stand in a
					// non-empty placeholder so only what is known is judged.
					args.SubnetIds = pulumi.StringArray{pulumi.String("subnet-from-aws.vpc")}
				}
				probs.Merge(fmt.Sprintf("aws.eks.clusters[%d]", i), aws.CheckEksCluster(c.Name, args, b.cfg))
			}
		case ModAWSS3:
			for i, bk := range a.S3.Buckets {
				probs.Merge(fmt.Sprintf("aws.s3.buckets[%d]", i), aws.CheckSecureBucket(bk.Name, bucketArgs(bk), b.cfg))
			}
		case ModAzureVNet, ModAzureStorage:
			probs.Merge("", b.checkAzure(id))
		}
	}
	if a != nil && a.Enabled {
		tags := interpolate(a.Tags, b.plan.Config.Project)
		probs.Merge("", standards.ValidateAWSTags("aws.tags", tags))
	}
	return probs
}

func (b *builder) build() error {
	b.outputs = pulumi.Map{}
	b.kubeconfigs = pulumi.StringMap{}
	for _, id := range b.plan.Order {
		var err error
		switch id {
		case ModAWSVPC:
			err = b.buildVPC()
		case ModAWSEKS:
			err = b.buildEKS()
		case ModAWSS3:
			err = b.buildS3()
		case ModAzureVNet:
			err = b.buildVNet()
		case ModAzureStorage:
			err = b.buildStorage()
		default:
			err = fmt.Errorf("module %s is planned but has no builder; this is a bug in orgiac", id)
		}
		if err != nil {
			return fmt.Errorf("building module %s: %w", id, err)
		}
	}
	return nil
}

// awsOpts parents a module to the Deployment and gives it the explicit aws
// provider built from the section's region, profile, credentials and tags.
func (b *builder) awsOpts() ([]pulumi.ResourceOption, error) {
	if b.awsProvider == nil {
		a := b.plan.Config.AWS
		args := &awssdk.ProviderArgs{
			Region:      pulumi.StringPtr(a.Region),
			DefaultTags: &awssdk.ProviderDefaultTagsArgs{Tags: pulumi.ToStringMap(interpolate(a.Tags, b.plan.Config.Project))},
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
	return []pulumi.ResourceOption{pulumi.Parent(b.comp), pulumi.Providers(b.awsProvider)}, nil
}

func secretPtr(v string) pulumi.StringPtrInput {
	if v == "" {
		return nil
	}
	return pulumi.ToSecret(pulumi.String(v)).(pulumi.StringOutput).ToStringPtrOutput()
}

func (b *builder) buildVPC() error {
	opts, err := b.awsOpts()
	if err != nil {
		return err
	}
	vpc, report, err := aws.BuildSecureVpc(b.ctx, "vpc", vpcArgs(b.plan.Config.AWS.VPC), b.cfg, problem.List{}, opts...)
	if err != nil {
		return err
	}
	if err := nested.RegisterOutputs(b.ctx, vpc); err != nil {
		return err
	}
	b.vpc = vpc
	b.reports = append(b.reports, report)
	b.outputs[ModAWSVPC] = pulumi.Map{
		"vpcId": vpc.VpcId, "cidrBlock": vpc.CidrBlock, "publicSubnetIds": vpc.PublicSubnetIds,
		"privateSubnetIds": vpc.PrivateSubnetIds, "isolatedSubnetIds": vpc.IsolatedSubnetIds,
	}
	return nil
}

func (b *builder) buildEKS() error {
	opts, err := b.awsOpts()
	if err != nil {
		return err
	}
	a := b.plan.Config.AWS
	clusters := pulumi.Map{}
	for _, c := range a.EKS.Clusters {
		args := clusterArgs(c, a.OIDCProvider)
		if args.SubnetIds == nil {
			args.SubnetIds = b.vpc.PrivateSubnetIds
			args.VpcId = b.vpc.VpcId
		}
		cluster, report, err := aws.BuildEksCluster(b.ctx, c.Name, args, b.cfg, problem.List{}, opts...)
		if err != nil {
			return err
		}
		if err := nested.RegisterOutputs(b.ctx, cluster); err != nil {
			return err
		}
		b.reports = append(b.reports, report)
		clusters[c.Name] = pulumi.Map{
			"clusterName": cluster.ClusterName, "clusterArn": cluster.ClusterArn, "endpoint": cluster.Endpoint,
			"oidcProviderArn": cluster.OidcProviderArn,
		}
		b.kubeconfigs[c.Name] = cluster.Kubeconfig
	}
	b.outputs[ModAWSEKS] = clusters
	return nil
}

func (b *builder) buildS3() error {
	opts, err := b.awsOpts()
	if err != nil {
		return err
	}
	buckets := pulumi.Map{}
	for _, bk := range b.plan.Config.AWS.S3.Buckets {
		bucket, report, err := aws.BuildSecureBucket(b.ctx, bk.Name, bucketArgs(bk), b.cfg, problem.List{}, opts...)
		if err != nil {
			return err
		}
		if err := nested.RegisterOutputs(b.ctx, bucket); err != nil {
			return err
		}
		b.reports = append(b.reports, report)
		buckets[bk.Name] = pulumi.Map{"bucketName": bucket.BucketName, "bucketArn": bucket.BucketArn}
	}
	b.outputs[ModAWSS3] = buckets
	return nil
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
