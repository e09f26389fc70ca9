package index

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/orgiac/pulumi-orgiac/internal/config"
	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// designConfig is the configuration of DESIGN.md section 9, verbatim.
const designConfig = `
project:
  name: example-project
  environment: dev
aws:
  enabled: true
  region: us-west-2
  tags: {Environment: "${project:environment}", Project: "${project:name}", ManagedBy: pulumi}
  vpc: {enabled: true, cidr_block: 10.0.0.0/16}
  eks:
    enabled: true
    clusters:
      - name: example-cluster
        version: "1.31"
        node_groups:
          - {name: standard-workers, instance_type: m5.large, min_size: 1, max_size: 5, desired_size: 3}
  s3: {enabled: true, buckets: [{name: artifacts}]}
azure:
  enabled: false
  location: westeurope
`

func raw(t *testing.T, doc string) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, yaml.Unmarshal([]byte(doc), &m))
	return m
}

func codes(l problem.List) []string {
	var out []string
	for _, p := range l.Items() {
		out = append(out, p.Rule.Code)
	}
	return out
}

func plan(t *testing.T, doc string) (deploymentPlan, problem.List) {
	t.Helper()
	cfg, probs := decodeConfig(raw(t, doc))
	require.Zero(t, probs.Len(), "%v", probs.Items())
	return planDeployment(cfg)
}

func TestPlanDeploymentOfTheDesignConfiguration(t *testing.T) {
	p, probs := plan(t, designConfig)
	require.Zero(t, probs.Len(), "%v", probs.Items())
	assert.Equal(t, []string{"aws.vpc", "aws.eks", "aws.s3"}, p.Order)
	assert.Equal(t, "example-project", p.Config.Project.Name)
	assert.Equal(t, "m5.large", p.Config.AWS.EKS.Clusters[0].NodeGroups[0].InstanceType)
}

func TestPlanDeploymentOrdersByDependencies(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string
	}{
		{"eks without subnet_ids follows the vpc even when declared first", `
project: {name: p, environment: dev}
aws:
  enabled: true
  region: us-west-2
  eks: {enabled: true, clusters: [{name: c, node_groups: []}]}
  vpc: {enabled: true}
`, []string{"aws.vpc", "aws.eks"}},
		{"depends_on adds ordering", `
project: {name: p, environment: dev}
aws:
  enabled: true
  region: us-west-2
  s3: {enabled: true, buckets: [{name: b}]}
  vpc: {enabled: true, depends_on: [aws.s3]}
`, []string{"aws.s3", "aws.vpc"}},
		{"disabled modules are not built", `
project: {name: p, environment: dev}
aws:
  enabled: true
  region: us-west-2
  vpc: {enabled: false}
  s3: {enabled: true, buckets: [{name: b}]}
`, []string{"aws.s3"}},
		{"a disabled section builds nothing", `
project: {name: p, environment: dev}
aws: {enabled: false, vpc: {enabled: true}}
`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, probs := plan(t, tt.doc)
			require.Zero(t, probs.Len(), "%v", probs.Items())
			assert.Equal(t, tt.want, p.Order)
		})
	}
}

func TestPlanDeploymentRejects(t *testing.T) {
	tests := []struct {
		name     string
		doc      string
		wantCode string
		wantText string
	}{
		{"a cycle is an error that names it", `
project: {name: p, environment: dev}
aws:
  enabled: true
  region: us-west-2
  vpc: {enabled: true, depends_on: [aws.s3]}
  s3: {enabled: true, depends_on: [aws.vpc], buckets: [{name: b}]}
`, "DEP001", "aws.vpc -> aws.s3 -> aws.vpc"},
		{"eks enabled without a vpc and without subnet_ids is rejected", `
project: {name: p, environment: dev}
aws:
  enabled: true
  region: us-west-2
  eks: {enabled: true, clusters: [{name: c}]}
`, "DEP002", "aws.vpc is not enabled"},
		{"duplicate cluster names are rejected", `
project: {name: p, environment: dev}
aws:
  enabled: true
  region: us-west-2
  eks: {enabled: true, clusters: [{name: c, subnet_ids: [s]}, {name: c, subnet_ids: [s]}]}
`, "DEP003", `"c"`},
		{"duplicate bucket names are rejected", `
project: {name: p, environment: dev}
aws:
  enabled: true
  region: us-west-2
  s3: {enabled: true, buckets: [{name: b}, {name: b}]}
`, "DEP004", `"b"`},
		{"depends_on naming a module that is not enabled is rejected", `
project: {name: p, environment: dev}
aws:
  enabled: true
  region: us-west-2
  s3: {enabled: true, depends_on: [aws.vpc], buckets: [{name: b}]}
`, "DEP005", `"aws.vpc"`},
		{"an enabled aws section without a region is rejected", `
project: {name: p, environment: dev}
aws: {enabled: true, s3: {enabled: true, buckets: [{name: b}]}}
`, "DEP007", "aws.region"},
		{"a node group with both instance_type and instance_types is rejected", `
project: {name: p, environment: dev}
aws:
  enabled: true
  region: us-west-2
  eks:
    enabled: true
    clusters: [{name: c, subnet_ids: [s], node_groups: [{name: g, instance_type: a, instance_types: [b], min_size: 1, max_size: 1, desired_size: 1}]}]
`, "DEP008", "instance_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := plan(t, tt.doc)
			require.Contains(t, codes(probs), tt.wantCode, "%v", probs.Items())
			var msgs []string
			for _, p := range probs.Items() {
				msgs = append(msgs, p.Error())
			}
			assert.Contains(t, strings.Join(msgs, "\n"), tt.wantText)
			assert.Contains(t, strings.Join(msgs, "\n"), "; fix: ")
		})
	}
}

func TestDecodeConfigRejectsUnknownKeysAndWrongTypes(t *testing.T) {
	for name, doc := range map[string]string{
		"an unknown key":   "project: {name: p, environment: dev}\naws: {enabled: true, vpc: {enabled: true, cidr_blok: 10.0.0.0/16}}\n",
		"a wrong type":     "project: {name: p, environment: dev}\naws: {enabled: yes-please}\n",
		"a list for a map": "project: [p]\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, probs := decodeConfig(raw(t, doc))
			assert.Equal(t, []string{"DEP006"}, codes(probs))
		})
	}
}

func TestInterpolateFillsProjectPlaceholders(t *testing.T) {
	got := interpolate(map[string]string{"Environment": "${project:environment}", "Project": "${project:name}", "K": "v"},
		config.ProjectConfig{Name: "example-project", Environment: "dev"})
	assert.Equal(t, map[string]string{"Environment": "dev", "Project": "example-project", "K": "v"}, got)
}
