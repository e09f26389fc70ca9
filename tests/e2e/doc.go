// Package e2e drives the examples through the real Pulumi CLI and engine, with
// the orgiac plugin built from this tree and the stand-in cloud providers on
// PATH. `make toolchain` installs the CLI and language hosts it needs; `make
// test` runs it. `go test -short` skips it.
package e2e
