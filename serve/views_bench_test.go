package serve

import (
	"fmt"
	"net/http"
	"testing"
)

// BenchmarkFacilitatorViews measures the facilitator's pages for the
// 54-activity product-management framework with 30 participants who have
// all answered, through the whole handler. "progress" and "room" are the
// reloads while nobody submits (worked out once per commit); "room-new" is
// the first room view after a save: the report's figures worked out again
// (settings held, the audit, the history walk, each kept from the last
// time). The target is 50 ms a page (docs/performance.md).
func BenchmarkFacilitatorViews(b *testing.B) {
	f := newFixture(b, 30)
	for i := range f.people {
		for n := 1; n <= len(f.fw.Skills); n++ {
			if w := f.post(fmt.Sprintf("%sskill/%d", f.link(i), n), f.answers(i, n, (i+n)%5, "")); w.Code != http.StatusSeeOther {
				b.Fatalf("save: %d", w.Code)
			}
		}
	}
	fac := facilitatorPath(f.keys())
	get := func(b *testing.B, path string) {
		w := f.get(path)
		if w.Code != http.StatusOK {
			b.Fatalf("%s: %d", path, w.Code)
		}
		b.ReportMetric(float64(w.Body.Len()), "bytes/page")
	}
	get(b, fac+"room")
	b.Run("progress", func(b *testing.B) {
		for b.Loop() {
			get(b, fac)
		}
	})
	b.Run("room", func(b *testing.B) {
		for b.Loop() {
			get(b, fac+"room")
		}
	})
	b.Run("room-new", func(b *testing.B) {
		i := 0
		for b.Loop() {
			b.StopTimer()
			i++
			if w := f.post(f.link(0)+"skill/1", f.answers(0, 1, i%5, "")); w.Code != http.StatusSeeOther {
				b.Fatalf("save: %d", w.Code)
			}
			b.StartTimer()
			get(b, fac+"room")
		}
	})
}
