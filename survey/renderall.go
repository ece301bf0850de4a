package survey

import (
	"github.com/skillmap/skillmap/internal/pool"
)

// RenderResponses renders many response files at once, on every
// processor: adding thousands of participants is mostly rendering.
func RenderResponses(w *Workshop, f *Framework, rs []*Response) [][]byte {
	out := make([][]byte, len(rs))
	pool.Indexes(pool.Workers(len(rs)), len(rs), func() func(int) {
		return func(i int) { out[i] = RenderResponse(w, f, rs[i]) }
	})
	return out
}
