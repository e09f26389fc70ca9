import * as orgiac from "@orgiac/pulumi-orgiac";

// Versioned, KMS-encrypted, private, TLS-only and access-logged by default:
// the team only says what is specific to this bucket.
const artifacts = new orgiac.aws.SecureBucket("artifacts", {
    tags: { DataClassification: "internal" },
});

export const bucketName = artifacts.bucketName;
export const bucketArn = artifacts.bucketArn;
export const bucketRegionalDomainName = artifacts.bucketRegionalDomainName;
export const kmsKeyArn = artifacts.kmsKeyArn;
export const tags = artifacts.tags;
