package awscloud

// Launch templates, as EksCluster gives each node group one
// (provider/aws/ekscluster_register.go): metadata options, block devices and
// tags, plus the other common launch template data. Each change of the data
// is a new version, as in the Terraform provider.

import (
	"context"
	"fmt"
	"reflect"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

const kindLaunchTemplate = "EC2 Launch Template"

// ltDataKeys are the inputs that are launch template data (and
// description, the version's), whose change makes a new version.
var ltDataKeys = []string{"description", "blockDeviceMappings", "metadataOptions", "tagSpecifications", "imageId",
	"instanceType", "keyName", "userData", "kernelId", "ramDiskId", "vpcSecurityGroupIds", "securityGroupNames",
	"ebsOptimized", "iamInstanceProfile", "monitoring", "disableApiTermination", "disableApiStop",
	"instanceInitiatedShutdownBehavior"}

// ltBool is one of the provider's "true"/"false"/"" strings as EC2's bool.
func ltBool(s string) *bool {
	if b, err := strconv.ParseBool(s); err == nil {
		return aws.Bool(b)
	}
	return nil
}

func ltBoolText(b *bool) string { return strconv.FormatBool(aws.ToBool(b)) }

// ltData is the launch template data the inputs declare.
func ltData(p props) *ec2types.RequestLaunchTemplateData {
	d := &ec2types.RequestLaunchTemplateData{ImageId: p.strPtr("imageId"),
		InstanceType: ec2types.InstanceType(p.str("instanceType")), KeyName: p.strPtr("keyName"),
		UserData: p.strPtr("userData"), KernelId: p.strPtr("kernelId"), RamDiskId: p.strPtr("ramDiskId"),
		SecurityGroupIds: p.strs("vpcSecurityGroupIds"), SecurityGroups: p.strs("securityGroupNames"),
		EbsOptimized:                      ltBool(p.str("ebsOptimized")),
		InstanceInitiatedShutdownBehavior: ec2types.ShutdownBehavior(p.str("instanceInitiatedShutdownBehavior"))}
	if v, ok := p.boolean("disableApiTermination"); ok {
		d.DisableApiTermination = aws.Bool(v)
	}
	if v, ok := p.boolean("disableApiStop"); ok {
		d.DisableApiStop = aws.Bool(v)
	}
	for _, b := range p.objects("blockDeviceMappings") {
		m := ec2types.LaunchTemplateBlockDeviceMappingRequest{DeviceName: b.strPtr("deviceName"),
			NoDevice: b.strPtr("noDevice"), VirtualName: b.strPtr("virtualName")}
		if e := b.obj("ebs"); len(e) > 0 {
			m.Ebs = &ec2types.LaunchTemplateEbsBlockDeviceRequest{
				DeleteOnTermination: ltBool(e.str("deleteOnTermination")), Encrypted: ltBool(e.str("encrypted")),
				Iops: e.int32Ptr("iops"), KmsKeyId: e.strPtr("kmsKeyId"), SnapshotId: e.strPtr("snapshotId"),
				Throughput: e.int32Ptr("throughput"), VolumeSize: e.int32Ptr("volumeSize"),
				VolumeType: ec2types.VolumeType(e.str("volumeType"))}
		}
		d.BlockDeviceMappings = append(d.BlockDeviceMappings, m)
	}
	if m := p.obj("metadataOptions"); len(m) > 0 {
		d.MetadataOptions = &ec2types.LaunchTemplateInstanceMetadataOptionsRequest{
			HttpEndpoint:            ec2types.LaunchTemplateInstanceMetadataEndpointState(m.str("httpEndpoint")),
			HttpTokens:              ec2types.LaunchTemplateHttpTokensState(m.str("httpTokens")),
			HttpPutResponseHopLimit: m.int32Ptr("httpPutResponseHopLimit"),
			HttpProtocolIpv6:        ec2types.LaunchTemplateInstanceMetadataProtocolIpv6(m.str("httpProtocolIpv6")),
			InstanceMetadataTags:    ec2types.LaunchTemplateInstanceMetadataTagsState(m.str("instanceMetadataTags"))}
	}
	for _, t := range p.objects("tagSpecifications") {
		d.TagSpecifications = append(d.TagSpecifications, ec2types.LaunchTemplateTagSpecificationRequest{
			ResourceType: ec2types.ResourceType(t.str("resourceType")), Tags: ec2Tags(t.stringMap("tags"))})
	}
	if i := p.obj("iamInstanceProfile"); len(i) > 0 {
		d.IamInstanceProfile = &ec2types.LaunchTemplateIamInstanceProfileSpecificationRequest{
			Arn: i.strPtr("arn"), Name: i.strPtr("name")}
	}
	if m := p.obj("monitoring"); len(m) > 0 {
		d.Monitoring = &ec2types.LaunchTemplatesMonitoringRequest{Enabled: aws.Bool(m.flag("enabled"))}
	}
	return d
}

// ltDataOutputs is the data EC2 answers in the provider's shape, with only
// what is set, so that declared data reads back equal.
func ltDataOutputs(observed map[string]any, d *ec2types.ResponseLaunchTemplateData) {
	set := func(key string, v *string) {
		if aws.ToString(v) != "" {
			observed[key] = aws.ToString(v)
		}
	}
	set("imageId", d.ImageId)
	set("keyName", d.KeyName)
	set("userData", d.UserData)
	set("kernelId", d.KernelId)
	set("ramDiskId", d.RamDiskId)
	if d.InstanceType != "" {
		observed["instanceType"] = string(d.InstanceType)
	}
	if d.InstanceInitiatedShutdownBehavior != "" {
		observed["instanceInitiatedShutdownBehavior"] = string(d.InstanceInitiatedShutdownBehavior)
	}
	if len(d.SecurityGroupIds) > 0 {
		observed["vpcSecurityGroupIds"] = secOrderLike(d.SecurityGroupIds, d.SecurityGroupIds)
	}
	if len(d.SecurityGroups) > 0 {
		observed["securityGroupNames"] = secOrderLike(d.SecurityGroups, d.SecurityGroups)
	}
	if d.EbsOptimized != nil {
		observed["ebsOptimized"] = ltBoolText(d.EbsOptimized)
	}
	if d.DisableApiTermination != nil {
		observed["disableApiTermination"] = aws.ToBool(d.DisableApiTermination)
	}
	if d.DisableApiStop != nil {
		observed["disableApiStop"] = aws.ToBool(d.DisableApiStop)
	}
	var devices []any
	for _, b := range d.BlockDeviceMappings {
		m := map[string]any{}
		set := func(key string, v *string) {
			if aws.ToString(v) != "" {
				m[key] = aws.ToString(v)
			}
		}
		set("deviceName", b.DeviceName)
		set("noDevice", b.NoDevice)
		set("virtualName", b.VirtualName)
		if e := b.Ebs; e != nil {
			ebs := map[string]any{}
			if e.DeleteOnTermination != nil {
				ebs["deleteOnTermination"] = ltBoolText(e.DeleteOnTermination)
			}
			if e.Encrypted != nil {
				ebs["encrypted"] = ltBoolText(e.Encrypted)
			}
			for key, n := range map[string]*int32{"iops": e.Iops, "throughput": e.Throughput, "volumeSize": e.VolumeSize} {
				if n != nil {
					ebs[key] = float64(*n)
				}
			}
			if s := aws.ToString(e.KmsKeyId); s != "" {
				ebs["kmsKeyId"] = s
			}
			if s := aws.ToString(e.SnapshotId); s != "" {
				ebs["snapshotId"] = s
			}
			if e.VolumeType != "" {
				ebs["volumeType"] = string(e.VolumeType)
			}
			m["ebs"] = ebs
		}
		devices = append(devices, m)
	}
	if devices != nil {
		observed["blockDeviceMappings"] = devices
	}
	if o := d.MetadataOptions; o != nil {
		m := map[string]any{}
		for key, v := range map[string]string{"httpEndpoint": string(o.HttpEndpoint), "httpTokens": string(o.HttpTokens),
			"httpProtocolIpv6": string(o.HttpProtocolIpv6), "instanceMetadataTags": string(o.InstanceMetadataTags)} {
			if v != "" {
				m[key] = v
			}
		}
		if o.HttpPutResponseHopLimit != nil {
			m["httpPutResponseHopLimit"] = float64(*o.HttpPutResponseHopLimit)
		}
		observed["metadataOptions"] = m
	}
	var specs []any
	for _, t := range d.TagSpecifications {
		// moto copies the template's own tags into its data; they are not
		// data the program declared.
		if t.ResourceType == ec2types.ResourceTypeLaunchTemplate {
			continue
		}
		tags := map[string]any{}
		for _, tag := range t.Tags {
			tags[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
		}
		specs = append(specs, map[string]any{"resourceType": string(t.ResourceType), "tags": tags})
	}
	if specs != nil {
		observed["tagSpecifications"] = specs
	}
	if i := d.IamInstanceProfile; i != nil {
		m := map[string]any{}
		if s := aws.ToString(i.Arn); s != "" {
			m["arn"] = s
		}
		if s := aws.ToString(i.Name); s != "" {
			m["name"] = s
		}
		observed["iamInstanceProfile"] = m
	}
	if d.Monitoring != nil {
		observed["monitoring"] = map[string]any{"enabled": aws.ToBool(d.Monitoring.Enabled)}
	}
}

func createLaunchTemplate(k call) (string, map[string]any, error) {
	name := secName(k)
	out, err := k.api.EC2.CreateLaunchTemplate(k.ctx, &ec2.CreateLaunchTemplateInput{
		LaunchTemplateName: aws.String(name), LaunchTemplateData: ltData(k.in),
		VersionDescription: k.in.strPtr("description"),
		TagSpecifications:  tagSpecs(k, ec2types.ResourceTypeLaunchTemplate)})
	if err != nil {
		return "", nil, verb("creating", kindLaunchTemplate, name, err)
	}
	id := aws.ToString(out.LaunchTemplate.LaunchTemplateId)
	observed, _, err := readLaunchTemplateByID(k, id)
	return id, observed, err
}

func readLaunchTemplate(k call) (map[string]any, bool, error) {
	return readLaunchTemplateByID(k, k.c.ID)
}

func readLaunchTemplateByID(k call, id string) (map[string]any, bool, error) {
	out, err := k.api.EC2.DescribeLaunchTemplates(k.ctx, &ec2.DescribeLaunchTemplatesInput{LaunchTemplateIds: []string{id}})
	if hasCode(err, "InvalidLaunchTemplateId.NotFound", "InvalidLaunchTemplateName.NotFoundException") {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, verb("reading", kindLaunchTemplate, id, err)
	}
	if len(out.LaunchTemplates) == 0 { // moto answers a missing id with none
		return nil, false, nil
	}
	lt := out.LaunchTemplates[0]
	// The state is the latest version's data, as in the Terraform provider.
	versions, err := k.api.EC2.DescribeLaunchTemplateVersions(k.ctx, &ec2.DescribeLaunchTemplateVersionsInput{
		LaunchTemplateId: aws.String(id), Versions: []string{"$Latest"}})
	if err != nil {
		return nil, false, verb("reading", kindLaunchTemplate, id, err)
	}
	observed := map[string]any{"arn": ec2ARN(k, "launch-template", id), "name": aws.ToString(lt.LaunchTemplateName),
		"latestVersion":  float64(aws.ToInt64(lt.LatestVersionNumber)),
		"defaultVersion": float64(aws.ToInt64(lt.DefaultVersionNumber))}
	if len(versions.LaunchTemplateVersions) > 0 {
		v := versions.LaunchTemplateVersions[0]
		if d := aws.ToString(v.VersionDescription); d != "" || k.in.at("description") != nil {
			observed["description"] = d
		}
		if v.LaunchTemplateData != nil {
			ltDataOutputs(observed, v.LaunchTemplateData)
		}
	}
	// moto's DescribeLaunchTemplates keeps the tags the template was made
	// with; DescribeTags has the current ones.
	tags, err := k.api.EC2.DescribeTags(k.ctx, &ec2.DescribeTagsInput{Filters: []ec2types.Filter{
		{Name: aws.String("resource-id"), Values: []string{id}}}})
	if err != nil {
		return nil, false, verb("reading", kindLaunchTemplate, id, err)
	}
	var current []ec2types.Tag
	for _, t := range tags.Tags {
		current = append(current, ec2types.Tag{Key: t.Key, Value: t.Value})
	}
	secPutTags(k, observed, current)
	return observed, true, nil
}

// ltContains reports whether declared is in observed: equal scalars,
// lists of the same length whose elements are contained, and maps whose
// declared keys are. The prior state holds what EC2 answered under what
// was declared, so this is how an update tells declared data that changed.
func ltContains(declared, observed any) bool {
	switch d := declared.(type) {
	case map[string]any:
		o, ok := observed.(map[string]any)
		if !ok {
			return len(d) == 0 && observed == nil
		}
		for key, v := range d {
			if !ltContains(v, o[key]) {
				return false
			}
		}
		return true
	case []any:
		o, _ := observed.([]any)
		if len(o) != len(d) {
			return false
		}
		for i := range d {
			if !ltContains(d[i], o[i]) {
				return false
			}
		}
		return true
	case nil:
		return observed == nil || observed == "" || reflect.DeepEqual(observed, []any{}) ||
			reflect.DeepEqual(observed, map[string]any{})
	}
	return reflect.DeepEqual(declared, observed)
}

func updateLaunchTemplate(k call) (map[string]any, error) {
	id := k.c.ID
	changed := false
	for _, key := range ltDataKeys {
		if !ltContains(k.in.at(key), k.old.at(key)) {
			changed = true
		}
	}
	defaultVersion := ""
	if changed {
		out, err := k.api.EC2.CreateLaunchTemplateVersion(k.ctx, &ec2.CreateLaunchTemplateVersionInput{
			LaunchTemplateId: aws.String(id), LaunchTemplateData: ltData(k.in),
			VersionDescription: k.in.strPtr("description")})
		if err != nil {
			return nil, verb("updating", kindLaunchTemplate, id, err)
		}
		if k.in.flag("updateDefaultVersion") {
			defaultVersion = strconv.FormatInt(aws.ToInt64(out.LaunchTemplateVersion.VersionNumber), 10)
		}
	}
	if n, ok := k.in.num("defaultVersion"); ok && !k.in.flag("updateDefaultVersion") {
		if old, _ := k.old.num("defaultVersion"); old != n {
			defaultVersion = strconv.Itoa(n)
		}
	}
	if defaultVersion != "" {
		if _, err := k.api.EC2.ModifyLaunchTemplate(k.ctx, &ec2.ModifyLaunchTemplateInput{
			LaunchTemplateId: aws.String(id), DefaultVersion: aws.String(defaultVersion)}); err != nil {
			return nil, verb("updating", kindLaunchTemplate, id, err)
		}
	}
	if err := secSyncTags(k, id, kindLaunchTemplate); err != nil {
		return nil, err
	}
	observed, found, err := readLaunchTemplateByID(k, id)
	if err == nil && !found {
		err = verb("updating", kindLaunchTemplate, id, fmt.Errorf("the template is gone"))
	}
	return observed, err
}

func deleteLaunchTemplate(k call) error {
	_, err := k.api.EC2.DeleteLaunchTemplate(k.ctx, &ec2.DeleteLaunchTemplateInput{LaunchTemplateId: aws.String(k.c.ID)})
	if err != nil && !hasCode(err, "InvalidLaunchTemplateId.NotFound", "InvalidLaunchTemplateName.NotFoundException") {
		return verb("deleting", kindLaunchTemplate, k.c.ID, err)
	}
	return nil
}

func listLaunchTemplates(ctx context.Context, api *Clients) ([]string, error) {
	// moto answers 15 unless asked for more, and gives no next token.
	out, err := api.EC2.DescribeLaunchTemplates(ctx, &ec2.DescribeLaunchTemplatesInput{MaxResults: aws.Int32(200)})
	if err != nil {
		return nil, fmt.Errorf("listing launch templates: %w", err)
	}
	var ids []string
	for _, lt := range out.LaunchTemplates {
		ids = append(ids, aws.ToString(lt.LaunchTemplateId))
	}
	return ids, nil
}
