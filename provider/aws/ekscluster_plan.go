package aws

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

// Defaults an EksCluster applies when an input is omitted.
const (
	defaultLogRetentionDays = 90
	defaultDiskSizeGiB      = 50
	minDiskSizeGiB          = 20
	defaultAMIType          = "AL2023_x86_64_STANDARD"
	defaultAuthMode         = "API"
	defaultOIDCClientID     = "sts.amazonaws.com"
	// defaultOIDCThumbprint is the root CA thumbprint of the EKS OIDC
	// endpoints; IAM no longer checks it for them, but the API requires one.
	defaultOIDCThumbprint = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280"
)

// defaultAddons are the core add-ons every cluster needs.
var defaultAddons = []string{"vpc-cni", "coredns", "kube-proxy", "eks-pod-identity-agent"}

// nodeRolePolicies are the AWS-managed policies worker nodes need; SSM lets
// operators reach nodes without SSH.
var nodeRolePolicies = []string{
	"AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly",
	"AmazonSSMManagedInstanceCore",
}

var (
	taintEffects  = []string{"NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"}
	capacityTypes = []string{"ON_DEMAND", "SPOT"}
	authModes     = []string{"API", "API_AND_CONFIG_MAP"}
	clusterName   = regexp.MustCompile(`^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$`)
	nodeGroupName = regexp.MustCompile(`^[0-9A-Za-z][A-Za-z0-9\-_]{0,62}$`)
)

var (
	RuleNodeGroupSizes = problem.Define("EKS001",
		"node group sizes satisfy 0 <= minSize <= desiredSize <= maxSize, maxSize >= 1",
		"set minSize <= desiredSize <= maxSize")
	RuleInstanceTypes = problem.Define("EKS002",
		"a node group lists at least one instance type",
		"set instanceTypes, e.g. [m5.large]")
	RuleNodeGroupDuplicate = problem.Define("EKS003",
		"node group names are unique in a cluster",
		"give each node group its own name")
	RuleEKSVersion = problem.Define("EKS004",
		"the Kubernetes version is one orgiac supports",
		"use a supported version, or omit version for the newest")
	RulePublicEndpointCidrs = problem.Define("EKS005",
		"a public endpoint needs publicAccessCidrs",
		"list the networks that may reach the API, e.g. your office or VPN CIDR")
	RulePublicEndpointWorld = problem.Define("EKS006",
		"the standard forbids a public API endpoint open to 0.0.0.0/0",
		"list your office or VPN CIDRs in publicAccessCidrs instead")
	RuleSubnetIDsEmpty = problem.Define("EKS007",
		"a cluster needs subnets",
		"pass the private subnets of a SecureVpc or NetworkStack, e.g. ${network.privateSubnetIds}")
	RuleTaintEffect = problem.Define("EKS008",
		"a taint's effect is NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE",
		"set effect to NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE")
	RuleLogRetention = problem.Define("EKS009",
		"log retention is a period CloudWatch Logs accepts",
		"use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653")
	RuleLogType = problem.Define("EKS010",
		"control-plane log types are api, audit, authenticator, controllerManager and scheduler",
		"list only api, audit, authenticator, controllerManager and scheduler")
	RuleCapacityType = problem.Define("EKS011",
		"capacityType is ON_DEMAND or SPOT",
		"set capacityType to ON_DEMAND or SPOT")
	RuleAuthMode = problem.Define("EKS012",
		"authenticationMode is API or API_AND_CONFIG_MAP",
		"set authenticationMode to API (recommended) or API_AND_CONFIG_MAP")
	RuleAccessScope = problem.Define("EKS013",
		"an access entry's scope is cluster, or namespaces with a namespace list",
		"set scope to cluster, or to namespaces together with namespaces: [...]")
	RuleNodeGroupName = problem.Define("EKS014",
		"node group names are 1 to 63 letters, digits, - and _",
		"use a short name such as standard-workers")
	RuleDiskSize = problem.Define("EKS015",
		"node root volumes are at least 20 GiB",
		"set diskSizeGiB to 20 or more")
	RuleAccessCidr = problem.Define("EKS016",
		"publicAccessCidrs are networks in CIDR notation",
		"write the network, e.g. 203.0.113.0/24")
	RuleClusterName = problem.Define("EKS017",
		"the cluster name (the naming template applied to the component name) is 1 to 100 letters, digits, - and _",
		"use a shorter component name, or a shorter orgiac:naming template")
	RuleAccessEntry = problem.Define("EKS018",
		"an access entry names a principalArn and an access policy",
		"set principalArn (an IAM role or user ARN) and accessPolicy, e.g. AmazonEKSClusterAdminPolicy")
	RuleAddonDuplicate = problem.Define("EKS019",
		"add-on names are unique",
		"list each add-on once")
)

type eksPlan struct {
	standards.Applied
	ClusterName    string
	Version        string
	PrivateAccess  bool
	PublicAccess   bool
	PublicCidrs    []string
	CreateKey      bool
	LogTypes       []string
	LogRetention   int
	AuthMode       string
	NodeGroups     []nodeGroupPlan
	OIDC           *oidcPlan
	Addons         []EksAddon
	AccessEntries  []EksAccessEntry
	SubnetsUnknown bool
}

type nodeGroupPlan struct {
	Name                  string
	InstanceTypes         []string
	Min, Max, Desired     int
	DiskSizeGiB           int
	CapacityType, AMIType string
	Labels                map[string]string
	Taints                []EksTaint
}

type oidcPlan struct {
	ClientIDs  []string
	Thumbprint string
}

func planEksCluster(name string, args EksClusterArgs, org standards.Org, subnetCount int) (eksPlan, problem.List) {
	var errs, breaches problem.List
	supported := compliance.EKSSupportedVersions
	plan := eksPlan{
		ClusterName:   org.NameFor(name),
		Version:       firstNonEmpty(args.Version, supported[len(supported)-1]),
		PrivateAccess: deref(args.EndpointPrivateAccess, true),
		PublicAccess:  deref(args.EndpointPublicAccess, false),
		PublicCidrs:   args.PublicAccessCidrs,
		CreateKey:     args.KmsKeyArn == nil,
		LogTypes:      args.EnabledLogTypes,
		LogRetention:  deref(args.LogRetentionDays, defaultLogRetentionDays),
		AuthMode:      firstNonEmpty(args.AuthenticationMode, defaultAuthMode),
		AccessEntries: args.AccessEntries,
	}
	if !clusterName.MatchString(plan.ClusterName) {
		errs.Addf(RuleClusterName, "name", plan.ClusterName, "is not a valid EKS cluster name")
	}
	if !slices.Contains(supported, plan.Version) {
		errs.Addf(RuleEKSVersion, "version", plan.Version, "is not supported (supported: %s)", strings.Join(supported, ", "))
	}
	if subnetCount == 0 {
		errs.Addf(RuleSubnetIDsEmpty, "subnetIds", nil, "is an empty list")
	}
	if plan.PublicAccess {
		if len(plan.PublicCidrs) == 0 {
			errs.Addf(RulePublicEndpointCidrs, "publicAccessCidrs", nil, "is empty while endpointPublicAccess is true")
		}
		for i, c := range plan.PublicCidrs {
			at := fmt.Sprintf("publicAccessCidrs[%d]", i)
			if p, err := netip.ParsePrefix(c); err != nil || p.Masked() != p {
				errs.Addf(RuleAccessCidr, at, c, "is not a CIDR block")
			} else if p.Bits() == 0 {
				breaches.Addf(RulePublicEndpointWorld, at, c, "opens the Kubernetes API to the whole internet")
			}
		}
	}
	if plan.LogTypes == nil {
		plan.LogTypes = compliance.EKSLogTypes
	}
	for i, lt := range plan.LogTypes {
		if !slices.Contains(compliance.EKSLogTypes, lt) {
			errs.Addf(RuleLogType, fmt.Sprintf("enabledLogTypes[%d]", i), lt, "is not a control-plane log type")
		}
	}
	if !slices.Contains(cloudWatchRetentionDays, plan.LogRetention) {
		errs.Addf(RuleLogRetention, "logRetentionDays", plan.LogRetention, "is not a CloudWatch Logs retention period")
	}
	if !slices.Contains(authModes, plan.AuthMode) {
		errs.Addf(RuleAuthMode, "authenticationMode", plan.AuthMode, "is not an authentication mode")
	}
	for i, e := range args.AccessEntries {
		at := fmt.Sprintf("accessEntries[%d]", i)
		if e.PrincipalArn == nil || e.AccessPolicy == "" {
			errs.Addf(RuleAccessEntry, at, nil, "lacks principalArn or accessPolicy")
		}
		switch scope := firstNonEmpty(e.Scope, "cluster"); {
		case scope == "cluster" && len(e.Namespaces) > 0:
			errs.Addf(RuleAccessScope, at+".namespaces", nil, "is set while scope is cluster")
		case scope == "namespaces" && len(e.Namespaces) == 0:
			errs.Addf(RuleAccessScope, at+".namespaces", nil, "is empty while scope is namespaces")
		case scope != "cluster" && scope != "namespaces":
			errs.Addf(RuleAccessScope, at+".scope", scope, "is not a scope")
		}
	}
	groups, p := planNodeGroups(args.NodeGroups)
	plan.NodeGroups = groups
	errs.Merge("", p)

	oidc := args.OidcProvider
	if oidc == nil {
		oidc = &EksOidcProvider{}
	}
	if deref(oidc.Enabled, true) {
		plan.OIDC = &oidcPlan{ClientIDs: oidc.ClientIds, Thumbprint: firstNonEmpty(oidc.Thumbprint, defaultOIDCThumbprint)}
		if len(plan.OIDC.ClientIDs) == 0 {
			plan.OIDC.ClientIDs = []string{defaultOIDCClientID}
		}
	}
	plan.Addons = args.Addons
	if plan.Addons == nil {
		for _, a := range defaultAddons {
			plan.Addons = append(plan.Addons, EksAddon{Name: a})
		}
	}
	seen := map[string]bool{}
	for i, a := range plan.Addons {
		if seen[a.Name] {
			errs.Addf(RuleAddonDuplicate, fmt.Sprintf("addons[%d].name", i), a.Name, "is listed twice")
		}
		seen[a.Name] = true
	}

	return plan, plan.Conclude(org, args.Tags, standards.ValidateAWSTags, errs, breaches)
}

func planNodeGroups(groups []EksNodeGroup) ([]nodeGroupPlan, problem.List) {
	var errs problem.List
	seen := map[string]bool{}
	var out []nodeGroupPlan
	for i, g := range groups {
		at := fmt.Sprintf("nodeGroups[%d]", i)
		if !nodeGroupName.MatchString(g.Name) {
			errs.Addf(RuleNodeGroupName, at+".name", g.Name, "is not a node group name")
		}
		if seen[g.Name] {
			errs.Addf(RuleNodeGroupDuplicate, at+".name", g.Name, "is used by an earlier node group")
		}
		seen[g.Name] = true
		if len(g.InstanceTypes) == 0 {
			errs.Addf(RuleInstanceTypes, at+".instanceTypes", nil, "is empty")
		}
		switch {
		case g.MinSize < 0 || g.MaxSize < 1:
			errs.Addf(RuleNodeGroupSizes, at+".maxSize", g.MaxSize, "must be at least 1 with minSize (%d) at least 0", g.MinSize)
		case g.MinSize > g.MaxSize:
			errs.Addf(RuleNodeGroupSizes, at+".minSize", g.MinSize, "is greater than maxSize (%d)", g.MaxSize)
		case g.DesiredSize < g.MinSize || g.DesiredSize > g.MaxSize:
			errs.Addf(RuleNodeGroupSizes, at+".desiredSize", g.DesiredSize, "is outside minSize..maxSize (%d..%d)", g.MinSize, g.MaxSize)
		}
		disk := deref(g.DiskSizeGiB, defaultDiskSizeGiB)
		if disk < minDiskSizeGiB {
			errs.Addf(RuleDiskSize, at+".diskSizeGiB", disk, "is below %d GiB", minDiskSizeGiB)
		}
		capacity := firstNonEmpty(g.CapacityType, "ON_DEMAND")
		if !slices.Contains(capacityTypes, capacity) {
			errs.Addf(RuleCapacityType, at+".capacityType", capacity, "is not a capacity type")
		}
		for j, t := range g.Taints {
			if !slices.Contains(taintEffects, t.Effect) {
				errs.Addf(RuleTaintEffect, fmt.Sprintf("%s.taints[%d].effect", at, j), t.Effect, "is not a taint effect")
			}
		}
		out = append(out, nodeGroupPlan{
			Name: g.Name, InstanceTypes: g.InstanceTypes, Min: g.MinSize, Max: g.MaxSize, Desired: g.DesiredSize,
			DiskSizeGiB: disk, CapacityType: capacity, AMIType: firstNonEmpty(g.AmiType, defaultAMIType),
			Labels: g.Labels, Taints: g.Taints,
		})
	}
	return out, errs
}
