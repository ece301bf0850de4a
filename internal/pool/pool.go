// Package pool is skillmap's one worker pool, for the loops over many
// files, blobs or objects that run on every processor. Callers keep their
// results in order by writing them at each item's index, and take items
// from a shared counter, so that a worker's own state (a compressor, a
// zlib reader) is made once per worker, not once per item.
package pool

import (
	"runtime"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

// Workers is how many workers suit n items: one per processor, but none
// idle for want of work (about 16 items each at the least).
func Workers(n int) int { return min(runtime.GOMAXPROCS(0), n/16+1) }

// Run runs work on the given number of goroutines at once (at least one)
// and waits for all of them; work takes its items itself until none are
// left. It returns the first error any returned.
func Run(workers int, work func() error) error {
	var g errgroup.Group
	g.SetLimit(max(workers, 1))
	for range max(workers, 1) {
		g.Go(work)
	}
	return g.Wait()
}

// Each runs work as Run does, for work that cannot fail.
func Each(workers int, work func()) {
	_ = Run(workers, func() error { work(); return nil })
}

// Indexes calls an item function for every index below n, from the given
// number of workers taking indexes from one counter. start is called once
// in each worker and returns that worker's item function, so its own state
// (a compressor, a zlib reader) is made once per worker, not per item;
// results stay in order when the item function writes at its index.
func Indexes(workers, n int, start func() func(i int)) {
	var next atomic.Int64
	Each(workers, func() {
		item := start()
		for {
			i := int(next.Add(1)) - 1
			if i >= n {
				return
			}
			item(i)
		}
	})
}
