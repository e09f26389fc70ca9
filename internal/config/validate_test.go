package config

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readDesign(t *testing.T) *File {
	t.Helper()
	f, ds := ReadFile("testdata/deployment-design.yaml", "")
	require.Empty(t, ds)
	return f
}

func TestValidate_TheDesignConfigurationIsValid(t *testing.T) {
	f := readDesign(t)
	assert.Empty(t, ValidateDeployment(f.Value, f, "", false))
	var cfg DeploymentConfig
	require.NoError(t, decode(f.Value, &cfg))
	assert.Equal(t, "example-project", cfg.Project.Name)
	assert.Equal(t, "10.0.0.0/16", cfg.AWS.VPC.CidrBlock)
	assert.Equal(t, 3, cfg.AWS.EKS.Clusters[0].NodeGroups[0].DesiredSize)
	assert.False(t, cfg.Azure.Enabled)
}

func TestValidate_ATypoFailsNamingItsLineAndTheKeyMeant(t *testing.T) {
	data, err := os.ReadFile("testdata/deployment-design.yaml")
	require.NoError(t, err)
	typo := strings.Replace(string(data), "cidr_block: 10.0.0.0/16", "cidr_blok: 10.0.0.0/16", 1)
	f, ds := Parse("deployment.yaml", []byte(typo))
	require.Empty(t, ds)
	ds = ValidateDeployment(f.Value, f, "", false)
	require.Len(t, ds, 1)
	assert.Equal(t, "deployment.yaml:10: aws.vpc.cidr_blok: unknown key; did you mean cidr_block? [CFG110]; fix: rename it to cidr_block",
		ds.Error())
	assert.Equal(t, 10, ds[0].Line)
	assert.Equal(t, "aws.vpc.cidr_blok", ds[0].Path)
}

func TestValidate_DeploymentProblems(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"an unknown key without a close match lists the keys",
			"project: {name: p, environment: dev}\naws: {enabled: true, zzz: 1}\n",
			[]string{"x.yaml:2: aws.zzz: unknown key [CFG110]; fix: remove it; the keys here are credentials, eks, enabled, " +
				"oidc_provider, profile, region, s3, tags, vpc"}},
		{"a wrong type says expected and got",
			"project: {name: p, environment: dev}\naws:\n  enabled: yes please\n  vpc: {enabled: true, availability_zones: three}\n",
			[]string{
				`x.yaml:3: aws.enabled: "yes please" has the wrong type: expected boolean, got string [CFG111]; fix: write a value of the expected type`,
				`x.yaml:4: aws.vpc.availability_zones: "three" has the wrong type: expected integer, got string [CFG111]; fix: write a value of the expected type`,
			}},
		{"an empty value is null, not an object",
			"project: {name: p, environment: dev}\naws:\n  enabled: true\n  vpc:\n",
			[]string{`x.yaml:4: aws.vpc: has the wrong type: expected object, got null (an empty value) [CFG111]; fix: write a value of the expected type`}},
		{"a value outside its choices suggests the close one",
			"project: {name: p, environment: dev}\naws: {enabled: true, vpc: {enabled: true, nat_gateways: singel}}\n",
			[]string{`x.yaml:2: aws.vpc.nat_gateways: "singel" is not allowed; did you mean single? [CFG112]; fix: use one of none, single, one-per-az`}},
		{"missing required keys are named at their parent's line",
			"project: {name: p}\naws:\n  region: us-west-2\n  eks:\n    enabled: true\n    clusters:\n      - version: \"1.31\"\n",
			[]string{
				`x.yaml:1: project.environment: is required but missing [CFG113]; fix: add the key`,
				`x.yaml:2: aws.enabled: is required but missing [CFG113]; fix: add the key`,
				`x.yaml:7: aws.eks.clusters[0].name: is required but missing [CFG113]; fix: add the key`,
			}},
		{"list items are named by index",
			"project: {name: p, environment: dev}\naws:\n  enabled: true\n  s3:\n    enabled: true\n    buckets:\n      - name: a\n      - name: b\n        versionning: true\n",
			[]string{`x.yaml:9: aws.s3.buckets[1].versionning: unknown key; did you mean versioning? [CFG110]; fix: rename it to versioning`}},
		{"secret values are never shown",
			"project: {name: p, environment: dev}\naws:\n  enabled: true\n  credentials:\n    access_key_id: 12345\n    secret_access_kee: AKIASECRET\n",
			[]string{
				`x.yaml:5: aws.credentials.access_key_id: [secret] has the wrong type: expected string, got integer [CFG111]; fix: write a value of the expected type`,
				`x.yaml:6: aws.credentials.secret_access_kee: unknown key; did you mean secret_access_key? [CFG110]; fix: rename it to secret_access_key`,
			}},
		{"a keys that is not a plain word is quoted",
			"project: {name: p, environment: dev}\naws: {enabled: true, tags: {app.kubernetes.io/name: 5}}\n",
			[]string{`x.yaml:2: aws.tags["app.kubernetes.io/name"]: 5 has the wrong type: expected string, got integer [CFG111]; fix: write a value of the expected type`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, ds := Parse("x.yaml", []byte(tt.doc))
			require.Empty(t, ds)
			ds = ValidateDeployment(f.Value, f, "", false)
			assert.Equal(t, tt.want, strings.Split(ds.Error(), "\n"))
			assert.NotContains(t, ds.Error(), "AKIASECRET")
		})
	}
}

func TestValidate_PartialLeavesRequiredKeysToTheMergedResult(t *testing.T) {
	f, ds := Parse("x.yaml", []byte("aws: {region: us-west-2, vpc: {cidr_blok: x}}\n"))
	require.Empty(t, ds)
	ds = ValidateDeployment(f.Value, f, "", true)
	assert.Equal(t, []string{"CFG110"}, ds.Codes(), "only the unknown key: project and enabled may come from another layer")
	ds = ValidateDeployment(f.Value, f, "", false)
	assert.ElementsMatch(t, []string{"CFG113", "CFG113", "CFG110", "CFG113"}, ds.Codes())
}

func TestMergeLayers_PlacesEachProblemInTheLayerThatWroteTheValue(t *testing.T) {
	base, ds := Parse("base.yaml", []byte("project: {name: p}\naws:\n  enabled: true\n  region: r\n"+
		"  s3:\n    enabled: true\n    buckets:\n      - {name: a, versioning: true}\n"))
	require.Empty(t, ds)
	over, ds := Parse("over.yaml", []byte("aws:\n  vpc:\n    enabled: true\n    cidr_block: 5\n  s3:\n    buckets: []\n"+
		"  eks:\n    clusters:\n      - {version: '1.31'}\n"))
	require.Empty(t, ds)
	merged, loc := MergeLayers([]any{base.Value, over.Value}, []Location{{File: base}, {File: over}})
	assert.Equal(t, Merge(base.Value, over.Value), merged)
	ds = Validate(TargetDeployment, merged, loc, false)
	assert.Equal(t, []string{
		`base.yaml:1: project.environment: is required but missing [CFG113]; fix: add the key`,
		`over.yaml:4: aws.vpc.cidr_block: 5 has the wrong type: expected string, got integer [CFG111]; fix: write a value of the expected type`,
		`over.yaml:7: aws.eks.enabled: is required but missing [CFG113]; fix: add the key`,
		`over.yaml:9: aws.eks.clusters[0].name: is required but missing [CFG113]; fix: add the key`,
	}, strings.Split(ds.Error(), "\n"))
}

func TestDiagnostic_RendersFileLinePathAndCode(t *testing.T) {
	d := Diagnostic{File: "org.yaml", Line: 3}
	d.Rule, d.Path, d.Detail = RuleUnknownKey, "ownr", "unknown key; did you mean owner?"
	assert.Equal(t, "org.yaml:3: ownr: unknown key; did you mean owner? [CFG110]; fix: remove the key, or correct its spelling", d.Error())
	d.Line = 0
	assert.Equal(t, "org.yaml: ownr: unknown key; did you mean owner? [CFG110]; fix: remove the key, or correct its spelling", d.Error())
	assert.Nil(t, Diagnostics{}.Err())
	assert.Error(t, Diagnostics{d}.Err())
	d.Line = 3
	probs := Diagnostics{d, {Problem: d.Problem}}.Problems()
	assert.Equal(t, "org.yaml:3: ownr", probs.Items()[0].Path)
	assert.Equal(t, "ownr", probs.Items()[1].Path)
}

func TestJoinPath_QuotesKeysThatAreNotPlainWords(t *testing.T) {
	assert.Equal(t, "aws.vpc", JoinPath("aws", "vpc"))
	assert.Equal(t, "waivers[0]", JoinPath("waivers", 0))
	assert.Equal(t, "components.orgiac:aws:SecureBucket", JoinPath("components", "orgiac:aws:SecureBucket"))
	assert.Equal(t, `defaultTags["app.kubernetes.io/name"]`, JoinPath("defaultTags", "app.kubernetes.io/name"))
	assert.Equal(t, `defaultTags["has space"]`, JoinPath("defaultTags", "has space"))
	assert.Equal(t, "owner", JoinPath("", "owner"))
}
