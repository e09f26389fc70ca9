package config

import (
	"reflect"
	"strings"

	"github.com/invopop/jsonschema"
	orderedmap "github.com/pb33f/ordered-map/v2"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
)

// PolicyDocument is the organization policy file: the provider
// configuration's keys, plus per-environment sections and per-component
// defaults. It sits between the built-in defaults and the stack's Pulumi
// configuration.
type PolicyDocument struct {
	PolicySettings
	// Environments overlay the document for one environment, e.g.
	// environments.production.enforcement: enforce.
	Environments map[string]PolicySettings `json:"environments,omitempty" jsonschema:"description=Settings that apply only in one environment (keyed by environment name); they override the document's top-level settings."`
	// Components holds default inputs per component type token.
	Components map[string]map[string]any `json:"components,omitempty" jsonschema:"description=Default inputs per component type token (e.g. orgiac:aws:SecureBucket); a component's own arguments win."`
}

// PolicySettings are the keys shared by the policy document, its
// environment sections and the provider configuration (the `orgiac:*` keys
// of a stack, whose schema is inferred from this struct's pulumi tags). One
// declaration serves both, with one set of descriptions (Annotate).
type PolicySettings struct {
	Organization     string              `pulumi:"organization,optional" json:"organization,omitempty"`
	Environment      string              `pulumi:"environment,optional" json:"environment,omitempty"`
	Project          string              `pulumi:"project,optional" json:"project,omitempty"`
	Owner            string              `pulumi:"owner,optional" json:"owner,omitempty"`
	CostCenter       string              `pulumi:"costCenter,optional" json:"costCenter,omitempty"`
	DefaultTags      map[string]string   `pulumi:"defaultTags,optional" json:"defaultTags,omitempty"`
	Enforcement      string              `pulumi:"enforcement,optional" json:"enforcement,omitempty" jsonschema:"enum=enforce,enum=audit,enum=off"`
	LoggingBucket    string              `pulumi:"loggingBucket,optional" json:"loggingBucket,omitempty"`
	Naming           string              `pulumi:"naming,optional" json:"naming,omitempty"`
	Frameworks       []string            `pulumi:"frameworks,optional" json:"frameworks,omitempty"`
	RequiredControls []string            `pulumi:"requiredControls,optional" json:"requiredControls,omitempty"`
	Waivers          []compliance.Waiver `pulumi:"waivers,optional" json:"waivers,omitempty"`
}

// DeploymentConfig is the standardized configuration orgiac:index:Deployment
// builds whole environments from. Keys are snake_case, as platform teams
// write them in stack files.
type DeploymentConfig struct {
	Project ProjectConfig `json:"project" jsonschema:"description=The project this environment belongs to."`
	AWS     *AWSConfig    `json:"aws,omitempty" jsonschema:"description=The AWS part of the environment."`
	Azure   *AzureConfig  `json:"azure,omitempty" jsonschema:"description=The Azure part of the environment."`
}

// ProjectConfig names the project; its values can be interpolated into tags
// as ${project:name} and ${project:environment}.
type ProjectConfig struct {
	Name        string `json:"name" jsonschema:"description=The project name."`
	Environment string `json:"environment" jsonschema:"description=The environment, e.g. dev, staging or production."`
}

// AWSConfig is the aws section.
type AWSConfig struct {
	Enabled      bool                `json:"enabled" jsonschema:"description=Build the AWS modules."`
	Region       string              `json:"region,omitempty" jsonschema:"description=The region of the explicit aws provider."`
	Profile      string              `json:"profile,omitempty" jsonschema:"description=The shared-credentials profile of the explicit aws provider."`
	Credentials  *AWSCredentials     `json:"credentials,omitempty" jsonschema:"description=Static credentials for the explicit aws provider; secrets. Prefer a profile or the environment."`
	OIDCProvider *OIDCProviderConfig `json:"oidc_provider,omitempty" jsonschema:"description=OIDC defaults for the EKS clusters."`
	Tags         map[string]string   `json:"tags,omitempty" jsonschema:"description=Default tags of the explicit aws provider; ${project:name} and ${project:environment} are interpolated."`
	VPC          *VPCConfig          `json:"vpc,omitempty" jsonschema:"description=The VPC module."`
	EKS          *EKSConfig          `json:"eks,omitempty" jsonschema:"description=The EKS module."`
	S3           *S3Config           `json:"s3,omitempty" jsonschema:"description=The S3 module."`
}

// AWSCredentials are static credentials; every value is a secret.
type AWSCredentials struct {
	AccessKeyID     string `json:"access_key_id,omitempty" jsonschema:"description=The access key id (secret)."`
	SecretAccessKey string `json:"secret_access_key,omitempty" jsonschema:"description=The secret access key (secret)."`
	SessionToken    string `json:"session_token,omitempty" jsonschema:"description=A session token (secret)."`
}

// OIDCProviderConfig sets the IRSA defaults of the clusters.
type OIDCProviderConfig struct {
	Enabled    *bool  `json:"enabled,omitempty" jsonschema:"description=Create the IAM OIDC provider of each cluster."`
	URL        string `json:"url,omitempty" jsonschema:"description=Informational: the issuer URL comes from each cluster at deploy time."`
	ClientID   string `json:"client_id,omitempty" jsonschema:"description=The client id (audience) of the provider."`
	Thumbprint string `json:"thumbprint,omitempty" jsonschema:"description=The CA thumbprint."`
	Audience   string `json:"audience,omitempty" jsonschema:"description=An extra audience, added to the client ids."`
}

// Module fields every module section has.
type Module struct {
	Enabled   bool     `json:"enabled" jsonschema:"description=Build this module."`
	DependsOn []string `json:"depends_on,omitempty" jsonschema:"description=Modules (e.g. aws.vpc) to build first."`
}

// VPCConfig is the aws.vpc module.
type VPCConfig struct {
	Module
	// Stack names another stack whose network the Deployment builds on,
	// instead of creating a VPC: the alternative to every field below.
	Stack              string `json:"stack,omitempty" jsonschema:"description=Another stack (organization/project/stack) whose exported network output to build on instead of creating a VPC; never together with the VPC's own fields."`
	CidrBlock          string `json:"cidr_block,omitempty" jsonschema:"description=The VPC network."`
	InstanceTenancy    string `json:"instance_tenancy,omitempty" jsonschema:"enum=default,enum=dedicated,description=The VPC tenancy."`
	EnableDNSSupport   *bool  `json:"enable_dns_support,omitempty" jsonschema:"description=DNS resolution in the VPC."`
	EnableDNSHostnames *bool  `json:"enable_dns_hostnames,omitempty" jsonschema:"description=DNS hostnames in the VPC."`
	AvailabilityZones  *int   `json:"availability_zones,omitempty" jsonschema:"description=How many zones to use."`
	NatGateways        string `json:"nat_gateways,omitempty" jsonschema:"enum=none,enum=single,enum=one-per-az,description=The NAT strategy."`
}

// OwnFields lists the VPC fields that are set, by their configuration keys:
// those a stack reference excludes.
func (c VPCConfig) OwnFields() []string { return vpcOwnFields(c, true) }

// vpcOwnFields are the configuration keys of VPCConfig's own fields (all
// but Module's and Stack), in declaration order; with onlySet, only those
// c sets. A field added to VPCConfig is excluded by stack without a list to
// keep in step.
func vpcOwnFields(c VPCConfig, onlySet bool) []string {
	v := reflect.ValueOf(c)
	var keys []string
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if f.Anonymous || f.Name == "Stack" || (onlySet && v.Field(i).IsZero()) {
			continue
		}
		keys = append(keys, strings.Split(f.Tag.Get("json"), ",")[0])
	}
	return keys
}

// JSONSchemaExtend makes stack exclusive: when it is given, each of the VPC's
// own fields is a false schema, which `orgiac validate` reports as "cannot
// be given with stack".
func (VPCConfig) JSONSchemaExtend(s *jsonschema.Schema) {
	then := orderedmap.New[string, *jsonschema.Schema]()
	for _, k := range vpcOwnFields(VPCConfig{}, false) {
		then.Set(k, jsonschema.FalseSchema)
	}
	s.If = &jsonschema.Schema{Required: []string{"stack"}}
	s.Then = &jsonschema.Schema{Properties: then}
}

// EKSConfig is the aws.eks module.
type EKSConfig struct {
	Module
	Clusters []ClusterConfig `json:"clusters,omitempty" jsonschema:"description=The clusters to build."`
}

// ClusterConfig is one EKS cluster.
type ClusterConfig struct {
	Name                  string            `json:"name" jsonschema:"description=The cluster's name in the program."`
	Version               string            `json:"version,omitempty" jsonschema:"description=The Kubernetes version."`
	EndpointPrivateAccess *bool             `json:"endpoint_private_access,omitempty" jsonschema:"description=Private API endpoint."`
	EndpointPublicAccess  *bool             `json:"endpoint_public_access,omitempty" jsonschema:"description=Public API endpoint."`
	PublicAccessCidrs     []string          `json:"public_access_cidrs,omitempty" jsonschema:"description=Networks allowed to a public endpoint."`
	SubnetIDs             []string          `json:"subnet_ids,omitempty" jsonschema:"description=Subnets; defaults to the VPC module's private subnets."`
	NodeGroups            []NodeGroupConfig `json:"node_groups,omitempty" jsonschema:"description=Managed node groups."`
}

// NodeGroupConfig is one managed node group.
type NodeGroupConfig struct {
	Name          string   `json:"name" jsonschema:"description=The node group name."`
	InstanceType  string   `json:"instance_type,omitempty" jsonschema:"description=One instance type."`
	InstanceTypes []string `json:"instance_types,omitempty" jsonschema:"description=Several instance types."`
	MinSize       int      `json:"min_size" jsonschema:"description=The fewest nodes."`
	MaxSize       int      `json:"max_size" jsonschema:"description=The most nodes."`
	DesiredSize   int      `json:"desired_size" jsonschema:"description=The nodes to start with."`
	DiskSize      *int     `json:"disk_size,omitempty" jsonschema:"description=Root volume size in GiB."`
	CapacityType  string   `json:"capacity_type,omitempty" jsonschema:"enum=ON_DEMAND,enum=SPOT,description=ON_DEMAND or SPOT."`
}

// S3Config is the aws.s3 module.
type S3Config struct {
	Module
	Buckets []BucketConfig `json:"buckets,omitempty" jsonschema:"description=The buckets to build."`
}

// BucketConfig is one bucket.
type BucketConfig struct {
	Name         string            `json:"name" jsonschema:"description=The bucket's name in the program."`
	BucketName   string            `json:"bucket_name,omitempty" jsonschema:"description=The physical bucket name; generated when omitted."`
	Versioning   *bool             `json:"versioning,omitempty" jsonschema:"description=Versioning (on by default)."`
	ForceDestroy *bool             `json:"force_destroy,omitempty" jsonschema:"description=Delete objects on destroy."`
	Tags         map[string]string `json:"tags,omitempty" jsonschema:"description=The bucket's own tags."`
}

// AzureConfig is the azure section.
type AzureConfig struct {
	Enabled     bool              `json:"enabled" jsonschema:"description=Build the Azure modules."`
	Location    string            `json:"location,omitempty" jsonschema:"description=The location of the explicit azure-native provider."`
	Credentials *AzureCredentials `json:"credentials,omitempty" jsonschema:"description=Service principal credentials; secrets."`
	Tags        map[string]string `json:"tags,omitempty" jsonschema:"description=Tags on every Azure resource."`
	VNet        *VNetConfig       `json:"vnet,omitempty" jsonschema:"description=The virtual network module."`
	Storage     *StorageConfig    `json:"storage,omitempty" jsonschema:"description=The storage module."`
}

// AzureCredentials are service-principal credentials; every value is a secret.
type AzureCredentials struct {
	ClientID       string `json:"client_id,omitempty" jsonschema:"description=The client id (secret)."`
	ClientSecret   string `json:"client_secret,omitempty" jsonschema:"description=The client secret (secret)."`
	TenantID       string `json:"tenant_id,omitempty" jsonschema:"description=The tenant id (secret)."`
	SubscriptionID string `json:"subscription_id,omitempty" jsonschema:"description=The subscription id (secret)."`
}

// VNetConfig is the azure.vnet module.
type VNetConfig struct {
	Module
	AddressSpace      string `json:"address_space,omitempty" jsonschema:"description=The virtual network's address space."`
	ResourceGroupName string `json:"resource_group_name,omitempty" jsonschema:"description=An existing resource group; created when omitted."`
}

// StorageConfig is the azure.storage module.
type StorageConfig struct {
	Module
	Accounts []StorageAccountConfig `json:"accounts,omitempty" jsonschema:"description=The storage accounts to build."`
}

// StorageAccountConfig is one storage account.
type StorageAccountConfig struct {
	Name        string `json:"name" jsonschema:"description=The account's name in the program."`
	AccountName string `json:"account_name,omitempty" jsonschema:"description=The physical account name (3 to 24 lowercase letters and digits)."`
}
