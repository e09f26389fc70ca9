package main

import (
	"runtime"
	"sort"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestForEachParallelCallsEveryIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, parallelChunk - 1, parallelChunk, 10*parallelChunk + 7} {
		calls := make([]atomic.Int32, n)
		forEachParallel(n, func(i int) { calls[i].Add(1) })
		for i := range calls {
			assert.Equal(t, int32(1), calls[i].Load(), "n=%d index %d", n, i)
		}
	}
}

// TestReportOfManyComponentsIsTheSameInParallel judges enough components to
// take the parallel path (run under -race in make test) and checks the
// report is the one a single worker writes: same bytes, components in order.
func TestReportOfManyComponentsIsTheSameInParallel(t *testing.T) {
	path := syntheticExport(t, 4000, components) // 400 components
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

func TestForEachOrderedUsesEveryResultOnceInOrder(t *testing.T) {
	for _, n := range []int{0, 1, parallelChunk - 1, parallelChunk, 10*parallelChunk + 7} {
		var used []int
		forEachOrdered(n, func(i int) int { return i * i }, func(i, v int) {
			assert.Equal(t, i*i, v)
			used = append(used, i)
		})
		require.Len(t, used, n)
		assert.True(t, sort.IntsAreSorted(used), "n=%d: used in index order", n)
	}
}
