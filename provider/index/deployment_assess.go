package index

// The assessment of a Deployment: the configuration decoded and planned,
// and every module's components prepared, before anything is registered.

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/config"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
	"github.com/orgiac/pulumi-orgiac/provider/aws"
	"github.com/orgiac/pulumi-orgiac/provider/lifecycle"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

// deploymentBuild is what a Deployment decided: the modules in build order,
// each a list of prepared components.
type deploymentBuild struct {
	Config config.DeploymentConfig
	Order  []string
	Steps  []step
	// Network is the network read from aws.vpc.stack; nil when the
	// Deployment creates its own VPC or has none.
	Network *builtOn
}

// builtOn is a checked network of another stack, and its StackReference.
type builtOn struct {
	aws.NetworkOutputs
	ref *networkRef
}

// step is one prepared component of a module: its compliance report, and
// how to register it once the modules before it exist.
type step struct {
	report   compliance.Report
	register func(b *builder) error
}

// assessDeployment decodes and plans the configuration, and prepares every
// module's components in build order, so that one bad bucket fails the
// Deployment before its VPC is created. Paths name the configuration entry.
func assessDeployment(_ string, in knownArgs, cfg settings.Resolved) lifecycle.Assessment[deploymentBuild] {
	var probs problem.List
	dc, p := decodeConfig(in.Config)
	probs.Merge("config", p)
	var plan deploymentPlan
	if p.Len() == 0 {
		plan, p = planDeployment(dc)
		probs.Merge("config", p)
	}
	build := deploymentBuild{Config: dc, Order: plan.Order}
	if probs.Len() == 0 && in.network != nil {
		for _, f := range dc.AWS.VPC.OwnFields() {
			probs.Addf(config.RuleExclusiveWithStack, "config.aws.vpc."+f, nil,
				"cannot be given with stack %s: the network comes from that stack", in.network.Stack)
		}
		net, p := checkNetwork(in.network, dc.AWS)
		probs.Merge("config", p)
		build.Network = &builtOn{NetworkOutputs: net, ref: in.network}
	}
	if probs.Len() > 0 {
		return lifecycle.Assessment[deploymentBuild]{Plan: build, Problems: probs}
	}
	build.Steps, p = prepareModules(plan, withProject(cfg, dc.Project))
	probs.Merge("config", p)
	reports := make([]compliance.Report, len(build.Steps))
	for i, s := range build.Steps {
		reports[i] = s.report
	}
	report := compliance.Aggregate(reports)
	if in.network != nil {
		var a compliance.Audit
		if report.Audit != nil {
			a = *report.Audit
		}
		a.StackReferences = append(slices.Clone(a.StackReferences), in.network.readNote(dc.AWS))
		report.Audit = &a
	}
	return lifecycle.Assessment[deploymentBuild]{Plan: build, Report: report, Problems: probs}
}

// prepareModules prepares each enabled module's components in build order.
func prepareModules(plan deploymentPlan, cfg settings.Resolved) ([]step, problem.List) {
	var steps []step
	var probs problem.List
	a := plan.Config.AWS
	for _, id := range plan.Order {
		switch id {
		case ModAWSVPC:
			if a.VPC.Stack == "" { // else the network is another stack's
				steps = append(steps, prepareVPC(a.VPC, cfg, &probs))
			}
		case ModAWSEKS:
			for i, c := range a.EKS.Clusters {
				steps = append(steps, prepareCluster(fmt.Sprintf("aws.eks.clusters[%d]", i), c, a.OIDCProvider, cfg, &probs))
			}
		case ModAWSS3:
			for i, bk := range a.S3.Buckets {
				steps = append(steps, prepareBucket(fmt.Sprintf("aws.s3.buckets[%d]", i), bk, cfg, &probs))
			}
		case ModAzureVNet:
			steps = append(steps, prepareVNet(plan.Config.Azure, cfg, &probs))
		case ModAzureStorage:
			z := plan.Config.Azure
			for i, acct := range z.Storage.Accounts {
				steps = append(steps, prepareStorage(fmt.Sprintf("azure.storage.accounts[%d]", i), z, acct, cfg, &probs))
			}
		default:
			probs.Addf(RuleDeploymentConfig, id, nil, "is planned but has no builder; this is a bug in orgiac")
		}
	}
	if a != nil && a.Enabled {
		probs.Merge("", standards.ValidateAWSTags("aws.tags", interpolate(a.Tags, plan.Config.Project)))
	}
	return steps, probs
}

func prepareVPC(c *config.VPCConfig, cfg settings.Resolved, probs *problem.List) step {
	prep := aws.SecureVpcSpec.Prepare("vpc", vpcArgs(c), cfg)
	probs.Merge(ModAWSVPC, prep.Problems)
	return step{report: prep.Report, register: func(b *builder) error {
		opts, err := b.awsOpts()
		if err != nil {
			return err
		}
		vpc, err := aws.SecureVpcSpec.RegisterNested(b.ctx, prep, opts...)
		if err != nil {
			return err
		}
		b.vpcID, b.privateSubnets = vpc.VpcId, vpc.PrivateSubnetIds
		b.outputs[ModAWSVPC] = pulumi.Map{
			"vpcId": vpc.VpcId, "cidrBlock": vpc.CidrBlock, "publicSubnetIds": vpc.PublicSubnetIds,
			"privateSubnetIds": vpc.PrivateSubnetIds, "isolatedSubnetIds": vpc.IsolatedSubnetIds,
		}
		return nil
	}}
}

// prepareCluster prepares an EKS cluster. Its subnets come from the config
// or from the aws.vpc module; those are not known before the VPC exists, so
// the cluster is judged with a stand-in subnet (only what is known is
// judged; no control depends on the subnet ids) and built on the VPC's.
func prepareCluster(at string, c config.ClusterConfig, oidc *config.OIDCProviderConfig, cfg settings.Resolved,
	probs *problem.List,
) step {
	args := clusterArgs(c, oidc)
	fromVPC := args.SubnetIds == nil
	if fromVPC {
		args.SubnetIds = pulumi.StringArray{pulumi.String("subnet-from-aws.vpc")}
	}
	prep := aws.EksClusterSpec.Prepare(c.Name, args, cfg)
	probs.Merge(at, prep.Problems)
	return step{report: prep.Report, register: func(b *builder) error {
		if fromVPC {
			prep.Args.SubnetIds, prep.Args.VpcId = b.privateSubnets, b.vpcID
		}
		opts, err := b.awsOpts()
		if err != nil {
			return err
		}
		cluster, err := aws.EksClusterSpec.RegisterNested(b.ctx, prep, opts...)
		if err != nil {
			return err
		}
		b.clusters[c.Name] = pulumi.Map{
			"clusterName": cluster.ClusterName, "clusterArn": cluster.ClusterArn, "endpoint": cluster.Endpoint,
			"oidcProviderArn": cluster.OidcProviderArn,
		}
		b.kubeconfigs[c.Name] = cluster.Kubeconfig
		return nil
	}}
}

func prepareBucket(at string, bk config.BucketConfig, cfg settings.Resolved, probs *problem.List) step {
	prep := aws.SecureBucketSpec.Prepare(bk.Name, bucketArgs(bk), cfg)
	probs.Merge(at, prep.Problems)
	return step{report: prep.Report, register: func(b *builder) error {
		opts, err := b.awsOpts()
		if err != nil {
			return err
		}
		bucket, err := aws.SecureBucketSpec.RegisterNested(b.ctx, prep, opts...)
		if err != nil {
			return err
		}
		b.buckets[bk.Name] = pulumi.Map{"bucketName": bucket.BucketName, "bucketArn": bucket.BucketArn}
		return nil
	}}
}
