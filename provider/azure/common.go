package azure

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

// planTags merges the required, default and component tags under the
// enforcement mode and checks them against Azure's rules.
func planTags(org standards.Org, own map[string]string) (map[string]string, problem.List, problem.List) {
	var errs problem.List
	tags, breaches := standards.MergeTags(org.Enforcement, standards.RequiredTags(org.Identity),
		standards.TagSource{Path: "orgiac:defaultTags", Tags: org.DefaultTags},
		standards.TagSource{Path: "tags", Tags: own})
	errs.Merge("", standards.ValidateAzureTags("tags", own))
	errs.Merge("", standards.ValidateAzureTags("orgiac:defaultTags", org.DefaultTags))
	return tags, errs, breaches
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
