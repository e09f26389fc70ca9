// Package provider wires the orgiac components into one Pulumi provider: the
// schema metadata, the language map, the configuration and the component list.
package provider

import (
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

	"github.com/orgiac/pulumi-orgiac/provider/aws"
	"github.com/orgiac/pulumi-orgiac/provider/azure"
	"github.com/orgiac/pulumi-orgiac/provider/index"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
)

// Package metadata, shared by the schema and the SDKs generated from it.
const (
	DisplayName       = "orgiac"
	Publisher         = "orgiac"
	Homepage          = "https://github.com/orgiac/pulumi-orgiac"
	Repository        = "https://github.com/orgiac/pulumi-orgiac"
	PluginDownloadURL = "github://api.github.com/orgiac"
	GoImportPath      = "github.com/orgiac/pulumi-orgiac/sdk/go/orgiac"
	NodePackage       = "@orgiac/pulumi-orgiac"
	PythonPackage     = "pulumi_orgiac"
)

// New builds the provider.
func New() (p.Provider, error) {
	return infer.NewProviderBuilder().
		WithDisplayName(DisplayName).
		WithDescription("Secure, compliant cloud building blocks that apply the organization's "+
			"naming, tagging and security standards, with compliance metadata, inside every component.").
		WithKeywords("orgiac", "aws", "azure", "compliance", "security", "category/cloud", "kind/component").
		WithHomepage(Homepage).
		WithRepository(Repository).
		WithPublisher(Publisher).
		WithLicense("Apache-2.0").
		WithPluginDownloadURL(PluginDownloadURL).
		WithNamespace("orgiac").
		WithLanguageMap(languageMap()).
		// A pointer, so that Config.Configure (a pointer method) is called.
		WithConfig(infer.Config(&settings.Config{})).
		WithComponents(
			component(aws.SecureBucketSpec.New),
			component(aws.SecureVpcSpec.New),
			component(aws.NetworkStackSpec.New),
			component(aws.EksClusterSpec.New),
			component(azure.SecureVnetSpec.New),
			component(azure.SecureStorageAccountSpec.New),
			component(index.NewDeployment),
		).
		// Types declared in provider/settings and internal/compliance (waivers,
		// the compliance report) belong to the package's index module.
		WithModuleMap(map[tokens.ModuleName]tokens.ModuleName{"settings": "index", "compliance": "index"}).
		Build()
}

func languageMap() map[string]any {
	return map[string]any{
		"go": map[string]any{
			"importBasePath":                 GoImportPath,
			"generateResourceContainerTypes": true,
			"respectSchemaVersion":           true,
		},
		"nodejs": map[string]any{
			"packageName":          NodePackage,
			"respectSchemaVersion": true,
			"typescriptVersion":    "^5.9.3",
		},
		"python": map[string]any{
			"packageName":          PythonPackage,
			"respectSchemaVersion": true,
			"pyproject":            map[string]any{"enabled": true},
		},
	}
}
