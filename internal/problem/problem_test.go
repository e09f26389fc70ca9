package problem

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testRule = Define("ZZZ001", "test rule", "do the test fix")

func TestProblemErrorNamesPathValueCodeAndFix(t *testing.T) {
	p := Problem{Rule: testRule, Path: "nodeGroups[1].minSize", Value: 5, Detail: "is greater than maxSize (2)"}
	assert.Equal(t, "nodeGroups[1].minSize: 5 is greater than maxSize (2) [ZZZ001]; fix: do the test fix", p.Error())
}

func TestProblemFixOverridesRuleFix(t *testing.T) {
	p := Problem{Rule: testRule, Path: "acl", Value: "public-read", Detail: "is public", Fix: "remove acl"}
	assert.Equal(t, `acl: "public-read" is public [ZZZ001]; fix: remove acl`, p.Error())
}

func TestListMergePrefixesPaths(t *testing.T) {
	var inner, outer List
	inner.Addf(testRule, "kmsKeyArn", nil, "x")
	inner.Addf(testRule, "[0].id", nil, "y")
	outer.Merge("encryption", inner)
	outer.Merge("rules", List{items: inner.items[1:]})
	paths := []string{}
	for _, p := range outer.Items() {
		paths = append(paths, p.Path)
	}
	assert.Equal(t, []string{"encryption.kmsKeyArn", "encryption[0].id", "rules[0].id"}, paths)
}

func TestAsErrorListsEveryProblem(t *testing.T) {
	var l List
	assert.NoError(t, l.AsError("x"), "no problems is no error")
	l.Addf(testRule, "a", "1", "is bad")
	l.Addf(testRule, "b", "2", "is worse")
	err := l.AsError(`orgiac:aws:SecureBucket "logs"`)
	require.Error(t, err)
	assert.Equal(t, "orgiac:aws:SecureBucket \"logs\" has 2 input problems; nothing was created:\n"+
		"  - a: \"1\" is bad [ZZZ001]; fix: do the test fix\n"+
		"  - b: \"2\" is worse [ZZZ001]; fix: do the test fix", err.Error())
	assert.Equal(t, []string{"ZZZ001", "ZZZ001"}, Codes(err))
	var p Problem
	assert.True(t, errors.As(err, &p), "each problem is reachable with errors.As")
}

func TestDefineRejectsDuplicateCodes(t *testing.T) {
	assert.Panics(t, func() { Define("ZZZ001", "again", "") })
}

func TestRulesAreSortedAndIncludeDefined(t *testing.T) {
	rules := Rules()
	require.NotEmpty(t, rules)
	for i := 1; i < len(rules); i++ {
		assert.Less(t, rules[i-1].Code, rules[i].Code)
	}
	assert.Contains(t, rules, testRule)
}

func TestRedactHidesSecretValuesInValuesAndDetails(t *testing.T) {
	r := Rule{Code: "TST001", Fix: "fix it"}
	var l List
	l.Addf(r, "orgiac:owner", "team;s3cr3t", "contains %q, which is not allowed", ";s3cr3t")
	l.Addf(r, "orgiac:naming", "{x}", "is unknown")
	red := l.Redact("s3cr3t", "")
	require.Len(t, red.Items(), 2)
	assert.Equal(t, "team;[secret]", red.Items()[0].Value)
	assert.Equal(t, `contains ";[secret]", which is not allowed`, red.Items()[0].Detail)
	assert.Equal(t, "{x}", red.Items()[1].Value, "other problems are untouched")
	assert.NotContains(t, red.AsError("x").Error(), "s3cr3t")
	assert.Contains(t, l.Items()[0].Detail, "s3cr3t", "the original list is unchanged")
}
