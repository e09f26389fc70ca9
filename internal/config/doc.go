// Package config is orgiac's layered configuration: the organization policy
// document, the standardized Deployment configuration, how layers merge,
// where each effective value came from, and their JSON Schemas.
//
// Layers, lowest first: built-in defaults, the organization policy document
// (orgiac:policyFile or ORGIAC_POLICY_FILE), the project and stack Pulumi
// configuration, ORGIAC_* environment variables, then a component's own
// arguments. Only ORGIAC_ variables are read: AWS_* and AZURE_* belong to the
// cloud SDKs and hold credentials.
package config
