package main

import (
	"regexp"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

const sub = "/subscriptions/" + defaultSubscriptionID

func TestTypeTableCoversTheTypesTheComponentsUse(t *testing.T) {
	want := []string{
		"azure-native:resources:ResourceGroup",
		"azure-native:network:VirtualNetwork",
		"azure-native:network:Subnet",
		"azure-native:network/v20240501:Subnet",
		"azure-native:network:NetworkSecurityGroup",
		"azure-native:network:SecurityRule",
		"azure-native:network:NatGateway",
		"azure-native:network:PublicIPAddress",
		"azure-native:storage:StorageAccount",
		"azure-native:storage:BlobServiceProperties",
		"azure-native:storage:BlobContainer",
		"azure-native:network/v20240501:VirtualNetwork",
		"azure-native:network/v20240501:NetworkSecurityGroup",
		"azure-native:network/v20240501:SecurityRule",
		"azure-native:network/v20240501:NatGateway",
		"azure-native:network/v20240501:PublicIPAddress",
	}
	var got []string
	for _, ts := range types {
		got = append(got, ts.Token)
	}
	assert.ElementsMatch(t, want, got)
}

// TestEveryTypeCreatesWithAnIDInItsARMFormat creates one of each type with
// minimal inputs, which also runs every Outputs function.
func TestEveryTypeCreatesWithAnIDInItsARMFormat(t *testing.T) {
	const hex8 = `[0-9a-f]{8}`
	const rg = sub + `/resourceGroups/rg1`
	tests := []struct {
		typ     string
		inputs  map[string]any
		id      string // regexp
		armType string
		located bool
	}{
		{resourceGroupType, map[string]any{}, `^` + sub + `/resourceGroups/net` + hex8 + `$`,
			"Microsoft.Resources/resourceGroups", true},
		{virtualNetworkType, map[string]any{
			"resourceGroupName": "rg1", "addressSpace": map[string]any{"addressPrefixes": []any{"10.0.0.0/16"}},
		}, `^` + rg + `/providers/Microsoft\.Network/virtualNetworks/net` + hex8 + `$`,
			"Microsoft.Network/virtualNetworks", true},
		{subnetType, map[string]any{"resourceGroupName": "rg1", "virtualNetworkName": "vnet1", "addressPrefix": "10.0.1.0/24"},
			`^` + rg + `/providers/Microsoft\.Network/virtualNetworks/vnet1/subnets/net` + hex8 + `$`,
			"Microsoft.Network/virtualNetworks/subnets", false},
		{networkSecurityGroupType, map[string]any{"resourceGroupName": "rg1"},
			`^` + rg + `/providers/Microsoft\.Network/networkSecurityGroups/net` + hex8 + `$`,
			"Microsoft.Network/networkSecurityGroups", true},
		{securityRuleType, map[string]any{
			"resourceGroupName": "rg1", "networkSecurityGroupName": "nsg1", "access": "Deny", "direction": "Inbound",
			"priority": 100, "protocol": "*",
		}, `^` + rg + `/providers/Microsoft\.Network/networkSecurityGroups/nsg1/securityRules/net` + hex8 + `$`,
			"Microsoft.Network/networkSecurityGroups/securityRules", false},
		{natGatewayType, map[string]any{"resourceGroupName": "rg1", "sku": map[string]any{"name": "Standard"}},
			`^` + rg + `/providers/Microsoft\.Network/natGateways/net` + hex8 + `$`,
			"Microsoft.Network/natGateways", true},
		{publicIPAddressType, map[string]any{"resourceGroupName": "rg1", "publicIPAllocationMethod": "Static"},
			`^` + rg + `/providers/Microsoft\.Network/publicIPAddresses/net` + hex8 + `$`,
			"Microsoft.Network/publicIPAddresses", true},
		{storageAccountType, map[string]any{
			"resourceGroupName": "rg1", "kind": "StorageV2", "sku": map[string]any{"name": "Standard_LRS"},
		}, `^` + rg + `/providers/Microsoft\.Storage/storageAccounts/net` + hex8 + `$`,
			"Microsoft.Storage/storageAccounts", true},
		{blobServicePropertiesType, map[string]any{"resourceGroupName": "rg1", "accountName": "acct1"},
			`^` + rg + `/providers/Microsoft\.Storage/storageAccounts/acct1/blobServices/default$`,
			"Microsoft.Storage/storageAccounts/blobServices", false},
		{blobContainerType, map[string]any{"resourceGroupName": "rg1", "accountName": "acct1"},
			`^` + rg + `/providers/Microsoft\.Storage/storageAccounts/acct1/blobServices/default/containers/net` + hex8 + `$`,
			"Microsoft.Storage/storageAccounts/blobServices/containers", false},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			s, ledger := newServer(t, map[string]any{"location": "westeurope"})
			tags := map[string]any{"team": "platform"}
			inputs := map[string]any{"tags": tags}
			for k, v := range tt.inputs {
				inputs[k] = v
			}
			id, state := create(t, s, tt.typ, "net", inputs)
			assert.Regexp(t, tt.id, id)
			assert.Equal(t, id, at(state, "id").AsString())
			assert.Equal(t, tt.armType, at(state, "type").AsString())
			assert.Equal(t, id[len(id)-len(at(state, "name").AsString()):], at(state, "name").AsString(),
				"the name output is the last segment of the id")
			assert.Equal(t, "platform", at(state, "tags", "team").AsString(), "tags are echoed")
			_, hasTagsAll := state.GetOk("tagsAll")
			assert.False(t, hasTagsAll, "Azure has no tagsAll")
			if tt.located {
				assert.Equal(t, "westeurope", at(state, "location").AsString())
			} else {
				assert.True(t, at(state, "location").IsNull(), "child resources have no location")
			}

			entries, err := standin.ReadLedger(ledger)
			require.NoError(t, err)
			e, ok := entries[standin.LedgerKey(tt.typ, id)]
			require.True(t, ok, "the ledger records the resource")
			assert.Equal(t, packageName, e.Provider)
			assert.Equal(t, id, e.State["id"])
		})
	}
}

func TestAutonamingFollowsAzureNative(t *testing.T) {
	s, _ := newServer(t, nil)
	tests := []struct {
		name    string
		typ     string
		logical string
		inputs  map[string]any
		prop    string
		want    string // regexp
	}{
		{"a resource group is the logical name plus 8 hex", resourceGroupType, "App-RG", map[string]any{},
			"resourceGroupName", `^App-RG[0-9a-f]{8}$`},
		{"a network keeps the logical name's case and dashes", virtualNetworkType, "hub-Vnet",
			map[string]any{"resourceGroupName": "rg"}, "virtualNetworkName", `^hub-Vnet[0-9a-f]{8}$`},
		{"a storage account is lowercase alphanumerics within 24", storageAccountType, "Data_Lake-Raw.Zone-Prod",
			map[string]any{"resourceGroupName": "rg"}, "accountName", `^datalakerawzonep[0-9a-f]{8}$`},
		{"a container is lowercase", blobContainerType, "Raw-Data",
			map[string]any{"resourceGroupName": "rg", "accountName": "acct"}, "containerName", `^raw-data[0-9a-f]{8}$`},
		{"an explicit name is kept", virtualNetworkType, "hub",
			map[string]any{"resourceGroupName": "rg", "virtualNetworkName": "Hub-Prod"}, "virtualNetworkName", `^Hub-Prod$`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checked := check(t, s, tt.typ, tt.logical, tt.inputs)
			name := checked.Get(tt.prop).AsString()
			assert.Regexp(t, tt.want, name)
			if tt.typ == storageAccountType {
				assert.Regexp(t, `^[a-z0-9]{3,24}$`, name, "a valid storage account name")
			}
		})
	}

	t.Run("a second Check reuses the generated name", func(t *testing.T) {
		first := check(t, s, virtualNetworkType, "hub", map[string]any{"resourceGroupName": "rg"})
		again, err := s.Check(p.CheckRequest{
			Urn: urn(virtualNetworkType, "hub"), State: first,
			Inputs: toMap(t, map[string]any{"resourceGroupName": "rg", "tags": map[string]any{"a": "b"}}),
		})
		require.NoError(t, err)
		assert.Equal(t, first.Get("virtualNetworkName"), again.Inputs.Get("virtualNetworkName"))
	})
}

func TestLocationComesFromInputsConfigOrTheResourceGroup(t *testing.T) {
	t.Setenv("ARM_LOCATION", "")
	vnet := func(extra map[string]any) map[string]any {
		in := map[string]any{"resourceGroupName": "rg1"}
		for k, v := range extra {
			in[k] = v
		}
		return in
	}

	s, _ := newServer(t, map[string]any{"location": "westeurope"})
	_, state := create(t, s, virtualNetworkType, "in", vnet(map[string]any{"location": "northeurope"}))
	assert.Equal(t, "northeurope", at(state, "location").AsString(), "the input")
	_, state = create(t, s, virtualNetworkType, "cfg", vnet(nil))
	assert.Equal(t, "westeurope", at(state, "location").AsString(), "the provider's location")

	s, _ = newServer(t, nil)
	create(t, s, resourceGroupType, "rg", map[string]any{"resourceGroupName": "rg1", "location": "uksouth"})
	_, state = create(t, s, virtualNetworkType, "rg", vnet(nil))
	assert.Equal(t, "uksouth", at(state, "location").AsString(), "the resource group's location from the ledger")
	_, state = create(t, s, virtualNetworkType, "none", map[string]any{"resourceGroupName": "other"})
	assert.Equal(t, defaultLocation, at(state, "location").AsString(), "the stand-in default")
}

func TestStorageAccountReportsEndpointsAndDefaults(t *testing.T) {
	s, _ := newServer(t, map[string]any{"location": "eastus2"})
	_, state := create(t, s, storageAccountType, "data", map[string]any{
		"resourceGroupName": "rg1", "accountName": "orgdata01", "kind": "StorageV2",
		"sku": map[string]any{"name": "Standard_ZRS"}, "minimumTlsVersion": "TLS1_2",
		"encryption":             map[string]any{"requireInfrastructureEncryption": true},
		"enableHttpsTrafficOnly": false,
	})
	for svc, host := range map[string]string{
		"blob": "blob", "dfs": "dfs", "file": "file", "queue": "queue", "table": "table", "web": "web",
	} {
		assert.Equal(t, "https://orgdata01."+host+".core.windows.net/", at(state, "primaryEndpoints", svc).AsString(), svc)
	}
	assert.Equal(t, "orgdata01", at(state, "name").AsString())
	assert.Equal(t, "Succeeded", at(state, "provisioningState").AsString())
	assert.Equal(t, "eastus2", at(state, "primaryLocation").AsString())
	assert.Equal(t, "Standard", at(state, "sku", "tier").AsString())
	assert.Equal(t, "Standard_ZRS", at(state, "sku", "name").AsString(), "inputs survive the merge")
	assert.Equal(t, "Hot", at(state, "accessTier").AsString())
	assert.True(t, at(state, "encryption", "requireInfrastructureEncryption").AsBool())
	assert.Equal(t, "Microsoft.Storage", at(state, "encryption", "keySource").AsString(), "defaults fill the gaps")
	assert.False(t, at(state, "enableHttpsTrafficOnly").AsBool(), "inputs win over defaults")
	assert.Equal(t, "TLS1_2", at(state, "minimumTlsVersion").AsString())
	assert.Regexp(t, regexp.MustCompile(`^\d{4}-\d\d-\d\dT`), at(state, "creationTime").AsString())
}

func TestBlobServicePropertiesCarriesTheAccountsSKU(t *testing.T) {
	s, _ := newServer(t, nil)
	accountID, _ := create(t, s, storageAccountType, "data", map[string]any{
		"resourceGroupName": "rg1", "accountName": "orgdata01", "kind": "BlockBlobStorage",
		"sku": map[string]any{"name": "Premium_LRS"},
	})
	id, state := create(t, s, blobServicePropertiesType, "data-blob", map[string]any{
		"resourceGroupName": "rg1", "accountName": "orgdata01",
		"deleteRetentionPolicy":          map[string]any{"enabled": true, "days": 7},
		"containerDeleteRetentionPolicy": map[string]any{"enabled": true, "days": 7},
	})
	assert.Equal(t, accountID+"/blobServices/default", id)
	assert.Equal(t, "default", at(state, "name").AsString())
	assert.Equal(t, "Premium", at(state, "sku", "tier").AsString())
	assert.True(t, at(state, "deleteRetentionPolicy", "enabled").AsBool())
}

func TestNetworkSecurityGroupReportsAzuresDefaultRules(t *testing.T) {
	s, _ := newServer(t, nil)
	id, state := create(t, s, networkSecurityGroupType, "web", map[string]any{
		"resourceGroupName": "rg1",
		"securityRules": []any{map[string]any{
			"name": "https", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
			"sourceAddressPrefix": "Internet", "sourcePortRange": "*", "destinationAddressPrefix": "*",
			"destinationPortRange": "443",
		}},
	})
	assert.Equal(t, "https", at(state, "securityRules", 0, "name").AsString(), "inline rules are echoed")
	defaults := at(state, "defaultSecurityRules")
	require.True(t, defaults.IsArray())
	assert.Equal(t, 6, defaults.AsArray().Len())
	assert.Equal(t, "DenyAllInBound", at(state, "defaultSecurityRules", 2, "name").AsString())
	assert.Equal(t, id+"/defaultSecurityRules/DenyAllInBound", at(state, "defaultSecurityRules", 2, "id").AsString())
	assert.NotEmpty(t, at(state, "resourceGuid").AsString())
	assert.Regexp(t, `^W/"[0-9a-f-]{36}"$`, at(state, "etag").AsString())
}

func TestSubscriptionComesFromTheConfig(t *testing.T) {
	const other = "99999999-8888-7777-6666-555555555555"
	s, _ := newServer(t, map[string]any{"subscriptionId": other, "clientSecret": "s3cret"})
	id, _ := create(t, s, resourceGroupType, "rg", map[string]any{"resourceGroupName": "app"})
	assert.Equal(t, "/subscriptions/"+other+"/resourceGroups/app", id)
}

func TestPublicIPKeepsItsAddressAcrossUpdates(t *testing.T) {
	s, _ := newServer(t, nil)
	inputs := map[string]any{"resourceGroupName": "rg1", "publicIpAddressName": "nat-ip"}
	id, state := create(t, s, publicIPAddressType, "nat", inputs)
	assert.Regexp(t, `^20\.\d+\.\d+\.\d+$`, at(state, "ipAddress").AsString())

	news := toMap(t, map[string]any{
		"resourceGroupName": "rg1", "publicIpAddressName": "nat-ip", "tags": map[string]any{"a": "b"},
	})
	resp, err := s.Update(p.UpdateRequest{
		ID: id, Urn: urn(publicIPAddressType, "nat"), State: state, OldInputs: toMap(t, inputs), Inputs: news,
	})
	require.NoError(t, err)
	assert.Equal(t, at(state, "ipAddress"), resp.Properties.Get("ipAddress"))
	assert.Equal(t, at(state, "resourceGuid"), resp.Properties.Get("resourceGuid"))
}
