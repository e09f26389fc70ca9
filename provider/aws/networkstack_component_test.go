package aws_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/testharness"
)

const (
	networkStack = "orgiac:aws:NetworkStack"
	tSGIngress   = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	tSGEgress    = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
)

// sgRuleView is a security-group rule resource reduced to what the tests
// compare: the group it belongs to, the traffic and the peer.
type sgRuleView struct {
	Group, Protocol string
	From, To        float64
	Cidr4, Cidr6    string
	PeerGroup       string
}

func sgRules(h *testharness.Harness, typ string) map[string]sgRuleView {
	out := map[string]sgRuleView{}
	for name, c := range byName(h, typ) {
		in := c.Inputs
		v := sgRuleView{
			Group: testharness.Str(in.Get("securityGroupId")), Protocol: testharness.Str(in.Get("ipProtocol")),
			Cidr4: testharness.Str(in.Get("cidrIpv4")), Cidr6: testharness.Str(in.Get("cidrIpv6")),
			PeerGroup: testharness.Str(in.Get("referencedSecurityGroupId")),
		}
		if f := in.Get("fromPort"); f.IsNumber() {
			v.From = f.AsNumber()
		}
		if t := in.Get("toPort"); t.IsNumber() {
			v.To = t.AsNumber()
		}
		out[name] = v
	}
	return out
}

func TestNetworkStackComposesASecureVpcAndTieredGroups(t *testing.T) {
	h := newVpcHarness(t, baseConfig())
	resp, err := h.Construct(networkStack, "shop", map[string]property.Value{
		"vpc":                 spec("numberOfAvailabilityZones", 2),
		"allowedIngressCidrs": strs("0.0.0.0/0", "::/0"),
		"ssmEndpoints":        property.New(true),
		"tags":                property.New(map[string]property.Value{"Team": property.New("web")}),
	})
	require.NoError(t, err)
	stackURN := string(resp.Urn)
	assertUniqueNames(t, h)

	var vpcComp testharness.Child
	t.Run("a SecureVpc child component is parented to the stack", func(t *testing.T) {
		assert.Equal(t, networkStack, h.Types()[0], "the stack is registered first")
		vpcComp = h.Child(t, secureVpc)
		assert.Equal(t, "shop", vpcComp.Name)
		assert.Equal(t, stackURN, vpcComp.Parent)
		assert.False(t, vpcComp.Custom)
	})

	t.Run("the network is parented to the SecureVpc, the groups and rules to the stack", func(t *testing.T) {
		vpcURN := strings.Replace(stackURN, networkStack+"::shop", networkStack+"$"+secureVpc+"::shop", 1)
		stackChildren := map[string]bool{secureVpc: true, tSGIngress: true, tSGEgress: true}
		for _, c := range h.Children() {
			switch {
			case c.Type == networkStack:
			case stackChildren[c.Type], c.Type == tSecurityGroup && c.Name != "shop-endpoints":
				assert.Equal(t, stackURN, c.Parent, "%s %s", c.Type, c.Name)
			default:
				assert.Equal(t, vpcURN, c.Parent, "%s %s", c.Type, c.Name)
			}
		}
		assert.Len(t, byName(h, tSubnet), 6, "the vpc input reaches the SecureVpc")
	})

	t.Run("three tier groups in the VPC, tagged like the VPC", func(t *testing.T) {
		groups := byName(h, tSecurityGroup)
		for _, tier := range []string{"web", "app", "data"} {
			sg, ok := groups["shop-"+tier]
			require.True(t, ok, tier)
			assert.Equal(t, "shop-id", testharness.Str(sg.Inputs.Get("vpcId")), tier)
			assert.Empty(t, entries(sg.Inputs.Get("ingress")), "%s: rules are separate resources", tier)
			assert.Empty(t, entries(sg.Inputs.Get("egress")), "%s: rules are separate resources", tier)
			tags := stringMap(sg.Inputs.Get("tags"))
			assert.Equal(t, "acme-test-shop-"+tier, tags["Name"], "the Name tag follows the naming standard")
			assert.Equal(t, "web", tags["Team"], tier)
			assert.Equal(t, "acme", tags["Organization"], tier)
			assert.Equal(t, "cis-aws-foundations-3.0 nist-800-53-r5", tags["compliance:frameworks"], tier)
		}
		assert.Equal(t, "web", stringMap(h.Child(t, tVpc).Inputs.Get("tags"))["Team"], "the stack's tags reach the VPC")
	})

	t.Run("ingress rules reference the right groups", func(t *testing.T) {
		assert.Equal(t, map[string]sgRuleView{
			"shop-web-in-0":  {Group: "shop-web-id", Protocol: "tcp", From: 443, To: 443, Cidr4: "0.0.0.0/0"},
			"shop-web-in-1":  {Group: "shop-web-id", Protocol: "tcp", From: 80, To: 80, Cidr4: "0.0.0.0/0"},
			"shop-web-in-2":  {Group: "shop-web-id", Protocol: "tcp", From: 443, To: 443, Cidr6: "::/0"},
			"shop-web-in-3":  {Group: "shop-web-id", Protocol: "tcp", From: 80, To: 80, Cidr6: "::/0"},
			"shop-app-in-4":  {Group: "shop-app-id", Protocol: "tcp", From: 8080, To: 8080, PeerGroup: "shop-web-id"},
			"shop-data-in-5": {Group: "shop-data-id", Protocol: "tcp", From: 5432, To: 5432, PeerGroup: "shop-app-id"},
		}, sgRules(h, tSGIngress))
	})

	t.Run("egress rules let each tier reach only the next", func(t *testing.T) {
		assert.Equal(t, map[string]sgRuleView{
			"shop-web-out-0": {Group: "shop-web-id", Protocol: "tcp", From: 8080, To: 8080, PeerGroup: "shop-app-id"},
			"shop-app-out-1": {Group: "shop-app-id", Protocol: "tcp", From: 5432, To: 5432, PeerGroup: "shop-data-id"},
			"shop-app-out-2": {Group: "shop-app-id", Protocol: "tcp", From: 443, To: 443, Cidr4: "0.0.0.0/0"},
		}, sgRules(h, tSGEgress))
	})

	t.Run("ssmEndpoints adds the Session Manager interface endpoints", func(t *testing.T) {
		eps := byName(h, tEndpoint)
		assert.Len(t, eps, 5, "s3 and dynamodb gateways plus three interface endpoints")
		for _, svc := range []string{"ssm", "ssmmessages", "ec2messages"} {
			ep, ok := eps["shop-"+svc+"-endpoint"]
			require.True(t, ok, svc)
			assert.Equal(t, "com.amazonaws.us-west-2."+svc, testharness.Str(ep.Inputs.Get("serviceName")))
			assert.Equal(t, "Interface", testharness.Str(ep.Inputs.Get("vpcEndpointType")))
			assert.True(t, ep.Inputs.Get("privateDnsEnabled").AsBool())
			assert.Equal(t, []string{"shop-private-us-west-2a-id", "shop-private-us-west-2b-id"}, strList(ep.Inputs.Get("subnetIds")))
			assert.Equal(t, []string{"shop-endpoints-id"}, strList(ep.Inputs.Get("securityGroupIds")))
		}
	})

	t.Run("outputs pass the VPC through and add the groups and one report", func(t *testing.T) {
		st := resp.State
		assert.Equal(t, "shop-id", testharness.Str(st.Get("vpcId")))
		assert.Equal(t, "10.0.0.0/16", testharness.Str(st.Get("cidrBlock")))
		assert.Equal(t, []string{"shop-private-us-west-2a-id", "shop-private-us-west-2b-id"}, strList(st.Get("privateSubnetIds")))
		assert.Len(t, entries(st.Get("subnetLayout")), 6)
		assert.Equal(t, map[string]string{"web": "shop-web-id", "app": "shop-app-id", "data": "shop-data-id"},
			stringMap(st.Get("securityGroupIds")))
		eps := stringMap(st.Get("endpointIds"))
		for _, svc := range []string{"s3", "dynamodb", "ssm", "ssmmessages", "ec2messages"} {
			assert.Equal(t, "shop-"+svc+"-endpoint-id", eps[svc], svc)
		}
		assert.Equal(t, "web", stringMap(st.Get("tags"))["Team"])

		report := reportOf(t, st.Get("complianceReport"))
		assert.Equal(t, compliance.Summary{Pass: 5}, report.Summary)
		assert.Equal(t, map[string]string{
			"vpc-default-sg-closed": "pass", "vpc-flow-logs": "pass", "vpc-nacl-admin-ports": "pass",
			"vpc-no-public-ip": "pass", "vpc-sg-admin-ports": "pass",
		}, reportStatuses(report))
		for _, c := range report.Controls {
			if c.ID == "vpc-sg-admin-ports" {
				assert.Contains(t, c.Resources, "shop-web", "the stack's groups are in the report")
			}
		}
	})
}

func reportStatuses(r compliance.Report) map[string]string {
	out := map[string]string{}
	for _, c := range r.Controls {
		out[c.ID] = c.Status
	}
	return out
}

func TestNetworkStackCustomRules(t *testing.T) {
	h := newVpcHarness(t, baseConfig())
	_, err := h.Construct(networkStack, "app", map[string]property.Value{
		"appPort":   property.New(3000.0),
		"dataPorts": property.New([]property.Value{property.New(5432.0), property.New(6379.0)}),
		"ingressRules": specs(
			spec("tier", "app", "port", 22, "cidrs", strs("10.8.0.0/16"), "description", "admin VPN"),
			spec("tier", "data", "protocol", "-1", "fromTier", "data"),
		),
	})
	require.NoError(t, err)
	ingress := sgRules(h, tSGIngress)
	assert.Equal(t, map[string]sgRuleView{
		"app-app-in-0":  {Group: "app-app-id", Protocol: "tcp", From: 3000, To: 3000, PeerGroup: "app-web-id"},
		"app-data-in-1": {Group: "app-data-id", Protocol: "tcp", From: 5432, To: 5432, PeerGroup: "app-app-id"},
		"app-data-in-2": {Group: "app-data-id", Protocol: "tcp", From: 6379, To: 6379, PeerGroup: "app-app-id"},
		"app-app-in-3":  {Group: "app-app-id", Protocol: "tcp", From: 22, To: 22, Cidr4: "10.8.0.0/16"},
		"app-data-in-4": {Group: "app-data-id", Protocol: "-1", PeerGroup: "app-data-id"},
	}, ingress, "no web ingress without allowedIngressCidrs; all-traffic rules carry no ports")
	assert.Equal(t, "admin VPN", testharness.Str(byName(h, tSGIngress)["app-app-in-3"].Inputs.Get("description")))
	assert.Len(t, sgRules(h, tSGEgress), 4)
	assert.NotContains(t, byName(h, tSecurityGroup), "app-endpoints", "no interface endpoints without ssmEndpoints")
}

func TestNetworkStackBadInputRegistersNothing(t *testing.T) {
	h := newVpcHarness(t, baseConfig())
	_, err := h.Construct(networkStack, "bad", map[string]property.Value{
		"vpc": spec("cidrBlock", "10.0.0.0/33", "natGateways", "lots",
			"flowLogs", spec("destination", "s3")),
		"allowedIngressCidrs": strs("everyone"),
		"ingressRules": specs(
			spec("tier", "web", "port", 22, "cidrs", strs("0.0.0.0/0")),
			spec("tier", "app", "protocol", "-1", "cidrs", strs("::/0")),
		),
		"tags": property.New(map[string]property.Value{"Environment": property.New("prod")}),
	})
	require.Error(t, err)
	assert.Empty(t, h.Children(), "nothing, not even the component, is registered")
	assert.Empty(t, h.Invokes())
	msg := err.Error()
	assert.Contains(t, msg, `orgiac:aws:NetworkStack "bad" has 8 input problems; nothing was created`)
	for _, want := range []string{
		`vpc.cidrBlock: "10.0.0.0/33"`,
		`vpc.natGateways: "lots"`,
		`vpc.flowLogs.s3BucketArn: is missing`,
		`allowedIngressCidrs[0]: "everyone"`,
		`ingressRules[0].cidrs[0]: "0.0.0.0/0" would open port 22`,
		`ingressRules[1].cidrs[0]: "::/0" would open port 22`,
		`ingressRules[1].cidrs[0]: "::/0" would open port 3389`,
		`tags["Environment"]: "prod"`,
	} {
		assert.Contains(t, msg, want)
	}
	assert.ElementsMatch(t, []string{"NST006", "NST004", "NST004", "NST004", "VPC001", "VPC005", "VPC008", "TAG001"}, codesIn(msg))
}

func TestNetworkStackRejectsAdminPortsFromTheInternetInEveryMode(t *testing.T) {
	for _, mode := range []string{"enforce", "audit", "off"} {
		t.Run(mode, func(t *testing.T) {
			cfg := baseConfig()
			cfg["enforcement"] = property.New(mode)
			h := newVpcHarness(t, cfg)
			_, err := h.Construct(networkStack, "relaxed", map[string]property.Value{
				"ingressRules": specs(
					spec("tier", "web", "port", 22, "cidrs", strs("0.0.0.0/0")),
					spec("tier", "app", "fromPort", 3000, "toPort", 4000, "cidrs", strs("::/0")),
				),
			})
			require.Error(t, err, "SSH and RDP from the internet are rejected whatever the enforcement mode")
			assert.Equal(t, []string{"NST004", "NST004"}, codesIn(err.Error()))
			assert.Contains(t, err.Error(), "ingressRules[1].cidrs[0]: \"::/0\" would open port 3389")
			assert.Empty(t, h.Children())
		})
	}
}

func TestNetworkStackAddsEachSessionManagerEndpointOnce(t *testing.T) {
	h := newVpcHarness(t, baseConfig())
	_, err := h.Construct(networkStack, "ops", map[string]property.Value{
		"vpc":          spec("interfaceEndpoints", strs("ssm", "logs")),
		"ssmEndpoints": property.New(true),
	})
	require.NoError(t, err)
	assertUniqueNames(t, h)
	var interfaces []string
	for name, ep := range byName(h, tEndpoint) {
		if testharness.Str(ep.Inputs.Get("vpcEndpointType")) == "Interface" {
			interfaces = append(interfaces, name)
		}
	}
	assert.ElementsMatch(t, []string{"ops-ssm-endpoint", "ops-logs-endpoint", "ops-ssmmessages-endpoint",
		"ops-ec2messages-endpoint"}, interfaces)
}

func TestNetworkStackPrefixesVpcProblems(t *testing.T) {
	h := newVpcHarness(t, baseConfig())
	_, err := h.Construct(networkStack, "p", map[string]property.Value{
		"vpc": spec(
			"availabilityZoneNames", strs("us-west-2a", "us-west-2a"),
			"subnetSpecs", specs(spec("type", "public", "cidrMask", 8)),
		),
	})
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, `vpc.availabilityZoneNames[1]: "us-west-2a" is already listed`)
	assert.Equal(t, []string{"VPC017"}, codesIn(msg))
	assert.Empty(t, h.Children())

	h = newVpcHarness(t, baseConfig())
	_, err = h.Construct(networkStack, "p", map[string]property.Value{
		"vpc": spec("subnetSpecs", specs(spec("type", "public", "cidrMask", 8))),
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "vpc.subnetSpecs[0].cidrMask: 8 has a subnet prefix length of /8, not longer than the VPC's (10.0.0.0/16) [NET005]",
		"the subnet planner's problems carry the prefix too")
}
