package config

// The descriptions of the shared settings: the provider configuration's
// schema (schema.json) and the policy document's JSON Schema both take them
// from here.

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-go-provider/infer"
)

var _ infer.Annotated = (*PolicySettings)(nil)

// Annotate documents every setting.
func (c *PolicySettings) Annotate(a infer.Annotator) {
	a.Describe(&c.Organization, "The organization that owns the stack. It becomes the required "+
		"`Organization` tag and the `{org}` part of generated names. Required, here or in the policy file: "+
		"`pulumi config set orgiac:organization acme`.")
	a.Describe(&c.Environment, "The environment, such as `dev` or `production`. It becomes the required "+
		"`Environment` tag and the `{env}` part of names. Defaults to the stack name.")
	a.Describe(&c.Project, "The project. It becomes the required `Project` tag and the `{project}` part of "+
		"names. Defaults to the Pulumi project name.")
	a.Describe(&c.Owner, "The team or person accountable for the resources. When set, it becomes the "+
		"`Owner` tag. It may be a secret (`pulumi config set --secret orgiac:owner ...`): every tag map is then "+
		"a secret in the state and the logs, though the tag itself is plain in the cloud.")
	a.Describe(&c.CostCenter, "The cost center that pays for the resources. When set, it becomes the "+
		"`CostCenter` tag. It may be a secret, like `owner`.")
	a.Describe(&c.DefaultTags, "Tags added to every taggable resource, below the component's own tags. "+
		"They cannot change a required tag in enforce mode. They may hold secrets, like `owner`; the other "+
		"settings become names and compliance metadata, so a secret value for them is refused.")
	a.Describe(&c.Enforcement, "What a breach of the standards does: `enforce` fails the component and "+
		"lists every breach, `audit` deploys and warns, `off` skips the checks. Defaults to `enforce`.")
	a.Describe(&c.LoggingBucket, "The name of the organization's S3 access-log bucket. SecureBucket sends "+
		"its access logs there unless the component names another target.")
	a.Describe(&c.Naming, "The naming template for the `Name` tag and generated physical-name prefixes. "+
		"Placeholders: `{org}`, `{env}`, `{project}`, `{name}` (required). Defaults to `{org}-{env}-{name}`.")
	a.Describe(&c.Frameworks, "The compliance frameworks that compliance tags and reports map controls to: "+
		"any of `cis-aws-foundations-3.0`, `nist-800-53-r5`, `pci-dss-4.0`, `hipaa-security`, `soc2`. "+
		"Defaults to `cis-aws-foundations-3.0` and `nist-800-53-r5`.")
	a.Describe(&c.RequiredControls, "Optional controls the organization requires, such as `s3-object-lock` "+
		"or `s3-replication`. A required control that fails is enforced like any other.")
	a.Describe(&c.Waivers, "Waivers that accept failing controls, each with a reason and an expiry date, "+
		"for every component or for components of one name.")
}

// Values are the settings that are set, as a configuration layer takes them:
// an empty value is unset, so a lower layer's value stands.
func (c PolicySettings) Values() map[string]any {
	// The JSON form (omitempty) is the layer form: it drops unset values and
	// turns lists, maps and waivers into the plain values Merge works on.
	b, err := json.Marshal(c)
	if err != nil {
		panic(fmt.Sprintf("encoding settings: %v", err)) // plain strings, lists and maps always encode
	}
	v := map[string]any{}
	if err := json.Unmarshal(b, &v); err != nil {
		panic(fmt.Sprintf("decoding settings: %v", err))
	}
	return v
}
