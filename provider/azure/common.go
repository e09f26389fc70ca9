package azure

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

// concludeAzure finishes an Azure plan as Applied.Conclude does, with
// Azure's tag rules; the organization's default tags are checked by them
// too, since the configuration checks them by AWS's.
func concludeAzure(a *standards.Applied, org standards.Org, own map[string]string, errs, breaches problem.List,
) problem.List {
	errs.Merge("", standards.ValidateAzureTags("orgiac:defaultTags", org.DefaultTags))
	return a.Conclude(org, own, standards.ValidateAzureTags, errs, breaches)
}

// resourceGroup returns the given group's name, or creates one named after
// the component.
func resourceGroup(ctx *pulumi.Context, name string, given pulumi.StringInput, location string,
	tags pulumi.StringMapInput, parent pulumi.ResourceOption,
) (pulumi.StringOutput, error) {
	if given != nil {
		return given.ToStringOutput(), nil
	}
	args := &resources.ResourceGroupArgs{Tags: tags}
	if location != "" {
		args.Location = pulumi.String(location)
	}
	rg, err := resources.NewResourceGroup(ctx, name, args, parent)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("registering the resource group: %w", err)
	}
	return rg.Name, nil
}

func deref[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
