package survey

import (
	"sync/atomic"

	"github.com/skillmap/skillmap/internal/pool"
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
	pool.Each(pool.Workers(len(rs)), work)
	return out
}
