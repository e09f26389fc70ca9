//go:build tools

// Package tools pins the Pulumi CLI and YAML language host that the end-to-end
// tests drive. It is a module of its own so that the CLI's large dependency
// graph never leaks into the provider's go.mod.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
