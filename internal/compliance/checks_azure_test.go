package compliance

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ---------------------------------------------------------------- fixtures

// storageAccount is an azure-native StorageAccount with the given settings
// (the inside of a JSON object) and related resources.
func storageAccount(settings string, related ...Resource) Subject {
	props := `{"accountName":"orgdata01","resourceGroupName":"app","kind":"StorageV2","sku":{"name":"Standard_ZRS"}`
	if settings != "" {
		props += "," + settings
	}
	return subj(res(TypeAzureStorageAccount, "orgdata01", props+"}"), related...)
}

// blobService is the account's BlobServiceProperties with the given settings.
func blobService(settings string) Resource {
	return res(TypeAzureBlobServiceProperties, "orgdata01-blob",
		`{"accountName":"orgdata01","resourceGroupName":"app","blobServicesName":"default",`+settings+`}`)
}

// softDelete is a retention policy with enabled and days.
func softDelete(enabled bool, days int) string {
	return fmt.Sprintf(`{"enabled":%t,"days":%d}`, enabled, days)
}

// compliantStorage satisfies every storage control, as SecureStorageAccount plans it.
const compliantStorage = `"enableHttpsTrafficOnly":true,"minimumTlsVersion":"TLS1_2","allowBlobPublicAccess":false,
	"allowSharedKeyAccess":false,"publicNetworkAccess":"Disabled",
	"encryption":{"requireInfrastructureEncryption":true,"keySource":"Microsoft.Storage"},
	"networkRuleSet":{"defaultAction":"Deny","bypass":"AzureServices"}`

// azVnet is an azure-native VirtualNetwork with related resources.
func azVnet(related ...Resource) Subject {
	return subj(res(TypeAzureVirtualNetwork, "hub",
		`{"virtualNetworkName":"hub","resourceGroupName":"app","addressSpace":{"addressPrefixes":["10.10.0.0/16"]}}`),
		related...)
}

// nsg is a network security group with inline securityRules (a JSON list).
func nsg(name, rules string) Resource {
	return res(TypeAzureNSG, name, `{"networkSecurityGroupName":"`+name+`","resourceGroupName":"app","securityRules":`+rules+`}`)
}

// nsgRule is one inline security rule: access, protocol, source prefix and
// destination port range, inbound unless the source says otherwise.
func nsgRuleJSON(name string, priority int, access, protocol, source, ports string) string {
	return fmt.Sprintf(`{"name":%q,"priority":%d,"direction":"Inbound","access":%q,"protocol":%q,`+
		`"sourceAddressPrefix":%q,"sourcePortRange":"*","destinationAddressPrefix":"*","destinationPortRange":%q}`,
		name, priority, access, protocol, source, ports)
}

// denyInternet is the rule SecureVnet puts last in every subnet's NSG.
var denyInternet = nsgRuleJSON("DenyInternetInbound", 4000, "Deny", "*", "Internet", "*")

// securityRule is a standalone azure-native SecurityRule of NSG "web".
func securityRule(name, settings string) Resource {
	return res(TypeAzureSecurityRule, name,
		`{"networkSecurityGroupName":"web","resourceGroupName":"app","securityRuleName":"`+name+`",`+settings+`}`)
}

// azureCheckCases are the Azure controls' fixtures, part of checkCases.
func azureCheckCases() []checkCase {
	return []checkCase{
		// ------------------------------------------------------------ azure-storage-secure-transfer
		{control: "azure-storage-secure-transfer", want: passes, when: "enableHttpsTrafficOnly is true",
			subject: storageAccount(compliantStorage)},
		{control: "azure-storage-secure-transfer", want: passes, when: "enableHttpsTrafficOnly is the string \"true\"",
			subject: storageAccount(`"enableHttpsTrafficOnly":"true"`)},
		{control: "azure-storage-secure-transfer", want: fails, when: "enableHttpsTrafficOnly is false",
			subject: storageAccount(`"enableHttpsTrafficOnly":false`), reason: "plain HTTP"},
		{control: "azure-storage-secure-transfer", want: fails, when: "enableHttpsTrafficOnly is not set",
			subject: storageAccount(``), reason: "not set"},

		// ------------------------------------------------------------ azure-storage-tls12
		{control: "azure-storage-tls12", want: passes, when: "minimumTlsVersion is TLS1_2",
			subject: storageAccount(compliantStorage), reason: "TLS1_2"},
		{control: "azure-storage-tls12", want: passes, when: "minimumTlsVersion is TLS1_3",
			subject: storageAccount(`"minimumTlsVersion":"TLS1_3"`)},
		{control: "azure-storage-tls12", want: fails, when: "minimumTlsVersion is TLS1_1",
			subject: storageAccount(`"minimumTlsVersion":"TLS1_1"`), reason: `"TLS1_1"`},
		{control: "azure-storage-tls12", want: fails, when: "minimumTlsVersion is not set",
			subject: storageAccount(``), reason: "TLS1_0"},

		// ------------------------------------------------------------ azure-storage-no-public-blob
		{control: "azure-storage-no-public-blob", want: passes, when: "allowBlobPublicAccess is false",
			subject: storageAccount(compliantStorage)},
		{control: "azure-storage-no-public-blob", want: fails, when: "allowBlobPublicAccess is true",
			subject: storageAccount(`"allowBlobPublicAccess":true`), reason: "anonymous"},
		{control: "azure-storage-no-public-blob", want: fails, when: "allowBlobPublicAccess is not set",
			subject: storageAccount(``), reason: "reads as true"},

		// ------------------------------------------------------------ azure-storage-infrastructure-encryption
		{control: "azure-storage-infrastructure-encryption", want: passes, when: "requireInfrastructureEncryption is true",
			subject: storageAccount(compliantStorage)},
		{control: "azure-storage-infrastructure-encryption", want: fails, when: "requireInfrastructureEncryption is false",
			subject: storageAccount(`"encryption":{"requireInfrastructureEncryption":false,"keySource":"Microsoft.Storage"}`),
			reason:  "only be set when the account is created"},
		{control: "azure-storage-infrastructure-encryption", want: fails, when: "the account has no encryption settings",
			subject: storageAccount(``)},

		// ------------------------------------------------------------ azure-storage-soft-delete
		{control: "azure-storage-soft-delete", want: passes, when: "blob and container soft delete are enabled",
			subject: storageAccount(compliantStorage, blobService(
				`"deleteRetentionPolicy":`+softDelete(true, 7)+`,"containerDeleteRetentionPolicy":`+softDelete(true, 14))),
			reason: "(7 days) and container soft delete (14 days)"},
		{control: "azure-storage-soft-delete", want: fails, when: "only blob soft delete is enabled",
			subject: storageAccount(compliantStorage, blobService(`"deleteRetentionPolicy":`+softDelete(true, 7))),
			reason:  "containerDeleteRetentionPolicy not enabled"},
		{control: "azure-storage-soft-delete", want: fails, when: "both policies are disabled",
			subject: storageAccount(compliantStorage, blobService(
				`"deleteRetentionPolicy":`+softDelete(false, 7)+`,"containerDeleteRetentionPolicy":`+softDelete(false, 7))),
			reason: "containerDeleteRetentionPolicy and deleteRetentionPolicy not enabled"},
		{control: "azure-storage-soft-delete", want: fails, when: "the account has no blob service properties",
			subject: storageAccount(compliantStorage), reason: "no blob service properties"},

		// ------------------------------------------------------------ azure-storage-no-shared-key
		{control: "azure-storage-no-shared-key", want: passes, when: "allowSharedKeyAccess is false",
			subject: storageAccount(compliantStorage), reason: "Entra ID"},
		{control: "azure-storage-no-shared-key", want: fails, when: "allowSharedKeyAccess is true",
			subject: storageAccount(`"allowSharedKeyAccess":true`), reason: "account keys"},
		{control: "azure-storage-no-shared-key", want: fails, when: "allowSharedKeyAccess is not set",
			subject: storageAccount(``), reason: "reads as true"},

		// ------------------------------------------------------------ azure-storage-network-deny
		{control: "azure-storage-network-deny", want: passes, when: "publicNetworkAccess is Disabled",
			subject: storageAccount(`"publicNetworkAccess":"Disabled","networkRuleSet":{"defaultAction":"Allow"}`),
			reason:  "Disabled"},
		{control: "azure-storage-network-deny", want: passes, when: "public access is Enabled but the rule set denies by default",
			subject: storageAccount(`"publicNetworkAccess":"Enabled","networkRuleSet":{"defaultAction":"Deny","ipRules":[]}`),
			reason:  "denies by default"},
		{control: "azure-storage-network-deny", want: fails, when: "public access is Enabled and the rule set allows",
			subject: storageAccount(`"publicNetworkAccess":"Enabled","networkRuleSet":{"defaultAction":"Allow"}`),
			reason:  "publicNetworkAccess is Enabled and networkRuleSet.defaultAction is Allow"},
		{control: "azure-storage-network-deny", want: fails, when: "neither is set",
			subject: storageAccount(``), reason: "not set (Allow)"},

		// ------------------------------------------------------------ azure-nsg-no-internet-ssh
		{control: "azure-nsg-no-internet-ssh", want: passes, when: "the NSGs allow only HTTPS from the Internet, then deny it",
			subject: azVnet(nsg("web", jsonList(nsgRuleJSON("https", 100, "Allow", "Tcp", "Internet", "443"), denyInternet)))},
		{control: "azure-nsg-no-internet-ssh", want: passes, when: "the network has no NSG",
			subject: azVnet()},
		{control: "azure-nsg-no-internet-ssh", want: fails, when: "an inline rule allows 22 from Internet",
			subject: azVnet(nsg("web", jsonList(nsgRuleJSON("ssh", 100, "Allow", "Tcp", "Internet", "22"), denyInternet))),
			reason:  `network security group web rule "ssh" allows inbound SSH (port 22)`},
		{control: "azure-nsg-no-internet-ssh", want: fails, when: "an inline rule allows every port from *",
			subject: azVnet(nsg("web", jsonList(nsgRuleJSON("all", 100, "Allow", "*", "*", "*")))), reason: `"all"`},
		{control: "azure-nsg-no-internet-ssh", want: fails, when: "the port range 20-25 from 0.0.0.0/0 covers 22",
			subject: azVnet(nsg("web", jsonList(nsgRuleJSON("low", 100, "Allow", "Tcp", "0.0.0.0/0", "20-25")))), reason: `"low"`},
		{control: "azure-nsg-no-internet-ssh", want: fails, when: "destinationPortRanges from Any include 22",
			subject: azVnet(nsg("web", `[{"name":"multi","priority":100,"direction":"Inbound","access":"Allow","protocol":"TCP",
				"sourceAddressPrefix":"Any","destinationPortRanges":["80","22"]}]`)), reason: `"multi"`},
		{control: "azure-nsg-no-internet-ssh", want: fails, when: "sourceAddressPrefixes include ::/0",
			subject: azVnet(nsg("web", `[{"name":"v6","priority":100,"direction":"Inbound","access":"Allow","protocol":"Tcp",
				"sourceAddressPrefixes":["10.0.0.0/8","::/0"],"destinationPortRange":"22"}]`)), reason: `"v6"`},
		{control: "azure-nsg-no-internet-ssh", want: fails, when: "a higher-priority deny shadows the allow, as the CIS audit reads it",
			subject: azVnet(nsg("web", jsonList(
				nsgRuleJSON("deny-ssh", 100, "Deny", "Tcp", "Internet", "22"),
				nsgRuleJSON("ssh", 200, "Allow", "Tcp", "Internet", "22")))),
			reason: `"ssh"`},
		{control: "azure-nsg-no-internet-ssh", want: fails, when: "a standalone SecurityRule allows 22 from Internet",
			subject: azVnet(nsg("web", `[]`), securityRule("web-ssh",
				`"priority":300,"direction":"Inbound","access":"Allow","protocol":"Tcp","sourceAddressPrefix":"Internet",`+
					`"sourcePortRange":"*","destinationAddressPrefix":"*","destinationPortRange":"22"`)),
			reason: `network security group web rule "web-ssh"`},
		{control: "azure-nsg-no-internet-ssh", want: passes, when: "22 is open to a private range only",
			subject: azVnet(nsg("web", jsonList(nsgRuleJSON("ssh-vpn", 100, "Allow", "Tcp", "10.8.0.0/16", "22"))))},
		{control: "azure-nsg-no-internet-ssh", want: passes, when: "22 is open to the VirtualNetwork service tag",
			subject: azVnet(nsg("web", jsonList(nsgRuleJSON("ssh-vnet", 100, "Allow", "Tcp", "VirtualNetwork", "22"))))},
		{control: "azure-nsg-no-internet-ssh", want: passes, when: "the rule for 22 from Internet denies",
			subject: azVnet(nsg("web", jsonList(nsgRuleJSON("deny-ssh", 100, "Deny", "Tcp", "Internet", "22"))))},
		{control: "azure-nsg-no-internet-ssh", want: passes, when: "the rule for 22 from Internet is UDP",
			subject: azVnet(nsg("web", jsonList(nsgRuleJSON("udp", 100, "Allow", "Udp", "Internet", "22"))))},
		{control: "azure-nsg-no-internet-ssh", want: passes, when: "the allow is outbound",
			subject: azVnet(nsg("web", `[{"name":"out","priority":100,"direction":"Outbound","access":"Allow","protocol":"*",
				"sourceAddressPrefix":"*","destinationAddressPrefix":"Internet","destinationPortRange":"*"}]`))},

		// ------------------------------------------------------------ azure-nsg-no-internet-rdp
		{control: "azure-nsg-no-internet-rdp", want: passes, when: "the NSGs allow only HTTPS from the Internet, then deny it",
			subject: azVnet(nsg("web", jsonList(nsgRuleJSON("https", 100, "Allow", "Tcp", "Internet", "443"), denyInternet)))},
		{control: "azure-nsg-no-internet-rdp", want: passes, when: "only SSH is open to the Internet",
			subject: azVnet(nsg("web", jsonList(nsgRuleJSON("ssh", 100, "Allow", "Tcp", "Internet", "22"))))},
		{control: "azure-nsg-no-internet-rdp", want: fails, when: "an inline rule allows 3389 from Internet",
			subject: azVnet(nsg("web", jsonList(nsgRuleJSON("rdp", 100, "Allow", "Tcp", "Internet", "3389")))),
			reason:  `network security group web rule "rdp" allows inbound RDP (port 3389)`},
		{control: "azure-nsg-no-internet-rdp", want: fails, when: "the port range 3000-4000 from * covers 3389",
			subject: azVnet(nsg("web", jsonList(nsgRuleJSON("high", 100, "Allow", "*", "*", "3000-4000")))), reason: `"high"`},
		{control: "azure-nsg-no-internet-rdp", want: fails, when: "rules in two NSGs allow 3389",
			subject: azVnet(
				nsg("web", jsonList(nsgRuleJSON("rdp-a", 100, "Allow", "Tcp", "Internet", "3389"))),
				nsg("data", jsonList(nsgRuleJSON("rdp-b", 100, "Allow", "Tcp", "0.0.0.0/0", "3389")))),
			reason: `network security group data rule "rdp-b", network security group web rule "rdp-a"`},
	}
}

// azureMalformedSubjects have odd shapes where the checks read; a check must
// judge them, never panic.
func azureMalformedSubjects() map[string]Subject {
	return map[string]Subject{
		TypeAzureStorageAccount: subj(res(TypeAzureStorageAccount, "sa",
			`{"enableHttpsTrafficOnly":"yes","minimumTlsVersion":12,"allowBlobPublicAccess":[],"encryption":"x",
			  "networkRuleSet":[],"publicNetworkAccess":{"a":1},"allowSharedKeyAccess":null}`),
			res(TypeAzureBlobServiceProperties, "bs", `{"deleteRetentionPolicy":"x","containerDeleteRetentionPolicy":{"days":"a"}}`)),
		TypeAzureVirtualNetwork: subj(res(TypeAzureVirtualNetwork, "vnet", `{"subnets":"x"}`),
			res(TypeAzureNSG, "nsg", `{"securityRules":["not a rule",null,
				{"direction":"Inbound","access":"Allow","protocol":"Tcp","sourceAddressPrefixes":"x","destinationPortRange":22},
				{"direction":"Inbound","access":"Allow","protocol":"Tcp","sourceAddressPrefix":"*","destinationPortRanges":[null,"a-b","-"]}]}`),
			Resource{Type: TypeAzureSecurityRule, Name: "rule", ID: "/subscriptions"}),
	}
}

// ---------------------------------------------------------------- linking

const azSub = "/subscriptions/00000000-0000-0000-0000-000000000000"

// armRes is an Azure resource in a stack's state, with its ARM id under
// resource group rg.
func armRes(typ, name, rg, path, props string) Resource {
	return Resource{Type: typ, Name: urn(typ, name), ID: azSub + "/resourceGroups/" + rg + path, Props: obj(props)}
}

// azureState is a small Azure stack as `orgiac report` reads it: two
// networks of the same name in two resource groups, and two storage
// accounts, one recorded by the stand-in (inputs echoed in the outputs) and
// one the way azure-native records it (outputs only, ARM ids to link by).
func azureState() []Resource {
	const net = "/providers/Microsoft.Network"
	const sto = "/providers/Microsoft.Storage"
	return []Resource{
		armRes("azure-native:resources:ResourceGroup", "app", "app", "", `{"name":"app","location":"westeurope"}`),

		// app/hub: subnets by virtualNetworkName, NSGs by the subnets' networkSecurityGroup.id,
		// rules by networkSecurityGroupName or by their parent id.
		armRes(TypeAzureVirtualNetwork, "hub", "app", net+"/virtualNetworks/hub",
			`{"name":"hub","virtualNetworkName":"hub","resourceGroupName":"app","subnets":[]}`),
		armRes(TypeAzureSubnet, "hub-web", "app", net+"/virtualNetworks/hub/subnets/web",
			`{"name":"web","virtualNetworkName":"hub","resourceGroupName":"app",
			  "networkSecurityGroup":{"id":"`+azSub+`/resourceGroups/app`+net+`/networkSecurityGroups/hub-web"}}`),
		armRes(TypeAzureSubnet, "hub-data", "app", net+"/virtualNetworks/hub/subnets/data",
			`{"name":"data","networkSecurityGroup":{"id":"`+strings.ToUpper(azSub)+`/resourceGroups/APP`+net+`/networkSecurityGroups/HUB-DATA"}}`),
		armRes(TypeAzureNSG, "hub-web", "app", net+"/networkSecurityGroups/hub-web",
			`{"name":"hub-web","securityRules":[`+nsgRuleJSON("https", 100, "Allow", "Tcp", "Internet", "443")+`]}`),
		armRes(TypeAzureNSG, "hub-data", "app", net+"/networkSecurityGroups/hub-data",
			`{"name":"hub-data","securityRules":[]}`),
		armRes(TypeAzureSecurityRule, "hub-web-ssh", "app", net+"/networkSecurityGroups/hub-web/securityRules/ssh",
			`{"name":"ssh","networkSecurityGroupName":"hub-web","resourceGroupName":"app","direction":"Inbound",
			  "access":"Allow","protocol":"Tcp","sourceAddressPrefix":"Internet","destinationPortRange":"22"}`),
		armRes(TypeAzureSecurityRule, "hub-data-rdp", "app", net+"/networkSecurityGroups/hub-data/securityRules/rdp",
			`{"name":"rdp","direction":"Inbound","access":"Allow","protocol":"*","sourceAddressPrefix":"*",
			  "destinationPortRange":"3389"}`),
		// An NSG no subnet of either network uses, with a rule that would fail.
		armRes(TypeAzureNSG, "loose", "app", net+"/networkSecurityGroups/loose",
			`{"name":"loose","securityRules":[`+nsgRuleJSON("all", 100, "Allow", "*", "*", "*")+`]}`),

		// edge/hub: the same network name in another resource group, clean.
		armRes(TypeAzureVirtualNetwork, "edge-hub", "edge", net+"/virtualNetworks/hub", `{"name":"hub"}`),
		armRes(TypeAzureSubnet, "edge-hub-web", "edge", net+"/virtualNetworks/hub/subnets/web",
			`{"name":"web","virtualNetworkName":"hub","resourceGroupName":"edge",
			  "networkSecurityGroup":{"id":"`+azSub+`/resourceGroups/edge`+net+`/networkSecurityGroups/hub-web"}}`),
		armRes(TypeAzureNSG, "edge-hub-web", "edge", net+"/networkSecurityGroups/hub-web",
			`{"name":"hub-web","networkSecurityGroupName":"hub-web","resourceGroupName":"edge","securityRules":[]}`),

		// Storage: the stand-in's shape, linked by accountName ...
		armRes(TypeAzureStorageAccount, "data", "app", sto+"/storageAccounts/orgdata01",
			`{"name":"orgdata01","accountName":"orgdata01","resourceGroupName":"app",`+compliantStorage+`}`),
		armRes(TypeAzureBlobServiceProperties, "data-blob", "app", sto+"/storageAccounts/orgdata01/blobServices/default",
			`{"name":"default","accountName":"orgdata01","resourceGroupName":"app",
			  "deleteRetentionPolicy":{"enabled":true,"days":7},"containerDeleteRetentionPolicy":{"enabled":true,"days":7}}`),
		armRes("azure-native:storage:BlobContainer", "data-raw", "app", sto+"/storageAccounts/orgdata01/blobServices/default/containers/raw",
			`{"name":"raw","accountName":"orgdata01","resourceGroupName":"app","publicAccess":"None"}`),
		// ... and azure-native's, linked by ARM id only.
		armRes(TypeAzureStorageAccount, "legacy", "app", sto+"/storageAccounts/legacy01",
			`{"name":"legacy01","enableHttpsTrafficOnly":true,"minimumTlsVersion":"TLS1_0","allowBlobPublicAccess":false}`),
		armRes(TypeAzureBlobServiceProperties, "legacy-blob", "app", sto+"/storageAccounts/legacy01/blobServices/default",
			`{"name":"default","deleteRetentionPolicy":{"enabled":true,"days":7},"containerDeleteRetentionPolicy":{"enabled":false}}`),
	}
}

func TestLinkSubjectsLinksAzureResources(t *testing.T) {
	subjects := LinkSubjects(azureState())
	byName := map[string]Subject{}
	var names []string
	for _, s := range subjects {
		byName[s.Name] = s
		names = append(names, s.Name)
	}
	want := []string{
		urn(TypeAzureVirtualNetwork, "hub"), urn(TypeAzureVirtualNetwork, "edge-hub"),
		urn(TypeAzureStorageAccount, "data"), urn(TypeAzureStorageAccount, "legacy"),
	}
	slices.Sort(want)
	assert.Equal(t, want, names, "every storage account and network is a subject, sorted by name")

	for _, tc := range []struct {
		name, subject string
		want          map[string][]string
	}{
		{
			name:    "a network gets its subnets, their NSGs (ids compared case-insensitively) and the NSGs' rules",
			subject: urn(TypeAzureVirtualNetwork, "hub"),
			want: map[string][]string{
				TypeAzureSubnet:       {"hub-data", "hub-web"},
				TypeAzureNSG:          {"hub-data", "hub-web"},
				TypeAzureSecurityRule: {"hub-data-rdp", "hub-web-ssh"},
			},
		},
		{
			name:    "a network of the same name in another resource group gets only its own",
			subject: urn(TypeAzureVirtualNetwork, "edge-hub"),
			want: map[string][]string{
				TypeAzureSubnet: {"edge-hub-web"},
				TypeAzureNSG:    {"edge-hub-web"},
			},
		},
		{
			name:    "a storage account gets its blob service by accountName and by id, once",
			subject: urn(TypeAzureStorageAccount, "data"),
			want:    map[string][]string{TypeAzureBlobServiceProperties: {"data-blob"}},
		},
		{
			name:    "an account without name inputs gets its blob service by ARM id",
			subject: urn(TypeAzureStorageAccount, "legacy"),
			want:    map[string][]string{TypeAzureBlobServiceProperties: {"legacy-blob"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, ok := byName[tc.subject]
			require.True(t, ok, "%s is a subject", tc.subject)
			assert.Equal(t, tc.want, linked(s))
		})
	}
}

// TestLinkedAzureStateEvaluates: `orgiac report` judges Azure resources that
// no component owns through LinkSubjects and Evaluate without a component.
func TestLinkedAzureStateEvaluates(t *testing.T) {
	r := Evaluate("", "", LinkSubjects(azureState()), Policy{Frameworks: []string{"cis-azure-foundations-2.1"}})
	for _, tc := range []struct {
		control, status, reason string
	}{
		{"azure-nsg-no-internet-ssh", StatusFail, urn(TypeAzureVirtualNetwork, "hub") +
			`: network security group hub-web rule "` + urn(TypeAzureSecurityRule, "hub-web-ssh") + `" allows inbound SSH`},
		{"azure-nsg-no-internet-rdp", StatusFail, "network security group hub-data rule"},
		{"azure-storage-tls12", StatusFail, urn(TypeAzureStorageAccount, "legacy") + `: minimumTlsVersion is "TLS1_0"`},
		{"azure-storage-soft-delete", StatusFail, urn(TypeAzureStorageAccount, "legacy") +
			": soft delete is off: containerDeleteRetentionPolicy not enabled"},
		{"azure-storage-secure-transfer", StatusPass, "only HTTPS"},
		{"azure-storage-no-public-blob", StatusPass, "no container can be made anonymous"},
	} {
		t.Run(tc.control+" is "+tc.status, func(t *testing.T) {
			got := find(t, r, tc.control)
			assert.Equal(t, tc.status, got.Status, got.Reason)
			assert.Contains(t, got.Reason, tc.reason)
			if tc.status == StatusFail {
				assert.NotEmpty(t, got.Frameworks["cis-azure-foundations-2.1"], "mapped to CIS Azure")
			}
		})
	}
	for _, id := range []string{"azure-nsg-no-internet-ssh", "azure-nsg-no-internet-rdp"} {
		got := find(t, r, id)
		assert.NotContains(t, got.Reason, urn(TypeAzureVirtualNetwork, "edge-hub")+":", "%s: the edge network is clean", id)
		assert.NotContains(t, got.Reason, "loose", "%s: an NSG no subnet uses is not the network's", id)
	}
	for _, c := range r.Controls {
		assert.True(t, strings.HasPrefix(c.ID, "azure-"), "only the Azure controls apply to an Azure stack: %s", c.ID)
	}
}

func TestARMIDParts(t *testing.T) {
	const sa = azSub + "/resourceGroups/App/providers/Microsoft.Storage/storageAccounts/acct"
	for _, tc := range []struct {
		id, parent, name, group string
	}{
		{sa, "", "acct", "App"},
		{sa + "/blobServices/default", sa, "default", "App"},
		{sa + "/blobServices/default/containers/raw/", sa + "/blobServices/default", "raw", "App"},
		{azSub + "/resourceGroups/App", "", "App", "App"},
		{"sg-0123", "", "", ""},
		{"", "", "", ""},
	} {
		t.Run(tc.id, func(t *testing.T) {
			assert.Equal(t, tc.parent, armParent(tc.id), "parent")
			assert.Equal(t, tc.name, armName(tc.id), "name")
			assert.Equal(t, tc.group, armResourceGroup(tc.id), "resource group")
		})
	}
}

func TestNSGRuleMatching(t *testing.T) {
	for _, tc := range []struct {
		ports string
		port  int
		want  bool
	}{
		{"22", 22, true}, {"*", 3389, true}, {"20-25", 22, true}, {" 3000 - 4000 ", 3389, true},
		{"23-25", 22, false}, {"2222", 22, false}, {"a-b", 22, false}, {"", 22, false},
	} {
		assert.Equal(t, tc.want, portRangeCovers(tc.ports, tc.port), "%q covers %d", tc.ports, tc.port)
	}
	for src, want := range map[string]bool{
		"*": true, "Internet": true, "INTERNET": true, "Any": true, "0.0.0.0": true, "/0": true,
		"0.0.0.0/0": true, "::/0": true, "10.0.0.0/0": true,
		"VirtualNetwork": false, "AzureLoadBalancer": false, "10.0.0.0/8": false, "203.0.113.7": false,
	} {
		assert.Equal(t, want, isInternetSource(src), src)
	}
}
