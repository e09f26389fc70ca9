package stateexport

// This file holds what the package's tests share: the fixture and the
// synthetic exports made from it.

import (
	"testing"

	"github.com/orgiac/pulumi-orgiac/internal/stateexport/exporttest"
)

// fixturePath is a real export of the SecureBucket example, the same as the
// CLI's (cmd/orgiac/testdata), whose goldens name it by its path there.
const fixturePath = "testdata/securebucket-export.json"

// syntheticExport writes an export of at least n resources made from the
// fixture, and returns its path.
func syntheticExport(tb testing.TB, n int, shape exporttest.Shape) string {
	tb.Helper()
	return exporttest.Synthetic(tb, fixturePath, n, shape)
}
