package main

import (
	"runtime"
	"sync"
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
