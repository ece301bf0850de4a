package gitstore

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
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

func TestSSHWithKeyFile(t *testing.T) {
	root := t.TempDir()
	bare := gittest.Bare(t, root, "ws")
	key := gittest.NewSSHKey(t, t.TempDir(), "id_ed25519")
	other := gittest.NewSSHKey(t, t.TempDir(), "id_other")
	srv := gittest.StartSSH(t, root, key.Public)
	known := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(known, []byte(srv.KnownHosts+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SSH_KNOWN_HOSTS", known)
	t.Setenv("SSH_AUTH_SOCK", "")
	cred := Credentials{SSHKeyFile: key.File}

	r, _ := newRepo(t)
	if err := r.SetOrigin(srv.URL("ws")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Sync(ctx, SyncOptions{Credentials: cred}); err != nil {
		t.Fatal(err)
	}
	gittest.Fsck(t, bare)
	dir := filepath.Join(t.TempDir(), "c")
	c, err := Clone(ctx, srv.URL("ws"), dir, cred)
	if err != nil {
		t.Fatal(err)
	}
	commitFile(t, c, "responses/b.yaml", "b: ssh\n", "bob")
	if res, err := c.Sync(ctx, SyncOptions{Credentials: cred}); err != nil || res.Pushed != 1 {
		t.Fatalf("push over SSH: %+v, %v", res, err)
	}
	if got := gittest.Git(t, bare, "show", "main:responses/b.yaml"); got != "b: ssh\n" {
		t.Errorf("remote b.yaml = %q", got)
	}
	if m, err := ReadRemote(ctx, srv.URL("ws"), ReadRemoteOptions{Credentials: cred}); err != nil {
		t.Fatal(err)
	} else if s, err := m.At("HEAD"); err != nil {
		t.Fatal(err)
	} else if data, err := s.ReadFile("responses/b.yaml"); err != nil || string(data) != "b: ssh\n" || m.Close() != nil {
		t.Errorf("shallow read over SSH: %q, %v", data, err)
	}

	// The wrong key, no key and no agent, and an unknown host key are all
	// sign-in failures.
	for name, cred := range map[string]Credentials{"wrong key": {SSHKeyFile: other.File}, "no key": {}} {
		_, err := c.Sync(ctx, SyncOptions{Credentials: cred})
		var re *RemoteError
		if !errors.As(err, &re) || re.Kind != KindAuth {
			t.Errorf("%s: err = %v, want a sign-in failure", name, err)
		}
	}
	if err := os.WriteFile(known, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = c.Sync(ctx, SyncOptions{Credentials: Credentials{SSHKeyFile: key.File}})
	var re *RemoteError
	if !errors.As(err, &re) || re.Kind != KindAuth || !strings.Contains(err.Error(), "knownhosts") {
		t.Errorf("unknown host: err = %v, want a sign-in failure about knownhosts", err)
	}
}

func TestSyncKeepsUncommittedChanges(t *testing.T) {
	url, bare, _ := shared(t)
	lead, dir := clone(t, url)
	fac, _ := clone(t, url)
	// The facilitator changes one file, deletes another and adds a third.
	if _, err := fac.Commit([]File{{Path: "responses/a.yaml", Data: []byte("a: remote\n")}, {Path: "responses/c.yaml", Data: []byte("c: new\n")}}, ana, "Change a, add c"); err != nil {
		t.Fatal(err)
	}
	gittest.Git(t, fac.Root(), "rm", "-q", "responses/b.yaml")
	gittest.Git(t, fac.Root(), "commit", "-qm", "Remove b")
	if _, err := fac.Sync(ctx, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	// The lead edited a and b without committing, and has an untracked c.
	write(t, dir, "responses/a.yaml", "a: lead's edit\n")
	write(t, dir, "responses/b.yaml", "b: lead's edit\n")
	write(t, dir, "responses/c.yaml", "c: lead's own\n")
	res, err := lead.Sync(ctx, SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []KeptFile{{"responses/a.yaml", "responses/a.remote.yaml"}, {"responses/b.yaml", ""}, {"responses/c.yaml", "responses/c.remote.yaml"}}
	if fmt.Sprint(res.Kept) != fmt.Sprint(want) {
		t.Errorf("kept %v, want %v", res.Kept, want)
	}
	for p, data := range map[string]string{
		"responses/a.yaml": "a: lead's edit\n", "responses/a.remote.yaml": "a: remote\n",
		"responses/b.yaml": "b: lead's edit\n",
		"responses/c.yaml": "c: lead's own\n", "responses/c.remote.yaml": "c: new\n",
	} {
		if got, _ := os.ReadFile(filepath.Join(dir, p)); string(got) != data {
			t.Errorf("%s = %q, want %q", p, got, data)
		}
	}
	if got := strings.TrimSpace(gittest.Git(t, dir, "rev-parse", "HEAD")); got != strings.TrimSpace(gittest.Git(t, bare, "rev-parse", "main")) {
		t.Error("HEAD is not the remote's")
	}
	st := gittest.Git(t, dir, "status", "--porcelain")
	if st != " M responses/a.yaml\n M responses/c.yaml\n?? responses/a.remote.yaml\n?? responses/b.yaml\n?? responses/c.remote.yaml\n" {
		t.Errorf("status:\n%s", st)
	}
	gittest.Fsck(t, dir)
	// A second sync changes nothing.
	res, err = lead.Sync(ctx, SyncOptions{})
	if err != nil || res.Fetched != 0 || len(res.Kept) != 0 || res.Pushed != 0 {
		t.Errorf("second sync: %+v, %v", res, err)
	}
}

func TestRebuildLeavesOutOnlyTheConflictingFile(t *testing.T) {
	url, bare, _ := shared(t)
	a, adir := clone(t, url)
	fac, _ := clone(t, url)
	commitFile(t, fac, "responses/b.yaml", "b: facilitator\n", "ana")
	if _, err := fac.Sync(ctx, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	// One local commit changes a and b; the next changes a again.
	if _, err := a.Commit([]File{{Path: "responses/a.yaml", Data: []byte("a: 2\n")}, {Path: "responses/b.yaml", Data: []byte("b: mine\n")}}, ana, "Two files"); err != nil {
		t.Fatal(err)
	}
	commitFile(t, a, "responses/a.yaml", "a: 3\n", "alice")
	res, err := a.Sync(ctx, SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rebuilt != 2 || res.Pushed != 2 || len(res.Conflicts) != 1 || res.Conflicts[0].Path != "responses/b.yaml" {
		t.Fatalf("result: %+v", res)
	}
	if got := gittest.Git(t, bare, "log", "--format=%B", "-2", "main"); !strings.Contains(got, "Two files\n\nLeft out, as the remote changed them too: responses/b.yaml\n") {
		t.Errorf("messages:\n%s", got)
	}
	if got := gittest.Git(t, bare, "show", "main:responses/a.yaml"); got != "a: 3\n" {
		t.Errorf("a = %q", got)
	}
	if got := gittest.Git(t, bare, "show", "main:responses/b.yaml"); got != "b: facilitator\n" {
		t.Errorf("b = %q", got)
	}
	if got, _ := os.ReadFile(filepath.Join(adir, "responses/b.yaml")); string(got) != "b: mine\n" {
		t.Errorf("working copy b = %q", got)
	}
	gittest.Fsck(t, adir)
}

func TestUnrelatedRemoteIsRefused(t *testing.T) {
	root := t.TempDir()
	bare := gittest.Bare(t, root, "other")
	d := gittest.StartDaemon(t, root)
	other, err := Init(filepath.Join(t.TempDir(), "other"))
	if err != nil {
		t.Fatal(err)
	}
	commitFile(t, other, "README.md", "# Another project\n", "someone")
	if err := other.SetOrigin(d.URL("other")); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Sync(ctx, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	before := gittest.Git(t, bare, "rev-parse", "main")
	r, _ := newRepo(t)
	if err := r.SetOrigin(d.URL("other")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Sync(ctx, SyncOptions{}); !errors.Is(err, ErrUnrelated) {
		t.Fatalf("err = %v, want ErrUnrelated", err)
	}
	if gittest.Git(t, bare, "rev-parse", "main") != before {
		t.Error("the remote changed")
	}
}

func TestCloneOfEmptyRemote(t *testing.T) {
	root := t.TempDir()
	gittest.Bare(t, root, "empty")
	d := gittest.StartDaemon(t, root)
	dir := filepath.Join(t.TempDir(), "c")
	if _, err := Clone(ctx, d.URL("empty"), dir, Credentials{}); !errors.Is(err, ErrRemoteEmpty) {
		t.Fatalf("err = %v, want ErrRemoteEmpty", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Error("the folder was left behind")
	}
	if _, err := ReadRemote(ctx, d.URL("empty"), ReadRemoteOptions{}); !errors.Is(err, ErrRemoteEmpty) {
		t.Fatalf("ReadRemote: err = %v, want ErrRemoteEmpty", err)
	}
}

func TestRoundTagsTravel(t *testing.T) {
	url, bare, _ := shared(t)
	fac, _ := clone(t, url)
	if _, err := fac.CreateTag("round/spring", ana, "Spring"); err != nil {
		t.Fatal(err)
	}
	if _, err := fac.CreateTag("personal", ana, "not shared"); err != nil {
		t.Fatal(err)
	}
	res, err := fac.Sync(ctx, SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(res.TagsPushed) != "[round/spring]" {
		t.Errorf("tags pushed: %v", res.TagsPushed)
	}
	if got := gittest.Git(t, bare, "tag", "-l"); got != "round/spring\n" {
		t.Errorf("remote tags: %q", got)
	}
	lead, dir := clone(t, url)
	if !lead.HasTag("round/spring") {
		t.Error("the clone lacks the round tag")
	}
	gittest.Fsck(t, dir)
	// Nothing more to push next time.
	if res, err := fac.Sync(ctx, SyncOptions{}); err != nil || len(res.TagsPushed) != 0 {
		t.Errorf("second sync: %+v %v", res, err)
	}
	m, err := ReadRemote(ctx, url, ReadRemoteOptions{Full: true})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if !m.HasTag("round/spring") {
		t.Error("the full ReadRemote lacks the round tag")
	}
}

func TestSyncFromLinkedWorktree(t *testing.T) {
	url, bare, _ := shared(t)
	_, dir := clone(t, url)
	wt := filepath.Join(t.TempDir(), "wt")
	gittest.Git(t, dir, "worktree", "add", "-q", "-b", "side", wt, "main")
	gittest.Git(t, dir, "config", "branch.side.remote", "origin")
	gittest.Git(t, dir, "config", "branch.side.merge", "refs/heads/main")
	r, err := Open(wt)
	if err != nil {
		t.Fatal(err)
	}
	commitFile(t, r, "responses/a.yaml", "a: from a worktree\n", "alice")
	if _, err := r.Sync(ctx, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := gittest.Git(t, bare, "show", "main:responses/a.yaml"); got != "a: from a worktree\n" {
		t.Errorf("remote a = %q", got)
	}
	if got := gittest.Git(t, dir, "rev-parse", "origin/main"); got != gittest.Git(t, bare, "rev-parse", "main") {
		t.Error("origin/main was not updated in the shared refs")
	}
	checkRepo(t, wt)
	gittest.Fsck(t, dir)
}

func TestRecoverMoveFinishesOrDropsTheJournal(t *testing.T) {
	url, _, _ := shared(t)
	a, adir := clone(t, url)
	fac, _ := clone(t, url)
	commitFile(t, fac, "responses/b.yaml", "b: new\n", "ana")
	if _, err := fac.Sync(ctx, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	head, _ := a.refHash("refs/heads/main")
	// Stop a sync right after its files are written.
	stopped := errors.New("stopped")
	TestHook = func(p string) {
		if p == "before-ref" {
			panic(stopped)
		}
	}
	func() {
		defer func() {
			if v := recover(); v != stopped {
				t.Fatalf("recovered %v", v)
			}
		}()
		_, _ = a.Sync(ctx, SyncOptions{})
	}()
	TestHook = nil
	if got, _ := a.refHash("refs/heads/main"); got != head {
		t.Fatal("the branch moved before the files")
	}
	if got, _ := os.ReadFile(filepath.Join(adir, "responses/b.yaml")); string(got) != "b: new\n" {
		t.Fatalf("b = %q", got)
	}
	// The lock of the stopped sync was released by the panic's defer; a
	// killed process's lock goes with it. The next sync finishes the move.
	res, err := a.Sync(ctx, SyncOptions{})
	if err != nil || !res.Recovered {
		t.Fatalf("next sync: %+v %v", res, err)
	}
	checkRepo(t, adir)
	if _, err := os.Stat(a.journalPath()); !errors.Is(err, os.ErrNotExist) {
		t.Error("the journal is still there")
	}
	// A journal whose branch was since moved by someone else is dropped.
	if err := WriteFileAtomic(a.journalPath(), []byte(`{"branch":"refs/heads/main","from":"`+head.String()+`","to":"`+head.String()+`"}`)); err != nil {
		t.Fatal(err)
	}
	if u, err := a.recoverMove(); err != nil || u != nil {
		t.Errorf("recover: %+v %v", u, err)
	}
	checkRepo(t, adir)
}

func TestCredentialsForEachKindOfRemote(t *testing.T) {
	for _, c := range []struct {
		url  string
		cred Credentials
		want string
	}{
		{"https://git.example.org/pm/ws.git", Credentials{Token: "t0ken"}, "http-basic-auth - x-access-token:*******"},
		{"https://git.example.org/pm/ws.git", Credentials{Token: "t0ken", Username: "oauth2"}, "http-basic-auth - oauth2:*******"},
		{"http://127.0.0.1:8080/ws.git", Credentials{Username: "ana", Password: "pw"}, "http-basic-auth - ana:*******"},
		{"https://git.example.org/pm/ws.git", Credentials{}, "<nil>"},
		{"git@git.example.org:pm/ws.git", Credentials{Token: "ignored for SSH"}, "<nil>"}, // the SSH agent
		{"git://127.0.0.1/ws.git", Credentials{Token: "ignored"}, "<nil>"},
		{"/srv/git/ws.git", Credentials{Token: "ignored"}, "<nil>"},
	} {
		a, err := c.cred.auth(c.url)
		if err != nil {
			t.Errorf("%s: %v", c.url, err)
			continue
		}
		if got := fmt.Sprint(a); got != c.want {
			t.Errorf("%s with %+v: auth %s, want %s", c.url, c.cred, got, c.want)
		}
	}
	_, err := Credentials{SSHKeyFile: filepath.Join(t.TempDir(), "missing")}.auth("ssh://git@127.0.0.1/ws.git")
	var re *RemoteError
	if !errors.As(err, &re) || re.Kind != KindAuth || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing key file: %v", err)
	}
	if !IsSSH("git@host:x.git") || !IsSSH("ssh://host/x") || IsSSH("https://host/x") || !IsHTTP("https://host/x") || IsHTTP("/srv/x") {
		t.Error("IsSSH/IsHTTP")
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://ana:s3cret@git.example.org/ws.git": "https://ana:xxxxx@git.example.org/ws.git",
		"https://ana@git.example.org/ws.git":        "https://ana@git.example.org/ws.git",
		"git@git.example.org:pm/ws.git":             "git@git.example.org:pm/ws.git",
		"/srv/git/ws.git":                           "/srv/git/ws.git",
	} {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
	err := &RemoteError{Op: "fetch from", URL: "https://ana:s3cret@git.example.org/ws.git", Err: errors.New("boom")}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("the error shows the password: %v", err)
	}
}

func TestDroppedConnectionsAreRetried(t *testing.T) {
	root := t.TempDir()
	bare := gittest.Bare(t, root, "ws")
	var mu sync.Mutex
	drops := 0
	dropping := false
	srv := gittest.StartHTTP(t, root, gittest.HTTPOptions{Drop: func(*http.Request) bool {
		mu.Lock()
		defer mu.Unlock()
		if dropping && drops < 2 {
			drops++
			return true
		}
		return false
	}})
	r, dir := newRepo(t)
	if err := r.SetOrigin(srv.URL("ws")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Sync(ctx, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	commitFile(t, r, "responses/a.yaml", "a: 9\n", "alice")
	mu.Lock()
	dropping = true
	mu.Unlock()
	var said []string
	res, err := r.Sync(ctx, SyncOptions{Status: func(m string) { said = append(said, m) }})
	if err != nil || res.Pushed != 1 {
		t.Fatalf("sync over a dropping server: %+v, %v", res, err)
	}
	// Go's HTTP client retries a dropped GET once by itself.
	if drops != 2 || len(said) < 1 || len(said) > 2 {
		t.Errorf("%d connections dropped, %d retries reported: %q", drops, len(said), said)
	}
	if got := gittest.Git(t, bare, "show", "main:responses/a.yaml"); got != "a: 9\n" {
		t.Errorf("remote a = %q", got)
	}
	checkRepo(t, dir)
}
