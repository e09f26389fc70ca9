"""A SecureStorageAccount with the organization's defaults."""

import pulumi
import pulumi_orgiac as orgiac

lake = orgiac.azure.SecureStorageAccount(
    "lake",
    location="westeurope",
    soft_delete_retention_days=14,
    tags={"DataClassification": "confidential"},
)

pulumi.export("accountName", lake.account_name)
pulumi.export("accountId", lake.account_id)
pulumi.export("primaryEndpoints", lake.primary_endpoints)
