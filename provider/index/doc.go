// Package index holds the cross-cloud components of the `orgiac:index`
// module: the config-driven Deployment, which builds a whole environment from
// one standardized configuration by composing the cloud components.
package index
