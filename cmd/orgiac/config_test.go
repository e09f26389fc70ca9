package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pschema "github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// runWithEnv runs the CLI in-process with env as its whole environment.
func runWithEnv(t *testing.T, env []string, args ...string) cliResult {
	t.Helper()
	var out, errOut bytes.Buffer
	c := cli{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, now: func() time.Time { return testToday },
		env: func() []string { return env }}
	code := c.run(args)
	return cliResult{stdout: out.String(), stderr: errOut.String(), code: code}
}

// project writes files into a temporary directory and returns it.
func project(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	}
	return dir
}

const orgPolicy = `organization: acme
owner: platform-team
costCenter: cc-1234
defaultTags:
  Team: platform
enforcement: audit
environments:
  prod:
    enforcement: enforce
components:
  orgiac:aws:SecureBucket:
    forceDestroy: false
`

const devStack = `config:
  aws:region: us-west-2
  orgiac:policyFile: org-policy.yaml
  orgiac:environment: dev
  orgiac:defaultTags:
    Team: payments
  orgiac:deployment:
    project:
      name: payments
      environment: dev
    aws:
      enabled: true
      credentials:
        access_key_id:
          secure: v1:AAAAencrypted
      vpc:
        enabled: true
        cidr_block: 10.0.0.0/16
`

func TestValidate_ValidFilesExitZeroWithOneLine(t *testing.T) {
	dir := project(t, map[string]string{"org-policy.yaml": orgPolicy, "Pulumi.dev.yaml": devStack})
	org, stack := filepath.Join(dir, "org-policy.yaml"), filepath.Join(dir, "Pulumi.dev.yaml")
	res := runWithEnv(t, nil, "validate", org, stack)
	assert.Equal(t, exitOK, res.code, res.stdout+res.stderr)
	assert.Equal(t, "OK: "+org+" (policy document), "+stack+
		" (stack file: 2 orgiac settings, Deployment orgiac:deployment) valid\n", res.stdout)
	assert.Empty(t, res.stderr)

	design, err := filepath.Abs("../../internal/config/testdata/deployment-design.yaml")
	require.NoError(t, err)
	res = runWithEnv(t, nil, "validate", design)
	assert.Equal(t, exitOK, res.code, res.stdout)
	assert.Equal(t, "OK: "+design+" (Deployment configuration) valid\n", res.stdout)
}

func TestValidate_ATypoFailsWithFileLinePathAndSuggestion(t *testing.T) {
	dir := project(t, map[string]string{
		"Pulumi.dev.yaml": strings.Replace(devStack, "cidr_block:", "cidr_blok:", 1),
		"org.yaml":        "organization: acme\nownr: x\nenforcement: strict\n",
	})
	stack, org := filepath.Join(dir, "Pulumi.dev.yaml"), filepath.Join(dir, "org.yaml")
	res := runWithEnv(t, nil, "validate", stack, org)
	assert.Equal(t, exitFails, res.code)
	assert.Equal(t, stack+`:18: orgiac:deployment.aws.vpc.cidr_blok: unknown key; did you mean cidr_block? [CFG110]; fix: rename it to cidr_block
`+org+`:2: ownr: unknown key; did you mean owner? [CFG110]; fix: rename it to owner
`+org+`:3: enforcement: "strict" is not allowed [CFG112]; fix: use one of enforce, audit, off
3 problems found
`, res.stdout, "problems are listed by file, in the order given, then by line")
}

func TestValidate_LayersAreMergedBeforeRequiredKeysAreChecked(t *testing.T) {
	dir := project(t, map[string]string{
		"Pulumi.yaml":     "name: payments\nruntime: yaml\nconfig:\n  orgiac:deployment:\n    value:\n      project: {name: payments}\n      aws: {region: us-west-2}\n",
		"Pulumi.dev.yaml": "config:\n  orgiac:deployment:\n    project: {environment: dev}\n    aws: {enabled: true}\n",
	})
	proj, stack := filepath.Join(dir, "Pulumi.yaml"), filepath.Join(dir, "Pulumi.dev.yaml")
	res := runWithEnv(t, nil, "validate", proj, stack)
	assert.Equal(t, exitOK, res.code, "each file alone misses keys the other sets: %s", res.stdout)

	res = runWithEnv(t, nil, "validate", proj)
	assert.Equal(t, exitFails, res.code)
	assert.Contains(t, res.stdout, proj+":6: orgiac:deployment.project.environment: is required but missing [CFG113]")
	assert.Contains(t, res.stdout, proj+":7: orgiac:deployment.aws.enabled: is required but missing [CFG113]")
}

func TestValidate_EnvChecksTheOrgiacVariables(t *testing.T) {
	dir := project(t, map[string]string{"org.yaml": orgPolicy})
	env := []string{"ORGIAC_DEFAULT_TAGS=notjson", "ORGIAC_COSTCENTER=x", "AWS_SECRET_ACCESS_KEY=never-read"}
	res := runWithEnv(t, env, "validate", filepath.Join(dir, "org.yaml"), "--env")
	assert.Equal(t, exitFails, res.code)
	assert.Contains(t, res.stdout, `environment: ORGIAC_DEFAULT_TAGS: "notjson" does not fit defaultTags`)
	assert.Contains(t, res.stdout, "environment: ORGIAC_COSTCENTER: is not an orgiac variable; did you mean ORGIAC_COST_CENTER?")
	assert.NotContains(t, res.stdout, "never-read")

	res = runWithEnv(t, env, "validate", filepath.Join(dir, "org.yaml"))
	assert.Equal(t, exitOK, res.code, "without --env the environment is not read")
}

func TestValidate_UnreadableFilesAndBadCommandLines(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.yaml")
	res := runWithEnv(t, nil, "validate", missing)
	assert.Equal(t, exitFails, res.code)
	assert.Contains(t, res.stdout, missing+": (document): does not exist [CFG102]")

	res = runWithEnv(t, nil, "validate")
	assert.Equal(t, exitUsage, res.code)
	assert.Contains(t, res.stderr, "needs at least one file")
}

func TestExplain_TableShowsEachValueWithItsLayerAndOrigin(t *testing.T) {
	dir := project(t, map[string]string{
		"org-policy.yaml": orgPolicy, "Pulumi.dev.yaml": devStack, "Pulumi.yaml": "name: payments\nruntime: yaml\n",
	})
	stack := filepath.Join(dir, "Pulumi.dev.yaml")
	org := filepath.Join(dir, "org-policy.yaml")
	res := runWithEnv(t, []string{"ORGIAC_ENVIRONMENT=prod", "AWS_REGION=eu-west-1"}, "explain", "--stack-config", stack)
	assert.Equal(t, exitOK, res.code, res.stderr)
	rows := tableRows(res.stdout)
	assert.Equal(t, []string{"KEY", "VALUE", "LAYER", "ORIGIN"}, rows[0])
	byKey := map[string][]string{}
	for _, r := range rows[1:] {
		byKey[r[0]] = r[1:]
	}
	assert.Equal(t, map[string][]string{
		"organization":     {"acme", "organization", org},
		"environment":      {"prod", "environment variable", "ORGIAC_ENVIRONMENT"},
		"project":          {"payments", "default", "Pulumi project"},
		"owner":            {"platform-team", "organization", org},
		"costCenter":       {"cc-1234", "organization", org},
		"defaultTags.Team": {"payments", "stack", "Pulumi.dev.yaml"},
		"enforcement":      {"enforce", "environment section", org},
		"naming":           {"{org}-{env}-{name}", "default", "built-in"},
		"frameworks":       {`["cis-aws-foundations-3.0","nist-800-53-r5"]`, "default", "built-in"},
		"components.orgiac:aws:SecureBucket.forceDestroy": {"false", "organization", org},
	}, byKey)
	assert.Equal(t, "organization", rows[1][0], "settings come in their documented order")
}

// tableRows splits an aligned table into its cells.
func tableRows(out string) [][]string {
	var rows [][]string
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		var cells []string
		for _, c := range strings.Split(line, "  ") {
			if c = strings.TrimSpace(c); c != "" {
				cells = append(cells, c)
			}
		}
		rows = append(rows, cells)
	}
	return rows
}

func TestExplain_JSONAndThePolicyFileFromEachSource(t *testing.T) {
	dir := project(t, map[string]string{
		"org-policy.yaml": orgPolicy, "Pulumi.dev.yaml": devStack,
		"other.yaml": "organization: other-org\n", "flag.yaml": "organization: flag-org\n",
	})
	stack := filepath.Join(dir, "Pulumi.dev.yaml")
	type doc struct {
		Stack      string `json:"stack"`
		PolicyFile string `json:"policyFile"`
		Settings   struct {
			Organization string `json:"organization"`
			Environment  string `json:"environment"`
		} `json:"settings"`
		Values []struct {
			Key    string `json:"key"`
			Value  any    `json:"value"`
			Layer  string `json:"layer"`
			Origin string `json:"origin"`
		} `json:"values"`
	}
	decodeDoc := func(res cliResult) doc {
		require.Equal(t, exitOK, res.code, res.stderr)
		var d doc
		require.NoError(t, json.Unmarshal([]byte(res.stdout), &d), res.stdout)
		return d
	}

	d := decodeDoc(runWithEnv(t, nil, "explain", "--stack-config", stack, "--format", "json"))
	assert.Equal(t, "dev", d.Stack)
	assert.Equal(t, filepath.Join(dir, "org-policy.yaml"), d.PolicyFile, "orgiac:policyFile, relative to the stack file")
	assert.Equal(t, "acme", d.Settings.Organization)
	assert.Equal(t, "dev", d.Settings.Environment)
	assert.Equal(t, "environment", d.Values[1].Key)
	assert.Equal(t, "stack", d.Values[1].Layer)
	assert.Equal(t, "Pulumi.dev.yaml", d.Values[1].Origin)

	other := filepath.Join(dir, "other.yaml")
	d = decodeDoc(runWithEnv(t, []string{"ORGIAC_POLICY_FILE=" + other}, "explain", "--stack-config", stack, "-f", "json"))
	assert.Equal(t, other, d.PolicyFile, "ORGIAC_POLICY_FILE wins over orgiac:policyFile")
	assert.Equal(t, "other-org", d.Settings.Organization)

	flag := filepath.Join(dir, "flag.yaml")
	d = decodeDoc(runWithEnv(t, []string{"ORGIAC_POLICY_FILE=" + other}, "explain", "--stack-config", stack,
		"--policy", flag, "-f", "json"))
	assert.Equal(t, "flag-org", d.Settings.Organization, "--policy wins over both")
}

func TestExplain_ProblemsAreReportedAndExitOne(t *testing.T) {
	dir := project(t, map[string]string{"Pulumi.dev.yaml": "config:\n  orgiac:owner: team\n  orgiac:ownr: typo\n"})
	res := runWithEnv(t, []string{"ORGIAC_ENVIRONMNT=prod"}, "explain", "--stack-config", filepath.Join(dir, "Pulumi.dev.yaml"))
	assert.Equal(t, exitFails, res.code)
	assert.Contains(t, res.stderr, "ORGIAC_ENVIRONMNT: is not an orgiac variable; did you mean ORGIAC_ENVIRONMENT?")
	assert.Contains(t, res.stderr, "Pulumi.dev.yaml:3: orgiac:ownr: unknown key; did you mean owner?")
	assert.Contains(t, res.stdout, "owner", "the values that resolve are still shown")

	missing := filepath.Join(dir, "nope.yaml")
	res = runWithEnv(t, []string{"ORGIAC_POLICY_FILE=" + missing}, "explain")
	assert.Equal(t, exitFails, res.code)
	assert.Contains(t, res.stderr, missing+": (document): does not exist (from ORGIAC_POLICY_FILE) [CFG102]")

	res = runWithEnv(t, nil, "explain", "--format", "yaml")
	assert.Equal(t, exitUsage, res.code)
	assert.Contains(t, res.stderr, `unknown --format "yaml"`)
}

func TestCatalog_ListsEveryComponentInEveryFormat(t *testing.T) {
	for _, format := range []string{"text", "json", "markdown"} {
		t.Run(format, func(t *testing.T) {
			res := runWithEnv(t, nil, "catalog", "--format", format)
			require.Equal(t, exitOK, res.code, res.stderr)
			for _, token := range []string{"orgiac:aws:SecureBucket", "orgiac:aws:SecureVpc", "orgiac:aws:EksCluster"} {
				assert.Contains(t, res.stdout, token)
			}
			assert.Contains(t, res.stdout, "An S3 bucket that meets the organization's standard by default.")
			assert.Contains(t, res.stdout, "versioning")
			assert.Contains(t, res.stdout, "bucketArn")
		})
	}
}

func TestCatalog_TextShowsInputsOutputsAndTheExample(t *testing.T) {
	res := runWithEnv(t, nil, "catalog", "SecureBucket")
	require.Equal(t, exitOK, res.code, res.stderr)
	out := res.stdout
	assert.True(t, strings.HasPrefix(out, "orgiac:aws:SecureBucket\n  An S3 bucket that meets the organization's standard by default.\n"), out)
	assert.Regexp(t, `(?m)^    NAME +TYPE +REQUIRED +DESCRIPTION$`, out)
	assert.Regexp(t, `(?m)^    versioning +boolean +- +Keep every version of every object. Defaults to .true.`, out)
	assert.Regexp(t, `(?m)^    lifecycleRules +list<BucketLifecycleRule> +- `, out)
	assert.Regexp(t, `(?m)^    bucketArn +string +The bucket ARN\.$`, out)
	assert.Contains(t, out, "  Example (Pulumi YAML):\n    resources:\n      artifacts:\n        type: orgiac:aws:SecureBucket\n")
	assert.NotContains(t, out, "orgiac:aws:SecureVpc")
}

func TestCatalog_JSONIsStructured(t *testing.T) {
	res := runWithEnv(t, nil, "catalog", "orgiac:aws:SecureBucket", "--format", "json")
	require.Equal(t, exitOK, res.code, res.stderr)
	var doc struct {
		Components []component `json:"components"`
	}
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &doc))
	require.Len(t, doc.Components, 1)
	c := doc.Components[0]
	assert.Equal(t, "orgiac:aws:SecureBucket", c.Token)
	var versioning property
	for _, in := range c.Inputs {
		if in.Name == "versioning" {
			versioning = in
		}
	}
	assert.Equal(t, "boolean", versioning.Type)
	assert.Contains(t, versioning.Description, "Defaults to `true`", "the default is stated in the description")
	assert.False(t, versioning.Required)
	assert.Contains(t, c.Example, "type: orgiac:aws:SecureBucket")
}

func TestCatalog_MarkdownHasTablesAndAYAMLBlock(t *testing.T) {
	res := runWithEnv(t, nil, "catalog", "SecureBucket", "-f", "markdown")
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stdout, "## `orgiac:aws:SecureBucket`\n\nAn S3 bucket")
	assert.Contains(t, res.stdout, "| Name | Type | Required | Description |\n|---|---|---|---|\n")
	assert.Contains(t, res.stdout, "| `versioning` | `boolean` | - | Keep every version")
	assert.Contains(t, res.stdout, "### Example\n\n```yaml\nresources:\n")
}

func TestCatalog_AnUnknownComponentSuggestsOne(t *testing.T) {
	res := runWithEnv(t, nil, "catalog", "SecureBuckt")
	assert.Equal(t, exitUsage, res.code)
	assert.Contains(t, res.stderr, `no component "SecureBuckt"; did you mean orgiac:aws:SecureBucket?`)
	res = runWithEnv(t, nil, "catalog", "--format", "html")
	assert.Equal(t, exitUsage, res.code)
}

func TestCatalog_ExampleIsSynthesisedWithoutOne(t *testing.T) {
	c := catalogOf(catalogSpecWithoutExample())
	require.Len(t, c, 1)
	assert.Equal(t, "resources:\n  myThing:\n    type: orgiac:test:Thing\n    properties:\n      count: 1\n      names: [example]\n", c[0].Example)
	assert.Equal(t, "The first paragraph, on one line.", c[0].Description)
}

func TestConfigCommands_HaveHelpWithExamples(t *testing.T) {
	for _, tt := range []struct {
		cmd  string
		want []string
	}{
		{"validate", []string{"orgiac validate FILE...", "Examples:", "--env", "Exit status", "config:"}},
		{"explain", []string{"orgiac explain", "Examples:", "--stack-config", "--policy", "--format", "ORGIAC_ENVIRONMENT=prod"}},
		{"catalog", []string{"orgiac catalog", "Examples:", "--format", "markdown"}},
	} {
		res := runWithEnv(t, nil, tt.cmd, "--help")
		assert.Equal(t, exitOK, res.code, tt.cmd)
		for _, w := range tt.want {
			assert.Contains(t, res.stdout, w, tt.cmd)
		}
	}
	res := runWithEnv(t, nil, "--help")
	for _, cmd := range []string{"validate", "explain", "catalog", "report", "version"} {
		assert.Contains(t, res.stdout, cmd)
	}
}

func catalogSpecWithoutExample() pschema.PackageSpec {
	return pschema.PackageSpec{Resources: map[string]pschema.ResourceSpec{
		"orgiac:test:Thing": {
			IsComponent: true,
			ObjectTypeSpec: pschema.ObjectTypeSpec{
				Description: "The first paragraph,\non one line.\n\nThe second paragraph.",
			},
			InputProperties: map[string]pschema.PropertySpec{
				"names": {TypeSpec: pschema.TypeSpec{Type: "array", Items: &pschema.TypeSpec{Type: "string"}}},
				"count": {TypeSpec: pschema.TypeSpec{Type: "integer"}},
				"label": {TypeSpec: pschema.TypeSpec{Type: "string"}},
			},
			RequiredInputs: []string{"names", "count"},
		},
		"orgiac:test:Custom": {ObjectTypeSpec: pschema.ObjectTypeSpec{Description: "not a component"}},
	}}
}
