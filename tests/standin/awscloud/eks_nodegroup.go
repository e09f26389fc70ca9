package awscloud

// EKS managed node groups. The id is "cluster:nodegroup", as in the
// Terraform provider.
//
// moto gets three things wrong that are corrected here: it does not check
// minSize <= desiredSize <= maxSize, it gives every group Kubernetes 1.19
// (EKS gives the cluster's version), and it invents SSH remote access for
// groups that ask for none.

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
)

// eksCheckScaling refuses what EKS refuses, in its words (which differ
// between CreateNodegroup and UpdateNodegroupConfig).
func eksCheckScaling(sc props, creating bool) error {
	lo, _ := sc.num("minSize")
	hi, _ := sc.num("maxSize")
	want, _ := sc.num("desiredSize")
	msg := ""
	switch {
	case lo > want && creating:
		msg = "minSize can't be greater than desiredSize"
	case lo > want:
		msg = fmt.Sprintf("Minimum capacity %d can't be greater than desired size %d", lo, want)
	case want > hi && creating:
		msg = "desiredSize can't be greater than maxSize"
	case want > hi:
		msg = fmt.Sprintf("Desired capacity %d can't be greater than max size %d", want, hi)
	default:
		return nil
	}
	return &ekstypes.InvalidParameterException{Message: aws.String(msg)}
}

func eksNodeGroupID(id string) (cluster, group string) {
	cluster, group, _ = strings.Cut(id, ":")
	return cluster, group
}

func eksScaling(sc props) *ekstypes.NodegroupScalingConfig {
	return &ekstypes.NodegroupScalingConfig{
		MinSize: sc.int32Ptr("minSize"), MaxSize: sc.int32Ptr("maxSize"), DesiredSize: sc.int32Ptr("desiredSize"),
	}
}

func eksTaints(list []props) []ekstypes.Taint {
	var out []ekstypes.Taint
	for _, t := range list {
		out = append(out, ekstypes.Taint{Key: t.strPtr("key"), Value: t.strPtr("value"), Effect: ekstypes.TaintEffect(t.str("effect"))})
	}
	return out
}

func eksLaunchTemplate(lt props) *ekstypes.LaunchTemplateSpecification {
	if len(lt) == 0 {
		return nil
	}
	return &ekstypes.LaunchTemplateSpecification{Id: lt.strPtr("id"), Name: lt.strPtr("name"), Version: lt.strPtr("version")}
}

func createNodeGroup(k call) (string, map[string]any, error) {
	id := k.in.str("clusterName") + ":" + k.in.str("nodeGroupName")
	if err := eksCheckScaling(k.in.obj("scalingConfig"), true); err != nil {
		return "", nil, verb("creating", "EKS Node Group", id, err)
	}
	if err := eksMakeNodeGroup(k); err != nil {
		return "", nil, verb("creating", "EKS Node Group", id, err)
	}
	observed, found, err := nodeGroupObserved(k, id)
	if err == nil && !found {
		err = fmt.Errorf("the new node group is not found")
	}
	if err != nil {
		return "", nil, verb("creating", "EKS Node Group", id, err)
	}
	return id, observed, nil
}

// eksMakeNodeGroup is CreateNodegroup from the inputs. A group that names
// no version runs its cluster's, as in EKS; it is sent explicitly, so moto
// keeps it.
func eksMakeNodeGroup(k call) error {
	cluster := k.in.str("clusterName")
	version := k.in.str("version")
	if version == "" {
		out, err := k.api.EKS.DescribeCluster(k.ctx, &eks.DescribeClusterInput{Name: aws.String(cluster)})
		if err != nil {
			return err
		}
		version = aws.ToString(out.Cluster.Version)
	}
	release := k.in.str("releaseVersion")
	if release == "" {
		release = version + ".0-20250101" // an AMI release of that version, as EKS picks the latest
	}
	in := &eks.CreateNodegroupInput{
		ClusterName: aws.String(cluster), NodegroupName: aws.String(k.in.str("nodeGroupName")),
		NodeRole: aws.String(k.in.str("nodeRoleArn")), Subnets: k.in.strs("subnetIds"),
		AmiType: ekstypes.AMITypes(k.in.str("amiType")), CapacityType: ekstypes.CapacityTypes(k.in.str("capacityType")),
		DiskSize: k.in.int32Ptr("diskSize"), InstanceTypes: k.in.strs("instanceTypes"),
		Labels: k.in.stringMap("labels"), Taints: eksTaints(k.in.objects("taints")),
		LaunchTemplate: eksLaunchTemplate(k.in.obj("launchTemplate")),
		ScalingConfig:  eksScaling(k.in.obj("scalingConfig")),
		Version:        aws.String(version), ReleaseVersion: aws.String(release), Tags: k.c.TagsAll(),
	}
	if ra := k.in.obj("remoteAccess"); len(ra) > 0 {
		in.RemoteAccess = &ekstypes.RemoteAccessConfig{
			Ec2SshKey: ra.strPtr("ec2SshKey"), SourceSecurityGroups: ra.strs("sourceSecurityGroupIds"),
		}
	}
	if uc := k.in.obj("updateConfig"); len(uc) > 0 {
		in.UpdateConfig = &ekstypes.NodegroupUpdateConfig{
			MaxUnavailable: uc.int32Ptr("maxUnavailable"), MaxUnavailablePercentage: uc.int32Ptr("maxUnavailablePercentage"),
		}
	}
	_, err := k.api.EKS.CreateNodegroup(k.ctx, in)
	return err
}

// nodeGroupObserved is the group as DescribeNodegroup reports it.
func nodeGroupObserved(k call, id string) (map[string]any, bool, error) {
	cluster, group := eksNodeGroupID(id)
	out, err := k.api.EKS.DescribeNodegroup(k.ctx, &eks.DescribeNodegroupInput{
		ClusterName: aws.String(cluster), NodegroupName: aws.String(group),
	})
	if hasCode(err, "ResourceNotFoundException") {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	ng := out.Nodegroup
	observed := map[string]any{
		"arn":            aws.ToString(ng.NodegroupArn),
		"clusterName":    cluster,
		"nodeGroupName":  group,
		"nodeRoleArn":    aws.ToString(ng.NodeRole),
		"status":         string(ng.Status),
		"subnetIds":      iamAsSet(ng.Subnets, k.in.strs("subnetIds"), k.old.strs("subnetIds")),
		"amiType":        string(ng.AmiType),
		"capacityType":   string(ng.CapacityType),
		"diskSize":       eksDiskSize(ng),
		"instanceTypes":  iamAsSet(ng.InstanceTypes),
		"version":        aws.ToString(ng.Version),
		"releaseVersion": aws.ToString(ng.ReleaseVersion),
		"updateConfig":   map[string]any{"maxUnavailable": 1}, // EKS's default
	}
	if sc := ng.ScalingConfig; sc != nil {
		observed["scalingConfig"] = map[string]any{
			"minSize": int(aws.ToInt32(sc.MinSize)), "maxSize": int(aws.ToInt32(sc.MaxSize)),
			"desiredSize": int(aws.ToInt32(sc.DesiredSize)),
		}
	}
	if uc := ng.UpdateConfig; uc != nil && (uc.MaxUnavailable != nil || uc.MaxUnavailablePercentage != nil) {
		u := map[string]any{}
		if uc.MaxUnavailable != nil {
			u["maxUnavailable"] = int(*uc.MaxUnavailable)
		}
		if uc.MaxUnavailablePercentage != nil {
			u["maxUnavailablePercentage"] = int(*uc.MaxUnavailablePercentage)
		}
		observed["updateConfig"] = u
	}
	if len(ng.Labels) > 0 || k.in.at("labels") != nil || k.old.at("labels") != nil {
		labels := map[string]any{}
		for key, v := range ng.Labels {
			labels[key] = v
		}
		observed["labels"] = labels
	}
	if len(ng.Taints) > 0 || k.in.at("taints") != nil || k.old.at("taints") != nil {
		taints := []any{}
		for _, t := range ng.Taints {
			taint := map[string]any{"key": aws.ToString(t.Key), "effect": string(t.Effect)}
			if t.Value != nil {
				taint["value"] = aws.ToString(t.Value)
			}
			taints = append(taints, taint)
		}
		observed["taints"] = taints
	}
	if lt := ng.LaunchTemplate; lt != nil {
		observed["launchTemplate"] = map[string]any{
			"id": aws.ToString(lt.Id), "name": aws.ToString(lt.Name), "version": aws.ToString(lt.Version),
		}
	}
	// moto gives every group without remote access an SSH key and a
	// security group for it; EKS gives them neither.
	remoteSG := ""
	if ra := ng.RemoteAccess; ra != nil && (len(k.in.obj("remoteAccess")) > 0 || len(k.old.obj("remoteAccess")) > 0) {
		observed["remoteAccess"] = map[string]any{
			"ec2SshKey": aws.ToString(ra.Ec2SshKey), "sourceSecurityGroupIds": iamAsSet(ra.SourceSecurityGroups),
		}
		if ng.Resources != nil {
			remoteSG = aws.ToString(ng.Resources.RemoteAccessSecurityGroup)
		}
	}
	groups := []any{}
	if ng.Resources != nil {
		for _, g := range ng.Resources.AutoScalingGroups {
			groups = append(groups, map[string]any{"name": aws.ToString(g.Name)})
		}
	}
	observed["resources"] = []any{map[string]any{"autoscalingGroups": groups, "remoteAccessSecurityGroupId": remoteSG}}
	if own, ok := iamOwnTags(k, ng.Tags); ok {
		observed["tags"] = own
	}
	return observed, true, nil
}

// eksDiskSize is the group's disk size; a group on a launch template has
// none in EKS (the template says), though moto answers its default of 20.
func eksDiskSize(ng *ekstypes.Nodegroup) int {
	if ng.LaunchTemplate != nil {
		return 0
	}
	return int(aws.ToInt32(ng.DiskSize))
}

func readNodeGroup(k call) (map[string]any, bool, error) {
	observed, found, err := nodeGroupObserved(k, k.c.ID)
	if err != nil {
		return nil, false, verb("reading", "EKS Node Group", k.c.ID, err)
	}
	if found {
		eksUnlessSame(k, observed, "launchTemplate", "updateConfig", "remoteAccess")
	}
	return observed, found, nil
}

func deleteNodeGroup(k call) error {
	cluster, group := eksNodeGroupID(k.c.ID)
	_, err := k.api.EKS.DeleteNodegroup(k.ctx, &eks.DeleteNodegroupInput{
		ClusterName: aws.String(cluster), NodegroupName: aws.String(group),
	})
	if err != nil && !hasCode(err, "ResourceNotFoundException") {
		return verb("deleting", "EKS Node Group", k.c.ID, err)
	}
	return nil
}

func listNodeGroups(ctx context.Context, api *Clients) ([]string, error) {
	clusters, err := eksClusterNames(ctx, api)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, cluster := range clusters {
		p := eks.NewListNodegroupsPaginator(api.EKS, &eks.ListNodegroupsInput{ClusterName: aws.String(cluster)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("listing the node groups of EKS cluster %s: %w", cluster, err)
			}
			for _, g := range page.Nodegroups {
				ids = append(ids, cluster+":"+g)
			}
		}
	}
	return ids, nil
}
