package azure

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

func testConfig(mode standards.Enforcement) settings.Resolved {
	return settings.Resolved{
		Org: standards.Org{
			Identity:    standards.Identity{Organization: "acme", Environment: "dev", Project: "shop"},
			Enforcement: mode, Naming: standards.DefaultNaming,
		},
		Policy: compliance.Policy{Today: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)},
	}
}

func ptr[T any](v T) *T { return &v }

func find(t *testing.T, l problem.List, code, path string) problem.Problem {
	t.Helper()
	for _, p := range l.Items() {
		if p.Rule.Code == code && p.Path == path {
			return p
		}
	}
	require.Failf(t, "problem not found", "want %s at %s, got %v", code, path, l.Items())
	return problem.Problem{}
}

func TestPlanSecureVnetDefaults(t *testing.T) {
	plan, _, probs := unpack(assessSecureVnet("net", SecureVnetArgs{}, testConfig(standards.Enforce)))
	require.Zero(t, probs.Len(), "%v", probs.Items())
	require.Len(t, plan.Subnets, 2)
	assert.Equal(t, "app", plan.Subnets[0].Name)
	assert.Equal(t, "10.10.0.0/24", plan.Subnets[0].CIDR.String())
	assert.Equal(t, "10.10.1.0/24", plan.Subnets[1].CIDR.String())
	assert.False(t, plan.NatGateway)
	rules := plan.Subnets[0].securityRules()
	last := rules[len(rules)-1]
	assert.Equal(t, "Deny", last["access"], "every NSG ends with a deny of the Internet")
	assert.Equal(t, "Internet", last["sourceAddressPrefix"])
	assert.Equal(t, "acme", plan.Tags["Organization"])
}

func TestPlanSecureVnetAppendingASubnetMovesNothing(t *testing.T) {
	before, _, _ := unpack(assessSecureVnet("net", SecureVnetArgs{SubnetSpecs: []VnetSubnetSpec{{Name: "a"}, {Name: "b", CidrMask: ptr(22)}}},
		testConfig(standards.Enforce)))
	after, _, probs := unpack(assessSecureVnet("net", SecureVnetArgs{SubnetSpecs: []VnetSubnetSpec{{Name: "a"}, {Name: "b", CidrMask: ptr(22)}, {Name: "c"}}},
		testConfig(standards.Enforce)))
	require.Zero(t, probs.Len())
	for i := range before.Subnets {
		assert.Equal(t, before.Subnets[i].CIDR, after.Subnets[i].CIDR)
	}
}

func TestPlanSecureVnetRejects(t *testing.T) {
	tests := []struct {
		name, code, path, text string
		args                   SecureVnetArgs
	}{
		{"an invalid address space is rejected", "AZN001", "addressSpace", "10.10.0.0/33", SecureVnetArgs{AddressSpace: "10.10.0.0/33"}},
		{"duplicate subnet names are rejected", "AZN002", "subnetSpecs[1].name", `"a"`,
			SecureVnetArgs{SubnetSpecs: []VnetSubnetSpec{{Name: "a"}, {Name: "a"}}}},
		{"an overlapping exact subnet is rejected", "NET008", "subnetSpecs[1].cidr", "10.10.0.128/25",
			SecureVnetArgs{SubnetSpecs: []VnetSubnetSpec{{Name: "a", Cidr: "10.10.0.0/24"}, {Name: "b", Cidr: "10.10.0.128/25"}}}},
		{"a subnet outside the address space is rejected", "NET007", "subnetSpecs[0].cidr", "10.99.0.0/24",
			SecureVnetArgs{SubnetSpecs: []VnetSubnetSpec{{Name: "a", Cidr: "10.99.0.0/24"}}}},
		{"SSH from the Internet is rejected", "AZN003", "subnetSpecs[0].inboundRules[0]", "port 22",
			SecureVnetArgs{SubnetSpecs: []VnetSubnetSpec{{Name: "a", InboundRules: []VnetInboundRule{{Priority: 100, Port: "22", Source: "Internet"}}}}}},
		{"RDP from anywhere through a range is rejected", "AZN003", "subnetSpecs[0].inboundRules[0]", "port 3389",
			SecureVnetArgs{SubnetSpecs: []VnetSubnetSpec{{Name: "a", InboundRules: []VnetInboundRule{{Priority: 100, Port: "3000-4000", Source: "*"}}}}}},
		{"a rule priority outside 100 to 4000 is rejected", "AZN004", "subnetSpecs[0].inboundRules[0].priority", "4096",
			SecureVnetArgs{SubnetSpecs: []VnetSubnetSpec{{Name: "a", InboundRules: []VnetInboundRule{{Priority: 4096, Port: "443", Source: "Internet"}}}}}},
		{"a tag name with a forbidden character is rejected", "TAG101", `tags["team/owner"]`, "forbids",
			SecureVnetArgs{Tags: map[string]string{"team/owner": "x"}}},
		{"two sizes for one subnet are rejected", "AZN005", "subnetSpecs[0]", "more than one",
			SecureVnetArgs{SubnetSpecs: []VnetSubnetSpec{{Name: "a", CidrMask: ptr(24), Size: ptr(256)}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, probs := unpack(assessSecureVnet("net", tt.args, testConfig(standards.Enforce)))
			p := find(t, probs, tt.code, tt.path)
			assert.Contains(t, p.Error(), tt.text)
			assert.Contains(t, p.Error(), "; fix: ")
		})
	}
}

func TestPlanSecureVnetAllowsSSHFromAPrivateNetwork(t *testing.T) {
	_, _, probs := unpack(assessSecureVnet("net", SecureVnetArgs{SubnetSpecs: []VnetSubnetSpec{{Name: "a",
		InboundRules: []VnetInboundRule{{Priority: 100, Port: "22", Source: "10.0.0.0/8"}}}}}, testConfig(standards.Enforce)))
	assert.Zero(t, probs.Len(), "%v", probs.Items())
}

func TestPlanSecureStorageDefaults(t *testing.T) {
	plan, _, probs := unpack(assessSecureStorage("data", SecureStorageAccountArgs{}, testConfig(standards.Enforce)))
	require.Zero(t, probs.Len(), "%v", probs.Items())
	assert.Equal(t, "Standard_ZRS", plan.Sku)
	assert.Equal(t, "Disabled", plan.PublicNetwork)
	assert.Equal(t, 7, plan.SoftDelete)
	assert.True(t, plan.Versioning)
	props := plan.accountProps()
	assert.Equal(t, true, props["enableHttpsTrafficOnly"])
	assert.Equal(t, "TLS1_2", props["minimumTlsVersion"])
	assert.Equal(t, false, props["allowBlobPublicAccess"])
	assert.Equal(t, false, props["allowSharedKeyAccess"])
	assert.Equal(t, map[string]any{"requireInfrastructureEncryption": true}, props["encryption"])
}

func TestPlanSecureStorageRejects(t *testing.T) {
	tests := []struct {
		name, code, path, text string
		args                   SecureStorageAccountArgs
		mode                   standards.Enforcement
	}{
		{"an account name with uppercase is rejected", "AZS001", "accountName", "AcmeLogs", SecureStorageAccountArgs{AccountName: "AcmeLogs"}, standards.Enforce},
		{"an account name over 24 characters is rejected", "AZS001", "accountName", strings.Repeat("a", 25), SecureStorageAccountArgs{AccountName: strings.Repeat("a", 25)}, standards.Enforce},
		{"an account name with a hyphen is rejected", "AZS001", "accountName", "acme-logs", SecureStorageAccountArgs{AccountName: "acme-logs"}, standards.Enforce},
		{"an unknown sku is rejected", "AZS002", "sku", "Standard_XYZ", SecureStorageAccountArgs{Sku: "Standard_XYZ"}, standards.Enforce},
		{"a public network with no rules is rejected in enforce mode", "AZS003", "networkRules.ipRules", "open to every network",
			SecureStorageAccountArgs{PublicNetworkAccess: "Enabled"}, standards.Enforce},
		{"soft delete of 0 days is rejected", "AZS004", "softDeleteRetentionDays", "0", SecureStorageAccountArgs{SoftDeleteRetentionDays: ptr(0)}, standards.Enforce},
		{"an unknown public network mode is rejected", "AZS005", "publicNetworkAccess", "Sometimes", SecureStorageAccountArgs{PublicNetworkAccess: "Sometimes"}, standards.Enforce},
		{"a customer-managed key without a vault is rejected", "AZS006", "customerManagedKey", "keyVaultUri",
			SecureStorageAccountArgs{CustomerManagedKey: &CustomerManagedKey{KeyName: "k"}}, standards.Enforce},
		{"a tag name with a question mark is rejected", "TAG101", `tags["why?"]`, "forbids", SecureStorageAccountArgs{Tags: map[string]string{"why?": "x"}}, standards.Enforce},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, probs := unpack(assessSecureStorage("data", tt.args, testConfig(tt.mode)))
			p := find(t, probs, tt.code, tt.path)
			assert.Contains(t, p.Error(), tt.text)
			assert.Contains(t, p.Error(), "; fix: ")
		})
	}
}

func TestPlanSecureStoragePublicWithoutRulesWarnsInAudit(t *testing.T) {
	plan, _, probs := unpack(assessSecureStorage("data", SecureStorageAccountArgs{PublicNetworkAccess: "Enabled"}, testConfig(standards.Audit)))
	assert.Zero(t, probs.Len())
	require.NotEmpty(t, plan.Warnings)
	assert.Contains(t, plan.Warnings[0], "AZS003")
}
