package aws

import (
	_ "embed"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumix"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/provider/lifecycle"
)

//go:embed docs/ekscluster.md
var eksClusterDoc string

const eksClusterToken = "orgiac:aws:EksCluster"

// EksClusterArgs are the inputs of orgiac:aws:EksCluster.
type EksClusterArgs struct {
	VpcId                 pulumi.StringInput      `pulumi:"vpcId,optional"`
	SubnetIds             pulumi.StringArrayInput `pulumi:"subnetIds"`
	Version               string                  `pulumi:"version,optional"`
	EndpointPrivateAccess *bool                   `pulumi:"endpointPrivateAccess,optional"`
	EndpointPublicAccess  *bool                   `pulumi:"endpointPublicAccess,optional"`
	PublicAccessCidrs     []string                `pulumi:"publicAccessCidrs,optional"`
	KmsKeyArn             pulumi.StringInput      `pulumi:"kmsKeyArn,optional"`
	EnabledLogTypes       []string                `pulumi:"enabledLogTypes,optional"`
	LogRetentionDays      *int                    `pulumi:"logRetentionDays,optional"`
	AuthenticationMode    string                  `pulumi:"authenticationMode,optional"`
	AccessEntries         []EksAccessEntry        `pulumi:"accessEntries,optional"`
	NodeGroups            []EksNodeGroup          `pulumi:"nodeGroups,optional"`
	OidcProvider          *EksOidcProvider        `pulumi:"oidcProvider,optional"`
	Addons                []EksAddon              `pulumi:"addons,optional"`
	Tags                  map[string]string       `pulumi:"tags,optional"`
	Waivers               []compliance.Waiver     `pulumi:"waivers,optional"`
}

func (a *EksClusterArgs) Annotate(an infer.Annotator) {
	an.Describe(&a.VpcId, "The VPC of the subnets. When given, an additional control-plane security group is "+
		"created in it (no rules), so reaching the private endpoint from a VPN or peer is one rule away.")
	an.Describe(&a.SubnetIds, "The subnets for the control plane's network interfaces and the nodes: the "+
		"private subnets of a SecureVpc or NetworkStack.")
	an.Describe(&a.Version, "The Kubernetes version, from the supported list (docs/components/eks-cluster.md). "+
		"Defaults to the newest supported version. Plain value.")
	an.Describe(&a.EndpointPrivateAccess, "Reach the API from inside the VPC. Defaults to true.")
	an.Describe(&a.EndpointPublicAccess, "Expose the API endpoint publicly. Defaults to false; when true, "+
		"publicAccessCidrs is required and the eks-private-endpoint control fails unless waived.")
	an.Describe(&a.PublicAccessCidrs, "The networks that may reach a public endpoint. 0.0.0.0/0 is rejected "+
		"in enforce mode.")
	an.Describe(&a.KmsKeyArn, "A KMS key for secrets encryption. When omitted, a key with rotation is created.")
	an.Describe(&a.EnabledLogTypes, "Control-plane log types. Defaults to all five: api, audit, authenticator, "+
		"controllerManager, scheduler.")
	an.Describe(&a.LogRetentionDays, "Retention of the control-plane log group, created before the cluster. "+
		"Defaults to 90.")
	an.Describe(&a.AuthenticationMode, "`API` (access entries only, the default) or `API_AND_CONFIG_MAP`.")
	an.Describe(&a.AccessEntries, "Who may use the cluster: IAM principals with an EKS access policy.")
	an.Describe(&a.NodeGroups, "Managed node groups; each gets a launch template with IMDSv2 required and an "+
		"encrypted gp3 root volume.")
	an.Describe(&a.OidcProvider, "The IAM OIDC provider for IRSA. On by default.")
	an.Describe(&a.Addons, "EKS add-ons. Defaults to vpc-cni, coredns, kube-proxy and eks-pod-identity-agent, "+
		"at the versions EKS picks.")
	an.Describe(&a.Tags, "The component's own tags, on every taggable child.")
	an.Describe(&a.Waivers, "Waivers for this cluster's compliance controls.")
}

// EksNodeGroup is one managed node group.
type EksNodeGroup struct {
	Name          string            `pulumi:"name"`
	InstanceTypes []string          `pulumi:"instanceTypes"`
	MinSize       int               `pulumi:"minSize"`
	MaxSize       int               `pulumi:"maxSize"`
	DesiredSize   int               `pulumi:"desiredSize"`
	DiskSizeGiB   *int              `pulumi:"diskSizeGiB,optional"`
	CapacityType  string            `pulumi:"capacityType,optional"`
	AmiType       string            `pulumi:"amiType,optional"`
	Labels        map[string]string `pulumi:"labels,optional"`
	Taints        []EksTaint        `pulumi:"taints,optional"`
}

func (g *EksNodeGroup) Annotate(an infer.Annotator) {
	an.Describe(g, "A managed node group of an EksCluster.")
	an.Describe(&g.Name, "The node group's name, unique in the cluster.")
	an.Describe(&g.InstanceTypes, "EC2 instance types, e.g. [m5.large].")
	an.Describe(&g.MinSize, "The fewest nodes.")
	an.Describe(&g.MaxSize, "The most nodes.")
	an.Describe(&g.DesiredSize, "The nodes to start with, between minSize and maxSize.")
	an.Describe(&g.DiskSizeGiB, "The encrypted gp3 root volume size. Defaults to 50.")
	an.Describe(&g.CapacityType, "ON_DEMAND (default) or SPOT.")
	an.Describe(&g.AmiType, "The EKS AMI type. Defaults to AL2023_x86_64_STANDARD.")
	an.Describe(&g.Labels, "Kubernetes labels on the nodes.")
	an.Describe(&g.Taints, "Kubernetes taints on the nodes.")
}

// EksTaint is a Kubernetes taint.
type EksTaint struct {
	Key    string `pulumi:"key"`
	Value  string `pulumi:"value,optional"`
	Effect string `pulumi:"effect"`
}

func (t *EksTaint) Annotate(an infer.Annotator) {
	an.Describe(t, "A Kubernetes taint on a node group's nodes.")
	an.Describe(&t.Key, "The taint key.")
	an.Describe(&t.Value, "The taint value.")
	an.Describe(&t.Effect, "NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE.")
}

// EksAccessEntry grants an IAM principal an EKS access policy.
type EksAccessEntry struct {
	PrincipalArn pulumi.StringInput `pulumi:"principalArn"`
	AccessPolicy string             `pulumi:"accessPolicy"`
	Scope        string             `pulumi:"scope,optional"`
	Namespaces   []string           `pulumi:"namespaces,optional"`
}

func (e *EksAccessEntry) Annotate(an infer.Annotator) {
	an.Describe(e, "An access entry of an EksCluster.")
	an.Describe(&e.PrincipalArn, "The IAM role or user ARN.")
	an.Describe(&e.AccessPolicy, "The EKS access policy name, e.g. AmazonEKSClusterAdminPolicy, "+
		"AmazonEKSAdminPolicy, AmazonEKSEditPolicy, AmazonEKSViewPolicy.")
	an.Describe(&e.Scope, "`cluster` (default) or `namespaces`.")
	an.Describe(&e.Namespaces, "The namespaces, for scope namespaces.")
}

// EksOidcProvider configures the IAM OIDC provider for IRSA.
type EksOidcProvider struct {
	Enabled    *bool    `pulumi:"enabled,optional"`
	ClientIds  []string `pulumi:"clientIds,optional"`
	Thumbprint string   `pulumi:"thumbprint,optional"`
}

func (o *EksOidcProvider) Annotate(an infer.Annotator) {
	an.Describe(o, "The IAM OIDC provider of an EksCluster, for IAM roles for service accounts.")
	an.Describe(&o.Enabled, "Create the provider. Defaults to true.")
	an.Describe(&o.ClientIds, "The audiences. Defaults to [sts.amazonaws.com].")
	an.Describe(&o.Thumbprint, "The CA thumbprint. Defaults to "+defaultOIDCThumbprint+".")
}

// EksAddon is one EKS add-on.
type EksAddon struct {
	Name    string `pulumi:"name"`
	Version string `pulumi:"version,optional"`
}

func (a *EksAddon) Annotate(an infer.Annotator) {
	an.Describe(a, "An EKS add-on.")
	an.Describe(&a.Name, "The add-on name, e.g. vpc-cni.")
	an.Describe(&a.Version, "The add-on version. Defaults to the version EKS picks for the cluster.")
}

// EksCluster is the orgiac:aws:EksCluster component.
type EksCluster struct {
	pulumi.ResourceState

	ClusterName              pulumi.StringOutput               `pulumi:"clusterName"`
	ClusterArn               pulumi.StringOutput               `pulumi:"clusterArn"`
	Endpoint                 pulumi.StringOutput               `pulumi:"endpoint"`
	CertificateAuthorityData pulumi.StringOutput               `pulumi:"certificateAuthorityData"`
	OidcProviderArn          pulumi.StringOutput               `pulumi:"oidcProviderArn"`
	OidcIssuerUrl            pulumi.StringOutput               `pulumi:"oidcIssuerUrl"`
	ClusterSecurityGroupId   pulumi.StringOutput               `pulumi:"clusterSecurityGroupId"`
	NodeRoleArn              pulumi.StringOutput               `pulumi:"nodeRoleArn"`
	ClusterRoleArn           pulumi.StringOutput               `pulumi:"clusterRoleArn"`
	Kubeconfig               pulumi.StringOutput               `pulumi:"kubeconfig" provider:"secret"`
	Tags                     pulumi.StringMapOutput            `pulumi:"tags"`
	ComplianceReport         pulumix.Output[compliance.Report] `pulumi:"complianceReport"`
}

func (c *EksCluster) Annotate(an infer.Annotator) {
	an.Describe(c, eksClusterDoc)
	an.Describe(&c.ClusterName, "The EKS cluster name: the naming template applied to the component name.")
	an.Describe(&c.ClusterArn, "The cluster ARN.")
	an.Describe(&c.Endpoint, "The API server endpoint.")
	an.Describe(&c.CertificateAuthorityData, "The cluster CA, base64-encoded.")
	an.Describe(&c.OidcProviderArn, "The IAM OIDC provider ARN; empty when the provider is off.")
	an.Describe(&c.OidcIssuerUrl, "The cluster's OIDC issuer URL.")
	an.Describe(&c.ClusterSecurityGroupId, "The security group EKS created for the cluster.")
	an.Describe(&c.NodeRoleArn, "The node IAM role ARN.")
	an.Describe(&c.ClusterRoleArn, "The cluster IAM role ARN.")
	an.Describe(&c.Kubeconfig, "A kubeconfig that authenticates with `aws eks get-token`. Secret.")
	an.Describe(&c.Tags, "The effective tags.")
	an.Describe(&c.ComplianceReport, "The compliance controls that apply to the cluster.")
}

// EksClusterSpec is the EksCluster component. Its constructor validates every
// input, then registers the cluster, its IAM roles, key, log group, node
// groups, OIDC provider, access and add-ons. A Deployment checks and builds
// its clusters through it; subnet ids that are not known yet (outputs of a
// VPC built in the same program) are not checked.
var EksClusterSpec = lifecycle.Define(eksClusterToken, assessEksCluster, registerEksCluster)

// knownLen returns the length of a list input whose elements are known at
// construct time, or -1 when it is an output of another resource.
func knownLen(in pulumi.StringArrayInput) int {
	if arr, ok := in.(pulumi.StringArray); ok {
		return len(arr)
	}
	if in == nil {
		return 0
	}
	return -1
}
