package main

import (
	"encoding/base64"
	"strings"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

// Computed outputs of EKS types.

// defaultKubernetesVersion is reported when a cluster does not pin one.
const defaultKubernetesVersion = "1.32"

// clusterOutputs gives the cluster an endpoint and an OIDC issuer sharing one
// 32-hex-digit id (as real clusters do), a CA bundle, and a cluster security
// group; the VPC is taken from the first subnet when the ledger knows it.
func clusterOutputs(c *standin.Ctx) map[string]any {
	hexID := standin.RandomUpperHex(32)
	vpcID := ""
	if subnets := nestedStrings(c, "vpcConfig", "subnetIds"); len(subnets) > 0 {
		vpcID, _ = c.Lookup("aws:ec2/subnet:Subnet", subnets[0])["vpcId"].(string)
	}
	ca := map[string]any{"data": base64.StdEncoding.EncodeToString([]byte(
		"-----BEGIN CERTIFICATE-----\nstand-in certificate authority for " + c.Str("name") +
			"\n-----END CERTIFICATE-----\n"))}
	return map[string]any{
		"arn":                    arn(c, "eks", "cluster/"+c.Str("name")),
		"status":                 "ACTIVE",
		"version":                defaultKubernetesVersion,
		"platformVersion":        "eks.1",
		"createdAt":              keepNow(c, "createdAt"),
		"endpoint":               c.Keep("endpoint", func() any { return "https://" + hexID + ".gr7." + c.Region + ".eks.amazonaws.com" }),
		"certificateAuthority":   c.Keep("certificateAuthority", func() any { return ca }),
		"certificateAuthorities": c.Keep("certificateAuthorities", func() any { return []any{ca} }),
		"identities": c.Keep("identities", func() any {
			issuer := "https://oidc.eks." + c.Region + ".amazonaws.com/id/" + hexID
			return []any{map[string]any{"oidcs": []any{map[string]any{"issuer": issuer}}}}
		}),
		"vpcConfig": map[string]any{
			"clusterSecurityGroupId": c.Keep("vpcConfig.clusterSecurityGroupId", func() any {
				return "sg-" + standin.RandomHex(17)
			}),
			"vpcId":                 c.Keep("vpcConfig.vpcId", func() any { return vpcID }),
			"endpointPrivateAccess": false,
			"endpointPublicAccess":  true,
			"publicAccessCidrs":     []any{"0.0.0.0/0"},
			"securityGroupIds":      []any{},
		},
		"accessConfig": map[string]any{
			"authenticationMode":                      "CONFIG_MAP",
			"bootstrapClusterCreatorAdminPermissions": true,
		},
		"kubernetesNetworkConfig":    map[string]any{"ipFamily": "ipv4", "serviceIpv4Cidr": "172.20.0.0/16"},
		"bootstrapSelfManagedAddons": true,
		"upgradePolicy":              map[string]any{"supportType": "EXTENDED"},
	}
}

// nestedStrings returns the string list at inputs[outer][inner].
func nestedStrings(c *standin.Ctx, outer, inner string) []string {
	v := c.Inputs.Get(outer)
	if !v.IsMap() {
		return nil
	}
	return strs(v.AsMap().Get(inner))
}

// nodeGroupOutputs reports an ACTIVE group backed by one Auto Scaling group,
// running the cluster's Kubernetes version when the ledger knows it.
func nodeGroupOutputs(c *standin.Ctx) map[string]any {
	cluster, group := c.Str("clusterName"), c.Str("nodeGroupName")
	version, _ := c.Lookup("aws:eks/cluster:Cluster", cluster)["version"].(string)
	if version == "" {
		version = defaultKubernetesVersion
	}
	uuid := standin.NewUUID()
	return map[string]any{
		"arn":            c.Keep("arn", func() any { return arn(c, "eks", "nodegroup/"+cluster+"/"+group+"/"+uuid) }),
		"status":         "ACTIVE",
		"amiType":        "AL2023_x86_64_STANDARD",
		"capacityType":   "ON_DEMAND",
		"diskSize":       20,
		"instanceTypes":  []any{"t3.medium"},
		"version":        version,
		"releaseVersion": version + ".0-20250101",
		"updateConfig":   map[string]any{"maxUnavailable": 1},
		"resources": c.Keep("resources", func() any {
			return []any{map[string]any{
				"autoscalingGroups":           []any{map[string]any{"name": "eks-" + group + "-" + uuid}},
				"remoteAccessSecurityGroupId": "",
			}}
		}),
	}
}

func addonOutputs(c *standin.Ctx) map[string]any {
	cluster, addon := c.Str("clusterName"), c.Str("addonName")
	return map[string]any{
		"arn": c.Keep("arn", func() any {
			return arn(c, "eks", "addon/"+cluster+"/"+addon+"/"+standin.NewUUID())
		}),
		"addonVersion": "v1.0.0-eksbuild.1",
		"createdAt":    keepNow(c, "createdAt"),
		"modifiedAt":   now(),
	}
}

// accessEntryOutputs: role principals map to an assumed-role user name.
func accessEntryOutputs(c *standin.Ctx) map[string]any {
	principal := c.Str("principalArn")
	name := principal[strings.LastIndex(principal, "/")+1:]
	return map[string]any{
		"accessEntryArn": c.Keep("accessEntryArn", func() any {
			return arn(c, "eks", "access-entry/"+c.Str("clusterName")+"/role/"+c.Account+"/"+name+"/"+standin.NewUUID())
		}),
		"createdAt":        keepNow(c, "createdAt"),
		"modifiedAt":       now(),
		"type":             "STANDARD",
		"userName":         "arn:aws:sts::" + c.Account + ":assumed-role/" + name + "/{{SessionName}}",
		"kubernetesGroups": []any{},
	}
}

func accessPolicyAssociationOutputs(c *standin.Ctx) map[string]any {
	return map[string]any{
		"associatedAt": keepNow(c, "associatedAt"),
		"modifiedAt":   keepNow(c, "modifiedAt"),
	}
}
