package chunks

// This file tests that the workers call every index once and in order.

import (
	"sort"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestForEachCallsEveryIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, parallelChunk - 1, parallelChunk, 10*parallelChunk + 7} {
		calls := make([]atomic.Int32, n)
		ForEach(n, func(i int) { calls[i].Add(1) })
		for i := range calls {
			assert.Equal(t, int32(1), calls[i].Load(), "n=%d index %d", n, i)
		}
	}
}

func TestForEachOrderedUsesEveryResultOnceInOrder(t *testing.T) {
	for _, n := range []int{0, 1, parallelChunk - 1, parallelChunk, 10*parallelChunk + 7} {
		var used []int
		ForEachOrdered(n, func(i int) int { return i * i }, func(i, v int) {
			assert.Equal(t, i*i, v)
			used = append(used, i)
		})
		require.Len(t, used, n)
		assert.True(t, sort.IntsAreSorted(used), "n=%d: used in index order", n)
	}
}
