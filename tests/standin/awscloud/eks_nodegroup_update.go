package awscloud

// Updating a node group as the real provider does: the version first, then
// the scaling, labels, taints and update settings in one config update.

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
)

func updateNodeGroup(k call) (map[string]any, error) {
	id := k.c.ID
	cluster, group := eksNodeGroupID(id)
	fail := func(err error) (map[string]any, error) { return nil, verb("updating", "EKS Node Group", id, err) }
	if err := eksCheckScaling(k.in.obj("scalingConfig"), false); err != nil {
		return fail(err)
	}
	current, err := k.api.EKS.DescribeNodegroup(k.ctx, &eks.DescribeNodegroupInput{
		ClusterName: aws.String(cluster), NodegroupName: aws.String(group),
	})
	if err != nil {
		return fail(err)
	}
	ng := current.Nodegroup
	if err := eksUpdateVersion(k, ng); err != nil {
		return fail(err)
	}
	if u := eksConfigUpdate(k, ng); u != nil {
		if _, err := k.api.EKS.UpdateNodegroupConfig(k.ctx, u); err != nil {
			return fail(err)
		}
	}
	again, err := k.api.EKS.DescribeNodegroup(k.ctx, &eks.DescribeNodegroupInput{
		ClusterName: aws.String(cluster), NodegroupName: aws.String(group),
	})
	if err != nil {
		return fail(err)
	}
	if err := eksSyncTags(k, aws.ToString(again.Nodegroup.NodegroupArn), again.Nodegroup.Tags); err != nil {
		return fail(err)
	}
	observed, _, err := nodeGroupObserved(k, id)
	if err != nil {
		return fail(err)
	}
	return observed, nil
}

// eksUpdateVersion moves the group to a new Kubernetes version, AMI
// release or launch template version, with UpdateNodegroupVersion as the
// Terraform provider does. moto 5.2.5 does not implement it (HTTP 404):
// the group is then made again in moto with the new settings, which is
// what a rolling update ends in, but under a new ARN and Auto Scaling group.
func eksUpdateVersion(k call, ng *ekstypes.Nodegroup) error {
	in := &eks.UpdateNodegroupVersionInput{ClusterName: ng.ClusterName, NodegroupName: ng.NodegroupName}
	change := false
	if v := k.in.str("version"); v != "" && v != aws.ToString(ng.Version) {
		in.Version, change = aws.String(v), true
	}
	if r := k.in.str("releaseVersion"); r != "" && r != aws.ToString(ng.ReleaseVersion) {
		in.ReleaseVersion, change = aws.String(r), true
	}
	if lt := eksLaunchTemplate(k.in.obj("launchTemplate")); lt != nil && ng.LaunchTemplate != nil &&
		aws.ToString(lt.Version) != aws.ToString(ng.LaunchTemplate.Version) {
		in.LaunchTemplate, change = lt, true
	}
	if !change {
		return nil
	}
	_, err := k.api.EKS.UpdateNodegroupVersion(k.ctx, in)
	if !iamUnimplemented(err) {
		return err
	}
	if _, err := k.api.EKS.DeleteNodegroup(k.ctx, &eks.DeleteNodegroupInput{
		ClusterName: ng.ClusterName, NodegroupName: ng.NodegroupName,
	}); err != nil {
		return err
	}
	// The group made again keeps what moto has that the inputs do not say.
	if k.in.str("version") == "" {
		k.in["version"] = aws.ToString(ng.Version) // k.in is this call's own copy
	}
	return eksMakeNodeGroup(k)
}

// eksConfigUpdate is the UpdateNodegroupConfig that brings scaling,
// labels, taints and update settings to the inputs, nil when they agree.
func eksConfigUpdate(k call, ng *ekstypes.Nodegroup) *eks.UpdateNodegroupConfigInput {
	u := &eks.UpdateNodegroupConfigInput{ClusterName: ng.ClusterName, NodegroupName: ng.NodegroupName}
	change := false
	if want := eksScaling(k.in.obj("scalingConfig")); ng.ScalingConfig == nil || !eksSameJSON(want, ng.ScalingConfig) {
		u.ScalingConfig, change = want, true
	}
	labels := &ekstypes.UpdateLabelsPayload{AddOrUpdateLabels: map[string]string{}}
	want := k.in.stringMap("labels")
	for key, v := range want {
		if have, ok := ng.Labels[key]; !ok || have != v {
			labels.AddOrUpdateLabels[key] = v
		}
	}
	for key := range ng.Labels {
		if _, ok := want[key]; !ok {
			labels.RemoveLabels = append(labels.RemoveLabels, key)
		}
	}
	if len(labels.AddOrUpdateLabels) > 0 || len(labels.RemoveLabels) > 0 {
		u.Labels, change = labels, true
	}
	taints := &ekstypes.UpdateTaintsPayload{}
	wantTaints := eksTaints(k.in.objects("taints"))
	sameTaint := func(a, b ekstypes.Taint) bool {
		return aws.ToString(a.Key) == aws.ToString(b.Key) && a.Effect == b.Effect
	}
	for _, t := range wantTaints {
		found := false
		for _, h := range ng.Taints {
			found = found || sameTaint(t, h) && aws.ToString(t.Value) == aws.ToString(h.Value)
		}
		if !found {
			taints.AddOrUpdateTaints = append(taints.AddOrUpdateTaints, t)
		}
	}
	for _, h := range ng.Taints {
		kept := false
		for _, t := range wantTaints {
			kept = kept || sameTaint(t, h)
		}
		if !kept {
			taints.RemoveTaints = append(taints.RemoveTaints, h)
		}
	}
	if len(taints.AddOrUpdateTaints) > 0 || len(taints.RemoveTaints) > 0 {
		u.Taints, change = taints, true
	}
	if uc := k.in.obj("updateConfig"); len(uc) > 0 && !eksSameJSON(uc, k.old.obj("updateConfig")) {
		u.UpdateConfig, change = &ekstypes.NodegroupUpdateConfig{
			MaxUnavailable: uc.int32Ptr("maxUnavailable"), MaxUnavailablePercentage: uc.int32Ptr("maxUnavailablePercentage"),
		}, true
	}
	if !change {
		return nil
	}
	return u
}
