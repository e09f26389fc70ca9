"""A NetworkStack: a SecureVpc plus web, app and data security groups."""

import pulumi
import pulumi_orgiac as orgiac

shop = orgiac.aws.NetworkStack(
    "shop",
    vpc=orgiac.aws.NetworkStackVpcArgs(
        cidr_block="10.30.0.0/16",
        number_of_availability_zones=2,
        subnet_specs=[
            orgiac.aws.SubnetSpecArgs(type="public", cidr_mask=24),
            orgiac.aws.SubnetSpecArgs(type="private", cidr_mask=20, eks_discovery=True),
            orgiac.aws.SubnetSpecArgs(type="isolated", cidr_mask=24),
        ],
    ),
    allowed_ingress_cidrs=["0.0.0.0/0"],
    ssm_endpoints=True,
    tags={"Application": "shop"},
)

pulumi.export("vpcId", shop.vpc_id)
pulumi.export("publicSubnetIds", shop.public_subnet_ids)
pulumi.export("privateSubnetIds", shop.private_subnet_ids)
pulumi.export("isolatedSubnetIds", shop.isolated_subnet_ids)
pulumi.export("natGatewayIds", shop.nat_gateway_ids)
pulumi.export("securityGroupIds", shop.security_group_ids)
