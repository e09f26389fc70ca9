// Package standin is the shared engine behind the stand-in resource provider
// plugins used by the end-to-end tests.
//
// The real cloud plugins (pulumi-resource-aws, pulumi-resource-azure-native)
// cannot be downloaded in the test environment, so the e2e tests put a small
// binary with the same name on PATH instead. That binary is test equipment: it
// speaks the provider gRPC protocol through pulumi-go-provider, fakes ids and
// computed outputs from a per-cloud type table, and records every resource it
// "creates" in a JSON ledger so tests can assert on what a deployment did.
//
// Nothing here talks to a cloud. A cloud-specific stand-in supplies a [Spec]
// (type table, invokes, config parsing) and calls [New] to get a provider.
package standin
