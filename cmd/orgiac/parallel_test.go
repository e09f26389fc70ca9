package main

import (
	"runtime"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgiac/pulumi-orgiac/internal/stateexport/exporttest"
)

// TestReportOfManyComponentsIsTheSameInParallel judges enough components to
// take the parallel path (run under -race in make test) and checks the
// report is the one a single worker writes: same bytes, components in order.
func TestReportOfManyComponentsIsTheSameInParallel(t *testing.T) {
	path := syntheticExport(t, 4000, exporttest.Components) // 400 components
	parallel := runCLI(t, "", "report", "--format", "json", path)
	require.Equal(t, exitOK, parallel.code, parallel.stderr)

	procs := runtime.GOMAXPROCS(1)
	serial := runCLI(t, "", "report", "--format", "json", path)
	runtime.GOMAXPROCS(procs)
	require.Equal(t, exitOK, serial.code, serial.stderr)
	assert.Equal(t, serial.stdout, parallel.stdout)

	doc := decodeJSONOutput(t, parallel.stdout)
	require.Len(t, doc.Reports, 400)
	assert.True(t, sort.SliceIsSorted(doc.Reports, func(i, j int) bool {
		return doc.Reports[i].Component < doc.Reports[j].Component
	}), "components are reported in URN order")
}
