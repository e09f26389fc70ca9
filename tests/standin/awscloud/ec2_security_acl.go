package awscloud

// Network ACLs: SecureVpc's public ACL (inline entries and subnetIds, see
// provider/aws/securevpc_subnets.go) and the VPC's default ACL it adopts,
// plus the separate rule and association resources.

import (
	"context"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

const (
	kindACL        = "EC2 Network ACL"
	kindDefaultACL = "EC2 Default Network ACL"
	// aclDefaultRule is the deny-all entry ("*") every ACL ends with, for
	// IPv4 and IPv6; no program manages it.
	aclDefaultRule   = 32767
	aclDefaultRuleV6 = 32768
)

func aclCreateEntry(k call, aclID string, e aclEntry) error {
	in := &ec2.CreateNetworkAclEntryInput{NetworkAclId: aws.String(aclID), RuleNumber: aws.Int32(e.ruleNo),
		Egress: aws.Bool(e.egress), Protocol: aws.String(e.protocol), RuleAction: ec2types.RuleAction(e.action),
		PortRange: &ec2types.PortRange{From: aws.Int32(e.from), To: aws.Int32(e.to)}}
	if e.cidr4 != "" {
		in.CidrBlock = aws.String(e.cidr4)
	}
	if e.cidr6 != "" {
		in.Ipv6CidrBlock = aws.String(e.cidr6)
	}
	if e.protocol == "1" || e.protocol == "58" {
		in.IcmpTypeCode = &ec2types.IcmpTypeCode{Type: aws.Int32(e.icmpType), Code: aws.Int32(e.icmpCode)}
	}
	_, err := k.api.EC2.CreateNetworkAclEntry(k.ctx, in)
	return err
}

// aclDescribe finds an ACL. moto answers a missing id with the route
// table's code, InvalidRouteTableID.NotFound; both mean not found.
func aclDescribe(k call, id string) (*ec2types.NetworkAcl, bool, error) {
	out, err := k.api.EC2.DescribeNetworkAcls(k.ctx, &ec2.DescribeNetworkAclsInput{NetworkAclIds: []string{id}})
	if hasCode(err, "InvalidNetworkAclID.NotFound", "InvalidRouteTableID.NotFound") {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if len(out.NetworkAcls) == 0 {
		return nil, false, nil
	}
	return &out.NetworkAcls[0], true, nil
}

// aclSetEntries makes the entries of one direction the wanted ones,
// deleting before creating so a rule number can change its rule. Only
// entries that exist are deleted: moto fails (HTTP 500) deleting one that
// does not.
func aclSetEntries(k call, acl *ec2types.NetworkAcl, egress bool, want []aclEntry) error {
	id := aws.ToString(acl.NetworkAclId)
	wanted := map[aclEntry]bool{}
	for _, e := range want {
		wanted[e] = true
	}
	have := map[aclEntry]bool{}
	for _, raw := range acl.Entries {
		e := aclEntryFrom(raw)
		if e.egress != egress || e.ruleNo == aclDefaultRule || e.ruleNo == aclDefaultRuleV6 {
			continue
		}
		if wanted[e] {
			have[e] = true
			continue
		}
		if _, err := k.api.EC2.DeleteNetworkAclEntry(k.ctx, &ec2.DeleteNetworkAclEntryInput{
			NetworkAclId: aws.String(id), RuleNumber: aws.Int32(e.ruleNo), Egress: aws.Bool(egress),
		}); err != nil {
			return fmt.Errorf("deleting %s entry %d: %w", secDirection(egress), e.ruleNo, err)
		}
	}
	for _, e := range want {
		if have[e] {
			continue
		}
		have[e] = true
		if err := aclCreateEntry(k, id, e); err != nil {
			return fmt.Errorf("creating %s entry %d: %w", secDirection(egress), e.ruleNo, err)
		}
	}
	return nil
}

// aclAssociate moves a subnet to the ACL, replacing its current
// association (every subnet has one), and returns the new association id.
func aclAssociate(k call, subnet, aclID string) (string, error) {
	out, err := k.api.EC2.DescribeNetworkAcls(k.ctx, &ec2.DescribeNetworkAclsInput{Filters: []ec2types.Filter{
		{Name: aws.String("association.subnet-id"), Values: []string{subnet}}}})
	if err != nil {
		return "", err
	}
	for _, acl := range out.NetworkAcls {
		for _, a := range acl.Associations {
			if aws.ToString(a.SubnetId) != subnet {
				continue
			}
			if aws.ToString(acl.NetworkAclId) == aclID {
				return aws.ToString(a.NetworkAclAssociationId), nil
			}
			r, err := k.api.EC2.ReplaceNetworkAclAssociation(k.ctx, &ec2.ReplaceNetworkAclAssociationInput{
				AssociationId: a.NetworkAclAssociationId, NetworkAclId: aws.String(aclID)})
			if err != nil {
				return "", err
			}
			return aws.ToString(r.NewAssociationId), nil
		}
	}
	return "", fmt.Errorf("subnet %s has no network ACL association", subnet)
}

// aclDefaultOf is the id of the VPC's default ACL.
func aclDefaultOf(k call, vpc string) (string, error) {
	out, err := k.api.EC2.DescribeNetworkAcls(k.ctx, &ec2.DescribeNetworkAclsInput{Filters: []ec2types.Filter{
		{Name: aws.String("default"), Values: []string{"true"}}, {Name: aws.String("vpc-id"), Values: []string{vpc}}}})
	if err != nil {
		return "", err
	}
	if len(out.NetworkAcls) == 0 {
		return "", fmt.Errorf("VPC %s has no default network ACL", vpc)
	}
	return aws.ToString(out.NetworkAcls[0].NetworkAclId), nil
}

// aclConfigure makes the ACL's entries and subnets what the program says.
// With adopting or creating, both directions are managed (none declared
// means none); otherwise, as in the Terraform provider, only what the
// program sets. Subnets leaving a custom ACL go back to the VPC's default
// one; a default ACL only takes subnets.
func aclConfigure(k call, id string, all, isDefault bool) error {
	acl, found, err := aclDescribe(k, id)
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("network ACL %s does not exist", id)
	}
	for _, egress := range []bool{false, true} {
		key := secDirection(egress)
		if !all && k.in.at(key) == nil {
			continue
		}
		if err := aclSetEntries(k, acl, egress, aclEntriesFromInputs(k.in.objects(key), egress)); err != nil {
			return err
		}
	}
	if k.in.at("subnetIds") == nil {
		return nil
	}
	want := map[string]bool{}
	for _, s := range k.in.strs("subnetIds") {
		want[s] = true
		if _, err := aclAssociate(k, s, id); err != nil {
			return fmt.Errorf("associating subnet %s: %w", s, err)
		}
	}
	if isDefault {
		return nil
	}
	var def string
	for _, a := range acl.Associations {
		if want[aws.ToString(a.SubnetId)] {
			continue
		}
		if def == "" {
			if def, err = aclDefaultOf(k, aws.ToString(acl.VpcId)); err != nil {
				return err
			}
		}
		if _, err := k.api.EC2.ReplaceNetworkAclAssociation(k.ctx, &ec2.ReplaceNetworkAclAssociationInput{
			AssociationId: a.NetworkAclAssociationId, NetworkAclId: aws.String(def)}); err != nil {
			return fmt.Errorf("moving subnet %s back to the default network ACL: %w", aws.ToString(a.SubnetId), err)
		}
	}
	return nil
}

// aclRead is what an ACL reports: found false when it is gone.
func aclRead(k call, id, kindName string) (map[string]any, *ec2types.NetworkAcl, error) {
	acl, found, err := aclDescribe(k, id)
	if err != nil {
		return nil, nil, verb("reading", kindName, id, err)
	}
	if !found {
		return nil, nil, nil
	}
	// moto keeps the associations of deleted subnets; AWS drops them.
	subnets, err := k.api.EC2.DescribeSubnets(k.ctx, &ec2.DescribeSubnetsInput{Filters: []ec2types.Filter{
		{Name: aws.String("vpc-id"), Values: []string{aws.ToString(acl.VpcId)}}}})
	if err != nil {
		return nil, nil, verb("reading", kindName, id, err)
	}
	exists := map[string]bool{}
	for _, s := range subnets.Subnets {
		exists[aws.ToString(s.SubnetId)] = true
	}
	var associated []string
	for _, a := range acl.Associations {
		if s := aws.ToString(a.SubnetId); exists[s] {
			associated = append(associated, s)
		}
	}
	owner := aws.ToString(acl.OwnerId)
	if owner == "" {
		owner = k.c.Account
	}
	out := map[string]any{"arn": ec2ARN(k, "network-acl", id), "ownerId": owner, "vpcId": aws.ToString(acl.VpcId),
		"ingress": aclEntryOutputs(acl, false), "egress": aclEntryOutputs(acl, true),
		"subnetIds": secOrderLike(associated, k.in.strs("subnetIds"))}
	secPutTags(k, out, acl.Tags)
	return out, acl, nil
}

// aclEntryOutputs are the entries of one direction by rule number, less
// the final deny-all.
func aclEntryOutputs(acl *ec2types.NetworkAcl, egress bool) []any {
	var entries []aclEntry
	for _, raw := range acl.Entries {
		if e := aclEntryFrom(raw); e.egress == egress && e.ruleNo != aclDefaultRule && e.ruleNo != aclDefaultRuleV6 {
			entries = append(entries, e)
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].ruleNo < entries[j].ruleNo })
	out := []any{}
	for _, e := range entries {
		out = append(out, e.output())
	}
	return out
}

func createNetworkACL(k call) (string, map[string]any, error) {
	out, err := k.api.EC2.CreateNetworkAcl(k.ctx, &ec2.CreateNetworkAclInput{VpcId: k.in.strPtr("vpcId"),
		TagSpecifications: tagSpecs(k, ec2types.ResourceTypeNetworkAcl)})
	if err != nil {
		return "", nil, verb("creating", kindACL, k.c.Name, err)
	}
	id := aws.ToString(out.NetworkAcl.NetworkAclId)
	if err := aclConfigure(k, id, true, false); err != nil {
		// An ACL half made would outlive the failed create: remove it.
		_ = aclRemove(k, id)
		return "", nil, verb("creating", kindACL, k.c.Name, err)
	}
	observed, _, err := aclRead(k, id, kindACL)
	return id, observed, err
}

func readNetworkACL(k call) (map[string]any, bool, error) {
	observed, acl, err := aclRead(k, k.c.ID, kindACL)
	return observed, acl != nil, err
}

func updateNetworkACL(k call) (map[string]any, error) {
	if err := secSyncTags(k, k.c.ID, kindACL); err != nil {
		return nil, err
	}
	if err := aclConfigure(k, k.c.ID, false, false); err != nil {
		return nil, verb("updating", kindACL, k.c.ID, err)
	}
	observed, _, err := aclRead(k, k.c.ID, kindACL)
	return observed, err
}

func deleteNetworkACL(k call) error {
	if err := aclRemove(k, k.c.ID); err != nil {
		return verb("deleting", kindACL, k.c.ID, err)
	}
	return nil
}

// aclRemove moves the ACL's subnets back to the VPC's default ACL, as the
// Terraform provider does (EC2 refuses to delete an ACL in use), and
// deletes it.
func aclRemove(k call, id string) error {
	acl, found, err := aclDescribe(k, id)
	if err != nil || !found {
		return err
	}
	if len(acl.Associations) > 0 {
		def, err := aclDefaultOf(k, aws.ToString(acl.VpcId))
		if err != nil {
			return err
		}
		for _, a := range acl.Associations {
			if _, err := k.api.EC2.ReplaceNetworkAclAssociation(k.ctx, &ec2.ReplaceNetworkAclAssociationInput{
				AssociationId: a.NetworkAclAssociationId, NetworkAclId: aws.String(def)}); err != nil {
				return err
			}
		}
	}
	_, err = k.api.EC2.DeleteNetworkAcl(k.ctx, &ec2.DeleteNetworkAclInput{NetworkAclId: aws.String(id)})
	if hasCode(err, "InvalidNetworkAclID.NotFound") {
		return nil
	}
	return err
}

func listNetworkACLs(ctx context.Context, api *Clients) ([]string, error) {
	acls, err := aclAll(ctx, api)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, a := range acls {
		if !aws.ToBool(a.IsDefault) {
			ids = append(ids, aws.ToString(a.NetworkAclId))
		}
	}
	return ids, nil
}

func aclAll(ctx context.Context, api *Clients) ([]ec2types.NetworkAcl, error) {
	out, err := api.EC2.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{})
	if err != nil {
		return nil, fmt.Errorf("listing network ACLs: %w", err)
	}
	return out.NetworkAcls, nil
}
