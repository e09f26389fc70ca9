package aws

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

// eksSubnets are two known private subnets: enough for every case that is
// not about subnets.
var eksSubnets = pulumi.StringArray{pulumi.String("subnet-a"), pulumi.String("subnet-b")}

// eksArgs returns valid cluster inputs with one node group, changed by edit.
func eksArgs(edit func(a *EksClusterArgs)) EksClusterArgs {
	a := EksClusterArgs{
		SubnetIds: eksSubnets,
		NodeGroups: []EksNodeGroup{{
			Name: "workers", InstanceTypes: []string{"m5.large"}, MinSize: 1, MaxSize: 3, DesiredSize: 2,
		}},
	}
	if edit != nil {
		edit(&a)
	}
	return a
}

// newestEKSVersion is the default version: the last supported one.
func newestEKSVersion() string {
	return compliance.EKSSupportedVersions[len(compliance.EKSSupportedVersions)-1]
}

func TestPlanEksClusterDefaults(t *testing.T) {
	plan, probs := planEksCluster("main", eksArgs(nil), testOrg(standards.Enforce), len(eksSubnets))
	require.Zero(t, probs.Len(), "defaults must be valid: %v", probs.Items())

	assert.Equal(t, "acme-dev-main", plan.ClusterName, "the cluster name is the naming template's result")
	assert.Equal(t, newestEKSVersion(), plan.Version, "the newest supported version by default")
	assert.True(t, plan.PrivateAccess, "the private endpoint is on")
	assert.False(t, plan.PublicAccess, "the public endpoint is off")
	assert.Empty(t, plan.PublicCidrs)
	assert.True(t, plan.CreateKey, "a secrets key is created when none is given")
	assert.Equal(t, []string{"api", "audit", "authenticator", "controllerManager", "scheduler"}, plan.LogTypes,
		"all five control-plane log types")
	assert.Equal(t, 90, plan.LogRetention)
	assert.Equal(t, "API", plan.AuthMode, "access entries only")
	require.NotNil(t, plan.OIDC, "the OIDC provider is on by default")
	assert.Equal(t, []string{"sts.amazonaws.com"}, plan.OIDC.ClientIDs)
	assert.Equal(t, "9e99a48a9960b14926bb7f3b02e22da2b0ab7280", plan.OIDC.Thumbprint)
	assert.Equal(t, []EksAddon{{Name: "vpc-cni"}, {Name: "coredns"}, {Name: "kube-proxy"}, {Name: "eks-pod-identity-agent"}},
		plan.Addons, "the four core add-ons, at the versions EKS picks")
	assert.Equal(t, []nodeGroupPlan{{
		Name: "workers", InstanceTypes: []string{"m5.large"}, Min: 1, Max: 3, Desired: 2,
		DiskSizeGiB: 50, CapacityType: "ON_DEMAND", AMIType: "AL2023_x86_64_STANDARD",
	}}, plan.NodeGroups)
	assert.Equal(t, map[string]string{
		"Organization": "acme", "Environment": "dev", "Project": "shop", "ManagedBy": "pulumi",
	}, plan.Tags)
	assert.Empty(t, plan.Warnings)
}

func TestPlanEksClusterOptions(t *testing.T) {
	tests := []struct {
		name  string
		args  EksClusterArgs
		check func(t *testing.T, plan eksPlan)
	}{
		{
			name: "a given KMS key is used instead of creating one",
			args: eksArgs(func(a *EksClusterArgs) { a.KmsKeyArn = pulumi.String("arn:aws:kms:us-west-2:1:key/x") }),
			check: func(t *testing.T, plan eksPlan) {
				assert.False(t, plan.CreateKey)
			},
		},
		{
			name: "a public endpoint with office CIDRs keeps the private one",
			args: eksArgs(func(a *EksClusterArgs) {
				a.EndpointPublicAccess = ptr(true)
				a.PublicAccessCidrs = []string{"203.0.113.0/24"}
			}),
			check: func(t *testing.T, plan eksPlan) {
				assert.True(t, plan.PublicAccess)
				assert.True(t, plan.PrivateAccess)
				assert.Equal(t, []string{"203.0.113.0/24"}, plan.PublicCidrs)
			},
		},
		{
			name: "the OIDC provider can be turned off",
			args: eksArgs(func(a *EksClusterArgs) { a.OidcProvider = &EksOidcProvider{Enabled: ptr(false)} }),
			check: func(t *testing.T, plan eksPlan) {
				assert.Nil(t, plan.OIDC)
			},
		},
		{
			name: "given OIDC audiences and thumbprint win over the defaults",
			args: eksArgs(func(a *EksClusterArgs) {
				a.OidcProvider = &EksOidcProvider{ClientIds: []string{"sts.amazonaws.com", "vault"}, Thumbprint: "abc"}
			}),
			check: func(t *testing.T, plan eksPlan) {
				assert.Equal(t, &oidcPlan{ClientIDs: []string{"sts.amazonaws.com", "vault"}, Thumbprint: "abc"}, plan.OIDC)
			},
		},
		{
			name: "given add-ons replace the defaults",
			args: eksArgs(func(a *EksClusterArgs) { a.Addons = []EksAddon{{Name: "vpc-cni", Version: "v1.19.0-eksbuild.1"}} }),
			check: func(t *testing.T, plan eksPlan) {
				assert.Equal(t, []EksAddon{{Name: "vpc-cni", Version: "v1.19.0-eksbuild.1"}}, plan.Addons)
			},
		},
		{
			name: "node group options are kept",
			args: eksArgs(func(a *EksClusterArgs) {
				a.NodeGroups[0].DiskSizeGiB = ptr(100)
				a.NodeGroups[0].CapacityType = "SPOT"
				a.NodeGroups[0].AmiType = "AL2023_ARM_64_STANDARD"
				a.NodeGroups[0].Labels = map[string]string{"tier": "batch"}
				a.NodeGroups[0].Taints = []EksTaint{{Key: "batch", Value: "true", Effect: "NO_SCHEDULE"}}
			}),
			check: func(t *testing.T, plan eksPlan) {
				g := plan.NodeGroups[0]
				assert.Equal(t, 100, g.DiskSizeGiB)
				assert.Equal(t, "SPOT", g.CapacityType)
				assert.Equal(t, "AL2023_ARM_64_STANDARD", g.AMIType)
				assert.Equal(t, map[string]string{"tier": "batch"}, g.Labels)
				assert.Equal(t, []EksTaint{{Key: "batch", Value: "true", Effect: "NO_SCHEDULE"}}, g.Taints)
			},
		},
		{
			name: "an older supported version, fewer log types and a longer retention are accepted",
			args: eksArgs(func(a *EksClusterArgs) {
				a.Version = compliance.EKSSupportedVersions[0]
				a.EnabledLogTypes = []string{"api", "audit"}
				a.LogRetentionDays = ptr(365)
				a.AuthenticationMode = "API_AND_CONFIG_MAP"
			}),
			check: func(t *testing.T, plan eksPlan) {
				assert.Equal(t, compliance.EKSSupportedVersions[0], plan.Version)
				assert.Equal(t, []string{"api", "audit"}, plan.LogTypes)
				assert.Equal(t, 365, plan.LogRetention)
				assert.Equal(t, "API_AND_CONFIG_MAP", plan.AuthMode)
			},
		},
		{
			name: "subnets that are outputs of another resource are not judged",
			args: eksArgs(func(a *EksClusterArgs) { a.SubnetIds = pulumi.StringArrayOutput{} }),
			check: func(t *testing.T, plan eksPlan) {
				assert.Equal(t, "acme-dev-main", plan.ClusterName)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, probs := planEksCluster("main", tt.args, testOrg(standards.Enforce), knownLen(tt.args.SubnetIds))
			require.Zero(t, probs.Len(), "%v", probs.Items())
			tt.check(t, plan)
		})
	}
}

func TestKnownLen(t *testing.T) {
	assert.Equal(t, 0, knownLen(nil))
	assert.Equal(t, 0, knownLen(pulumi.StringArray{}))
	assert.Equal(t, 2, knownLen(eksSubnets))
	assert.Equal(t, -1, knownLen(pulumi.StringArrayOutput{}), "an output is not known yet")
}

type eksReject struct {
	name     string
	comp     string // the component name; "main" when empty
	args     EksClusterArgs
	wantCode string
	wantPath string
	wantText string
}

var eksRejects = []eksReject{
	{name: "minSize above maxSize is rejected",
		args:     eksArgs(func(a *EksClusterArgs) { a.NodeGroups[0].MinSize, a.NodeGroups[0].DesiredSize = 5, 2 }),
		wantCode: "EKS001", wantPath: "nodeGroups[0].minSize", wantText: "5 is greater than maxSize (3)"},
	{name: "desiredSize above maxSize is rejected",
		args:     eksArgs(func(a *EksClusterArgs) { a.NodeGroups[0].DesiredSize = 7 }),
		wantCode: "EKS001", wantPath: "nodeGroups[0].desiredSize", wantText: "7 is outside minSize..maxSize (1..3)"},
	{name: "desiredSize below minSize is rejected",
		args:     eksArgs(func(a *EksClusterArgs) { a.NodeGroups[0].DesiredSize = 0 }),
		wantCode: "EKS001", wantPath: "nodeGroups[0].desiredSize", wantText: "0 is outside minSize..maxSize (1..3)"},
	{name: "maxSize 0 is rejected",
		args: eksArgs(func(a *EksClusterArgs) {
			a.NodeGroups[0].MinSize, a.NodeGroups[0].MaxSize, a.NodeGroups[0].DesiredSize = 0, 0, 0
		}),
		wantCode: "EKS001", wantPath: "nodeGroups[0].maxSize", wantText: "0 must be at least 1"},
	{name: "a node group without instance types is rejected",
		args:     eksArgs(func(a *EksClusterArgs) { a.NodeGroups[0].InstanceTypes = []string{} }),
		wantCode: "EKS002", wantPath: "nodeGroups[0].instanceTypes", wantText: "nodeGroups[0].instanceTypes: is empty"},
	{name: "a repeated node group name is rejected",
		args:     eksArgs(func(a *EksClusterArgs) { a.NodeGroups = append(a.NodeGroups, a.NodeGroups[0]) }),
		wantCode: "EKS003", wantPath: "nodeGroups[1].name", wantText: `"workers" is used by an earlier node group`},
	{name: "an unsupported Kubernetes version is rejected",
		args:     eksArgs(func(a *EksClusterArgs) { a.Version = "1.20" }),
		wantCode: "EKS004", wantPath: "version", wantText: `"1.20" is not supported (supported: 1.`},
	{name: "a public endpoint without CIDRs is rejected",
		args:     eksArgs(func(a *EksClusterArgs) { a.EndpointPublicAccess = ptr(true) }),
		wantCode: "EKS005", wantPath: "publicAccessCidrs", wantText: "is empty while endpointPublicAccess is true"},
	{name: "a public endpoint open to the world is rejected in enforce mode",
		args: eksArgs(func(a *EksClusterArgs) {
			a.EndpointPublicAccess = ptr(true)
			a.PublicAccessCidrs = []string{"0.0.0.0/0"}
		}),
		wantCode: "EKS006", wantPath: "publicAccessCidrs[0]", wantText: `"0.0.0.0/0" opens the Kubernetes API to the whole internet`},
	{name: "an empty subnet list is rejected",
		args:     eksArgs(func(a *EksClusterArgs) { a.SubnetIds = pulumi.StringArray{} }),
		wantCode: "EKS007", wantPath: "subnetIds", wantText: "subnetIds: is an empty list"},
	{name: "an unknown taint effect is rejected",
		args: eksArgs(func(a *EksClusterArgs) {
			a.NodeGroups[0].Taints = []EksTaint{{Key: "k", Effect: "NO_SCHEDULE"}, {Key: "gpu", Effect: "NoSchedule"}}
		}),
		wantCode: "EKS008", wantPath: "nodeGroups[0].taints[1].effect", wantText: `"NoSchedule" is not a taint effect`},
	{name: "a retention CloudWatch does not offer is rejected",
		args:     eksArgs(func(a *EksClusterArgs) { a.LogRetentionDays = ptr(10) }),
		wantCode: "EKS009", wantPath: "logRetentionDays", wantText: "10 is not a CloudWatch Logs retention period"},
	{name: "an unknown log type is rejected",
		args:     eksArgs(func(a *EksClusterArgs) { a.EnabledLogTypes = []string{"api", "kubelet"} }),
		wantCode: "EKS010", wantPath: "enabledLogTypes[1]", wantText: `"kubelet" is not a control-plane log type`},
	{name: "an unknown capacity type is rejected",
		args:     eksArgs(func(a *EksClusterArgs) { a.NodeGroups[0].CapacityType = "RESERVED" }),
		wantCode: "EKS011", wantPath: "nodeGroups[0].capacityType", wantText: `"RESERVED" is not a capacity type`},
	{name: "the CONFIG_MAP authentication mode is rejected",
		args:     eksArgs(func(a *EksClusterArgs) { a.AuthenticationMode = "CONFIG_MAP" }),
		wantCode: "EKS012", wantPath: "authenticationMode", wantText: `"CONFIG_MAP" is not an authentication mode`},
	{name: "namespace scope without namespaces is rejected",
		args: eksArgs(func(a *EksClusterArgs) {
			a.AccessEntries = []EksAccessEntry{{PrincipalArn: pulumi.String("arn:aws:iam::1:role/dev"),
				AccessPolicy: "AmazonEKSEditPolicy", Scope: "namespaces"}}
		}),
		wantCode: "EKS013", wantPath: "accessEntries[0].namespaces", wantText: "is empty while scope is namespaces"},
	{name: "cluster scope with namespaces is rejected",
		args: eksArgs(func(a *EksClusterArgs) {
			a.AccessEntries = []EksAccessEntry{{PrincipalArn: pulumi.String("arn:aws:iam::1:role/dev"),
				AccessPolicy: "AmazonEKSEditPolicy", Scope: "cluster", Namespaces: []string{"team-a"}}}
		}),
		wantCode: "EKS013", wantPath: "accessEntries[0].namespaces", wantText: "is set while scope is cluster"},
	{name: "an unknown access scope is rejected",
		args: eksArgs(func(a *EksClusterArgs) {
			a.AccessEntries = []EksAccessEntry{{PrincipalArn: pulumi.String("arn:aws:iam::1:role/dev"),
				AccessPolicy: "AmazonEKSEditPolicy", Scope: "everything"}}
		}),
		wantCode: "EKS013", wantPath: "accessEntries[0].scope", wantText: `"everything" is not a scope`},
	{name: "a node group name with a space is rejected",
		args:     eksArgs(func(a *EksClusterArgs) { a.NodeGroups[0].Name = "my workers" }),
		wantCode: "EKS014", wantPath: "nodeGroups[0].name", wantText: `"my workers" is not a node group name`},
	{name: "a root volume under 20 GiB is rejected",
		args:     eksArgs(func(a *EksClusterArgs) { a.NodeGroups[0].DiskSizeGiB = ptr(10) }),
		wantCode: "EKS015", wantPath: "nodeGroups[0].diskSizeGiB", wantText: "10 is below 20 GiB"},
	{name: "a public CIDR that is not a network is rejected",
		args: eksArgs(func(a *EksClusterArgs) {
			a.EndpointPublicAccess = ptr(true)
			a.PublicAccessCidrs = []string{"203.0.113.0/24", "203.0.113.7/24"}
		}),
		wantCode: "EKS016", wantPath: "publicAccessCidrs[1]", wantText: `"203.0.113.7/24" is not a CIDR block`},
	{name: "a public CIDR that is not an address is rejected",
		args: eksArgs(func(a *EksClusterArgs) {
			a.EndpointPublicAccess = ptr(true)
			a.PublicAccessCidrs = []string{"office"}
		}),
		wantCode: "EKS016", wantPath: "publicAccessCidrs[0]", wantText: `"office" is not a CIDR block`},
	{name: "a cluster name over 100 characters is rejected",
		comp: strings.Repeat("c", 92), args: eksArgs(nil),
		wantCode: "EKS017", wantPath: "name", wantText: `"acme-dev-` + strings.Repeat("c", 92) + `" is not a valid EKS cluster name`},
	{name: "an access entry without an access policy is rejected",
		args: eksArgs(func(a *EksClusterArgs) {
			a.AccessEntries = []EksAccessEntry{{PrincipalArn: pulumi.String("arn:aws:iam::1:role/dev")}}
		}),
		wantCode: "EKS018", wantPath: "accessEntries[0]", wantText: "accessEntries[0]: lacks principalArn or accessPolicy"},
	{name: "an access entry without a principal is rejected",
		args: eksArgs(func(a *EksClusterArgs) {
			a.AccessEntries = []EksAccessEntry{{AccessPolicy: "AmazonEKSViewPolicy"}}
		}),
		wantCode: "EKS018", wantPath: "accessEntries[0]", wantText: "lacks principalArn or accessPolicy"},
	{name: "an add-on listed twice is rejected",
		args: eksArgs(func(a *EksClusterArgs) {
			a.Addons = []EksAddon{{Name: "vpc-cni"}, {Name: "coredns"}, {Name: "vpc-cni", Version: "v1"}}
		}),
		wantCode: "EKS019", wantPath: "addons[2].name", wantText: `"vpc-cni" is listed twice`},
}

// TestPlanEksClusterRejects has one case (or more) per validation rule of
// the component. Each names the rule it proves.
func TestPlanEksClusterRejects(t *testing.T) {
	for _, tt := range eksRejects {
		t.Run(tt.name, func(t *testing.T) {
			comp := tt.comp
			if comp == "" {
				comp = "main"
			}
			_, probs := planEksCluster(comp, tt.args, testOrg(standards.Enforce), knownLen(tt.args.SubnetIds))
			found := findProblem(probs, tt.wantCode, tt.wantPath)
			require.NotNil(t, found, "want %s at %s, got %v", tt.wantCode, tt.wantPath, probs.Items())
			msg := found.Error()
			assert.Contains(t, msg, tt.wantText, "the message says what is wrong")
			assert.Contains(t, msg, "["+tt.wantCode+"]", "the message names the rule")
			assert.Contains(t, msg, "; fix: ", "the message says how to fix it")
		})
	}
}

// TestEveryEksRuleHasAFailingCase keeps eksRejects complete.
func TestEveryEksRuleHasAFailingCase(t *testing.T) {
	tested := map[string]bool{}
	for _, tt := range eksRejects {
		tested[tt.wantCode] = true
	}
	n := 0
	for _, r := range problem.Rules() {
		if strings.HasPrefix(r.Code, "EKS") {
			n++
			assert.True(t, tested[r.Code], "rule %s (%s) has no failing case", r.Code, r.Summary)
			assert.NotEmpty(t, r.Fix, "rule %s has no fix", r.Code)
		}
	}
	assert.Equal(t, 19, n, "EKS001 to EKS019")
}

func TestPlanEksClusterValidCasesNextToTheLimits(t *testing.T) {
	tests := []struct {
		name string
		comp string
		args EksClusterArgs
	}{
		{"a cluster name of exactly 100 characters", strings.Repeat("c", 91), eksArgs(nil)},
		{"a root volume of exactly 20 GiB", "main", eksArgs(func(a *EksClusterArgs) { a.NodeGroups[0].DiskSizeGiB = ptr(20) })},
		{"a 63-character node group name", "main", eksArgs(func(a *EksClusterArgs) { a.NodeGroups[0].Name = strings.Repeat("n", 63) })},
		{"min = desired = max", "main", eksArgs(func(a *EksClusterArgs) {
			a.NodeGroups[0].MinSize, a.NodeGroups[0].DesiredSize, a.NodeGroups[0].MaxSize = 2, 2, 2
		})},
		{"namespace scope with namespaces", "main", eksArgs(func(a *EksClusterArgs) {
			a.AccessEntries = []EksAccessEntry{{PrincipalArn: pulumi.String("arn:aws:iam::1:role/dev"),
				AccessPolicy: "AmazonEKSEditPolicy", Scope: "namespaces", Namespaces: []string{"team-a"}}}
		})},
		{"no node groups at all", "main", eksArgs(func(a *EksClusterArgs) { a.NodeGroups = nil })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := planEksCluster(tt.comp, tt.args, testOrg(standards.Enforce), knownLen(tt.args.SubnetIds))
			assert.Zero(t, probs.Len(), "%v", probs.Items())
		})
	}
	_, probs := planEksCluster("main", eksArgs(func(a *EksClusterArgs) { a.NodeGroups[0].Name = strings.Repeat("n", 64) }),
		testOrg(standards.Enforce), 2)
	assert.Equal(t, []string{"EKS014"}, ruleCodes(probs), "64 characters is one too many")
}

func TestPlanEksClusterWorldOpenEndpointOnlyWarnsInAuditMode(t *testing.T) {
	args := eksArgs(func(a *EksClusterArgs) {
		a.EndpointPublicAccess = ptr(true)
		a.PublicAccessCidrs = []string{"0.0.0.0/0"}
	})
	plan, probs := planEksCluster("main", args, testOrg(standards.Audit), 2)
	require.Zero(t, probs.Len(), "audit mode does not fail: %v", probs.Items())
	require.Len(t, plan.Warnings, 1)
	assert.True(t, strings.HasPrefix(plan.Warnings[0], "audit: "), plan.Warnings[0])
	assert.Contains(t, plan.Warnings[0], "[EKS006]")
	assert.Contains(t, plan.Warnings[0], `publicAccessCidrs[0]: "0.0.0.0/0"`)
	assert.Equal(t, []string{"0.0.0.0/0"}, plan.PublicCidrs, "audit mode honours the input")

	_, probs = planEksCluster("main", args, testOrg(standards.Off), 2)
	assert.Zero(t, probs.Len(), "off mode drops the breach")

	_, report, probs := unpack(assessEksCluster("main", args, testConfig(standards.Audit)))
	require.Zero(t, probs.Len(), "%v", probs.Items())
	assert.Equal(t, "fail", statuses(report)["eks-private-endpoint"], "the report records the failure")
}

// --- assess: the compliance controls ---

func TestAssessEksClusterDefaultsPassEveryControl(t *testing.T) {
	for _, groups := range []int{0, 2} {
		args := eksArgs(func(a *EksClusterArgs) {
			a.NodeGroups = nil
			for i := range groups {
				a.NodeGroups = append(a.NodeGroups, EksNodeGroup{Name: "g" + string(rune('a'+i)),
					InstanceTypes: []string{"m5.large"}, MinSize: 1, MaxSize: 2, DesiredSize: 1})
			}
		})
		plan, report, probs := unpack(assessEksCluster("main", args, testConfig(standards.Enforce)))
		require.Zero(t, probs.Len(), "%v", probs.Items())
		assert.Equal(t, map[string]string{
			"eks-private-endpoint":       "pass",
			"eks-control-plane-logging":  "pass",
			"eks-secrets-encryption":     "pass",
			"eks-supported-version":      "pass",
			"eks-node-imdsv2":            "pass",
			"eks-node-volume-encryption": "pass",
			"kms-key-rotation":           "pass",
		}, statuses(report), "%d node groups", groups)
		assert.Equal(t, compliance.Summary{Pass: 7}, report.Summary)
		assert.Equal(t, "enforce", report.Enforcement)
		assert.NotEmpty(t, plan.Tags["compliance:frameworks"], "the compliance tags are added")
		assert.Equal(t, "acme", plan.Tags["Organization"])
		assert.Empty(t, standards.ValidateAWSTags("tags", plan.Tags).Items(), "compliance tags follow AWS's rules")
	}
}

func TestAssessEksClusterGivenKeyMakesKeyRotationNotApplicable(t *testing.T) {
	plan, report, probs := unpack(assessEksCluster("main", eksArgs(func(a *EksClusterArgs) {
		a.KmsKeyArn = pulumi.String("arn:aws:kms:us-west-2:123456789012:key/given")
	}), testConfig(standards.Enforce)))
	require.Zero(t, probs.Len(), "%v", probs.Items())
	assert.False(t, plan.CreateKey, "no key is created")
	st := statuses(report)
	assert.Equal(t, "not-applicable", st["kms-key-rotation"])
	assert.Equal(t, "pass", st["eks-secrets-encryption"], "the given key still encrypts the secrets")
}

func TestAssessEksClusterPublicEndpointFailsUnlessWaived(t *testing.T) {
	public := func(waivers ...compliance.Waiver) EksClusterArgs {
		return eksArgs(func(a *EksClusterArgs) {
			a.EndpointPublicAccess = ptr(true)
			a.PublicAccessCidrs = []string{"203.0.113.0/24"}
			a.Waivers = waivers
		})
	}

	_, report, probs := unpack(assessEksCluster("main", public(), testConfig(standards.Enforce)))
	assert.Equal(t, "fail", statuses(report)["eks-private-endpoint"])
	require.Equal(t, 1, probs.Len(), "only the control fails; the CIDRs are fine: %v", probs.Items())
	p := probs.Items()[0]
	assert.Equal(t, "eks-private-endpoint", p.Rule.Code)
	assert.Contains(t, p.Error(), "fails control eks-private-endpoint")
	assert.Contains(t, p.Error(), "; fix: ")

	waiver := compliance.Waiver{Control: "eks-private-endpoint", Reason: "CI runners reach the API from the office",
		Expires: "2026-12-31"}
	_, report, probs = unpack(assessEksCluster("main", public(waiver), testConfig(standards.Enforce)))
	require.Zero(t, probs.Len(), "a component waiver accepts the failing control: %v", probs.Items())
	assert.Equal(t, "waived", statuses(report)["eks-private-endpoint"])
	assert.Equal(t, 1, report.Summary.Waived)

	cfg := testConfig(standards.Enforce)
	cfg.Policy.Waivers = []compliance.Waiver{{Control: "eks-private-endpoint", Reason: "r", Expires: "2027-01-01", Component: "main"}}
	_, report, probs = unpack(assessEksCluster("main", public(), cfg))
	assert.Zero(t, probs.Len(), "a provider waiver for this component applies")
	assert.Equal(t, "waived", statuses(report)["eks-private-endpoint"])

	expired := waiver
	expired.Expires = "2026-01-31"
	_, report, probs = unpack(assessEksCluster("main", public(expired), testConfig(standards.Enforce)))
	assert.Equal(t, "fail", statuses(report)["eks-private-endpoint"], "an expired waiver does not count")
	require.Equal(t, 1, probs.Len())
	assert.Contains(t, probs.Items()[0].Error(), "expired on 2026-01-31")
}

func TestAssessEksClusterEnforcesControls(t *testing.T) {
	tests := []struct {
		name    string
		args    EksClusterArgs
		control string
	}{
		{"turning the private endpoint off fails eks-private-endpoint",
			eksArgs(func(a *EksClusterArgs) {
				a.EndpointPrivateAccess = ptr(false)
				a.EndpointPublicAccess = ptr(true)
				a.PublicAccessCidrs = []string{"203.0.113.0/24"}
			}), "eks-private-endpoint"},
		{"fewer log types fail eks-control-plane-logging",
			eksArgs(func(a *EksClusterArgs) { a.EnabledLogTypes = []string{"api", "audit"} }), "eks-control-plane-logging"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, report, probs := unpack(assessEksCluster("main", tt.args, testConfig(standards.Enforce)))
			assert.Equal(t, "fail", statuses(report)[tt.control])
			assert.Equal(t, []string{tt.control}, ruleCodes(probs))

			_, report, probs = unpack(assessEksCluster("main", tt.args, testConfig(standards.Audit)))
			assert.Zero(t, probs.Len(), "audit mode deploys")
			assert.Equal(t, "fail", statuses(report)[tt.control], "and records the failure")
		})
	}
}

func TestAssessEksClusterReportsEveryProblemAtOnce(t *testing.T) {
	args := EksClusterArgs{
		SubnetIds:             pulumi.StringArray{},
		Version:               "1.20",
		EndpointPublicAccess:  ptr(true),
		PublicAccessCidrs:     []string{"0.0.0.0/0", "office"},
		EnabledLogTypes:       []string{"api", "kubelet"},
		LogRetentionDays:      ptr(10),
		AuthenticationMode:    "CONFIG_MAP",
		AccessEntries:         []EksAccessEntry{{PrincipalArn: pulumi.String("arn:aws:iam::1:role/dev"), Scope: "namespaces"}},
		Addons:                []EksAddon{{Name: "coredns"}, {Name: "coredns"}},
		EndpointPrivateAccess: ptr(true),
		NodeGroups: []EksNodeGroup{
			{Name: "bad name", MinSize: 3, MaxSize: 1, DesiredSize: 2, DiskSizeGiB: ptr(10), CapacityType: "RESERVED",
				Taints: []EksTaint{{Key: "k", Effect: "NoSchedule"}}},
			{Name: "bad name", InstanceTypes: []string{"m5.large"}, MinSize: 1, MaxSize: 1, DesiredSize: 5},
		},
	}
	_, _, probs := unpack(assessEksCluster(strings.Repeat("x", 95), args, testConfig(standards.Enforce)))
	assert.ElementsMatch(t, []string{
		"EKS017", "EKS004", "EKS007", "EKS006", "EKS016", "EKS010", "EKS009", "EKS012", "EKS018", "EKS013",
		"EKS014", "EKS002", "EKS001", "EKS015", "EKS011", "EKS008", // first node group
		"EKS014", "EKS003", "EKS001", // second node group
		"EKS019",
		"eks-private-endpoint", "eks-control-plane-logging", "eks-supported-version",
	}, ruleCodes(probs))
}

func TestCheckEksClusterJudgesKnownSubnetsOnly(t *testing.T) {
	cfg := testConfig(standards.Enforce)
	assert.Equal(t, []string{"EKS007"}, ruleCodes(EksClusterSpec.Check("main", EksClusterArgs{SubnetIds: pulumi.StringArray{}}, cfg)),
		"a known empty list is rejected")
	assert.Equal(t, []string{"EKS007"}, ruleCodes(EksClusterSpec.Check("main", EksClusterArgs{}, cfg)),
		"no subnets at all are rejected")
	assert.Zero(t, EksClusterSpec.Check("main", EksClusterArgs{SubnetIds: pulumi.StringArrayOutput{}}, cfg).Len(),
		"subnets from another resource are not known yet")
	assert.Zero(t, EksClusterSpec.Check("main", EksClusterArgs{SubnetIds: eksSubnets}, cfg).Len())
}

func TestKubeconfigUsesTheAwsExecPlugin(t *testing.T) {
	doc, err := kubeconfig("acme-dev-main", "https://example.eks.amazonaws.com", "Q0E=", "us-west-2")
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"apiVersion": "v1", "kind": "Config", "current-context": "acme-dev-main",
		"clusters": [{"name": "acme-dev-main", "cluster": {"server": "https://example.eks.amazonaws.com", "certificate-authority-data": "Q0E="}}],
		"contexts": [{"name": "acme-dev-main", "context": {"cluster": "acme-dev-main", "user": "acme-dev-main"}}],
		"users": [{"name": "acme-dev-main", "user": {"exec": {
			"apiVersion": "client.authentication.k8s.io/v1beta1", "command": "aws",
			"args": ["eks", "get-token", "--cluster-name", "acme-dev-main", "--region", "us-west-2", "--output", "json"]}}}]
	}`, doc)
}
