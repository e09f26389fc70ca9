package awscloud

// EC2 security: security groups, their rules, and network ACLs, as
// SecureVpc and NetworkStack use them (provider/aws/securevpc_*.go,
// networkstack_register.go). This file holds the groups and what the
// security and misc EC2 types share: tags kept in step, names, and which
// VPCs are AWS's defaults.

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

var ec2SecurityKinds = map[string]kind{
	"aws:ec2/securityGroup:SecurityGroup": {create: createSecurityGroup, read: readSecurityGroup,
		update: updateSecurityGroup, del: deleteSecurityGroup, list: listSecurityGroups},
	// Adopting is idempotent (it makes the group what the program says), so
	// an update adopts again.
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {create: adoptDefaultSecurityGroup, read: readDefaultSecurityGroup,
		del: forgetAdopted, list: listDefaultSecurityGroups},
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": sgRuleKind(false),
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":   sgRuleKind(true),
	"aws:ec2/networkAcl:NetworkAcl": {create: createNetworkACL, read: readNetworkACL, update: updateNetworkACL,
		del: deleteNetworkACL, list: listNetworkACLs},
	"aws:ec2/networkAclRule:NetworkAclRule": {create: createNetworkACLRule, read: readNetworkACLRule,
		update: updateNetworkACLRule, del: deleteNetworkACLRule, list: listNothing},
	"aws:ec2/networkAclAssociation:NetworkAclAssociation": {create: createNetworkACLAssociation,
		read: readNetworkACLAssociation, update: updateNetworkACLAssociation, del: deleteNetworkACLAssociation,
		list: listNothing},
	"aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": {create: adoptDefaultNetworkACL, read: readDefaultNetworkACL,
		del: forgetAdopted, list: listDefaultNetworkACLs},
}

const (
	kindSG        = "Security Group"
	kindDefaultSG = "Default Security Group"
)

func createSecurityGroup(k call) (string, map[string]any, error) {
	name := secName(k)
	description := k.in.str("description")
	if description == "" {
		description = "Managed by Pulumi" // the provider's default
	}
	out, err := k.api.EC2.CreateSecurityGroup(k.ctx, &ec2.CreateSecurityGroupInput{
		GroupName: aws.String(name), Description: aws.String(description), VpcId: k.in.strPtr("vpcId"),
		TagSpecifications: tagSpecs(k, ec2types.ResourceTypeSecurityGroup),
	})
	if err != nil {
		return "", nil, verb("creating", kindSG, name, err)
	}
	id := aws.ToString(out.GroupId)
	// AWS gives a new group an allow-all egress rule; the Terraform provider
	// revokes it first, so the group holds only the rules the program
	// declares (and an allow-all it declares is one of its own).
	err = secRevokeAll(k, id, true)
	if err == nil {
		err = secApplyInline(k, id, true)
	}
	if err != nil {
		// A group half made would outlive the failed create: remove it.
		_, _ = k.api.EC2.DeleteSecurityGroup(k.ctx, &ec2.DeleteSecurityGroupInput{GroupId: aws.String(id)})
		return "", nil, verb("creating", kindSG, name, err)
	}
	observed, found, err := secReadGroup(k, id, kindSG)
	if err == nil && !found {
		err = verb("reading", kindSG, id, fmt.Errorf("the new group is not there"))
	}
	return id, observed, err
}

func readSecurityGroup(k call) (map[string]any, bool, error) {
	return secReadGroup(k, k.c.ID, kindSG)
}

func readDefaultSecurityGroup(k call) (map[string]any, bool, error) {
	return secReadGroup(k, k.c.ID, kindDefaultSG)
}

// secRevokeAll revokes every rule of one direction of a group.
func secRevokeAll(k call, id string, egress bool) error {
	sg, found, err := secDescribeGroup(k, id)
	if err != nil || !found {
		return err
	}
	return secSetRules(k, id, egress, secRulesOf(secPermissions(sg, egress), egress), nil)
}

func updateSecurityGroup(k call) (map[string]any, error) {
	if err := secSyncTags(k, k.c.ID, kindSG); err != nil {
		return nil, err
	}
	if err := secApplyInline(k, k.c.ID, false); err != nil {
		return nil, verb("updating", kindSG, k.c.ID, err)
	}
	observed, _, err := secReadGroup(k, k.c.ID, kindSG)
	return observed, err
}

func deleteSecurityGroup(k call) error {
	id := k.c.ID
	if k.old.flag("revokeRulesOnDelete") {
		for _, egress := range []bool{false, true} {
			if err := secRevokeAll(k, id, egress); err != nil {
				return verb("revoking the rules of", kindSG, id, err)
			}
		}
	}
	_, err := k.api.EC2.DeleteSecurityGroup(k.ctx, &ec2.DeleteSecurityGroupInput{GroupId: aws.String(id)})
	if err != nil && !hasCode(err, "InvalidGroup.NotFound") {
		return verb("deleting", kindSG, id, err)
	}
	return nil
}

// listSecurityGroups leaves out every VPC's default group: AWS makes it,
// and DefaultSecurityGroup lists the adopted ones.
func listSecurityGroups(ctx context.Context, api *Clients) ([]string, error) {
	groups, err := secAllGroups(ctx, api)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, g := range groups {
		if aws.ToString(g.GroupName) != "default" && !secMadeByEKS(g) {
			ids = append(ids, aws.ToString(g.GroupId))
		}
	}
	return ids, nil
}

// secMadeByEKS reports whether EKS made the group for a cluster (its
// cluster security group): like a VPC's default group, it is AWS's, and it
// goes with its cluster.
func secMadeByEKS(g ec2types.SecurityGroup) bool {
	for _, t := range g.Tags {
		if aws.ToString(t.Key) == "aws:eks:cluster-name" {
			return true
		}
	}
	return false
}

// adoptDefaultSecurityGroup takes over the default group of the VPC as the
// Terraform provider does: it revokes every rule, authorizes the declared
// ones and tags the group.
func adoptDefaultSecurityGroup(k call) (string, map[string]any, error) {
	vpc := k.in.str("vpcId")
	out, err := k.api.EC2.DescribeSecurityGroups(k.ctx, &ec2.DescribeSecurityGroupsInput{Filters: []ec2types.Filter{
		{Name: aws.String("vpc-id"), Values: []string{vpc}}, {Name: aws.String("group-name"), Values: []string{"default"}},
	}})
	if err != nil {
		return "", nil, verb("reading", kindDefaultSG, vpc, err)
	}
	if len(out.SecurityGroups) == 0 {
		return "", nil, verb("reading", kindDefaultSG, vpc, fmt.Errorf("VPC %s has no default security group", vpc))
	}
	id := aws.ToString(out.SecurityGroups[0].GroupId)
	if err := secSyncTags(k, id, kindDefaultSG); err != nil {
		return "", nil, err
	}
	if err := secApplyInline(k, id, true); err != nil {
		return "", nil, verb("updating", kindDefaultSG, id, err)
	}
	observed, _, err := secReadGroup(k, id, kindDefaultSG)
	return id, observed, err
}

// forgetAdopted is the delete of an adopted default (security group,
// network ACL): AWS deletes it with its VPC, so the Terraform provider only
// drops it from the state.
func forgetAdopted(call) error { return nil }

// listDefaultSecurityGroups lists the default groups of the VPCs a program
// can make (those of AWS's default VPC are left out).
func listDefaultSecurityGroups(ctx context.Context, api *Clients) ([]string, error) {
	groups, err := secAllGroups(ctx, api)
	if err != nil {
		return nil, err
	}
	vpcs, err := secVpcs(ctx, api)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, g := range groups {
		if isDefault, exists := vpcs[aws.ToString(g.VpcId)]; exists && !isDefault && aws.ToString(g.GroupName) == "default" {
			ids = append(ids, aws.ToString(g.GroupId))
		}
	}
	return ids, nil
}

func secDescribeGroup(k call, id string) (*ec2types.SecurityGroup, bool, error) {
	out, err := k.api.EC2.DescribeSecurityGroups(k.ctx, &ec2.DescribeSecurityGroupsInput{GroupIds: []string{id}})
	if hasCode(err, "InvalidGroup.NotFound") {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if len(out.SecurityGroups) == 0 {
		return nil, false, nil
	}
	return &out.SecurityGroups[0], true, nil
}

func secReadGroup(k call, id, kindName string) (map[string]any, bool, error) {
	sg, found, err := secDescribeGroup(k, id)
	if err != nil {
		return nil, false, verb("reading", kindName, id, err)
	}
	if !found {
		return nil, false, nil
	}
	arn := aws.ToString(sg.SecurityGroupArn)
	if arn == "" {
		arn = ec2ARN(k, "security-group", id)
	}
	owner := aws.ToString(sg.OwnerId)
	if owner == "" {
		owner = k.c.Account
	}
	out := map[string]any{
		"arn": arn, "ownerId": owner, "name": aws.ToString(sg.GroupName),
		"description": aws.ToString(sg.Description), "vpcId": aws.ToString(sg.VpcId),
		"ingress":             secInlineOutputs(id, secRulesOf(sg.IpPermissions, false)),
		"egress":              secInlineOutputs(id, secRulesOf(sg.IpPermissionsEgress, true)),
		"revokeRulesOnDelete": k.in.flag("revokeRulesOnDelete"), // the provider's own setting
	}
	secPutTags(k, out, sg.Tags)
	return out, true, nil
}

func secAllGroups(ctx context.Context, api *Clients) ([]ec2types.SecurityGroup, error) {
	out, err := api.EC2.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{})
	if err != nil {
		return nil, fmt.Errorf("listing security groups: %w", err)
	}
	return out.SecurityGroups, nil
}

// secVpcs are the region's VPCs, each with whether it is AWS's default VPC.
func secVpcs(ctx context.Context, api *Clients) (map[string]bool, error) {
	out, err := api.EC2.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
	if err != nil {
		return nil, fmt.Errorf("listing VPCs: %w", err)
	}
	vpcs := map[string]bool{}
	for _, v := range out.Vpcs {
		vpcs[aws.ToString(v.VpcId)] = aws.ToBool(v.IsDefault)
	}
	return vpcs, nil
}

// listNothing is the list of a type EC2 keeps no separate record of (see
// its kind); the resource it changes is listed by its own type.
func listNothing(context.Context, *Clients) ([]string, error) { return nil, nil }

// secName is the name of a new group or template: the name input (Check
// autonames it), else the prefix and a unique suffix, as the provider does.
func secName(k call) string {
	if name := k.in.str("name"); name != "" {
		return name
	}
	prefix := k.in.str("namePrefix")
	if prefix == "" {
		prefix = "terraform-"
	}
	return prefix + standin.RandomHex(26)
}

// secSyncTags makes an EC2 resource's tags the provider's default tags under
// the resource's own: it deletes the tags no longer wanted and writes the
// new and changed ones, as the Terraform provider's tag update does. It
// reads what EC2 holds rather than trusting the prior state.
func secSyncTags(k call, id, kindName string) error {
	out, err := k.api.EC2.DescribeTags(k.ctx, &ec2.DescribeTagsInput{Filters: []ec2types.Filter{
		{Name: aws.String("resource-id"), Values: []string{id}},
	}})
	if err != nil {
		return verb("reading the tags of", kindName, id, err)
	}
	want := k.c.TagsAll()
	var gone []ec2types.Tag
	changed := map[string]string{}
	current := map[string]string{}
	for _, t := range out.Tags {
		key := aws.ToString(t.Key)
		current[key] = aws.ToString(t.Value)
		if _, keep := want[key]; !keep && !strings.HasPrefix(key, "aws:") {
			gone = append(gone, ec2types.Tag{Key: t.Key})
		}
	}
	for key, v := range want {
		if old, ok := current[key]; !ok || old != v {
			changed[key] = v
		}
	}
	if len(gone) > 0 {
		if _, err := k.api.EC2.DeleteTags(k.ctx, &ec2.DeleteTagsInput{Resources: []string{id}, Tags: gone}); err != nil {
			return verb("untagging", kindName, id, err)
		}
	}
	if len(changed) > 0 {
		if _, err := k.api.EC2.CreateTags(k.ctx, &ec2.CreateTagsInput{Resources: []string{id}, Tags: ec2Tags(changed)}); err != nil {
			return verb("tagging", kindName, id, err)
		}
	}
	return nil
}

// secPutTags sets observed "tags" to what EC2 holds less the provider's
// default tags (tagsAll holds those), as the Terraform provider reports
// them; a default tag the resource sets itself stays.
func secPutTags(k call, observed map[string]any, tags []ec2types.Tag) {
	own := k.in.stringMap("tags")
	out := map[string]any{}
	for _, t := range tags {
		key, v := aws.ToString(t.Key), aws.ToString(t.Value)
		if strings.HasPrefix(key, "aws:") || key == secInlineMarker {
			continue
		}
		if def, ok := k.c.Settings.DefaultTags[key]; ok && def == v {
			if _, mine := own[key]; !mine {
				continue
			}
		}
		out[key] = v
	}
	if len(out) > 0 || k.in.at("tags") != nil {
		observed["tags"] = out
	}
}

// secOrderLike returns ids, a set AWS answers in an order of its own, in the
// order of like (the inputs) and then sorted, so that the order alone never
// shows as a change.
func secOrderLike(ids, like []string) []any {
	have := map[string]bool{}
	for _, id := range ids {
		have[id] = true
	}
	out := []any{}
	for _, id := range like {
		if have[id] {
			out = append(out, id)
			delete(have, id)
		}
	}
	var rest []string
	for _, id := range ids {
		if have[id] {
			rest = append(rest, id)
			delete(have, id)
		}
	}
	sort.Strings(rest)
	for _, id := range rest {
		out = append(out, id)
	}
	return out
}
