package aws_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withPolicyFile is baseConfig plus a policy document with these contents.
func withPolicyFile(t *testing.T, doc string) map[string]property.Value {
	t.Helper()
	path := filepath.Join(t.TempDir(), "policy.yaml")
	require.NoError(t, os.WriteFile(path, []byte(doc), 0o644))
	cfg := baseConfig()
	cfg["policyFile"] = property.New(path)
	return cfg
}

// A NetworkStack's VPC is a SecureVpc: the policy's SecureVpc defaults shape
// it, and the stack's report judges the VPC that is built, not another one.
func TestNetworkStackPlansItsVpcWithTheSecureVpcDefaults(t *testing.T) {
	cfg := withPolicyFile(t, `
components:
  orgiac:aws:SecureVpc:
    natGateways: none
    flowLogs: {enabled: false}
`)
	cfg["enforcement"] = property.New("audit") // flow logs off is a breach: recorded, not refused
	h := newVpcHarness(t, cfg)
	resp, err := h.Construct(networkStack, "shop", map[string]property.Value{"vpc": spec("numberOfAvailabilityZones", 2)})
	require.NoError(t, err)

	assert.Empty(t, byName(h, "aws:ec2/natGateway:NatGateway"), "the SecureVpc default natGateways: none applies")
	assert.Empty(t, byName(h, "aws:ec2/flowLog:FlowLog"), "the SecureVpc default flowLogs.enabled: false applies")
	report := reportOf(t, resp.State.Get("complianceReport"))
	assert.Equal(t, "fail", reportStatuses(report)["vpc-flow-logs"], "the stack's report judges the VPC that was built")
}

// A policy default that breaks the VPC fails the NetworkStack before anything
// is registered: no half-built stack.
func TestNetworkStackFailsOnABadSecureVpcDefaultBeforeRegistering(t *testing.T) {
	h := newVpcHarness(t, withPolicyFile(t, `
components:
  orgiac:aws:SecureVpc:
    cidrBlock: not-a-network
`))
	_, err := h.Construct(networkStack, "shop", map[string]property.Value{})
	require.Error(t, err)
	assert.Contains(t, codesIn(err.Error()), "VPC001", "the default's problem is reported: %v", err)
	assert.Empty(t, h.Children(), "nothing was registered")
}

// NetworkStack's own policy defaults apply, and a misspelled one is reported.
func TestNetworkStackAppliesItsOwnPolicyDefaults(t *testing.T) {
	t.Run("a default input is used", func(t *testing.T) {
		h := newVpcHarness(t, withPolicyFile(t, `
components:
  orgiac:aws:NetworkStack:
    appPort: 9090
`))
		_, err := h.Construct(networkStack, "shop", map[string]property.Value{})
		require.NoError(t, err)
		var ports []float64
		for _, r := range sgRules(h, tSGIngress) {
			if r.PeerGroup != "" && r.Protocol == "tcp" {
				ports = append(ports, r.From)
			}
		}
		assert.Contains(t, ports, 9090.0, "the app tier accepts the policy's appPort from the web tier")
	})
	t.Run("a misspelled default is an error", func(t *testing.T) {
		h := newVpcHarness(t, withPolicyFile(t, `
components:
  orgiac:aws:NetworkStack:
    appPrt: 9090
`))
		_, err := h.Construct(networkStack, "shop", map[string]property.Value{})
		require.Error(t, err)
		assert.Contains(t, codesIn(err.Error()), "CFG140")
		assert.ErrorContains(t, err, "components.orgiac:aws:NetworkStack.appPrt")
		assert.Empty(t, h.Children())
	})
}
