package main

import "github.com/orgiac/pulumi-orgiac/tests/standin/internal/standin"

// Computed outputs of S3 types.

// bucketOutputs are what AWS reports for a new bucket in the provider's
// region, plus the defaults the real provider fills in.
func bucketOutputs(c *standin.Ctx) map[string]any {
	b := c.Str("bucket")
	return map[string]any{
		"arn":                      "arn:aws:s3:::" + b,
		"bucketDomainName":         b + ".s3.amazonaws.com",
		"bucketRegionalDomainName": b + ".s3." + c.Region + ".amazonaws.com",
		"region":                   c.Region,
		"hostedZoneId":             s3HostedZoneID(c.Region),
		"forceDestroy":             false,
		"objectLockEnabled":        false,
		"requestPayer":             "BucketOwner",
	}
}

// publicAccessBlockOutputs defaults every unset switch to false, as AWS does.
func publicAccessBlockOutputs(*standin.Ctx) map[string]any {
	return map[string]any{
		"blockPublicAcls":       false,
		"blockPublicPolicy":     false,
		"ignorePublicAcls":      false,
		"restrictPublicBuckets": false,
	}
}

func lifecycleOutputs(*standin.Ctx) map[string]any {
	return map[string]any{"transitionDefaultMinimumObjectSize": "all_storage_classes_128K"}
}

func objectLockOutputs(*standin.Ctx) map[string]any {
	return map[string]any{"objectLockEnabled": "Enabled"}
}
