package azure

import (
	"regexp"
	"slices"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
	"github.com/orgiac/pulumi-orgiac/provider/lifecycle"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

const (
	secureStorageToken       = "orgiac:azure:SecureStorageAccount"
	defaultStorageSku        = "Standard_ZRS"
	defaultSoftDeleteDays    = 7
	publicNetworkDisabled    = "Disabled"
	publicNetworkEnabled     = "Enabled"
	storageAccountType       = "azure-native:storage:StorageAccount"
	blobServicePropertiesTyp = "azure-native:storage:BlobServiceProperties"
)

var storageSkus = []string{"Standard_LRS", "Standard_ZRS", "Standard_GRS", "Standard_RAGRS", "Standard_GZRS",
	"Standard_RAGZRS", "Premium_LRS", "Premium_ZRS"}

var storageAccountName = regexp.MustCompile(`^[a-z0-9]{3,24}$`)

var (
	RuleStorageName = problem.Define("AZS001",
		"storage account names are 3 to 24 lowercase letters and digits",
		"use only lowercase letters and digits, e.g. acmedevlogs, or omit accountName to get a generated one")
	RuleStorageSku = problem.Define("AZS002",
		"sku is a storage redundancy SKU",
		"use Standard_ZRS (the default), Standard_GZRS, Standard_LRS, ...")
	RuleStoragePublicNoRules = problem.Define("AZS003",
		"the standard forbids public network access without an allow list",
		"keep publicNetworkAccess Disabled (the default) and use private endpoints, or list networkRules.ipRules")
	RuleStorageRetention = problem.Define("AZS004",
		"soft delete keeps data 1 to 365 days",
		"set softDeleteRetentionDays between 1 and 365")
	RuleStoragePublicAccess = problem.Define("AZS005",
		"publicNetworkAccess is Enabled or Disabled",
		"set publicNetworkAccess to Disabled (the default) or Enabled")
	RuleStorageCMK = problem.Define("AZS006",
		"a customer-managed key names its Key Vault URI and key",
		"set customerManagedKey.keyVaultUri and customerManagedKey.keyName")
)

type storagePlan struct {
	standards.Applied
	AccountName   string // given; otherwise the provider generates a unique one
	Sku           string
	PublicNetwork string
	IPRules       []string
	SoftDelete    int
	Versioning    bool
	CMK           *CustomerManagedKey
}

func planSecureStorage(name string, args SecureStorageAccountArgs, org standards.Org) (storagePlan, problem.List) {
	var errs, breaches problem.List
	plan := storagePlan{
		Applied:       org.Apply(name),
		AccountName:   args.AccountName,
		Sku:           firstNonEmpty(args.Sku, defaultStorageSku),
		PublicNetwork: firstNonEmpty(args.PublicNetworkAccess, publicNetworkDisabled),
		SoftDelete:    deref(args.SoftDeleteRetentionDays, defaultSoftDeleteDays),
		Versioning:    deref(args.Versioning, true),
		CMK:           args.CustomerManagedKey,
	}
	if plan.AccountName != "" && !storageAccountName.MatchString(plan.AccountName) {
		errs.Addf(RuleStorageName, "accountName", plan.AccountName, "is not a valid storage account name")
	}
	if !slices.Contains(storageSkus, plan.Sku) {
		errs.Addf(RuleStorageSku, "sku", plan.Sku, "is not a storage SKU")
	}
	switch plan.PublicNetwork {
	case publicNetworkDisabled:
	case publicNetworkEnabled:
		if args.NetworkRules == nil || len(args.NetworkRules.IpRules) == 0 {
			breaches.Addf(RuleStoragePublicNoRules, "networkRules.ipRules", nil,
				"is empty while publicNetworkAccess is Enabled, so the account is open to every network")
		} else {
			plan.IPRules = args.NetworkRules.IpRules
		}
	default:
		errs.Addf(RuleStoragePublicAccess, "publicNetworkAccess", plan.PublicNetwork, "is not Enabled or Disabled")
	}
	if plan.SoftDelete < 1 || plan.SoftDelete > 365 {
		errs.Addf(RuleStorageRetention, "softDeleteRetentionDays", plan.SoftDelete, "is outside 1 to 365")
	}
	if k := plan.CMK; k != nil && (k.KeyVaultUri == "" || k.KeyName == "") {
		errs.Addf(RuleStorageCMK, "customerManagedKey", nil, "lacks keyVaultUri or keyName")
	}
	return plan, concludeAzure(&plan.Applied, org, args.Tags, errs, breaches)
}

// accountProps are the storage account's settings, shared by the
// compliance view and the registration so they cannot disagree.
func (p storagePlan) accountProps() map[string]any {
	props := map[string]any{
		"enableHttpsTrafficOnly": true,
		"minimumTlsVersion":      "TLS1_2",
		"allowBlobPublicAccess":  false,
		"allowSharedKeyAccess":   false,
		"publicNetworkAccess":    p.PublicNetwork,
		"encryption":             map[string]any{"requireInfrastructureEncryption": true},
		"networkRuleSet":         map[string]any{"defaultAction": "Deny", "bypass": "AzureServices"},
	}
	return props
}

func (p storagePlan) blobProps() map[string]any {
	return map[string]any{
		"isVersioningEnabled":            p.Versioning,
		"deleteRetentionPolicy":          map[string]any{"enabled": true, "days": p.SoftDelete},
		"containerDeleteRetentionPolicy": map[string]any{"enabled": true, "days": p.SoftDelete},
	}
}

// assessSecureStorage plans a SecureStorageAccount and judges it against the
// Azure storage controls.
func assessSecureStorage(name string, args SecureStorageAccountArgs, cfg settings.Resolved,
) lifecycle.Assessment[storagePlan] {
	plan, probs := planSecureStorage(name, args, cfg.Org)
	subject := compliance.Subject{
		Resource: compliance.Resource{Type: storageAccountType, Name: name, Props: plan.accountProps()},
		Related: map[string][]compliance.Resource{blobServicePropertiesTyp: {{
			Type: blobServicePropertiesTyp, Name: name + "-blob", Props: plan.blobProps(),
		}}},
	}
	return lifecycle.Assess(plan, probs, lifecycle.Case{
		Token: secureStorageToken, Name: name, Subjects: []compliance.Subject{subject},
		Waivers: args.Waivers, TagLimit: lifecycle.AzureTagLimit,
	}, cfg)
}
