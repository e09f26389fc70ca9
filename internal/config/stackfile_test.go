package config

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
)

const stackYAML = `config:
  aws:region: us-west-2
  orgiac:policyFile: ../org.yaml
  orgiac:owner: payments
  orgiac:defaultTags:
    Team: payments
  orgiac:deployment:
    project: {name: shop, environment: dev}
    aws:
      enabled: true
      credentials:
        access_key_id:
          secure: v1:AAAAencrypted
      vpc: {enabled: true, cidr_block: 10.0.0.0/16}
  shop:config:
    project: {name: shop, environment: dev}
    azure: {enabled: false}
  shop:unrelated: {a: 1}
`

func readStack(t *testing.T, name, content string) *StackFile {
	t.Helper()
	f, ds := Parse(name, []byte(content))
	require.Empty(t, ds)
	require.True(t, IsStackFile(f))
	sf, ds := ReadStackFile(f)
	require.Empty(t, ds)
	return sf
}

func TestReadStackFile_SortsOrgiacKeysDeploymentsAndThePolicyFile(t *testing.T) {
	sf := readStack(t, "stacks/Pulumi.dev.yaml", stackYAML)
	assert.Equal(t, "dev", sf.Stack)
	assert.Equal(t, "../org.yaml", sf.PolicyFile)
	assert.Equal(t, "Pulumi.dev.yaml", sf.Settings.Origin)
	assert.Equal(t, map[string]any{
		"orgiac:owner": "payments", "orgiac:defaultTags": map[string]any{"Team": "payments"},
	}, sf.Settings.Values)
	assert.Equal(t, []string{"orgiac:deployment", "shop:config"}, sortedKeys(sf.Deployments))
	creds := sf.Deployments["orgiac:deployment"].(map[string]any)["aws"].(map[string]any)["credentials"]
	assert.Equal(t, map[string]any{"access_key_id": "[secret]"}, creds, "secure values stand for strings")
	assert.Empty(t, ValidateStackFile(sf, false))
}

func TestReadStackFile_AProjectFileGivesItsNameAndConfigValues(t *testing.T) {
	sf := readStack(t, "Pulumi.yaml", `name: shop
runtime: yaml
config:
  orgiac:owner:
    value: project-owner
  orgiac:costCenter:
    type: string
    default: cc-1
`)
	assert.Equal(t, "shop", sf.Project)
	assert.Empty(t, sf.Stack)
	assert.Equal(t, map[string]any{"orgiac:owner": "project-owner", "orgiac:costCenter": "cc-1"}, sf.Settings.Values)

	sf = readStack(t, "Pulumi.yaml", "name: shop\nruntime: go\n")
	assert.Equal(t, "shop", sf.Project, "a project file without config is one too")
	assert.Empty(t, sf.Settings.Values)
}

func TestValidateStackFile_ProblemsNameTheStackFileLineAndKey(t *testing.T) {
	sf := readStack(t, "Pulumi.dev.yaml", `config:
  orgiac:ownr: payments
  orgiac:defaultTags: notamap
  orgiac:frameworks: [soc3]
  orgiac:deployment:
    project: {name: shop, environment: dev}
    aws:
      enabled: true
      vpc:
        cidr_blok: 10.0.0.0/16
`)
	ds := ValidateStackFile(sf, false)
	assert.Equal(t, []string{
		`Pulumi.dev.yaml:2: orgiac:ownr: unknown key; did you mean owner? [CFG110]; fix: rename it to owner`,
		`Pulumi.dev.yaml:3: orgiac:defaultTags: "notamap" has the wrong type: expected object, got string [CFG122]; fix: ` + RuleConfigWrongType.Fix,
		`Pulumi.dev.yaml:4: orgiac:frameworks[0]: "soc3" is not a known framework [CMP001]; fix: ` + compliance.RuleUnknownFramework.Fix,
		`Pulumi.dev.yaml:9: orgiac:deployment.aws.vpc.enabled: is required but missing [CFG113]; fix: add the key`,
		`Pulumi.dev.yaml:10: orgiac:deployment.aws.vpc.cidr_blok: unknown key; did you mean cidr_block? [CFG110]; fix: rename it to cidr_block`,
	}, strings.Split(ds.Error(), "\n"))
}

func TestReadStackFile_ConfigMustBeAMapping(t *testing.T) {
	f, ds := Parse("Pulumi.dev.yaml", []byte("config: [a]\n"))
	require.Empty(t, ds)
	_, ds = ReadStackFile(f)
	assert.Equal(t, []string{"CFG130"}, ds.Codes())
	assert.Equal(t, 1, ds[0].Line)
}

func TestIsStackFile_PolicyDocumentsAreNot(t *testing.T) {
	f, ds := Parse("org.yaml", []byte("organization: acme\nname: x\n"))
	require.Empty(t, ds)
	assert.False(t, IsStackFile(f))
}
