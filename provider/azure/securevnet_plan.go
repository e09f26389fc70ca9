package azure

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/netplan"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
	"github.com/orgiac/pulumi-orgiac/provider/lifecycle"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

const (
	secureVnetToken     = "orgiac:azure:SecureVnet"
	defaultAddressSpace = "10.10.0.0/16"
	defaultVnetMask     = 24
	// denyInternetPriority is the last priority a custom rule can have, so
	// every rule a user adds is evaluated before the default deny.
	denyInternetPriority = 4096
)

// defaultVnetTiers are the subnets when subnetSpecs is omitted.
var defaultVnetTiers = []VnetSubnetSpec{{Name: "app"}, {Name: "data"}}

var (
	RuleVnetAddressSpace = problem.Define("AZN001",
		"addressSpace is an IPv4 network in CIDR notation",
		"write the network, e.g. 10.10.0.0/16")
	RuleVnetSubnetName = problem.Define("AZN002",
		"subnet names are unique, 1 to 80 letters, digits, . - and _",
		"give each subnet its own short name")
	RuleVnetAdminOpen = problem.Define("AZN003",
		"SSH (22) and RDP (3389) are never open from the Internet",
		"allow only your administration network, or use Azure Bastion")
	RuleVnetRule = problem.Define("AZN004",
		"an inbound rule has a priority of 100 to 4000, a port or range, a protocol and a source",
		"set priority (100-4000), port (e.g. 443 or 8000-8080), protocol (Tcp, Udp, Icmp or *) and source")
	RuleVnetSubnetSize = problem.Define("AZN005",
		"a subnet sets at most one of cidrMask, size and cidr",
		"keep one of cidrMask, size or cidr")
)

// internetSources are the NSG sources that mean "anyone".
var internetSources = []string{"*", "internet", "any", "0.0.0.0/0", "::/0"}

type vnetPlan struct {
	standards.Applied
	AddressSpace netip.Prefix
	Subnets      []vnetSubnetPlan
	NatGateway   bool
}

type vnetSubnetPlan struct {
	Name             string
	CIDR             netip.Prefix
	ServiceEndpoints []string
	Delegations      []string
	Rules            []VnetInboundRule
}

func planSecureVnet(name string, args SecureVnetArgs, org standards.Org) (vnetPlan, problem.List) {
	var errs, breaches problem.List
	plan := vnetPlan{Applied: org.Apply(name), NatGateway: deref(args.NatGateway, false)}
	space, err := netip.ParsePrefix(firstNonEmpty(args.AddressSpace, defaultAddressSpace))
	if err != nil || !space.Addr().Is4() {
		errs.Addf(RuleVnetAddressSpace, "addressSpace", args.AddressSpace, "is not an IPv4 CIDR block")
	}
	plan.AddressSpace = space
	specs := args.SubnetSpecs
	if specs == nil {
		specs = defaultVnetTiers
	}
	seen := map[string]bool{}
	var tiers []netplan.Tier
	for i, s := range specs {
		at := fmt.Sprintf("subnetSpecs[%d]", i)
		if s.Name == "" || len(s.Name) > 80 || strings.ContainsAny(s.Name, " /\\") || seen[s.Name] {
			errs.Addf(RuleVnetSubnetName, at+".name", s.Name, "is empty, too long, not unique or has a space or slash")
		}
		seen[s.Name] = true
		t := netplan.Tier{Name: s.Name, Path: at, Mask: defaultVnetMask}
		given := 0
		if s.CidrMask != nil {
			given++
			t.Mask = *s.CidrMask
		}
		if s.Size != nil {
			given++
			if m, err := netplan.MaskForSize(*s.Size); err == nil {
				t.Mask = m
			} else {
				errs.Addf(RuleVnetSubnetSize, at+".size", *s.Size, "is not a usable size: %v", err)
			}
		}
		if s.Cidr != "" {
			given++
			p, err := netip.ParsePrefix(s.Cidr)
			if err != nil {
				errs.Addf(RuleVnetAddressSpace, at+".cidr", s.Cidr, "is not a CIDR block")
			} else {
				t = netplan.Tier{Name: s.Name, Path: at, CIDRs: []netip.Prefix{p}}
			}
		}
		if given > 1 {
			errs.Addf(RuleVnetSubnetSize, at, nil, "sets more than one of cidrMask, size and cidr")
		}
		for j, r := range s.InboundRules {
			errs.Merge("", checkInboundRule(fmt.Sprintf("%s.inboundRules[%d]", at, j), r))
		}
		tiers = append(tiers, t)
		plan.Subnets = append(plan.Subnets, vnetSubnetPlan{
			Name: s.Name, ServiceEndpoints: s.ServiceEndpoints, Delegations: s.Delegations, Rules: s.InboundRules,
		})
	}
	if errs.Len() == 0 {
		// A VNet has no zones: each tier is one subnet, planned like a
		// SecureVpc tier with one zone, so appending a tier moves nothing.
		subnets, p := netplan.Layout{VPC: space, Tiers: tiers, AZCount: 1, AZCapacity: 1, VPCPath: "addressSpace"}.Plan()
		for _, q := range p.Items() {
			// A SecureVnet subnet has one exact `cidr`, not a per-zone list.
			q.Path = strings.Replace(q.Path, ".cidrs[0]", ".cidr", 1)
			errs.Add(q)
		}
		for _, s := range subnets {
			plan.Subnets[s.TierIndex].CIDR = s.CIDR
		}
	}
	return plan, concludeAzure(&plan.Applied, org, args.Tags, errs, breaches)
}

func checkInboundRule(at string, r VnetInboundRule) problem.List {
	var errs problem.List
	if r.Priority < 100 || r.Priority > 4000 {
		errs.Addf(RuleVnetRule, at+".priority", r.Priority, "is outside 100 to 4000")
	}
	proto := strings.ToLower(firstNonEmpty(r.Protocol, "Tcp"))
	if !slices.Contains([]string{"tcp", "udp", "icmp", "*"}, proto) {
		errs.Addf(RuleVnetRule, at+".protocol", r.Protocol, "is not Tcp, Udp, Icmp or *")
	}
	if r.Source == "" {
		errs.Addf(RuleVnetRule, at+".source", nil, "is missing")
	}
	from, to, ok := portRange(r.Port)
	if !ok {
		errs.Addf(RuleVnetRule, at+".port", r.Port, "is not a port, a range such as 8000-8080, or *")
	}
	if slices.Contains(internetSources, strings.ToLower(r.Source)) && (proto == "tcp" || proto == "*") {
		for _, admin := range []int{22, 3389} {
			if ok && from <= admin && admin <= to {
				errs.Addf(RuleVnetAdminOpen, at, r.Source, "would open port %d to the Internet", admin)
			}
		}
	}
	return errs
}

// portRange parses "443", "8000-8080" or "*".
func portRange(s string) (int, int, bool) {
	if s == "*" {
		return 0, 65535, true
	}
	lo, hi, isRange := strings.Cut(s, "-")
	from, err := strconv.Atoi(lo)
	if err != nil || from < 0 || from > 65535 {
		return 0, 0, false
	}
	if !isRange {
		return from, from, true
	}
	to, err := strconv.Atoi(hi)
	if err != nil || to < from || to > 65535 {
		return 0, 0, false
	}
	return from, to, true
}

// securityRules are one subnet's NSG rules: the user's, then a deny of
// everything from the Internet at the lowest custom priority.
func (s vnetSubnetPlan) securityRules() []map[string]any {
	var out []map[string]any
	for i, r := range s.Rules {
		out = append(out, map[string]any{
			"name": firstNonEmpty(r.Name, fmt.Sprintf("allow-%d", i)), "priority": r.Priority,
			"direction": "Inbound", "access": "Allow", "protocol": capitalize(firstNonEmpty(r.Protocol, "Tcp")),
			"sourceAddressPrefix": r.Source, "sourcePortRange": "*",
			"destinationAddressPrefix": "*", "destinationPortRange": r.Port,
		})
	}
	return append(out, map[string]any{
		"name": "DenyInternetInbound", "priority": denyInternetPriority, "direction": "Inbound", "access": "Deny",
		"protocol": "*", "sourceAddressPrefix": "Internet", "sourcePortRange": "*",
		"destinationAddressPrefix": "*", "destinationPortRange": "*",
	})
}

func capitalize(p string) string {
	if p == "*" {
		return p
	}
	return strings.ToUpper(p[:1]) + strings.ToLower(p[1:])
}

// assessSecureVnet plans a SecureVnet and judges it against the Azure
// network controls.
func assessSecureVnet(name string, args SecureVnetArgs, cfg settings.Resolved) lifecycle.Assessment[vnetPlan] {
	plan, probs := planSecureVnet(name, args, cfg.Org)
	return lifecycle.Assess(plan, probs, lifecycle.Case{
		Token: secureVnetToken, Name: name, Subjects: []compliance.Subject{plan.subject(name)},
		Waivers: args.Waivers, TagLimit: lifecycle.AzureTagLimit,
	}, cfg)
}

// subject is the plan as the Azure network controls see it.
func (p vnetPlan) subject(name string) compliance.Subject {
	s := compliance.Subject{
		Resource: compliance.Resource{Type: "azure-native:network:VirtualNetwork", Name: name, Props: map[string]any{
			"addressSpace": map[string]any{"addressPrefixes": []any{p.AddressSpace.String()}},
		}},
		Related: map[string][]compliance.Resource{},
	}
	for _, sn := range p.Subnets {
		rules := []any{}
		for _, r := range sn.securityRules() {
			rules = append(rules, r)
		}
		s.Related["azure-native:network:NetworkSecurityGroup"] = append(s.Related["azure-native:network:NetworkSecurityGroup"],
			compliance.Resource{Type: "azure-native:network:NetworkSecurityGroup", Name: name + "-" + sn.Name,
				ID: name + "-" + sn.Name, Props: map[string]any{"securityRules": rules}})
		s.Related[compliance.TypeAzureSubnet] = append(s.Related[compliance.TypeAzureSubnet],
			compliance.Resource{Type: compliance.TypeAzureSubnet, Name: name + "-" + sn.Name, Props: map[string]any{
				"addressPrefix": sn.CIDR.String(), "defaultOutboundAccess": false,
				"networkSecurityGroup": map[string]any{"id": name + "-" + sn.Name},
			}})
	}
	return s
}
