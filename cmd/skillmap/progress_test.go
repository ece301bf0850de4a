package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressBar(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	g := &globals{io: &streams{Err: &out, errTTY: true}}
	t.Setenv("CI", "")
	p := g.newProgress("committing", 200)
	p.now = func() time.Time { return clock }
	p.start = clock
	p.set(10)
	if out.Len() != 0 {
		t.Fatalf("drawn before a second had passed: %q", out.String())
	}
	clock = clock.Add(1500 * time.Millisecond)
	p.set(50)
	if got := out.String(); got != "\rcommitting [=======                       ] 50/200  25%\x1b[K" {
		t.Fatalf("bar = %q", got)
	}
	p.set(60) // within progressEvery: not redrawn
	clock = clock.Add(progressEvery)
	p.add()
	if !strings.HasSuffix(out.String(), "61/200  30%\x1b[K") {
		t.Fatalf("after add: %q", out.String())
	}
	p.done()
	if !strings.HasSuffix(out.String(), "\r\x1b[K") {
		t.Fatalf("not cleared: %q", out.String())
	}
	unknown := g.newProgress("reading history: commits", 0)
	unknown.now, unknown.start = func() time.Time { return clock }, clock.Add(-2*time.Second)
	out.Reset()
	unknown.set(4213)
	if got := out.String(); got != "\rreading history: commits 4213\x1b[K" {
		t.Fatalf("count = %q", got)
	}
}

func TestProgressOnlyOnATerminalNotUnderCIOrQuiet(t *testing.T) {
	for _, c := range []struct {
		name      string
		tty, quie bool
		ci        string
	}{{"not a terminal", false, false, ""}, {"--quiet", true, true, ""}, {"CI", true, false, "true"}} {
		t.Setenv("CI", c.ci)
		var out bytes.Buffer
		g := &globals{quiet: c.quie, io: &streams{Err: &out, errTTY: c.tty}}
		p := g.newProgress("x", 10)
		p.start = time.Now().Add(-time.Hour)
		p.set(5)
		p.done()
		if out.Len() != 0 {
			t.Errorf("%s: printed %q", c.name, out.String())
		}
	}
	var nilBar *progress
	nilBar.set(1)
	nilBar.add()
	nilBar.done()
}
