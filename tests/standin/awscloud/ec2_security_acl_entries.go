package awscloud

// Network ACL entries: the rule shape inputs, outputs and EC2 share, and the
// conversions between them.

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// aclProtocols are the protocol names the provider accepts, as the numbers
// EC2 keeps.
var aclProtocols = map[string]string{"all": "-1", "tcp": "6", "udp": "17", "icmp": "1", "icmpv6": "58",
	"ah": "51", "esp": "50", "vrrp": "112"}

func aclProtocol(p string) string {
	if n, ok := aclProtocols[strings.ToLower(p)]; ok {
		return n
	}
	return p
}

// aclEntry is one entry of an ACL, in the form entries are compared by:
// ports only for TCP and UDP, ICMP type and code only for ICMP, which is
// all EC2 keeps.
type aclEntry struct {
	egress             bool
	ruleNo             int32
	action, protocol   string
	cidr4, cidr6       string
	from, to           int32
	icmpType, icmpCode int32
}

func (e aclEntry) normal() aclEntry {
	e.action, e.protocol = strings.ToLower(e.action), aclProtocol(e.protocol)
	if e.protocol != "6" && e.protocol != "17" {
		e.from, e.to = 0, 0
	}
	if e.protocol != "1" && e.protocol != "58" {
		e.icmpType, e.icmpCode = 0, 0
	}
	return e
}

// aclEntriesFromInputs are the provider's ingress or egress blocks.
func aclEntriesFromInputs(entries []props, egress bool) []aclEntry {
	var out []aclEntry
	for _, p := range entries {
		out = append(out, aclEntryOf(p, egress, "ruleNo", "action"))
	}
	return out
}

// aclEntryOf reads an entry from inline blocks (ruleNo, action) or a rule
// resource (ruleNumber, ruleAction).
func aclEntryOf(p props, egress bool, ruleKey, actionKey string) aclEntry {
	n := func(key string) int32 { v, _ := p.num(key); return int32(v) }
	return aclEntry{egress: egress, ruleNo: n(ruleKey), action: p.str(actionKey), protocol: p.str("protocol"),
		cidr4: p.str("cidrBlock"), cidr6: p.str("ipv6CidrBlock"), from: n("fromPort"), to: n("toPort"),
		icmpType: n("icmpType"), icmpCode: n("icmpCode")}.normal()
}

func aclEntryFrom(e ec2types.NetworkAclEntry) aclEntry {
	out := aclEntry{egress: aws.ToBool(e.Egress), ruleNo: aws.ToInt32(e.RuleNumber), action: string(e.RuleAction),
		protocol: aws.ToString(e.Protocol), cidr4: aws.ToString(e.CidrBlock), cidr6: aws.ToString(e.Ipv6CidrBlock)}
	if r := e.PortRange; r != nil {
		out.from, out.to = aws.ToInt32(r.From), aws.ToInt32(r.To)
	}
	if c := e.IcmpTypeCode; c != nil {
		out.icmpType, out.icmpCode = aws.ToInt32(c.Type), aws.ToInt32(c.Code)
	}
	return out.normal()
}

// output is the entry in the provider's block shape, with only what is set.
func (e aclEntry) output() map[string]any {
	out := map[string]any{"ruleNo": float64(e.ruleNo), "action": e.action, "protocol": e.protocol,
		"fromPort": float64(e.from), "toPort": float64(e.to)}
	if e.cidr4 != "" {
		out["cidrBlock"] = e.cidr4
	}
	if e.cidr6 != "" {
		out["ipv6CidrBlock"] = e.cidr6
	}
	if e.protocol == "1" || e.protocol == "58" {
		out["icmpType"], out["icmpCode"] = float64(e.icmpType), float64(e.icmpCode)
	}
	return out
}
