package index

import (
	"fmt"

	azurenative "github.com/pulumi/pulumi-azure-native-sdk/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgiac/pulumi-orgiac/internal/config"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/provider/azure"
	"github.com/orgiac/pulumi-orgiac/provider/nested"
)

func vnetArgs(z *config.AzureConfig) azure.SecureVnetArgs {
	args := azure.SecureVnetArgs{Location: z.Location, AddressSpace: z.VNet.AddressSpace, Tags: z.Tags}
	if z.VNet.ResourceGroupName != "" {
		args.ResourceGroupName = pulumi.String(z.VNet.ResourceGroupName)
	}
	return args
}

func storageArgs(z *config.AzureConfig, a config.StorageAccountConfig) azure.SecureStorageAccountArgs {
	return azure.SecureStorageAccountArgs{Location: z.Location, AccountName: a.AccountName, Tags: z.Tags}
}

// checkAzure runs the Azure modules' own validation.
func (b *builder) checkAzure(id string) problem.List {
	var probs problem.List
	z := b.plan.Config.Azure
	switch id {
	case ModAzureVNet:
		probs.Merge("azure.vnet", azure.CheckSecureVnet("vnet", vnetArgs(z), b.cfg))
	case ModAzureStorage:
		for i, a := range z.Storage.Accounts {
			probs.Merge(fmt.Sprintf("azure.storage.accounts[%d]", i), azure.CheckSecureStorageAccount(a.Name, storageArgs(z, a), b.cfg))
		}
	}
	return probs
}

// azureOpts parents a module to the Deployment and gives it the explicit
// azure-native provider from the section's location and credentials.
func (b *builder) azureOpts() ([]pulumi.ResourceOption, error) {
	if b.azureProvider == nil {
		z := b.plan.Config.Azure
		args := &azurenative.ProviderArgs{}
		if z.Location != "" {
			args.Location = pulumi.StringPtr(z.Location)
		}
		if c := z.Credentials; c != nil {
			// Credentials are secrets in the state and never reach a tag,
			// a log or the compliance report.
			args.ClientId = secretPtr(c.ClientID)
			args.ClientSecret = secretPtr(c.ClientSecret)
			args.TenantId = secretPtr(c.TenantID)
			args.SubscriptionId = secretPtr(c.SubscriptionID)
		}
		p, err := azurenative.NewProvider(b.ctx, b.name+"-azure", args, pulumi.Parent(b.comp))
		if err != nil {
			return nil, fmt.Errorf("registering the azure-native provider: %w", err)
		}
		b.azureProvider = p
	}
	return []pulumi.ResourceOption{pulumi.Parent(b.comp), pulumi.Providers(b.azureProvider)}, nil
}

func (b *builder) buildVNet() error {
	opts, err := b.azureOpts()
	if err != nil {
		return err
	}
	vnet, report, err := azure.BuildSecureVnet(b.ctx, "vnet", vnetArgs(b.plan.Config.Azure), b.cfg, problem.List{}, opts...)
	if err != nil {
		return err
	}
	if err := nested.RegisterOutputs(b.ctx, vnet); err != nil {
		return err
	}
	b.reports = append(b.reports, report)
	b.azureGroup = vnet.ResourceGroupName
	b.outputs[ModAzureVNet] = pulumi.Map{
		"vnetId": vnet.VnetId, "vnetName": vnet.VnetName, "subnetIds": vnet.SubnetIds,
		"resourceGroupName": vnet.ResourceGroupName,
	}
	return nil
}

func (b *builder) buildStorage() error {
	opts, err := b.azureOpts()
	if err != nil {
		return err
	}
	z := b.plan.Config.Azure
	accounts := pulumi.Map{}
	for _, a := range z.Storage.Accounts {
		args := storageArgs(z, a)
		if b.azureGroup != nil {
			args.ResourceGroupName = b.azureGroup
		}
		acct, report, err := azure.BuildSecureStorageAccount(b.ctx, a.Name, args, b.cfg, problem.List{}, opts...)
		if err != nil {
			return err
		}
		if err := nested.RegisterOutputs(b.ctx, acct); err != nil {
			return err
		}
		b.reports = append(b.reports, report)
		accounts[a.Name] = pulumi.Map{"accountName": acct.AccountName, "accountId": acct.AccountId,
			"primaryEndpoints": acct.PrimaryEndpoints}
	}
	b.outputs[ModAzureStorage] = accounts
	return nil
}
