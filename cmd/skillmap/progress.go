package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/skillmap/skillmap/workshop"
)

// progress is a one-line progress bar on stderr for work that can take
// more than a second. It shows only on a terminal, not under CI or with
// --quiet, and only once the work has run for progressDelay, so quick runs
// print nothing. It uses no colour (NO_COLOR is respected by having none).
// Safe for concurrent use.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	label   string
	total   int // 0: unknown
	n       int
	start   time.Time
	drawn   time.Time
	shown   bool
	enabled bool
	now     func() time.Time
}

// progressDelay is how long work runs before its bar appears; progressEvery
// how often the bar is redrawn.
const (
	progressDelay = time.Second
	progressEvery = 100 * time.Millisecond
	progressWidth = 30
)

// newProgress starts a bar for work of total steps (0 when not known).
func (g *globals) newProgress(label string, total int) *progress {
	return &progress{w: g.io.errRaw(), label: label, total: total, start: time.Now(), now: time.Now,
		enabled: g.io.errTTY && !g.quiet && os.Getenv("CI") == ""}
}

// set records that n steps are done.
func (p *progress) set(n int) {
	if p == nil || !p.enabled {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n = n
	now := p.now()
	if now.Sub(p.start) < progressDelay || now.Sub(p.drawn) < progressEvery {
		return
	}
	p.drawn = now
	p.shown = true
	fmt.Fprintf(p.w, "\r%s\x1b[K", p.line())
}

// add records one more step done.
func (p *progress) add() {
	if p == nil || !p.enabled {
		return
	}
	p.mu.Lock()
	n := p.n + 1
	p.mu.Unlock()
	p.set(n)
}

// done clears the bar, if it was shown.
func (p *progress) done() {
	if p == nil || !p.enabled {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

func (p *progress) line() string {
	if p.total <= 0 {
		return fmt.Sprintf("%s %d", p.label, p.n)
	}
	n := min(p.n, p.total)
	fill := progressWidth * n / p.total
	return fmt.Sprintf("%s [%s%s] %d/%d %3d%%", p.label, strings.Repeat("=", fill), strings.Repeat(" ", progressWidth-fill),
		n, p.total, 100*n/p.total)
}

// progressFunc starts progress bars for the workshop package; nil (no
// bar) for a nil globals.
func (g *globals) progressFunc() workshop.NewProgress {
	if g == nil {
		return nil
	}
	return func(label string, total int) workshop.Progress { return g.newProgress(label, total) }
}

// Set and Done let a bar follow the workshop package's work.
func (p *progress) Set(n int) { p.set(n) }

// Done ends the bar.
func (p *progress) Done() { p.done() }
