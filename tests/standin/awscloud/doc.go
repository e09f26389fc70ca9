// Package awscloud is the aws stand-in's translator: for each resource type
// orgiac registers that the moto AWS emulator serves, the Create, Read,
// Update and Delete of the Pulumi resource become the AWS API calls the real
// provider makes, through aws-sdk-go-v2 pointed at moto. Ids, ARNs and
// computed outputs come from moto's answers (or are derived from them the
// way the Terraform provider derives them), and what moto refuses fails the
// operation with AWS's error code and message.
//
// It is test equipment. It knows only the properties orgiac's components
// set, and nothing here ever talks to anything but a loopback moto server.
//
// Inventory lists, per account, every resource of those types that moto
// holds, so end-to-end tests can ask the emulated cloud what exists, rather
// than trust the stand-in's own record.
package awscloud
