package gitstore

import (
	"bytes"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/skillmap/skillmap/internal/gittest"
)

// sharedWithHistory is a served workshop with three commits, as git made
// them, over git daemon and smart HTTP.
func sharedWithHistory(t *testing.T) (root, bare string, urls map[string]string) {
	t.Helper()
	root = t.TempDir()
	bare = gittest.Bare(t, root, "ws")
	work := filepath.Join(t.TempDir(), "w")
	gittest.Git(t, "", "clone", "-q", bare, work)
	for i, who := range []string{"ana", "ben", "cy"} {
		if err := os.MkdirAll(filepath.Join(work, "responses"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, "responses", who+".yaml"), []byte(strings.Repeat(who+"\n", i+1)), 0o644); err != nil {
			t.Fatal(err)
		}
		gittest.Git(t, work, "add", "-A")
		gittest.Git(t, work, "commit", "-q", "-m", "Submit "+who)
	}
	gittest.Git(t, work, "tag", "round/one", "HEAD~1")
	gittest.Git(t, work, "push", "-q", "origin", "HEAD:main", "--tags")
	d := gittest.StartDaemon(t, root)
	h := gittest.StartHTTP(t, root, gittest.HTTPOptions{})
	return root, bare, map[string]string{"git": d.URL("ws"), "http": h.URL("ws")}
}

func TestReadRemoteShallowAndFull(t *testing.T) {
	_, _, urls := sharedWithHistory(t)
	for proto, url := range urls {
		t.Run(proto, func(t *testing.T) {
			c, err := ReadRemote(ctx, url, ReadRemoteOptions{})
			if err != nil {
				t.Fatal(err)
			}
			dir := c.dir
			s, err := c.At("HEAD")
			if err != nil {
				t.Fatal(err)
			}
			if data, err := s.ReadFile("responses/cy.yaml"); err != nil || string(data) != "cy\ncy\ncy\n" {
				t.Errorf("shallow HEAD: %q, %v", data, err)
			}
			if !c.Shallow {
				t.Error("not shallow")
			}
			if n := gittest.Git(t, dir, "rev-list", "--count", "HEAD"); strings.TrimSpace(n) != "1" {
				t.Errorf("shallow copy has %s commits", n)
			}
			if c.HasTag("round/one") {
				t.Error("the shallow copy fetched tags")
			}
			gittest.Fsck(t, dir)
			if err := c.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
				t.Error("Close left the copy")
			}

			c, err = ReadRemote(ctx, url, ReadRemoteOptions{Full: true})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if c.Shallow || !c.HasTag("round/one") {
				t.Errorf("full copy: shallow %v, round tag %v", c.Shallow, c.HasTag("round/one"))
			}
			s, err = c.At("HEAD~2")
			if err != nil {
				t.Fatal(err)
			}
			if data, err := s.ReadFile("responses/ana.yaml"); err != nil || string(data) != "ana\n" {
				t.Errorf("full HEAD~2: %q, %v", data, err)
			}
			gittest.Fsck(t, c.dir)
		})
	}
}

// silent accepts connections and never answers.
func silent(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	return l.Addr().String()
}

func TestSilentServerTimesOut(t *testing.T) {
	t.Setenv(EnvTimeout, "300ms")
	addr := silent(t)
	// SSH: a key, and a known_hosts file; the handshake never starts.
	key := gittest.NewSSHKey(t, t.TempDir(), "id")
	known := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(known, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SSH_KNOWN_HOSTS", known)
	for _, url := range []string{"git://" + addr + "/ws.git", "http://" + addr + "/ws.git", "ssh://git@" + addr + "/ws.git"} {
		start := time.Now()
		cred := Credentials{}
		if strings.HasPrefix(url, "ssh:") {
			cred.SSHKeyFile = key.File
		}
		_, err := ReadRemote(ctx, url, ReadRemoteOptions{Credentials: cred})
		if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), EnvTimeout) {
			t.Errorf("%s: ReadRemote: err = %v, want a timeout naming %s", url, err, EnvTimeout)
		}
		_, err = Clone(ctx, url, filepath.Join(t.TempDir(), "c"), cred)
		if !errors.Is(err, ErrTimeout) {
			t.Errorf("%s: Clone: err = %v, want a timeout", url, err)
		}
		r, _ := newRepo(t)
		if err := r.SetOrigin(url); err != nil {
			t.Fatal(err)
		}
		_, err = r.Sync(ctx, SyncOptions{Credentials: cred})
		if !errors.Is(err, ErrTimeout) {
			t.Errorf("%s: Sync: err = %v, want a timeout", url, err)
		}
		// A push to a silent server, after a fetch that went well.
		if err := r.push(ctx, url, cred, nil, nil, nil); !errors.Is(err, ErrTimeout) {
			t.Errorf("%s: push: err = %v, want a timeout", url, err)
		}
		if d := time.Since(start); d > 30*time.Second {
			t.Errorf("%s: took %s", url, d)
		}
	}
}

func TestBadLimitsAreNamed(t *testing.T) {
	t.Setenv(EnvTimeout, "soon")
	if _, err := ReadRemote(ctx, "git://127.0.0.1:1/x.git", ReadRemoteOptions{}); err == nil || !strings.Contains(err.Error(), EnvTimeout) {
		t.Errorf("err = %v, want one naming %s", err, EnvTimeout)
	}
	t.Setenv(EnvTimeout, "")
	t.Setenv(EnvMaxBlob, "lots")
	if _, err := ReadRemote(ctx, "git://127.0.0.1:1/x.git", ReadRemoteOptions{}); err == nil || !strings.Contains(err.Error(), EnvMaxBlob) {
		t.Errorf("err = %v, want one naming %s", err, EnvMaxBlob)
	}
	for in, want := range map[string]int64{"16MiB": 16 << 20, "200 KiB": 200 << 10, "1g": 1 << 30, "123": 123} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v", in, got, err)
		}
	}
}

func TestBlobOverLimitIsRefused(t *testing.T) {
	root, bare, urls := sharedWithHistory(t)
	_ = root
	work := filepath.Join(t.TempDir(), "w")
	gittest.Git(t, "", "clone", "-q", bare, work)
	big := make([]byte, 3<<20)
	for i := range big {
		big[i] = byte(i*7919>>3) ^ byte(i>>11)
	}
	if err := os.WriteFile(filepath.Join(work, "responses", "huge.yaml"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	gittest.Git(t, work, "add", "-A")
	gittest.Git(t, work, "commit", "-q", "-m", "huge")
	gittest.Git(t, work, "push", "-q", "origin", "HEAD:main")
	t.Setenv(EnvMaxBlob, "1MiB")
	for proto, url := range urls {
		_, err := ReadRemote(ctx, url, ReadRemoteOptions{})
		if !errors.Is(err, ErrBlobTooLarge) || !strings.Contains(err.Error(), "1.0 MiB") || !strings.Contains(err.Error(), "3.0 MiB") {
			t.Errorf("%s: ReadRemote: err = %v, want the size and the limit", proto, err)
		}
		dir := filepath.Join(t.TempDir(), "c")
		if _, err := Clone(ctx, url, dir, Credentials{}); !errors.Is(err, ErrBlobTooLarge) {
			t.Errorf("%s: Clone: err = %v, want ErrBlobTooLarge", proto, err)
		}
	}
	t.Setenv(EnvMaxBlob, "4MiB")
	c, err := ReadRemote(ctx, urls["git"], ReadRemoteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}

func TestReadFileOverLimitNamesIt(t *testing.T) {
	r, _ := newRepo(t)
	commitFile(t, r, "workshop.yaml", strings.Repeat("x", 2048), "ana")
	t.Setenv(EnvMaxBlob, "1KiB")
	s, err := r.At("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ReadFile("workshop.yaml")
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "workshop.yaml") || !strings.Contains(err.Error(), EnvMaxBlob) {
		t.Errorf("err = %v, want ErrTooLarge naming the file and %s", err, EnvMaxBlob)
	}
	t.Setenv(EnvMaxBlob, "")
	if _, err := s.ReadFile("workshop.yaml"); err != nil {
		t.Error(err)
	}
}

// FuzzIndexPack feeds the indexer of fetched packs whatever a server might
// send: it must fail cleanly, never crash or allocate beyond the limit, and
// find the ids of a sound pack.
func FuzzIndexPack(f *testing.F) {
	dir := f.TempDir()
	pw, err := newPackWriter(dir)
	if err != nil {
		f.Fatal(err)
	}
	base := []byte(strings.Repeat("rating: 3\n", 20))
	target := append([]byte("note: changed\n"), base[:150]...)
	off, err := pw.add(packBlob, objectHash(plumbing.BlobObject, base), base)
	if err != nil {
		f.Fatal(err)
	}
	d := newDelta(len(base), len(target))
	d.insert(target[:14])
	d.copyFrom(0, 150)
	want := objectHash(plumbing.BlobObject, target)
	if _, err := pw.addDelta(want, off, d.buf); err != nil {
		f.Fatal(err)
	}
	if err := pw.finish(); err != nil {
		f.Fatal(err)
	}
	packs, _ := filepath.Glob(filepath.Join(dir, "pack", "*.pack"))
	seed, err := os.ReadFile(packs[0])
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("PACK\x00\x00\x00\x02\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, _, err := indexPack(bytes.NewReader(data), 1<<20)
		if err == nil && string(data) == string(seed) {
			found := false
			for _, e := range entries {
				found = found || e.hash == want
			}
			if !found || len(entries) != 2 {
				t.Errorf("the sound pack gave %v", entries)
			}
		}
	})
}

// TestThinPackIsCompleted takes a pack whose deltas have their bases in
// the repository only (git sends such packs to clients that ask for them):
// the objects must be readable and the repository sound for git.
func TestThinPackIsCompleted(t *testing.T) {
	r, dir := newRepo(t)
	body := strings.Repeat("rating: 3\nnote: a long enough line to be worth a delta\n", 50)
	commitFile(t, r, "responses/a.yaml", body, "ana")
	src := filepath.Join(t.TempDir(), "src")
	gittest.Git(t, "", "clone", "-q", dir, src)
	if err := os.WriteFile(filepath.Join(src, "responses", "a.yaml"), []byte(body+"rating: 4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gittest.Git(t, src, "commit", "-qam", "more")
	head := strings.TrimSpace(gittest.Git(t, src, "rev-parse", "HEAD"))
	cmd := exec.Command("git", "pack-objects", "--thin", "--stdout", "--revs")
	cmd.Dir = src
	cmd.Stdin = strings.NewReader("HEAD\n^HEAD~1\n")
	pack, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	fs, ok := r.git.Storer.(*filesystem.Storage)
	if !ok {
		t.Fatal("not on disk")
	}
	w, err := newPackReceiver(fs, r.objectsDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(pack); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := r.At(head)
	if err != nil {
		t.Fatal(err)
	}
	if data, err := s.ReadFile("responses/a.yaml"); err != nil || string(data) != body+"rating: 4\n" {
		t.Errorf("read %q, %v", data, err)
	}
	gittest.Git(t, dir, "update-ref", "refs/heads/thin", head)
	gittest.Fsck(t, dir)
}

// TestFetchIntoLinkedWorktree: a fetched pack goes to the main
// repository's objects, where git and go-git look for it.
func TestFetchIntoLinkedWorktree(t *testing.T) {
	url, _, _ := shared(t)
	_, dir := clone(t, url)
	wt := filepath.Join(t.TempDir(), "wt")
	gittest.Git(t, dir, "worktree", "add", "-q", "-b", "side", wt, "main")
	gittest.Git(t, dir, "config", "branch.side.remote", "origin")
	gittest.Git(t, dir, "config", "branch.side.merge", "refs/heads/main")
	fac, _ := clone(t, url)
	commitFile(t, fac, "responses/b.yaml", "b: new\n", "ana")
	if _, err := fac.Sync(ctx, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	r, err := Open(wt)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := r.Sync(ctx, SyncOptions{}); err != nil || res.Fetched != 1 {
		t.Fatalf("sync: %+v, %v", res, err)
	}
	if got := gittest.Git(t, wt, "show", "HEAD:responses/b.yaml"); got != "b: new\n" {
		t.Errorf("b = %q", got)
	}
	checkRepo(t, wt)
	gittest.Fsck(t, dir)
}

// TestIndexPackLimitIsExact: a file one byte over the limit is refused,
// one at the limit is not.
func TestIndexPackLimitIsExact(t *testing.T) {
	dir := t.TempDir()
	pw, err := newPackWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	data := []byte(strings.Repeat("x", 1000))
	if _, err := pw.add(packBlob, objectHash(plumbing.BlobObject, data), data); err != nil {
		t.Fatal(err)
	}
	if err := pw.finish(); err != nil {
		t.Fatal(err)
	}
	packs, _ := filepath.Glob(filepath.Join(dir, "pack", "*.pack"))
	pack, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := indexPack(bytes.NewReader(pack), 999); !errors.Is(err, ErrBlobTooLarge) {
		t.Errorf("limit 999: err = %v, want ErrBlobTooLarge", err)
	}
	if e, _, err := indexPack(bytes.NewReader(pack), 1000); err != nil || len(e) != 1 || e[0].hash != BlobHash(data) {
		t.Errorf("limit 1000: %v, %v", e, err)
	}
}
