package awscloud

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

const (
	clusterType   = "aws:eks/cluster:Cluster"
	nodeGroupType = "aws:eks/nodeGroup:NodeGroup"
)

// eksNetwork makes a VPC with a subnet in each of two zones, and a launch
// template, straight in moto (the EC2 types have tests of their own), and
// removes them when the test ends.
func eksNetwork(t *testing.T, api *API) (vpc string, subnets []string, launchTemplate string) {
	t.Helper()
	ctx := context.Background()
	c := api.In("us-west-2").EC2
	v, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	require.NoError(t, err)
	vpc = aws.ToString(v.Vpc.VpcId)
	for i, zone := range []string{"us-west-2a", "us-west-2b"} {
		s, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{
			VpcId: aws.String(vpc), CidrBlock: aws.String([]string{"10.0.1.0/24", "10.0.2.0/24"}[i]),
			AvailabilityZone: aws.String(zone),
		})
		require.NoError(t, err)
		subnets = append(subnets, aws.ToString(s.Subnet.SubnetId))
	}
	lt, err := c.CreateLaunchTemplate(ctx, &ec2.CreateLaunchTemplateInput{
		LaunchTemplateName: aws.String("nodes-" + api.Account()),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{
			MetadataOptions: &ec2types.LaunchTemplateInstanceMetadataOptionsRequest{HttpTokens: "required"},
		},
	})
	require.NoError(t, err)
	launchTemplate = aws.ToString(lt.LaunchTemplate.LaunchTemplateId)
	t.Cleanup(func() {
		_, _ = c.DeleteLaunchTemplate(ctx, &ec2.DeleteLaunchTemplateInput{LaunchTemplateId: aws.String(launchTemplate)})
		for _, s := range subnets {
			_, _ = c.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: aws.String(s)})
		}
		_, _ = c.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: aws.String(vpc)})
	})
	return vpc, subnets, launchTemplate
}

// eksRole makes a role EKS (or EC2) may assume, through its translation.
func eksRole(t *testing.T, api *API, name, service string) *resource {
	t.Helper()
	role := newResource(t, api, roleType, name, map[string]any{"name": name, "assumeRolePolicy": `{"Version":` +
		`"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"` + service + `"},"Action":"sts:AssumeRole"}]}`})
	role.create()
	return role
}

func clusterInputs(name, roleArn string, subnets []string) map[string]any {
	return map[string]any{
		"name": name, "roleArn": roleArn, "version": "1.31",
		"vpcConfig": map[string]any{
			"subnetIds": []any{subnets[0], subnets[1]}, "endpointPrivateAccess": true, "endpointPublicAccess": false,
		},
		"enabledClusterLogTypes": []any{"api", "audit"},
		"accessConfig":           map[string]any{"authenticationMode": "API", "bootstrapClusterCreatorAdminPermissions": false},
		"tags":                   map[string]any{"Team": "platform"},
	}
}

// eksOwn is the part of the inventory the EKS and IAM translations hold.
func eksOwn(t *testing.T, api *API) []string {
	var own []string
	for _, key := range mustInventory(t, api) {
		if strings.HasPrefix(key, "aws:eks/") || strings.HasPrefix(key, "aws:iam/") {
			own = append(own, key)
		}
	}
	return own
}

// What EksCluster makes and reads: a cluster with an issuer for its OIDC
// provider, a CA and endpoint for the kubeconfig, a cluster security
// group; and a node group on a launch template.
func TestAClusterAndNodeGroupLiveInMoto(t *testing.T) {
	api := testAccount(t)
	vpc, subnets, lt := eksNetwork(t, api)
	clusterRole := eksRole(t, api, "demo-cluster", "eks.amazonaws.com")
	nodeRole := eksRole(t, api, "demo-node", "ec2.amazonaws.com")
	roleArn := "arn:aws:iam::" + api.Account() + ":role/"

	cluster := newResource(t, api, clusterType, "demo", clusterInputs("demo", roleArn+"demo-cluster", subnets))
	out := cluster.create()
	assertNoDrift(t, cluster, out)
	assert.Equal(t, "demo", cluster.ctx.ID)
	assert.Equal(t, "arn:aws:eks:us-west-2:"+api.Account()+":cluster/demo", out["arn"])
	assert.Equal(t, "demo", out["name"])
	assert.Equal(t, "1.31", out["version"], "the version asked for")
	assert.Equal(t, "ACTIVE", out["status"])
	issuer := eksGet(out, "identities", "0", "oidcs", "0", "issuer").(string)
	assert.Regexp(t, `^https://oidc\.eks\.us-west-2\.amazonaws\.com/id/[0-9A-F]{32}$`, issuer)
	hexID := issuer[strings.LastIndex(issuer, "/")+1:]
	assert.Equal(t, "https://"+hexID+".gr7.us-west-2.eks.amazonaws.com", out["endpoint"],
		"endpoint and issuer share the cluster's id, as in EKS")
	pem, err := base64.StdEncoding.DecodeString(eksGet(out, "certificateAuthority", "data").(string))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(pem), "-----BEGIN CERTIFICATE-----\n"), "the CA is a base64 PEM")
	assert.Equal(t, vpc, eksGet(out, "vpcConfig", "vpcId"), "the VPC of the subnets")
	sg := eksGet(out, "vpcConfig", "clusterSecurityGroupId").(string)
	groups, err := api.In("us-west-2").EC2.DescribeSecurityGroups(context.Background(),
		&ec2.DescribeSecurityGroupsInput{GroupIds: []string{sg}})
	require.NoError(t, err, "the cluster security group is real")
	assert.Equal(t, vpc, aws.ToString(groups.SecurityGroups[0].VpcId))
	assert.Equal(t, true, eksGet(out, "vpcConfig", "endpointPrivateAccess"))
	assert.Equal(t, false, eksGet(out, "vpcConfig", "endpointPublicAccess"))
	assert.ElementsMatch(t, []any{"api", "audit"}, out["enabledClusterLogTypes"])
	assert.Equal(t, map[string]any{"Team": "platform"}, out["tags"])

	observed, found := cluster.read()
	require.True(t, found)
	assert.Equal(t, issuer, eksGet(observed, "identities", "0", "oidcs", "0", "issuer"), "Read agrees with Create")
	assert.Equal(t, out["endpoint"], observed["endpoint"])
	assert.Equal(t, out["certificateAuthority"], observed["certificateAuthority"])
	assert.Equal(t, sg, eksGet(observed, "vpcConfig", "clusterSecurityGroupId"))
	assert.Equal(t, "1.31", observed["version"])

	// AWS refuses to delete a subnet a cluster's control plane is in.
	sub := standin.Ctx{Type: subnetType, ID: subnets[0], Region: "us-west-2", Account: api.Account(),
		Settings: standin.Settings{Region: "us-west-2"}}
	err = Clouds(api)[subnetType].Delete(context.Background(), &sub)
	refusal(t, err, "DependencyViolation", "The subnet '"+subnets[0]+"' has dependencies and cannot be deleted.")
	assert.Contains(t, err.Error(), "eks cluster demo", "the refusal names the cluster")

	other := newResource(t, api, clusterType, "other", clusterInputs("other", roleArn+"demo-cluster", subnets))
	oout := other.create()
	assert.NotEqual(t, issuer, eksGet(oout, "identities", "0", "oidcs", "0", "issuer"), "every cluster has its own issuer")
	assert.NotEqual(t, sg, eksGet(oout, "vpcConfig", "clusterSecurityGroupId"))
	other.delete()

	ng := newResource(t, api, nodeGroupType, "workers", map[string]any{
		"clusterName": "demo", "nodeGroupName": "workers", "nodeRoleArn": roleArn + "demo-node",
		"subnetIds": []any{subnets[0], subnets[1]}, "instanceTypes": []any{"m5.large"}, "capacityType": "ON_DEMAND",
		"amiType":        "AL2023_x86_64_STANDARD",
		"scalingConfig":  map[string]any{"minSize": 1.0, "maxSize": 5.0, "desiredSize": 3.0},
		"labels":         map[string]any{"role": "general"},
		"taints":         []any{map[string]any{"key": "dedicated", "value": "gpu", "effect": "NO_SCHEDULE"}},
		"launchTemplate": map[string]any{"id": lt, "version": "1"},
		"tags":           map[string]any{"Team": "platform"},
	})
	nout := ng.create()
	assertNoDrift(t, ng, nout)
	assert.Equal(t, "demo:workers", ng.ctx.ID)
	assert.Regexp(t, `^arn:aws:eks:us-west-2:\d{12}:nodegroup/demo/workers/[0-9a-f-]{36}$`, nout["arn"])
	assert.Equal(t, "1.31", nout["version"], "a node group runs its cluster's version")
	assert.Equal(t, "ACTIVE", nout["status"])
	assert.Equal(t, map[string]any{"minSize": 1, "maxSize": 5, "desiredSize": 3}, nout["scalingConfig"])
	assert.NotContains(t, nout, "remoteAccess", "moto's invented SSH access is dropped")
	assert.Equal(t, "", eksGet(nout, "resources", "0", "remoteAccessSecurityGroupId"))
	assert.NotEmpty(t, eksGet(nout, "resources", "0", "autoscalingGroups", "0", "name"))
	assert.Equal(t, lt, eksGet(nout, "launchTemplate", "id"))
	assert.Equal(t, []any{map[string]any{"key": "dedicated", "value": "gpu", "effect": "NO_SCHEDULE"}}, nout["taints"])
	assert.ElementsMatch(t, []string{
		clusterType + "/demo", nodeGroupType + "/demo:workers", roleType + "/demo-cluster", roleType + "/demo-node",
	}, eksOwn(t, api))

	// EKS refuses to delete a cluster with node groups.
	err = cluster.cloud.Delete(context.Background(), &cluster.ctx)
	assert.ErrorContains(t, err, "ResourceInUseException")

	nout = ng.update(merge(ng.ctx.Plain(), map[string]any{
		"scalingConfig": map[string]any{"minSize": 2.0, "maxSize": 6.0, "desiredSize": 2.0},
		"labels":        map[string]any{"role": "batch"},
		"taints":        []any{},
	}))
	assert.Equal(t, map[string]any{"minSize": 2, "maxSize": 6, "desiredSize": 2}, nout["scalingConfig"])
	assert.Equal(t, map[string]any{"role": "batch"}, nout["labels"])
	assert.Equal(t, []any{}, nout["taints"])

	// A new launch template version rolls the group onto it.
	_, err = api.In("us-west-2").EC2.CreateLaunchTemplateVersion(context.Background(), &ec2.CreateLaunchTemplateVersionInput{
		LaunchTemplateId: aws.String(lt), LaunchTemplateData: &ec2types.RequestLaunchTemplateData{
			MetadataOptions: &ec2types.LaunchTemplateInstanceMetadataOptionsRequest{HttpTokens: "required",
				HttpPutResponseHopLimit: aws.Int32(1)},
		},
	})
	require.NoError(t, err)
	nout = ng.update(merge(ng.ctx.Plain(), map[string]any{"launchTemplate": map[string]any{"id": lt, "version": "2"}}))
	assert.Equal(t, "2", eksGet(nout, "launchTemplate", "version"))
	assert.Equal(t, "1.31", nout["version"])
	assert.Equal(t, map[string]any{"role": "batch"}, nout["labels"], "the group made again keeps its settings")
	assert.Equal(t, map[string]any{"minSize": 2, "maxSize": 6, "desiredSize": 2}, nout["scalingConfig"])

	ng.delete()
	_, found = ng.read()
	assert.False(t, found)
	cluster.delete()
	_, found = cluster.read()
	assert.False(t, found)
	_, err = api.In("us-west-2").EC2.DescribeSecurityGroups(context.Background(),
		&ec2.DescribeSecurityGroupsInput{GroupIds: []string{sg}})
	assert.ErrorContains(t, err, "InvalidGroup.NotFound", "the cluster security group goes with its cluster")
	clusterRole.delete()
	nodeRole.delete()
	assert.Empty(t, eksOwn(t, api))
	cluster.delete() // deleting again is no error
}

// moto takes any scaling; EKS refuses minSize > desiredSize > maxSize.
func TestScalingEKSRefusesFailsTheNodeGroup(t *testing.T) {
	api := testAccount(t)
	_, subnets, _ := eksNetwork(t, api)
	role := eksRole(t, api, "c", "eks.amazonaws.com")
	defer role.delete()
	cluster := newResource(t, api, clusterType, "c", clusterInputs("c", "arn:aws:iam::"+api.Account()+":role/c", subnets))
	cluster.create()
	defer cluster.delete()

	inputs := func(lo, hi, want float64) map[string]any {
		return map[string]any{"clusterName": "c", "nodeGroupName": "ng", "nodeRoleArn": "arn:aws:iam::" + api.Account() +
			":role/c", "subnetIds": []any{subnets[0]},
			"scalingConfig": map[string]any{"minSize": lo, "maxSize": hi, "desiredSize": want}}
	}
	ng := newResource(t, api, nodeGroupType, "ng", inputs(5, 9, 3))
	_, _, err := ng.cloud.Create(context.Background(), &ng.ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "creating EKS Node Group (c:ng)")
	assert.Contains(t, err.Error(), "InvalidParameterException: minSize can't be greater than desiredSize")
	ng = newResource(t, api, nodeGroupType, "ng", inputs(1, 2, 3))
	_, _, err = ng.cloud.Create(context.Background(), &ng.ctx)
	assert.ErrorContains(t, err, "desiredSize can't be greater than maxSize")

	ng = newResource(t, api, nodeGroupType, "ng", inputs(1, 3, 2))
	out := ng.create()
	defer ng.delete()
	assert.Equal(t, "1.31", out["version"])
	ng.ctx.Inputs = plainToMap(inputs(3, 4, 2))
	_, err = ng.cloud.Update(context.Background(), &ng.ctx)
	assert.ErrorContains(t, err, "InvalidParameterException: Minimum capacity 3 can't be greater than desired size 2")
}

// What EKS refuses about the cluster itself reaches the user with its code.
func TestAClusterEKSRefusesFailsWithItsError(t *testing.T) {
	api := testAccount(t)
	_, subnets, _ := eksNetwork(t, api)
	bad := newResource(t, api, clusterType, "bad", clusterInputs("bad", "notanarn", subnets))
	_, _, err := bad.cloud.Create(context.Background(), &bad.ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "creating EKS Cluster (bad)")
	assert.Contains(t, err.Error(), "InvalidParameterException: Invalid Role Arn: 'notanarn'")
	assert.Empty(t, eksOwn(t, api))
	groups, err := api.In("us-west-2").EC2.DescribeSecurityGroups(context.Background(), &ec2.DescribeSecurityGroupsInput{
		Filters: []ec2types.Filter{{Name: aws.String("group-name"), Values: []string{eksClusterSGName("bad",
			"arn:aws:eks:us-west-2:"+api.Account()+":cluster/bad")}}},
	})
	require.NoError(t, err)
	assert.Empty(t, groups.SecurityGroups, "the failed cluster leaves no security group")

	one := newResource(t, api, clusterType, "one", clusterInputs("one", "arn:aws:iam::"+api.Account()+":role/x",
		[]string{subnets[0], subnets[0]}))
	_, _, err = one.cloud.Create(context.Background(), &one.ctx)
	assert.ErrorContains(t, err, "Subnets specified must be in at least two different AZs")
	missing := newResource(t, api, clusterType, "missing", clusterInputs("missing", "arn:aws:iam::"+api.Account()+":role/x",
		[]string{subnets[0], "subnet-0123456789abcdef0"}))
	_, _, err = missing.cloud.Create(context.Background(), &missing.ctx)
	assert.ErrorContains(t, err, "The subnet ID 'subnet-0123456789abcdef0' does not exist")
}

// A cluster's endpoint access and log types change in place, and what
// EKS gives without asking (the default version, public access) is there.
func TestAClusterUpdatesInPlace(t *testing.T) {
	api := testAccount(t)
	_, subnets, _ := eksNetwork(t, api)
	role := eksRole(t, api, "u", "eks.amazonaws.com")
	defer role.delete()
	in := map[string]any{"name": "u", "roleArn": "arn:aws:iam::" + api.Account() + ":role/u",
		"vpcConfig": map[string]any{"subnetIds": []any{subnets[0], subnets[1]}}}
	cluster := newResource(t, api, clusterType, "u", in)
	out := cluster.create()
	defer cluster.delete()
	assert.Equal(t, eksDefaultVersion, out["version"], "EKS's default version, not moto's 1.19")
	assert.Equal(t, true, eksGet(out, "vpcConfig", "endpointPublicAccess"))
	assert.Equal(t, []any{"0.0.0.0/0"}, eksGet(out, "vpcConfig", "publicAccessCidrs"))
	assert.Equal(t, []any{}, out["enabledClusterLogTypes"])
	sg := eksGet(out, "vpcConfig", "clusterSecurityGroupId")

	out = cluster.update(map[string]any{"name": "u", "roleArn": in["roleArn"],
		"vpcConfig": map[string]any{"subnetIds": []any{subnets[0], subnets[1]}, "endpointPrivateAccess": true,
			"publicAccessCidrs": []any{"203.0.113.0/24"}},
		"enabledClusterLogTypes": []any{"audit"}, "tags": map[string]any{"x": "y"}})
	assert.Equal(t, true, eksGet(out, "vpcConfig", "endpointPrivateAccess"))
	assert.Equal(t, []any{"203.0.113.0/24"}, eksGet(out, "vpcConfig", "publicAccessCidrs"))
	assert.Equal(t, []any{subnets[0], subnets[1]}, eksGet(out, "vpcConfig", "subnetIds"), "moto keeps the subnets")
	assert.Equal(t, sg, eksGet(out, "vpcConfig", "clusterSecurityGroupId"))
	assert.Equal(t, []any{"audit"}, out["enabledClusterLogTypes"])
	assert.Equal(t, map[string]any{"x": "y"}, out["tags"])

	cluster.ctx.Inputs = plainToMap(merge(cluster.ctx.Plain(), map[string]any{"version": "1.33"}))
	_, err := cluster.cloud.Update(context.Background(), &cluster.ctx)
	assert.ErrorContains(t, err, "moto 5.2.5 does not implement UpdateClusterVersion")
}

// eksGet is the value at a path of keys and list indexes.
func eksGet(v any, path ...string) any {
	for _, p := range path {
		switch c := v.(type) {
		case map[string]any:
			v = c[p]
		case []any:
			i := 0
			for _, d := range p {
				i = i*10 + int(d-'0')
			}
			if i >= len(c) {
				return nil
			}
			v = c[i]
		default:
			return nil
		}
	}
	return v
}
