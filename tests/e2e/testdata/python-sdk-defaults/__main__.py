"""A bucket that takes the policy's forceDestroy, and a VPC that names its zones.

Both inputs are left unset for the SDK: numberOfAvailabilityZones (which
excludes availabilityZoneNames) and forceDestroy (which the policy file sets).
"""

import pulumi
import pulumi_orgiac as orgiac

bucket = orgiac.aws.SecureBucket("artifacts")
net = orgiac.aws.SecureVpc(
    "net",
    availability_zone_names=["us-west-2a", "us-west-2c"],
    nat_gateways="none",
    gateway_endpoints=[],
    subnet_specs=[orgiac.aws.SubnetSpecArgs(type="private", cidr_mask=24)],
)

pulumi.export("bucketName", bucket.bucket_name)
pulumi.export("privateSubnetIds", net.private_subnet_ids)
