import * as orgiac from "@orgiac/pulumi-orgiac";

// Both inputs are left unset for the SDK: numberOfAvailabilityZones (which
// excludes availabilityZoneNames) and forceDestroy (which the policy file sets).
const bucket = new orgiac.aws.SecureBucket("artifacts", {});
const net = new orgiac.aws.SecureVpc("net", {
    availabilityZoneNames: ["us-west-2a", "us-west-2c"],
    natGateways: "none",
    gatewayEndpoints: [],
    subnetSpecs: [{ type: "private", cidrMask: 24 }],
});

export const bucketName = bucket.bucketName;
export const privateSubnetIds = net.privateSubnetIds;
