package aws

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

func TestPlanNetworkStackDefaults(t *testing.T) {
	plan, probs := planNetworkStack(NetworkStackArgs{AllowedIngressCidrs: []string{"0.0.0.0/0", "::/0"}})
	require.Zero(t, probs.Len(), "%v", probs.Items())
	assert.False(t, plan.SSM)
	assert.Equal(t, []sgRule{
		{Tier: SGWeb, Protocol: "tcp", From: 443, To: 443, Cidr: "0.0.0.0/0", Description: "HTTP(S) 443 from 0.0.0.0/0"},
		{Tier: SGWeb, Protocol: "tcp", From: 80, To: 80, Cidr: "0.0.0.0/0", Description: "HTTP(S) 80 from 0.0.0.0/0"},
		{Tier: SGWeb, Protocol: "tcp", From: 443, To: 443, Cidr: "::/0", Description: "HTTP(S) 443 from ::/0"},
		{Tier: SGWeb, Protocol: "tcp", From: 80, To: 80, Cidr: "::/0", Description: "HTTP(S) 80 from ::/0"},
		{Tier: SGApp, Protocol: "tcp", From: 8080, To: 8080, PeerTier: SGWeb, Description: "from the web tier"},
		{Tier: SGData, Protocol: "tcp", From: 5432, To: 5432, PeerTier: SGApp, Description: "from the app tier"},
	}, plan.Ingress)
	assert.Equal(t, []sgRule{
		{Tier: SGWeb, Protocol: "tcp", From: 8080, To: 8080, PeerTier: SGApp, Description: "to the app tier"},
		{Tier: SGApp, Protocol: "tcp", From: 5432, To: 5432, PeerTier: SGData, Description: "to the data tier"},
		{Tier: SGApp, Protocol: "tcp", From: 443, To: 443, Cidr: "0.0.0.0/0", Description: "HTTPS to AWS APIs and dependencies"},
	}, plan.Egress, "data answers only")
}

func TestPlanNetworkStackOptions(t *testing.T) {
	tests := []struct {
		name  string
		args  NetworkStackArgs
		check func(t *testing.T, plan stackPlan)
	}{
		{
			name: "no allowed CIDRs leaves the web tier closed to the outside",
			args: NetworkStackArgs{},
			check: func(t *testing.T, plan stackPlan) {
				for _, r := range plan.Ingress {
					assert.Empty(t, r.Cidr, "%+v", r)
				}
			},
		},
		{
			name: "appPort and dataPorts change the tier rules",
			args: NetworkStackArgs{AppPort: ptr(3000), DataPorts: []int{5432, 6379}},
			check: func(t *testing.T, plan stackPlan) {
				assert.Equal(t, []sgRule{
					{Tier: SGApp, Protocol: "tcp", From: 3000, To: 3000, PeerTier: SGWeb, Description: "from the web tier"},
					{Tier: SGData, Protocol: "tcp", From: 5432, To: 5432, PeerTier: SGApp, Description: "from the app tier"},
					{Tier: SGData, Protocol: "tcp", From: 6379, To: 6379, PeerTier: SGApp, Description: "from the app tier"},
				}, plan.Ingress)
				assert.Equal(t, sgRule{Tier: SGWeb, Protocol: "tcp", From: 3000, To: 3000, PeerTier: SGApp,
					Description: "to the app tier"}, plan.Egress[0])
				assert.Len(t, plan.Egress, 4)
			},
		},
		{
			name: "SSH from a private network is accepted",
			args: NetworkStackArgs{IngressRules: []IngressRule{
				{Tier: SGApp, Port: ptr(22), Cidrs: []string{"10.0.0.0/8"}, Description: "admin VPN"},
			}},
			check: func(t *testing.T, plan stackPlan) {
				assert.Contains(t, plan.Ingress, sgRule{Tier: SGApp, Protocol: "tcp", From: 22, To: 22, Cidr: "10.0.0.0/8",
					Description: "admin VPN"})
			},
		},
		{
			name: "RDP from an IPv6 office network is accepted",
			args: NetworkStackArgs{IngressRules: []IngressRule{
				{Tier: SGWeb, Port: ptr(3389), Cidrs: []string{"2001:db8::/32"}},
			}},
			check: func(t *testing.T, plan stackPlan) {
				assert.Contains(t, plan.Ingress, sgRule{Tier: SGWeb, Protocol: "tcp", From: 3389, To: 3389, Cidr: "2001:db8::/32"})
			},
		},
		{
			name: "a rule from another tier references that tier's group",
			args: NetworkStackArgs{IngressRules: []IngressRule{
				{Tier: SGData, FromTier: SGWeb, FromPort: ptr(6000), ToPort: ptr(6010), Protocol: "udp"},
			}},
			check: func(t *testing.T, plan stackPlan) {
				assert.Contains(t, plan.Ingress, sgRule{Tier: SGData, Protocol: "udp", From: 6000, To: 6010, PeerTier: SGWeb})
			},
		},
		{
			name: "all traffic and ICMP have no ports",
			args: NetworkStackArgs{IngressRules: []IngressRule{
				{Tier: SGApp, Protocol: "-1", FromTier: SGApp},
				{Tier: SGWeb, Protocol: "icmp", Cidrs: []string{"0.0.0.0/0"}},
			}},
			check: func(t *testing.T, plan stackPlan) {
				assert.Contains(t, plan.Ingress, sgRule{Tier: SGApp, Protocol: "-1", From: -1, To: -1, PeerTier: SGApp})
				assert.Contains(t, plan.Ingress, sgRule{Tier: SGWeb, Protocol: "icmp", From: -1, To: -1, Cidr: "0.0.0.0/0"})
			},
		},
		{
			name: "ssmEndpoints is carried into the plan",
			args: NetworkStackArgs{SsmEndpoints: ptr(true)},
			check: func(t *testing.T, plan stackPlan) {
				assert.True(t, plan.SSM)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, probs := planNetworkStack(tt.args)
			require.Zero(t, probs.Len(), "%v", probs.Items())
			tt.check(t, plan)
		})
	}
}

func oneRule(r IngressRule) NetworkStackArgs { return NetworkStackArgs{IngressRules: []IngressRule{r}} }

var world4, world6 = []string{"0.0.0.0/0"}, []string{"::/0"}

// stackRejects has one case or more per validation rule. Each names the rule
// it proves.
var stackRejects = []struct {
	name     string
	args     NetworkStackArgs
	wantCode string
	wantPath string
	wantText string
}{
	{"an unknown tier is rejected", oneRule(IngressRule{Tier: "db", Port: ptr(5432), FromTier: SGApp}),
		"NST001", "ingressRules[0].tier", `"db" is not a security-group tier`},
	{"an unknown source tier is rejected", oneRule(IngressRule{Tier: SGData, Port: ptr(5432), FromTier: "cache"}),
		"NST001", "ingressRules[0].fromTier", `"cache" is not a security-group tier`},
	{"a rule with cidrs and fromTier is rejected", oneRule(IngressRule{Tier: SGApp, Port: ptr(80), Cidrs: []string{"10.0.0.0/8"}, FromTier: SGWeb}),
		"NST002", "ingressRules[0]", `has 1 cidrs and fromTier "web"`},
	{"a rule with no source is rejected", oneRule(IngressRule{Tier: SGApp, Port: ptr(80)}),
		"NST002", "ingressRules[0]", `has 0 cidrs and fromTier ""`},
	{"port 0 is rejected", oneRule(IngressRule{Tier: SGApp, Port: ptr(0), FromTier: SGWeb}),
		"NST003", "ingressRules[0].port", "0 is not a port"},
	{"a port over 65535 is rejected", oneRule(IngressRule{Tier: SGApp, Port: ptr(65536), FromTier: SGWeb}),
		"NST003", "ingressRules[0].port", "65536 is not a port"},
	{"a reversed port range is rejected", oneRule(IngressRule{Tier: SGApp, FromPort: ptr(9000), ToPort: ptr(8000), FromTier: SGWeb}),
		"NST003", "ingressRules[0].fromPort", "9000 is greater than toPort (8000)"},
	{"a toPort over 65535 is rejected", oneRule(IngressRule{Tier: SGApp, FromPort: ptr(9000), ToPort: ptr(70000), FromTier: SGWeb}),
		"NST003", "ingressRules[0].toPort", "70000 is not a port"},
	{"port together with a range is rejected", oneRule(IngressRule{Tier: SGApp, Port: ptr(80), FromPort: ptr(80), ToPort: ptr(81), FromTier: SGWeb}),
		"NST003", "ingressRules[0].port", "80 is set together with fromPort/toPort"},
	{"a rule with no port is rejected", oneRule(IngressRule{Tier: SGApp, FromTier: SGWeb}),
		"NST003", "ingressRules[0].port", "is missing"},
	{"half a port range is rejected", oneRule(IngressRule{Tier: SGApp, FromPort: ptr(80), FromTier: SGWeb}),
		"NST003", "ingressRules[0].port", "is missing"},
	{"an appPort of 0 is rejected", NetworkStackArgs{AppPort: ptr(0)},
		"NST003", "appPort", "0 is not a port"},
	{"a data port over 65535 is rejected", NetworkStackArgs{DataPorts: []int{5432, 70000}},
		"NST003", "dataPorts[1]", "70000 is not a port"},
	{"SSH from 0.0.0.0/0 is rejected", oneRule(IngressRule{Tier: SGWeb, Port: ptr(22), Cidrs: world4}),
		"NST004", "ingressRules[0].cidrs[0]", `"0.0.0.0/0" would open port 22`},
	{"SSH from ::/0 is rejected", oneRule(IngressRule{Tier: SGWeb, Port: ptr(22), Cidrs: world6}),
		"NST004", "ingressRules[0].cidrs[0]", `"::/0" would open port 22`},
	{"SSH from ::/0 next to an allowed CIDR is rejected", oneRule(IngressRule{Tier: SGApp, Port: ptr(22), Cidrs: []string{"10.0.0.0/8", "::/0"}}),
		"NST004", "ingressRules[0].cidrs[1]", `"::/0" would open port 22`},
	{"RDP from 0.0.0.0/0 is rejected", oneRule(IngressRule{Tier: SGApp, Port: ptr(3389), Cidrs: world4}),
		"NST004", "ingressRules[0].cidrs[0]", `"0.0.0.0/0" would open port 3389`},
	{"RDP from ::/0 is rejected", oneRule(IngressRule{Tier: SGApp, Port: ptr(3389), Cidrs: world6}),
		"NST004", "ingressRules[0].cidrs[0]", `"::/0" would open port 3389`},
	{"all traffic from 0.0.0.0/0 is rejected", oneRule(IngressRule{Tier: SGWeb, Protocol: "-1", Cidrs: world4}),
		"NST004", "ingressRules[0].cidrs[0]", "would open port 22"},
	{"all traffic from ::/0 is rejected", oneRule(IngressRule{Tier: SGWeb, Protocol: "-1", Cidrs: world6}),
		"NST004", "ingressRules[0].cidrs[0]", `"::/0" would open port 22`},
	{"the port range 1-65535 from 0.0.0.0/0 is rejected", oneRule(IngressRule{Tier: SGWeb, FromPort: ptr(1), ToPort: ptr(65535), Cidrs: world4}),
		"NST004", "ingressRules[0].cidrs[0]", "would open port 22"},
	{"the port range 0-65535 from 0.0.0.0/0 is rejected", oneRule(IngressRule{Tier: SGWeb, FromPort: ptr(0), ToPort: ptr(65535), Cidrs: world4}),
		"NST004", "ingressRules[0].cidrs[0]", "would open port 22"},
	{"a port range around 22 from ::/0 is rejected", oneRule(IngressRule{Tier: SGWeb, FromPort: ptr(20), ToPort: ptr(23), Cidrs: world6}),
		"NST004", "ingressRules[0].cidrs[0]", "would open port 22"},
	{"SSH from ::/0 written another way is rejected", oneRule(IngressRule{Tier: SGWeb, Port: ptr(22), Cidrs: []string{"0::/0"}}),
		"NST004", "ingressRules[0].cidrs[0]", `"0::/0" would open port 22`},
	{"RDP from ::/0 written in full is rejected", oneRule(IngressRule{Tier: SGWeb, Port: ptr(3389), Cidrs: []string{"0:0:0:0:0:0:0:0/0"}}),
		"NST004", "ingressRules[0].cidrs[0]", "would open port 3389"},
	{"an unknown protocol is rejected", oneRule(IngressRule{Tier: SGWeb, Protocol: "gre", Port: ptr(47), FromTier: SGApp}),
		"NST005", "ingressRules[0].protocol", `"gre" is not a protocol`},
	{"an unparsable allowed CIDR is rejected", NetworkStackArgs{AllowedIngressCidrs: []string{"0.0.0.0/33"}},
		"NST006", "allowedIngressCidrs[0]", `"0.0.0.0/33" is not a CIDR block`},
	{"an allowed CIDR with host bits is rejected", NetworkStackArgs{AllowedIngressCidrs: []string{"10.0.0.0/8", "203.0.113.7/24"}},
		"NST006", "allowedIngressCidrs[1]", `"203.0.113.7/24" is not a CIDR block`},
	{"an unparsable rule CIDR is rejected", oneRule(IngressRule{Tier: SGWeb, Port: ptr(443), Cidrs: []string{"office"}}),
		"NST006", "ingressRules[0].cidrs[0]", `"office" is not a CIDR block`},
}

func TestPlanNetworkStackRejects(t *testing.T) {
	for _, tt := range stackRejects {
		t.Run(tt.name, func(t *testing.T) {
			plan, probs := planNetworkStack(tt.args)
			found := findProblem(probs, tt.wantCode, tt.wantPath)
			require.NotNil(t, found, "want %s at %s, got %v", tt.wantCode, tt.wantPath, probs.Items())
			msg := found.Error()
			assert.Contains(t, msg, tt.wantText, "the message says what is wrong")
			assert.Contains(t, msg, "["+tt.wantCode+"]", "the message names the rule")
			assert.Contains(t, msg, "; fix: ", "the message says how to fix it")
			if tt.wantCode == "NST004" {
				for _, r := range plan.Ingress {
					assert.False(t, strings.HasSuffix(r.Cidr, "/0"), "a rejected rule is not planned: %+v", r)
				}
			}
		})
	}
}

func TestEveryNetworkStackRuleHasAFailingCase(t *testing.T) {
	tested := map[string]bool{}
	for _, tt := range stackRejects {
		tested[tt.wantCode] = true
	}
	n := 0
	for _, r := range problem.Rules() {
		if strings.HasPrefix(r.Code, "NST") {
			n++
			assert.True(t, tested[r.Code], "rule %s (%s) has no failing case", r.Code, r.Summary)
			assert.NotEmpty(t, r.Fix, "rule %s has no fix", r.Code)
		}
	}
	assert.Equal(t, 6, n)
}

func TestPlanNetworkStackRejectsBothAdminPortsOfAnAllTrafficRule(t *testing.T) {
	_, probs := planNetworkStack(NetworkStackArgs{IngressRules: []IngressRule{
		{Tier: SGWeb, Protocol: "-1", Cidrs: []string{"0.0.0.0/0"}},
	}})
	var details []string
	for _, p := range probs.Items() {
		assert.Equal(t, "NST004", p.Rule.Code)
		details = append(details, p.Detail)
	}
	assert.Equal(t, []string{"would open port 22 to the whole internet", "would open port 3389 to the whole internet"}, details)
}

func TestPlanNetworkStackReportsEveryProblemAtOnce(t *testing.T) {
	_, probs := planNetworkStack(NetworkStackArgs{
		AllowedIngressCidrs: []string{"internet"},
		AppPort:             ptr(-1),
		IngressRules: []IngressRule{
			{Tier: "db", Protocol: "gre", Port: ptr(1)},
			{Tier: SGWeb, Port: ptr(22), Cidrs: []string{"::/0"}},
		},
	})
	assert.ElementsMatch(t, []string{"NST003", "NST006", "NST001", "NST002", "NST005", "NST004"}, ruleCodes(probs))
}

func TestAssessNetworkStackCoversTheVpcAndTheGroups(t *testing.T) {
	stack, probs := planNetworkStack(NetworkStackArgs{
		AllowedIngressCidrs: []string{"0.0.0.0/0"},
		IngressRules:        []IngressRule{{Tier: SGApp, Port: ptr(22), Cidrs: []string{"10.0.0.0/8"}}},
	})
	require.Zero(t, probs.Len())
	extra := stack.complianceResources("shop")
	var groups, rules int
	for _, r := range extra {
		switch r.Type {
		case compliance.TypeSecurityGroup:
			groups++
		case compliance.TypeSGIngressRule:
			rules++
		}
	}
	assert.Equal(t, 3, groups)
	assert.Equal(t, len(stack.Ingress), rules)

	_, report, p := unpack(assessVpcAs(networkStackToken, "shop", SecureVpcArgs{}, testConfig(standards.Enforce), extra...))
	require.Zero(t, p.Len(), "%v", p.Items())
	assert.Equal(t, compliance.Summary{Pass: 5}, report.Summary)
	assert.Equal(t, "pass", statuses(report)["vpc-sg-admin-ports"])
}

// TestAssessNetworkStackJudgesAWorldOpenAdminRule proves the compliance view of
// a rule matches the plan: were SSH from the internet ever planned, the
// vpc-sg-admin-ports control would fail on it too.
func TestAssessNetworkStackJudgesAWorldOpenAdminRule(t *testing.T) {
	stack := stackPlan{Ingress: []sgRule{{Tier: SGWeb, Protocol: "tcp", From: 22, To: 22, Cidr: "::/0"}}}
	_, report, probs := unpack(assessVpcAs(networkStackToken, "shop", SecureVpcArgs{}, testConfig(standards.Enforce),
		stack.complianceResources("shop")...))
	assert.Equal(t, "fail", statuses(report)["vpc-sg-admin-ports"])
	assert.Contains(t, ruleCodes(probs), "vpc-sg-admin-ports")
}
