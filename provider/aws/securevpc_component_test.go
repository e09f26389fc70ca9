package aws_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/testharness"
)

const (
	secureVpc       = "orgiac:aws:SecureVpc"
	tVpc            = "aws:ec2/vpc:Vpc"
	tSubnet         = "aws:ec2/subnet:Subnet"
	tIgw            = "aws:ec2/internetGateway:InternetGateway"
	tEigw           = "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway"
	tEip            = "aws:ec2/eip:Eip"
	tNat            = "aws:ec2/natGateway:NatGateway"
	tRouteTable     = "aws:ec2/routeTable:RouteTable"
	tRTAssoc        = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	tDefaultSG      = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	tDefaultNacl    = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"
	tNacl           = "aws:ec2/networkAcl:NetworkAcl"
	tFlowLog        = "aws:ec2/flowLog:FlowLog"
	tLogGroup       = "aws:cloudwatch/logGroup:LogGroup"
	tRole           = "aws:iam/role:Role"
	tRolePolicy     = "aws:iam/rolePolicy:RolePolicy"
	tEndpoint       = "aws:ec2/vpcEndpoint:VpcEndpoint"
	tSecurityGroup  = "aws:ec2/securityGroup:SecurityGroup"
	tGetZones       = "aws:index/getAvailabilityZones:getAvailabilityZones"
	tGetRegion      = "aws:index/getRegion:getRegion"
	testIPv6Block   = "2600:1f14:abcd:1200::/56"
	testRegion      = "us-west-2"
	testAccountPart = "us-west-2:123456789012"
)

var oregonZones = []string{"us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"}

// vpcOutputs fakes the computed outputs of the network resources, on top of
// awsOutputs.
func vpcOutputs(typ, name string, in property.Map) map[string]property.Value {
	switch typ {
	case tVpc:
		out := map[string]property.Value{
			"arn":                    property.New("arn:aws:ec2:" + testAccountPart + ":vpc/" + name + "-id"),
			"defaultNetworkAclId":    property.New("acl-default-" + name),
			"defaultSecurityGroupId": property.New("sg-default-" + name),
			"defaultRouteTableId":    property.New("rtb-default-" + name),
			"ipv6CidrBlock":          property.New(""),
		}
		if v := in.Get("assignGeneratedIpv6CidrBlock"); v.IsBool() && v.AsBool() {
			out["ipv6CidrBlock"] = property.New(testIPv6Block)
		}
		return out
	case tLogGroup:
		return map[string]property.Value{"arn": property.New("arn:aws:logs:" + testAccountPart + ":log-group:" + name)}
	case tRole:
		return map[string]property.Value{"arn": property.New("arn:aws:iam::123456789012:role/" + name)}
	}
	return awsOutputs(typ, name, in)
}

// regionInvokes answers the two lookups a SecureVpc makes: the region's
// available zones and the region itself.
func regionInvokes(zones ...string) func(token string, args property.Map) (property.Map, error) {
	return func(token string, _ property.Map) (property.Map, error) {
		switch token {
		case tGetZones:
			var names, ids []property.Value
			for i, z := range zones {
				names = append(names, property.New(z))
				ids = append(ids, property.New(fmt.Sprintf("usw2-az%d", i+1)))
			}
			return property.NewMap(map[string]property.Value{
				"id": property.New(testRegion), "names": property.New(names), "zoneIds": property.New(ids),
			}), nil
		case tGetRegion:
			return property.NewMap(map[string]property.Value{
				"id": property.New(testRegion), "name": property.New(testRegion),
				"description": property.New("US West (Oregon)"), "endpoint": property.New("ec2.us-west-2.amazonaws.com"),
			}), nil
		}
		return property.Map{}, fmt.Errorf("unexpected invoke %s", token)
	}
}

func newVpcHarness(t *testing.T, cfg map[string]property.Value, zones ...string) *testharness.Harness {
	t.Helper()
	h := newHarness(t, cfg)
	h.Outputs = vpcOutputs
	if len(zones) == 0 {
		zones = oregonZones
	}
	h.Invoke = regionInvokes(zones...)
	return h
}

// byName returns the children of type typ by logical name.
func byName(h *testharness.Harness, typ string) map[string]testharness.Child {
	out := map[string]testharness.Child{}
	for _, c := range h.Children() {
		if c.Type == typ {
			out[c.Name] = c
		}
	}
	return out
}

func typeCounts(h *testharness.Harness) map[string]int {
	out := map[string]int{}
	for _, typ := range h.Types() {
		out[typ]++
	}
	return out
}

func strs(vals ...string) property.Value {
	out := make([]property.Value, len(vals))
	for i, v := range vals {
		out[i] = property.New(v)
	}
	return property.New(out)
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

func spec(kv ...any) property.Value {
	m := map[string]property.Value{}
	for i := 0; i < len(kv); i += 2 {
		var v property.Value
		switch x := kv[i+1].(type) {
		case int:
			v = property.New(float64(x))
		case property.Value:
			v = x
		case string:
			v = property.New(x)
		case bool:
			v = property.New(x)
		case map[string]property.Value:
			v = property.New(x)
		default:
			panic(fmt.Sprintf("spec: unsupported %T", x))
		}
		m[kv[i].(string)] = v
	}
	return property.New(m)
}

func specs(s ...property.Value) property.Value { return property.New(s) }

// entries returns an array of objects (routes, ACL entries, layout rows) as
// plain maps.
func entries(v property.Value) []map[string]any {
	var out []map[string]any
	if !v.IsArray() {
		return out
	}
	for _, e := range v.AsArray().All {
		out = append(out, resource.ToResourcePropertyValue(e).Mappable().(map[string]any))
	}
	return out
}

// naclEntry is a network ACL ingress entry reduced to what the checks read.
type naclEntry struct {
	RuleNo   float64
	Action   string
	Protocol string
	Cidr     string
	From, To float64
}

func naclEntries(v property.Value) []naclEntry {
	var out []naclEntry
	for _, e := range entries(v) {
		n := naclEntry{Action: fmt.Sprint(e["action"]), Protocol: fmt.Sprint(e["protocol"])}
		n.RuleNo, _ = e["ruleNo"].(float64)
		n.From, _ = e["fromPort"].(float64)
		n.To, _ = e["toPort"].(float64)
		if c, ok := e["cidrBlock"].(string); ok && c != "" {
			n.Cidr = c
		} else {
			n.Cidr, _ = e["ipv6CidrBlock"].(string)
		}
		out = append(out, n)
	}
	return out
}

// assertDeniesAdminPortsFirst checks that SSH and RDP from the internet hit a
// deny rule before the allow-all rule of their address family.
func assertDeniesAdminPortsFirst(t *testing.T, what string, rules []naclEntry) {
	t.Helper()
	allowAll := map[string]float64{}
	for _, r := range rules {
		if r.Action == "allow" && r.Protocol == "-1" && (r.Cidr == "0.0.0.0/0" || r.Cidr == "::/0") {
			allowAll[r.Cidr] = r.RuleNo
		}
	}
	require.Contains(t, allowAll, "0.0.0.0/0", "%s allows the rest of the IPv4 internet", what)
	for _, port := range []float64{22, 3389} {
		for _, cidr := range []string{"0.0.0.0/0", "::/0"} {
			i := slices.IndexFunc(rules, func(r naclEntry) bool {
				return r.Action == "deny" && r.Protocol == "6" && r.Cidr == cidr && r.From <= port && port <= r.To
			})
			require.GreaterOrEqual(t, i, 0, "%s denies port %v from %s", what, port, cidr)
			if allow, ok := allowAll[cidr]; ok {
				assert.Less(t, rules[i].RuleNo, allow, "%s: the deny for %v from %s comes before the allow-all", what, port, cidr)
			}
		}
	}
}

// codesIn returns the rule codes an error message lists, in order. The
// problems' types do not survive the trip through the engine, their text does.
func codesIn(msg string) []string {
	var out []string
	for _, m := range ruleCode.FindAllStringSubmatch(msg, -1) {
		out = append(out, m[1])
	}
	return out
}

var ruleCode = regexp.MustCompile(`\[([A-Za-z0-9-]+)\](?:;|$|\n)`)

// assertUniqueNames fails when two children share a type and a name: the
// engine would reject the second as a duplicate URN mid-deployment, which
// the mocks do not.
func assertUniqueNames(t *testing.T, h *testharness.Harness) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range h.Children() {
		key := c.Type + "::" + c.Name
		assert.False(t, seen[key], "%s is registered twice", key)
		seen[key] = true
	}
}

func reportOf(t *testing.T, v property.Value) compliance.Report {
	t.Helper()
	var r compliance.Report
	raw, err := json.Marshal(resource.ToResourcePropertyValue(v).Mappable())
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &r))
	return r
}

func TestSecureVpcDefaultsRegisterTheSecureNetwork(t *testing.T) {
	h := newVpcHarness(t, baseConfig())
	resp, err := h.Construct(secureVpc, "main", nil)
	require.NoError(t, err)

	assert.Equal(t, map[string]int{
		secureVpc: 1, tVpc: 1, tDefaultSG: 1, tDefaultNacl: 1, tSubnet: 9, tNacl: 1, tIgw: 1, tEip: 1, tNat: 1,
		tRouteTable: 5, tRTAssoc: 9, tEndpoint: 2, tLogGroup: 1, tRole: 1, tRolePolicy: 1, tFlowLog: 1,
	}, typeCounts(h))
	assert.Equal(t, secureVpc, h.Types()[0], "the component is registered first")
	assertUniqueNames(t, h)

	t.Run("every child is parented to the component", func(t *testing.T) {
		for _, c := range h.Children() {
			if c.Type == secureVpc {
				continue
			}
			assert.Equal(t, string(resp.Urn), c.Parent, "%s %s", c.Type, c.Name)
		}
	})

	t.Run("the zones and region are looked up once, under the component", func(t *testing.T) {
		calls := h.Invokes()
		require.Len(t, calls, 2)
		assert.Equal(t, tGetZones, calls[0].Token)
		assert.Equal(t, "available", testharness.Str(calls[0].Args.Get("state")))
		assert.Equal(t, tGetRegion, calls[1].Token)
	})

	t.Run("the VPC has DNS on, default tenancy and no IPv6", func(t *testing.T) {
		vpc := h.Child(t, tVpc)
		assert.Equal(t, "main", vpc.Name)
		assert.Equal(t, "10.0.0.0/16", testharness.Str(vpc.Inputs.Get("cidrBlock")))
		assert.Equal(t, "default", testharness.Str(vpc.Inputs.Get("instanceTenancy")))
		assert.True(t, vpc.Inputs.Get("enableDnsHostnames").AsBool())
		assert.True(t, vpc.Inputs.Get("enableDnsSupport").AsBool())
		assert.False(t, vpc.Inputs.Get("assignGeneratedIpv6CidrBlock").AsBool())
	})

	t.Run("subnets follow the stable plan and assign no public IPs", func(t *testing.T) {
		want := map[string][2]string{
			"main-public-us-west-2a":   {"10.0.0.0/22", "us-west-2a"},
			"main-public-us-west-2b":   {"10.0.4.0/22", "us-west-2b"},
			"main-public-us-west-2c":   {"10.0.8.0/22", "us-west-2c"},
			"main-private-us-west-2a":  {"10.0.128.0/19", "us-west-2a"},
			"main-private-us-west-2b":  {"10.0.160.0/19", "us-west-2b"},
			"main-private-us-west-2c":  {"10.0.192.0/19", "us-west-2c"},
			"main-isolated-us-west-2a": {"10.0.16.0/22", "us-west-2a"},
			"main-isolated-us-west-2b": {"10.0.20.0/22", "us-west-2b"},
			"main-isolated-us-west-2c": {"10.0.24.0/22", "us-west-2c"},
		}
		got := map[string][2]string{}
		for name, s := range byName(h, tSubnet) {
			got[name] = [2]string{testharness.Str(s.Inputs.Get("cidrBlock")), testharness.Str(s.Inputs.Get("availabilityZone"))}
			assert.False(t, s.Inputs.Get("mapPublicIpOnLaunch").AsBool(), name)
			assert.Equal(t, "main-id", testharness.Str(s.Inputs.Get("vpcId")), name)
			assert.Empty(t, testharness.Str(s.Inputs.Get("ipv6CidrBlock")), name)
		}
		assert.Equal(t, want, got)
	})

	t.Run("one NAT gateway in the first public subnet, after the internet gateway", func(t *testing.T) {
		igw := h.Child(t, tIgw)
		assert.Equal(t, "main-id", testharness.Str(igw.Inputs.Get("vpcId")))
		eip := h.Child(t, tEip)
		assert.Equal(t, "vpc", testharness.Str(eip.Inputs.Get("domain")))
		nat := h.Child(t, tNat)
		assert.Equal(t, "main-nat-us-west-2a", nat.Name)
		assert.Equal(t, "main-nat-us-west-2a-id", testharness.Str(nat.Inputs.Get("allocationId")))
		assert.Equal(t, "main-public-us-west-2a-id", testharness.Str(nat.Inputs.Get("subnetId")))
		assert.True(t, slices.ContainsFunc(nat.Deps, func(urn string) bool {
			return strings.HasSuffix(urn, "$"+tIgw+"::main-igw")
		}), "NAT waits for the internet gateway: %v", nat.Deps)
	})

	t.Run("public tables route to the internet gateway, private ones to NAT, isolated nowhere", func(t *testing.T) {
		rts := byName(h, tRouteTable)
		require.Len(t, rts, 5)
		assert.Equal(t, []map[string]any{{"cidrBlock": "0.0.0.0/0", "gatewayId": "main-igw-id"}},
			entries(rts["main-public"].Inputs.Get("routes")))
		for _, z := range []string{"us-west-2a", "us-west-2b", "us-west-2c"} {
			assert.Equal(t, []map[string]any{{"cidrBlock": "0.0.0.0/0", "natGatewayId": "main-nat-us-west-2a-id"}},
				entries(rts["main-private-"+z].Inputs.Get("routes")), z)
		}
		assert.Empty(t, entries(rts["main-isolated"].Inputs.Get("routes")), "isolated subnets have no way out")
		for name, rt := range rts {
			assert.Equal(t, "main-id", testharness.Str(rt.Inputs.Get("vpcId")), name)
		}
	})

	t.Run("every subnet is associated with its tier's table", func(t *testing.T) {
		got := map[string]string{}
		for _, a := range byName(h, tRTAssoc) {
			got[testharness.Str(a.Inputs.Get("subnetId"))] = testharness.Str(a.Inputs.Get("routeTableId"))
		}
		want := map[string]string{}
		for _, z := range []string{"us-west-2a", "us-west-2b", "us-west-2c"} {
			want["main-public-"+z+"-id"] = "main-public-id"
			want["main-private-"+z+"-id"] = "main-private-" + z + "-id"
			want["main-isolated-"+z+"-id"] = "main-isolated-id"
		}
		assert.Equal(t, want, got)
	})

	t.Run("the default security group is managed with no rules", func(t *testing.T) {
		sg := h.Child(t, tDefaultSG)
		assert.Equal(t, "main-id", testharness.Str(sg.Inputs.Get("vpcId")))
		assert.Empty(t, entries(sg.Inputs.Get("ingress")))
		assert.Empty(t, entries(sg.Inputs.Get("egress")))
	})

	t.Run("the network ACLs deny SSH and RDP from the internet before allowing the rest", func(t *testing.T) {
		def := h.Child(t, tDefaultNacl)
		assert.Equal(t, "acl-default-main", testharness.Str(def.Inputs.Get("defaultNetworkAclId")),
			"the VPC's own default ACL is adopted")
		pub := h.Child(t, tNacl)
		assert.Equal(t, "main-id", testharness.Str(pub.Inputs.Get("vpcId")))
		assert.ElementsMatch(t, []string{"main-public-us-west-2a-id", "main-public-us-west-2b-id", "main-public-us-west-2c-id"},
			strList(pub.Inputs.Get("subnetIds")))
		wantIngress := []naclEntry{
			{90, "allow", "-1", "10.0.0.0/16", 0, 0},
			{100, "deny", "6", "0.0.0.0/0", 22, 22},
			{101, "deny", "6", "::/0", 22, 22},
			{102, "deny", "6", "0.0.0.0/0", 3389, 3389},
			{103, "deny", "6", "::/0", 3389, 3389},
			{200, "allow", "-1", "0.0.0.0/0", 0, 0},
		}
		for _, acl := range []testharness.Child{def, pub} {
			in := naclEntries(acl.Inputs.Get("ingress"))
			assert.Equal(t, wantIngress, in, acl.Name)
			assertDeniesAdminPortsFirst(t, acl.Name, in)
			assert.Equal(t, []naclEntry{{100, "allow", "-1", "0.0.0.0/0", 0, 0}}, naclEntries(acl.Inputs.Get("egress")), acl.Name)
		}
	})

	t.Run("flow logs capture ALL traffic into a 365-day log group through a scoped role", func(t *testing.T) {
		group := h.Child(t, tLogGroup)
		assert.Equal(t, 365.0, group.Inputs.Get("retentionInDays").AsNumber())
		groupArn := "arn:aws:logs:" + testAccountPart + ":log-group:main-flow-logs"
		role := h.Child(t, tRole)
		assert.Contains(t, testharness.Str(role.Inputs.Get("assumeRolePolicy")), `"Service":"vpc-flow-logs.amazonaws.com"`)
		pol := h.Child(t, tRolePolicy)
		assert.Equal(t, "main-flow-logs-id", testharness.Str(pol.Inputs.Get("role")))
		var doc struct {
			Statement []struct {
				Effect   string
				Action   []string
				Resource []string
			}
		}
		require.NoError(t, json.Unmarshal([]byte(testharness.Str(pol.Inputs.Get("policy"))), &doc))
		require.Len(t, doc.Statement, 1)
		assert.Equal(t, []string{groupArn, groupArn + ":*"}, doc.Statement[0].Resource, "the role writes to its group only")
		fl := h.Child(t, tFlowLog)
		assert.Equal(t, "main-id", testharness.Str(fl.Inputs.Get("vpcId")))
		assert.Equal(t, "ALL", testharness.Str(fl.Inputs.Get("trafficType")))
		assert.Equal(t, "cloud-watch-logs", testharness.Str(fl.Inputs.Get("logDestinationType")))
		assert.Equal(t, groupArn, testharness.Str(fl.Inputs.Get("logDestination")))
		assert.Equal(t, "arn:aws:iam::123456789012:role/main-flow-logs", testharness.Str(fl.Inputs.Get("iamRoleArn")))
	})

	t.Run("S3 and DynamoDB gateway endpoints serve the private and isolated tables", func(t *testing.T) {
		eps := byName(h, tEndpoint)
		wantTables := []string{"main-private-us-west-2a-id", "main-private-us-west-2b-id", "main-private-us-west-2c-id", "main-isolated-id"}
		for _, svc := range []string{"s3", "dynamodb"} {
			ep, ok := eps["main-"+svc+"-endpoint"]
			require.True(t, ok, svc)
			assert.Equal(t, "com.amazonaws.us-west-2."+svc, testharness.Str(ep.Inputs.Get("serviceName")))
			assert.Equal(t, "Gateway", testharness.Str(ep.Inputs.Get("vpcEndpointType")))
			assert.ElementsMatch(t, wantTables, strList(ep.Inputs.Get("routeTableIds")), svc)
		}
	})

	t.Run("children carry the required, compliance and Name tags", func(t *testing.T) {
		base := map[string]string{
			"Organization": "acme", "Environment": "test", "Project": "shop", "ManagedBy": "pulumi", "Owner": "team-data",
			"compliance:frameworks":              "cis-aws-foundations-3.0 nist-800-53-r5",
			"compliance:cis-aws-foundations-3.0": "3.7 5.1 5.2 5.3 5.4",
			"compliance:nist-800-53-r5":          "AC-4 AU-12 AU-2 CM-7 SC-7 SI-4",
		}
		withName := func(name string) map[string]string {
			m := maps.Clone(base)
			m["Name"] = name
			return m
		}
		assert.Equal(t, withName("acme-test-main"), stringMap(h.Child(t, tVpc).Inputs.Get("tags")))
		assert.Equal(t, withName("acme-test-main-private-us-west-2b"),
			stringMap(byName(h, tSubnet)["main-private-us-west-2b"].Inputs.Get("tags")))
		assert.Equal(t, withName("acme-test-main-igw"), stringMap(h.Child(t, tIgw).Inputs.Get("tags")))
		assert.Equal(t, withName("acme-test-main-flow-logs"), stringMap(h.Child(t, tFlowLog).Inputs.Get("tags")))
		for _, typ := range []string{tDefaultSG, tDefaultNacl, tNacl, tEip, tNat, tRouteTable, tEndpoint, tLogGroup, tRole} {
			for name, c := range byName(h, typ) {
				tags := stringMap(c.Inputs.Get("tags"))
				for k, v := range base {
					assert.Equal(t, v, tags[k], "%s %s tag %s", typ, name, k)
				}
				assert.True(t, strings.HasPrefix(tags["Name"], "acme-test-main-"), "%s %s Name %q", typ, name, tags["Name"])
			}
		}
		assert.Equal(t, base, stringMap(resp.State.Get("tags")), "the tags output is the VPC's tags without Name")
	})

	t.Run("outputs report the network", func(t *testing.T) {
		st := resp.State
		assert.Equal(t, "main-id", testharness.Str(st.Get("vpcId")))
		assert.Equal(t, "10.0.0.0/16", testharness.Str(st.Get("cidrBlock")))
		assert.Equal(t, []string{"main-public-us-west-2a-id", "main-public-us-west-2b-id", "main-public-us-west-2c-id"},
			strList(st.Get("publicSubnetIds")))
		assert.Equal(t, []string{"main-private-us-west-2a-id", "main-private-us-west-2b-id", "main-private-us-west-2c-id"},
			strList(st.Get("privateSubnetIds")))
		assert.Equal(t, []string{"main-isolated-us-west-2a-id", "main-isolated-us-west-2b-id", "main-isolated-us-west-2c-id"},
			strList(st.Get("isolatedSubnetIds")))
		assert.Equal(t, []string{"main-nat-us-west-2a-id"}, strList(st.Get("natGatewayIds")))
		assert.Equal(t, "main-igw-id", testharness.Str(st.Get("internetGatewayId")))
		assert.Equal(t, "main-flow-logs-id", testharness.Str(st.Get("flowLogId")))
		assert.Equal(t, "sg-default-main", testharness.Str(st.Get("defaultSecurityGroupId")))
		assert.ElementsMatch(t, []string{"main-public-id", "main-private-us-west-2a-id", "main-private-us-west-2b-id",
			"main-private-us-west-2c-id", "main-isolated-id"}, strList(st.Get("routeTableIds")))
		assert.Equal(t, map[string]string{"s3": "main-s3-endpoint-id", "dynamodb": "main-dynamodb-endpoint-id"},
			stringMap(st.Get("endpointIds")))

		layout := entries(st.Get("subnetLayout"))
		require.Len(t, layout, 9)
		assert.Equal(t, map[string]any{"tier": "public", "type": "public", "availabilityZone": "us-west-2a",
			"cidrBlock": "10.0.0.0/22", "ipv6Index": 0.0}, layout[0])
		assert.Equal(t, map[string]any{"tier": "private", "type": "private", "availabilityZone": "us-west-2c",
			"cidrBlock": "10.0.192.0/19", "ipv6Index": 6.0}, layout[5])
		assert.Equal(t, map[string]any{"tier": "isolated", "type": "isolated", "availabilityZone": "us-west-2b",
			"cidrBlock": "10.0.20.0/22", "ipv6Index": 9.0}, layout[7])

		report := reportOf(t, st.Get("complianceReport"))
		assert.Equal(t, compliance.Summary{Pass: 5}, report.Summary)
		assert.Equal(t, "enforce", report.Enforcement)
		for _, c := range report.Controls {
			assert.True(t, strings.HasPrefix(c.ID, "vpc-"), c.ID)
		}
	})
}

// TestSecureVpcRegisteredInputsPassTheControls evaluates the controls over
// the inputs (and mocked outputs) the component really registered, linked the
// way `orgiac report` links state, and compares with the planned report.
func TestSecureVpcRegisteredInputsPassTheControls(t *testing.T) {
	for _, ipv6 := range []bool{false, true} {
		t.Run(fmt.Sprintf("ipv6=%v", ipv6), func(t *testing.T) {
			h := newVpcHarness(t, baseConfig())
			resp, err := h.Construct(secureVpc, "main", map[string]property.Value{
				"assignGeneratedIpv6CidrBlock": property.New(ipv6),
				"interfaceEndpoints":           strs("ssm"),
			})
			require.NoError(t, err)

			var all []compliance.Resource
			for _, c := range h.Children() {
				if !c.Custom {
					continue
				}
				props := resource.ToResourcePropertyMap(c.Inputs).Mappable()
				for k, v := range vpcOutputs(c.Type, c.Name, c.Inputs) {
					props[k] = resource.ToResourcePropertyValue(v).Mappable()
				}
				all = append(all, compliance.Resource{Type: c.Type, Name: c.Name, ID: c.Name + "-id", Props: props})
			}
			registered := compliance.Evaluate(secureVpc, "main", compliance.LinkSubjects(all),
				compliance.Policy{Today: time.Now()})
			planned := reportOf(t, resp.State.Get("complianceReport"))
			require.Len(t, planned.Controls, 5)
			require.Len(t, registered.Controls, len(planned.Controls))
			for i, c := range planned.Controls {
				assert.Equal(t, "pass", c.Status, c.ID)
				assert.Equal(t, c.Status, registered.Controls[i].Status, "control %s: planned vs registered (%s)",
					c.ID, registered.Controls[i].Reason)
			}
		})
	}
}

func TestSecureVpcOptions(t *testing.T) {
	t.Run("EKS discovery tags go on the tiers that ask for them", func(t *testing.T) {
		h := newVpcHarness(t, baseConfig())
		_, err := h.Construct(secureVpc, "eks", map[string]property.Value{
			"subnetSpecs": specs(
				spec("type", "public", "eksDiscovery", true),
				spec("type", "private", "name", "nodes", "eksDiscovery", true,
					"tags", map[string]property.Value{"Tier": property.New("nodes")}),
				spec("type", "private", "name", "pods", "cidrMask", 22),
				spec("type", "isolated", "eksDiscovery", true),
			),
		})
		require.NoError(t, err)
		assertUniqueNames(t, h)
		subnets := byName(h, tSubnet)
		require.Len(t, subnets, 12)
		for name, s := range subnets {
			tags := stringMap(s.Inputs.Get("tags"))
			switch {
			case strings.HasPrefix(name, "eks-public-"):
				assert.Equal(t, "1", tags["kubernetes.io/role/elb"], name)
				assert.NotContains(t, tags, "kubernetes.io/role/internal-elb", name)
			case strings.HasPrefix(name, "eks-nodes-"):
				assert.Equal(t, "1", tags["kubernetes.io/role/internal-elb"], name)
				assert.NotContains(t, tags, "kubernetes.io/role/elb", name)
				assert.Equal(t, "nodes", tags["Tier"], name)
			default:
				assert.NotContains(t, tags, "kubernetes.io/role/elb", name)
				assert.NotContains(t, tags, "kubernetes.io/role/internal-elb", name)
				assert.NotContains(t, tags, "Tier", name)
			}
		}
	})

	t.Run("IPv6 gives every subnet a /64 of the VPC's /56 and an egress-only route out", func(t *testing.T) {
		h := newVpcHarness(t, baseConfig())
		_, err := h.Construct(secureVpc, "v6", map[string]property.Value{
			"assignGeneratedIpv6CidrBlock": property.New(true),
		})
		require.NoError(t, err)
		assert.True(t, h.Child(t, tVpc).Inputs.Get("assignGeneratedIpv6CidrBlock").AsBool())

		want := map[string]string{
			"v6-public-us-west-2a":   "2600:1f14:abcd:1200::/64",
			"v6-public-us-west-2b":   "2600:1f14:abcd:1201::/64",
			"v6-public-us-west-2c":   "2600:1f14:abcd:1202::/64",
			"v6-private-us-west-2a":  "2600:1f14:abcd:1204::/64",
			"v6-private-us-west-2b":  "2600:1f14:abcd:1205::/64",
			"v6-private-us-west-2c":  "2600:1f14:abcd:1206::/64",
			"v6-isolated-us-west-2a": "2600:1f14:abcd:1208::/64",
			"v6-isolated-us-west-2b": "2600:1f14:abcd:1209::/64",
			"v6-isolated-us-west-2c": "2600:1f14:abcd:120a::/64",
		}
		got := map[string]string{}
		for name, s := range byName(h, tSubnet) {
			got[name] = testharness.Str(s.Inputs.Get("ipv6CidrBlock"))
			assert.True(t, s.Inputs.Get("assignIpv6AddressOnCreation").AsBool(), name)
		}
		assert.Equal(t, want, got)

		eigw := h.Child(t, tEigw)
		assert.Equal(t, "v6-eigw", eigw.Name)
		assert.Equal(t, "v6-id", testharness.Str(eigw.Inputs.Get("vpcId")))

		rts := byName(h, tRouteTable)
		assert.Equal(t, []map[string]any{
			{"cidrBlock": "0.0.0.0/0", "gatewayId": "v6-igw-id"},
			{"ipv6CidrBlock": "::/0", "gatewayId": "v6-igw-id"},
		}, entries(rts["v6-public"].Inputs.Get("routes")))
		for _, z := range []string{"us-west-2a", "us-west-2b", "us-west-2c"} {
			assert.Equal(t, []map[string]any{
				{"cidrBlock": "0.0.0.0/0", "natGatewayId": "v6-nat-us-west-2a-id"},
				{"ipv6CidrBlock": "::/0", "egressOnlyGatewayId": "v6-eigw-id"},
			}, entries(rts["v6-private-"+z].Inputs.Get("routes")), z)
		}
		assert.Empty(t, entries(rts["v6-isolated"].Inputs.Get("routes")))

		for _, acl := range []testharness.Child{h.Child(t, tDefaultNacl), h.Child(t, tNacl)} {
			in := naclEntries(acl.Inputs.Get("ingress"))
			assert.Contains(t, in, naclEntry{201, "allow", "-1", "::/0", 0, 0}, acl.Name)
			assertDeniesAdminPortsFirst(t, acl.Name, in)
			assert.Contains(t, naclEntries(acl.Inputs.Get("egress")), naclEntry{101, "allow", "-1", "::/0", 0, 0}, acl.Name)
		}
	})

	t.Run("production gets a NAT gateway per zone, each private table using its own", func(t *testing.T) {
		cfg := baseConfig()
		cfg["environment"] = property.New("production")
		h := newVpcHarness(t, cfg)
		resp, err := h.Construct(secureVpc, "prod", nil)
		require.NoError(t, err)
		nats := byName(h, tNat)
		require.Len(t, nats, 3)
		assert.Len(t, byName(h, tEip), 3)
		rts := byName(h, tRouteTable)
		for _, z := range []string{"us-west-2a", "us-west-2b", "us-west-2c"} {
			nat := nats["prod-nat-"+z]
			assert.Equal(t, "prod-public-"+z+"-id", testharness.Str(nat.Inputs.Get("subnetId")), z)
			assert.Equal(t, "prod-nat-"+z+"-id", testharness.Str(nat.Inputs.Get("allocationId")), z)
			assert.Equal(t, []map[string]any{{"cidrBlock": "0.0.0.0/0", "natGatewayId": "prod-nat-" + z + "-id"}},
				entries(rts["prod-private-"+z].Inputs.Get("routes")), z)
		}
		assert.Equal(t, []string{"prod-nat-us-west-2a-id", "prod-nat-us-west-2b-id", "prod-nat-us-west-2c-id"},
			strList(resp.State.Get("natGatewayIds")))
	})

	t.Run("zones given by name are used in order", func(t *testing.T) {
		h := newVpcHarness(t, baseConfig())
		resp, err := h.Construct(secureVpc, "named", map[string]property.Value{
			"availabilityZoneNames": strs("us-west-2d", "us-west-2b"),
		})
		require.NoError(t, err)
		subnets := byName(h, tSubnet)
		require.Len(t, subnets, 6)
		assert.Equal(t, "10.0.0.0/22", testharness.Str(subnets["named-public-us-west-2d"].Inputs.Get("cidrBlock")))
		assert.Equal(t, "10.0.4.0/22", testharness.Str(subnets["named-public-us-west-2b"].Inputs.Get("cidrBlock")))
		assert.Equal(t, "us-west-2d", testharness.Get(resp.State, "subnetLayout[0].availabilityZone").AsString())
	})

	t.Run("a VPC without public and private tiers has no gateways and no NAT", func(t *testing.T) {
		h := newVpcHarness(t, baseConfig())
		resp, err := h.Construct(secureVpc, "closed", map[string]property.Value{
			"subnetSpecs":      specs(spec("type", "isolated", "cidrMask", 24)),
			"gatewayEndpoints": property.New([]property.Value{}),
		})
		require.NoError(t, err)
		for _, typ := range []string{tIgw, tEigw, tEip, tNat, tNacl, tEndpoint} {
			assert.NotContains(t, h.Types(), typ)
		}
		assert.Len(t, byName(h, tSubnet), 3)
		assert.Equal(t, "", testharness.Str(resp.State.Get("internetGatewayId")))
		assert.Empty(t, strList(resp.State.Get("natGatewayIds")))
		assert.Equal(t, compliance.Summary{Pass: 5}, reportOf(t, resp.State.Get("complianceReport")).Summary)
	})

	t.Run("flow logs can go to an S3 bucket without a log group or role", func(t *testing.T) {
		h := newVpcHarness(t, baseConfig())
		_, err := h.Construct(secureVpc, "s3logs", map[string]property.Value{
			"flowLogs": spec("destination", "s3", "s3BucketArn", "arn:aws:s3:::acme-flow-logs"),
		})
		require.NoError(t, err)
		for _, typ := range []string{tLogGroup, tRole, tRolePolicy} {
			assert.NotContains(t, h.Types(), typ)
		}
		fl := h.Child(t, tFlowLog)
		assert.Equal(t, "s3", testharness.Str(fl.Inputs.Get("logDestinationType")))
		assert.Equal(t, "arn:aws:s3:::acme-flow-logs", testharness.Str(fl.Inputs.Get("logDestination")))
		assert.Equal(t, "ALL", testharness.Str(fl.Inputs.Get("trafficType")))
	})

	t.Run("flow logs turned off in audit mode deploy without a flow log", func(t *testing.T) {
		cfg := baseConfig()
		cfg["enforcement"] = property.New("audit")
		h := newVpcHarness(t, cfg)
		resp, err := h.Construct(secureVpc, "quiet", map[string]property.Value{
			"flowLogs": spec("enabled", false),
		})
		require.NoError(t, err)
		for _, typ := range []string{tFlowLog, tLogGroup, tRole, tRolePolicy} {
			assert.NotContains(t, h.Types(), typ)
		}
		assert.Equal(t, "", testharness.Str(resp.State.Get("flowLogId")))
		report := reportOf(t, resp.State.Get("complianceReport"))
		assert.Equal(t, compliance.Summary{Pass: 4, Fail: 1}, report.Summary)
	})

	t.Run("interface endpoints sit in the private subnets behind an HTTPS-from-the-VPC group", func(t *testing.T) {
		h := newVpcHarness(t, baseConfig())
		resp, err := h.Construct(secureVpc, "ep", map[string]property.Value{
			"interfaceEndpoints": strs("ecr.api"),
		})
		require.NoError(t, err)
		assertUniqueNames(t, h)
		sg := h.Child(t, tSecurityGroup)
		assert.Equal(t, "ep-endpoints", sg.Name)
		assert.Equal(t, []map[string]any{{
			"protocol": "tcp", "fromPort": 443.0, "toPort": 443.0, "cidrBlocks": []any{"10.0.0.0/16"},
			"description": "HTTPS from the VPC",
		}}, entries(sg.Inputs.Get("ingress")))
		ep := byName(h, tEndpoint)["ep-ecr.api-endpoint"]
		assert.Equal(t, "com.amazonaws.us-west-2.ecr.api", testharness.Str(ep.Inputs.Get("serviceName")))
		assert.Equal(t, "Interface", testharness.Str(ep.Inputs.Get("vpcEndpointType")))
		assert.True(t, ep.Inputs.Get("privateDnsEnabled").AsBool())
		assert.Equal(t, []string{"ep-private-us-west-2a-id", "ep-private-us-west-2b-id", "ep-private-us-west-2c-id"},
			strList(ep.Inputs.Get("subnetIds")))
		assert.Equal(t, []string{"ep-endpoints-id"}, strList(ep.Inputs.Get("securityGroupIds")))
		assert.Equal(t, "ep-ecr.api-endpoint-id", stringMap(resp.State.Get("endpointIds"))["ecr.api"])
	})
}

func TestSecureVpcZonesMustExistInTheRegion(t *testing.T) {
	tests := []struct {
		name     string
		zones    []string
		inputs   map[string]property.Value
		wantPath string
		wantText []string
	}{
		{
			name:     "more zones than the region has are rejected",
			zones:    oregonZones[:3],
			inputs:   map[string]property.Value{"numberOfAvailabilityZones": property.New(4.0)},
			wantPath: "numberOfAvailabilityZones: 4",
			wantText: []string{"us-west-2", "us-west-2a", "us-west-2b", "us-west-2c"},
		},
		{
			name:     "zone names the region does not have are rejected",
			zones:    oregonZones,
			inputs:   map[string]property.Value{"availabilityZoneNames": strs("us-west-2a", "us-east-1a")},
			wantPath: `availabilityZoneNames[1]: "us-east-1a"`,
			wantText: []string{"us-west-2", "us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newVpcHarness(t, baseConfig(), tt.zones...)
			_, err := h.Construct(secureVpc, "wide", tt.inputs)
			require.Error(t, err)
			msg := err.Error()
			assert.Contains(t, msg, "[VPC006]")
			assert.Contains(t, msg, tt.wantPath)
			for _, want := range tt.wantText {
				assert.Contains(t, msg, want, "the error names the region and its zones")
			}
			assert.Contains(t, msg, "; fix: ")
			assert.NotContains(t, h.Types(), tVpc, "no network is registered")
		})
	}
}

func TestSecureVpcRejectsRepeatsThatWouldCollide(t *testing.T) {
	h := newVpcHarness(t, baseConfig())
	_, err := h.Construct(secureVpc, "twice", map[string]property.Value{
		"availabilityZoneNames": strs("us-west-2a", "us-west-2a"),
		"interfaceEndpoints":    strs("s3", "ssm", "ssm"),
	})
	require.Error(t, err)
	assert.Empty(t, h.Children(), "rejected before anything is registered")
	msg := err.Error()
	for _, want := range []string{
		`availabilityZoneNames[1]: "us-west-2a" is already listed at availabilityZoneNames[0]`,
		`interfaceEndpoints[0]: "s3" is already listed at gatewayEndpoints[0]`,
		`interfaceEndpoints[2]: "ssm" is already listed at interfaceEndpoints[1]`,
	} {
		assert.Contains(t, msg, want)
	}
	assert.Equal(t, []string{"VPC017", "VPC017", "VPC017"}, codesIn(msg))
}

func TestSecureVpcBadInputRegistersNothing(t *testing.T) {
	h := newVpcHarness(t, baseConfig())
	_, err := h.Construct(secureVpc, "bad", map[string]property.Value{
		"cidrBlock":       property.New("10.0.0.0/33"),
		"natGateways":     property.New("lots"),
		"instanceTenancy": property.New("host"),
		"subnetSpecs": specs(
			spec("type", "public"),
			spec("type", "private", "mapPublicIpOnLaunch", true),
			spec("type", "dmz"),
		),
		"flowLogs":         spec("retentionInDays", 100),
		"gatewayEndpoints": strs("sqs"),
	})
	require.Error(t, err)
	assert.Empty(t, h.Children(), "nothing, not even the component, is registered")
	assert.Empty(t, h.Invokes(), "nothing is looked up either")
	msg := err.Error()
	assert.Contains(t, msg, `orgiac:aws:SecureVpc "bad" has 7 input problems; nothing was created`)
	for _, want := range []string{
		`cidrBlock: "10.0.0.0/33"`, `instanceTenancy: "host"`, `subnetSpecs[1].mapPublicIpOnLaunch: true`, `subnetSpecs[2].type: "dmz"`,
		`natGateways: "lots"`, `flowLogs.retentionInDays: 100`, `gatewayEndpoints[0]: "sqs"`,
	} {
		assert.Contains(t, msg, want)
	}
	assert.ElementsMatch(t, []string{"VPC001", "VPC012", "VPC013", "VPC002", "VPC005", "VPC009", "VPC016"}, codesIn(msg))
}
