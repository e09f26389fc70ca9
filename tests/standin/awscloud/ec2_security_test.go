package awscloud

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	sgType        = "aws:ec2/securityGroup:SecurityGroup"
	defaultSGType = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	ingressType   = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	egressType    = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
)

// The VPCs and subnets the tests need are made with the EC2 client
// directly, so these tests depend on no other translated type.

func secTestVpc(t *testing.T, api *API, cidr string) string {
	t.Helper()
	out, err := api.In("us-west-2").EC2.CreateVpc(context.Background(), &ec2.CreateVpcInput{CidrBlock: aws.String(cidr)})
	require.NoError(t, err)
	return aws.ToString(out.Vpc.VpcId)
}

func secTestSubnet(t *testing.T, api *API, vpc, cidr string) string {
	t.Helper()
	out, err := api.In("us-west-2").EC2.CreateSubnet(context.Background(), &ec2.CreateSubnetInput{
		VpcId: aws.String(vpc), CidrBlock: aws.String(cidr), AvailabilityZone: aws.String("us-west-2a")})
	require.NoError(t, err)
	return aws.ToString(out.Subnet.SubnetId)
}

// secInventory is the account's inventory of the given types.
func secInventory(t *testing.T, api *API, tokens ...string) []string {
	t.Helper()
	inv, err := Inventory(context.Background(), api, "us-west-2")
	require.NoError(t, err)
	var out []string
	for _, ref := range inv {
		for _, token := range tokens {
			if ref.Type == token {
				out = append(out, ref.Key())
			}
		}
	}
	return out
}

// groupRules are the rules EC2 holds for a group, as "in"/"out" counts.
func groupRules(t *testing.T, api *API, group string) (in, out int) {
	t.Helper()
	rules, err := api.In("us-west-2").EC2.DescribeSecurityGroupRules(context.Background(),
		&ec2.DescribeSecurityGroupRulesInput{Filters: []ec2types.Filter{{Name: aws.String("group-id"), Values: []string{group}}}})
	require.NoError(t, err)
	for _, r := range rules.SecurityGroupRules {
		if aws.ToBool(r.IsEgress) {
			out++
		} else {
			in++
		}
	}
	return in, out
}

func TestASecurityGroupLivesInMoto(t *testing.T) {
	api := testAccount(t)
	vpc := secTestVpc(t, api, "10.20.0.0/16")
	https := map[string]any{"protocol": "tcp", "fromPort": 443.0, "toPort": 443.0,
		"cidrBlocks": []any{"10.20.0.0/16"}, "description": "HTTPS from the VPC"}
	sg := newResource(t, api, sgType, "endpoints", map[string]any{
		"name": "endpoints-1a2b3c4", "vpcId": vpc, "description": "HTTPS to the endpoints",
		"ingress": []any{https}, "tags": map[string]any{"Name": "endpoints"},
	})
	out := sg.create()
	id := sg.ctx.ID
	assert.True(t, strings.HasPrefix(id, "sg-"), id)
	assert.Equal(t, "arn:aws:ec2:us-west-2:"+api.Account()+":security-group/"+id, out["arn"])
	assert.Equal(t, api.Account(), out["ownerId"])
	assert.Equal(t, []any{https}, out["ingress"])
	assert.Equal(t, []any{}, out["egress"], "AWS's allow-all egress is revoked, as the Terraform provider does")
	in, egress := groupRules(t, api, id)
	assert.Equal(t, 1, in)
	assert.Zero(t, egress)

	// A rule revoked behind Pulumi's back is what Read reports, so refresh
	// sees the drift; the update puts it back.
	_, err := api.In("us-west-2").EC2.RevokeSecurityGroupIngress(context.Background(), &ec2.RevokeSecurityGroupIngressInput{
		GroupId: aws.String(id), IpPermissions: []ec2types.IpPermission{{IpProtocol: aws.String("tcp"),
			FromPort: aws.Int32(443), ToPort: aws.Int32(443), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("10.20.0.0/16")}}}}})
	require.NoError(t, err)
	observed, found := sg.read()
	require.True(t, found)
	assert.Equal(t, []any{}, observed["ingress"])
	sg.update(map[string]any{"name": "endpoints-1a2b3c4", "vpcId": vpc, "description": "HTTPS to the endpoints",
		"ingress": []any{https}, "tags": map[string]any{"Name": "endpoints"}})

	observed, found = sg.read()
	require.True(t, found)
	assert.Equal(t, "HTTPS to the endpoints", observed["description"])
	assert.Equal(t, map[string]any{"Name": "endpoints"}, observed["tags"])
	assert.Equal(t, []any{https}, observed["ingress"])
	assert.Equal(t, []string{sgType + "/" + id}, secInventory(t, api, sgType, ingressType, egressType),
		"the group is listed, and its inline rule is not a rule resource")

	http := map[string]any{"protocol": "tcp", "fromPort": 80.0, "toPort": 80.0, "cidrBlocks": []any{"0.0.0.0/0"}}
	out = sg.update(map[string]any{"name": "endpoints-1a2b3c4", "vpcId": vpc, "description": "HTTPS to the endpoints",
		"ingress": []any{https, http}, "tags": map[string]any{"Team": "net"}})
	assert.ElementsMatch(t, []any{https, http}, out["ingress"])
	assert.Equal(t, map[string]any{"Team": "net"}, out["tags"], "Name is untagged, Team tagged")

	// An allow-all egress the program declares is the group's own rule, not
	// AWS's default one kept.
	allOut := map[string]any{"protocol": "-1", "fromPort": 0.0, "toPort": 0.0, "cidrBlocks": []any{"0.0.0.0/0"}}
	open := newResource(t, api, sgType, "open", map[string]any{"name": "open-1a2b3c4", "vpcId": vpc,
		"egress": []any{allOut}})
	out = open.create()
	assert.Equal(t, []any{allOut}, out["egress"])
	assert.Equal(t, "Managed by Pulumi", out["description"])
	assert.Empty(t, secInventory(t, api, egressType))
	open.delete()

	sg.delete()
	_, found = sg.read()
	assert.False(t, found, "a deleted group is gone")
	assert.Empty(t, secInventory(t, api, sgType))
}

func TestTheDefaultSecurityGroupIsAdoptedNotCreated(t *testing.T) {
	api := testAccount(t)
	vpc := secTestVpc(t, api, "10.21.0.0/16")
	assert.Equal(t, []string(nil), secInventory(t, api, egressType, ingressType),
		"the rules AWS gives a default group are not rule resources")

	d := newResource(t, api, defaultSGType, "vpc-default-sg", map[string]any{
		"vpcId": vpc, "tags": map[string]any{"Name": "vpc-default"}})
	out := d.create()
	id := d.ctx.ID
	assert.Equal(t, "default", out["name"])
	assert.Equal(t, "arn:aws:ec2:us-west-2:"+api.Account()+":security-group/"+id, out["arn"])
	assert.Equal(t, []any{}, out["ingress"])
	assert.Equal(t, []any{}, out["egress"])
	in, egress := groupRules(t, api, id)
	assert.Zero(t, in+egress, "adopting revokes every rule AWS gave the group")
	assert.Equal(t, []string{defaultSGType + "/" + id}, secInventory(t, api, defaultSGType, sgType))

	// A declared rule is authorized; it is the group's, not a rule resource.
	allOut := map[string]any{"protocol": "-1", "fromPort": 0.0, "toPort": 0.0, "cidrBlocks": []any{"0.0.0.0/0"}}
	out = d.update(map[string]any{"vpcId": vpc, "egress": []any{allOut}, "tags": map[string]any{"Name": "vpc-default"}})
	assert.Equal(t, []any{allOut}, out["egress"])
	assert.Empty(t, secInventory(t, api, egressType))

	d.delete()
	observed, found := d.read()
	require.True(t, found, "deleting only forgets the group: AWS deletes it with the VPC")
	assert.Equal(t, map[string]any{"Name": "vpc-default"}, observed["tags"])
	_, err := api.In("us-west-2").EC2.DeleteVpc(context.Background(), &ec2.DeleteVpcInput{VpcId: aws.String(vpc)})
	require.NoError(t, err)
	_, found = d.read()
	assert.False(t, found)
	assert.Empty(t, secInventory(t, api, defaultSGType))
}

func TestSecurityGroupRulesLiveInMoto(t *testing.T) {
	api := testAccount(t)
	vpc := secTestVpc(t, api, "10.22.0.0/16")
	web := newResource(t, api, sgType, "shop-web", map[string]any{"name": "shop-web-aaaa", "vpcId": vpc,
		"description": "The web tier"})
	web.create()
	app := newResource(t, api, sgType, "shop-app", map[string]any{"name": "shop-app-aaaa", "vpcId": vpc,
		"description": "The app tier"})
	app.create()
	webID, appID := web.ctx.ID, app.ctx.ID

	https := newResource(t, api, ingressType, "shop-web-in-0", map[string]any{"securityGroupId": webID,
		"ipProtocol": "tcp", "fromPort": 443.0, "toPort": 443.0, "cidrIpv4": "0.0.0.0/0", "description": "HTTPS",
		"tags": map[string]any{"Tier": "web"}})
	out := https.create()
	id := https.ctx.ID
	assert.True(t, strings.HasPrefix(id, "sgr-"), id)
	assert.Equal(t, id, out["securityGroupRuleId"])
	assert.Equal(t, "arn:aws:ec2:us-west-2:"+api.Account()+":security-group-rule/"+id, out["arn"])
	assert.Equal(t, "0.0.0.0/0", out["cidrIpv4"])
	assert.Equal(t, 443.0, out["fromPort"])
	assert.Equal(t, map[string]any{"Tier": "web"}, out["tags"])

	fromWeb := newResource(t, api, ingressType, "shop-app-in-1", map[string]any{"securityGroupId": appID,
		"ipProtocol": "tcp", "fromPort": 8080.0, "toPort": 8080.0, "referencedSecurityGroupId": webID,
		"description": "From the web tier"})
	out = fromWeb.create()
	assert.Equal(t, webID, out["referencedSecurityGroupId"])
	toAll := newResource(t, api, egressType, "shop-app-out-0", map[string]any{"securityGroupId": appID,
		"ipProtocol": "-1", "cidrIpv4": "0.0.0.0/0"})
	out = toAll.create()
	assert.NotContains(t, out, "fromPort", "an all-protocols rule has no ports")
	assert.Equal(t, "-1", out["ipProtocol"])

	observed, found := fromWeb.read()
	require.True(t, found)
	assert.Equal(t, appID, observed["securityGroupId"])
	assert.Equal(t, 8080.0, observed["toPort"])
	_, found = toAll.read()
	assert.True(t, found)
	assert.ElementsMatch(t, []string{ingressType + "/" + https.ctx.ID, ingressType + "/" + fromWeb.ctx.ID,
		egressType + "/" + toAll.ctx.ID}, secInventory(t, api, ingressType, egressType))

	out = https.update(map[string]any{"securityGroupId": webID, "ipProtocol": "tcp", "fromPort": 8443.0,
		"toPort": 8443.0, "cidrIpv4": "10.0.0.0/8", "description": "HTTPS inside"})
	assert.Equal(t, 8443.0, out["fromPort"])
	assert.Equal(t, "10.0.0.0/8", out["cidrIpv4"])
	assert.Equal(t, "HTTPS inside", out["description"])
	assert.Empty(t, out["tags"], "the tag is removed")

	for _, r := range []*resource{https, fromWeb, toAll} {
		r.delete()
		_, found := r.read()
		assert.False(t, found, "a deleted rule is gone")
		r.delete() // deleting what is gone is no error
	}
	assert.Empty(t, secInventory(t, api, ingressType, egressType))
	in, egress := groupRules(t, api, appID)
	assert.Zero(t, in+egress)
}

// What moto refuses reaches the user with AWS's code.
func TestADuplicateRuleFailsWithAWSsError(t *testing.T) {
	api := testAccount(t)
	vpc := secTestVpc(t, api, "10.23.0.0/16")
	sg := newResource(t, api, sgType, "dup", map[string]any{"name": "dup-aaaa", "vpcId": vpc, "description": "d"})
	sg.create()
	inputs := map[string]any{"securityGroupId": sg.ctx.ID, "ipProtocol": "tcp", "fromPort": 22.0, "toPort": 22.0,
		"cidrIpv4": "10.0.0.0/8"}
	newResource(t, api, ingressType, "ssh", inputs).create()
	again := newResource(t, api, ingressType, "ssh-again", inputs)
	_, _, err := again.cloud.Create(context.Background(), &again.ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "creating VPC Security Group Ingress Rule (ssh-again)")
	assert.True(t, hasCode(err, "InvalidPermission.Duplicate"), err.Error())

	// A second group of the same name in the VPC is refused too.
	twin := newResource(t, api, sgType, "dup-twin", map[string]any{"name": "dup-aaaa", "vpcId": vpc, "description": "d"})
	_, _, err = twin.cloud.Create(context.Background(), &twin.ctx)
	assert.True(t, hasCode(err, "InvalidGroup.Duplicate"), "%v", err)
}
