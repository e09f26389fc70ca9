package compliance

import (
	"slices"
	"sort"
	"strings"
)

// Resource types the EKS checks read. Node groups link to their cluster by
// clusterName, launch templates to node groups by id.
const (
	TypeEKSCluster     = "aws:eks/cluster:Cluster"
	TypeEKSNodeGroup   = "aws:eks/nodeGroup:NodeGroup"
	TypeLaunchTemplate = "aws:ec2/launchTemplate:LaunchTemplate"
)

// EKSSupportedVersions is the one list of Kubernetes versions orgiac accepts
// for EKS, oldest first; the EksCluster default is the last. Update it when
// AWS moves a version to or from standard support.
var EKSSupportedVersions = []string{"1.29", "1.30", "1.31", "1.32", "1.33"}

// EKSLogTypes are the control-plane log types; all of them must be on.
var EKSLogTypes = []string{"api", "audit", "authenticator", "controllerManager", "scheduler"}

func checkPrivateEndpoint(s Subject) Finding {
	switch {
	case !truthy(s.Props, "vpcConfig", "endpointPrivateAccess"):
		return fail("the private endpoint is off")
	case truthy(s.Props, "vpcConfig", "endpointPublicAccess"):
		return fail("the public endpoint is on")
	}
	return pass("the API endpoint is private only")
}

func checkControlPlaneLogging(s Subject) Finding {
	enabled := map[string]bool{}
	for _, t := range list(s.Props, "enabledClusterLogTypes") {
		if ts, ok := t.(string); ok {
			enabled[ts] = true
		}
	}
	var missing []string
	for _, t := range EKSLogTypes {
		if !enabled[t] {
			missing = append(missing, t)
		}
	}
	if len(missing) > 0 {
		return fail("log types %s are off", strings.Join(missing, ", "))
	}
	return pass("every control-plane log type is on")
}

func checkSecretsEncryption(s Subject) Finding {
	cfg := get(s.Props, "encryptionConfig")
	hasSecrets := slices.ContainsFunc(list(cfg, "resources"), func(r any) bool { return r == "secrets" })
	switch {
	case !hasSecrets:
		return fail("secrets are not envelope-encrypted")
	case str(cfg, "provider", "keyArn") == "":
		return fail("the secrets encryption config names no KMS key")
	}
	return pass("secrets are encrypted with a KMS key")
}

func checkSupportedVersion(s Subject) Finding {
	v := str(s.Props, "version")
	if slices.Contains(EKSSupportedVersions, v) {
		return pass("Kubernetes %s is supported", v)
	}
	return fail("Kubernetes %q is not in the supported versions %v", v, EKSSupportedVersions)
}

// nodeLaunchTemplates returns, for each node group of the cluster, its launch
// template (nil when it has none), keyed by node group name.
func nodeLaunchTemplates(s Subject) map[string]*Resource {
	templates := map[string]*Resource{}
	for i, lt := range s.Rel(TypeLaunchTemplate) {
		if lt.ID != "" { // else a node group without a template would match it
			templates[lt.ID] = &s.Related[TypeLaunchTemplate][i]
		}
	}
	out := map[string]*Resource{}
	for _, ng := range s.Rel(TypeEKSNodeGroup) {
		out[ng.Name] = templates[str(ng.Props, "launchTemplate", "id")]
	}
	return out
}

func eachNodeGroup(s Subject, ok func(lt *Resource) bool, failing string, passing string) Finding {
	groups := nodeLaunchTemplates(s)
	if len(groups) == 0 {
		return pass("the cluster has no managed node groups")
	}
	var bad []string
	for name, lt := range groups {
		if lt == nil || !ok(lt) {
			bad = append(bad, name)
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return fail("%s: %s", failing, strings.Join(bad, ", "))
	}
	return pass("%s", passing)
}

func checkNodeIMDSv2(s Subject) Finding {
	return eachNodeGroup(s, func(lt *Resource) bool {
		return str(lt.Props, "metadataOptions", "httpTokens") == "required"
	}, "node groups without IMDSv2 required", "every node group requires IMDSv2")
}

func checkNodeVolumeEncryption(s Subject) Finding {
	return eachNodeGroup(s, func(lt *Resource) bool {
		devices := list(lt.Props, "blockDeviceMappings")
		if len(devices) == 0 {
			return false
		}
		for _, d := range devices {
			if !truthy(d, "ebs", "encrypted") {
				return false
			}
		}
		return true
	}, "node groups with unencrypted volumes", "every node volume is encrypted")
}
