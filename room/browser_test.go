package room

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/skillmap/skillmap/internal/browsertest"
	"github.com/skillmap/skillmap/internal/gittest"
)

func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }

// strictCSP is the policy skillmap serve sends: nothing inline, nothing
// from elsewhere.
const strictCSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// serveViews serves the facilitator's pages of w on loopback, under the
// strict policy, as skillmap serve mounts them.
func serveViews(t *testing.T, v *Views) *httptest.Server {
	t.Helper()
	nav := func(current string) Page {
		return Page{Stylesheet: "/room.css", Nav: []Link{
			{Text: "Progress", URL: "/progress", Current: current == "progress"},
			{Text: "Room view", URL: "/room", Current: current == "room"},
		}}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /room.css", ServeStylesheet)
	mux.HandleFunc("GET /progress", func(w http.ResponseWriter, r *http.Request) { v.ServeProgress(w, r, nav("progress")) })
	mux.HandleFunc("GET /room", func(w http.ResponseWriter, r *http.Request) { v.ServeHeatmap(w, r, nav("room")) })
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", strictCSP)
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestBrowserFacilitatorPages(t *testing.T) {
	gittest.Need(t)
	ctx := browsertest.Tab(t, 60*time.Second)
	w := newTestWorkshop(t, 30)
	for i := range 24 {
		w.submit(t, i)
	}
	v := NewViews(w.repo)
	v.Refresh = 2 * time.Second
	srv := serveViews(t, v)

	// The progress page: styled under the strict policy, counts only.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/progress"), chromedp.WaitVisible(chromedp.CSS("table caption"))); err != nil {
		t.Fatal(err)
	}
	bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('.sm-header')).backgroundColor`))
	if err != nil {
		t.Fatal(err)
	}
	if bg != "rgb(11, 12, 12)" {
		t.Errorf("header background %q: the stylesheet did not load under the policy", bg)
	}
	p, err := v.Progress()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#not-started ~ table tbody tr').length`))
	if err != nil {
		t.Fatal(err)
	}
	if rows != len(p.NotStarted) || rows != 6 {
		t.Errorf("not-started table has %d rows, model %d, want 6", rows, len(p.NotStarted))
	}

	// The room view: one figure per shown cell, each with its number, and
	// nothing where the report hides a figure.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/room"), chromedp.WaitVisible(chromedp.CSS(".sm-heatmap"))); err != nil {
		t.Fatal(err)
	}
	h, err := v.Heatmap()
	if err != nil {
		t.Fatal(err)
	}
	texts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('td.sm-cell')].map(td => td.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	cell := func(c Cell) string {
		switch {
		case c.Shown:
			return c.Mean + "from " + strconv.Itoa(c.N) + " people"
		case c.Why == "none":
			return "–: no answers yet"
		case c.Why == "band":
			return "in band: counted with the other role levels of its band"
		case c.Why == "complement":
			return "hidden, so that a small group beside it cannot be worked out"
		}
		k := strconv.Itoa(h.MinGroup)
		return "n<" + k + ": fewer than " + k + " people answered"
	}
	for _, sk := range h.Skills {
		for _, c := range sk.Row.Cells {
			want = append(want, cell(c))
		}
	}
	for _, sk := range h.Skills {
		for _, r := range append([]Row{sk.Row}, sk.Activities...) {
			for _, c := range r.Cells {
				want = append(want, cell(c))
			}
		}
	}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("room view cells:\n got %q\nwant %q", texts, want)
	}
	if h.Shown == 0 || len(h.Spread) == 0 {
		t.Errorf("24 people: %d figures shown, %d in the spread list", h.Shown, len(h.Spread))
	}

	// It reloads itself with no script: a mark set on the page is gone
	// once the refresh has run.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.stillHere = true`)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		still, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.stillHere === true`))
		if err == nil && !still {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the room view did not reload itself")
		}
		time.Sleep(200 * time.Millisecond)
	}
	// On a phone the page itself never scrolls sideways: only the tables
	// do, in regions of their own.
	for _, page := range []string{"/progress", "/room"} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 812), chromedp.Navigate(srv.URL+page)); err != nil {
			t.Fatal(err)
		}
		width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if width > 375 {
			t.Errorf("%s is %d pixels wide on a 375-pixel phone", page, width)
		}
	}
	browsertest.Screenshot(t, ctx, "progress", srv.URL+"/progress")
	browsertest.Screenshot(t, ctx, "room", srv.URL+"/room")
}
