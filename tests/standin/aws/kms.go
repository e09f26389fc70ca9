package main

import (
	"strings"

	"github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"
)

// Computed outputs of KMS types.

// kmsKeyOutputs reports the key's ARN and id plus AWS's defaults, including
// the default key policy that grants the account root full access.
func kmsKeyOutputs(c *standin.Ctx) map[string]any {
	out := map[string]any{
		"arn":                            arn(c, "kms", "key/"+c.ID),
		"keyId":                          c.ID,
		"keyUsage":                       "ENCRYPT_DECRYPT",
		"customerMasterKeySpec":          "SYMMETRIC_DEFAULT",
		"isEnabled":                      true,
		"enableKeyRotation":              false,
		"multiRegion":                    false,
		"bypassPolicyLockoutSafetyCheck": false,
		"policy": `{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions",` +
			`"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + c.Account + `:root"},"Action":"kms:*","Resource":"*"}]}`,
	}
	if c.Bool("enableKeyRotation") {
		out["rotationPeriodInDays"] = 365
	}
	return out
}

// kmsAliasOutputs resolves the target key (given as id or ARN) to its ARN.
func kmsAliasOutputs(c *standin.Ctx) map[string]any {
	target := c.Str("targetKeyId")
	if !strings.HasPrefix(target, "arn:") {
		target = arn(c, "kms", "key/"+target)
	}
	return map[string]any{
		"arn":          arn(c, "kms", c.Str("name")),
		"targetKeyArn": target,
	}
}
