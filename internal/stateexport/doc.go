// Package stateexport reads `pulumi stack export` files, fast and strictly.
//
// Read takes a file, or standard input, and returns its resources: each
// one's identity, parent and flags, the outputs of every managed cloud
// resource with their secrets revealed (or, where only ciphertext is there,
// dropped and counted), and the complianceReport output an orgiac component
// recorded, still raw. It reads a large export fast: the file is mapped,
// not copied, where it can be (Linux), and a structural scan splits
// deployment.resources so the resources are decoded in parallel (split.go).
// It reads strictly: whatever the split reads, the whole-document decode
// reads the same, and a document that is not a stack export is rejected
// with an error that says where and why (line and column for bad JSON), as
// is a file that changes while it is read.
//
// The package knows nothing of controls, policies or report formats: it
// does not judge a resource, and it does not interpret a recorded report.
// That is the CLI's job (cmd/orgiac).
package stateexport
