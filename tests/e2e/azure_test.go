package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	tSecureVnet     = "orgiac:azure:SecureVnet"
	tSecureStorage  = "orgiac:azure:SecureStorageAccount"
	tAzureVnet      = "azure-native:network/v20240501:VirtualNetwork"
	tAzureSubnet    = "azure-native:network/v20240501:Subnet"
	tAzureNSG       = "azure-native:network/v20240501:NetworkSecurityGroup"
	tStorageAccount = "azure-native:storage:StorageAccount"
	tBlobProperties = "azure-native:storage:BlobServiceProperties"
)

// TestAzureNetworkYAML builds a SecureVnet and a SecureStorageAccount, checks
// their settings in the state, then runs orgiac report over the export and
// over a copy edited to allow public blob access.
func TestAzureNetworkYAML(t *testing.T) {
	t.Parallel()
	s := newStack(t, "examples/yaml-azure-network")
	s.Init()
	r := cliRunner{}
	require.NoError(t, r.Run(s, "preview"))
	require.NoError(t, r.Run(s, "up"))
	dep := s.Export()

	for _, typ := range []string{tSecureVnet, tSecureStorage} {
		summary := get(dep.one(t, typ).Outputs, "complianceReport", "summary").(map[string]any)
		assert.Zero(t, summary["fail"], "%s passes every applicable Azure control", typ)
		assert.Positive(t, summary["pass"], typ)
	}
	subnets := dep.ofType(tAzureSubnet)
	require.Len(t, subnets, 2)
	for _, sn := range subnets {
		assert.Equal(t, false, sn.Outputs["defaultOutboundAccess"], "no default outbound access")
		assert.NotEmpty(t, get(sn.Outputs, "networkSecurityGroup", "id"), "every subnet has an NSG")
	}
	for _, nsg := range dep.ofType(tAzureNSG) {
		var denies bool
		for _, rule := range nsg.Outputs["securityRules"].([]any) {
			r := rule.(map[string]any)
			denies = denies || (r["access"] == "Deny" && r["sourceAddressPrefix"] == "Internet")
		}
		assert.True(t, denies, "%s denies inbound traffic from the Internet", nsg.URN)
	}
	acct := dep.one(t, tStorageAccount)
	for k, v := range map[string]any{
		"enableHttpsTrafficOnly": true, "minimumTlsVersion": "TLS1_2", "allowBlobPublicAccess": false,
		"allowSharedKeyAccess": false, "publicNetworkAccess": "Disabled",
	} {
		assert.Equal(t, v, acct.Outputs[k], k)
	}
	assert.Equal(t, "Standard_ZRS", get(acct.Outputs, "sku", "name"))
	assert.Equal(t, true, get(acct.Outputs, "encryption", "requireInfrastructureEncryption"))
	blob := dep.one(t, tBlobProperties)
	assert.Equal(t, true, get(blob.Outputs, "deleteRetentionPolicy", "enabled"))
	assert.Equal(t, true, get(blob.Outputs, "containerDeleteRetentionPolicy", "enabled"))
	assert.Equal(t, "confidential", get(acct.Outputs, "tags", "DataClassification"))
	assert.Equal(t, "acme", get(acct.Outputs, "tags", "Organization"))
	assert.Contains(t, get(acct.Outputs, "tags", "compliance:frameworks"), "cis-azure-foundations-2.1")
	assertCloudMatchesState(t, s, dep)

	export := []byte(s.MustPulumi("stack", "export", "--stack", s.Name))
	dir := t.TempDir()
	good := filepath.Join(dir, "azure.json")
	require.NoError(t, os.WriteFile(good, export, 0o644))
	out, code := orgiacReport(t, good)
	assert.Equal(t, 0, code, "the live export passes orgiac report:\n%s", out)

	var doc map[string]any
	require.NoError(t, json.Unmarshal(export, &doc))
	for _, res := range get(doc, "deployment", "resources").([]any) {
		if m := res.(map[string]any); m["type"] == tStorageAccount {
			m["outputs"].(map[string]any)["allowBlobPublicAccess"] = true
		}
	}
	edited, err := json.Marshal(doc)
	require.NoError(t, err)
	drifted := filepath.Join(dir, "drifted.json")
	require.NoError(t, os.WriteFile(drifted, edited, 0o644))
	out, code = orgiacReport(t, drifted)
	assert.Equal(t, 1, code, "public blob access fails the report:\n%s", out)
	assert.Contains(t, out, "azure-storage-no-public-blob")

	require.NoError(t, r.Run(s, "up"))
	assertOnlyUnchanged(t, s.LastChanges(), "a second up changes nothing")
	require.NoError(t, r.Run(s, "destroy"))
	assert.Empty(t, s.CloudResources())
}

// TestAzureStoragePython runs the Python example inline.
func TestAzureStoragePython(t *testing.T) {
	t.Parallel()
	s := newStack(t, "examples/python-azure-storage")
	s.Init()
	driver := filepath.Join(repoRoot, "tests", "e2e", "drivers", "python")
	r := automationRunner{command: []string{filepath.Join(repoRoot, ".toolchain", "venv", "bin", "python"),
		filepath.Join(driver, "driver.py")}, dir: driver}
	require.NoError(t, r.Run(s, "up"))
	dep := s.Export()
	blob := dep.one(t, tBlobProperties)
	assert.EqualValues(t, 14, get(blob.Outputs, "deleteRetentionPolicy", "days"))
	out := s.Outputs()
	assert.Contains(t, get(out, "primaryEndpoints", "blob"), ".blob.core.windows.net")
	assertCloudMatchesState(t, s, dep)
	require.NoError(t, r.Run(s, "destroy"))
	assert.Empty(t, s.CloudResources())
}
