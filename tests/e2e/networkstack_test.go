package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	tNetworkStack = "orgiac:aws:NetworkStack"
	tSecureVpc    = "orgiac:aws:SecureVpc"
	tVpc          = "aws:ec2/vpc:Vpc"
	tSubnet       = "aws:ec2/subnet:Subnet"
	tRouteTable   = "aws:ec2/routeTable:RouteTable"
	tNat          = "aws:ec2/natGateway:NatGateway"
	tIgw          = "aws:ec2/internetGateway:InternetGateway"
	tFlowLog      = "aws:ec2/flowLog:FlowLog"
	tLogGroup     = "aws:cloudwatch/logGroup:LogGroup"
	tDefaultSG    = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	tSG           = "aws:ec2/securityGroup:SecurityGroup"
	tSGIngress    = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	tNacl         = "aws:ec2/networkAcl:NetworkAcl"
	tEndpoint     = "aws:ec2/vpcEndpoint:VpcEndpoint"
)

// TestNetworkStackYAML runs the NetworkStack example's whole life, then proves
// the subnet plan is stable: appending a zone, then a tier, replaces nothing.
func TestNetworkStackYAML(t *testing.T) {
	t.Parallel()
	s := newStack(t, "examples/yaml-network-stack")
	s.Init()
	r := cliRunner{}

	require.NoError(t, r.Run(s, "preview"))
	require.NoError(t, r.Run(s, "up"))
	dep := s.Export()
	assertNetworkStackState(t, dep, "yaml-network-stack", 2)
	assertCloudMatchesState(t, s, dep)
	require.NoError(t, r.Run(s, "up"))
	assertOnlyUnchanged(t, s.LastChanges(), "a second up changes nothing")
	require.NoError(t, r.Run(s, "refresh"))
	assertOnlyUnchanged(t, s.LastChanges(), "a refresh finds no drift")

	t.Run("appending a zone replaces nothing", func(t *testing.T) {
		before := subnetCidrs(dep)
		s.MustPulumi("config", "set", "azCount", "3", "--stack", s.Name)
		ops := previewOps(t, s)
		assertNoReplacements(t, ops)
		assert.Positive(t, ops["create"], "the new zone's subnets are created")
		require.NoError(t, r.Run(s, "up"))
		after := s.Export()
		assertSubnetsKept(t, before, subnetCidrs(after))
		assert.Len(t, after.ofType(tSubnet), 9)
	})

	t.Run("appending a tier replaces nothing", func(t *testing.T) {
		before := subnetCidrs(s.Export())
		program := filepath.Join(s.Dir, "Pulumi.yaml")
		b, err := os.ReadFile(program)
		require.NoError(t, err)
		withTier := strings.Replace(string(b), "          - {type: isolated, cidrMask: 24}\n",
			"          - {type: isolated, cidrMask: 24}\n          - {type: private, name: batch, cidrMask: 22}\n", 1)
		require.NotEqual(t, string(b), withTier)
		require.NoError(t, os.WriteFile(program, []byte(withTier), 0o644))
		ops := previewOps(t, s)
		assertNoReplacements(t, ops)
		require.NoError(t, r.Run(s, "up"))
		after := s.Export()
		assertSubnetsKept(t, before, subnetCidrs(after))
		assert.Len(t, after.ofType(tSubnet), 12)
		assertCloudMatchesState(t, s, after)
	})

	require.NoError(t, r.Run(s, "destroy"))
	assert.Empty(t, s.CloudResources(), "destroy leaves nothing behind")
}

// TestNetworkStackPython runs the Python example inline.
func TestNetworkStackPython(t *testing.T) {
	t.Parallel()
	s := newStack(t, "examples/python-network-stack")
	s.Init()
	driver := filepath.Join(repoRoot, "tests", "e2e", "drivers", "python")
	r := automationRunner{command: []string{filepath.Join(repoRoot, ".toolchain", "venv", "bin", "python"),
		filepath.Join(driver, "driver.py")}, dir: driver}
	require.NoError(t, r.Run(s, "up"))
	dep := s.Export()
	assertNetworkStackState(t, dep, "python-network-stack", 2)
	assertCloudMatchesState(t, s, dep)
	require.NoError(t, r.Run(s, "up"))
	assertOnlyUnchanged(t, s.LastChanges(), "a second up changes nothing")
	require.NoError(t, r.Run(s, "destroy"))
	assert.Empty(t, s.CloudResources())
}

func assertNetworkStackState(t *testing.T, dep deployment, project string, zones int) {
	t.Helper()
	stack := dep.one(t, tNetworkStack)
	vpcComp := dep.one(t, tSecureVpc)
	assert.Equal(t, stack.URN, vpcComp.Parent, "the SecureVpc is a child component of the NetworkStack")
	assert.NotEmpty(t, vpcComp.Outputs["vpcId"], "the nested SecureVpc records its outputs in the state")
	assert.NotEmpty(t, get(vpcComp.Outputs, "complianceReport", "controls"), "and its compliance report, for orgiac report")
	assert.Equal(t, map[string]any{"pass": 5.0, "fail": 0.0, "waived": 0.0, "notApplicable": 0.0},
		get(stack.Outputs, "complianceReport", "summary"))

	vpc := dep.one(t, tVpc)
	assert.Equal(t, vpcComp.URN, vpc.Parent)
	assert.Equal(t, "10.30.0.0/16", vpc.Outputs["cidrBlock"])
	tags := vpc.Outputs["tags"].(map[string]any)
	for k, v := range map[string]any{"Organization": "acme", "Environment": "dev", "Project": project,
		"ManagedBy": "pulumi", "Owner": "team-web", "Application": "shop"} {
		assert.Equal(t, v, tags[k], "VPC tag %s", k)
	}
	assert.Contains(t, tags, "compliance:frameworks")

	// Subnets per zone and tier, none assigning public IPs.
	perTier := map[string][]string{}
	for _, sn := range dep.ofType(tSubnet) {
		assert.Equal(t, false, sn.Outputs["mapPublicIpOnLaunch"], sn.URN)
		assert.Equal(t, vpc.ID, sn.Outputs["vpcId"])
		tier := strings.Split(sn.URN[strings.LastIndex(sn.URN, "::")+2:], "-")[1]
		perTier[tier] = append(perTier[tier], sn.Outputs["availabilityZone"].(string))
	}
	for _, tier := range []string{"public", "private", "isolated"} {
		assert.Len(t, perTier[tier], zones, "subnets of the %s tier", tier)
	}
	for _, sn := range dep.ofType(tSubnet) {
		if strings.Contains(sn.URN, "-private-") {
			assert.Equal(t, "1", get(sn.Outputs, "tags", "kubernetes.io/role/internal-elb"), "EKS discovery tag")
		}
	}

	// Routing: public to the internet gateway, private to the single NAT,
	// isolated nowhere.
	igw := dep.one(t, tIgw)
	nats := dep.ofType(tNat)
	require.Len(t, nats, 1, "one NAT gateway by default outside production")
	for _, rt := range dep.ofType(tRouteTable) {
		routes, _ := rt.Outputs["routes"].([]any)
		switch {
		case strings.Contains(rt.URN, "-public"):
			require.Len(t, routes, 1)
			assert.Equal(t, igw.ID, get(routes[0].(map[string]any), "gatewayId"))
		case strings.Contains(rt.URN, "-private"):
			require.Len(t, routes, 1)
			assert.Equal(t, nats[0].ID, get(routes[0].(map[string]any), "natGatewayId"))
		case strings.Contains(rt.URN, "-isolated"):
			assert.Empty(t, routes, "isolated tiers have no route out")
		}
	}

	fl := dep.one(t, tFlowLog)
	assert.Equal(t, "ALL", fl.Outputs["trafficType"])
	assert.Equal(t, "cloud-watch-logs", fl.Outputs["logDestinationType"])
	assert.EqualValues(t, 365, dep.one(t, tLogGroup).Outputs["retentionInDays"])

	sg := dep.one(t, tDefaultSG)
	assert.Empty(t, sg.Outputs["ingress"], "the default security group has no ingress")
	assert.Empty(t, sg.Outputs["egress"], "the default security group has no egress")

	var denies int
	for _, rule := range dep.one(t, tNacl).Outputs["ingress"].([]any) {
		r := rule.(map[string]any)
		if r["action"] == "deny" {
			denies++
		}
	}
	assert.Equal(t, 4, denies, "the public ACL denies 22 and 3389 from 0.0.0.0/0 and ::/0")

	groups := map[string]string{}
	for _, g := range dep.ofType(tSG) {
		groups[g.URN[strings.LastIndex(g.URN, "::")+2:]] = g.ID
	}
	for _, tier := range []string{"shop-web", "shop-app", "shop-data"} {
		assert.Contains(t, groups, tier)
	}
	var webWorld, appFromWeb bool
	for _, r := range dep.ofType(tSGIngress) {
		switch r.Outputs["securityGroupId"] {
		case groups["shop-web"]:
			webWorld = webWorld || r.Outputs["cidrIpv4"] == "0.0.0.0/0"
			assert.Contains(t, []any{443.0, 80.0}, r.Outputs["fromPort"])
		case groups["shop-app"]:
			appFromWeb = appFromWeb || r.Outputs["referencedSecurityGroupId"] == groups["shop-web"]
		}
	}
	assert.True(t, webWorld, "the web tier accepts the allowed CIDRs")
	assert.True(t, appFromWeb, "the app tier accepts only the web tier")

	var services []string
	for _, ep := range dep.ofType(tEndpoint) {
		services = append(services, ep.Outputs["serviceName"].(string))
	}
	for _, svc := range []string{"s3", "dynamodb", "ssm", "ssmmessages", "ec2messages"} {
		assert.Contains(t, services, "com.amazonaws.us-west-2."+svc)
	}
}

func subnetCidrs(dep deployment) map[string]string {
	out := map[string]string{}
	for _, sn := range dep.ofType(tSubnet) {
		out[sn.URN] = sn.Outputs["cidrBlock"].(string)
	}
	return out
}

func assertSubnetsKept(t *testing.T, before, after map[string]string) {
	t.Helper()
	for urn, cidr := range before {
		assert.Equal(t, cidr, after[urn], "subnet %s keeps its CIDR", urn)
	}
}

// previewOps counts the preview's steps by operation.
func previewOps(t *testing.T, s *stack) map[string]int {
	t.Helper()
	var preview struct {
		Steps []struct {
			Op  string `json:"op"`
			URN string `json:"urn"`
		} `json:"steps"`
	}
	require.NoError(t, json.Unmarshal([]byte(s.MustPulumi("preview", "--json", "--stack", s.Name)), &preview))
	ops := map[string]int{}
	for _, st := range preview.Steps {
		ops[st.Op]++
	}
	return ops
}

func assertNoReplacements(t *testing.T, ops map[string]int) {
	t.Helper()
	for _, op := range []string{"replace", "create-replacement", "delete-replaced", "delete"} {
		assert.Zero(t, ops[op], "the preview must not %s anything: %v", op, ops)
	}
}
