package awscloud

// EKS: clusters (node groups are in eks_nodegroup.go). A cluster's id is
// its name, as in the Terraform provider.
//
// moto keeps a cluster's configuration but makes up little of what AWS
// computes, and some of that wrongly: every cluster of the process gets the
// same endpoint and OIDC issuer, the CA is no certificate, and the VPC and
// the cluster security group are not there. Those are derived
// (eks_derived.go) from what moto does keep, so that Read always agrees
// with Create. What moto
// forgets entirely (accessConfig, upgradePolicy, bootstrapSelfManagedAddons)
// is reported as the program set it. EKS add-ons and access entries have no
// API in moto and are not translated.

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
)

var eksKinds = map[string]kind{
	"aws:eks/cluster:Cluster": {create: createCluster, read: readCluster, update: updateCluster, del: deleteCluster,
		list: eksClusterNames},
	"aws:eks/nodeGroup:NodeGroup": {create: createNodeGroup, read: readNodeGroup, update: updateNodeGroup,
		del: deleteNodeGroup, list: listNodeGroups},
}

// eksDefaultVersion is the Kubernetes version EKS gives a cluster that asks
// for none (moto would say 1.19). It is sent explicitly, so moto keeps it.
const eksDefaultVersion = "1.32"

// eksLogTypes are the control-plane log types a cluster can send.
var eksLogTypes = []string{"api", "audit", "authenticator", "controllerManager", "scheduler"}

func createCluster(k call) (string, map[string]any, error) {
	name := k.in.str("name")
	fail := func(err error) (string, map[string]any, error) {
		return "", nil, verb("creating", "EKS Cluster", name, err)
	}
	subnets := k.in.strs("vpcConfig", "subnetIds")
	vpcID, err := eksSubnetsVPC(k, subnets)
	if err != nil {
		return fail(err)
	}
	arn := fmt.Sprintf("arn:aws:eks:%s:%s:cluster/%s", k.api.Region, k.c.Account, name)
	if _, err := eksClusterSG(k, name, arn, vpcID, true); err != nil {
		return fail(err)
	}
	version := k.in.str("version")
	if version == "" {
		version = eksDefaultVersion
	}
	in := &eks.CreateClusterInput{
		Name: aws.String(name), RoleArn: aws.String(k.in.str("roleArn")), Version: aws.String(version),
		ResourcesVpcConfig: eksVpcRequest(k.in.obj("vpcConfig")),
		Logging:            eksLogging(k.in.strs("enabledClusterLogTypes")),
		Tags:               k.c.TagsAll(),
	}
	if enc := k.in.obj("encryptionConfig"); len(enc) > 0 {
		in.EncryptionConfig = []ekstypes.EncryptionConfig{{
			Resources: enc.strs("resources"), Provider: &ekstypes.Provider{KeyArn: enc.strPtr("provider", "keyArn")},
		}}
	}
	if ac := k.in.obj("accessConfig"); len(ac) > 0 {
		in.AccessConfig = &ekstypes.CreateAccessConfigRequest{
			AuthenticationMode: ekstypes.AuthenticationMode(ac.str("authenticationMode")),
		}
		if b, ok := ac.boolean("bootstrapClusterCreatorAdminPermissions"); ok {
			in.AccessConfig.BootstrapClusterCreatorAdminPermissions = aws.Bool(b)
		}
	}
	if knc := k.in.obj("kubernetesNetworkConfig"); len(knc) > 0 {
		in.KubernetesNetworkConfig = &ekstypes.KubernetesNetworkConfigRequest{
			ServiceIpv4Cidr: knc.strPtr("serviceIpv4Cidr"), IpFamily: ekstypes.IpFamily(knc.str("ipFamily")),
		}
	}
	if b, ok := k.in.boolean("bootstrapSelfManagedAddons"); ok {
		in.BootstrapSelfManagedAddons = aws.Bool(b)
	}
	if st := k.in.str("upgradePolicy", "supportType"); st != "" {
		in.UpgradePolicy = &ekstypes.UpgradePolicyRequest{SupportType: ekstypes.SupportType(st)}
	}
	if _, err := k.api.EKS.CreateCluster(k.ctx, in); err != nil {
		eksDeleteClusterSG(k, name, arn)
		return fail(err)
	}
	observed, found, err := clusterObserved(k, name)
	if err == nil && !found {
		err = fmt.Errorf("the new cluster is not found")
	}
	if err != nil {
		return fail(err)
	}
	return name, eksForgotten(observed), nil
}

// eksForgotten adds to a cluster's outputs what moto forgets, as AWS's
// defaults; the program's inputs, which the state keeps over outputs, say
// the rest. Read leaves these out: there is nothing in moto to read.
func eksForgotten(observed map[string]any) map[string]any {
	observed["accessConfig"] = map[string]any{
		"authenticationMode": "CONFIG_MAP", "bootstrapClusterCreatorAdminPermissions": true,
	}
	observed["bootstrapSelfManagedAddons"] = true
	observed["upgradePolicy"] = map[string]any{"supportType": "EXTENDED"}
	return observed
}

// eksVpcRequest is vpcConfig as EKS takes it, with AWS's defaults sent
// explicitly (a public endpoint; 0.0.0.0/0 as the CIDRs it admits), so
// moto keeps them.
func eksVpcRequest(vc props) *ekstypes.VpcConfigRequest {
	public, ok := vc.boolean("endpointPublicAccess")
	if !ok {
		public = true
	}
	cidrs := vc.strs("publicAccessCidrs")
	if len(cidrs) == 0 {
		cidrs = []string{"0.0.0.0/0"}
	}
	return &ekstypes.VpcConfigRequest{
		SubnetIds: vc.strs("subnetIds"), SecurityGroupIds: vc.strs("securityGroupIds"),
		EndpointPrivateAccess: aws.Bool(vc.flag("endpointPrivateAccess")), EndpointPublicAccess: aws.Bool(public),
		PublicAccessCidrs: cidrs,
	}
}

// eksLogging enables the given log types and disables the others; moto
// takes a logging configuration as a whole.
func eksLogging(enabled []string) *ekstypes.Logging {
	var on, off []ekstypes.LogType
	for _, t := range eksLogTypes {
		if slices.Contains(enabled, t) {
			on = append(on, ekstypes.LogType(t))
		} else {
			off = append(off, ekstypes.LogType(t))
		}
	}
	l := &ekstypes.Logging{}
	if len(on) > 0 {
		l.ClusterLogging = append(l.ClusterLogging, ekstypes.LogSetup{Types: on, Enabled: aws.Bool(true)})
	}
	if len(off) > 0 {
		l.ClusterLogging = append(l.ClusterLogging, ekstypes.LogSetup{Types: off, Enabled: aws.Bool(false)})
	}
	return l
}

// clusterObserved is the cluster as DescribeCluster reports it, with what
// moto makes up wrongly derived as described above.
func clusterObserved(k call, name string) (map[string]any, bool, error) {
	out, err := k.api.EKS.DescribeCluster(k.ctx, &eks.DescribeClusterInput{Name: aws.String(name)})
	if hasCode(err, "ResourceNotFoundException") {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	cl := out.Cluster
	arn := aws.ToString(cl.Arn)
	caData := ""
	if cl.CertificateAuthority != nil {
		caData = aws.ToString(cl.CertificateAuthority.Data)
	}
	id := eksClusterHex(arn, caData)
	ca := map[string]any{"data": eksCertificate(caData)}
	observed := map[string]any{
		"arn": arn, "name": aws.ToString(cl.Name), "roleArn": aws.ToString(cl.RoleArn),
		"version": aws.ToString(cl.Version), "status": string(cl.Status),
		"platformVersion":        aws.ToString(cl.PlatformVersion),
		"endpoint":               "https://" + id + ".gr7." + k.api.Region + ".eks.amazonaws.com",
		"certificateAuthority":   ca,
		"certificateAuthorities": []any{ca},
		"identities": []any{map[string]any{"oidcs": []any{map[string]any{
			"issuer": "https://oidc.eks." + k.api.Region + ".amazonaws.com/id/" + id,
		}}}},
	}
	if cl.CreatedAt != nil {
		observed["createdAt"] = cl.CreatedAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	vc, err := eksVpcObserved(k, name, arn, cl.ResourcesVpcConfig)
	if err != nil {
		return nil, false, err
	}
	observed["vpcConfig"] = vc
	var logTypes []string
	if cl.Logging != nil {
		for _, setup := range cl.Logging.ClusterLogging {
			if aws.ToBool(setup.Enabled) {
				for _, t := range setup.Types {
					logTypes = append(logTypes, string(t))
				}
			}
		}
	}
	observed["enabledClusterLogTypes"] = iamAsSet(logTypes, k.in.strs("enabledClusterLogTypes"),
		k.old.strs("enabledClusterLogTypes"))
	if len(cl.EncryptionConfig) > 0 {
		e := cl.EncryptionConfig[0]
		enc := map[string]any{"resources": iamAsSet(e.Resources)}
		if e.Provider != nil {
			enc["provider"] = map[string]any{"keyArn": aws.ToString(e.Provider.KeyArn)}
		}
		observed["encryptionConfig"] = enc
	}
	knc := map[string]any{"ipFamily": "ipv4", "serviceIpv4Cidr": "172.20.0.0/16"}
	if n := cl.KubernetesNetworkConfig; n != nil {
		if n.IpFamily != "" {
			knc["ipFamily"] = string(n.IpFamily)
		}
		if n.ServiceIpv4Cidr != nil {
			knc["serviceIpv4Cidr"] = aws.ToString(n.ServiceIpv4Cidr)
		}
	}
	observed["kubernetesNetworkConfig"] = knc
	if own, ok := iamOwnTags(k, cl.Tags); ok {
		observed["tags"] = own
	}
	return observed, true, nil
}

func readCluster(k call) (map[string]any, bool, error) {
	observed, found, err := clusterObserved(k, k.c.ID)
	if err != nil {
		return nil, false, verb("reading", "EKS Cluster", k.c.ID, err)
	}
	if found {
		eksUnlessSame(k, observed, "vpcConfig", "kubernetesNetworkConfig", "encryptionConfig")
	}
	return observed, found, nil
}

// eksUpdates lists the configuration changes updateCluster makes, one
// UpdateClusterConfig each, as EKS takes one kind of change at a time.
func eksUpdates(k call) []*eks.UpdateClusterConfigInput {
	name := aws.String(k.c.ID)
	var out []*eks.UpdateClusterConfigInput
	if !eksSameJSON(eksVpcRequest(k.in.obj("vpcConfig")), eksVpcRequest(k.old.obj("vpcConfig"))) {
		// moto replaces the whole VPC configuration with what it is sent.
		out = append(out, &eks.UpdateClusterConfigInput{Name: name, ResourcesVpcConfig: eksVpcRequest(k.in.obj("vpcConfig"))})
	}
	if !iamSameElements(k.in.strs("enabledClusterLogTypes"), k.old.strs("enabledClusterLogTypes")) {
		out = append(out, &eks.UpdateClusterConfigInput{Name: name, Logging: eksLogging(k.in.strs("enabledClusterLogTypes"))})
	}
	if mode := k.in.str("accessConfig", "authenticationMode"); mode != "" && mode != k.old.str("accessConfig", "authenticationMode") {
		out = append(out, &eks.UpdateClusterConfigInput{Name: name,
			AccessConfig: &ekstypes.UpdateAccessConfigRequest{AuthenticationMode: ekstypes.AuthenticationMode(mode)}})
	}
	if st := k.in.str("upgradePolicy", "supportType"); st != "" && st != k.old.str("upgradePolicy", "supportType") {
		out = append(out, &eks.UpdateClusterConfigInput{Name: name,
			UpgradePolicy: &ekstypes.UpgradePolicyRequest{SupportType: ekstypes.SupportType(st)}})
	}
	return out
}

func updateCluster(k call) (map[string]any, error) {
	name := k.c.ID
	fail := func(err error) (map[string]any, error) { return nil, verb("updating", "EKS Cluster", name, err) }
	// moto 5.2.5 has no UpdateClusterVersion, AssociateEncryptionConfig or
	// DescribeUpdate (HTTP 404), so these changes fail with moto's answer.
	if v := k.in.str("version"); v != "" && v != k.old.str("version") {
		if _, err := k.api.EKS.UpdateClusterVersion(k.ctx, &eks.UpdateClusterVersionInput{
			Name: aws.String(name), Version: aws.String(v),
		}); err != nil {
			return fail(iamMotoLacks("UpdateClusterVersion", err))
		}
	}
	if enc := k.in.obj("encryptionConfig"); len(enc) > 0 && len(k.old.obj("encryptionConfig")) == 0 {
		if _, err := k.api.EKS.AssociateEncryptionConfig(k.ctx, &eks.AssociateEncryptionConfigInput{
			ClusterName: aws.String(name), EncryptionConfig: []ekstypes.EncryptionConfig{{
				Resources: enc.strs("resources"), Provider: &ekstypes.Provider{KeyArn: enc.strPtr("provider", "keyArn")},
			}},
		}); err != nil {
			return fail(iamMotoLacks("AssociateEncryptionConfig", err))
		}
	}
	for _, u := range eksUpdates(k) {
		if _, err := k.api.EKS.UpdateClusterConfig(k.ctx, u); err != nil {
			return fail(err)
		}
	}
	current, err := k.api.EKS.DescribeCluster(k.ctx, &eks.DescribeClusterInput{Name: aws.String(name)})
	if err != nil {
		return fail(err)
	}
	if err := eksSyncTags(k, aws.ToString(current.Cluster.Arn), current.Cluster.Tags); err != nil {
		return fail(err)
	}
	observed, _, err := clusterObserved(k, name)
	if err != nil {
		return fail(err)
	}
	return eksForgotten(observed), nil
}

// eksSyncTags makes an EKS resource's tags the resource's tagsAll.
func eksSyncTags(k call, arn string, have map[string]string) error {
	set, remove := iamTagChanges(have, k.c.TagsAll())
	if len(set) > 0 {
		if _, err := k.api.EKS.TagResource(k.ctx, &eks.TagResourceInput{ResourceArn: aws.String(arn), Tags: set}); err != nil {
			return err
		}
	}
	if len(remove) > 0 {
		if _, err := k.api.EKS.UntagResource(k.ctx, &eks.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: remove}); err != nil {
			return err
		}
	}
	return nil
}

// deleteCluster deletes the cluster, then its security group, as EKS does.
// EKS refuses while node groups remain (ResourceInUseException).
func deleteCluster(k call) error {
	name := k.c.ID
	arn := k.old.str("arn")
	if arn == "" {
		arn = fmt.Sprintf("arn:aws:eks:%s:%s:cluster/%s", k.api.Region, k.c.Account, name)
	}
	_, err := k.api.EKS.DeleteCluster(k.ctx, &eks.DeleteClusterInput{Name: aws.String(name)})
	if err != nil && !hasCode(err, "ResourceNotFoundException") {
		return verb("deleting", "EKS Cluster", name, err)
	}
	eksDeleteClusterSG(k, name, arn)
	return nil
}

func eksClusterNames(ctx context.Context, api *Clients) ([]string, error) {
	var names []string
	p := eks.NewListClustersPaginator(api.EKS, &eks.ListClustersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing EKS clusters: %w", err)
		}
		names = append(names, page.Clusters...)
	}
	return names, nil
}
