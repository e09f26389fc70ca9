package compliance

import (
	"net/netip"
	"sort"
)

// Resource types the VPC checks read. Related resources are linked to their
// VPC by vpcId, and rules to their group or ACL.
const (
	TypeVPC                  = "aws:ec2/vpc:Vpc"
	TypeSubnet               = "aws:ec2/subnet:Subnet"
	TypeFlowLog              = "aws:ec2/flowLog:FlowLog"
	TypeDefaultSecurityGroup = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	TypeSecurityGroup        = "aws:ec2/securityGroup:SecurityGroup"
	TypeSGIngressRule        = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	TypeNetworkACL           = "aws:ec2/networkAcl:NetworkAcl"
	TypeNetworkACLRule       = "aws:ec2/networkAclRule:NetworkAclRule"
	TypeDefaultNetworkACL    = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"
)

// adminPorts are the remote-administration ports CIS 5.1-5.3 single out.
var adminPorts = []int{22, 3389}

func checkFlowLogs(s Subject) Finding {
	for _, fl := range s.Rel(TypeFlowLog) {
		if str(fl.Props, "trafficType") == "ALL" {
			return pass("a flow log captures ALL traffic")
		}
	}
	if len(s.Rel(TypeFlowLog)) > 0 {
		return fail("the flow log does not capture ALL traffic")
	}
	return fail("the VPC has no flow log")
}

func checkDefaultSGClosed(s Subject) Finding {
	for _, sg := range s.Rel(TypeDefaultSecurityGroup) {
		if n := len(list(sg.Props, "ingress")) + len(list(sg.Props, "egress")); n > 0 {
			return fail("the default security group has %d rules", n)
		}
		return pass("the default security group is managed with no rules")
	}
	return fail("the default security group is not managed, so it keeps AWS's allow rules")
}

func checkNoPublicIP(s Subject) Finding {
	var offenders []string
	for _, sn := range s.Rel(TypeSubnet) {
		if truthy(sn.Props, "mapPublicIpOnLaunch") {
			offenders = append(offenders, sn.Name)
		}
	}
	if len(offenders) > 0 {
		sort.Strings(offenders)
		return fail("subnets assign public IPs on launch: %v", offenders)
	}
	return pass("no subnet assigns public IPs on launch")
}

// portRule is one allow rule in the shape the checks compare.
type portRule struct {
	cidr4, cidr6     string
	protocol         string
	fromPort, toPort float64
}

// world reports whether the rule admits the whole internet of its family,
// however the CIDR is written (`::/0`, `0::/0`).
func (r portRule) world() bool { return isWorld(r.cidr4) || isWorld(r.cidr6) }

func isWorld(cidr string) bool {
	p, err := netip.ParsePrefix(cidr)
	return err == nil && p.Bits() == 0
}

func (r portRule) covers(port int) bool {
	switch r.protocol {
	case "-1", "all":
		return true
	case "tcp", "6":
		return r.fromPort <= float64(port) && float64(port) <= r.toPort
	}
	return false
}

func checkSGAdminPorts(s Subject) Finding {
	var rules []portRule
	groupNames := map[string]string{}
	for _, sg := range s.Rel(TypeSecurityGroup) {
		groupNames[sg.ID] = sg.Name
		for _, in := range list(sg.Props, "ingress") {
			from, _ := num(in, "fromPort")
			to, _ := num(in, "toPort")
			for _, c := range list(in, "cidrBlocks") {
				cidr, _ := c.(string)
				rules = append(rules, portRule{cidr4: cidr, protocol: str(in, "protocol"), fromPort: from, toPort: to})
			}
			for _, c := range list(in, "ipv6CidrBlocks") {
				cidr, _ := c.(string)
				rules = append(rules, portRule{cidr6: cidr, protocol: str(in, "protocol"), fromPort: from, toPort: to})
			}
		}
	}
	for _, r := range s.Rel(TypeSGIngressRule) {
		from, _ := num(r.Props, "fromPort")
		to, _ := num(r.Props, "toPort")
		rules = append(rules, portRule{
			cidr4: str(r.Props, "cidrIpv4"), cidr6: str(r.Props, "cidrIpv6"),
			protocol: str(r.Props, "ipProtocol"), fromPort: from, toPort: to,
		})
	}
	for _, r := range rules {
		for _, port := range adminPorts {
			if r.world() && r.covers(port) {
				return fail("a security group admits %s%s to port %d", r.cidr4, r.cidr6, port)
			}
		}
	}
	return pass("no security group admits the internet to ports 22 or 3389")
}

// aclRule is one network ACL entry; the lowest rule number that matches wins.
type aclRule struct {
	portRule
	number float64
	allow  bool
}

func checkNACLAdminPorts(s Subject) Finding {
	byACL := map[string][]aclRule{}
	for _, typ := range []string{TypeNetworkACL, TypeDefaultNetworkACL} {
		for _, acl := range s.Rel(typ) {
			for _, in := range list(acl.Props, "ingress") {
				byACL[acl.Name] = append(byACL[acl.Name], inlineACLRule(in))
			}
			if typ == TypeNetworkACL {
				byACL[acl.Name] = append(byACL[acl.Name], standaloneRules(s, acl.ID)...)
			}
		}
	}
	names := make([]string, 0, len(byACL))
	for name := range byACL {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		rules := byACL[name]
		sort.Slice(rules, func(i, j int) bool { return rules[i].number < rules[j].number })
		for _, port := range adminPorts {
			for _, world := range []portRule{{cidr4: "0.0.0.0/0"}, {cidr6: "::/0"}} {
				if first, ok := firstMatch(rules, world, port); ok && first.allow {
					return fail("network ACL %s allows %s%s to port %d (rule %v)", name, world.cidr4, world.cidr6, port, first.number)
				}
			}
		}
	}
	return pass("no network ACL admits the internet to ports 22 or 3389")
}

func inlineACLRule(in any) aclRule {
	from, _ := num(in, "fromPort")
	to, _ := num(in, "toPort")
	n, _ := num(in, "ruleNo")
	return aclRule{
		portRule: portRule{cidr4: str(in, "cidrBlock"), cidr6: str(in, "ipv6CidrBlock"), protocol: str(in, "protocol"), fromPort: from, toPort: to},
		number:   n,
		allow:    str(in, "action") == "allow",
	}
}

func standaloneRules(s Subject, aclID string) []aclRule {
	var out []aclRule
	for _, r := range s.Rel(TypeNetworkACLRule) {
		if str(r.Props, "networkAclId") != aclID || truthy(r.Props, "egress") {
			continue
		}
		from, _ := num(r.Props, "fromPort")
		to, _ := num(r.Props, "toPort")
		n, _ := num(r.Props, "ruleNumber")
		out = append(out, aclRule{
			portRule: portRule{cidr4: str(r.Props, "cidrBlock"), cidr6: str(r.Props, "ipv6CidrBlock"), protocol: str(r.Props, "protocol"), fromPort: from, toPort: to},
			number:   n,
			allow:    str(r.Props, "ruleAction") == "allow",
		})
	}
	return out
}

// firstMatch finds the rule that decides traffic from world to port: the
// lowest-numbered rule whose CIDR is the whole internet of that family and
// whose protocol and ports cover it. No match means the implicit deny.
func firstMatch(rules []aclRule, world portRule, port int) (aclRule, bool) {
	for _, r := range rules {
		sameFamily := (world.cidr4 != "" && isWorld(r.cidr4)) || (world.cidr6 != "" && isWorld(r.cidr6))
		if sameFamily && r.covers(port) {
			return r, true
		}
	}
	return aclRule{}, false
}
