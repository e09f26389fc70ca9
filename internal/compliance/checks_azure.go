package compliance

import (
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Resource types the Azure checks read, as the pulumi-azure-native v2 SDK
// registers them. Property names are azure-native's (camelCase, with ARM's
// `properties` envelope flattened), so the same maps come from a component's
// plan and from a stack export.
const (
	TypeAzureStorageAccount        = "azure-native:storage:StorageAccount"
	TypeAzureBlobServiceProperties = "azure-native:storage:BlobServiceProperties"
	TypeAzureVirtualNetwork        = "azure-native:network:VirtualNetwork"
	TypeAzureSubnet                = "azure-native:network:Subnet"
	TypeAzureNSG                   = "azure-native:network:NetworkSecurityGroup"
	TypeAzureSecurityRule          = "azure-native:network:SecurityRule"
)

// azureChecks are the Azure controls' check functions. They join the checks
// map during package initialisation, before any init function (and so before
// the catalog is first loaded and validated).
var azureChecks = map[string]func(Subject) Finding{
	"azure-storage-secure-transfer":           checkAzureSecureTransfer,
	"azure-storage-tls12":                     checkAzureTLS12,
	"azure-storage-no-public-blob":            checkAzureNoPublicBlob,
	"azure-storage-infrastructure-encryption": checkAzureInfrastructureEncryption,
	"azure-storage-soft-delete":               checkAzureSoftDelete,
	"azure-storage-no-shared-key":             checkAzureNoSharedKey,
	"azure-storage-network-deny":              checkAzureNetworkDeny,

	"azure-nsg-no-internet-ssh": func(s Subject) Finding { return checkAzureNSGPort(s, 22, "SSH") },
	"azure-nsg-no-internet-rdp": func(s Subject) Finding { return checkAzureNSGPort(s, 3389, "RDP") },
}

var _ = registerChecks(azureChecks)

// registerChecks adds fns to checks; a duplicate id is a programming error.
func registerChecks(fns map[string]func(Subject) Finding) bool {
	for id, fn := range fns {
		if _, dup := checks[id]; dup {
			panic("compliance: two check functions for " + id)
		}
		checks[id] = fn
	}
	return true
}

// boolSetting reads a boolean setting that may be absent, a bool, or the
// string "true"/"false".
func boolSetting(v any, path ...string) (value, set bool) {
	switch b := get(v, path...).(type) {
	case bool:
		return b, true
	case string:
		if p, err := strconv.ParseBool(b); err == nil {
			return p, true
		}
	}
	return false, false
}

// ---------------------------------------------------------------- storage

func checkAzureSecureTransfer(s Subject) Finding {
	switch on, set := boolSetting(s.Props, "enableHttpsTrafficOnly"); {
	case on:
		return pass("enableHttpsTrafficOnly is true: only HTTPS requests are accepted")
	case set:
		return fail("enableHttpsTrafficOnly is false: the account accepts plain HTTP")
	}
	return fail("enableHttpsTrafficOnly is not set; set it to true")
}

func checkAzureTLS12(s Subject) Finding {
	switch v := str(s.Props, "minimumTlsVersion"); v {
	case "TLS1_2", "TLS1_3":
		return pass("minimumTlsVersion is %s", v)
	case "":
		return fail("minimumTlsVersion is not set, which Azure reads as TLS1_0")
	default:
		return fail("minimumTlsVersion is %q, below TLS1_2", v)
	}
}

func checkAzureNoPublicBlob(s Subject) Finding {
	switch on, set := boolSetting(s.Props, "allowBlobPublicAccess"); {
	case set && !on:
		return pass("allowBlobPublicAccess is false: no container can be made anonymous")
	case set:
		return fail("allowBlobPublicAccess is true: containers can allow anonymous reads")
	}
	return fail("allowBlobPublicAccess is not set, which Azure reads as true")
}

func checkAzureInfrastructureEncryption(s Subject) Finding {
	if on, _ := boolSetting(s.Props, "encryption", "requireInfrastructureEncryption"); on {
		return pass("encryption.requireInfrastructureEncryption is true: data is encrypted twice at rest")
	}
	return fail("encryption.requireInfrastructureEncryption is not true; it can only be set when the account is created")
}

func checkAzureSoftDelete(s Subject) Finding {
	services := s.Rel(TypeAzureBlobServiceProperties)
	if len(services) == 0 {
		return fail("no blob service properties configure soft delete for the account")
	}
	var missing []string
	for _, bs := range services {
		blobs, _ := boolSetting(bs.Props, "deleteRetentionPolicy", "enabled")
		containers, _ := boolSetting(bs.Props, "containerDeleteRetentionPolicy", "enabled")
		if blobs && containers {
			return pass("blob soft delete (%s) and container soft delete (%s) are enabled",
				retentionDays(bs.Props, "deleteRetentionPolicy"), retentionDays(bs.Props, "containerDeleteRetentionPolicy"))
		}
		if !blobs {
			missing = append(missing, "deleteRetentionPolicy")
		}
		if !containers {
			missing = append(missing, "containerDeleteRetentionPolicy")
		}
	}
	sort.Strings(missing)
	return fail("soft delete is off: %s not enabled", strings.Join(slices.Compact(missing), " and "))
}

func retentionDays(props any, policy string) string {
	if d, ok := num(props, policy, "days"); ok {
		return strconv.FormatFloat(d, 'f', -1, 64) + " days"
	}
	return "days unset"
}

func checkAzureNoSharedKey(s Subject) Finding {
	switch on, set := boolSetting(s.Props, "allowSharedKeyAccess"); {
	case set && !on:
		return pass("allowSharedKeyAccess is false: requests must be authorized with Microsoft Entra ID")
	case set:
		return fail("allowSharedKeyAccess is true: account keys and key-signed SAS tokens are accepted")
	}
	return fail("allowSharedKeyAccess is not set, which Azure reads as true")
}

func checkAzureNetworkDeny(s Subject) Finding {
	access := str(s.Props, "publicNetworkAccess")
	if strings.EqualFold(access, "Disabled") {
		return pass("publicNetworkAccess is Disabled")
	}
	action := str(s.Props, "networkRuleSet", "defaultAction")
	if strings.EqualFold(action, "Deny") {
		return pass("the network rule set denies by default")
	}
	if access == "" {
		access = "not set"
	}
	if action == "" {
		action = "not set (Allow)"
	}
	return fail("publicNetworkAccess is %s and networkRuleSet.defaultAction is %s: every network can reach the account",
		access, action)
}

// ---------------------------------------------------------------- network

// nsgRule is one security rule of a network security group linked to the
// network, inline (securityRules) or a standalone SecurityRule resource.
type nsgRule struct {
	nsg, name string
	props     any
}

func nsgRules(s Subject) []nsgRule {
	var out []nsgRule
	for _, nsg := range s.Rel(TypeAzureNSG) {
		for _, r := range list(nsg.Props, "securityRules") {
			out = append(out, nsgRule{nsg: nsg.Name, name: str(r, "name"), props: r})
		}
	}
	for _, r := range s.Rel(TypeAzureSecurityRule) {
		nsg := str(r.Props, "networkSecurityGroupName")
		if nsg == "" {
			nsg = armName(armParent(r.ID))
		}
		out = append(out, nsgRule{nsg: nsg, name: r.Name, props: r.Props})
	}
	return out
}

// checkAzureNSGPort applies the CIS Azure audit for SSH (6.2) and RDP (6.1):
// no rule that allows inbound TCP (or any protocol) from the Internet to the
// port. A higher-priority deny does not excuse the rule, as in the benchmark.
func checkAzureNSGPort(s Subject, port int, service string) Finding {
	var offenders []string
	for _, r := range nsgRules(s) {
		if admitsInternet(r.props, port) {
			offenders = append(offenders, "network security group "+r.nsg+" rule "+strconv.Quote(r.name))
		}
	}
	if len(offenders) > 0 {
		sort.Strings(offenders)
		return fail("%s allows inbound %s (port %d) from the Internet", strings.Join(slices.Compact(offenders), ", "),
			service, port)
	}
	return pass("no network security group of the network allows %s (port %d) from the Internet", service, port)
}

// admitsInternet reports whether a security rule allows inbound TCP to port
// from anywhere.
func admitsInternet(rule any, port int) bool {
	if !strings.EqualFold(str(rule, "direction"), "Inbound") || !strings.EqualFold(str(rule, "access"), "Allow") {
		return false
	}
	switch strings.ToLower(str(rule, "protocol")) {
	case "tcp", "*", "any":
	default:
		return false
	}
	fromInternet := false
	for _, src := range prefixes(rule, "sourceAddressPrefix", "sourceAddressPrefixes") {
		fromInternet = fromInternet || isInternetSource(src)
	}
	if !fromInternet {
		return false
	}
	for _, ports := range prefixes(rule, "destinationPortRange", "destinationPortRanges") {
		if portRangeCovers(ports, port) {
			return true
		}
	}
	return false
}

// prefixes returns the single value and the list value of a rule setting.
func prefixes(rule any, single, plural string) []string {
	var out []string
	if v := str(rule, single); v != "" {
		out = append(out, v)
	}
	for _, e := range list(rule, plural) {
		if v, ok := e.(string); ok && v != "" {
			out = append(out, v)
		}
	}
	return out
}

// isInternetSource matches what the CIS audit counts as the Internet: *, Any,
// the Internet service tag, 0.0.0.0 and any /0 prefix (0.0.0.0/0, ::/0).
func isInternetSource(src string) bool {
	src = strings.TrimSpace(src)
	switch strings.ToLower(src) {
	case "*", "any", "internet", "0.0.0.0", "/0":
		return true
	}
	p, err := netip.ParsePrefix(src)
	return err == nil && p.Bits() == 0
}

// portRangeCovers reports whether "22", "20-25" or "*" includes port.
func portRangeCovers(r string, port int) bool {
	r = strings.TrimSpace(r)
	if r == "*" {
		return true
	}
	lo, hi, isRange := strings.Cut(r, "-")
	from, err := strconv.Atoi(strings.TrimSpace(lo))
	if err != nil {
		return false
	}
	to := from
	if isRange {
		if to, err = strconv.Atoi(strings.TrimSpace(hi)); err != nil {
			return false
		}
	}
	return from <= port && port <= to
}
