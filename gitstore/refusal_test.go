package gitstore

import (
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"

	"github.com/skillmap/skillmap/internal/gittest"
)

func TestRaced(t *testing.T) {
	for status, want := range map[string]bool{
		"failed to update ref":                        true,
		"cannot lock ref 'refs/heads/main': is at 1a": true,
		"failed to lock":                              true,
		"stale info":                                  true,
		"pre-receive hook declined":                   false,
		"hook declined":                               false,
		"protected branch hook declined":              false,
		"deny updating a hidden ref":                  false,
	} {
		if got := raced(status); got != want {
			t.Errorf("raced(%q) = %v, want %v", status, got, want)
		}
	}
}

func TestServerTextIsSafeAndBounded(t *testing.T) {
	var s serverText
	_, _ = s.Write([]byte("Resolving deltas: 100% (1/1)\r\nPolicy:\tno \x1b]0;pwned\x07 pushes\r\n\n\u202eevil\xff\n"))
	for i := 0; i < 10_000; i++ {
		_, _ = s.Write([]byte(strings.Repeat("x", 500) + "\n"))
	}
	lines := s.lines()
	if len(lines) != maxServerLines+1 || lines[len(lines)-1] != "..." {
		t.Fatalf("%d lines, want %d and a last ...", len(lines), maxServerLines+1)
	}
	if lines[0] != `Policy: no \x1b]0;pwned\x07 pushes` || lines[1] != `\u202eevil\xff` {
		t.Errorf("escaped lines: %q", lines[:2])
	}
	if len(lines[2]) > maxLineRunes+3 {
		t.Errorf("a line of %d bytes", len(lines[2]))
	}
	if len(s.buf) > maxServerBytes {
		t.Errorf("kept %d bytes", len(s.buf))
	}
}

// TestStaleLockOnTheServer: a ref lock left behind on the server makes
// every push fail in git's words for a race. After a few tries at the same
// remote head, that is a refusal (exit 3), not three minutes of retries.
func TestStaleLockOnTheServer(t *testing.T) {
	url, bare, _ := shared(t)
	a, _ := clone(t, url)
	commitFile(t, a, "responses/a.yaml", "a: locked out\n", "ann")
	if err := os.WriteFile(filepath.Join(bare, "refs", "heads", "main.lock"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	res, err := a.Sync(ctx, SyncOptions{RetryFor: time.Minute})
	var re *RemoteError
	var refusal *PushRefusal
	if !errors.As(err, &re) || re.Kind != KindRefused || !errors.As(err, &refusal) {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if res.Attempts != 5 {
		t.Errorf("%d pushes tried, want 5", res.Attempts)
	}
	if took := time.Since(began); took > 20*time.Second {
		t.Errorf("took %s", took)
	}
	t.Logf("%v (after %s); the server said %q", err, time.Since(began).Round(time.Millisecond), refusal.Server)
	if err := os.Remove(filepath.Join(bare, "refs", "heads", "main.lock")); err != nil {
		t.Fatal(err)
	}
	if res, err := a.Sync(ctx, SyncOptions{}); err != nil || res.Pushed != 1 {
		t.Fatalf("sync once the lock is gone: %+v %v", res, err)
	}
	gittest.Fsck(t, bare)
}

// TestHTTPErrorsAreOneLine: go-git puts the body of an HTTP error (a
// server's HTML page) into its error; skillmap keeps one line of its own.
func TestHTTPErrorsAreOneLine(t *testing.T) {
	page := "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body>\n</html>\n"
	for code, want := range map[int]string{
		http.StatusUnauthorized: "could not sign in to https://git.example.org/ws.git: authentication required",
		http.StatusForbidden:    "could not sign in to https://git.example.org/ws.git: authorization failed",
		http.StatusNotFound:     "no repository at https://git.example.org/ws.git (or no access to it): repository not found",
		http.StatusBadGateway:   "cannot fetch from https://git.example.org/ws.git: the server answered HTTP 502 Bad Gateway",
	} {
		req, _ := http.NewRequest("GET", "https://git.example.org/ws.git/info/refs", nil)
		resp := &http.Response{StatusCode: code, Body: io.NopCloser(strings.NewReader(page)), Request: req}
		err := remoteErr("fetch from", "https://git.example.org/ws.git", githttp.NewErr(resp))
		if err.Error() != want {
			t.Errorf("HTTP %d: %q, want %q", code, err, want)
		}
	}
}
