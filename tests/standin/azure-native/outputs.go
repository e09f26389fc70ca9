package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

// Computed outputs of the Azure types. azure-native reports the ARM
// response: the resource's name, id, ARM type and, for tracked resources,
// location and provisioningState, next to the properties it was given (which
// the engine echoes, so inputs such as tags always come back).

// common are the outputs every ARM resource has: its name (the value of the
// name input), id and ARM type.
func common(c *standin.Ctx, nameKey, armType string) map[string]any {
	return map[string]any{"name": c.Str(nameKey), "id": c.ID, "type": armType}
}

// tracked adds what a tracked (located) resource reports.
func tracked(c *standin.Ctx, nameKey, armType string) map[string]any {
	out := common(c, nameKey, armType)
	out["location"] = location(c)
	out["provisioningState"] = "Succeeded"
	return out
}

// location is where a resource lives: its location input, else the provider's
// configured location, else its resource group's (recorded in the ledger),
// else the stand-in default, which is how azure-native fills it in.
func location(c *standin.Ctx) string {
	if l := c.Str("location"); l != "" {
		return l
	}
	if l := c.Settings.Values[keyLocation]; l != "" {
		return l
	}
	if rg := c.Lookup(resourceGroupType, resourceGroupPath(c, c.Str("resourceGroupName"))); rg != nil {
		if l, ok := rg["location"].(string); ok && l != "" {
			return l
		}
	}
	return c.Region
}

func with(base map[string]any, extra map[string]any) map[string]any {
	for k, v := range extra {
		base[k] = v
	}
	return base
}

func resourceGroupOutputs(c *standin.Ctx) map[string]any {
	out := common(c, "resourceGroupName", "Microsoft.Resources/resourceGroups")
	out["location"] = location(c)
	out["properties"] = map[string]any{"provisioningState": "Succeeded"}
	return out
}

// networkTracked adds the etag and resource GUID every Microsoft.Network
// top-level resource reports.
func networkTracked(c *standin.Ctx, nameKey, armType string) map[string]any {
	return with(tracked(c, nameKey, armType), map[string]any{
		"etag":         etag(),
		"resourceGuid": c.Keep("resourceGuid", func() any { return standin.NewUUID() }),
	})
}

// networkChild is what a child resource of Microsoft.Network (a subnet, a
// security rule) reports.
func networkChild(c *standin.Ctx, nameKey, armType string) map[string]any {
	return with(common(c, nameKey, armType), map[string]any{"etag": etag(), "provisioningState": "Succeeded"})
}

func virtualNetworkOutputs(c *standin.Ctx) map[string]any {
	return with(networkTracked(c, "virtualNetworkName", "Microsoft.Network/virtualNetworks"), map[string]any{
		"enableDdosProtection":   false,
		"subnets":                []any{},
		"virtualNetworkPeerings": []any{},
	})
}

func subnetOutputs(c *standin.Ctx) map[string]any {
	return with(networkChild(c, "subnetName", "Microsoft.Network/virtualNetworks/subnets"), map[string]any{
		"privateEndpointNetworkPolicies":    "Disabled",
		"privateLinkServiceNetworkPolicies": "Enabled",
	})
}

func networkSecurityGroupOutputs(c *standin.Ctx) map[string]any {
	return with(networkTracked(c, "networkSecurityGroupName", "Microsoft.Network/networkSecurityGroups"),
		map[string]any{
			"securityRules":        []any{},
			"defaultSecurityRules": defaultSecurityRules(c.ID),
		})
}

// defaultSecurityRules are the six rules Azure puts in every NSG, below any
// custom rule (priorities 65000 and up).
func defaultSecurityRules(nsgID string) []any {
	rule := func(name, direction, access string, priority int, source, destination string) any {
		return map[string]any{
			"name": name, "id": nsgID + "/defaultSecurityRules/" + name,
			"type":      "Microsoft.Network/networkSecurityGroups/defaultSecurityRules",
			"direction": direction, "access": access, "priority": priority, "protocol": "*",
			"sourceAddressPrefix": source, "sourcePortRange": "*",
			"destinationAddressPrefix": destination, "destinationPortRange": "*",
			"provisioningState": "Succeeded",
		}
	}
	return []any{
		rule("AllowVnetInBound", "Inbound", "Allow", 65000, "VirtualNetwork", "VirtualNetwork"),
		rule("AllowAzureLoadBalancerInBound", "Inbound", "Allow", 65001, "AzureLoadBalancer", "*"),
		rule("DenyAllInBound", "Inbound", "Deny", 65500, "*", "*"),
		rule("AllowVnetOutBound", "Outbound", "Allow", 65000, "VirtualNetwork", "VirtualNetwork"),
		rule("AllowInternetOutBound", "Outbound", "Allow", 65001, "*", "Internet"),
		rule("DenyAllOutBound", "Outbound", "Deny", 65500, "*", "*"),
	}
}

func securityRuleOutputs(c *standin.Ctx) map[string]any {
	return networkChild(c, "securityRuleName", "Microsoft.Network/networkSecurityGroups/securityRules")
}

func natGatewayOutputs(c *standin.Ctx) map[string]any {
	return with(networkTracked(c, "natGatewayName", "Microsoft.Network/natGateways"), map[string]any{
		"idleTimeoutInMinutes": 4,
		"sku":                  map[string]any{"name": "Standard"},
	})
}

func publicIPAddressOutputs(c *standin.Ctx) map[string]any {
	return with(networkTracked(c, "publicIpAddressName", "Microsoft.Network/publicIPAddresses"), map[string]any{
		"ipAddress":                c.Keep("ipAddress", func() any { return publicIP() }),
		"idleTimeoutInMinutes":     4,
		"publicIPAddressVersion":   "IPv4",
		"publicIPAllocationMethod": "Static",
		"sku":                      map[string]any{"name": "Standard", "tier": "Regional"},
	})
}

// storageAccountOutputs are what Azure reports for a new account: its
// endpoints, SKU tier and the defaults of an account created without them.
func storageAccountOutputs(c *standin.Ctx) map[string]any {
	account := c.Str("accountName")
	endpoint := func(svc string) string { return "https://" + account + "." + svc + ".core.windows.net/" }
	loc := location(c)
	out := with(tracked(c, "accountName", "Microsoft.Storage/storageAccounts"), map[string]any{
		"primaryEndpoints": map[string]any{
			"blob": endpoint("blob"), "dfs": endpoint("dfs"), "file": endpoint("file"),
			"queue": endpoint("queue"), "table": endpoint("table"), "web": endpoint("web"),
		},
		"primaryLocation":        loc,
		"statusOfPrimary":        "available",
		"creationTime":           c.Keep("creationTime", func() any { return now() }),
		"enableHttpsTrafficOnly": true,
		"encryption": map[string]any{
			"keySource": "Microsoft.Storage",
			"services": map[string]any{
				"blob": map[string]any{"enabled": true, "keyType": "Account"},
				"file": map[string]any{"enabled": true, "keyType": "Account"},
			},
		},
		"sku": map[string]any{"tier": skuTier(c)},
	})
	if kind := c.StrOr("kind", "StorageV2"); (kind == "StorageV2" || kind == "BlobStorage") && skuTier(c) == "Standard" {
		out["accessTier"] = "Hot"
	}
	return out
}

// skuTier is the tier of the account's SKU name: Premium_LRS is Premium.
func skuTier(c *standin.Ctx) string {
	if sku := c.Inputs.Get("sku"); sku.IsMap() {
		if name := sku.AsMap().Get("name"); name.IsString() && strings.HasPrefix(name.AsString(), "Premium") {
			return "Premium"
		}
	}
	return "Standard"
}

func blobServicePropertiesOutputs(c *standin.Ctx) map[string]any {
	out := map[string]any{
		"name": c.StrOr("blobServicesName", "default"), "id": c.ID,
		"type": "Microsoft.Storage/storageAccounts/blobServices",
	}
	if account := c.Lookup(storageAccountType, parentID(c.ID)); account != nil {
		out["sku"] = account["sku"]
	}
	return out
}

func blobContainerOutputs(c *standin.Ctx) map[string]any {
	return with(common(c, "containerName", "Microsoft.Storage/storageAccounts/blobServices/containers"),
		map[string]any{
			"publicAccess":                "None",
			"defaultEncryptionScope":      "$account-encryption-key",
			"denyEncryptionScopeOverride": false,
			"hasImmutabilityPolicy":       false,
			"hasLegalHold":                false,
			"deleted":                     false,
			"leaseState":                  "Available",
			"leaseStatus":                 "Unlocked",
			"lastModifiedTime":            now(),
		})
}

// now is a timestamp as ARM reports it.
func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

// etag is a fresh weak etag, as Microsoft.Network returns on every write.
func etag() string { return fmt.Sprintf("W/%q", standin.NewUUID()) }

// publicIP is a random address in 20.0.0.0/8, where Azure allocates many
// public IPs.
func publicIP() string {
	return fmt.Sprintf("20.%d.%d.%d", rand.IntN(256), rand.IntN(256), 1+rand.IntN(254))
}
