package e2e

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	tEksCluster   = "orgiac:aws:EksCluster"
	tCluster      = "aws:eks/cluster:Cluster"
	tNodeGroup    = "aws:eks/nodeGroup:NodeGroup"
	tLaunchTpl    = "aws:ec2/launchTemplate:LaunchTemplate"
	tOIDCProvider = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
	tAddon        = "aws:eks/addon:Addon"
	// secretSig marks an encrypted secret value in a stack export.
	secretSig = "4dabf18193072939515e22adb298388d"
)

func TestEksClusterYAML(t *testing.T) {
	t.Parallel()
	exerciseEksCluster(t, newStack(t, "examples/yaml-eks-cluster"), cliRunner{})
}

func TestEksClusterGo(t *testing.T) {
	t.Parallel()
	exerciseEksCluster(t, newStack(t, "examples/go-eks-cluster"), goDriver(t, "examples/go-eks-cluster"))
}

func exerciseEksCluster(t *testing.T, s *stack, r runner) {
	s.Init()
	require.NoError(t, r.Run(s, "up"))

	raw := s.MustPulumi("stack", "export", "--stack", s.Name)
	assert.NotContains(t, raw, "get-token", "the kubeconfig is never stored in plaintext")
	assert.NotContains(t, raw, "certificate-authority-data")

	dep := s.Export()
	comp := dep.one(t, tEksCluster)
	assert.Contains(t, comp.Outputs["kubeconfig"], secretSig, "the kubeconfig output is a secret")
	assert.Equal(t, map[string]any{"pass": 7.0, "fail": 0.0, "waived": 0.0, "notApplicable": 0.0},
		get(comp.Outputs, "complianceReport", "summary"), "a default EksCluster passes every EKS control")

	cluster := dep.one(t, tCluster)
	assert.Equal(t, comp.URN, cluster.Parent)
	assert.Equal(t, "acme-dev-example-cluster", cluster.Outputs["name"])
	assert.Equal(t, "1.31", cluster.Outputs["version"])
	assert.Equal(t, true, get(cluster.Outputs, "vpcConfig", "endpointPrivateAccess"))
	assert.Equal(t, false, get(cluster.Outputs, "vpcConfig", "endpointPublicAccess"))
	assert.ElementsMatch(t, []any{"api", "audit", "authenticator", "controllerManager", "scheduler"},
		cluster.Outputs["enabledClusterLogTypes"])
	assert.Equal(t, []any{"secrets"}, get(cluster.Outputs, "encryptionConfig", "resources"))
	var keyArn any
	for _, k := range dep.ofType(tKey) {
		if strings.HasSuffix(k.URN, "-secrets") {
			keyArn = k.Outputs["arn"]
			assert.Equal(t, true, k.Outputs["enableKeyRotation"])
		}
	}
	require.NotNil(t, keyArn, "a secrets key is created")
	assert.Equal(t, keyArn, get(cluster.Outputs, "encryptionConfig", "provider", "keyArn"))
	assert.Equal(t, "/aws/eks/acme-dev-example-cluster/cluster", func() any {
		for _, g := range dep.ofType(tLogGroup) {
			if strings.HasSuffix(g.URN, "-control-plane") {
				assert.EqualValues(t, 90, g.Outputs["retentionInDays"])
				return g.Outputs["name"]
			}
		}
		return nil
	}())

	lt := dep.one(t, tLaunchTpl)
	assert.Equal(t, "required", get(lt.Outputs, "metadataOptions", "httpTokens"))
	assert.EqualValues(t, 1, get(lt.Outputs, "metadataOptions", "httpPutResponseHopLimit"))
	assert.Equal(t, "true", get(lt.Outputs, "blockDeviceMappings", "0", "ebs", "encrypted"))
	assert.Equal(t, "gp3", get(lt.Outputs, "blockDeviceMappings", "0", "ebs", "volumeType"))

	ng := dep.one(t, tNodeGroup)
	assert.Equal(t, "standard-workers", ng.Outputs["nodeGroupName"])
	assert.Equal(t, []any{"m5.large"}, ng.Outputs["instanceTypes"])
	assert.Equal(t, map[string]any{"minSize": 1.0, "maxSize": 5.0, "desiredSize": 3.0}, ng.Outputs["scalingConfig"])
	assert.Equal(t, lt.ID, get(ng.Outputs, "launchTemplate", "id"))

	oidc := dep.one(t, tOIDCProvider)
	assert.Equal(t, get(cluster.Outputs, "identities", "0", "oidcs", "0", "issuer"), oidc.Outputs["url"],
		"the OIDC provider trusts the cluster's issuer")
	assert.Len(t, dep.ofType(tAddon), 4)
	assertCloudMatchesState(t, s, dep)

	require.NoError(t, r.Run(s, "up"))
	assertOnlyUnchanged(t, s.LastChanges(), "a second up changes nothing")
	require.NoError(t, r.Run(s, "destroy"))
	assert.Empty(t, s.CloudResources(), "destroy leaves nothing behind")
}
