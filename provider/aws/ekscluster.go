package aws

import (
	_ "embed"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumix"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/provider/lifecycle"
)

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

func (a *EksClusterArgs) Annotate(an infer.Annotator) { docs.Annotate(an, a) }

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

func (g *EksNodeGroup) Annotate(an infer.Annotator) { docs.Annotate(an, g) }

// EksTaint is a Kubernetes taint.
type EksTaint struct {
	Key    string `pulumi:"key"`
	Value  string `pulumi:"value,optional"`
	Effect string `pulumi:"effect"`
}

func (t *EksTaint) Annotate(an infer.Annotator) { docs.Annotate(an, t) }

// EksAccessEntry grants an IAM principal an EKS access policy.
type EksAccessEntry struct {
	PrincipalArn pulumi.StringInput `pulumi:"principalArn"`
	AccessPolicy string             `pulumi:"accessPolicy"`
	Scope        string             `pulumi:"scope,optional"`
	Namespaces   []string           `pulumi:"namespaces,optional"`
}

func (e *EksAccessEntry) Annotate(an infer.Annotator) { docs.Annotate(an, e) }

// EksOidcProvider configures the IAM OIDC provider for IRSA.
type EksOidcProvider struct {
	Enabled    *bool    `pulumi:"enabled,optional"`
	ClientIds  []string `pulumi:"clientIds,optional"`
	Thumbprint string   `pulumi:"thumbprint,optional"`
}

func (o *EksOidcProvider) Annotate(an infer.Annotator) { docs.Annotate(an, o) }

// EksAddon is one EKS add-on.
type EksAddon struct {
	Name    string `pulumi:"name"`
	Version string `pulumi:"version,optional"`
}

func (a *EksAddon) Annotate(an infer.Annotator) { docs.Annotate(an, a) }

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

func (c *EksCluster) Annotate(an infer.Annotator) { docs.Annotate(an, c) }

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
