package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/gittest"
	"github.com/skillmap/skillmap/survey"
)

// running is a server on loopback, serving until stopped.
type running struct {
	url    string
	cancel context.CancelFunc
	done   chan error
}

// start serves f on a free loopback port.
func (f *fixture) start(t testing.TB) *running {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{url: "http://" + ln.Addr().String(), cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- f.srv.Serve(ctx, ln, "", "") }()
	t.Cleanup(func() { r.stop(t) })
	return r
}

// stop stops the server as Ctrl+C does, and waits for it.
func (r *running) stop(t testing.TB) {
	if r.cancel == nil {
		return
	}
	r.cancel()
	r.cancel = nil
	select {
	case err := <-r.done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("the server did not stop")
	}
}

// withRemote gives the fixture's workshop a remote served by git daemon,
// with the workshop pushed to it, and returns the bare repository.
func (f *fixture) withRemote(t testing.TB) (bare string, d *gittest.Daemon) {
	t.Helper()
	base := t.TempDir()
	bare = gittest.Bare(t, base, "ws")
	d = gittest.StartDaemon(t, base)
	if err := f.repo.SetOrigin(d.URL("ws")); err != nil {
		t.Fatal(err)
	}
	if _, err := f.repo.Sync(context.Background(), gitstore.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	return bare, d
}

// fillIn is a participant filling in every page through HTTP, as a
// browser without JavaScript does, then submitting; it returns where the
// submit ended.
func fillIn(client *http.Client, base string, i int, fw *survey.Framework) (string, error) {
	get := func(u string) (string, error) {
		resp, err := client.Get(u)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		var b strings.Builder
		if _, err := ioCopy(&b, resp); err != nil {
			return "", err
		}
		if resp.StatusCode != http.StatusOK {
			return "", fmt.Errorf("GET %s: %s", u, resp.Status)
		}
		return b.String(), nil
	}
	post := func(u string, v url.Values) (string, error) {
		resp, err := client.PostForm(u, v)
		if err != nil {
			return "", err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return "", fmt.Errorf("POST %s: %s", u, resp.Status)
		}
		return resp.Request.URL.String(), nil
	}
	if _, err := get(base); err != nil {
		return "", err
	}
	for n := 1; n <= len(fw.Skills); n++ {
		page, err := get(fmt.Sprintf("%sskill/%d", base, n))
		if err != nil {
			return "", err
		}
		m := csrfField.FindStringSubmatch(page)
		if m == nil {
			return "", fmt.Errorf("skill %d: no CSRF token", n)
		}
		v := url.Values{"csrf": {m[1]}}
		for _, a := range fw.Skills[n-1].Activities {
			v.Set("r-"+a.ID, fmt.Sprint(expected(i, n)))
			v.Set("n-"+a.ID, fmt.Sprintf("person %d, skill %d", i, n))
		}
		if _, err := post(fmt.Sprintf("%sskill/%d", base, n), v); err != nil {
			return "", err
		}
	}
	page, err := get(base + "check")
	if err != nil {
		return "", err
	}
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		return "", errors.New("check: no CSRF token")
	}
	return post(base+"check", url.Values{"csrf": {m[1]}})
}

// expected is the rating person i gives in skill n.
func expected(i, n int) int { return (i + n) % 5 }

func ioCopy(b *strings.Builder, resp *http.Response) (int64, error) {
	buf := make([]byte, 32<<10)
	var n int64
	for {
		k, err := resp.Body.Read(buf)
		b.Write(buf[:k])
		n += int64(k)
		if err != nil {
			if err.Error() == "EOF" {
				return n, nil
			}
			return n, err
		}
	}
}

// checkAnswers checks that every participant's answers are in the
// response files of a snapshot.
func checkAnswers(t *testing.T, snap *gitstore.Snapshot, f *fixture) {
	t.Helper()
	for i, p := range f.people {
		data, err := snap.ReadFile(survey.ResponsePath(p.ID))
		if err != nil {
			t.Fatal(err)
		}
		r, ps := survey.ParseResponse(p.ID, data)
		if len(ps) > 0 {
			t.Fatal(ps)
		}
		for n, sk := range f.fw.Skills {
			for _, a := range sk.Activities {
				ans := r.Answer(sk.ID, a.ID)
				if ans == nil || ans.Rating == nil || *ans.Rating != expected(i, n+1) || ans.Note != fmt.Sprintf("person %d, skill %d", i, n+1) {
					t.Fatalf("%s %s/%s: %+v", p.ID, sk.ID, a.ID, ans)
				}
			}
		}
	}
}

// TestRoomOfThirty: thirty participants fill in every page and submit at
// once, against one server on loopback, while someone else pushes to the
// workshop's remote: all thirty files land with their answers, locally
// and on the remote, and both repositories pass git fsck --strict with a
// clean git status.
func TestRoomOfThirty(t *testing.T) {
	if testing.Short() {
		t.Skip("thirty participants: not in -short")
	}
	gittest.Need(t)
	for _, remote := range []bool{false, true} {
		t.Run(fmt.Sprintf("remote=%v", remote), func(t *testing.T) {
			f := newFixture(t, 30)
			var bare string
			var other string
			if remote {
				var d *gittest.Daemon
				bare, d = f.withRemote(t)
				other = filepath.Join(t.TempDir(), "other")
				gittest.Git(t, filepath.Dir(other), "clone", "-q", d.URL("ws"), other)
			}
			srv := f.start(t)
			links, _, _, err := Links(f.repo, srv.url, false)
			if err != nil {
				t.Fatal(err)
			}
			stopOther := make(chan struct{})
			otherDone := make(chan int)
			go func() {
				// Someone else pushes to the remote meanwhile: thirty
				// commits, as thirty people submitting with skillmap
				// submit would.
				n := 0
				defer func() { otherDone <- n }()
				if other == "" {
					return
				}
				for {
					select {
					case <-stopOther:
						return
					default:
					}
					if n == 30 {
						return
					}
					n++
					if err := os.WriteFile(filepath.Join(other, "NOTES.md"), []byte(fmt.Sprintf("note %d\n", n)), 0o644); err != nil {
						t.Error(err)
						return
					}
					gittest.Git(t, other, "add", "NOTES.md")
					gittest.Git(t, other, "commit", "-q", "-m", fmt.Sprintf("note %d", n))
					for try := 0; ; try++ {
						if _, err := gittest.TryGit(other, "push", "-q", "origin", "main"); err == nil {
							break
						}
						if try == 20 {
							t.Error("the other pusher could not push")
							return
						}
						gittest.Git(t, other, "pull", "-q", "--rebase", "origin", "main")
					}
					time.Sleep(100 * time.Millisecond)
				}
			}()
			var wg sync.WaitGroup
			ends := make([]string, len(links))
			errs := make([]error, len(links))
			for i, l := range links {
				wg.Add(1)
				go func() {
					defer wg.Done()
					client := &http.Client{Timeout: time.Minute}
					ends[i], errs[i] = fillIn(client, l.URL, i, f.fw)
				}()
			}
			wg.Wait()
			close(stopOther)
			others := <-otherDone
			for i, err := range errs {
				if err != nil {
					t.Fatalf("participant %d: %v", i, err)
				}
				want := "saved"
				if remote {
					want = "sent"
				}
				if !strings.HasSuffix(ends[i], "done?s="+want) {
					t.Errorf("participant %d ended at %s, want done?s=%s", i, ends[i], want)
				}
			}
			srv.stop(t)
			snap, err := f.repo.At("HEAD")
			if err != nil {
				t.Fatal(err)
			}
			checkAnswers(t, snap, f)
			dir := f.repo.Root()
			gittest.Fsck(t, dir)
			if st := gittest.Git(t, dir, "status", "--porcelain"); st != "" {
				t.Errorf("git status:\n%s", st)
			}
			if !remote {
				return
			}
			if pending, err := f.repo.Unpushed(); err != nil || pending {
				t.Errorf("commits not pushed after stopping (%v)", err)
			}
			gittest.Fsck(t, bare)
			// The remote has every answer, and the other pusher's commits.
			check := filepath.Join(t.TempDir(), "check")
			gittest.Git(t, filepath.Dir(check), "clone", "-q", bare, check)
			repo, err := gitstore.Open(check)
			if err != nil {
				t.Fatal(err)
			}
			rsnap, err := repo.At("HEAD")
			if err != nil {
				t.Fatal(err)
			}
			checkAnswers(t, rsnap, f)
			if got, _ := os.ReadFile(filepath.Join(check, "NOTES.md")); string(got) != fmt.Sprintf("note %d\n", others) {
				t.Errorf("the other pusher's last note: %q, want note %d", got, others)
			}
			t.Logf("%d commits by the other pusher meanwhile", others)
		})
	}
}

// TestStopFinishesSaves: stopping the server (as Ctrl+C does) while saves
// are in flight commits every one of them, and pushes them all.
func TestStopFinishesSaves(t *testing.T) {
	gittest.Need(t)
	f := newFixture(t, 12)
	f.withRemote(t)
	srv := f.start(t)
	// The saves queue behind the write lock, as they do behind a slow
	// push, so that all are in flight when the server is told to stop.
	f.srv.mu.Lock()
	var wg sync.WaitGroup
	status := make([]int, len(f.people))
	for i := range f.people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			resp, err := client.PostForm(srv.url+f.link(i)+"skill/1", f.answers(i, 1, 4, "before the end"))
			if err != nil {
				t.Errorf("participant %d: %v", i, err)
				return
			}
			resp.Body.Close()
			status[i] = resp.StatusCode
		}()
	}
	time.Sleep(time.Second) // the requests reach the handler
	stopped := make(chan struct{})
	go func() { srv.stop(t); close(stopped) }()
	time.Sleep(200 * time.Millisecond)
	f.srv.mu.Unlock()
	wg.Wait()
	<-stopped
	for i, code := range status {
		if code != http.StatusSeeOther {
			t.Errorf("participant %d's save: %d", i, code)
			continue
		}
		if f.committed(i).Answered() != len(f.fw.Skills[0].Activities) {
			t.Errorf("participant %d's save was answered but not committed", i)
		}
	}
	if pending, err := f.repo.Unpushed(); err != nil || pending {
		t.Errorf("commits left unpushed after stopping (%v)", err)
	}
	gittest.Fsck(t, f.repo.Root())
	if st := gittest.Git(t, f.repo.Root(), "status", "--porcelain"); st != "" {
		t.Errorf("git status:\n%s", st)
	}
}

// TestLimits: a request with too large a header is refused by the
// server itself; the server has its timeouts.
func TestLimits(t *testing.T) {
	f := newFixture(t, 1)
	f.srv.headerWait = time.Second
	srv := f.start(t)
	req, _ := http.NewRequest(http.MethodGet, srv.url+f.link(0), nil)
	req.Header.Set("X-Big", strings.Repeat("x", 2*maxHeaderBytes))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("large header: %s", resp.Status)
	}
	hs := f.srv.httpServer(context.Background())
	if hs.ReadHeaderTimeout == 0 || hs.ReadTimeout == 0 || hs.WriteTimeout == 0 || hs.IdleTimeout == 0 || hs.MaxHeaderBytes != maxHeaderBytes {
		t.Errorf("limits not set: %+v", hs)
	}
	// A client that sends half a header and stops is cut off.
	c, err := net.Dial("tcp", strings.TrimPrefix(srv.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n")); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(f.srv.headerWait + 10*time.Second))
	buf := make([]byte, 1)
	_, err = c.Read(buf)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Error("the server waited for the rest of the header")
	}
}
