package awscloud

// The security group rule resources of the vpc module
// (SecurityGroupIngressRule, SecurityGroupEgressRule), one rule each, which
// NetworkStack gives its tiers (provider/aws/networkstack_register.go).

import (
	"context"
	"fmt"
	"reflect"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func sgRuleKind(egress bool) kind {
	name := "VPC Security Group Ingress Rule"
	if egress {
		name = "VPC Security Group Egress Rule"
	}
	return kind{
		create: func(k call) (string, map[string]any, error) { return createSGRule(k, egress, name) },
		read:   func(k call) (map[string]any, bool, error) { return readSGRule(k, k.c.ID, egress, name) },
		update: func(k call) (map[string]any, error) { return updateSGRule(k, egress, name) },
		del:    func(k call) error { return deleteSGRule(k, egress, name) },
		list:   func(ctx context.Context, api *Clients) ([]string, error) { return listSGRules(ctx, api, egress) },
	}
}

// sgRulePermission is the rule a rule resource declares.
func sgRulePermission(p props) ec2types.IpPermission {
	perm := ec2types.IpPermission{IpProtocol: aws.String(p.str("ipProtocol")),
		FromPort: p.int32Ptr("fromPort"), ToPort: p.int32Ptr("toPort")}
	desc := p.strPtr("description")
	switch {
	case p.str("cidrIpv4") != "":
		perm.IpRanges = []ec2types.IpRange{{CidrIp: p.strPtr("cidrIpv4"), Description: desc}}
	case p.str("cidrIpv6") != "":
		perm.Ipv6Ranges = []ec2types.Ipv6Range{{CidrIpv6: p.strPtr("cidrIpv6"), Description: desc}}
	case p.str("prefixListId") != "":
		perm.PrefixListIds = []ec2types.PrefixListId{{PrefixListId: p.strPtr("prefixListId"), Description: desc}}
	case p.str("referencedSecurityGroupId") != "":
		perm.UserIdGroupPairs = []ec2types.UserIdGroupPair{{GroupId: p.strPtr("referencedSecurityGroupId"), Description: desc}}
	}
	return perm
}

func createSGRule(k call, egress bool, name string) (string, map[string]any, error) {
	group := k.in.strPtr("securityGroupId")
	perms := []ec2types.IpPermission{sgRulePermission(k.in)}
	specs := tagSpecs(k, ec2types.ResourceTypeSecurityGroupRule)
	var rules []ec2types.SecurityGroupRule
	if egress {
		out, err := k.api.EC2.AuthorizeSecurityGroupEgress(k.ctx, &ec2.AuthorizeSecurityGroupEgressInput{
			GroupId: group, IpPermissions: perms, TagSpecifications: specs})
		if err != nil {
			return "", nil, verb("creating", name, k.c.Name, err)
		}
		rules = out.SecurityGroupRules
	} else {
		out, err := k.api.EC2.AuthorizeSecurityGroupIngress(k.ctx, &ec2.AuthorizeSecurityGroupIngressInput{
			GroupId: group, IpPermissions: perms, TagSpecifications: specs})
		if err != nil {
			return "", nil, verb("creating", name, k.c.Name, err)
		}
		rules = out.SecurityGroupRules
	}
	if len(rules) == 0 || aws.ToString(rules[0].SecurityGroupRuleId) == "" {
		return "", nil, verb("creating", name, k.c.Name, fmt.Errorf("EC2 answered without the rule's id"))
	}
	id := aws.ToString(rules[0].SecurityGroupRuleId)
	observed, _, err := readSGRule(k, id, egress, name)
	return id, observed, err
}

func readSGRule(k call, id string, egress bool, name string) (map[string]any, bool, error) {
	out, err := k.api.EC2.DescribeSecurityGroupRules(k.ctx, &ec2.DescribeSecurityGroupRulesInput{
		SecurityGroupRuleIds: []string{id}})
	if hasCode(err, "InvalidSecurityGroupRuleId.NotFound", "InvalidGroup.NotFound") {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, verb("reading", name, id, err)
	}
	var r *ec2types.SecurityGroupRule
	for i := range out.SecurityGroupRules {
		if aws.ToString(out.SecurityGroupRules[i].SecurityGroupRuleId) == id {
			r = &out.SecurityGroupRules[i]
		}
	}
	if r == nil || aws.ToBool(r.IsEgress) != egress {
		return nil, false, nil
	}
	arn := aws.ToString(r.SecurityGroupRuleArn)
	if arn == "" {
		arn = ec2ARN(k, "security-group-rule", id) // moto leaves it out; the Terraform provider builds it so
	}
	protocol := secSameProtocol(k.in.str("ipProtocol"), aws.ToString(r.IpProtocol))
	observed := map[string]any{"arn": arn, "securityGroupRuleId": id, "securityGroupId": aws.ToString(r.GroupId),
		"ipProtocol": protocol}
	// Describe answers -1 for the ports of an all-protocols rule, which
	// the provider leaves unset.
	if secProtocol(protocol) != "-1" {
		observed["fromPort"], observed["toPort"] = float64(aws.ToInt32(r.FromPort)), float64(aws.ToInt32(r.ToPort))
	}
	switch {
	case r.CidrIpv4 != nil:
		observed["cidrIpv4"] = aws.ToString(r.CidrIpv4)
	case r.CidrIpv6 != nil:
		observed["cidrIpv6"] = aws.ToString(r.CidrIpv6)
	case r.PrefixListId != nil:
		observed["prefixListId"] = aws.ToString(r.PrefixListId)
	case r.ReferencedGroupInfo != nil:
		observed["referencedSecurityGroupId"] = aws.ToString(r.ReferencedGroupInfo.GroupId)
	}
	// moto drops the description of a rule that references a group: leave
	// it out then, and the state keeps the declared one.
	desc := aws.ToString(r.Description)
	if (desc != "" || k.in.at("description") != nil) && (desc != "" || r.ReferencedGroupInfo == nil) {
		observed["description"] = desc
	}
	secPutTags(k, observed, r.Tags)
	return observed, true, nil
}

// sgRuleFields are the rule resource's inputs EC2 changes in place.
var sgRuleFields = []string{"ipProtocol", "fromPort", "toPort", "cidrIpv4", "cidrIpv6", "prefixListId",
	"referencedSecurityGroupId", "description"}

func updateSGRule(k call, egress bool, name string) (map[string]any, error) {
	id := k.c.ID
	changed := false
	for _, f := range sgRuleFields {
		a, b := k.old.at(f), k.in.at(f)
		if !(secBlank(a) && secBlank(b)) && !reflect.DeepEqual(a, b) {
			changed = true
		}
	}
	if changed {
		perm := sgRulePermission(k.in)
		req := &ec2types.SecurityGroupRuleRequest{IpProtocol: perm.IpProtocol, FromPort: perm.FromPort, ToPort: perm.ToPort,
			CidrIpv4: k.in.strPtr("cidrIpv4"), CidrIpv6: k.in.strPtr("cidrIpv6"), PrefixListId: k.in.strPtr("prefixListId"),
			ReferencedGroupId: k.in.strPtr("referencedSecurityGroupId"), Description: aws.String(k.in.str("description"))}
		if secProtocol(k.in.str("ipProtocol")) == "-1" {
			req.FromPort, req.ToPort = aws.Int32(-1), aws.Int32(-1) // all ports, which EC2 wants said
		}
		if _, err := k.api.EC2.ModifySecurityGroupRules(k.ctx, &ec2.ModifySecurityGroupRulesInput{
			GroupId: k.in.strPtr("securityGroupId"),
			SecurityGroupRules: []ec2types.SecurityGroupRuleUpdate{{
				SecurityGroupRuleId: aws.String(id), SecurityGroupRule: req}},
		}); err != nil {
			return nil, verb("updating", name, id, err)
		}
	}
	if err := secSyncTags(k, id, name); err != nil {
		return nil, err
	}
	observed, found, err := readSGRule(k, id, egress, name)
	if err == nil && !found {
		err = verb("updating", name, id, fmt.Errorf("the rule is gone"))
	}
	return observed, err
}

func secBlank(v any) bool { return v == nil || v == "" }

func deleteSGRule(k call, egress bool, name string) error {
	group := k.old.str("securityGroupId")
	if group == "" {
		group = k.in.str("securityGroupId")
	}
	ids := []string{k.c.ID}
	var err error
	if egress {
		_, err = k.api.EC2.RevokeSecurityGroupEgress(k.ctx, &ec2.RevokeSecurityGroupEgressInput{
			GroupId: aws.String(group), SecurityGroupRuleIds: ids})
	} else {
		_, err = k.api.EC2.RevokeSecurityGroupIngress(k.ctx, &ec2.RevokeSecurityGroupIngressInput{
			GroupId: aws.String(group), SecurityGroupRuleIds: ids})
	}
	if err != nil && !hasCode(err, "InvalidSecurityGroupRuleId.NotFound", "InvalidPermission.NotFound", "InvalidGroup.NotFound") {
		return verb("deleting", name, k.c.ID, err)
	}
	return nil
}

// listSGRules lists the rule resources of one direction: not the rules of
// inline ingress and egress (their group is listed), not those of the
// default VPC's groups, and not the rules AWS gives a default group.
func listSGRules(ctx context.Context, api *Clients, egress bool) ([]string, error) {
	out, err := api.EC2.DescribeSecurityGroupRules(ctx, &ec2.DescribeSecurityGroupRulesInput{})
	if err != nil {
		return nil, fmt.Errorf("listing security group rules: %w", err)
	}
	tagged, err := api.EC2.DescribeTags(ctx, &ec2.DescribeTagsInput{Filters: []ec2types.Filter{
		{Name: aws.String("key"), Values: []string{secInlineMarker}}}})
	if err != nil {
		return nil, fmt.Errorf("listing inline security group rules: %w", err)
	}
	inline := map[string]bool{}
	for _, t := range tagged.Tags {
		inline[aws.ToString(t.ResourceId)] = true
	}
	groups, err := secAllGroups(ctx, api)
	if err != nil {
		return nil, err
	}
	vpcs, err := secVpcs(ctx, api)
	if err != nil {
		return nil, err
	}
	groupOf := map[string]ec2types.SecurityGroup{}
	for _, g := range groups {
		groupOf[aws.ToString(g.GroupId)] = g
	}
	var ids []string
	for _, r := range out.SecurityGroupRules {
		id, g := aws.ToString(r.SecurityGroupRuleId), groupOf[aws.ToString(r.GroupId)]
		if aws.ToBool(r.IsEgress) != egress || inline[id] || vpcs[aws.ToString(g.VpcId)] {
			continue
		}
		if (aws.ToString(g.GroupName) == "default" || secMadeByEKS(g)) && secAWSDefaultRule(r) {
			continue
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// secAWSDefaultRule reports whether r is one AWS gives every default group:
// all traffic out, and all traffic in from the group itself.
func secAWSDefaultRule(r ec2types.SecurityGroupRule) bool {
	if aws.ToString(r.IpProtocol) != "-1" {
		return false
	}
	if aws.ToBool(r.IsEgress) {
		return aws.ToString(r.CidrIpv4) == "0.0.0.0/0" || aws.ToString(r.CidrIpv6) == "::/0"
	}
	return r.ReferencedGroupInfo != nil && aws.ToString(r.ReferencedGroupInfo.GroupId) == aws.ToString(r.GroupId)
}
