package gitstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// The environment variables that bound every fetch and push, read at each
// one, as git reads its own GIT_* variables: the commands that reach a
// remote (join, sync, submit, report --from) all honour them without a flag
// each.
const (
	// EnvTimeout is how long the server may stay silent, as a Go duration
	// ("30s", "2m") or a number of seconds.
	EnvTimeout = "SKILLMAP_GIT_TIMEOUT"
	// EnvMaxBlob is the largest file a fetch may bring, in bytes, or with
	// a unit: "16MiB", "200KiB", "1GiB"; 0 means no limit.
	EnvMaxBlob = "SKILLMAP_MAX_BLOB"
)

// DefaultIdleTimeout is how long a server may stay silent (before its
// first answer, or between two pieces of what it sends) before a fetch or
// push gives up: a server that accepts the connection and never answers
// must not hang a participant's command.
const DefaultIdleTimeout = 60 * time.Second

// DefaultMaxBlob is the largest file a fetch brings: generous for
// response files (a few KiB) and settings, small enough that a huge file
// pushed by anyone cannot make a fetch use gigabytes.
const DefaultMaxBlob = 16 << 20

// limits are the bounds of one fetch or push.
type limits struct {
	idle    time.Duration
	maxBlob int64 // < 0: none
}

// envLimits reads the bounds from the environment; a value that cannot be
// read is an error naming the variable.
func envLimits() (limits, error) {
	l := limits{idle: DefaultIdleTimeout, maxBlob: DefaultMaxBlob}
	if v := strings.TrimSpace(os.Getenv(EnvTimeout)); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			secs, err2 := strconv.ParseFloat(v, 64)
			if err2 != nil {
				return l, fmt.Errorf("%s=%q: give a duration such as 30s or 2m", EnvTimeout, v)
			}
			d = time.Duration(secs * float64(time.Second))
		}
		if d <= 0 {
			return l, fmt.Errorf("%s=%q: the timeout must be more than zero", EnvTimeout, v)
		}
		l.idle = d
	}
	if v := strings.TrimSpace(os.Getenv(EnvMaxBlob)); v != "" {
		n, err := ParseSize(v)
		if err != nil {
			return l, fmt.Errorf("%s=%q: %w", EnvMaxBlob, v, err)
		}
		l.maxBlob = n
		if n == 0 {
			l.maxBlob = -1
		}
	}
	return l, nil
}

// ParseSize reads a size in bytes: a number, optionally followed by a unit
// (B, KiB, MiB, GiB, or KB, MB, GB taken as the same powers of two).
func ParseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	num := strings.TrimRightFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	unit := strings.ToLower(strings.TrimSpace(s[len(num):]))
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 {
		return 0, errors.New("give a size such as 16MiB or 1048576")
	}
	mult := map[string]int64{"": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10,
		"m": 1 << 20, "mb": 1 << 20, "mib": 1 << 20, "g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30}[unit]
	if mult == 0 || n > (1<<62)/mult {
		return 0, errors.New("give a size such as 16MiB or 1048576")
	}
	return n * mult, nil
}

// formatSize writes a size for people.
func formatSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// ErrBlobTooLarge means a fetch met a file over the size limit.
var ErrBlobTooLarge = errors.New("file over the size limit")

// blobTooLarge names the object and the limit.
type blobTooLarge struct {
	id         Hash
	size, max  int64
	path       string
	incomplete bool // the id was not worked out
}

func (e *blobTooLarge) Error() string {
	what := "a file"
	if e.path != "" {
		what = e.path
	} else if !e.incomplete {
		what = "a file (object " + e.id.String()[:12] + ")"
	}
	return fmt.Sprintf("the remote holds %s of %s, over the limit of %s for one file: ask whoever added it to remove it, or raise the limit with %s",
		what, formatSize(e.size), formatSize(e.max), EnvMaxBlob)
}

func (e *blobTooLarge) Unwrap() error { return ErrBlobTooLarge }

// ErrTimeout means the server stayed silent for longer than the timeout.
var ErrTimeout = errors.New("the server stopped answering")

type timeoutError struct{ idle time.Duration }

func (e *timeoutError) Error() string {
	return fmt.Sprintf("no answer from the server for %s (the timeout is set by %s)", e.idle, EnvTimeout)
}
func (e *timeoutError) Unwrap() error { return ErrTimeout }

// watchdog cancels a fetch or push when the server has sent nothing for
// its idle time. Activity is each piece of progress or pack data the
// server sends, and each piece of a pack the server takes.
type watchdog struct {
	limits
	last   atomic.Int64 // unix nanoseconds of the last activity
	fired  atomic.Bool
	cancel context.CancelFunc
	done   chan struct{}
}

type watchdogKey struct{}

// withIdle makes the fetches and pushes under ctx use idle as their timeout
// (SyncOptions.Timeout).
func withIdle(ctx context.Context, idle time.Duration) context.Context {
	return context.WithValue(ctx, watchdogKey{}, idle)
}

// guard starts a watchdog for one fetch or push. stop must be called when
// it ends; wd.err turns a failure caused by the watchdog into a timeout.
func guard(ctx context.Context) (context.Context, *watchdog, func(), error) {
	l, err := envLimits()
	if err != nil {
		return ctx, nil, func() {}, err
	}
	if d, ok := ctx.Value(watchdogKey{}).(time.Duration); ok && d > 0 {
		l.idle = d
	}
	ctx, cancel := context.WithCancel(ctx)
	wd := &watchdog{limits: l, cancel: cancel, done: make(chan struct{})}
	wd.touch()
	go func() {
		tick := time.NewTicker(max(l.idle/8, 5*time.Millisecond))
		defer tick.Stop()
		for {
			select {
			case <-wd.done:
				return
			case <-ctx.Done():
				return
			case now := <-tick.C:
				if now.UnixNano()-wd.last.Load() > int64(l.idle) {
					wd.fired.Store(true)
					cancel()
					return
				}
			}
		}
	}()
	return ctx, wd, func() { close(wd.done); cancel() }, nil
}

func (w *watchdog) touch() { w.last.Store(time.Now().UnixNano()) }

// err is the error to report for a failed operation: the timeout when the
// watchdog stopped it.
func (w *watchdog) err(op, rawURL string, err error) error {
	if err != nil && w.fired.Load() {
		return &RemoteError{Op: op, URL: rawURL, Kind: KindUnreachable, Err: &timeoutError{w.idle}}
	}
	return err
}

// Write takes the server's progress messages, as activity.
func (w *watchdog) Write(p []byte) (int, error) {
	w.touch()
	return len(p), nil
}

// touchWriter marks activity as the server's messages arrive.
type touchWriter struct {
	w  io.Writer
	wd *watchdog
}

func (t touchWriter) Write(p []byte) (int, error) {
	t.wd.touch()
	return t.w.Write(p)
}

// touchReader marks activity as a reader is read.
type touchReader struct {
	r  io.Reader
	wd *watchdog
}

func (t touchReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.wd.touch()
	return n, err
}

// bounded runs f, which is given ctx, and returns when it ends, or soon
// after ctx ends if f does not: go-git's transports dial git:// servers and
// shake hands with SSH servers without a deadline, so a server that
// accepts and says nothing would hold f forever. f is given a moment to
// end on its own first (its reads see ctx end), so that what it was
// writing is finished or abandoned before the caller goes on. What f
// returns after that is dropped.
func bounded[T any](ctx context.Context, f func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := f()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
	}
	t := time.NewTimer(2 * time.Second)
	defer t.Stop()
	select {
	case r := <-done:
		return r.v, r.err
	case <-t.C:
		var zero T
		return zero, ctx.Err()
	}
}
