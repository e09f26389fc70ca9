package awscloud

// IAM: roles (their policies are in iam_policies.go, OIDC providers in
// iam_oidc.go). A role's id is its name, as in the Terraform provider. IAM
// is global, and so are these; moto keeps them per account.

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/smithy-go"
)

var iamKinds = map[string]kind{
	"aws:iam/role:Role": {create: createRole, read: readRole, update: updateRole, del: deleteRole, list: listRoles},
	// Put whole: Update puts the policy again, as Create does.
	"aws:iam/rolePolicy:RolePolicy": {create: putRolePolicy, read: readRolePolicy, del: deleteRolePolicy,
		list: listRolePolicies},
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment": {create: attachRolePolicy, read: readAttachment,
		update: readAttachmentAfterUpdate, del: detachRolePolicy, list: listAttachments},
	"aws:iam/openIdConnectProvider:OpenIdConnectProvider": {create: createOIDCProvider, read: readOIDCProvider,
		update: updateOIDCProvider, del: deleteOIDCProvider, list: listOIDCProviders},
}

// Roles.

func createRole(k call) (string, map[string]any, error) {
	name := k.in.str("name")
	// moto takes a name of any length; IAM's limit is 64.
	if len(name) > 64 {
		return "", nil, verb("creating", "IAM Role", name, &smithy.GenericAPIError{
			Code: "ValidationError", Fault: smithy.FaultClient,
			Message: fmt.Sprintf("1 validation error detected: Value '%s' at 'roleName' failed to satisfy constraint: "+
				"Member must have length less than or equal to 64", name),
		})
	}
	doc := k.in.str("assumeRolePolicy")
	in := &iam.CreateRoleInput{
		RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(doc),
		Path: k.in.strPtr("path"), Description: k.in.strPtr("description"),
		MaxSessionDuration: k.in.int32Ptr("maxSessionDuration"), PermissionsBoundary: k.in.strPtr("permissionsBoundary"),
		Tags: iamTags(k.c.TagsAll()),
	}
	if _, err := k.api.IAM.CreateRole(k.ctx, in); err != nil {
		return "", nil, verb("creating", "IAM Role", name, err)
	}
	// moto's CreateRole takes any trust policy; UpdateAssumeRolePolicy
	// checks it as IAM's CreateRole does. A refused policy leaves no role.
	if _, err := k.api.IAM.UpdateAssumeRolePolicy(k.ctx, &iam.UpdateAssumeRolePolicyInput{
		RoleName: aws.String(name), PolicyDocument: aws.String(doc),
	}); err != nil {
		_, _ = k.api.IAM.DeleteRole(k.ctx, &iam.DeleteRoleInput{RoleName: aws.String(name)})
		return "", nil, verb("creating", "IAM Role", name, iamAPIError(err))
	}
	observed, found, err := roleObserved(k, name)
	if err == nil && !found {
		err = fmt.Errorf("the new role is not found")
	}
	if err != nil {
		return "", nil, verb("creating", "IAM Role", name, err)
	}
	observed["forceDetachPolicies"] = k.in.flag("forceDetachPolicies")
	return name, observed, nil
}

// roleObserved is the role as GetRole reports it.
func roleObserved(k call, name string) (map[string]any, bool, error) {
	out, err := k.api.IAM.GetRole(k.ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
	if hasCode(err, "NoSuchEntity") {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	r := out.Role
	doc, err := iamDecode(aws.ToString(r.AssumeRolePolicyDocument))
	if err != nil {
		return nil, false, err
	}
	observed := map[string]any{
		"arn":                aws.ToString(r.Arn),
		"name":               aws.ToString(r.RoleName),
		"uniqueId":           aws.ToString(r.RoleId),
		"createDate":         aws.ToTime(r.CreateDate).UTC().Format(time.RFC3339),
		"path":               aws.ToString(r.Path),
		"maxSessionDuration": int(aws.ToInt32(r.MaxSessionDuration)),
		"description":        aws.ToString(r.Description),
		"assumeRolePolicy":   iamPolicyDoc(doc, k.in.str("assumeRolePolicy"), k.old.str("assumeRolePolicy")),
	}
	if b := r.PermissionsBoundary; b != nil {
		observed["permissionsBoundary"] = aws.ToString(b.PermissionsBoundaryArn)
	}
	tags := map[string]string{}
	for _, t := range r.Tags {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	if own, ok := iamOwnTags(k, tags); ok {
		observed["tags"] = own
	}
	return observed, true, nil
}

func readRole(k call) (map[string]any, bool, error) {
	observed, found, err := roleObserved(k, k.c.ID)
	if err != nil {
		return nil, false, verb("reading", "IAM Role", k.c.ID, err)
	}
	return observed, found, nil
}

func updateRole(k call) (map[string]any, error) {
	name := k.c.ID
	fail := func(err error) (map[string]any, error) { return nil, verb("updating", "IAM Role", name, err) }
	current, err := k.api.IAM.GetRole(k.ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
	if err != nil {
		return fail(err)
	}
	r := current.Role
	doc := k.in.str("assumeRolePolicy")
	if iamPolicyDoc(doc, k.old.str("assumeRolePolicy")) != k.old.str("assumeRolePolicy") {
		if _, err := k.api.IAM.UpdateAssumeRolePolicy(k.ctx, &iam.UpdateAssumeRolePolicyInput{
			RoleName: aws.String(name), PolicyDocument: aws.String(doc),
		}); err != nil {
			return fail(err)
		}
	}
	maxSession := k.in.int32Ptr("maxSessionDuration")
	if maxSession == nil {
		maxSession = aws.Int32(3600) // IAM's default, which removing the input returns to
	}
	if k.in.str("description") != aws.ToString(r.Description) || *maxSession != aws.ToInt32(r.MaxSessionDuration) {
		if _, err := k.api.IAM.UpdateRole(k.ctx, &iam.UpdateRoleInput{
			RoleName: aws.String(name), Description: aws.String(k.in.str("description")), MaxSessionDuration: maxSession,
		}); err != nil {
			return fail(err)
		}
	}
	boundary, had := k.in.str("permissionsBoundary"), ""
	if r.PermissionsBoundary != nil {
		had = aws.ToString(r.PermissionsBoundary.PermissionsBoundaryArn)
	}
	switch {
	case boundary != "" && boundary != had:
		_, err = k.api.IAM.PutRolePermissionsBoundary(k.ctx, &iam.PutRolePermissionsBoundaryInput{
			RoleName: aws.String(name), PermissionsBoundary: aws.String(boundary),
		})
	case boundary == "" && had != "":
		_, err = k.api.IAM.DeleteRolePermissionsBoundary(k.ctx, &iam.DeleteRolePermissionsBoundaryInput{RoleName: aws.String(name)})
	}
	if err != nil {
		return fail(err)
	}
	have := map[string]string{}
	for _, t := range r.Tags {
		have[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	set, remove := iamTagChanges(have, k.c.TagsAll())
	if len(set) > 0 {
		if _, err := k.api.IAM.TagRole(k.ctx, &iam.TagRoleInput{RoleName: aws.String(name), Tags: iamTags(set)}); err != nil {
			return fail(err)
		}
	}
	if len(remove) > 0 {
		if _, err := k.api.IAM.UntagRole(k.ctx, &iam.UntagRoleInput{RoleName: aws.String(name), TagKeys: remove}); err != nil {
			return fail(err)
		}
	}
	observed, _, err := roleObserved(k, name)
	if err != nil {
		return fail(err)
	}
	observed["forceDetachPolicies"] = k.in.flag("forceDetachPolicies")
	return observed, nil
}

// deleteRole takes the role out of its instance profiles first, as the
// Terraform provider does, and with forceDetachPolicies its policies too;
// otherwise IAM refuses (DeleteConflict) while policies are attached.
func deleteRole(k call) error {
	name := k.c.ID
	fail := func(err error) error {
		if hasCode(err, "NoSuchEntity") {
			return nil
		}
		return verb("deleting", "IAM Role", name, err)
	}
	profiles := iam.NewListInstanceProfilesForRolePaginator(k.api.IAM,
		&iam.ListInstanceProfilesForRoleInput{RoleName: aws.String(name)})
	for profiles.HasMorePages() {
		page, err := profiles.NextPage(k.ctx)
		if err != nil {
			return fail(err)
		}
		for _, p := range page.InstanceProfiles {
			if _, err := k.api.IAM.RemoveRoleFromInstanceProfile(k.ctx, &iam.RemoveRoleFromInstanceProfileInput{
				RoleName: aws.String(name), InstanceProfileName: p.InstanceProfileName,
			}); err != nil && !hasCode(err, "NoSuchEntity") {
				return fail(err)
			}
		}
	}
	if k.old.flag("forceDetachPolicies") {
		arns, err := iamAttached(k.ctx, k.api, name)
		if err != nil {
			return fail(err)
		}
		for _, arn := range arns {
			if _, err := k.api.IAM.DetachRolePolicy(k.ctx, &iam.DetachRolePolicyInput{
				RoleName: aws.String(name), PolicyArn: aws.String(arn),
			}); err != nil && !hasCode(err, "NoSuchEntity") {
				return fail(err)
			}
		}
		inline, err := iamInlineNames(k.ctx, k.api, name)
		if err != nil {
			return fail(err)
		}
		for _, p := range inline {
			if _, err := k.api.IAM.DeleteRolePolicy(k.ctx, &iam.DeleteRolePolicyInput{
				RoleName: aws.String(name), PolicyName: aws.String(p),
			}); err != nil && !hasCode(err, "NoSuchEntity") {
				return fail(err)
			}
		}
	}
	_, err := k.api.IAM.DeleteRole(k.ctx, &iam.DeleteRoleInput{RoleName: aws.String(name)})
	if err != nil {
		return fail(err)
	}
	return nil
}

// iamRoleNames are the account's roles, less AWS's service-linked ones
// (path /aws-service-role/), which AWS creates and deletes itself.
func iamRoleNames(ctx context.Context, api *Clients) ([]string, error) {
	var names []string
	p := iam.NewListRolesPaginator(api.IAM, &iam.ListRolesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing IAM roles: %w", err)
		}
		for _, r := range page.Roles {
			if !strings.HasPrefix(aws.ToString(r.Path), "/aws-service-role/") {
				names = append(names, aws.ToString(r.RoleName))
			}
		}
	}
	return names, nil
}

func listRoles(ctx context.Context, api *Clients) ([]string, error) { return iamRoleNames(ctx, api) }
