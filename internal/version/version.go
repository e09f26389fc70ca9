// Package version holds the plugin's name and release version, the one place
// the binary, the schema and the compliance report read them from.
package version

// Name is the Pulumi package name: the `orgiac` in `orgiac:aws:SecureBucket`
// and in `pulumi-resource-orgiac`.
const Name = "orgiac"

// Version is the provider's release version, without a leading "v".
//
// Releases set it at link time:
//
//	go build -ldflags "-X github.com/orgiac/pulumi-orgiac/internal/version.Version=1.2.3"
//
// A test builds the binary that way and asserts GetPluginInfo reports it, so a
// renamed variable cannot silently break release versioning.
var Version = "0.0.0-dev"
