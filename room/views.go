package room

import (
	"bytes"
	"log"
	"net/http"
	"sync"
	"time"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/workshop"
)

// DefaultRefresh is how often the facilitator's pages reload themselves:
// often enough to watch a room fill in, rarely enough to cost nothing.
const DefaultRefresh = 15 * time.Second

// Views makes the facilitator's pages of one workshop repository, from
// its committed state (what participants have submitted). Each is worked
// out once per commit: a projector and a facilitator's laptop reloading
// every few seconds cost nothing while no one submits.
type Views struct {
	repo *gitstore.Repo
	// Refresh is how often the pages reload themselves.
	Refresh time.Duration
	// ErrorLog takes what went wrong making a page (nil: the log
	// package's standard logger).
	ErrorLog *log.Logger
	// Lock, when set, is held while the views read which commit HEAD is:
	// the server's lock on writes, since go-git rewrites a branch's ref
	// in place. The figures are then read from that commit's objects,
	// which no write changes, without holding it.
	Lock sync.Locker

	mu       sync.Mutex
	at       gitstore.Hash
	progress *Progress
	heatmap  *Heatmap
}

// NewViews makes the facilitator's pages of repo.
func NewViews(repo *gitstore.Repo) *Views {
	return &Views{repo: repo, Refresh: DefaultRefresh}
}

// update works both views out again when the workshop has moved on since
// they were last. The caller holds v.mu.
func (v *Views) update() error {
	if v.Lock != nil {
		v.Lock.Lock()
	}
	head, err := v.repo.At("HEAD")
	if v.Lock != nil {
		v.Lock.Unlock()
	}
	if err != nil {
		return err
	}
	if v.progress != nil && head.Commit == v.at {
		return nil
	}
	s, err := workshop.LoadState(v.repo, head, "HEAD", nil)
	if err != nil {
		return err
	}
	f, err := workshop.ReportFigures(v.repo, s, workshop.FiguresOptions{})
	if err != nil {
		return err
	}
	v.at, v.progress, v.heatmap = head.Commit, NewProgress(s), NewHeatmap(f.Report, s.Workshop, s.Framework)
	return nil
}

// Progress is the facilitator view of the workshop as committed now.
func (v *Views) Progress() (*Progress, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.update(); err != nil {
		return nil, err
	}
	return v.progress, nil
}

// Heatmap is the room view of the workshop as committed now.
func (v *Views) Heatmap() (*Heatmap, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.update(); err != nil {
		return nil, err
	}
	return v.heatmap, nil
}

// ServeProgress writes the facilitator view; pg says where the other
// pages and the stylesheet are. The caller (the server) has checked the
// facilitator's link and set the security headers.
func (v *Views) ServeProgress(w http.ResponseWriter, _ *http.Request, pg Page) {
	p, err := v.Progress()
	if err != nil {
		v.fail(w, err)
		return
	}
	v.page(&pg, "Progress")
	var buf bytes.Buffer
	if err := WriteProgress(&buf, p, pg); err != nil {
		v.fail(w, err)
		return
	}
	write(w, buf.Bytes())
}

// ServeHeatmap writes the room view, as ServeProgress does.
func (v *Views) ServeHeatmap(w http.ResponseWriter, _ *http.Request, pg Page) {
	h, err := v.Heatmap()
	if err != nil {
		v.fail(w, err)
		return
	}
	v.page(&pg, "Room view")
	var buf bytes.Buffer
	if err := WriteHeatmap(&buf, h, pg); err != nil {
		v.fail(w, err)
		return
	}
	write(w, buf.Bytes())
}

// ServeStylesheet writes Stylesheet.
func ServeStylesheet(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "max-age=3600")
	_, _ = w.Write(stylesheet)
}

func (v *Views) page(pg *Page, title string) {
	if pg.Title == "" {
		pg.Title = title
	}
	if pg.Refresh == 0 && v.Refresh > 0 {
		pg.Refresh = int(v.Refresh / time.Second)
	}
	if pg.Now.IsZero() {
		pg.Now = time.Now()
	}
}

func write(w http.ResponseWriter, page []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// The figures change with every submission, and the pages are behind
	// the facilitator's link: no cache keeps them.
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(page)
}

// fail answers a request the views could not serve. The detail goes to
// the server's log, not to the page, which may be on a projector; the
// request's path is not logged, since it holds the facilitator's token.
func (v *Views) fail(w http.ResponseWriter, err error) {
	l := v.ErrorLog
	if l == nil {
		l = log.Default()
	}
	l.Printf("facilitator's page: %v", err)
	http.Error(w, "The figures cannot be worked out just now; the server's log says why.", http.StatusInternalServerError)
}
