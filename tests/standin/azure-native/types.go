package main

import (
	"strings"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

// Resource type tokens, exactly as the pulumi-azure-native v2.92.0 Go SDK
// registers them (RegisterResource("azure-native:<module>:<Type>", ...) in
// resources/v2, network/v2 and storage/v2).
const (
	resourceGroupType  = "azure-native:resources:ResourceGroup"
	virtualNetworkType = "azure-native:network:VirtualNetwork"
	subnetType         = "azure-native:network:Subnet"
	// subnet20240501Type is the subnet at API version 2024-05-01, the first
	// with defaultOutboundAccess. SecureVnet registers every network resource
	// at that version (network/v2/v20240501), so those tokens are served too.
	subnet20240501Type        = "azure-native:network/v20240501:Subnet"
	networkSecurityGroupType  = "azure-native:network:NetworkSecurityGroup"
	securityRuleType          = "azure-native:network:SecurityRule"
	natGatewayType            = "azure-native:network:NatGateway"
	publicIPAddressType       = "azure-native:network:PublicIPAddress"
	storageAccountType        = "azure-native:storage:StorageAccount"
	blobServicePropertiesType = "azure-native:storage:BlobServiceProperties"
	blobContainerType         = "azure-native:storage:BlobContainer"
)

// types is the azure-native stand-in's type table: one entry per resource
// type it can fake. Tokens and property names follow the pulumi-azure-native
// v2.92.0 SDK (the <module>/v2@v2.92.0 directories in the module cache).
//
// azure-native addresses every resource by its ARM path, so the inputs that
// make up the path (resourceGroupName, the parent's name, the resource's own
// name) force a replacement, as does location; the SDK declares no other
// replace-on-change hints for these types. The name input is optional and
// autonamed as azure-native does it: logical name + 8 random hex characters,
// no separator.
//
// To add a type: append a TypeSpec with its token, an armID for its id, the
// path inputs (and location) as ReplaceOnChanges, an azureName rule if its
// name input is optional, and an Outputs function (outputs.go).
var types = append(baseTypes, atAPIVersion("v20240501",
	virtualNetworkType, networkSecurityGroupType, securityRuleType, natGatewayType, publicIPAddressType)...)

// atAPIVersion returns the specs of the given default-version tokens again
// under the API version's token (azure-native:network/<version>:<Type>); the
// versioned resource has the same properties and ids.
func atAPIVersion(version string, tokens ...string) []standin.TypeSpec {
	var out []standin.TypeSpec
	for _, t := range tokens {
		for _, spec := range baseTypes {
			if spec.Token == t {
				module, typ, _ := strings.Cut(strings.TrimPrefix(t, "azure-native:"), ":")
				spec.Token = "azure-native:" + module + "/" + version + ":" + typ
				out = append(out, spec)
			}
		}
	}
	return out
}

var baseTypes = []standin.TypeSpec{
	{
		Token:            resourceGroupType,
		ID:               resourceGroupID,
		ReplaceOnChanges: []string{"resourceGroupName", "location"},
		AutoName:         azureName("resourceGroupName", 90),
		Outputs:          resourceGroupOutputs,
	},

	// Networking (Microsoft.Network).
	{
		Token:            virtualNetworkType,
		ID:               armID("Microsoft.Network", segment("virtualNetworks", "virtualNetworkName")),
		ReplaceOnChanges: []string{"resourceGroupName", "virtualNetworkName", "location"},
		AutoName:         azureName("virtualNetworkName", 64),
		Outputs:          virtualNetworkOutputs,
	},
	subnetSpec(subnetType),
	subnetSpec(subnet20240501Type),
	{
		Token:            networkSecurityGroupType,
		ID:               armID("Microsoft.Network", segment("networkSecurityGroups", "networkSecurityGroupName")),
		ReplaceOnChanges: []string{"resourceGroupName", "networkSecurityGroupName", "location"},
		AutoName:         azureName("networkSecurityGroupName", 80),
		Outputs:          networkSecurityGroupOutputs,
	},
	{
		Token: securityRuleType,
		ID: armID("Microsoft.Network",
			segment("networkSecurityGroups", "networkSecurityGroupName"), segment("securityRules", "securityRuleName")),
		ReplaceOnChanges: []string{"resourceGroupName", "networkSecurityGroupName", "securityRuleName"},
		AutoName:         azureName("securityRuleName", 80),
		Outputs:          securityRuleOutputs,
	},
	{
		Token:            natGatewayType,
		ID:               armID("Microsoft.Network", segment("natGateways", "natGatewayName")),
		ReplaceOnChanges: []string{"resourceGroupName", "natGatewayName", "location"},
		AutoName:         azureName("natGatewayName", 80),
		Outputs:          natGatewayOutputs,
	},
	{
		Token:            publicIPAddressType,
		ID:               armID("Microsoft.Network", segment("publicIPAddresses", "publicIpAddressName")),
		ReplaceOnChanges: []string{"resourceGroupName", "publicIpAddressName", "location"},
		AutoName:         azureName("publicIpAddressName", 80),
		Outputs:          publicIPAddressOutputs,
	},

	// Storage (Microsoft.Storage).
	{
		Token:            storageAccountType,
		ID:               armID("Microsoft.Storage", segment("storageAccounts", "accountName")),
		ReplaceOnChanges: []string{"resourceGroupName", "accountName", "location"},
		// Storage account names are 3-24 lowercase letters and digits. The real
		// provider appends its suffix to the logical name as given, which Azure
		// can reject (pulumi-azure-native#3665); the stand-in makes a valid name.
		AutoName: &standin.AutoName{
			Property: "accountName", MaxLength: 24, Lowercase: true, AlphanumericOnly: true,
			NoSeparator: true, SuffixLength: azureSuffixLength,
		},
		Outputs: storageAccountOutputs,
	},
	{
		// A singleton child of the account: its name is always "default".
		Token: blobServicePropertiesType,
		ID: armID("Microsoft.Storage",
			segment("storageAccounts", "accountName"), fixedSegment("blobServices", "blobServicesName", "default")),
		ReplaceOnChanges: []string{"resourceGroupName", "accountName", "blobServicesName"},
		Outputs:          blobServicePropertiesOutputs,
	},
	{
		Token: blobContainerType,
		ID: armID("Microsoft.Storage",
			segment("storageAccounts", "accountName"), fixedSegment("blobServices", "", "default"),
			segment("containers", "containerName")),
		ReplaceOnChanges: []string{"resourceGroupName", "accountName", "containerName"},
		// Container names are lowercase letters, digits and hyphens.
		AutoName: &standin.AutoName{
			Property: "containerName", MaxLength: 63, Lowercase: true, NoSeparator: true, SuffixLength: azureSuffixLength,
		},
		Outputs: blobContainerOutputs,
	},
}

// azureSuffixLength is the number of random hex characters azure-native
// appends to a logical name when autonaming.
const azureSuffixLength = 8

// azureName is the autoname rule of an optional name input: logical name
// directly followed by 8 random hex characters, within maxLength.
func azureName(property string, maxLength int) *standin.AutoName {
	return &standin.AutoName{Property: property, MaxLength: maxLength, NoSeparator: true, SuffixLength: azureSuffixLength}
}

// subnetSpec fakes a subnet; the versioned and default tokens behave alike.
func subnetSpec(token string) standin.TypeSpec {
	return standin.TypeSpec{
		Token: token,
		ID: armID("Microsoft.Network",
			segment("virtualNetworks", "virtualNetworkName"), segment("subnets", "subnetName")),
		ReplaceOnChanges: []string{"resourceGroupName", "virtualNetworkName", "subnetName"},
		AutoName:         azureName("subnetName", 80),
		Outputs:          subnetOutputs,
	}
}
