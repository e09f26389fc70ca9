// Package chunks fans a loop over [0, n) out to GOMAXPROCS workers, a chunk
// of indexes at a time. It is its own package, not part of either user,
// because two packages use it: the stack-export reader
// (internal/stateexport) decodes resources with it, and the CLI (cmd/orgiac)
// judges components and renders reports with it. Neither should own a helper
// the other imports, and a copy in each would drift.
package chunks

// This file holds the chunked workers: ForEach and ForEachOrdered.

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// parallelChunk is how many items a worker takes at a time: large enough
// that handing out work costs nothing next to doing it.
const parallelChunk = 64

// inChunks splits [0, n) into chunks of parallelChunk indexes and calls
// work(c, lo, hi) for each, on up to GOMAXPROCS goroutines that take the
// chunks in order. It returns a function that waits for every chunk. With a
// single worker, it does the work itself before returning.
func inChunks(n int, work func(c, lo, hi int)) (wait func()) {
	chunks := (n + parallelChunk - 1) / parallelChunk
	bounds := func(c int) (int, int) { return c * parallelChunk, min((c+1)*parallelChunk, n) }
	if min(runtime.GOMAXPROCS(0), chunks) <= 1 {
		for c := range chunks {
			lo, hi := bounds(c)
			work(c, lo, hi)
		}
		return func() {}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), chunks) {
		wg.Go(func() {
			for c := int(next.Add(1) - 1); c < chunks; c = int(next.Add(1) - 1) {
				lo, hi := bounds(c)
				work(c, lo, hi)
			}
		})
	}
	return wg.Wait
}

// ForEach calls f(i) for every i in [0, n) on GOMAXPROCS workers and
// returns when all calls have. f must only write state owned by index i, so
// results come out in order whatever the schedule.
func ForEach(n int, f func(i int)) {
	inChunks(n, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			f(i)
		}
	})()
}

// ForEachOrdered makes f(i) for every i in [0, n) on GOMAXPROCS workers and
// hands the results to use in index order, on the calling goroutine, as soon
// as each chunk of them is ready: a report is written while the rest is
// still rendering.
func ForEachOrdered[T any](n int, f func(i int) T, use func(i int, v T)) {
	results := make([]T, n)
	done := make([]chan struct{}, (n+parallelChunk-1)/parallelChunk)
	for c := range done {
		done[c] = make(chan struct{})
	}
	inChunks(n, func(c, lo, hi int) {
		for i := lo; i < hi; i++ {
			results[i] = f(i)
		}
		close(done[c])
	})
	var zero T
	for c := range done {
		<-done[c]
		for i := c * parallelChunk; i < min((c+1)*parallelChunk, n); i++ {
			use(i, results[i])
			results[i] = zero // let it go once used
		}
	}
}
