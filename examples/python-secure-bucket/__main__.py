"""A SecureBucket with the organization's defaults."""

import pulumi
import pulumi_orgiac as orgiac

# Versioned, KMS-encrypted, private, TLS-only and access-logged by default:
# the team only says what is specific to this bucket.
artifacts = orgiac.aws.SecureBucket(
    "artifacts",
    tags={"DataClassification": "internal"},
)

pulumi.export("bucketName", artifacts.bucket_name)
pulumi.export("bucketArn", artifacts.bucket_arn)
pulumi.export("bucketRegionalDomainName", artifacts.bucket_regional_domain_name)
pulumi.export("kmsKeyArn", artifacts.kms_key_arn)
pulumi.export("tags", artifacts.tags)
