package serve

import (
	"fmt"
	"net/http"
	"testing"
)

// BenchmarkPages measures each page of the form for the 54-activity
// product-management framework, with every activity answered and noted
// (the largest pages), through the whole handler: the token, reading and
// checking the participant's file, rendering. Save is a page's post: the
// edit, the commit and the redirect. The target is 50 ms a page
// (docs/performance.md).
func BenchmarkPages(b *testing.B) {
	f := newFixture(b, 30)
	base := f.link(0)
	for n := 1; n <= len(f.fw.Skills); n++ {
		if w := f.post(fmt.Sprintf("%sskill/%d", base, n), f.answers(0, n, 3, "a note of some length, as people write them: led two teams through discovery")); w.Code != http.StatusSeeOther {
			b.Fatalf("save: %d", w.Code)
		}
	}
	largest := 1
	for i, sk := range f.fw.Skills {
		if len(sk.Activities) > len(f.fw.Skills[largest-1].Activities) {
			largest = i + 1
		}
	}
	for _, c := range []struct{ name, path string }{
		{"start", base},
		{"skill", fmt.Sprintf("%sskill/%d", base, largest)},
		{"check", base + "check"},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if w := f.get(c.path); w.Code != http.StatusOK {
					b.Fatal(w.Code)
				}
			}
		})
	}
	b.Run("save", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			// A rating that changes each time, so that each save commits.
			if w := f.post(fmt.Sprintf("%sskill/%d", base, largest), f.answers(0, largest, i%5, "")); w.Code != http.StatusSeeOther {
				b.Fatal(w.Code)
			}
		}
	})
}
