package aws

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/provider/lifecycle"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

// The security-group tiers of a NetworkStack, from the edge inwards.
const (
	SGWeb  = "web"
	SGApp  = "app"
	SGData = "data"
)

var sgTiers = []string{SGWeb, SGApp, SGData}

const defaultAppPort = 8080

var defaultDataPorts = []int{5432}

// ssmEndpoints are the interface endpoints Session Manager needs, so
// instances in private subnets are reachable without a bastion.
var ssmEndpoints = []string{"ssm", "ssmmessages", "ec2messages"}

var (
	RuleSGTier = problem.Define("NST001",
		"ingress rules name a security-group tier: web, app or data",
		"set tier (and fromTier) to web, app or data")
	RuleSGSource = problem.Define("NST002",
		"an ingress rule has cidrs or fromTier, not both and not neither",
		"keep either cidrs (addresses outside the VPC) or fromTier (another tier's security group)")
	RuleSGPort = problem.Define("NST003",
		"ports are 1 to 65535; a rule gives port, or fromPort and toPort with fromPort <= toPort",
		"set port, or fromPort and toPort")
	RuleAdminPortsOpen = problem.Define("NST004",
		"SSH (22) and RDP (3389) are never open to 0.0.0.0/0 or ::/0",
		"allow only your administration network's CIDR, or use Session Manager (ssmEndpoints: true) instead of SSH")
	RuleSGProtocol = problem.Define("NST005",
		"a rule's protocol is tcp, udp, icmp or -1 (all)",
		"set protocol to tcp, udp, icmp or -1")
	RuleSGCidr = problem.Define("NST006",
		"ingress CIDRs are IPv4 or IPv6 networks in CIDR notation",
		"write the network, e.g. 203.0.113.0/24")
)

// sgRule is one planned ingress or egress rule of a tier's security group.
type sgRule struct {
	Tier        string // the group the rule belongs to
	Protocol    string
	From, To    int
	Cidr        string // an outside network, or
	PeerTier    string // another tier's group
	Description string
}

type stackPlan struct {
	Ingress []sgRule
	Egress  []sgRule
	SSM     bool
}

// world reports whether the rule's CIDR is the whole internet of its family,
// however it is written (`::/0`, `0::/0`, `0:0:0:0:0:0:0:0/0`).
func (r sgRule) world() bool {
	p, err := netip.ParsePrefix(r.Cidr)
	return err == nil && p.Bits() == 0
}

// planNetworkStack decides the tiered security groups. The VPC is planned
// by SecureVpc itself.
func planNetworkStack(args NetworkStackArgs) (stackPlan, problem.List) {
	var errs problem.List
	plan := stackPlan{SSM: deref(args.SsmEndpoints, false)}
	appPort := deref(args.AppPort, defaultAppPort)
	dataPorts := args.DataPorts
	if dataPorts == nil {
		dataPorts = defaultDataPorts
	}
	errs.Merge("", checkPort("appPort", appPort))
	for i, p := range dataPorts {
		errs.Merge("", checkPort(fmt.Sprintf("dataPorts[%d]", i), p))
	}
	for i, c := range args.AllowedIngressCidrs {
		at := fmt.Sprintf("allowedIngressCidrs[%d]", i)
		if !validCidr(c) {
			errs.Addf(RuleSGCidr, at, c, "is not a CIDR block")
			continue
		}
		for _, port := range []int{443, 80} {
			plan.Ingress = append(plan.Ingress, sgRule{Tier: SGWeb, Protocol: "tcp", From: port, To: port, Cidr: c,
				Description: fmt.Sprintf("HTTP(S) %d from %s", port, c)})
		}
	}
	plan.Ingress = append(plan.Ingress, sgRule{Tier: SGApp, Protocol: "tcp", From: appPort, To: appPort, PeerTier: SGWeb,
		Description: "from the web tier"})
	for _, p := range dataPorts {
		plan.Ingress = append(plan.Ingress, sgRule{Tier: SGData, Protocol: "tcp", From: p, To: p, PeerTier: SGApp,
			Description: "from the app tier"})
	}
	for i, r := range args.IngressRules {
		rule, p := planIngressRule(fmt.Sprintf("ingressRules[%d]", i), r)
		errs.Merge("", p)
		if p.Len() == 0 {
			plan.Ingress = append(plan.Ingress, rule...)
		}
	}
	// Egress is what each tier needs: web talks to app, app to data and to
	// AWS APIs over HTTPS, data answers only.
	plan.Egress = append(plan.Egress, sgRule{Tier: SGWeb, Protocol: "tcp", From: appPort, To: appPort, PeerTier: SGApp,
		Description: "to the app tier"})
	for _, p := range dataPorts {
		plan.Egress = append(plan.Egress, sgRule{Tier: SGApp, Protocol: "tcp", From: p, To: p, PeerTier: SGData,
			Description: "to the data tier"})
	}
	plan.Egress = append(plan.Egress, sgRule{Tier: SGApp, Protocol: "tcp", From: 443, To: 443, Cidr: "0.0.0.0/0",
		Description: "HTTPS to AWS APIs and dependencies"})
	return plan, errs
}

func planIngressRule(at string, r IngressRule) ([]sgRule, problem.List) {
	var errs problem.List
	if !slices.Contains(sgTiers, r.Tier) {
		errs.Addf(RuleSGTier, at+".tier", r.Tier, "is not a security-group tier")
	}
	if r.FromTier != "" && !slices.Contains(sgTiers, r.FromTier) {
		errs.Addf(RuleSGTier, at+".fromTier", r.FromTier, "is not a security-group tier")
	}
	if (len(r.Cidrs) > 0) == (r.FromTier != "") {
		errs.Addf(RuleSGSource, at, nil, "has %d cidrs and fromTier %q", len(r.Cidrs), r.FromTier)
	}
	proto := firstNonEmpty(r.Protocol, "tcp")
	if !slices.Contains([]string{"tcp", "udp", "icmp", "-1"}, proto) {
		errs.Addf(RuleSGProtocol, at+".protocol", proto, "is not a protocol")
	}
	from, to := 0, 0
	switch {
	case proto == "-1" || proto == "icmp":
		from, to = -1, -1
	case r.Port != nil && (r.FromPort != nil || r.ToPort != nil):
		errs.Addf(RuleSGPort, at+".port", *r.Port, "is set together with fromPort/toPort")
	case r.Port != nil:
		from, to = *r.Port, *r.Port
		errs.Merge("", checkPort(at+".port", from))
	case r.FromPort != nil && r.ToPort != nil:
		from, to = *r.FromPort, *r.ToPort
		errs.Merge("", checkPort(at+".fromPort", from))
		errs.Merge("", checkPort(at+".toPort", to))
		if from > to {
			errs.Addf(RuleSGPort, at+".fromPort", from, "is greater than toPort (%d)", to)
		}
	default:
		errs.Addf(RuleSGPort, at+".port", nil, "is missing")
	}
	var out []sgRule
	for j, c := range r.Cidrs {
		cat := fmt.Sprintf("%s.cidrs[%d]", at, j)
		if !validCidr(c) {
			errs.Addf(RuleSGCidr, cat, c, "is not a CIDR block")
			continue
		}
		rule := sgRule{Tier: r.Tier, Protocol: proto, From: from, To: to, Cidr: c, Description: r.Description}
		for _, admin := range []int{22, 3389} {
			if rule.world() && (proto == "-1" || (proto == "tcp" && from <= admin && admin <= to)) {
				errs.Addf(RuleAdminPortsOpen, cat, c, "would open port %d to the whole internet", admin)
			}
		}
		out = append(out, rule)
	}
	if r.FromTier != "" {
		out = append(out, sgRule{Tier: r.Tier, Protocol: proto, From: from, To: to, PeerTier: r.FromTier, Description: r.Description})
	}
	return out, errs
}

func checkPort(at string, p int) problem.List {
	var errs problem.List
	if p < 1 || p > 65535 {
		errs.Addf(RuleSGPort, at, p, "is not a port")
	}
	return errs
}

func validCidr(c string) bool {
	p, err := netip.ParsePrefix(c)
	return err == nil && p.Masked() == p
}

// complianceResources is the plan as the VPC controls see it: each tier's
// group and its ingress rules.
func (p stackPlan) complianceResources(name string) []compliance.Resource {
	var out []compliance.Resource
	for _, tier := range sgTiers {
		out = append(out, compliance.Resource{Type: compliance.TypeSecurityGroup, Name: name + "-" + tier, ID: tier,
			Props: map[string]any{}})
	}
	for i, r := range p.Ingress {
		props := map[string]any{"securityGroupId": r.Tier, "ipProtocol": r.Protocol, "fromPort": r.From, "toPort": r.To}
		if r.Cidr != "" {
			key := "cidrIpv4"
			if netip.MustParsePrefix(r.Cidr).Addr().Is6() {
				key = "cidrIpv6"
			}
			props[key] = r.Cidr
		}
		out = append(out, compliance.Resource{Type: compliance.TypeSGIngressRule,
			Name: fmt.Sprintf("%s-%s-in-%d", name, r.Tier, i), Props: props})
	}
	return out
}

// networkStackPlan is everything a NetworkStack decides before it registers
// anything.
type networkStackPlan struct {
	Groups stackPlan
	// Vpc is the VPC as the stack's own controls judged it, with the tiers'
	// groups: its tags (with the stack's compliance tags) go on the groups.
	Vpc vpcPlan
	// Nested is the SecureVpc the stack builds, prepared with SecureVpc's
	// own policy defaults: the VPC the stack judges is the one it builds.
	Nested lifecycle.Prepared[SecureVpcArgs, vpcPlan]
}

// assessNetworkStack plans the tiers and the VPC, and judges them together
// under the NetworkStack's controls.
func assessNetworkStack(name string, args NetworkStackArgs, cfg settings.Resolved) lifecycle.Assessment[networkStackPlan] {
	nested := SecureVpcSpec.Prepare(name, stackVpcArgs(args), cfg)
	groups, probs := planNetworkStack(args)
	vpc := assessVpcAs(networkStackToken, name, nested.Args, cfg, groups.complianceResources(name)...)

	// The nested SecureVpc is judged on the same VPC under its own controls,
	// all of which are the stack's too, so its problems are the stack's:
	// each is reported once, under the stack's input that causes it.
	seen := map[string]bool{}
	for _, list := range []problem.List{vpc.Problems, nested.Problems} {
		for _, q := range list.Items() {
			q.Path = stackPathOfVpcInput(q.Path, nested.Filled)
			if key := q.Error(); !seen[key] {
				seen[key] = true
				probs.Add(q)
			}
		}
	}
	return lifecycle.Assessment[networkStackPlan]{
		Plan:   networkStackPlan{Groups: groups, Vpc: vpc.Plan, Nested: nested},
		Report: vpc.Report, Problems: probs, Warnings: vpc.Warnings,
	}
}

// stackVpcArgs is the SecureVpc a NetworkStack builds: its vpc input, with
// the stack's tags and waivers, and the Session Manager endpoints.
func stackVpcArgs(args NetworkStackArgs) SecureVpcArgs {
	vpcArgs := SecureVpcArgs{}
	if args.Vpc != nil {
		vpcArgs = *args.Vpc
	}
	vpcArgs.Tags = mergeMaps(args.Tags, vpcArgs.Tags)
	if deref(args.SsmEndpoints, false) {
		for _, e := range ssmEndpoints {
			if !slices.Contains(vpcArgs.InterfaceEndpoints, e) {
				vpcArgs.InterfaceEndpoints = append(slices.Clone(vpcArgs.InterfaceEndpoints), e)
			}
		}
	}
	vpcArgs.Waivers = append(slices.Clone(vpcArgs.Waivers), args.Waivers...)
	return vpcArgs
}

// stackPathOfVpcInput is where a problem of the VPC sits in the stack's
// inputs: under vpc, except the tags and waivers the stack passed down and
// the policy document's SecureVpc defaults.
func stackPathOfVpcInput(path string, filled []string) string {
	switch top := lifecycle.TopLevel(path); {
	case strings.HasPrefix(path, "components."), top == "tags", top == "waivers":
		return path
	case slices.Contains(filled, top):
		return "components." + secureVpcToken + "." + path
	default:
		return "vpc." + path
	}
}

func mergeMaps(base, over map[string]string) map[string]string {
	if base == nil && over == nil {
		return nil
	}
	out := maps.Clone(base)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, over)
	return out
}
