package main

import (
	"context"
	"fmt"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// noPluginLoader is the schema loader for code generation without plugins.
// The CLI's loader downloads and runs a provider to read the schema of each
// package that ours references (say, aws types used in an output); here that
// is impossible, so such a reference fails with an error that says why.
// schema.NewNullLoader would panic instead, and it is no ReferenceLoader,
// which the nodejs and python generators need.
type noPluginLoader struct{}

var _ schema.ReferenceLoader = noPluginLoader{}

func (noPluginLoader) LoadPackage(name string, version *semver.Version) (*schema.Package, error) {
	return nil, refused(name)
}

func (noPluginLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, refused(d.Name)
}

func (noPluginLoader) LoadPackageReference(name string, version *semver.Version) (schema.PackageReference, error) {
	return nil, refused(name)
}

func (noPluginLoader) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, refused(d.Name)
}

func refused(name string) error {
	return fmt.Errorf("the schema references package %q, whose schema this generator cannot load "+
		"(it runs no plugins); teach pulumi-gen-orgiac to load it from a file", name)
}
