package aws

import (
	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/provider/lifecycle"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

// assessSecureVpc plans a SecureVpc, judges it against the VPC controls and
// adds the compliance tags.
func assessSecureVpc(name string, args SecureVpcArgs, cfg settings.Resolved) lifecycle.Assessment[vpcPlan] {
	return assessVpcAs(secureVpcToken, name, args, cfg)
}

// assessVpcAs is assessSecureVpc under another component's controls: extra
// are the security groups a composing component (NetworkStack) adds to the
// VPC, so one report covers them.
func assessVpcAs(token, name string, args SecureVpcArgs, cfg settings.Resolved, extra ...compliance.Resource,
) lifecycle.Assessment[vpcPlan] {
	plan, probs := planSecureVpc(name, args, cfg.Org)
	return lifecycle.Assess(plan, probs, lifecycle.Case{
		Token: token, Name: name, Subjects: []compliance.Subject{plan.subject(name, extra...)},
		// Subnets carry tier tags and EKS discovery tags on top.
		Waivers: args.Waivers, TagLimit: lifecycle.AWSTagLimit(3),
	}, cfg)
}

// subject is the plan as the VPC controls see it.
func (p vpcPlan) subject(name string, extra ...compliance.Resource) compliance.Subject {
	s := compliance.Subject{
		Resource: compliance.Resource{Type: compliance.TypeVPC, Name: name, Props: map[string]any{"cidrBlock": p.Cidr.String()}},
		Related:  map[string][]compliance.Resource{},
	}
	add := func(r compliance.Resource) { s.Related[r.Type] = append(s.Related[r.Type], r) }
	for _, sn := range p.Subnets {
		tier := p.Tiers[sn.TierIndex]
		add(compliance.Resource{Type: compliance.TypeSubnet, Name: name + "-" + tier.Name,
			Props: map[string]any{"mapPublicIpOnLaunch": tier.MapPublicIP, "cidrBlock": sn.CIDR.String()}})
	}
	if p.FlowLogs != nil {
		add(compliance.Resource{Type: compliance.TypeFlowLog, Name: name + "-flow-logs",
			Props: map[string]any{"trafficType": "ALL"}})
	}
	add(compliance.Resource{Type: compliance.TypeDefaultSecurityGroup, Name: name + "-default-sg", Props: map[string]any{}})
	ingress := naclProps(ingressRules(p))
	add(compliance.Resource{Type: compliance.TypeDefaultNetworkACL, Name: name + "-default-nacl",
		Props: map[string]any{"ingress": ingress}})
	if p.hasTier(TierPublic) {
		add(compliance.Resource{Type: compliance.TypeNetworkACL, Name: name + "-public-nacl",
			Props: map[string]any{"ingress": ingress}})
	}
	if len(p.Interface) > 0 {
		add(compliance.Resource{Type: compliance.TypeSecurityGroup, Name: name + "-endpoints", Props: map[string]any{
			"ingress": []any{map[string]any{"protocol": "tcp", "fromPort": 443, "toPort": 443,
				"cidrBlocks": []any{p.Cidr.String()}}},
		}})
	}
	for _, r := range extra {
		add(r)
	}
	return s
}

func naclProps(rules []naclRule) []any {
	out := make([]any, len(rules))
	for i, r := range rules {
		m := map[string]any{"ruleNo": r.RuleNo, "action": r.Action, "protocol": r.Protocol,
			"fromPort": r.From, "toPort": r.To}
		if r.Cidr4 != "" {
			m["cidrBlock"] = r.Cidr4
		} else {
			m["ipv6CidrBlock"] = r.Cidr6
		}
		out[i] = m
	}
	return out
}
