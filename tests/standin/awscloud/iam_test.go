package awscloud

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	roleType       = "aws:iam/role:Role"
	rolePolicyType = "aws:iam/rolePolicy:RolePolicy"
	attachmentType = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	oidcType       = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
)

const trustEKS = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
	`"Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// The flow-log role of SecureVpc: a role, an inline policy, and (as
// EksCluster does) an AWS managed policy attached.
func TestARoleWithItsPoliciesLivesInMoto(t *testing.T) {
	api := testAccount(t)
	role := newResource(t, api, roleType, "cluster", map[string]any{
		"name": "demo-cluster-1a2b3c4", "assumeRolePolicy": trustEKS, "description": "The EKS control plane",
		"tags": map[string]any{"Team": "platform"},
	})
	out := role.create()
	assertNoDrift(t, role, out)
	assert.Equal(t, "demo-cluster-1a2b3c4", role.ctx.ID)
	assert.Equal(t, "arn:aws:iam::"+api.Account()+":role/demo-cluster-1a2b3c4", out["arn"])
	assert.Regexp(t, `^AROA[A-Z0-9]{17}$`, out["uniqueId"])
	assert.Equal(t, trustEKS, out["assumeRolePolicy"], "the trust policy comes back decoded, as sent")
	assert.Equal(t, "/", out["path"])
	assert.Equal(t, 3600, out["maxSessionDuration"])
	assert.Equal(t, map[string]any{"Team": "platform"}, out["tags"])
	assert.NotEmpty(t, out["createDate"])

	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream",` +
		`"logs:PutLogEvents"],"Resource":["arn:aws:logs:us-west-2:` + api.Account() + `:log-group:flow"]}]}`
	inline := newResource(t, api, rolePolicyType, "flow", map[string]any{
		"role": "demo-cluster-1a2b3c4", "name": "flow-logs", "policy": policy,
	})
	assertNoDrift(t, inline, inline.create())
	assert.Equal(t, "demo-cluster-1a2b3c4:flow-logs", inline.ctx.ID)
	att := newResource(t, api, attachmentType, "cluster-policy", map[string]any{
		"role": "demo-cluster-1a2b3c4", "policyArn": "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
	})
	assertNoDrift(t, att, att.create())
	assert.Regexp(t, `^demo-cluster-1a2b3c4-\d{26}$`, att.ctx.ID, "the Terraform provider's id shape")
	assert.ElementsMatch(t, []string{
		attachmentType + "/" + att.ctx.ID,
		roleType + "/demo-cluster-1a2b3c4",
		rolePolicyType + "/demo-cluster-1a2b3c4:flow-logs",
	}, mustInventory(t, api), "the listing names each resource as the state does")

	observed, found := role.read()
	require.True(t, found)
	assert.Equal(t, trustEKS, observed["assumeRolePolicy"])
	assert.Equal(t, "The EKS control plane", observed["description"])
	observed, found = inline.read()
	require.True(t, found)
	assert.Equal(t, policy, observed["policy"], "the policy comes back decoded, as sent")
	_, found = att.read()
	assert.True(t, found)

	// IAM refuses to delete a role that still has policies.
	err := role.cloud.Delete(context.Background(), &role.ctx)
	assert.ErrorContains(t, err, "DeleteConflict")

	att.delete()
	_, found = att.read()
	assert.False(t, found)
	inline.delete()
	_, found = inline.read()
	assert.False(t, found)
	role.delete()
	_, found = role.read()
	assert.False(t, found)
	assert.Empty(t, mustInventory(t, api))
	role.delete() // deleting again is no error
}

// moto's CreateRole takes any trust policy; IAM's does not, and neither
// does the translation.
func TestATrustPolicyIAMRefusesFailsTheCreate(t *testing.T) {
	api := testAccount(t)
	role := newResource(t, api, roleType, "bad", map[string]any{"name": "bad", "assumeRolePolicy": "{not json"})
	_, _, err := role.cloud.Create(context.Background(), &role.ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "creating IAM Role (bad)")
	assert.Contains(t, err.Error(), "MalformedPolicyDocument")
	assert.Empty(t, mustInventory(t, api), "no role is left behind")

	role = newResource(t, api, roleType, "resource", map[string]any{"name": "resource", "assumeRolePolicy": `{"Version":` +
		`"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},` +
		`"Action":"sts:AssumeRole","Resource":"*"}]}`})
	_, _, err = role.cloud.Create(context.Background(), &role.ctx)
	assert.ErrorContains(t, err, "Has prohibited field Resource")
}

func TestAnInlinePolicyIAMRefusesFailsWithItsError(t *testing.T) {
	api := testAccount(t)
	role := newResource(t, api, roleType, "r", map[string]any{"name": "r", "assumeRolePolicy": trustEKS})
	role.create()
	defer role.delete()
	inline := newResource(t, api, rolePolicyType, "p", map[string]any{"role": "r", "name": "p",
		"policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:PutLogEvents"}]}`})
	_, _, err := inline.cloud.Create(context.Background(), &inline.ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "putting IAM Role Policy (r:p)")
	assert.Contains(t, err.Error(), "MalformedPolicyDocument: Policy statement must contain resources.")

	att := newResource(t, api, attachmentType, "a", map[string]any{"role": "r",
		"policyArn": "arn:aws:iam::aws:policy/NoSuchPolicy"})
	_, _, err = att.cloud.Create(context.Background(), &att.ctx)
	assert.ErrorContains(t, err, "NoSuchEntity")
}

// Changes made in place: the trust policy, the description, the tags;
// and forceDetachPolicies lets a role with policies go.
func TestARoleUpdatesInPlace(t *testing.T) {
	api := testAccount(t)
	role := newResource(t, api, roleType, "r", map[string]any{"name": "upd", "assumeRolePolicy": trustEKS,
		"tags": map[string]any{"a": "1", "b": "2"}})
	role.create()
	trustEC2 := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},` +
		`"Action":"sts:AssumeRole"}]}`
	out := role.update(map[string]any{"name": "upd", "assumeRolePolicy": trustEC2, "description": "now ec2",
		"maxSessionDuration": 7200.0, "tags": map[string]any{"a": "9"}, "forceDetachPolicies": true})
	assert.Equal(t, trustEC2, out["assumeRolePolicy"])
	assert.Equal(t, "now ec2", out["description"])
	assert.Equal(t, 7200, out["maxSessionDuration"])
	assert.Equal(t, map[string]any{"a": "9"}, out["tags"])

	// A reformatted document is the same document.
	c := api.In("us-west-2").IAM
	_, err := c.UpdateAssumeRolePolicy(context.Background(), &iam.UpdateAssumeRolePolicyInput{
		RoleName: aws.String("upd"), PolicyDocument: aws.String("{\n  \"Version\": \"2012-10-17\", \"Statement\": " +
			"[{\"Action\": \"sts:AssumeRole\", \"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}}]}"),
	})
	require.NoError(t, err)
	observed, _ := role.read()
	assert.Equal(t, trustEC2, observed["assumeRolePolicy"])

	_, err = c.AttachRolePolicy(context.Background(), &iam.AttachRolePolicyInput{
		RoleName: aws.String("upd"), PolicyArn: aws.String("arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"),
	})
	require.NoError(t, err)
	role.delete()
	assert.Empty(t, mustInventory(t, api), "forceDetachPolicies detached the policy and the role went")
}

// The EksCluster's OIDC provider: its id is its ARN, its URL reads back as
// the program gave it, and client ids change in place.
func TestAnOIDCProviderLivesInMoto(t *testing.T) {
	api := testAccount(t)
	url := "https://oidc.eks.us-west-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
	p := newResource(t, api, oidcType, "oidc", map[string]any{
		"url": url, "clientIdLists": []any{"sts.amazonaws.com"},
		"thumbprintLists": []any{"9e99a48a9960b14926bb7f3b02e22da2b0ab7280"}, "tags": map[string]any{"Team": "x"},
	})
	out := p.create()
	assertNoDrift(t, p, out)
	arn := "arn:aws:iam::" + api.Account() + ":oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
	assert.Equal(t, arn, p.ctx.ID)
	assert.Equal(t, arn, out["arn"])
	assert.Equal(t, url, out["url"], "IAM drops the scheme; the program's URL names the same provider")
	assert.Equal(t, []string{oidcType + "/" + arn}, mustInventory(t, api))

	out = p.update(map[string]any{
		"url": url, "clientIdLists": []any{"sts.amazonaws.com", "my-app"},
		"thumbprintLists": []any{"0000000000000000000000000000000000000000"}, "tags": map[string]any{"Team": "y"},
	})
	assert.Equal(t, []any{"sts.amazonaws.com", "my-app"}, out["clientIdLists"])
	assert.Equal(t, []any{"0000000000000000000000000000000000000000"}, out["thumbprintLists"])
	assert.Equal(t, map[string]any{"Team": "y"}, out["tags"])
	observed, found := p.read()
	require.True(t, found)
	assert.Equal(t, url, observed["url"])
	assert.Equal(t, []any{"sts.amazonaws.com", "my-app"}, observed["clientIdLists"])

	p.delete()
	_, found = p.read()
	assert.False(t, found)
	assert.Empty(t, mustInventory(t, api))

	dup := newResource(t, api, oidcType, "dup", map[string]any{"url": url, "clientIdLists": []any{"a"}})
	dup.create()
	defer dup.delete()
	_, _, err := dup.cloud.Create(context.Background(), &dup.ctx)
	assert.ErrorContains(t, err, "EntityAlreadyExists")
}
