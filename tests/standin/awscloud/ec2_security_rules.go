package awscloud

// Security group rules as the inline ingress and egress of SecurityGroup and
// DefaultSecurityGroup; the rule resources are in
// ec2_security_rule_resources.go.

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// secInlineMarker tags the rules a group's inline ingress and egress
// authorize. EC2 keeps inline rules and rule resources alike (each has an
// sgr- id), and the inventory must list the rule resources only, once each
// beside their group; the tag is how it tells them apart. The groups' own
// reads never show it (DescribeSecurityGroups has no rule tags).
const secInlineMarker = "orgiac-standin:inline-rule"

// secRule is one security group rule with one peer, the unit EC2 keeps
// rules in, and the key inline rules are compared by.
type secRule struct {
	egress     bool
	protocol   string // tcp, udp, icmp, icmpv6, -1 or a number
	from, to   int32  // 0 for protocol -1
	cidr4      string // exactly one of the peers is set
	cidr6      string
	prefixList string
	group      string
	desc       string
}

// secProtocol is a protocol as EC2 reports it: the name for the numbers
// that have one, -1 for all.
func secProtocol(p string) string {
	switch p = strings.ToLower(p); p {
	case "6":
		return "tcp"
	case "17":
		return "udp"
	case "1":
		return "icmp"
	case "58":
		return "icmpv6"
	case "all":
		return "-1"
	}
	return p
}

// secSameProtocol reports the protocol EC2 answers in the form the program
// wrote it ("6" or "tcp"), so the spelling alone is no change.
func secSameProtocol(input, observed string) string {
	if input != "" && secProtocol(input) == secProtocol(observed) {
		return input
	}
	return observed
}

func secDirection(egress bool) string {
	if egress {
		return "egress"
	}
	return "ingress"
}

func secPermissions(sg *ec2types.SecurityGroup, egress bool) []ec2types.IpPermission {
	if egress {
		return sg.IpPermissionsEgress
	}
	return sg.IpPermissions
}

// secRulesOf splits EC2's permissions into one rule per peer.
func secRulesOf(perms []ec2types.IpPermission, egress bool) []secRule {
	var out []secRule
	for _, p := range perms {
		base := secRule{egress: egress, protocol: secProtocol(aws.ToString(p.IpProtocol)),
			from: aws.ToInt32(p.FromPort), to: aws.ToInt32(p.ToPort)}
		if base.protocol == "-1" {
			base.from, base.to = 0, 0
		}
		for _, r := range p.IpRanges {
			x := base
			x.cidr4, x.desc = aws.ToString(r.CidrIp), aws.ToString(r.Description)
			out = append(out, x)
		}
		for _, r := range p.Ipv6Ranges {
			x := base
			x.cidr6, x.desc = aws.ToString(r.CidrIpv6), aws.ToString(r.Description)
			out = append(out, x)
		}
		for _, r := range p.PrefixListIds {
			x := base
			x.prefixList, x.desc = aws.ToString(r.PrefixListId), aws.ToString(r.Description)
			out = append(out, x)
		}
		for _, r := range p.UserIdGroupPairs {
			x := base
			x.group, x.desc = aws.ToString(r.GroupId), aws.ToString(r.Description)
			out = append(out, x)
		}
	}
	return out
}

// secRulesFromInputs splits the inline entries the program declares (the
// provider's ingress and egress blocks) into one rule per peer; self is the
// group's own id.
func secRulesFromInputs(self string, entries []props, egress bool) []secRule {
	var out []secRule
	for _, e := range entries {
		from, _ := e.num("fromPort")
		to, _ := e.num("toPort")
		base := secRule{egress: egress, protocol: secProtocol(e.str("protocol")), from: int32(from), to: int32(to),
			desc: e.str("description")}
		if base.protocol == "-1" {
			base.from, base.to = 0, 0
		}
		add := func(set func(*secRule)) {
			r := base
			set(&r)
			out = append(out, r)
		}
		for _, c := range e.strs("cidrBlocks") {
			add(func(r *secRule) { r.cidr4 = c })
		}
		for _, c := range e.strs("ipv6CidrBlocks") {
			add(func(r *secRule) { r.cidr6 = c })
		}
		for _, p := range e.strs("prefixListIds") {
			add(func(r *secRule) { r.prefixList = p })
		}
		for _, g := range e.strs("securityGroups") {
			add(func(r *secRule) { r.group = g })
		}
		if e.flag("self") {
			add(func(r *secRule) { r.group = self })
		}
	}
	return out
}

// permission is the rule as EC2 takes it.
func (r secRule) permission() ec2types.IpPermission {
	p := ec2types.IpPermission{IpProtocol: aws.String(r.protocol)}
	if r.protocol != "-1" {
		p.FromPort, p.ToPort = aws.Int32(r.from), aws.Int32(r.to)
	}
	var desc *string
	if r.desc != "" {
		desc = aws.String(r.desc)
	}
	switch {
	case r.cidr4 != "":
		p.IpRanges = []ec2types.IpRange{{CidrIp: aws.String(r.cidr4), Description: desc}}
	case r.cidr6 != "":
		p.Ipv6Ranges = []ec2types.Ipv6Range{{CidrIpv6: aws.String(r.cidr6), Description: desc}}
	case r.prefixList != "":
		p.PrefixListIds = []ec2types.PrefixListId{{PrefixListId: aws.String(r.prefixList), Description: desc}}
	default:
		p.UserIdGroupPairs = []ec2types.UserIdGroupPair{{GroupId: aws.String(r.group), Description: desc}}
	}
	return p
}

// secInlineOutputs are rules in the provider's ingress/egress shape: one
// entry per protocol, ports and description, with only the fields that are
// set, so that what the program declared reads back equal.
func secInlineOutputs(self string, rules []secRule) []any {
	type key struct {
		protocol string
		from, to int32
		desc     string
	}
	var order []key
	entries := map[key]map[string]any{}
	appendTo := func(e map[string]any, field, v string) {
		l, _ := e[field].([]any)
		e[field] = append(l, v)
	}
	for _, r := range rules {
		g := key{r.protocol, r.from, r.to, r.desc}
		e, ok := entries[g]
		if !ok {
			e = map[string]any{"protocol": r.protocol, "fromPort": float64(r.from), "toPort": float64(r.to)}
			if r.desc != "" {
				e["description"] = r.desc
			}
			entries[g] = e
			order = append(order, g)
		}
		switch {
		case r.cidr4 != "":
			appendTo(e, "cidrBlocks", r.cidr4)
		case r.cidr6 != "":
			appendTo(e, "ipv6CidrBlocks", r.cidr6)
		case r.prefixList != "":
			appendTo(e, "prefixListIds", r.prefixList)
		case r.group == self:
			e["self"] = true
		default:
			appendTo(e, "securityGroups", r.group)
		}
	}
	out := []any{}
	for _, g := range order {
		out = append(out, entries[g])
	}
	return out
}

// secApplyInline makes a group's rules the inline ingress and egress the
// program declares. With all (a new or an adopted group) both directions
// become exactly the declared rules, none when a direction is absent, which
// revokes AWS's default ones. Otherwise only a direction the program sets is
// managed, so the rules of separate rule resources stay, as in the
// Terraform provider.
func secApplyInline(k call, id string, all bool) error {
	var sg *ec2types.SecurityGroup
	for _, egress := range []bool{false, true} {
		key := secDirection(egress)
		if !all && k.in.at(key) == nil {
			continue
		}
		if sg == nil {
			group, found, err := secDescribeGroup(k, id)
			if err != nil {
				return err
			}
			if !found {
				return fmt.Errorf("security group %s does not exist", id)
			}
			sg = group
		}
		current := secRulesOf(secPermissions(sg, egress), egress)
		want := secRulesFromInputs(id, k.in.objects(key), egress)
		if err := secSetRules(k, id, egress, current, want); err != nil {
			return fmt.Errorf("%s rules: %w", key, err)
		}
	}
	return nil
}

// secSetRules revokes the current rules that are not wanted, then
// authorizes the wanted ones that are missing.
func secSetRules(k call, id string, egress bool, current, want []secRule) error {
	wanted := map[secRule]bool{}
	for _, r := range want {
		wanted[r] = true
	}
	had := map[secRule]bool{}
	var revoke, authorize []ec2types.IpPermission
	for _, r := range current {
		had[r] = true
		if !wanted[r] {
			revoke = append(revoke, r.permission())
		}
	}
	for _, r := range want {
		if !had[r] {
			had[r] = true
			authorize = append(authorize, r.permission())
		}
	}
	group := aws.String(id)
	if len(revoke) > 0 {
		var err error
		if egress {
			_, err = k.api.EC2.RevokeSecurityGroupEgress(k.ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: group, IpPermissions: revoke})
		} else {
			_, err = k.api.EC2.RevokeSecurityGroupIngress(k.ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: group, IpPermissions: revoke})
		}
		if err != nil {
			return err
		}
	}
	if len(authorize) == 0 {
		return nil
	}
	marker := []ec2types.TagSpecification{{ResourceType: ec2types.ResourceTypeSecurityGroupRule,
		Tags: []ec2types.Tag{{Key: aws.String(secInlineMarker), Value: aws.String("true")}}}}
	var err error
	if egress {
		_, err = k.api.EC2.AuthorizeSecurityGroupEgress(k.ctx, &ec2.AuthorizeSecurityGroupEgressInput{
			GroupId: group, IpPermissions: authorize, TagSpecifications: marker})
	} else {
		_, err = k.api.EC2.AuthorizeSecurityGroupIngress(k.ctx, &ec2.AuthorizeSecurityGroupIngressInput{
			GroupId: group, IpPermissions: authorize, TagSpecifications: marker})
	}
	return err
}
