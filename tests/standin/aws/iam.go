package main

import (
	"strings"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

// Computed outputs and ids of IAM and CloudWatch Logs types.

// roleOutputs: IAM ARNs carry the path, and AWS assigns an AROA... unique id.
func roleOutputs(c *standin.Ctx) map[string]any {
	path := c.StrOr("path", "/")
	return map[string]any{
		"arn":                 globalARN(c, "iam", "role"+path+c.Str("name")),
		"uniqueId":            c.Keep("uniqueId", func() any { return "AROA" + standin.RandomUpperAlnum(17) }),
		"createDate":          keepNow(c, "createDate"),
		"path":                path,
		"maxSessionDuration":  3600,
		"forceDetachPolicies": false,
		"description":         "",
	}
}

// oidcProviderID is the provider's ARN, which is also its id in AWS.
func oidcProviderID(c *standin.Ctx) string {
	url := c.Str("url")
	if url == "" {
		return ""
	}
	return globalARN(c, "iam", "oidc-provider/"+strings.TrimPrefix(url, "https://"))
}

func oidcProviderOutputs(c *standin.Ctx) map[string]any {
	return map[string]any{
		"arn":             c.ID,
		"thumbprintLists": []any{"9e99a48a9960b14926bb7f3b02e22da2b0ab7280"},
	}
}

func logGroupOutputs(c *standin.Ctx) map[string]any {
	return map[string]any{
		"arn":             arn(c, "logs", "log-group:"+c.Str("name")),
		"retentionInDays": 0,
		"skipDestroy":     false,
		"logGroupClass":   "STANDARD",
		"kmsKeyId":        "",
	}
}
