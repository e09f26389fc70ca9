// Package azure holds the orgiac components for Azure, the `orgiac:azure:*`
// schema module, on the azure-native v2 SDK. They apply the same standards,
// tags and compliance model as the AWS components, with Azure's tag rules.
package azure
