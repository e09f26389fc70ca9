package aws_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/testharness"
	"github.com/orgiac/pulumi-orgiac/internal/version"
	"github.com/orgiac/pulumi-orgiac/provider"
)

const (
	eksCluster        = "orgiac:aws:EksCluster"
	tEksCluster       = "aws:eks/cluster:Cluster"
	tEksNodeGroup     = "aws:eks/nodeGroup:NodeGroup"
	tEksAccessEntry   = "aws:eks/accessEntry:AccessEntry"
	tEksAccessPolicy  = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"
	tEksAddon         = "aws:eks/addon:Addon"
	tLaunchTemplate   = "aws:ec2/launchTemplate:LaunchTemplate"
	tRoleAttachment   = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	tOidcProvider     = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
	tKmsAlias         = "aws:kms/alias:Alias"
	tGetPartition     = "aws:index/getPartition:getPartition"
	testEksIssuer     = "https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
	testEksEndpoint   = "https://EXAMPLED539D4633E53DE1B71EXAMPLE.gr7.us-west-2.eks.amazonaws.com"
	testEksCA         = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t"
	testEksClusterSG  = "sg-0eks0cluster0"
	testEksThumbprint = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280"
)

// eksOutputs fakes the computed outputs of the EKS resources, on top of the
// VPC and bucket fakes.
func eksOutputs(typ, name string, in property.Map) map[string]property.Value {
	switch typ {
	case tEksCluster:
		vpcConfig := map[string]property.Value{}
		if v := in.Get("vpcConfig"); v.IsMap() {
			vpcConfig = v.AsMap().AsMap()
		}
		vpcConfig["clusterSecurityGroupId"] = property.New(testEksClusterSG)
		clusterName := testharness.Str(in.Get("name"))
		return map[string]property.Value{
			"name":                 property.New(clusterName),
			"arn":                  property.New("arn:aws:eks:" + testAccountPart + ":cluster/" + clusterName),
			"endpoint":             property.New(testEksEndpoint),
			"certificateAuthority": property.New(map[string]property.Value{"data": property.New(testEksCA)}),
			"identities": property.New([]property.Value{property.New(map[string]property.Value{
				"oidcs": property.New([]property.Value{property.New(map[string]property.Value{
					"issuer": property.New(testEksIssuer),
				})}),
			})}),
			"vpcConfig": property.New(vpcConfig),
		}
	case tLaunchTemplate:
		return map[string]property.Value{"latestVersion": property.New(1.0)}
	case tKey:
		return map[string]property.Value{
			"arn":   property.New("arn:aws:kms:" + testAccountPart + ":key/" + name),
			"keyId": property.New(name + "-key-id"),
		}
	case tRole:
		return map[string]property.Value{
			"name": property.New(name + "-role"),
			"arn":  property.New("arn:aws:iam::123456789012:role/" + name),
		}
	case tOidcProvider:
		return map[string]property.Value{"arn": property.New("arn:aws:iam::123456789012:oidc-provider/" +
			strings.TrimPrefix(testharness.Str(in.Get("url")), "https://"))}
	}
	return vpcOutputs(typ, name, in)
}

// eksInvokes answers the partition and region lookups of an EksCluster, and
// the zone lookup of a SecureVpc next to it.
func eksInvokes(token string, args property.Map) (property.Map, error) {
	if token == tGetPartition {
		return property.NewMap(map[string]property.Value{
			"id": property.New("aws"), "partition": property.New("aws"), "dnsSuffix": property.New("amazonaws.com"),
			"reverseDnsPrefix": property.New("com.amazonaws"),
		}), nil
	}
	return regionInvokes(oregonZones...)(token, args)
}

func newEksHarness(t *testing.T, cfg map[string]property.Value) *testharness.Harness {
	t.Helper()
	h := newHarness(t, cfg)
	h.Outputs = eksOutputs
	h.Invoke = eksInvokes
	return h
}

// eksInputs are valid inputs with one node group and one access entry.
func eksInputs() map[string]property.Value {
	return map[string]property.Value{
		"subnetIds": strs("subnet-a", "subnet-b", "subnet-c"),
		"nodeGroups": specs(spec("name", "workers", "instanceTypes", strs("m5.large", "m5a.large"),
			"minSize", 1, "maxSize", 5, "desiredSize", 3)),
		"accessEntries": specs(spec("principalArn", "arn:aws:iam::123456789012:role/platform-admins",
			"accessPolicy", "AmazonEKSClusterAdminPolicy")),
		"tags": property.New(map[string]property.Value{"Team": property.New("platform")}),
	}
}

func TestEksClusterRegistersTheSecureCluster(t *testing.T) {
	h := newEksHarness(t, baseConfig())
	resp, err := h.Construct(eksCluster, "main", eksInputs())
	require.NoError(t, err)

	assert.Equal(t, map[string]int{
		eksCluster: 1, tRole: 2, tRoleAttachment: 5, tKey: 1, tKmsAlias: 1, tLogGroup: 1, tEksCluster: 1,
		tLaunchTemplate: 1, tEksNodeGroup: 1, tOidcProvider: 1, tEksAccessEntry: 1, tEksAccessPolicy: 1, tEksAddon: 4,
	}, typeCounts(h))
	assert.Equal(t, eksCluster, h.Types()[0], "the component is registered first")
	assertUniqueNames(t, h)

	t.Run("every child is parented to the component", func(t *testing.T) {
		for _, c := range h.Children() {
			if c.Type == eksCluster {
				continue
			}
			assert.Equal(t, string(resp.Urn), c.Parent, "%s %s", c.Type, c.Name)
		}
	})

	t.Run("the partition and region are looked up", func(t *testing.T) {
		var tokens []string
		for _, c := range h.Invokes() {
			tokens = append(tokens, c.Token)
		}
		assert.ElementsMatch(t, []string{tGetPartition, tGetRegion}, tokens)
	})

	t.Run("the IAM roles trust EKS and EC2 and carry the AWS-managed policies", func(t *testing.T) {
		roles := byName(h, tRole)
		require.Contains(t, roles, "main-cluster")
		require.Contains(t, roles, "main-node")
		assert.Contains(t, testharness.Str(roles["main-cluster"].Inputs.Get("assumeRolePolicy")), `"Service":"eks.amazonaws.com"`)
		assert.Contains(t, testharness.Str(roles["main-node"].Inputs.Get("assumeRolePolicy")), `"Service":"ec2.amazonaws.com"`)

		got := map[string]string{}
		for name, a := range byName(h, tRoleAttachment) {
			got[name] = testharness.Str(a.Inputs.Get("role")) + " " + testharness.Str(a.Inputs.Get("policyArn"))
		}
		assert.Equal(t, map[string]string{
			"main-cluster-policy":                          "main-cluster-role arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
			"main-node-AmazonEKSWorkerNodePolicy":          "main-node-role arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
			"main-node-AmazonEKS_CNI_Policy":               "main-node-role arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
			"main-node-AmazonEC2ContainerRegistryReadOnly": "main-node-role arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
			"main-node-AmazonSSMManagedInstanceCore":       "main-node-role arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
		}, got)
	})

	t.Run("a rotated KMS key with an alias encrypts the secrets", func(t *testing.T) {
		key := h.Child(t, tKey)
		assert.Equal(t, "main-secrets", key.Name)
		assert.True(t, key.Inputs.Get("enableKeyRotation").AsBool())
		alias := h.Child(t, tKmsAlias)
		assert.Equal(t, "alias/acme-test-main-eks-secrets", testharness.Str(alias.Inputs.Get("name")))
		assert.Equal(t, "main-secrets-key-id", testharness.Str(alias.Inputs.Get("targetKeyId")))
	})

	t.Run("the control-plane log group exists before the cluster with 90 days retention", func(t *testing.T) {
		lg := h.Child(t, tLogGroup)
		assert.Equal(t, "/aws/eks/acme-test-main/cluster", testharness.Str(lg.Inputs.Get("name")),
			"the name EKS writes to, so the cluster does not create its own")
		assert.Equal(t, 90.0, lg.Inputs.Get("retentionInDays").AsNumber())
		cluster := h.Child(t, tEksCluster)
		assert.True(t, slices.ContainsFunc(cluster.Deps, func(urn string) bool {
			return strings.HasSuffix(urn, "$"+tLogGroup+"::main-control-plane")
		}), "the cluster waits for its log group: %v", cluster.Deps)
	})

	t.Run("the cluster is private, logs everything, encrypts secrets and uses access entries", func(t *testing.T) {
		c := h.Child(t, tEksCluster)
		in := c.Inputs
		assert.Equal(t, "main", c.Name)
		assert.Equal(t, "acme-test-main", testharness.Str(in.Get("name")))
		assert.Equal(t, compliance.EKSSupportedVersions[len(compliance.EKSSupportedVersions)-1], testharness.Str(in.Get("version")))
		assert.Equal(t, "arn:aws:iam::123456789012:role/main-cluster", testharness.Str(in.Get("roleArn")))
		assert.True(t, testharness.Get(in, "vpcConfig.endpointPrivateAccess").AsBool())
		assert.False(t, testharness.Get(in, "vpcConfig.endpointPublicAccess").AsBool())
		assert.Empty(t, strList(testharness.Get(in, "vpcConfig.publicAccessCidrs")))
		assert.Empty(t, strList(testharness.Get(in, "vpcConfig.securityGroupIds")), "no extra group without vpcId")
		assert.Equal(t, []string{"subnet-a", "subnet-b", "subnet-c"}, strList(testharness.Get(in, "vpcConfig.subnetIds")))
		assert.Equal(t, []string{"api", "audit", "authenticator", "controllerManager", "scheduler"},
			strList(in.Get("enabledClusterLogTypes")))
		assert.Equal(t, []string{"secrets"}, strList(testharness.Get(in, "encryptionConfig.resources")))
		assert.Equal(t, "arn:aws:kms:"+testAccountPart+":key/main-secrets",
			testharness.Str(testharness.Get(in, "encryptionConfig.provider.keyArn")))
		assert.Equal(t, "API", testharness.Str(testharness.Get(in, "accessConfig.authenticationMode")))
		bootstrap := testharness.Get(in, "accessConfig.bootstrapClusterCreatorAdminPermissions")
		require.True(t, bootstrap.IsBool())
		assert.False(t, bootstrap.AsBool(), "the creator gets no hidden admin access")
	})

	t.Run("nodes use a launch template with IMDSv2 and an encrypted gp3 root volume", func(t *testing.T) {
		lt := h.Child(t, tLaunchTemplate)
		assert.Equal(t, "main-workers", lt.Name)
		assert.Equal(t, "enabled", testharness.Str(testharness.Get(lt.Inputs, "metadataOptions.httpEndpoint")))
		assert.Equal(t, "required", testharness.Str(testharness.Get(lt.Inputs, "metadataOptions.httpTokens")))
		assert.Equal(t, 1.0, testharness.Get(lt.Inputs, "metadataOptions.httpPutResponseHopLimit").AsNumber())
		ebs := "blockDeviceMappings[0].ebs"
		assert.Equal(t, "/dev/xvda", testharness.Str(testharness.Get(lt.Inputs, "blockDeviceMappings[0].deviceName")))
		assert.Equal(t, "true", testharness.Str(testharness.Get(lt.Inputs, ebs+".encrypted")))
		assert.Equal(t, "gp3", testharness.Str(testharness.Get(lt.Inputs, ebs+".volumeType")))
		assert.Equal(t, 50.0, testharness.Get(lt.Inputs, ebs+".volumeSize").AsNumber())
	})

	t.Run("the node group scales as asked and uses the launch template", func(t *testing.T) {
		ng := h.Child(t, tEksNodeGroup)
		in := ng.Inputs
		assert.Equal(t, "main-workers", ng.Name)
		assert.Equal(t, "acme-test-main", testharness.Str(in.Get("clusterName")))
		assert.Equal(t, "workers", testharness.Str(in.Get("nodeGroupName")))
		assert.Equal(t, "arn:aws:iam::123456789012:role/main-node", testharness.Str(in.Get("nodeRoleArn")))
		assert.Equal(t, []string{"subnet-a", "subnet-b", "subnet-c"}, strList(in.Get("subnetIds")))
		assert.Equal(t, []string{"m5.large", "m5a.large"}, strList(in.Get("instanceTypes")))
		assert.Equal(t, "ON_DEMAND", testharness.Str(in.Get("capacityType")))
		assert.Equal(t, "AL2023_x86_64_STANDARD", testharness.Str(in.Get("amiType")))
		assert.Equal(t, 1.0, testharness.Get(in, "scalingConfig.minSize").AsNumber())
		assert.Equal(t, 5.0, testharness.Get(in, "scalingConfig.maxSize").AsNumber())
		assert.Equal(t, 3.0, testharness.Get(in, "scalingConfig.desiredSize").AsNumber())
		assert.Equal(t, "main-workers-id", testharness.Str(testharness.Get(in, "launchTemplate.id")))
		assert.Equal(t, "1", testharness.Str(testharness.Get(in, "launchTemplate.version")))
		for _, policy := range []string{"AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy",
			"AmazonEC2ContainerRegistryReadOnly", "AmazonSSMManagedInstanceCore"} {
			assert.True(t, slices.ContainsFunc(ng.Deps, func(urn string) bool {
				return strings.HasSuffix(urn, "$"+tRoleAttachment+"::main-node-"+policy)
			}), "the node group waits for %s on the node role: %v", policy, ng.Deps)
		}
	})

	t.Run("the OIDC provider trusts the cluster's issuer for STS", func(t *testing.T) {
		oidc := h.Child(t, tOidcProvider)
		assert.Equal(t, testEksIssuer, testharness.Str(oidc.Inputs.Get("url")))
		assert.Equal(t, []string{"sts.amazonaws.com"}, strList(oidc.Inputs.Get("clientIdLists")))
		assert.Equal(t, []string{testEksThumbprint}, strList(oidc.Inputs.Get("thumbprintLists")))
	})

	t.Run("the access entry gets its policy for the whole cluster", func(t *testing.T) {
		principal := "arn:aws:iam::123456789012:role/platform-admins"
		entry := h.Child(t, tEksAccessEntry)
		assert.Equal(t, "acme-test-main", testharness.Str(entry.Inputs.Get("clusterName")))
		assert.Equal(t, principal, testharness.Str(entry.Inputs.Get("principalArn")))
		assert.Equal(t, "STANDARD", testharness.Str(entry.Inputs.Get("type")))
		assoc := h.Child(t, tEksAccessPolicy)
		assert.Equal(t, "acme-test-main", testharness.Str(assoc.Inputs.Get("clusterName")))
		assert.Equal(t, principal, testharness.Str(assoc.Inputs.Get("principalArn")))
		assert.Equal(t, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
			testharness.Str(assoc.Inputs.Get("policyArn")))
		assert.Equal(t, "cluster", testharness.Str(testharness.Get(assoc.Inputs, "accessScope.type")))
		assert.Empty(t, strList(testharness.Get(assoc.Inputs, "accessScope.namespaces")))
		assert.True(t, slices.ContainsFunc(assoc.Deps, func(urn string) bool {
			return strings.HasSuffix(urn, "$"+tEksAccessEntry+"::main-access-0")
		}), "the association waits for its entry: %v", assoc.Deps)
	})

	t.Run("the four core add-ons come after the nodes", func(t *testing.T) {
		addons := byName(h, tEksAddon)
		got := map[string]string{}
		for name, a := range addons {
			got[name] = testharness.Str(a.Inputs.Get("addonName"))
			assert.Equal(t, "acme-test-main", testharness.Str(a.Inputs.Get("clusterName")), name)
			assert.Equal(t, "OVERWRITE", testharness.Str(a.Inputs.Get("resolveConflictsOnUpdate")), name)
			assert.Empty(t, testharness.Str(a.Inputs.Get("addonVersion")), "EKS picks the version")
			assert.True(t, slices.ContainsFunc(a.Deps, func(urn string) bool {
				return strings.HasSuffix(urn, "$"+tEksNodeGroup+"::main-workers")
			}), "%s waits for the node group: %v", name, a.Deps)
		}
		assert.Equal(t, map[string]string{
			"main-vpc-cni": "vpc-cni", "main-coredns": "coredns", "main-kube-proxy": "kube-proxy",
			"main-eks-pod-identity-agent": "eks-pod-identity-agent",
		}, got)
	})

	t.Run("children carry the required, component, compliance and Name tags", func(t *testing.T) {
		for _, typ := range []string{tRole, tKey, tLogGroup, tEksCluster, tLaunchTemplate, tEksNodeGroup, tOidcProvider,
			tEksAccessEntry, tEksAddon} {
			for name, c := range byName(h, typ) {
				tags := stringMap(c.Inputs.Get("tags"))
				for k, v := range map[string]string{"Organization": "acme", "Environment": "test", "Project": "shop",
					"ManagedBy": "pulumi", "Owner": "team-data", "Team": "platform"} {
					assert.Equal(t, v, tags[k], "%s %s tag %s", typ, name, k)
				}
				assert.NotEmpty(t, tags["compliance:frameworks"], "%s %s", typ, name)
				assert.True(t, strings.HasPrefix(tags["Name"], "acme-test-main"), "%s %s Name %q", typ, name, tags["Name"])
			}
		}
		assert.Equal(t, "acme-test-main", stringMap(h.Child(t, tEksCluster).Inputs.Get("tags"))["Name"])
		assert.Equal(t, "acme-test-main-workers", stringMap(h.Child(t, tEksNodeGroup).Inputs.Get("tags"))["Name"])
	})

	t.Run("outputs report the cluster", func(t *testing.T) {
		st := resp.State
		assert.Equal(t, "acme-test-main", testharness.Str(st.Get("clusterName")))
		assert.Equal(t, "arn:aws:eks:"+testAccountPart+":cluster/acme-test-main", testharness.Str(st.Get("clusterArn")))
		assert.Equal(t, testEksEndpoint, testharness.Str(st.Get("endpoint")))
		assert.Equal(t, testEksCA, testharness.Str(st.Get("certificateAuthorityData")))
		assert.Equal(t, testEksIssuer, testharness.Str(st.Get("oidcIssuerUrl")))
		assert.Equal(t, "arn:aws:iam::123456789012:oidc-provider/"+strings.TrimPrefix(testEksIssuer, "https://"),
			testharness.Str(st.Get("oidcProviderArn")))
		assert.Equal(t, testEksClusterSG, testharness.Str(st.Get("clusterSecurityGroupId")))
		assert.Equal(t, "arn:aws:iam::123456789012:role/main-node", testharness.Str(st.Get("nodeRoleArn")))
		assert.Equal(t, "arn:aws:iam::123456789012:role/main-cluster", testharness.Str(st.Get("clusterRoleArn")))
		assert.Equal(t, "platform", stringMap(st.Get("tags"))["Team"])

		report := reportOf(t, st.Get("complianceReport"))
		assert.Equal(t, compliance.Summary{Pass: 7}, report.Summary)
		assert.Equal(t, "enforce", report.Enforcement)
	})

	t.Run("the kubeconfig is a secret that gets tokens from aws eks get-token", func(t *testing.T) {
		kc := resp.State.Get("kubeconfig")
		require.True(t, kc.Secret(), "the kubeconfig output is marked secret at run time")
		require.True(t, kc.IsString(), "the kubeconfig is known")
		var doc struct {
			CurrentContext string `json:"current-context"`
			Clusters       []struct {
				Name    string
				Cluster struct {
					Server string
					CA     string `json:"certificate-authority-data"`
				}
			}
			Users []struct {
				Name string
				User struct {
					Exec struct {
						APIVersion string `json:"apiVersion"`
						Command    string
						Args       []string
					}
				}
			}
		}
		require.NoError(t, json.Unmarshal([]byte(kc.AsString()), &doc))
		assert.Equal(t, "acme-test-main", doc.CurrentContext)
		require.Len(t, doc.Clusters, 1)
		assert.Equal(t, testEksEndpoint, doc.Clusters[0].Cluster.Server)
		assert.Equal(t, testEksCA, doc.Clusters[0].Cluster.CA)
		require.Len(t, doc.Users, 1)
		exec := doc.Users[0].User.Exec
		assert.Equal(t, "aws", exec.Command)
		assert.Equal(t, []string{"eks", "get-token", "--cluster-name", "acme-test-main", "--region", testRegion,
			"--output", "json"}, exec.Args)
		assert.Equal(t, "client.authentication.k8s.io/v1beta1", exec.APIVersion)
		for _, name := range []string{"clusterName", "endpoint", "oidcIssuerUrl", "oidcProviderArn"} {
			assert.False(t, resp.State.Get(name).Secret(), "%s stays readable", name)
		}
	})
}

func TestEksClusterSchemaMarksTheKubeconfigSecret(t *testing.T) {
	prov, err := provider.New()
	require.NoError(t, err)
	spec, err := p.GetSchema(context.Background(), version.Name, "1.0.0", prov)
	require.NoError(t, err)
	res, ok := spec.Resources[eksCluster]
	require.True(t, ok, "the schema has %s", eksCluster)
	assert.True(t, res.IsComponent)
	kc, ok := res.Properties["kubeconfig"]
	require.True(t, ok, "the schema has the kubeconfig output")
	assert.True(t, kc.Secret, "the kubeconfig output is secret in the schema")
	assert.False(t, res.Properties["endpoint"].Secret)
	assert.Contains(t, res.RequiredInputs, "subnetIds")
}

func TestEksClusterOptions(t *testing.T) {
	t.Run("a vpcId adds a control-plane security group in that VPC", func(t *testing.T) {
		h := newEksHarness(t, baseConfig())
		in := eksInputs()
		in["vpcId"] = property.New("vpc-0123")
		_, err := h.Construct(eksCluster, "main", in)
		require.NoError(t, err)
		assertUniqueNames(t, h)
		sg := h.Child(t, tSecurityGroup)
		assert.Equal(t, "main-control-plane", sg.Name)
		assert.Equal(t, "vpc-0123", testharness.Str(sg.Inputs.Get("vpcId")))
		assert.Empty(t, entries(sg.Inputs.Get("ingress")), "no rules by default")
		assert.Equal(t, []string{"main-control-plane-id"},
			strList(testharness.Get(h.Child(t, tEksCluster).Inputs, "vpcConfig.securityGroupIds")))
	})

	t.Run("a given key creates no key and no alias", func(t *testing.T) {
		h := newEksHarness(t, baseConfig())
		in := eksInputs()
		in["kmsKeyArn"] = property.New("arn:aws:kms:us-west-2:123456789012:key/given")
		resp, err := h.Construct(eksCluster, "main", in)
		require.NoError(t, err)
		assert.NotContains(t, h.Types(), tKey)
		assert.NotContains(t, h.Types(), tKmsAlias)
		assert.Equal(t, "arn:aws:kms:us-west-2:123456789012:key/given",
			testharness.Str(testharness.Get(h.Child(t, tEksCluster).Inputs, "encryptionConfig.provider.keyArn")))
		assert.Equal(t, "not-applicable", reportStatuses(reportOf(t, resp.State.Get("complianceReport")))["kms-key-rotation"])
	})

	t.Run("a public endpoint with a waiver lists its CIDRs", func(t *testing.T) {
		h := newEksHarness(t, baseConfig())
		in := eksInputs()
		in["endpointPublicAccess"] = property.New(true)
		in["publicAccessCidrs"] = strs("203.0.113.0/24")
		in["waivers"] = specs(spec("control", "eks-private-endpoint", "reason", "CI from the office",
			"expires", "2099-12-31"))
		resp, err := h.Construct(eksCluster, "main", in)
		require.NoError(t, err)
		vpc := testharness.Get(h.Child(t, tEksCluster).Inputs, "vpcConfig")
		assert.True(t, vpc.AsMap().Get("endpointPublicAccess").AsBool())
		assert.Equal(t, []string{"203.0.113.0/24"}, strList(vpc.AsMap().Get("publicAccessCidrs")))
		assert.Equal(t, "waived", reportStatuses(reportOf(t, resp.State.Get("complianceReport")))["eks-private-endpoint"])
	})

	t.Run("namespace-scoped access, spot nodes with taints, no OIDC and pinned add-ons", func(t *testing.T) {
		h := newEksHarness(t, baseConfig())
		in := eksInputs()
		in["accessEntries"] = specs(spec("principalArn", "arn:aws:iam::123456789012:role/team-a",
			"accessPolicy", "AmazonEKSEditPolicy", "scope", "namespaces", "namespaces", strs("team-a", "team-a-ci")))
		in["nodeGroups"] = specs(spec("name", "spot", "instanceTypes", strs("c6i.large"), "minSize", 0, "maxSize", 4,
			"desiredSize", 0, "capacityType", "SPOT", "diskSizeGiB", 100,
			"labels", map[string]property.Value{"lifecycle": property.New("spot")},
			"taints", specs(spec("key", "spot", "value", "true", "effect", "NO_SCHEDULE"))))
		in["oidcProvider"] = spec("enabled", false)
		in["addons"] = specs(spec("name", "vpc-cni", "version", "v1.19.2-eksbuild.1"))
		resp, err := h.Construct(eksCluster, "main", in)
		require.NoError(t, err)

		assoc := h.Child(t, tEksAccessPolicy)
		assert.Equal(t, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy", testharness.Str(assoc.Inputs.Get("policyArn")))
		assert.Equal(t, "namespace", testharness.Str(testharness.Get(assoc.Inputs, "accessScope.type")))
		assert.Equal(t, []string{"team-a", "team-a-ci"}, strList(testharness.Get(assoc.Inputs, "accessScope.namespaces")))

		ng := h.Child(t, tEksNodeGroup)
		assert.Equal(t, "SPOT", testharness.Str(ng.Inputs.Get("capacityType")))
		assert.Equal(t, 0.0, testharness.Get(ng.Inputs, "scalingConfig.desiredSize").AsNumber())
		assert.Equal(t, map[string]string{"lifecycle": "spot"}, stringMap(ng.Inputs.Get("labels")))
		assert.Equal(t, []map[string]any{{"key": "spot", "value": "true", "effect": "NO_SCHEDULE"}}, entries(ng.Inputs.Get("taints")))
		assert.Equal(t, 100.0, testharness.Get(h.Child(t, tLaunchTemplate).Inputs, "blockDeviceMappings[0].ebs.volumeSize").AsNumber())

		assert.NotContains(t, h.Types(), tOidcProvider)
		assert.Equal(t, "", testharness.Str(resp.State.Get("oidcProviderArn")), "no provider, no ARN")
		assert.Equal(t, testEksIssuer, testharness.Str(resp.State.Get("oidcIssuerUrl")), "the issuer is still reported")

		addon := h.Child(t, tEksAddon)
		assert.Equal(t, "v1.19.2-eksbuild.1", testharness.Str(addon.Inputs.Get("addonVersion")))
	})

	t.Run("a world-open endpoint deploys in audit mode", func(t *testing.T) {
		cfg := baseConfig()
		cfg["enforcement"] = property.New("audit")
		h := newEksHarness(t, cfg)
		in := eksInputs()
		in["endpointPublicAccess"] = property.New(true)
		in["publicAccessCidrs"] = strs("0.0.0.0/0")
		resp, err := h.Construct(eksCluster, "open", in)
		require.NoError(t, err)
		assert.Equal(t, []string{"0.0.0.0/0"}, strList(testharness.Get(h.Child(t, tEksCluster).Inputs, "vpcConfig.publicAccessCidrs")))
		report := reportOf(t, resp.State.Get("complianceReport"))
		assert.Equal(t, "fail", reportStatuses(report)["eks-private-endpoint"])
		assert.Equal(t, "audit", report.Enforcement)
	})
}

func TestEksClusterBadInputRegistersNothing(t *testing.T) {
	h := newEksHarness(t, baseConfig())
	in := eksInputs()
	in["subnetIds"] = property.New([]property.Value{})
	in["version"] = property.New("1.20")
	in["endpointPublicAccess"] = property.New(true)
	in["publicAccessCidrs"] = strs("0.0.0.0/0")
	in["logRetentionDays"] = property.New(10.0)
	in["authenticationMode"] = property.New("CONFIG_MAP")
	in["nodeGroups"] = specs(spec("name", "bad name", "instanceTypes", strs("m5.large"), "minSize", 3, "maxSize", 1,
		"desiredSize", 2, "diskSizeGiB", 10))
	_, err := h.Construct(eksCluster, "bad", in)
	require.Error(t, err)
	assert.Empty(t, h.Children(), "nothing, not even the component, is registered")
	assert.Empty(t, h.Invokes(), "nothing is looked up either")
	msg := err.Error()
	assert.Contains(t, msg, `orgiac:aws:EksCluster "bad" has 10 input problems; nothing was created`)
	for _, want := range []string{
		`subnetIds: is an empty list`, `version: "1.20"`, `publicAccessCidrs[0]: "0.0.0.0/0"`, `logRetentionDays: 10`,
		`authenticationMode: "CONFIG_MAP"`, `nodeGroups[0].name: "bad name"`, `nodeGroups[0].minSize: 3`,
		`nodeGroups[0].diskSizeGiB: 10`, "fails control eks-private-endpoint", "fails control eks-supported-version",
	} {
		assert.Contains(t, msg, want)
	}
	assert.ElementsMatch(t, []string{"EKS004", "EKS007", "EKS006", "EKS009", "EKS012", "EKS014", "EKS001", "EKS015",
		"eks-private-endpoint", "eks-supported-version"}, codesIn(msg), msg)
}

// TestEksClusterRegisteredInputsPassTheControls evaluates the controls over
// the inputs (and mocked outputs) the component really registered, linked the
// way `orgiac report` links state, and compares with the planned report.
func TestEksClusterRegisteredInputsPassTheControls(t *testing.T) {
	h := newEksHarness(t, baseConfig())
	resp, err := h.Construct(eksCluster, "main", eksInputs())
	require.NoError(t, err)

	var all []compliance.Resource
	for _, c := range h.Children() {
		if !c.Custom {
			continue
		}
		props := resource.ToResourcePropertyMap(c.Inputs).Mappable()
		for k, v := range eksOutputs(c.Type, c.Name, c.Inputs) {
			props[k] = resource.ToResourcePropertyValue(v).Mappable()
		}
		all = append(all, compliance.Resource{Type: c.Type, Name: c.Name, ID: c.Name + "-id", Props: props})
	}
	registered := compliance.Evaluate(eksCluster, "main", compliance.LinkSubjects(all),
		compliance.Policy{Today: time.Now()})
	planned := reportOf(t, resp.State.Get("complianceReport"))
	require.Len(t, planned.Controls, 7)
	require.Len(t, registered.Controls, len(planned.Controls))
	for i, c := range planned.Controls {
		assert.Equal(t, "pass", c.Status, c.ID)
		assert.Equal(t, c.ID, registered.Controls[i].ID)
		assert.Equal(t, c.Status, registered.Controls[i].Status, "control %s: planned vs registered (%s)",
			c.ID, registered.Controls[i].Reason)
	}
}
