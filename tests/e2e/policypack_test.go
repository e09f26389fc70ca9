package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// verdicts are the failing controls per resource URN.
type verdicts map[string][]string

// violationLine is how the policy pack words a violation, as the components
// do: "<urn>: fails control <id> ...". It is the pack's wording, not the
// engine's.
var violationLine = regexp.MustCompile(`(urn:pulumi:\S+::[\w.-]+): fails control ([a-z0-9-]+) `)

// packVerdicts reads the violations the policy pack reported in out.
func packVerdicts(out string) verdicts {
	v := verdicts{}
	seen := map[string]bool{}
	for _, m := range violationLine.FindAllStringSubmatch(out, -1) {
		if key := m[1] + " " + m[2]; !seen[key] {
			seen[key] = true
			v[m[1]] = append(v[m[1]], m[2])
		}
	}
	return v
}

// reportVerdicts reads `orgiac report --format json` over the stack's state:
// the failing controls of each resource outside components (its reasons
// start with the resource's URN), and of each component (by its URN).
func reportVerdicts(t *testing.T, s *stack, urns ...string) verdicts {
	t.Helper()
	export := filepath.Join(t.TempDir(), "export.json")
	require.NoError(t, os.WriteFile(export, []byte(s.MustPulumi("stack", "export", "--stack", s.Name)), 0o644))
	out, _ := orgiacReport(t, "--format", "json", export)
	var doc struct {
		Reports []struct {
			Component string `json:"component"`
			Report    struct {
				Controls []struct {
					ID     string `json:"id"`
					Status string `json:"status"`
					Reason string `json:"reason"`
				} `json:"controls"`
			} `json:"report"`
		} `json:"reports"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc), out)
	v := verdicts{}
	for _, r := range doc.Reports {
		for _, c := range r.Report.Controls {
			if c.Status != "fail" {
				continue
			}
			if r.Component != "" {
				v[r.Component] = append(v[r.Component], c.ID)
				continue
			}
			for _, urn := range urns {
				if strings.Contains(c.Reason, urn+": ") {
					v[urn] = append(v[urn], c.ID)
				}
			}
		}
	}
	return v
}

// TestPolicyPackJudgesRawResourcesLikeTheReport runs a program with an
// orgiac SecureBucket, a raw bucket with none of the bucket controls and a
// raw security group open to the world on port 22 under the policy pack:
// mandatory, the preview fails on every violated control of the two raw
// resources and on nothing of the component, and an up creates nothing;
// advisory, it passes with the same violations as warnings; the report over
// the state then gives the same verdicts, and the component's own report
// (made at Construct) passes. A waiver in the policy file then silences
// exactly its control on exactly its resource.
func TestPolicyPackJudgesRawResourcesLikeTheReport(t *testing.T) {
	t.Parallel()
	s := newStack(t, "tests/e2e/programs/goraw")
	run := goRawRunner(s, "policy-pack")
	s.setEnv("E2E_POLICY_PACK", filepath.Join(pluginBin, "pulumi-analyzer-policy-orgiac"))
	s.Init()
	project := "goraw"
	rawBucket := "urn:pulumi:" + s.Name + "::" + project + "::aws:s3/bucketV2:BucketV2::raw-bucket"
	rawSG := "urn:pulumi:" + s.Name + "::" + project + "::aws:ec2/securityGroup:SecurityGroup::raw-ssh"
	component := "urn:pulumi:" + s.Name + "::" + project + "::orgiac:aws:SecureBucket::artifacts"

	// Mandatory (orgiac:enforcement defaults to enforce).
	err := run.Run(s, "preview")
	require.Error(t, err, "mandatory violations fail the preview")
	atPreview := packVerdicts(err.Error())
	assert.Subset(t, atPreview[rawBucket], []string{"s3-public-access-block", "s3-versioning", "s3-encryption-at-rest"})
	assert.Equal(t, []string{"vpc-sg-admin-ports"}, atPreview[rawSG])
	assert.Empty(t, atPreview[component], "the component passes by construction")
	assert.ElementsMatch(t, []string{rawBucket, rawSG}, keys(atPreview), "only the raw resources are judged failing")

	require.Error(t, run.Run(s, "up"), "a mandatory violation stops the up")
	assert.Empty(t, s.CloudResources(), "the up created nothing: the preview it runs first failed")

	// Without the preview, the pack judges each resource before it is
	// created: the security group, which fails alone, never reaches AWS.
	require.Error(t, run.Run(s, "up-skip-preview"), "a mandatory violation stops the up")
	dep := s.Export()
	assertCloudMatchesState(t, s, dep)
	for _, r := range dep.cloudResources() {
		assert.NotEqual(t, rawSG, r.URN, "the violating security group was not created")
	}
	for _, r := range s.CloudResources() {
		assert.NotEqual(t, "aws:ec2/securityGroup:SecurityGroup", r.Type, "no security group in moto")
	}
	require.NoError(t, run.Run(s, "destroy"))

	// Advisory, for every policy, through the pack's configuration.
	advisory := filepath.Join(t.TempDir(), "advisory.json")
	require.NoError(t, os.WriteFile(advisory, []byte(`{"all": "advisory"}`), 0o644))
	s.setEnv("E2E_POLICY_PACK_CONFIG", advisory)
	out, err := run.Output(s, "preview")
	require.NoError(t, err, "advisory violations do not fail the preview:\n%s", out)
	assert.Equal(t, atPreview, packVerdicts(out), "the same violations, as warnings:\n%s", out)
	out, err = run.Output(s, "up")
	require.NoError(t, err, "advisory violations do not fail the up:\n%s", out)

	// The third moment: the report over the state agrees with the pack, and
	// the component's report from Construct passes.
	assert.Equal(t, normalize(atPreview), normalize(reportVerdicts(t, s, rawBucket, rawSG)),
		"orgiac report gives the raw resources the verdicts the pack gave them")
	comp := s.Export().one(t, tSecureBucket)
	assert.Equal(t, 0.0, get(comp.Outputs, "complianceReport", "summary", "fail"))

	// A waiver in the policy file, for one control of one raw resource.
	policy := filepath.Join(s.Dir, "policy.yaml")
	require.NoError(t, os.WriteFile(policy, []byte(`waivers:
  - {control: s3-versioning, reason: "scratch data, rebuilt nightly", expires: "2099-12-31", component: raw-bucket}
  - {control: s3-versioning, reason: "names a resource that is not here", expires: "2099-12-31", component: elsewhere}
`), 0o644))
	s.MustPulumi("config", "set", "orgiac:policyFile", "policy.yaml", "--stack", s.Name)
	s.setEnv("E2E_POLICY_PACK_CONFIG", "")
	err = run.Run(s, "preview")
	require.Error(t, err, "the other violations still fail the preview")
	waived := packVerdicts(err.Error())
	want := normalize(atPreview)
	want[rawBucket] = without(want[rawBucket], "s3-versioning")
	assert.Equal(t, want, normalize(waived), "exactly s3-versioning on exactly raw-bucket is silenced")

	require.NoError(t, run.Run(s, "destroy"))
	assert.Empty(t, s.CloudResources(), "destroy leaves nothing behind in moto")
}

func keys(v verdicts) []string {
	var out []string
	for k := range v {
		out = append(out, k)
	}
	return out
}

func normalize(v verdicts) verdicts {
	out := verdicts{}
	for k, ids := range v {
		if len(ids) == 0 {
			continue
		}
		sorted := append([]string(nil), ids...)
		sort.Strings(sorted)
		out[k] = sorted
	}
	return out
}

func without(ids []string, drop string) []string {
	var out []string
	for _, id := range ids {
		if id != drop {
			out = append(out, id)
		}
	}
	return out
}
