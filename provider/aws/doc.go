// Package aws holds the orgiac components for AWS: the `orgiac:aws:*` schema
// module. Each component decides first (a plan built by pure functions in its
// *_plan.go file, unit-tested without mocks) and registers second (its
// constructor, tested through the go-provider integration server).
//
// Outputs are plain values (names, ARNs, IDs, maps), never aws resource
// references, so the generated SDKs do not depend on a pulumi-aws version.
package aws
