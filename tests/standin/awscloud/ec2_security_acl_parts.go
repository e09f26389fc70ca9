package awscloud

// The VPC's default network ACL, which SecureVpc adopts, and the rule and
// association resources, which change an ACL from outside it.

import (
	"context"
	"fmt"
	"hash/crc32"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

const (
	kindACLRule  = "EC2 Network ACL Rule"
	kindACLAssoc = "EC2 Network ACL Association"
)

// adoptDefaultNetworkACL takes over a VPC's default ACL as the Terraform
// provider does: every entry but the final deny-all becomes the declared
// ones, the declared subnets join it, and it is tagged. Adopting again is
// how it is updated.
func adoptDefaultNetworkACL(k call) (string, map[string]any, error) {
	id := k.in.str("defaultNetworkAclId")
	acl, found, err := aclDescribe(k, id)
	if err != nil {
		return "", nil, verb("reading", kindDefaultACL, id, err)
	}
	if !found {
		return "", nil, verb("reading", kindDefaultACL, id, fmt.Errorf("network ACL %s does not exist", id))
	}
	if !aws.ToBool(acl.IsDefault) {
		return "", nil, verb("adopting", kindDefaultACL, id,
			fmt.Errorf("network ACL %s is not a VPC's default ACL; manage it as an aws.ec2.NetworkAcl", id))
	}
	if err := secSyncTags(k, id, kindDefaultACL); err != nil {
		return "", nil, err
	}
	if err := aclConfigure(k, id, true, true); err != nil {
		return "", nil, verb("updating", kindDefaultACL, id, err)
	}
	observed, _, err := readDefaultACLByID(k, id)
	return id, observed, err
}

func readDefaultNetworkACL(k call) (map[string]any, bool, error) {
	return readDefaultACLByID(k, k.c.ID)
}

// readDefaultACLByID reads a default ACL, which is gone with its VPC (moto
// keeps it after DeleteVpc; AWS does not).
func readDefaultACLByID(k call, id string) (map[string]any, bool, error) {
	observed, acl, err := aclRead(k, id, kindDefaultACL)
	if err != nil || acl == nil {
		return nil, false, err
	}
	_, err = k.api.EC2.DescribeVpcs(k.ctx, &ec2.DescribeVpcsInput{VpcIds: []string{aws.ToString(acl.VpcId)}})
	if hasCode(err, "InvalidVpcID.NotFound") {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, verb("reading", kindDefaultACL, id, err)
	}
	observed["defaultNetworkAclId"] = id
	return observed, true, nil
}

// listDefaultNetworkACLs lists the default ACLs of the VPCs that exist,
// AWS's default VPC left out.
func listDefaultNetworkACLs(ctx context.Context, api *Clients) ([]string, error) {
	acls, err := aclAll(ctx, api)
	if err != nil {
		return nil, err
	}
	vpcs, err := secVpcs(ctx, api)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, a := range acls {
		if isDefault, exists := vpcs[aws.ToString(a.VpcId)]; exists && !isDefault && aws.ToBool(a.IsDefault) {
			ids = append(ids, aws.ToString(a.NetworkAclId))
		}
	}
	return ids, nil
}

// The rule resource. EC2 keeps no record of a rule but the entry it adds to
// its ACL, the same as an inline entry's, so the inventory cannot tell the
// two apart: it lists no rules, and a rule left behind shows as its ACL
// left behind (an entry does not outlive its ACL, and a default ACL's
// entries go with its VPC).

// aclRuleID is the Terraform provider's id of a rule: "nacl-" and the
// CRC-32 of the ACL, rule number, direction and protocol.
func aclRuleID(acl string, ruleNo int32, egress bool, protocol string) string {
	key := fmt.Sprintf("%s-%d-%t-%s-", acl, ruleNo, egress, protocol)
	return "nacl-" + strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(key))), 10)
}

func createNetworkACLRule(k call) (string, map[string]any, error) {
	acl := k.in.str("networkAclId")
	e := aclEntryOf(k.in, k.in.flag("egress"), "ruleNumber", "ruleAction")
	if err := aclCreateEntry(k, acl, e); err != nil {
		return "", nil, verb("creating", kindACLRule, k.c.Name, err)
	}
	id := aclRuleID(acl, e.ruleNo, e.egress, k.in.str("protocol"))
	observed, found, err := readNetworkACLRule(k)
	if err == nil && !found {
		err = verb("creating", kindACLRule, k.c.Name, fmt.Errorf("the new entry is not in %s", acl))
	}
	return id, observed, err
}

// aclRuleFind finds the rule's entry: its ACL's entry of the same number
// and direction.
func aclRuleFind(k call) (*ec2types.NetworkAclEntry, string, error) {
	aclID := k.in.str("networkAclId")
	if aclID == "" {
		aclID = k.old.str("networkAclId")
	}
	ruleNo, _ := k.in.num("ruleNumber")
	egress := k.in.flag("egress")
	acl, found, err := aclDescribe(k, aclID)
	if err != nil || !found {
		return nil, aclID, err
	}
	for i, e := range acl.Entries {
		if aws.ToInt32(e.RuleNumber) == int32(ruleNo) && aws.ToBool(e.Egress) == egress {
			return &acl.Entries[i], aclID, nil
		}
	}
	return nil, aclID, nil
}

func readNetworkACLRule(k call) (map[string]any, bool, error) {
	raw, aclID, err := aclRuleFind(k)
	if err != nil {
		return nil, false, verb("reading", kindACLRule, k.c.ID, err)
	}
	if raw == nil {
		return nil, false, nil
	}
	e := aclEntryFrom(*raw)
	protocol := e.protocol
	if in := k.in.str("protocol"); aclProtocol(in) == protocol {
		protocol = in // as the program spells it ("tcp" or "6")
	}
	observed := map[string]any{"networkAclId": aclID, "ruleNumber": float64(e.ruleNo), "egress": e.egress,
		"protocol": protocol, "ruleAction": e.action}
	if e.cidr4 != "" {
		observed["cidrBlock"] = e.cidr4
	}
	if e.cidr6 != "" {
		observed["ipv6CidrBlock"] = e.cidr6
	}
	if e.protocol == "6" || e.protocol == "17" {
		observed["fromPort"], observed["toPort"] = float64(e.from), float64(e.to)
	}
	// moto keeps an ICMP entry's type and code but does not report them:
	// only what it reports is observed.
	if raw.IcmpTypeCode != nil {
		observed["icmpType"], observed["icmpCode"] = float64(e.icmpType), float64(e.icmpCode)
	}
	return observed, true, nil
}

// updateNetworkACLRule changes nothing: every input of a rule replaces it.
func updateNetworkACLRule(k call) (map[string]any, error) {
	observed, _, err := readNetworkACLRule(k)
	return observed, err
}

func deleteNetworkACLRule(k call) error {
	raw, aclID, err := aclRuleFind(k)
	if err == nil && raw != nil {
		_, err = k.api.EC2.DeleteNetworkAclEntry(k.ctx, &ec2.DeleteNetworkAclEntryInput{
			NetworkAclId: aws.String(aclID), RuleNumber: raw.RuleNumber, Egress: raw.Egress})
	}
	if err != nil {
		return verb("deleting", kindACLRule, k.c.ID, err)
	}
	return nil
}

// The association resource. Its id is the association's, which EC2
// renews on every move; like rules, the inventory lists none, since EC2
// cannot tell it from an ACL's own subnetIds, and an ACL with subnets
// cannot be deleted.

func createNetworkACLAssociation(k call) (string, map[string]any, error) {
	id, err := aclAssociate(k, k.in.str("subnetId"), k.in.str("networkAclId"))
	if err != nil {
		return "", nil, verb("creating", kindACLAssoc, k.c.Name, err)
	}
	observed, found, err := aclAssocRead(k, id)
	if err == nil && !found {
		err = verb("creating", kindACLAssoc, k.c.Name, fmt.Errorf("association %s is not there", id))
	}
	return id, observed, err
}

// aclAssocFind finds the association and its ACL.
func aclAssocFind(k call, id string) (*ec2types.NetworkAcl, *ec2types.NetworkAclAssociation, error) {
	out, err := k.api.EC2.DescribeNetworkAcls(k.ctx, &ec2.DescribeNetworkAclsInput{Filters: []ec2types.Filter{
		{Name: aws.String("association.association-id"), Values: []string{id}}}})
	if err != nil {
		return nil, nil, err
	}
	for i, acl := range out.NetworkAcls {
		for j, a := range acl.Associations {
			if aws.ToString(a.NetworkAclAssociationId) == id {
				return &out.NetworkAcls[i], &out.NetworkAcls[i].Associations[j], nil
			}
		}
	}
	return nil, nil, nil
}

func aclAssocRead(k call, id string) (map[string]any, bool, error) {
	acl, a, err := aclAssocFind(k, id)
	if err != nil {
		return nil, false, verb("reading", kindACLAssoc, id, err)
	}
	if a == nil {
		return nil, false, nil
	}
	return map[string]any{"networkAclId": aws.ToString(acl.NetworkAclId), "subnetId": aws.ToString(a.SubnetId)}, true, nil
}

func readNetworkACLAssociation(k call) (map[string]any, bool, error) { return aclAssocRead(k, k.c.ID) }

// updateNetworkACLAssociation refuses a move to another ACL: EC2 gives the
// moved association a new id, which an update cannot report (the
// Terraform provider replaces the resource instead).
func updateNetworkACLAssociation(k call) (map[string]any, error) {
	if old, acl := k.old.str("networkAclId"), k.in.str("networkAclId"); old != "" && old != acl {
		return nil, verb("updating", kindACLAssoc, k.c.ID,
			fmt.Errorf("moving subnet %s from %s to %s renews the association's id: replace the association",
				k.in.str("subnetId"), old, acl))
	}
	observed, _, err := aclAssocRead(k, k.c.ID)
	return observed, err
}

// deleteNetworkACLAssociation moves the subnet back to its VPC's default
// ACL, as the Terraform provider does (a subnet always has an ACL).
func deleteNetworkACLAssociation(k call) error {
	acl, a, err := aclAssocFind(k, k.c.ID)
	if err == nil && a != nil && !aws.ToBool(acl.IsDefault) {
		var def string
		if def, err = aclDefaultOf(k, aws.ToString(acl.VpcId)); err == nil {
			_, err = k.api.EC2.ReplaceNetworkAclAssociation(k.ctx, &ec2.ReplaceNetworkAclAssociationInput{
				AssociationId: a.NetworkAclAssociationId, NetworkAclId: aws.String(def)})
		}
	}
	if err != nil {
		return verb("deleting", kindACLAssoc, k.c.ID, err)
	}
	return nil
}
