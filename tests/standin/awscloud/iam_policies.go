package awscloud

// IAM role policies: inline ones ("role:name") and attachments of managed
// policies.

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/big"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

func putRolePolicy(k call) (string, map[string]any, error) {
	role, name := k.in.str("role"), k.in.str("name")
	id := role + ":" + name
	if _, err := k.api.IAM.PutRolePolicy(k.ctx, &iam.PutRolePolicyInput{
		RoleName: aws.String(role), PolicyName: aws.String(name), PolicyDocument: aws.String(k.in.str("policy")),
	}); err != nil {
		return "", nil, verb("putting", "IAM Role Policy", id, err)
	}
	observed, _, err := rolePolicyObserved(k, role, name)
	if err != nil {
		return "", nil, verb("putting", "IAM Role Policy", id, err)
	}
	return id, observed, nil
}

func rolePolicyObserved(k call, role, name string) (map[string]any, bool, error) {
	out, err := k.api.IAM.GetRolePolicy(k.ctx, &iam.GetRolePolicyInput{RoleName: aws.String(role), PolicyName: aws.String(name)})
	if hasCode(err, "NoSuchEntity") {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	doc, err := iamDecode(aws.ToString(out.PolicyDocument))
	if err != nil {
		return nil, false, err
	}
	return map[string]any{
		"role": role, "name": name, "policy": iamPolicyDoc(doc, k.in.str("policy"), k.old.str("policy")),
	}, true, nil
}

// iamRolePolicyID splits "role:name"; role names cannot hold a colon.
func iamRolePolicyID(id string) (role, name string) {
	role, name, _ = strings.Cut(id, ":")
	return role, name
}

func readRolePolicy(k call) (map[string]any, bool, error) {
	role, name := iamRolePolicyID(k.c.ID)
	observed, found, err := rolePolicyObserved(k, role, name)
	if err != nil {
		return nil, false, verb("reading", "IAM Role Policy", k.c.ID, err)
	}
	return observed, found, nil
}

func deleteRolePolicy(k call) error {
	role, name := iamRolePolicyID(k.c.ID)
	_, err := k.api.IAM.DeleteRolePolicy(k.ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String(role), PolicyName: aws.String(name)})
	if err != nil && !hasCode(err, "NoSuchEntity") {
		return verb("deleting", "IAM Role Policy", k.c.ID, err)
	}
	return nil
}

func iamInlineNames(ctx context.Context, api *Clients, role string) ([]string, error) {
	var names []string
	p := iam.NewListRolePoliciesPaginator(api.IAM, &iam.ListRolePoliciesInput{RoleName: aws.String(role)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		names = append(names, page.PolicyNames...)
	}
	return names, nil
}

func listRolePolicies(ctx context.Context, api *Clients) ([]string, error) {
	roles, err := iamRoleNames(ctx, api)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, role := range roles {
		names, err := iamInlineNames(ctx, api, role)
		if err != nil {
			return nil, fmt.Errorf("listing the inline policies of IAM role %s: %w", role, err)
		}
		for _, n := range names {
			ids = append(ids, role+":"+n)
		}
	}
	return ids, nil
}

// Policy attachments.

// iamAttachmentID is the attachment's id in the shape of the Terraform
// provider's (the role, a dash and 26 digits), but derived from the role
// and the policy rather than the clock, so that listing what moto holds
// names the attachment as the state does.
func iamAttachmentID(role, policyArn string) string {
	sum := sha256.Sum256([]byte(role + "|" + policyArn))
	n := new(big.Int).SetBytes(sum[:12])
	n.Mod(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(26), nil))
	return fmt.Sprintf("%s-%026s", role, n.String())
}

func attachRolePolicy(k call) (string, map[string]any, error) {
	role, arn := k.in.str("role"), k.in.str("policyArn")
	if _, err := k.api.IAM.AttachRolePolicy(k.ctx, &iam.AttachRolePolicyInput{
		RoleName: aws.String(role), PolicyArn: aws.String(arn),
	}); err != nil {
		return "", nil, verb("attaching", "IAM Policy", arn+" to IAM Role "+role, err)
	}
	return iamAttachmentID(role, arn), map[string]any{"role": role, "policyArn": arn}, nil
}

func iamAttached(ctx context.Context, api *Clients, role string) ([]string, error) {
	var arns []string
	p := iam.NewListAttachedRolePoliciesPaginator(api.IAM, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(role)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, a := range page.AttachedPolicies {
			arns = append(arns, aws.ToString(a.PolicyArn))
		}
	}
	return arns, nil
}

// readAttachment looks for the policy among the role's, as the Terraform
// provider does: the id names neither.
func readAttachment(k call) (map[string]any, bool, error) {
	role, arn := iamInputOrState(k, "role"), iamInputOrState(k, "policyArn")
	arns, err := iamAttached(k.ctx, k.api, role)
	if hasCode(err, "NoSuchEntity") {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, verb("reading", "IAM Role Policy Attachment", k.c.ID, err)
	}
	for _, a := range arns {
		if a == arn {
			return map[string]any{"role": role, "policyArn": arn}, true, nil
		}
	}
	return nil, false, nil
}

// readAttachmentAfterUpdate: both inputs force replacement, so an update
// changes nothing in AWS.
func readAttachmentAfterUpdate(k call) (map[string]any, error) {
	return map[string]any{"role": k.in.str("role"), "policyArn": k.in.str("policyArn")}, nil
}

func detachRolePolicy(k call) error {
	role, arn := k.old.str("role"), k.old.str("policyArn")
	_, err := k.api.IAM.DetachRolePolicy(k.ctx, &iam.DetachRolePolicyInput{RoleName: aws.String(role), PolicyArn: aws.String(arn)})
	if err != nil && !hasCode(err, "NoSuchEntity") {
		return verb("detaching", "IAM Policy", arn+" from IAM Role "+role, err)
	}
	return nil
}

func listAttachments(ctx context.Context, api *Clients) ([]string, error) {
	roles, err := iamRoleNames(ctx, api)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, role := range roles {
		arns, err := iamAttached(ctx, api, role)
		if err != nil {
			return nil, fmt.Errorf("listing the policies attached to IAM role %s: %w", role, err)
		}
		for _, arn := range arns {
			ids = append(ids, iamAttachmentID(role, arn))
		}
	}
	return ids, nil
}
