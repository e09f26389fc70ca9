package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/compliance"
	"github.com/orgiac/pulumi-orgiac/internal/version"
)

func TestVersion_PrintsTheLinkedVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		res := runCLI(t, "", args...)
		assert.Equal(t, exitOK, res.code)
		require.NotEmpty(t, version.Version)
		assert.Equal(t, "orgiac "+version.Version+"\n", res.stdout, args)
	}
	var out, errOut strings.Builder
	assert.Equal(t, exitOK, run([]string{"version"}, &out, &errOut), "main's entry point")
	assert.Equal(t, "orgiac "+version.Version+"\n", out.String())

	res := runCLI(t, "", "version", "extra")
	assert.Equal(t, exitUsage, res.code)
	assert.Contains(t, res.stderr, "takes no arguments")
}

func TestHelp_EveryCommandDescribesItselfWithExamples(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{}, []string{"Usage:", "report", "version"}},
		{[]string{"--help"}, []string{"Usage:", "report", "version"}},
		{[]string{"report", "--help"}, []string{"orgiac report STACK_EXPORT.json...", "Examples:", "--format",
			"--output", "--frameworks", "--require", "Exit status", "pulumi refresh"}},
		{[]string{"help", "report"}, []string{"orgiac report STACK_EXPORT.json..."}},
		{[]string{"version", "--help"}, []string{"orgiac version", "Examples:"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			res := runCLI(t, "", tt.args...)
			assert.Equal(t, exitOK, res.code, res.stderr)
			for _, want := range tt.want {
				assert.Contains(t, res.stdout, want)
			}
		})
	}
}

func TestShortURN_IsTheTypeAndName(t *testing.T) {
	assert.Equal(t, "orgiac:aws:SecureBucket::artifacts", shortURN(componentURN))
}

// writeSyntheticExport writes an export of n resources: SecureBucket
// components of ten resources each (the component, a bucket, seven
// companions and a key), plus unrelated resources to make up n.
func writeSyntheticExport(tb testing.TB, dir string, n int) string {
	tb.Helper()
	var b strings.Builder
	b.WriteString(`{"version":3,"deployment":{"manifest":{},"resources":[`)
	stack := "urn:pulumi:perf::p::pulumi:pulumi:Stack::p-perf"
	fmt.Fprintf(&b, `{"urn":%q,"type":"pulumi:pulumi:Stack","custom":false}`, stack)
	written := 1
	for i := 0; written+10 <= n; i++ {
		comp := fmt.Sprintf("urn:pulumi:perf::p::orgiac:aws:SecureBucket::b%d", i)
		bucket := fmt.Sprintf("acme-perf-%d", i)
		fmt.Fprintf(&b, `,{"urn":%q,"type":"orgiac:aws:SecureBucket","parent":%q,"outputs":{"bucketName":%q}}`,
			comp, stack, bucket)
		child := func(typ, name, outputs string) {
			fmt.Fprintf(&b, `,{"urn":"urn:pulumi:perf::p::orgiac:aws:SecureBucket$%s::%s","type":%q,"custom":true,`+
				`"id":%q,"parent":%q,"outputs":%s}`, typ, name, typ, bucket, comp, outputs)
		}
		child(compliance.TypeBucket, bucket, fmt.Sprintf(`{"bucket":%q,"objectLockEnabled":false}`, bucket))
		child(compliance.TypeBucketVersioning, bucket+"-v", fmt.Sprintf(`{"bucket":%q,"versioningConfiguration":{"status":"Enabled"}}`, bucket))
		child(compliance.TypeBucketPAB, bucket+"-pab", fmt.Sprintf(`{"bucket":%q,"blockPublicAcls":true,"blockPublicPolicy":true,"ignorePublicAcls":true,"restrictPublicBuckets":true}`, bucket))
		child(compliance.TypeBucketOwnership, bucket+"-own", fmt.Sprintf(`{"bucket":%q,"rule":{"objectOwnership":"BucketOwnerEnforced"}}`, bucket))
		child(compliance.TypeBucketLogging, bucket+"-log", fmt.Sprintf(`{"bucket":%q,"targetBucket":"logs"}`, bucket))
		child(compliance.TypeBucketLifecycle, bucket+"-lc", fmt.Sprintf(`{"bucket":%q,"rules":[{"id":"r","status":"Enabled"}]}`, bucket))
		child(compliance.TypeBucketEncryption, bucket+"-enc", fmt.Sprintf(`{"bucket":%q,"rules":[{"applyServerSideEncryptionByDefault":{"sseAlgorithm":"aws:kms","kmsMasterKeyId":"arn:k"}}]}`, bucket))
		child(compliance.TypeBucketPolicy, bucket+"-pol", fmt.Sprintf(`{"bucket":%q,"policy":"{\"Statement\":[{\"Effect\":\"Deny\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}"}`, bucket))
		child(compliance.TypeKMSKey, bucket+"-key", `{"enableKeyRotation":true}`)
		written += 10
	}
	for ; written < n; written++ {
		fmt.Fprintf(&b, `,{"urn":"urn:pulumi:perf::p::aws:iam/role:Role::r%d","type":"aws:iam/role:Role","custom":true,`+
			`"id":"r%d","parent":%q,"outputs":{"name":"r%d"}}`, written, written, stack, written)
	}
	b.WriteString(`]}}`)
	path := filepath.Join(dir, fmt.Sprintf("synthetic-%d.json", n))
	require.NoError(tb, os.WriteFile(path, []byte(b.String()), 0o600))
	return path
}

func TestReport_ASyntheticExportOfManyComponentsPasses(t *testing.T) {
	path := writeSyntheticExport(t, t.TempDir(), 1000)
	res := runCLI(t, "", "report", path, "-f", "json")
	require.Equal(t, exitOK, res.code, res.stdout)
	doc := decodeJSONOutput(t, res.stdout)
	assert.Equal(t, 99, doc.Summary.Components)
	assert.Zero(t, doc.Summary.Fail)
}

// BenchmarkReport10k times `orgiac report` over a 10,000-resource export.
// Run with: go test ./cmd/orgiac -run '^$' -bench Report10k
func BenchmarkReport10k(b *testing.B) {
	path := writeSyntheticExport(b, b.TempDir(), 10_000)
	b.ResetTimer()
	for b.Loop() {
		if res := runCLI(b, "", "report", path, "-f", "json"); res.code != exitOK {
			b.Fatalf("exit %d: %s", res.code, res.stderr)
		}
	}
}
