package pool

import (
	"errors"
	"sync/atomic"
	"testing"
)

// Results stay in order because each item is written at its index, and
// every item is done once, whatever the number of workers.
func TestEachInOrder(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 64} {
		out := make([]int, 1000)
		var next atomic.Int64
		Each(workers, func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(out) {
					return
				}
				out[i] += i * i
			}
		})
		for i, v := range out {
			if v != i*i {
				t.Fatalf("workers %d: out[%d] = %d, want %d", workers, i, v, i*i)
			}
		}
	}
}

func TestRunError(t *testing.T) {
	bad := errors.New("bad")
	var calls atomic.Int64
	err := Run(4, func() error {
		if calls.Add(1) == 2 {
			return bad
		}
		return nil
	})
	if !errors.Is(err, bad) || calls.Load() != 4 {
		t.Fatalf("Run = %v after %d workers, want bad after 4", err, calls.Load())
	}
}

func TestWorkers(t *testing.T) {
	if Workers(0) != 1 || Workers(15) != 1 {
		t.Fatalf("Workers of few items: %d, %d; want 1", Workers(0), Workers(15))
	}
}

// Indexes calls every index once, in as many workers as asked, each
// worker's state made once.
func TestIndexes(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 64} {
		out := make([]int, 1000)
		var starts atomic.Int64
		Indexes(workers, len(out), func() func(int) {
			starts.Add(1)
			return func(i int) { out[i] += i + 1 }
		})
		for i, v := range out {
			if v != i+1 {
				t.Fatalf("workers %d: out[%d] = %d, want %d", workers, i, v, i+1)
			}
		}
		if n := starts.Load(); n != int64(max(workers, 1)) {
			t.Errorf("workers %d: %d workers started", workers, n)
		}
	}
}
