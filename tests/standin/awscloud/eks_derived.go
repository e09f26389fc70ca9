package awscloud

// What EKS computes for a cluster and moto does not, or not per cluster:
// the subnets' checks and VPC, the cluster security group, the id its
// endpoint and OIDC issuer share, and a CA in the shape of a certificate.

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"reflect"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
)

// eksSubnetsVPC checks the subnets as EKS does (they exist, in two zones
// at least) and answers their VPC. moto's CreateCluster checks none of it.
func eksSubnetsVPC(k call, subnets []string) (string, error) {
	zones := map[string]bool{}
	vpc := ""
	for _, id := range subnets {
		out, err := k.api.EC2.DescribeSubnets(k.ctx, &ec2.DescribeSubnetsInput{SubnetIds: []string{id}})
		if hasCode(err, "InvalidSubnetID.NotFound") || err == nil && len(out.Subnets) == 0 {
			return "", &ekstypes.InvalidParameterException{Message: aws.String(fmt.Sprintf(
				"The subnet ID '%s' does not exist (Service: AmazonEC2; Status Code: 400; "+
					"Error Code: InvalidSubnetID.NotFound)", id))}
		}
		if err != nil {
			return "", err
		}
		s := out.Subnets[0]
		zones[aws.ToString(s.AvailabilityZone)] = true
		if vpc == "" {
			vpc = aws.ToString(s.VpcId)
		}
	}
	if len(zones) < 2 {
		return "", &ekstypes.InvalidParameterException{
			Message: aws.String("Subnets specified must be in at least two different AZs"),
		}
	}
	return vpc, nil
}

// eksClusterSGName is the name of the security group EKS makes for a
// cluster: eks-cluster-sg-<name>-<number>, the number derived from the
// cluster's ARN here so that the group can be found again.
func eksClusterSGName(name, arn string) string {
	return fmt.Sprintf("eks-cluster-sg-%s-%010d", name, crc32.ChecksumIEEE([]byte(arn)))
}

// eksClusterSG finds the cluster security group in vpcID (any VPC when
// vpcID is ""), making it first when create says so, as EKS does with
// every new cluster. It is tagged as EKS tags it. "" means there is none.
func eksClusterSG(k call, name, arn, vpcID string, create bool) (string, error) {
	filters := []ec2types.Filter{{Name: aws.String("group-name"), Values: []string{eksClusterSGName(name, arn)}}}
	if vpcID != "" {
		filters = append(filters, ec2types.Filter{Name: aws.String("vpc-id"), Values: []string{vpcID}})
	}
	out, err := k.api.EC2.DescribeSecurityGroups(k.ctx, &ec2.DescribeSecurityGroupsInput{Filters: filters})
	if err != nil {
		return "", err
	}
	if len(out.SecurityGroups) > 0 {
		return aws.ToString(out.SecurityGroups[0].GroupId), nil
	}
	if !create {
		return "", nil
	}
	sgName := eksClusterSGName(name, arn)
	made, err := k.api.EC2.CreateSecurityGroup(k.ctx, &ec2.CreateSecurityGroupInput{
		GroupName: aws.String(sgName), VpcId: aws.String(vpcID),
		Description: aws.String("EKS created security group applied to ENI that is attached to EKS Control Plane " +
			"master nodes, as well as any managed workloads."),
		TagSpecifications: []ec2types.TagSpecification{{ResourceType: ec2types.ResourceTypeSecurityGroup, Tags: []ec2types.Tag{
			{Key: aws.String("Name"), Value: aws.String(sgName)},
			{Key: aws.String("aws:eks:cluster-name"), Value: aws.String(name)},
			{Key: aws.String("kubernetes.io/cluster/" + name), Value: aws.String("owned")},
		}}},
	})
	if err != nil {
		return "", err
	}
	return aws.ToString(made.GroupId), nil
}

// eksDeleteClusterSG deletes the cluster security group, as EKS does with
// its cluster. It is best effort: a group that is gone is fine.
func eksDeleteClusterSG(k call, name, arn string) {
	if id, err := eksClusterSG(k, name, arn, "", false); err == nil && id != "" {
		_, _ = k.api.EC2.DeleteSecurityGroup(k.ctx, &ec2.DeleteSecurityGroupInput{GroupId: aws.String(id)})
	}
}

// eksClusterHex is the 32 hex digits a cluster's endpoint and OIDC issuer
// share in AWS, derived from the cluster's ARN and moto's random CA (which
// is new with every cluster), so that a cluster made again differs.
func eksClusterHex(arn, ca string) string {
	sum := sha256.Sum256([]byte(arn + "|" + ca))
	return strings.ToUpper(hex.EncodeToString(sum[:16]))
}

// eksCertificate is moto's CA, 1400 random letters, as EKS answers it: a
// base64 PEM certificate.
func eksCertificate(data string) string {
	var b strings.Builder
	b.WriteString("-----BEGIN CERTIFICATE-----\n")
	for len(data) > 64 {
		b.WriteString(data[:64] + "\n")
		data = data[64:]
	}
	b.WriteString(data + "\n-----END CERTIFICATE-----\n")
	return base64.StdEncoding.EncodeToString([]byte(b.String()))
}

// eksVpcObserved is resourcesVpcConfig as moto keeps it, plus what EKS
// computes: the VPC (that of the subnets) and the cluster security group.
func eksVpcObserved(k call, name, arn string, rc *ekstypes.VpcConfigResponse) (map[string]any, error) {
	if rc == nil {
		rc = &ekstypes.VpcConfigResponse{}
	}
	vpcID := aws.ToString(rc.VpcId)
	if vpcID == "" && len(rc.SubnetIds) > 0 {
		out, err := k.api.EC2.DescribeSubnets(k.ctx, &ec2.DescribeSubnetsInput{SubnetIds: rc.SubnetIds[:1]})
		if err == nil && len(out.Subnets) > 0 {
			vpcID = aws.ToString(out.Subnets[0].VpcId)
		} else {
			vpcID = k.old.str("vpcConfig", "vpcId") // the subnet is gone; the cluster stays where it was
		}
	}
	sg, err := eksClusterSG(k, name, arn, "", false)
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"subnetIds":              iamAsSet(rc.SubnetIds, k.in.strs("vpcConfig", "subnetIds"), k.old.strs("vpcConfig", "subnetIds")),
		"securityGroupIds":       iamAsSet(rc.SecurityGroupIds, k.in.strs("vpcConfig", "securityGroupIds")),
		"endpointPrivateAccess":  rc.EndpointPrivateAccess,
		"endpointPublicAccess":   rc.EndpointPublicAccess,
		"publicAccessCidrs":      iamAsSet(rc.PublicAccessCidrs, k.in.strs("vpcConfig", "publicAccessCidrs")),
		"vpcId":                  vpcID,
		"clusterSecurityGroupId": sg,
	}, nil
}

// eksUnlessSame drops from observed the keys whose value equals the
// state's. They are objects that mix inputs and outputs (vpcConfig holds
// vpcId): a read replaces the inputs' value with the observed one, and the
// next up would then see a change the program never made.
func eksUnlessSame(k call, observed map[string]any, keys ...string) {
	for _, key := range keys {
		a, _ := json.Marshal(observed[key])
		b, _ := json.Marshal(k.old.at(key))
		var av, bv any
		_ = json.Unmarshal(a, &av)
		_ = json.Unmarshal(b, &bv)
		if reflect.DeepEqual(av, bv) {
			delete(observed, key)
		}
	}
}

// eksSameJSON reports whether a and b are the same once encoded.
func eksSameJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
