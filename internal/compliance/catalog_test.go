package compliance

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// frameworkIDPatterns is what a real id of each framework looks like.
var frameworkIDPatterns = map[string]*regexp.Regexp{
	// CIS AWS Foundations: section numbers, "5.2" or "2.1.4".
	"cis-aws-foundations-3.0": regexp.MustCompile(`^[1-9]\d?\.\d{1,2}(\.\d{1,2})?$`),
	// CIS Azure Foundations: section numbers too, "3.15" or "6.1".
	"cis-azure-foundations-2.1": regexp.MustCompile(`^[1-9]\d?\.\d{1,2}(\.\d{1,2})?$`),
	// NIST 800-53: family and number, with an optional enhancement: "SC-8(1)".
	"nist-800-53-r5": regexp.MustCompile(`^(AC|AT|AU|CA|CM|CP|IA|IR|MA|MP|PE|PL|PM|PS|PT|RA|SA|SC|SI|SR)-\d{1,2}(\(\d{1,2}\))?$`),
	// PCI DSS 4.0: requirement.sub.item, "10.2.1".
	"pci-dss-4.0": regexp.MustCompile(`^\d{1,2}\.\d{1,2}\.\d{1,2}$`),
	// HIPAA Security Rule: 45 CFR 164.3xx with (a)(1)(ii)(A)-style paragraphs.
	"hipaa-security": regexp.MustCompile(`^164\.3\d{2}\([a-z]\)(\(\d{1,2}\)(\([ivx]+\)(\([A-Z]\))?)?)?$`),
	// SOC 2 Trust Services Criteria: CC1.1-CC9.9, A1.n, C1.n.
	"soc2": regexp.MustCompile(`^(CC[1-9]\.\d|A1\.\d|C1\.\d)$`),
}

// subjectForPrefix is the resource type each control id prefix checks.
var subjectForPrefix = map[string]string{
	"s3-":            TypeBucket,
	"kms-":           TypeKMSKey,
	"vpc-":           TypeVPC,
	"eks-":           TypeEKSCluster,
	"azure-storage-": TypeAzureStorageAccount,
	"azure-nsg-":     TypeAzureVirtualNetwork,
}

// idPrefix is the subjectForPrefix key a control id starts with.
func idPrefix(id string) (string, bool) {
	for p := range subjectForPrefix {
		if strings.HasPrefix(id, p) {
			return p, true
		}
	}
	return "", false
}

func TestCatalogFrameworksAreTheSixKnownOnes(t *testing.T) {
	assert.NotEmpty(t, CatalogVersion())
	var ids []string
	for _, f := range Frameworks() {
		assert.NotEmpty(t, f.Name, "framework %s has a name", f.ID)
		ids = append(ids, f.ID)
	}
	assert.Equal(t, []string{
		"cis-aws-foundations-3.0", "cis-azure-foundations-2.1", "nist-800-53-r5", "pci-dss-4.0", "hipaa-security", "soc2",
	}, ids)
	for id := range frameworkIDPatterns {
		assert.Contains(t, ids, id, "every id pattern is for a catalog framework")
	}
	for _, f := range DefaultFrameworks {
		assert.Contains(t, ids, f, "default framework %s is in the catalog", f)
	}
}

func TestCatalogControlCounts(t *testing.T) {
	controls := Controls()
	assert.GreaterOrEqual(t, len(controls), 22)
	count := map[string]int{}
	for _, c := range controls {
		prefix, _, _ := strings.Cut(c.ID, "-")
		count[prefix+"-"]++
	}
	assert.GreaterOrEqual(t, count["s3-"], 10, "s3- controls")
	assert.GreaterOrEqual(t, count["vpc-"], 5, "vpc- controls")
	assert.GreaterOrEqual(t, count["eks-"], 6, "eks- controls")
	assert.GreaterOrEqual(t, count["kms-"], 1, "kms- controls")
	assert.GreaterOrEqual(t, count["azure-"], 9, "azure- controls")
	assert.Len(t, checks, len(controls), "one check function per control")
}

func TestCatalogControlsAreComplete(t *testing.T) {
	controls := Controls()
	assert.True(t, slices.IsSortedFunc(controls, func(a, b Control) int { return strings.Compare(a.ID, b.ID) }),
		"Controls() is sorted by id")
	for _, c := range controls {
		t.Run(c.ID, func(t *testing.T) {
			assert.Regexp(t, `^[a-z0-9]+(-[a-z0-9]+)+$`, c.ID, "ids are kebab-case")
			assert.NotEmpty(t, c.Title, "title")
			assert.Contains(t, []string{"critical", "high", "medium", "low"}, c.Severity, "severity")
			assert.NotEmpty(t, c.Subject, "subject")
			assert.NotEmpty(t, c.Setting, "setting")
			assert.NotEmpty(t, c.Input, "input")
			assert.NotEmpty(t, c.Frameworks, "frameworks")
			assert.NotEmpty(t, c.Components, "components")
			for _, comp := range c.Components {
				assert.Regexp(t, `^orgiac:(aws|azure):[A-Z][A-Za-z]+$`, comp, "component token")
			}
			assert.NotNil(t, checks[c.ID], "check function")

			prefix, ok := idPrefix(c.ID)
			if assert.True(t, ok, "the id %s starts with one of s3-, kms-, vpc-, eks-, azure-storage-, azure-nsg-", c.ID) {
				want := subjectForPrefix[prefix]
				assert.Equal(t, want, c.Subject, "a %s control checks %s", prefix, want)
			}

			got, ok := Lookup(c.ID)
			assert.True(t, ok)
			assert.Equal(t, c.Title, got.Title, "Lookup finds the control")
		})
	}
}

func TestCatalogFrameworkIDsLookReal(t *testing.T) {
	for _, c := range Controls() {
		for fw, ids := range c.Frameworks {
			pattern, ok := frameworkIDPatterns[fw]
			require.True(t, ok, "control %s maps to %s, which has no id pattern", c.ID, fw)
			assert.NotEmpty(t, ids, "control %s lists %s with no ids", c.ID, fw)
			for _, id := range ids {
				assert.Regexp(t, pattern, id, "control %s: %s id", c.ID, fw)
			}
			assert.Len(t, slices.Compact(slices.Sorted(slices.Values(ids))), len(ids), "control %s repeats an id of %s", c.ID, fw)
		}
	}
}

func TestFrameworkIDPatternsRejectLookalikes(t *testing.T) {
	bad := map[string][]string{
		"cis-aws-foundations-3.0":   {"5", "5.", "CIS 5.1", "5.1.2.3", "v5.1"},
		"cis-azure-foundations-2.1": {"3", "3.", "CIS 3.15", "6.1.2.3", "v6.2"},
		"nist-800-53-r5":            {"SC8", "SC-8 (1)", "sc-8", "XX-1", "SC-8(1)(a)"},
		"pci-dss-4.0":               {"1.3", "Req 1.3.1", "1.3.1.a"},
		"hipaa-security":            {"164.312", "164.312(A)", "164.212(b)", "164.312(a)(1)(ii)(a)", "45 CFR 164.312(b)"},
		"soc2":                      {"CC6", "CC10.1", "A2.1", "P1.1", "cc6.1"},
	}
	good := map[string][]string{
		"cis-aws-foundations-3.0":   {"5.1", "2.1.4"},
		"cis-azure-foundations-2.1": {"3.15", "6.1"},
		"nist-800-53-r5":            {"AC-3", "SC-8(1)", "SC-12"},
		"pci-dss-4.0":               {"1.3.1", "10.2.1"},
		"hipaa-security":            {"164.312(b)", "164.312(a)(2)(iv)", "164.308(a)(7)(ii)(A)"},
		"soc2":                      {"CC6.1", "A1.2", "C1.2"},
	}
	for fw, ids := range bad {
		for _, id := range ids {
			assert.NotRegexp(t, frameworkIDPatterns[fw], id, "%s rejects %q", fw, id)
		}
	}
	for fw, ids := range good {
		for _, id := range ids {
			assert.Regexp(t, frameworkIDPatterns[fw], id, "%s accepts %q", fw, id)
		}
	}
}

func TestForComponent(t *testing.T) {
	for _, tc := range []struct {
		component string
		prefixes  []string
	}{
		{"orgiac:aws:SecureBucket", []string{"s3-", "kms-"}},
		{"orgiac:aws:SecureVpc", []string{"vpc-"}},
		{"orgiac:aws:NetworkStack", []string{"vpc-"}},
		{"orgiac:aws:EksCluster", []string{"eks-", "kms-"}},
		{"orgiac:azure:SecureStorageAccount", []string{"azure-storage-"}},
		{"orgiac:azure:SecureVnet", []string{"azure-nsg-"}},
	} {
		t.Run(tc.component+" gets the "+strings.Join(tc.prefixes, " and ")+" controls", func(t *testing.T) {
			var want []string
			for _, c := range Controls() {
				for _, p := range tc.prefixes {
					if strings.HasPrefix(c.ID, p) {
						want = append(want, c.ID)
					}
				}
			}
			var got []string
			for _, c := range ForComponent(tc.component) {
				got = append(got, c.ID)
			}
			assert.Equal(t, want, got)
		})
	}
	assert.Empty(t, ForComponent("orgiac:aws:Unknown"))
}

// TestValidateCatalogRejects proves the load-time validation catches each
// kind of broken catalog, so a bad edit of catalog.yaml fails the tests.
func TestValidateCatalogRejects(t *testing.T) {
	base := func() catalogFile {
		c := loadCatalog()
		c.Controls = Controls()
		for i := range c.Controls {
			c.Controls[i].Frameworks = map[string][]string{"nist-800-53-r5": {"AC-3"}}
		}
		return c
	}
	require.NoError(t, validateCatalog(base()), "the embedded catalog is valid")

	for _, tc := range []struct {
		name   string
		breaks func(c *catalogFile)
		want   string
	}{
		{"a control without a title", func(c *catalogFile) { c.Controls[0].Title = "" }, "lacks"},
		{"a control without a subject", func(c *catalogFile) { c.Controls[0].Subject = "" }, "lacks"},
		{"a control without a setting", func(c *catalogFile) { c.Controls[0].Setting = "" }, "lacks"},
		{"a duplicate id", func(c *catalogFile) { c.Controls[1].ID = c.Controls[0].ID }, "defined twice"},
		{"an id without a check", func(c *catalogFile) { c.Controls[0].ID = "s3-made-up" }, "no check function"},
		{"a check without a catalog entry", func(c *catalogFile) { c.Controls = c.Controls[1:] }, "no catalog entry"},
		{"a control mapped to no framework", func(c *catalogFile) { c.Controls[0].Frameworks = nil }, "maps to no framework"},
		{"an unknown framework", func(c *catalogFile) {
			c.Controls[0].Frameworks = map[string][]string{"iso-27001": {"A.8.24"}}
		}, "unknown framework"},
		{"a bad severity", func(c *catalogFile) { c.Controls[0].Severity = "urgent" }, "severity"},
	} {
		t.Run("rejects "+tc.name, func(t *testing.T) {
			c := base()
			tc.breaks(&c)
			err := validateCatalog(c)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestCatalogFrameworkIDsAreValidTagValuesOnceSanitised(t *testing.T) {
	for _, c := range Controls() {
		for fw, ids := range c.Frameworks {
			for _, id := range ids {
				s := SanitizeAWSTagValue(id)
				assert.Regexp(t, awsTagValue, s, fmt.Sprintf("%s %s %s", c.ID, fw, id))
				assert.NotContains(t, s, " ", "a sanitised id has no space, since tags join ids with spaces")
			}
		}
	}
}
