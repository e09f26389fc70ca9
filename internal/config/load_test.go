package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/standards"
)

// write saves content as name in a temporary directory and returns its path.
func write(t testing.TB, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

// diagsOf asserts err is Diagnostics and returns them.
func diagsOf(t *testing.T, err error) Diagnostics {
	t.Helper()
	require.Error(t, err)
	var ds Diagnostics
	require.True(t, errors.As(err, &ds), "error is Diagnostics: %v", err)
	return ds
}

const policyYAML = `# The organization policy.
organization: acme
owner: platform-team
defaultTags:
  Team: platform
frameworks: [cis-aws-foundations-3.0, soc2]
waivers:
  - control: s3-access-logging
    reason: the log bucket cannot log to itself
    expires: 2027-03-31
environments:
  production:
    enforcement: enforce
components:
  orgiac:aws:SecureBucket:
    forceDestroy: false
`

func TestLoadPolicyFile_ReadsYAMLAndJSONAlike(t *testing.T) {
	want := PolicyDocument{
		PolicySettings: PolicySettings{
			Organization: "acme", Owner: "platform-team", DefaultTags: map[string]string{"Team": "platform"},
			Frameworks: []string{"cis-aws-foundations-3.0", "soc2"},
		},
		Environments: map[string]PolicySettings{"production": {Enforcement: "enforce"}},
		Components:   map[string]map[string]any{"orgiac:aws:SecureBucket": {"forceDestroy": false}},
	}
	want.Waivers = []compliance.Waiver{
		{Control: "s3-access-logging", Reason: "the log bucket cannot log to itself", Expires: "2027-03-31"},
	}
	policyJSON := `{"organization": "acme", "owner": "platform-team", "defaultTags": {"Team": "platform"},
	  "frameworks": ["cis-aws-foundations-3.0", "soc2"],
	  "waivers": [{"control": "s3-access-logging", "reason": "the log bucket cannot log to itself", "expires": "2027-03-31"}],
	  "environments": {"production": {"enforcement": "enforce"}},
	  "components": {"orgiac:aws:SecureBucket": {"forceDestroy": false}}}`
	for _, tt := range []struct{ name, content, format string }{
		{"org.yaml", policyYAML, "yaml"},
		{"org.yml", policyYAML, "yaml"},
		{"org.json", policyJSON, "json"},
		{"org-policy", policyYAML, "yaml"}, // no extension: sniffed
		{"org-policy-json", policyJSON, "json"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, f, err := LoadPolicyFile(write(t, tt.name, tt.content), "ORGIAC_POLICY_FILE")
			require.NoError(t, err)
			assert.Equal(t, want, doc)
			assert.Equal(t, tt.format, f.Format)
		})
	}
}

func TestLoadPolicyFile_AMissingFileNamesThePathAndHowItWasFound(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.yaml")
	_, _, err := LoadPolicyFile(path, "orgiac:policyFile in Pulumi.dev.yaml")
	ds := diagsOf(t, err)
	require.Len(t, ds, 1)
	assert.Equal(t, []string{"CFG102"}, ds.Codes())
	assert.Contains(t, err.Error(), path+": (document): does not exist (from orgiac:policyFile in Pulumi.dev.yaml)")
	assert.Contains(t, err.Error(), "point orgiac:policyFile in Pulumi.dev.yaml at an existing one")
}

func TestLoadPolicyFile_AnUnreadableFileIsAClearError(t *testing.T) {
	t.Run("a directory", func(t *testing.T) {
		dir := t.TempDir()
		_, _, err := LoadPolicyFile(dir, "ORGIAC_POLICY_FILE")
		assert.Equal(t, []string{"CFG102"}, diagsOf(t, err).Codes())
		assert.Contains(t, err.Error(), dir+": (document): is a directory (from ORGIAC_POLICY_FILE), not a file")
	})
	t.Run("no permission", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root reads every file")
		}
		path := write(t, "org.yaml", "organization: acme\n")
		require.NoError(t, os.Chmod(path, 0))
		_, _, err := LoadPolicyFile(path, "")
		assert.Equal(t, []string{"CFG102"}, diagsOf(t, err).Codes())
		assert.Contains(t, err.Error(), "cannot be read: permission denied")
	})
}

func TestLoadPolicyFile_MalformedYAMLNamesTheFileAndLine(t *testing.T) {
	path := write(t, "org.yaml", "organization: acme\ndefaultTags:\n  Team: x\n   Other: y\n")
	_, _, err := LoadPolicyFile(path, "")
	ds := diagsOf(t, err)
	require.Len(t, ds, 1)
	assert.Equal(t, "CFG103", ds[0].Rule.Code)
	assert.Equal(t, path, ds[0].File)
	assert.Equal(t, 4, ds[0].Line)
	assert.Contains(t, err.Error(), path+":4: (document): is not valid YAML: mapping values are not allowed")
}

func TestParse_SyntaxAndShapeProblems(t *testing.T) {
	tests := []struct {
		name, file, content string
		code                string
		line                int
		contains            string
	}{
		{"malformed JSON names its line", "org.json", "{\n  \"organization\": \"acme\",\n  \"owner\" \"x\"\n}", "CFG103", 3, "is not valid JSON"},
		{"truncated JSON", "org.json", "{\"organization\": ", "CFG103", 1, "ends before the document does"},
		{"trailing JSON", "org.json", "{}\n{}", "CFG103", 2, "unexpected data after the top-level value"},
		{"a key written twice in YAML", "org.yaml", "owner: a\norganization: x\nowner: b\n", "CFG103", 3, "owner: is defined twice (first on line 1)"},
		{"a key written twice in JSON", "org.json", "{\"owner\": \"a\",\n\"owner\": \"b\"}", "CFG103", 2, "owner: is defined twice"},
		{"two YAML documents", "org.yaml", "owner: a\n---\nowner: b\n", "CFG103", 2, "more than one YAML document"},
		{"an empty file", "org.yaml", "# nothing\n", "CFG105", 1, "is empty"},
		{"a list, not an object", "org.yaml", "- a\n- b\n", "CFG105", 1, "is a list, not an object"},
		{"a JSON string, not an object", "org.json", `"acme"`, "CFG105", 1, "is a string, not an object"},
		{"infinity is no JSON number", "org.yaml", "owner: x\nlimit: .inf\n", "CFG106", 2, "limit: is .inf, which JSON cannot represent"},
		{"a mapping key that is not a string", "org.yaml", "? [a, b]\n: x\n", "CFG106", 1, "has a key that is not a string"},
		{"nesting deeper than 100 levels", "org.yaml", "a: " + strings.Repeat("[", 150) + strings.Repeat("]", 150) + "\n", "CFG104", 1, "nests more than 100 levels deep"},
		{"an alias inside its own anchor", "org.yaml", "a: &loop [x, *loop]\n", "CFG104", 1, "never ends"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Parse(tt.file, []byte(tt.content))
			require.NotEmpty(t, ds)
			assert.Equal(t, tt.code, ds[0].Rule.Code, ds.Error())
			assert.Equal(t, tt.line, ds[0].Line, ds.Error())
			assert.Contains(t, ds.Error(), tt.contains)
		})
	}
}

func TestParse_ValuesAreJSONValues(t *testing.T) {
	f, ds := Parse("org.yaml", []byte(
		"s: text\ni: 42\nhex: 0x1F\nf: 1.5\nb: true\nn: ~\ndate: 2027-03-31\ntagged: !Ref thing\nbig: 18446744073709551615\n"))
	require.Empty(t, ds)
	assert.Equal(t, map[string]any{
		"s": "text", "i": int64(42), "hex": int64(31), "f": 1.5, "b": true, "n": nil,
		"date": "2027-03-31", "tagged": "thing", "big": float64(18446744073709551615),
	}, f.Value)
}

func TestParse_AnchorsAndMergeKeysWithinTheLimitExpand(t *testing.T) {
	f, ds := Parse("org.yaml", []byte("common: &tags {Team: data, Owner: x}\n"+
		"defaultTags: *tags\n"+
		"merged:\n  <<: *tags\n  Owner: y\n"))
	require.Empty(t, ds)
	m := f.Value.(map[string]any)
	assert.Equal(t, map[string]any{"Team": "data", "Owner": "x"}, m["defaultTags"])
	assert.Equal(t, map[string]any{"Team": "data", "Owner": "y"}, m["merged"], "explicit keys win over merged ones")
}

func TestParse_RefusesABillionLaughsWithoutExpandingIt(t *testing.T) {
	// Nine levels of ten aliases each expand to 10^9 nodes.
	var b strings.Builder
	b.WriteString("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= 9; i++ {
		prev := "*l" + string(rune('0'+i-1))
		b.WriteString("l" + string(rune('0'+i)) + ": &l" + string(rune('0'+i)) + " [" +
			strings.TrimSuffix(strings.Repeat(prev+", ", 10), ", ") + "]\n")
	}
	_, ds := Parse("org.yaml", []byte(b.String()))
	require.Len(t, ds, 1)
	assert.Equal(t, "CFG104", ds[0].Rule.Code)
	assert.Equal(t, 2, ds[0].Line, "the line of the first alias")
	assert.Contains(t, ds.Error(), `by more than the limit of 10000 (a "billion laughs" document)`)

	// A modest expansion is fine: 100 aliases of a 10-item list.
	_, ds = Parse("org.yaml", []byte("a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: ["+
		strings.TrimSuffix(strings.Repeat("*a, ", 100), ", ")+"]\n"))
	assert.Empty(t, ds)
}

func TestReadFile_RefusesFilesOverOneMebibyte(t *testing.T) {
	big := "owner: x\n" + "# " + strings.Repeat("x", MaxFileSize) + "\n"
	_, ds := ReadFile(write(t, "org.yaml", big), "")
	require.Len(t, ds, 1)
	assert.Equal(t, "CFG101", ds[0].Rule.Code)
	assert.Contains(t, ds.Error(), "is 1.0 MiB (1048588 bytes); the limit is 1 MiB (1048576 bytes)")

	exactly := "owner: x\n#" + strings.Repeat("x", MaxFileSize-11) + "\n"
	require.Len(t, exactly, MaxFileSize)
	_, ds = ReadFile(write(t, "org.yaml", exactly), "")
	assert.Empty(t, ds, "a file of exactly 1 MiB is read")
}

func TestLoadPolicyFile_ReportsEverySchemaAndCatalogProblemAtOnce(t *testing.T) {
	path := write(t, "org.yaml", `organization: acme
ownr: team
enforcement: strict
defaultTags:
  Team: 5
frameworks: [soc3]
naming: "{org}-{region}"
waivers:
  - control: s3-versioning
    reason: ""
    expires: next year
environments:
  prod:
    environment: production
    frameworks: [pci-dss-4]
`)
	_, _, err := LoadPolicyFile(path, "")
	ds := diagsOf(t, err)
	lines := strings.Split(err.Error(), "\n")
	assert.Equal(t, []string{
		path + `:2: ownr: unknown key; did you mean owner? [CFG110]; fix: rename it to owner`,
		path + `:3: enforcement: "strict" is not allowed [CFG112]; fix: use one of enforce, audit, off`,
		path + `:5: defaultTags.Team: 5 has the wrong type: expected string, got integer [CFG111]; fix: write a value of the expected type`,
		path + `:6: frameworks[0]: "soc3" is not a known framework [CMP001]; fix: ` + compliance.RuleUnknownFramework.Fix,
		path + `:7: naming: "{org}-{region}" uses the unknown placeholder {region} [CFG002]; fix: ` + standards.RuleNamingPlaceholder.Fix,
		path + `:7: naming: "{org}-{region}" has no {name} placeholder [CFG003]; fix: ` + standards.RuleNamingNeedsName.Fix,
		path + `:10: waivers[0].reason: is empty [CMP004]; fix: ` + compliance.RuleWaiverReason.Fix,
		path + `:11: waivers[0].expires: "next year" is not a YYYY-MM-DD date [CMP003]; fix: ` + compliance.RuleWaiverExpires.Fix,
		path + `:14: environments.prod.environment: "production" sets environment inside the section that environment selects [CFG123]; fix: remove environment from the section`,
		path + `:15: environments.prod.frameworks[0]: "pci-dss-4" is not a known framework [CMP001]; fix: ` + compliance.RuleUnknownFramework.Fix,
	}, lines)
	assert.Len(t, ds, 10)
}

// FuzzLoadPolicy: reading any bytes as a policy document, a stack file or a
// Deployment configuration never panics, whatever the file is called.
func FuzzLoadPolicy(f *testing.F) {
	f.Add("org.yaml", []byte(policyYAML))
	f.Add("org.json", []byte(`{"organization":"acme","waivers":[{"control":"x"}]}`))
	f.Add("Pulumi.dev.yaml", []byte(stackYAML))
	f.Add("deploy.yaml", []byte("project: {name: p}\naws: {enabled: true, vpc: {cidr_blok: x}}\n"))
	f.Add("x", []byte("a: &a [1, *a]\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		file, ds := Parse(name, data)
		if len(ds) > 0 {
			_ = ds.Error()
			return
		}
		_ = Validate(TargetPolicy, file.Value, Location{File: file}, false).Error()
		_ = CheckSettings(file.Value, Location{File: file})
		_ = ValidateDeployment(file.Value, file, "", true)
		if IsStackFile(file) {
			if sf, ds := ReadStackFile(file); len(ds) == 0 {
				_ = ValidateStackFile(sf, false)
			}
		}
		_, _ = Resolve(Inputs{Stack: "dev", Policy: file})
	})
}

func TestParse_JSONWithAByteOrderMarkAndHugeNumbers(t *testing.T) {
	f, ds := Parse("org.json", []byte("\ufeff{\"owner\": \"x\"}"))
	require.Empty(t, ds)
	assert.Equal(t, map[string]any{"owner": "x"}, f.Value)

	_, ds = Parse("org.json", []byte(`{"n": 1e400}`))
	assert.Equal(t, []string{"CFG106"}, ds.Codes(), "a number beyond float64 is refused, not read as infinity")
}
