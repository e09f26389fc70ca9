package index_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/testharness"
	"github.com/orgiac/pulumi-orgiac/provider"
)

const (
	deployment      = "orgiac:index:Deployment"
	secureVpc       = "orgiac:aws:SecureVpc"
	eksCluster      = "orgiac:aws:EksCluster"
	secureBucket    = "orgiac:aws:SecureBucket"
	secureVnet      = "orgiac:azure:SecureVnet"
	secureStorage   = "orgiac:azure:SecureStorageAccount"
	tAwsProvider    = "pulumi:providers:aws"
	tAzureProvider  = "pulumi:providers:azure-native"
	tVpc            = "aws:ec2/vpc:Vpc"
	tEksCluster     = "aws:eks/cluster:Cluster"
	tBucket         = "aws:s3/bucketV2:BucketV2"
	tSecurityGroup  = "aws:ec2/securityGroup:SecurityGroup"
	tStorageAccount = "azure-native:storage:StorageAccount"
	tResourceGroup  = "azure-native:resources:ResourceGroup"
	tGetZones       = "aws:index/getAvailabilityZones:getAvailabilityZones"
	tGetRegion      = "aws:index/getRegion:getRegion"
	tGetPartition   = "aws:index/getPartition:getPartition"
	testRegion      = "us-west-2"
)

// pv turns plain Go values (maps, lists, strings, bools, ints) into a
// property value the way the engine sends a config object: numbers as
// float64.
func pv(v any) property.Value {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]property.Value, len(x))
		for k, e := range x {
			m[k] = pv(e)
		}
		return property.New(m)
	case []any:
		a := make([]property.Value, len(x))
		for i, e := range x {
			a[i] = pv(e)
		}
		return property.New(a)
	case string:
		return property.New(x)
	case bool:
		return property.New(x)
	case int:
		return property.New(float64(x))
	case float64:
		return property.New(x)
	}
	panic(fmt.Sprintf("pv: unsupported %T", v))
}

// designConfig is the configuration of DESIGN.md section 9 (the one
// deployment_plan_test.go plans), as a config object.
func designConfig() map[string]any {
	return map[string]any{
		"project": map[string]any{"name": "example-project", "environment": "dev"},
		"aws": map[string]any{
			"enabled": true,
			"region":  "us-west-2",
			"tags": map[string]any{
				"Environment": "${project:environment}", "Project": "${project:name}", "ManagedBy": "pulumi",
			},
			"vpc": map[string]any{"enabled": true, "cidr_block": "10.0.0.0/16"},
			"eks": map[string]any{
				"enabled": true,
				"clusters": []any{map[string]any{
					"name":    "example-cluster",
					"version": "1.31",
					"node_groups": []any{map[string]any{
						"name": "standard-workers", "instance_type": "m5.large",
						"min_size": 1, "max_size": 5, "desired_size": 3,
					}},
				}},
			},
			"s3": map[string]any{"enabled": true, "buckets": []any{map[string]any{"name": "artifacts"}}},
		},
		"azure": map[string]any{"enabled": false, "location": "westeurope"},
	}
}

func section(cfg map[string]any, path ...string) map[string]any {
	m := cfg
	for _, p := range path {
		m = m[p].(map[string]any)
	}
	return m
}

func providerConfig() map[string]property.Value {
	return map[string]property.Value{
		"organization":  property.New("acme"),
		"loggingBucket": property.New("acme-access-logs"),
	}
}

// cloudOutputs fakes the computed outputs of the AWS and Azure resources the
// modules read.
func cloudOutputs(typ, name string, in property.Map) map[string]property.Value {
	switch {
	case typ == tVpc:
		return map[string]property.Value{
			"arn":                    property.New("arn:aws:ec2:us-west-2:123456789012:vpc/" + name + "-id"),
			"defaultNetworkAclId":    property.New("acl-default-" + name),
			"defaultSecurityGroupId": property.New("sg-default-" + name),
			"defaultRouteTableId":    property.New("rtb-default-" + name),
			"ipv6CidrBlock":          property.New(""),
		}
	case typ == tEksCluster:
		clusterName := testharness.Str(in.Get("name"))
		return map[string]property.Value{
			"name":                 property.New(clusterName),
			"arn":                  property.New("arn:aws:eks:us-west-2:123456789012:cluster/" + clusterName),
			"endpoint":             property.New("https://" + clusterName + ".gr7.us-west-2.eks.amazonaws.com"),
			"certificateAuthority": property.New(map[string]property.Value{"data": property.New("Q0E=")}),
			"identities": property.New([]property.Value{property.New(map[string]property.Value{
				"oidcs": property.New([]property.Value{property.New(map[string]property.Value{
					"issuer": property.New("https://oidc.eks.us-west-2.amazonaws.com/id/" + clusterName),
				})}),
			})}),
		}
	case typ == "aws:ec2/launchTemplate:LaunchTemplate":
		return map[string]property.Value{"latestVersion": property.New(1.0)}
	case typ == "aws:kms/key:Key":
		return map[string]property.Value{
			"arn": property.New("arn:aws:kms:us-west-2:123456789012:key/" + name), "keyId": property.New(name + "-key-id"),
		}
	case typ == "aws:iam/role:Role":
		return map[string]property.Value{
			"name": property.New(name + "-role"), "arn": property.New("arn:aws:iam::123456789012:role/" + name),
		}
	case typ == "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
		return map[string]property.Value{"arn": property.New("arn:aws:iam::123456789012:oidc-provider/" + name)}
	case typ == "aws:cloudwatch/logGroup:LogGroup":
		return map[string]property.Value{"arn": property.New("arn:aws:logs:us-west-2:123456789012:log-group:" + name)}
	case typ == tBucket:
		bucket := testharness.Str(in.Get("bucket"))
		if bucket == "" {
			bucket = testharness.Str(in.Get("bucketPrefix")) + "20261126000000000000000001"
		}
		return map[string]property.Value{
			"bucket": property.New(bucket), "arn": property.New("arn:aws:s3:::" + bucket),
			"bucketRegionalDomainName": property.New(bucket + ".s3.us-west-2.amazonaws.com"),
		}
	case strings.HasPrefix(typ, "azure-native:"):
		out := map[string]property.Value{
			"id": property.New("/subscriptions/0000/resourceGroups/rg/providers/" + typ + "/" + name),
		}
		if !in.Get("name").IsString() {
			out["name"] = property.New(name + "-az")
		}
		if typ == tStorageAccount {
			out["primaryEndpoints"] = property.New(map[string]property.Value{
				"blob": property.New("https://" + name + ".blob.core.windows.net/"),
				"dfs":  property.New("https://" + name + ".dfs.core.windows.net/"),
			})
		}
		return out
	}
	return nil
}

// awsInvokes answers the lookups of the AWS modules: the zones, the region
// and the partition.
func awsInvokes(token string, _ property.Map) (property.Map, error) {
	switch token {
	case tGetZones:
		return property.NewMap(map[string]property.Value{
			"id":      property.New(testRegion),
			"names":   pv([]any{"us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"}),
			"zoneIds": pv([]any{"usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"}),
		}), nil
	case tGetRegion:
		return property.NewMap(map[string]property.Value{
			"id": property.New(testRegion), "name": property.New(testRegion),
			"description": property.New("US West (Oregon)"), "endpoint": property.New("ec2.us-west-2.amazonaws.com"),
		}), nil
	case tGetPartition:
		return property.NewMap(map[string]property.Value{
			"id": property.New("aws"), "partition": property.New("aws"), "dnsSuffix": property.New("amazonaws.com"),
			"reverseDnsPrefix": property.New("com.amazonaws"),
		}), nil
	}
	return property.Map{}, fmt.Errorf("unexpected invoke %s", token)
}

func newHarness(t *testing.T) *testharness.Harness {
	t.Helper()
	prov, err := provider.New()
	require.NoError(t, err)
	h := testharness.New(t, prov, providerConfig())
	h.Outputs = cloudOutputs
	h.Invoke = awsInvokes
	return h
}

func construct(h *testharness.Harness, name string, cfg map[string]any) (string, property.Map, error) {
	resp, err := h.Construct(deployment, name, map[string]property.Value{"config": pv(cfg)})
	return string(resp.Urn), resp.State, err
}

func byType(h *testharness.Harness, typ string) []testharness.Child {
	var out []testharness.Child
	for _, c := range h.Children() {
		if c.Type == typ {
			out = append(out, c)
		}
	}
	return out
}

func stringMap(v property.Value) map[string]string {
	out := map[string]string{}
	if !v.IsMap() {
		return out
	}
	for k, e := range v.AsMap().All {
		out[k] = testharness.Str(e)
	}
	return out
}

func strList(v property.Value) []string {
	if !v.IsArray() {
		return nil
	}
	var out []string
	for _, e := range v.AsArray().All {
		out = append(out, testharness.Str(e))
	}
	return out
}

// plain returns the plain Go value a property value holds, without secret
// or dependency markers; unknowns become nil.
func plain(v property.Value) any {
	switch {
	case v.IsMap():
		out := map[string]any{}
		for k, e := range v.AsMap().All {
			out[k] = plain(e)
		}
		return out
	case v.IsArray():
		out := []any{}
		for _, e := range v.AsArray().All {
			out = append(out, plain(e))
		}
		return out
	case v.IsString():
		return v.AsString()
	case v.IsNumber():
		return v.AsNumber()
	case v.IsBool():
		return v.AsBool()
	}
	return nil
}

// module returns the outputs of one module (the ids contain dots, which
// testharness.Get would split).
func module(t *testing.T, state property.Map, id string) property.Map {
	t.Helper()
	v := state.Get("modules").AsMap().Get(id)
	require.True(t, v.IsMap(), "module %s has outputs", id)
	return v.AsMap()
}

// decodedMap reads a provider input that is either an object or, as the Go
// SDK sends explicit providers' object inputs, a JSON string.
func decodedMap(t *testing.T, v property.Value) map[string]any {
	t.Helper()
	if v.IsString() {
		var out map[string]any
		require.NoError(t, json.Unmarshal([]byte(v.AsString()), &out), v.AsString())
		return out
	}
	m, ok := plain(v).(map[string]any)
	require.True(t, ok, "want an object, got %v", v)
	return m
}

func reportOf(t *testing.T, v property.Value) compliance.Report {
	t.Helper()
	var r compliance.Report
	raw, err := json.Marshal(plain(v))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &r))
	return r
}

func TestDeploymentBuildsTheDesignConfiguration(t *testing.T) {
	h := newHarness(t)
	urn, state, err := construct(h, "env", designConfig())
	require.NoError(t, err)

	t.Run("the Deployment is registered first and holds an explicit aws provider", func(t *testing.T) {
		assert.Equal(t, deployment, h.Types()[0])
		provs := byType(h, tAwsProvider)
		require.Len(t, provs, 1, "one provider for every AWS module")
		prov := provs[0]
		assert.Equal(t, "env-aws", prov.Name)
		assert.Equal(t, urn, prov.Parent)
		assert.Equal(t, testRegion, testharness.Str(prov.Inputs.Get("region")))
		tags := decodedMap(t, prov.Inputs.Get("defaultTags"))
		assert.Equal(t, map[string]any{"Environment": "dev", "Project": "example-project", "ManagedBy": "pulumi"},
			tags["tags"], "the placeholders are filled from the project section")
		for _, key := range []string{"accessKey", "secretKey", "token", "profile"} {
			assert.False(t, prov.Inputs.Get(key).IsString(), "%s is not set without credentials", key)
		}
		assert.Empty(t, byType(h, tAzureProvider), "a disabled azure section builds nothing")
	})

	t.Run("the modules are children of the Deployment, in dependency order", func(t *testing.T) {
		var order []string
		for _, typ := range []string{secureVpc, eksCluster, secureBucket} {
			comps := byType(h, typ)
			require.Len(t, comps, 1, typ)
			assert.Equal(t, urn, comps[0].Parent, typ)
		}
		for _, c := range h.Children() {
			if strings.HasPrefix(c.Type, "orgiac:aws:") {
				order = append(order, c.Name)
			}
		}
		assert.Equal(t, []string{"vpc", "example-cluster", "artifacts"}, order)
		assert.Empty(t, byType(h, secureVnet))
		assert.Empty(t, byType(h, secureStorage))
	})

	t.Run("the cluster runs in the VPC's private subnets", func(t *testing.T) {
		cluster := byType(h, tEksCluster)
		require.Len(t, cluster, 1)
		assert.Equal(t, "acme-dev-example-cluster", testharness.Str(cluster[0].Inputs.Get("name")))
		assert.Equal(t, "1.31", testharness.Str(cluster[0].Inputs.Get("version")))
		want := []string{"vpc-private-us-west-2a-id", "vpc-private-us-west-2b-id", "vpc-private-us-west-2c-id"}
		assert.Equal(t, want, strList(testharness.Get(cluster[0].Inputs, "vpcConfig.subnetIds")))
		assert.Equal(t, want, strList(module(t, state, "aws.vpc").Get("privateSubnetIds")),
			"the same ids the aws.vpc module reports")
		sg := byType(h, tSecurityGroup)
		require.Len(t, sg, 1, "the VPC id gives the cluster its extra control-plane group")
		assert.Equal(t, "vpc-id", testharness.Str(sg[0].Inputs.Get("vpcId")))
		assert.Equal(t, "10.0.0.0/16", testharness.Str(byType(h, tVpc)[0].Inputs.Get("cidrBlock")))
	})

	t.Run("the project section is the identity of every module", func(t *testing.T) {
		for _, typ := range []string{tVpc, tEksCluster, tBucket} {
			for _, c := range byType(h, typ) {
				tags := stringMap(c.Inputs.Get("tags"))
				assert.Equal(t, "example-project", tags["Project"], "%s %s", typ, c.Name)
				assert.Equal(t, "dev", tags["Environment"], "%s %s", typ, c.Name)
				assert.Equal(t, "acme", tags["Organization"], "%s %s", typ, c.Name)
			}
		}
		assert.Equal(t, "acme-dev-vpc", stringMap(byType(h, tVpc)[0].Inputs.Get("tags"))["Name"])
	})

	t.Run("outputs report the modules, their order and the kubeconfigs", func(t *testing.T) {
		assert.Equal(t, []string{"aws.vpc", "aws.eks", "aws.s3"}, strList(state.Get("deploymentOrder")))
		modules := state.Get("modules")
		require.True(t, modules.IsMap())
		assert.ElementsMatch(t, []string{"aws.vpc", "aws.eks", "aws.s3"}, slices.Collect(maps.Keys(modules.AsMap().AsMap())))
		assert.Equal(t, "vpc-id", testharness.Str(module(t, state, "aws.vpc").Get("vpcId")))
		eks := module(t, state, "aws.eks").Get("example-cluster").AsMap()
		assert.Equal(t, "acme-dev-example-cluster", testharness.Str(eks.Get("clusterName")))
		assert.Equal(t, "https://acme-dev-example-cluster.gr7.us-west-2.eks.amazonaws.com", testharness.Str(eks.Get("endpoint")))
		assert.Equal(t, "arn:aws:iam::123456789012:oidc-provider/example-cluster-oidc", testharness.Str(eks.Get("oidcProviderArn")))
		s3 := module(t, state, "aws.s3").Get("artifacts").AsMap()
		assert.True(t, strings.HasPrefix(testharness.Str(s3.Get("bucketName")), "acme-dev-artifacts-"))

		kc := state.Get("kubeconfigs")
		require.True(t, kc.Secret(), "the kubeconfigs are secret")
		require.True(t, kc.IsMap())
		doc := testharness.Str(kc.AsMap().Get("example-cluster"))
		assert.Contains(t, doc, `"get-token"`)
		assert.Contains(t, doc, `"acme-dev-example-cluster"`)
		assert.Contains(t, doc, `"`+testRegion+`"`)
		assert.False(t, modules.Secret(), "the other outputs stay readable")
	})

	t.Run("the compliance report aggregates every module", func(t *testing.T) {
		report := reportOf(t, state.Get("complianceReport"))
		st := map[string]string{}
		for _, c := range report.Controls {
			st[c.ID] = c.Status
		}
		for _, id := range []string{"vpc-flow-logs", "eks-private-endpoint", "eks-node-imdsv2", "s3-versioning",
			"kms-key-rotation"} {
			assert.Equal(t, "pass", st[id], id)
		}
		assert.Zero(t, report.Summary.Fail)
		assert.Equal(t, "enforce", report.Enforcement)
		var prefixes []string
		for id := range st {
			prefixes = append(prefixes, strings.SplitN(id, "-", 2)[0])
		}
		for _, want := range []string{"vpc", "eks", "s3", "kms"} {
			assert.Contains(t, prefixes, want)
		}
	})
}

func TestDeploymentRejectsABadConfigurationBeforeRegistering(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(cfg map[string]any)
		wantText []string
	}{
		{"a dependency cycle", func(cfg map[string]any) {
			section(cfg, "aws", "vpc")["depends_on"] = []any{"aws.s3"}
			section(cfg, "aws", "s3")["depends_on"] = []any{"aws.vpc"}
		}, []string{"[DEP001]", "forms the cycle"}},
		{"a duplicate bucket", func(cfg map[string]any) {
			section(cfg, "aws", "s3")["buckets"] = []any{map[string]any{"name": "artifacts"}, map[string]any{"name": "artifacts"}}
		}, []string{"[DEP004]", `config.aws.s3.buckets[1].name: "artifacts"`}},
		{"a bad cluster of the second module", func(cfg map[string]any) {
			section(cfg, "aws", "eks")["clusters"].([]any)[0].(map[string]any)["version"] = "1.20"
		}, []string{"[EKS004]", `config.aws.eks.clusters[0].version: "1.20"`}},
		{"an unknown key", func(cfg map[string]any) {
			section(cfg, "aws", "vpc")["cidr_blok"] = "10.0.0.0/16"
		}, []string{"[DEP006]", "cidr_blok"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			cfg := designConfig()
			tt.edit(cfg)
			_, _, err := construct(h, "env", cfg)
			require.Error(t, err)
			assert.Empty(t, h.Children(), "nothing, not even the Deployment, is registered")
			assert.Contains(t, err.Error(), `orgiac:index:Deployment "env" has`)
			for _, want := range tt.wantText {
				assert.Contains(t, err.Error(), want)
			}
			assert.Contains(t, err.Error(), "; fix: ")
		})
	}
}

func TestDeploymentBuildsAzureModulesWithTheirOwnProvider(t *testing.T) {
	h := newHarness(t)
	cfg := designConfig()
	cfg["aws"] = map[string]any{"enabled": false}
	cfg["azure"] = map[string]any{
		"enabled":  true,
		"location": "westeurope",
		"tags":     map[string]any{"Team": "data"},
		"storage":  map[string]any{"enabled": true, "accounts": []any{map[string]any{"name": "lake"}}},
		"vnet":     map[string]any{"enabled": true, "address_space": "10.20.0.0/16"},
	}
	urn, state, err := construct(h, "env", cfg)
	require.NoError(t, err)

	provs := byType(h, tAzureProvider)
	require.Len(t, provs, 1)
	assert.Equal(t, "env-azure", provs[0].Name)
	assert.Equal(t, urn, provs[0].Parent)
	assert.Equal(t, "westeurope", testharness.Str(provs[0].Inputs.Get("location")))
	assert.Empty(t, byType(h, tAwsProvider), "a disabled aws section builds nothing")

	vnets, accounts := byType(h, secureVnet), byType(h, secureStorage)
	require.Len(t, vnets, 1)
	require.Len(t, accounts, 1)
	assert.Equal(t, "vnet", vnets[0].Name)
	assert.Equal(t, "lake", accounts[0].Name)
	assert.Equal(t, urn, vnets[0].Parent)
	assert.Equal(t, urn, accounts[0].Parent)

	assert.Equal(t, []string{"azure.vnet", "azure.storage"}, strList(state.Get("deploymentOrder")),
		"the storage module follows the network it shares a resource group with")
	// Registrations reach the mock monitor asynchronously, so their arrival
	// order proves nothing; deploymentOrder and the shared resource group do.
	groups := byType(h, tResourceGroup)
	require.Len(t, groups, 1, "the accounts go into the network's resource group")
	acct := byType(h, tStorageAccount)
	require.Len(t, acct, 1)
	assert.Equal(t, "vnet-az", testharness.Str(acct[0].Inputs.Get("resourceGroupName")))

	tags := stringMap(acct[0].Inputs.Get("tags"))
	assert.Equal(t, "example-project", tags["Project"])
	assert.Equal(t, "dev", tags["Environment"])
	assert.Equal(t, "data", tags["Team"])

	modules := state.Get("modules").AsMap()
	assert.ElementsMatch(t, []string{"azure.vnet", "azure.storage"}, slices.Collect(maps.Keys(modules.AsMap())))
	lake := module(t, state, "azure.storage").Get("lake").AsMap()
	assert.Equal(t, "https://lake.blob.core.windows.net/", stringMap(lake.Get("primaryEndpoints"))["blob"])
	assert.Equal(t, "vnet-az", testharness.Str(module(t, state, "azure.vnet").Get("resourceGroupName")))
}

func TestDeploymentCredentialsReachTheProvidersAsSecrets(t *testing.T) {
	h := newHarness(t)
	cfg := designConfig()
	aws := section(cfg, "aws")
	aws["credentials"] = map[string]any{
		"access_key_id": "AKIAEXAMPLE", "secret_access_key": "wJalrXUtnFEMI/EXAMPLEKEY", "session_token": "FwoGZXIvYXdzEXAMPLE",
	}
	aws["profile"] = "platform"
	cfg["azure"] = map[string]any{
		"enabled":  true,
		"location": "westeurope",
		"credentials": map[string]any{
			"client_id": "00000000-0000-0000-0000-00000000c1d0", "client_secret": "s3cr3t~value",
			"tenant_id": "00000000-0000-0000-0000-0000000000e1", "subscription_id": "00000000-0000-0000-0000-0000000005b1",
		},
		"vnet": map[string]any{"enabled": true},
	}
	_, state, err := construct(h, "env", cfg)
	require.NoError(t, err)

	check := func(typ string, want map[string]string) {
		t.Helper()
		provs := byType(h, typ)
		require.Len(t, provs, 1, typ)
		for key, value := range want {
			v := provs[0].Inputs.Get(key)
			assert.True(t, v.Secret(), "%s %s is a secret in the registered inputs", typ, key)
			assert.Equal(t, value, plain(v), "%s %s", typ, key)
		}
	}
	check(tAwsProvider, map[string]string{
		"accessKey": "AKIAEXAMPLE", "secretKey": "wJalrXUtnFEMI/EXAMPLEKEY", "token": "FwoGZXIvYXdzEXAMPLE",
	})
	check(tAzureProvider, map[string]string{
		"clientId": "00000000-0000-0000-0000-00000000c1d0", "clientSecret": "s3cr3t~value",
		"tenantId": "00000000-0000-0000-0000-0000000000e1", "subscriptionId": "00000000-0000-0000-0000-0000000005b1",
	})
	assert.Equal(t, "platform", testharness.Str(byType(h, tAwsProvider)[0].Inputs.Get("profile")))

	t.Run("no credential leaks into a tag, an output or the report", func(t *testing.T) {
		var seen []string
		for _, c := range h.Children() {
			if c.Type == tAwsProvider || c.Type == tAzureProvider {
				continue
			}
			raw, err := json.Marshal(plain(property.New(c.Inputs)))
			require.NoError(t, err)
			seen = append(seen, string(raw))
		}
		raw, err := json.Marshal(plain(property.New(state)))
		require.NoError(t, err)
		seen = append(seen, string(raw))
		all := strings.Join(seen, "\n")
		for _, secret := range []string{"AKIAEXAMPLE", "wJalrXUtnFEMI", "FwoGZXIvYXdz", "s3cr3t~value"} {
			assert.NotContains(t, all, secret)
		}
	})
}
