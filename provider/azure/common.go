package azure

import (
	"fmt"
	"maps"

	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
	"github.com/orgiac/pulumi-orgiac/provider/settings"
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

// judge evaluates the component's controls, applies enforcement and adds
// the compliance tags, as every AWS component does.
func judge(token, name string, subjects []compliance.Subject, cfg settings.Resolved, waivers []compliance.Waiver,
	tags map[string]string,
) (compliance.Report, map[string]string, problem.List, []string) {
	var probs problem.List
	probs.Merge("", compliance.ValidateWaivers("waivers", waivers))
	pol := cfg.Policy
	scoped := make([]compliance.Waiver, len(waivers))
	for i, w := range waivers {
		w.Component = name
		scoped[i] = w
	}
	pol.Waivers = append(scoped, pol.Waivers...)
	report, failures, warnings := compliance.Assess(cfg.Org.Enforcement, token, name, subjects, pol)
	probs.Merge("", failures)
	out := maps.Clone(tags)
	maps.Copy(out, compliance.Tags(report))
	probs.Merge("", standards.CheckAzureTagCount("tags", out))
	return report, out, probs, warnings
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

func logWarnings(ctx *pulumi.Context, comp pulumi.Resource, warnings []string) error {
	for _, w := range warnings {
		if err := ctx.Log.Warn(w, &pulumi.LogArgs{Resource: comp}); err != nil {
			return fmt.Errorf("logging an audit warning: %w", err)
		}
	}
	return nil
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
