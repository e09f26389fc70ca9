package main

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// parallelChunk is how many items a worker takes at a time: large enough
// that handing out work costs nothing next to doing it.
const parallelChunk = 64

// forEachParallel calls f(i) for every i in [0, n) on GOMAXPROCS workers and
// returns when all calls have. f must only write state owned by index i, so
// results come out in order whatever the schedule.
func forEachParallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), (n+parallelChunk-1)/parallelChunk)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				lo := next
				next += parallelChunk
				mu.Unlock()
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+parallelChunk, n); i++ {
					f(i)
				}
			}
		}()
	}
	wg.Wait()
}

// forEachOrdered makes f(i) for every i in [0, n) on GOMAXPROCS workers and
// hands the results to use in index order, on the calling goroutine, as soon
// as each is ready: a report is written while the rest is still rendering.
func forEachOrdered[T any](n int, f func(i int) T, use func(i int, v T)) {
	chunks := (n + parallelChunk - 1) / parallelChunk
	workers := min(runtime.GOMAXPROCS(0), chunks)
	if workers <= 1 {
		for i := range n {
			use(i, f(i))
		}
		return
	}
	results := make([]T, n)
	done := make([]chan struct{}, chunks)
	for c := range done {
		done[c] = make(chan struct{})
	}
	var next atomic.Int64
	for range workers {
		go func() {
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				for i := c * parallelChunk; i < min((c+1)*parallelChunk, n); i++ {
					results[i] = f(i)
				}
				close(done[c])
			}
		}()
	}
	var zero T
	for c := range chunks {
		<-done[c]
		for i := c * parallelChunk; i < min((c+1)*parallelChunk, n); i++ {
			use(i, results[i])
			results[i] = zero // let it go once used
		}
	}
}
