package survey

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// RenderResponses renders many response files at once, on every
// processor: adding thousands of participants is mostly rendering.
func RenderResponses(w *Workshop, f *Framework, rs []*Response) [][]byte {
	out := make([][]byte, len(rs))
	var next atomic.Int64
	work := func() {
		for {
			i := int(next.Add(1)) - 1
			if i >= len(rs) {
				return
			}
			out[i] = RenderResponse(w, f, rs[i])
		}
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(rs)/16+1) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	return out
}
