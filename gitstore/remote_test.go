package gitstore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillmap/skillmap/internal/gittest"
)

var ctx = context.Background()

// shared makes a bare remote served by git daemon, a first workshop pushed
// to it, and returns the remote's URL and path.
func shared(t *testing.T) (url, bare string, d *gittest.Daemon) {
	t.Helper()
	root := t.TempDir()
	bare = gittest.Bare(t, root, "ws")
	d = gittest.StartDaemon(t, root)
	url = d.URL("ws")
	r, _ := newRepo(t)
	if err := r.SetOrigin(url); err != nil {
		t.Fatal(err)
	}
	res, err := r.Sync(ctx, SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Pushed != 1 {
		t.Fatalf("pushed %d commits, want 1", res.Pushed)
	}
	gittest.Fsck(t, bare)
	return url, bare, d
}

func clone(t *testing.T, url string) (*Repo, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "clone")
	r, err := Clone(ctx, url, dir, Credentials{})
	if err != nil {
		t.Fatal(err)
	}
	checkRepo(t, dir)
	return r, dir
}

func commitFile(t *testing.T, r *Repo, path, data, who string) Hash {
	t.Helper()
	h, err := r.Commit([]File{{Path: path, Data: []byte(data)}}, Signature{Name: who, Email: who + "@example.org", When: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}, "Submit "+who)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestCloneThenRebuildOnNewerRemote(t *testing.T) {
	url, bare, _ := shared(t)
	a, adir := clone(t, url)
	b, bdir := clone(t, url)
	if got := gittest.Git(t, adir, "show", "HEAD:responses/a.yaml"); got != "a: 1\n" {
		t.Fatalf("cloned a.yaml = %q", got)
	}
	first := strings.TrimSpace(gittest.Git(t, bare, "rev-parse", "main"))
	commitFile(t, a, "responses/a.yaml", "a: 2\n", "alice")
	if _, err := a.Sync(ctx, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	afterA := strings.TrimSpace(gittest.Git(t, bare, "rev-parse", "main"))
	bob := commitFile(t, b, "responses/b.yaml", "b: 2\n", "bob")
	res, err := b.Sync(ctx, SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rebuilt != 1 || res.Pushed != 1 || res.Fetched != 1 {
		t.Errorf("rebuilt %d, pushed %d, fetched %d; want 1, 1, 1", res.Rebuilt, res.Pushed, res.Fetched)
	}
	if len(res.Updated) != 1 || res.Updated[0] != "responses/a.yaml" {
		t.Errorf("updated %v", res.Updated)
	}
	final := strings.TrimSpace(gittest.Git(t, bare, "rev-parse", "main"))
	for _, h := range []string{first, afterA} {
		gittest.Git(t, bare, "merge-base", "--is-ancestor", h, final)
	}
	if got := gittest.Git(t, bare, "show", "main:responses/a.yaml"); got != "a: 2\n" {
		t.Errorf("remote a.yaml = %q", got)
	}
	if got := gittest.Git(t, bare, "show", "main:responses/b.yaml"); got != "b: 2\n" {
		t.Errorf("remote b.yaml = %q", got)
	}
	// Bob's commit kept its author, date and message; a new hash.
	if got := gittest.Git(t, bare, "log", "-1", "--format=%an|%ae|%aI|%s", "main"); got != "bob|bob@example.org|2026-03-02T09:00:00+00:00|Submit bob\n" {
		t.Errorf("rebuilt commit: %q", got)
	}
	if final == bob.String() {
		t.Error("the commit was pushed without being rebuilt")
	}
	gittest.Fsck(t, bare)
	checkRepo(t, bdir)
	if got, _ := os.ReadFile(filepath.Join(bdir, "responses/a.yaml")); string(got) != "a: 2\n" {
		t.Errorf("working copy a.yaml = %q", got)
	}
	if got := strings.TrimSpace(gittest.Git(t, bdir, "rev-parse", "HEAD")); got != final {
		t.Errorf("local HEAD %s, remote %s", got, final)
	}
	if got := strings.TrimSpace(gittest.Git(t, bdir, "rev-parse", "origin/main")); got != final {
		t.Errorf("origin/main %s, remote %s", got, final)
	}
	// Alice fast-forwards.
	res, err = a.Sync(ctx, SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Pushed != 0 || res.After.String() != final || res.Fetched != 1 {
		t.Errorf("alice's sync: %+v", res)
	}
	checkRepo(t, adir)
}

func TestConflictKeepsBothVersions(t *testing.T) {
	url, bare, _ := shared(t)
	a, adir := clone(t, url)
	fac, _ := clone(t, url)
	commitFile(t, fac, "responses/a.yaml", "a: fixed by the facilitator\n", "ana")
	if _, err := fac.Sync(ctx, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	before := strings.TrimSpace(gittest.Git(t, bare, "rev-parse", "main"))
	mine := commitFile(t, a, "responses/a.yaml", "a: my answers\n", "alice")
	res, err := a.Sync(ctx, SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Conflicts) != 1 || res.Conflicts[0].Path != "responses/a.yaml" || res.Conflicts[0].RemoteCopy != "responses/a.remote.yaml" || res.Conflicts[0].By.Name != "ana" {
		t.Fatalf("conflicts: %+v", res.Conflicts)
	}
	if res.Pushed != 0 {
		t.Errorf("pushed %d", res.Pushed)
	}
	if got := strings.TrimSpace(gittest.Git(t, bare, "rev-parse", "main")); got != before {
		t.Error("the remote changed")
	}
	if got, _ := os.ReadFile(filepath.Join(adir, "responses/a.yaml")); string(got) != "a: my answers\n" {
		t.Errorf("working copy = %q", got)
	}
	if got, _ := os.ReadFile(filepath.Join(adir, "responses/a.remote.yaml")); string(got) != "a: fixed by the facilitator\n" {
		t.Errorf("remote copy = %q", got)
	}
	if got := strings.TrimSpace(gittest.Git(t, adir, "rev-parse", res.SetAside)); got != mine.String() {
		t.Errorf("set aside %s = %s, want %s", res.SetAside, got, mine)
	}
	if st := gittest.Git(t, adir, "status", "--porcelain"); st != " M responses/a.yaml\n?? responses/a.remote.yaml\n" {
		t.Errorf("status:\n%s", st)
	}
	gittest.Fsck(t, adir)
	// Choosing one's own version and syncing again delivers it.
	if _, err := a.CommitWorktree([]string{"responses/a.yaml"}, Signature{Name: "alice", Email: "alice@example.org"}, "Submit again"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Sync(ctx, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := gittest.Git(t, bare, "show", "main:responses/a.yaml"); got != "a: my answers\n" {
		t.Errorf("remote = %q", got)
	}
}

func TestUnreachableKeepsTheCommit(t *testing.T) {
	url, _, d := shared(t)
	a, adir := clone(t, url)
	h := commitFile(t, a, "responses/a.yaml", "a: 3\n", "alice")
	d.Stop()
	_, err := a.Sync(ctx, SyncOptions{})
	var re *RemoteError
	if !errors.As(err, &re) || re.Kind != KindUnreachable {
		t.Fatalf("err = %v, want unreachable", err)
	}
	if got := strings.TrimSpace(gittest.Git(t, adir, "rev-parse", "HEAD")); got != h.String() {
		t.Errorf("HEAD moved")
	}
	d.Restart()
	res, err := a.Sync(ctx, SyncOptions{})
	if err != nil || res.Pushed != 1 {
		t.Fatalf("sync after restart: %+v %v", res, err)
	}
}
