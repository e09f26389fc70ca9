package azure

import (
	_ "embed"
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/storage/v2"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumix"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
	"github.com/orgiac/pulumi-orgiac/provider/lifecycle"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

// SecureStorageAccountArgs are the inputs of orgiac:azure:SecureStorageAccount.
type SecureStorageAccountArgs struct {
	ResourceGroupName       pulumi.StringInput   `pulumi:"resourceGroupName,optional"`
	Location                string               `pulumi:"location,optional"`
	AccountName             string               `pulumi:"accountName,optional"`
	Sku                     string               `pulumi:"sku,optional"`
	PublicNetworkAccess     string               `pulumi:"publicNetworkAccess,optional"`
	NetworkRules            *StorageNetworkRules `pulumi:"networkRules,optional"`
	CustomerManagedKey      *CustomerManagedKey  `pulumi:"customerManagedKey,optional"`
	SoftDeleteRetentionDays *int                 `pulumi:"softDeleteRetentionDays,optional"`
	Versioning              *bool                `pulumi:"versioning,optional"`
	Tags                    map[string]string    `pulumi:"tags,optional"`
	Waivers                 []compliance.Waiver  `pulumi:"waivers,optional"`
}

func (a *SecureStorageAccountArgs) Annotate(an infer.Annotator) { docs.Annotate(an, a) }

// StorageNetworkRules is the allow list of a public storage account.
type StorageNetworkRules struct {
	IpRules []string `pulumi:"ipRules"`
}

func (r *StorageNetworkRules) Annotate(an infer.Annotator) { docs.Annotate(an, r) }

// CustomerManagedKey names a Key Vault key.
type CustomerManagedKey struct {
	KeyVaultUri string `pulumi:"keyVaultUri"`
	KeyName     string `pulumi:"keyName"`
	KeyVersion  string `pulumi:"keyVersion,optional"`
}

func (k *CustomerManagedKey) Annotate(an infer.Annotator) { docs.Annotate(an, k) }

// SecureStorageAccount is the orgiac:azure:SecureStorageAccount component.
type SecureStorageAccount struct {
	pulumi.ResourceState

	AccountName       pulumi.StringOutput               `pulumi:"accountName"`
	AccountId         pulumi.StringOutput               `pulumi:"accountId"`
	PrimaryEndpoints  pulumi.StringMapOutput            `pulumi:"primaryEndpoints"`
	ResourceGroupName pulumi.StringOutput               `pulumi:"resourceGroupName"`
	Tags              pulumi.StringMapOutput            `pulumi:"tags"`
	ComplianceReport  pulumix.Output[compliance.Report] `pulumi:"complianceReport"`
}

func (s *SecureStorageAccount) Annotate(an infer.Annotator) { docs.Annotate(an, s) }

// SecureStorageAccountSpec is the SecureStorageAccount component. Its
// constructor validates every input, then registers the account.
var SecureStorageAccountSpec = lifecycle.Define(secureStorageToken, assessSecureStorage, registerSecureStorage)

// registerSecureStorage registers the resource group (unless one is given),
// the account and its blob service properties.
func registerSecureStorage(ctx *pulumi.Context, name string, args SecureStorageAccountArgs, plan storagePlan,
	comp *SecureStorageAccount,
) error {
	parent := pulumi.Parent(comp)
	tags := settings.TagMap(standards.WithName(plan.Tags, plan.StandardName), plan.SecretTags)
	rg, err := resourceGroup(ctx, name, args.ResourceGroupName, args.Location, tags, parent)
	if err != nil {
		return err
	}
	var ipRules storage.IPRuleArray
	for _, ip := range plan.IPRules {
		ipRules = append(ipRules, &storage.IPRuleArgs{IPAddressOrRange: pulumi.String(ip), Action: storage.ActionAllow})
	}
	encryption := &storage.EncryptionArgs{
		KeySource:                       pulumi.String("Microsoft.Storage"),
		RequireInfrastructureEncryption: pulumi.Bool(true),
		Services: &storage.EncryptionServicesArgs{
			Blob: &storage.EncryptionServiceArgs{Enabled: pulumi.Bool(true), KeyType: pulumi.String("Account")},
			File: &storage.EncryptionServiceArgs{Enabled: pulumi.Bool(true), KeyType: pulumi.String("Account")},
		},
	}
	var identity *storage.IdentityArgs
	if k := plan.CMK; k != nil {
		encryption.KeySource = pulumi.String("Microsoft.Keyvault")
		encryption.KeyVaultProperties = &storage.KeyVaultPropertiesArgs{
			KeyVaultUri: pulumi.String(k.KeyVaultUri), KeyName: pulumi.String(k.KeyName),
			KeyVersion: pulumi.StringPtr(k.KeyVersion),
		}
		identity = &storage.IdentityArgs{Type: pulumi.String("SystemAssigned")}
	}
	accountArgs := &storage.StorageAccountArgs{
		ResourceGroupName:      rg,
		Kind:                   pulumi.String("StorageV2"),
		Sku:                    &storage.SkuArgs{Name: pulumi.String(plan.Sku)},
		EnableHttpsTrafficOnly: pulumi.Bool(true),
		MinimumTlsVersion:      pulumi.String("TLS1_2"),
		AllowBlobPublicAccess:  pulumi.Bool(false),
		AllowSharedKeyAccess:   pulumi.Bool(false),
		PublicNetworkAccess:    pulumi.String(plan.PublicNetwork),
		NetworkRuleSet: &storage.NetworkRuleSetArgs{
			DefaultAction: storage.DefaultActionDeny, Bypass: pulumi.String("AzureServices"), IpRules: ipRules,
		},
		Encryption: encryption,
		Identity:   identity,
		Tags:       tags,
	}
	if args.Location != "" {
		accountArgs.Location = pulumi.String(args.Location)
	}
	if plan.AccountName != "" {
		accountArgs.AccountName = pulumi.String(plan.AccountName)
	}
	account, err := storage.NewStorageAccount(ctx, name, accountArgs, parent)
	if err != nil {
		return fmt.Errorf("registering the storage account: %w", err)
	}
	if _, err := storage.NewBlobServiceProperties(ctx, name+"-blob", &storage.BlobServicePropertiesArgs{
		AccountName:         account.Name,
		ResourceGroupName:   rg,
		BlobServicesName:    pulumi.String("default"),
		IsVersioningEnabled: pulumi.Bool(plan.Versioning),
		DeleteRetentionPolicy: &storage.DeleteRetentionPolicyArgs{
			Enabled: pulumi.Bool(true), Days: pulumi.Int(plan.SoftDelete),
		},
		ContainerDeleteRetentionPolicy: &storage.DeleteRetentionPolicyArgs{
			Enabled: pulumi.Bool(true), Days: pulumi.Int(plan.SoftDelete),
		},
	}, parent); err != nil {
		return fmt.Errorf("registering the blob service properties: %w", err)
	}
	comp.AccountName = account.Name
	comp.AccountId = account.ID().ToStringOutput()
	comp.PrimaryEndpoints = account.PrimaryEndpoints.ApplyT(func(e storage.EndpointsResponse) map[string]string {
		return map[string]string{"blob": e.Blob, "file": e.File, "queue": e.Queue, "table": e.Table, "web": e.Web, "dfs": e.Dfs}
	}).(pulumi.StringMapOutput)
	comp.ResourceGroupName = rg
	comp.Tags = settings.TagMap(plan.Tags, plan.SecretTags)
	return nil
}
