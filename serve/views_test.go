package serve

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// TestFacilitatorViewsHandlers: the facilitator's pages answer behind
// their link only, with the security headers, and a participant's link
// does not open them.
func TestFacilitatorViewsHandlers(t *testing.T) {
	f := newFixture(t, 3)
	fac := facilitatorPath(f.keys())
	for _, p := range []string{fac, fac + "room"} {
		w := f.get(p)
		if w.Code != http.StatusOK {
			t.Fatalf("GET %s: %d\n%s", redactPath(p), w.Code, w.Body)
		}
		if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s: CSP %q", redactPath(p), csp)
		}
		if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", redactPath(p), cc)
		}
		if !strings.Contains(w.Body.String(), `<meta http-equiv="refresh"`) {
			t.Errorf("%s does not refresh itself", redactPath(p))
		}
		// The page links to the other by a relative address: the token is
		// not written out again.
		if strings.Count(w.Body.String(), strings.Split(fac, "/")[2]) != 0 {
			t.Errorf("%s writes the facilitator's token into the page", redactPath(p))
		}
	}
	if w := f.get("/static/room.css"); w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") {
		t.Errorf("room.css: %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	ptok := strings.Split(f.link(0), "/")[3]
	for _, p := range []string{"/f/" + ptok + "/room", "/f/AAAAAAAAAAAAAAAAAAAAAA/room", "/f/x/room"} {
		if w := f.get(p); w.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, w.Code)
		}
	}
}

// TestFacilitatorViewsWhileSaving: the projector and the facilitator's
// laptop reload while participants save; every page is whole, and once
// the saves are done the views show them all.
func TestFacilitatorViewsWhileSaving(t *testing.T) {
	f := newFixture(t, 6)
	fac := facilitatorPath(f.keys())
	done := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for _, p := range []string{fac, fac + "room"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				if w := f.get(p); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "</html>") {
					errs <- fmt.Sprintf("GET %s while saving: %d", redactPath(p), w.Code)
					return
				}
			}
		}()
	}
	var savers sync.WaitGroup
	for i := range f.people {
		savers.Add(1)
		go func() {
			defer savers.Done()
			for n := 1; n <= len(f.fw.Skills); n++ {
				if w := f.post(fmt.Sprintf("%sskill/%d", f.link(i), n), f.answers(i, n, (i+n)%5, "")); w.Code != http.StatusSeeOther {
					errs <- fmt.Sprintf("save %d/%d: %d", i, n, w.Code)
					return
				}
			}
		}()
	}
	savers.Wait()
	close(done)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	page := f.get(fac).Body.String()
	// Every participant has answered every activity: the totals row says
	// 6 people, 6 all done.
	foot := regexp.MustCompile(`(?s)<tfoot>.*?</tfoot>`).FindString(page)
	if nums := regexp.MustCompile(`<td class="sm-num">(\d+)</td>`).FindAllStringSubmatch(foot, -1); len(nums) < 2 || nums[0][1] != "6" || nums[1][1] != "6" {
		t.Errorf("progress after the saves: %q", foot)
	}
}
