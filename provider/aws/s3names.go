package aws

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/orgiac/pulumi-orgiac/internal/problem"
)

// The S3 general-purpose bucket naming rules, one rule per kind of mistake so
// the message can say exactly what to change.
var (
	RuleBucketNameLength = problem.Define("S3001",
		"S3 bucket names are 3 to 63 characters long",
		"choose a name of 3 to 63 characters, or omit bucketName to get a generated one")
	RuleBucketNameChars = problem.Define("S3002",
		"S3 bucket names use only lowercase letters, digits, dots and hyphens",
		"use lowercase letters, digits, . and - only")
	RuleBucketNameEdges = problem.Define("S3003",
		"S3 bucket names begin and end with a letter or digit",
		"start and end the name with a lowercase letter or a digit")
	RuleBucketNameDots = problem.Define("S3004",
		"S3 bucket names have no two adjacent dots",
		"replace `..` with a single dot or a hyphen")
	RuleBucketNameIP = problem.Define("S3005",
		"S3 bucket names may not look like an IP address",
		"add letters so the name is not an IPv4 address")
	RuleBucketNameReserved = problem.Define("S3006",
		"S3 reserves some bucket name prefixes and suffixes",
		"avoid the prefixes xn--, sthree-, amzn-s3-demo- and the suffixes -s3alias, --ol-s3, .mrap, --x-s3, --table-s3")
)

var bucketNameChars = regexp.MustCompile(`^[a-z0-9.-]*$`)

var (
	reservedBucketPrefixes = []string{"xn--", "sthree-", "amzn-s3-demo-"}
	reservedBucketSuffixes = []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"}
)

// validateBucketName checks name against the S3 naming rules and reports
// every rule it breaks at path.
func validateBucketName(path, name string) problem.List {
	var probs problem.List
	if n := len(name); n < 3 || n > 63 {
		probs.Addf(RuleBucketNameLength, path, name, "is %d characters long; S3 allows 3 to 63", n)
	}
	if !bucketNameChars.MatchString(name) {
		detail := "has characters S3 does not allow"
		if strings.ToLower(name) != name {
			detail = "has uppercase letters; S3 bucket names are lowercase"
		}
		probs.Addf(RuleBucketNameChars, path, name, "%s", detail)
	}
	if name != "" && (!isAlnum(name[0]) || !isAlnum(name[len(name)-1])) {
		probs.Addf(RuleBucketNameEdges, path, name, "must begin and end with a letter or digit")
	}
	if strings.Contains(name, "..") {
		probs.Addf(RuleBucketNameDots, path, name, "has two adjacent dots")
	}
	if addr, err := netip.ParseAddr(name); err == nil && addr.Is4() {
		probs.Addf(RuleBucketNameIP, path, name, "is formatted as an IP address")
	}
	for _, p := range reservedBucketPrefixes {
		if strings.HasPrefix(name, p) {
			probs.Addf(RuleBucketNameReserved, path, name, "starts with the reserved prefix %q", p)
		}
	}
	for _, s := range reservedBucketSuffixes {
		if strings.HasSuffix(name, s) {
			probs.Addf(RuleBucketNameReserved, path, name, "ends with the reserved suffix %q", s)
		}
	}
	return probs
}

func isAlnum(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') }

// maxBucketPrefix is the longest bucketPrefix pulumi-aws accepts: S3's 63
// characters less the 26-character unique suffix it appends.
const maxBucketPrefix = 37

// bucketPrefixFor turns a standard name (`acme-dev-logs`) into a valid S3
// bucket prefix: lowercase, invalid characters replaced by hyphens, at most 37
// characters, ending in a hyphen so the generated suffix reads as separate.
func bucketPrefixFor(standardName string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(standardName) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	s := collapse(b.String(), "-")
	if len(s) > maxBucketPrefix-1 {
		s = s[:maxBucketPrefix-1]
	}
	s = strings.Trim(s, "-")
	if s == "" {
		s = "bucket"
	}
	return s + "-"
}

func collapse(s, sep string) string {
	for strings.Contains(s, sep+sep) {
		s = strings.ReplaceAll(s, sep+sep, sep)
	}
	return s
}

// policyDocument is the subset of the IAM policy grammar orgiac writes.
type policyDocument struct {
	Version   string            `json:"Version"`
	Statement []policyStatement `json:"Statement"`
}

type policyStatement struct {
	Sid       string                       `json:"Sid"`
	Effect    string                       `json:"Effect"`
	Principal string                       `json:"Principal"`
	Action    string                       `json:"Action"`
	Resource  []string                     `json:"Resource"`
	Condition map[string]map[string]string `json:"Condition"`
}

// tlsOnlyPolicy is the bucket policy every SecureBucket carries: deny any
// request over plain HTTP and any request over TLS older than 1.2.
func tlsOnlyPolicy(bucketArn string) (string, error) {
	resources := []string{bucketArn, bucketArn + "/*"}
	doc := policyDocument{Version: "2012-10-17", Statement: []policyStatement{
		{
			Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resources,
			Condition: map[string]map[string]string{"Bool": {"aws:SecureTransport": "false"}},
		},
		{
			Sid: "DenyOutdatedTLS", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resources,
			Condition: map[string]map[string]string{"NumericLessThan": {"s3:TlsVersion": "1.2"}},
		},
	}}
	b, err := json.Marshal(doc)
	if err != nil {
		return "", fmt.Errorf("encoding the TLS-only bucket policy: %w", err)
	}
	return string(b), nil
}
