package index

import (
	"fmt"

	azurenative "github.com/pulumi/pulumi-azure-native-sdk/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgiac/pulumi-orgiac/internal/config"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/provider/azure"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
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

// azureOpts parents a module to the Deployment and gives it the explicit
// azure-native provider from the section's location and credentials.
func (b *builder) azureOpts() ([]pulumi.ResourceOption, error) {
	if b.azureProvider == nil {
		z := b.config.Azure
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

func prepareVNet(z *config.AzureConfig, cfg settings.Resolved, probs *problem.List) step {
	prep := azure.SecureVnetSpec.Prepare("vnet", vnetArgs(z), cfg)
	probs.Merge(ModAzureVNet, prep.Problems)
	return step{report: prep.Report, register: func(b *builder) error {
		opts, err := b.azureOpts()
		if err != nil {
			return err
		}
		vnet, err := azure.SecureVnetSpec.RegisterNested(b.ctx, prep, opts...)
		if err != nil {
			return err
		}
		b.azureGroup = vnet.ResourceGroupName
		b.outputs[ModAzureVNet] = pulumi.Map{
			"vnetId": vnet.VnetId, "vnetName": vnet.VnetName, "subnetIds": vnet.SubnetIds,
			"resourceGroupName": vnet.ResourceGroupName,
		}
		return nil
	}}
}

// prepareStorage prepares a storage account. It goes into the azure.vnet
// module's resource group when there is one; the plan does not depend on
// the group, so it is set when the account is registered.
func prepareStorage(at string, z *config.AzureConfig, a config.StorageAccountConfig, cfg settings.Resolved,
	probs *problem.List,
) step {
	prep := azure.SecureStorageAccountSpec.Prepare(a.Name, storageArgs(z, a), cfg)
	probs.Merge(at, prep.Problems)
	return step{report: prep.Report, register: func(b *builder) error {
		opts, err := b.azureOpts()
		if err != nil {
			return err
		}
		if b.azureGroup != nil {
			prep.Args.ResourceGroupName = b.azureGroup
		}
		acct, err := azure.SecureStorageAccountSpec.RegisterNested(b.ctx, prep, opts...)
		if err != nil {
			return err
		}
		b.accounts[a.Name] = pulumi.Map{"accountName": acct.AccountName, "accountId": acct.AccountId,
			"primaryEndpoints": acct.PrimaryEndpoints}
		return nil
	}}
}
