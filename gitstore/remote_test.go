package gitstore

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

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
	var hk *HostKeyError
	if !errors.As(err, &re) || re.Kind != KindHostKey || !errors.As(err, &hk) || hk.Changed {
		t.Errorf("unknown host: err = %v, want an unknown host key", err)
	}
}

// TestSSHHostKeys: the server has an ed25519, an ECDSA and an RSA host
// key, as sshd has on most hosts, and known_hosts holds only one of them,
// in each form OpenSSH writes (plain or hashed, [host]:port), among lines
// for other hosts, a @cert-authority and a @revoked line. Every one is
// accepted. A different key for the host is a changed key, not an unknown
// one; a host known_hosts lacks is unknown.
func TestSSHHostKeys(t *testing.T) {
	root := t.TempDir()
	gittest.Bare(t, root, "ws")
	key := gittest.NewSSHKey(t, t.TempDir(), "id_ed25519")
	srv := gittest.StartSSH(t, root, key.Public)
	if len(srv.HostKeys) != 3 {
		t.Fatalf("the test server has %d host keys, want 3", len(srv.HostKeys))
	}
	t.Setenv("SSH_AUTH_SOCK", "")
	cred := Credentials{SSHKeyFile: key.File}
	r, _ := newRepo(t)
	if err := r.SetOrigin(srv.URL("ws")); err != nil {
		t.Fatal(err)
	}
	known := filepath.Join(t.TempDir(), "known_hosts")
	t.Setenv("SSH_KNOWN_HOSTS", known)
	other := gittest.NewSSHKey(t, t.TempDir(), "other").Public
	otherLine := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(other)))
	noise := "# written by ssh\n" +
		"git.example.org " + otherLine + "\n" +
		"@cert-authority *.example.org " + otherLine + "\n" +
		"@revoked * " + otherLine + "\n\n"
	write := func(lines string) {
		t.Helper()
		if err := os.WriteFile(known, []byte(noise+lines), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, keyType := range []string{ssh.KeyAlgoED25519, ssh.KeyAlgoECDSA256, ssh.KeyAlgoRSA} {
		for _, hashed := range []bool{false, true} {
			write(srv.KnownHostsLine(keyType, hashed) + "\n")
			if _, err := r.Sync(ctx, SyncOptions{Credentials: cred}); err != nil {
				t.Errorf("known_hosts with only the %s key (hashed %v): %v", keyType, hashed, err)
			}
		}
	}

	// The host with another ed25519 key: changed, and where.
	changed := knownhosts.Line([]string{knownhosts.Normalize(srv.Addr)}, other)
	write(changed + "\n")
	_, err := r.Sync(ctx, SyncOptions{Credentials: cred})
	var re *RemoteError
	var hk *HostKeyError
	if !errors.As(err, &re) || re.Kind != KindHostKey || !errors.As(err, &hk) || !hk.Changed {
		t.Fatalf("changed key: err = %v, want a changed host key", err)
	}
	if want := known + ":6"; len(hk.Known) != 1 || hk.Known[0] != want {
		t.Errorf("changed key found at %v, want %s", hk.Known, want)
	}
	if !strings.Contains(hk.RemoveCommand(), "ssh-keygen -R '[127.0.0.1]:") || !strings.Contains(hk.RemoveCommand(), known) {
		t.Errorf("remove command %q", hk.RemoveCommand())
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("message on more than one line: %q", err)
	}

	// Only a type of key the server does not have (ECDSA P-384): changed.
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p384pub, err := ssh.NewPublicKey(&p384.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	write(knownhosts.Line([]string{knownhosts.Normalize(srv.Addr)}, p384pub) + "\n")
	_, err = r.Sync(ctx, SyncOptions{Credentials: cred})
	if !errors.As(err, &re) || re.Kind != KindHostKey || !errors.As(err, &hk) || !hk.Changed || !strings.Contains(err.Error(), "no longer offers") {
		t.Errorf("a key type the server lacks: err = %v, want a changed host key", err)
	}

	// Known under another port only, and no known_hosts at all: unknown.
	write(strings.Replace(srv.KnownHostsLine(ssh.KeyAlgoED25519, false), "]:", "]:1", 1) + "\n")
	for _, file := range []string{known, filepath.Join(t.TempDir(), "missing")} {
		t.Setenv("SSH_KNOWN_HOSTS", file)
		_, err = r.Sync(ctx, SyncOptions{Credentials: cred})
		if !errors.As(err, &hk) || hk.Changed {
			t.Errorf("unknown host (%s): err = %v, want an unknown host key", file, err)
		}
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
		{"git@git.example.org:pm/ws.git", Credentials{Token: "ignored for SSH"}, "user: git, name: ssh-public-key-callback"}, // the SSH agent
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
		"https://ana@git.example.org/ws.git":        "https://xxxxx@git.example.org/ws.git", // the user part may be a token
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

// TestHookRefusal: a pre-receive hook refuses the push, over git daemon
// and over git http-backend. The refusal comes at once, with the hook's
// own words (control characters escaped) and no retry; the local commit
// stays, and a sync once the hook allows it delivers it.
func TestHookRefusal(t *testing.T) {
	for _, transport := range []string{"git-daemon", "smart-http"} {
		t.Run(transport, func(t *testing.T) {
			root := t.TempDir()
			bare := gittest.Bare(t, root, "ws")
			var url string
			if transport == "git-daemon" {
				url = gittest.StartDaemon(t, root).URL("ws")
			} else {
				url = gittest.StartHTTP(t, root, gittest.HTTPOptions{}).URL("ws")
			}
			first, _ := newRepo(t)
			if err := first.SetOrigin(url); err != nil {
				t.Fatal(err)
			}
			if _, err := first.Sync(ctx, SyncOptions{}); err != nil {
				t.Fatal(err)
			}
			a, _ := clone(t, url)
			h := commitFile(t, a, "responses/a.yaml", "a: refused at first\n", "ann")
			remoteBefore := strings.TrimSpace(gittest.Git(t, bare, "rev-parse", "main"))
			gittest.Hook(t, bare, "pre-receive", `echo "Policy: main is closed for pushes until the workshop opens" >&2
printf 'GH006: \033[31mProtected branch\033[0m update failed\n' >&2
exit 1`)
			began := time.Now()
			res, err := a.Sync(ctx, SyncOptions{})
			took := time.Since(began)
			var re *RemoteError
			var refusal *PushRefusal
			if !errors.As(err, &re) || re.Kind != KindRefused || !errors.As(err, &refusal) {
				t.Fatalf("err = %v, want a refusal", err)
			}
			if refusal.Ref != "main" || !strings.Contains(refusal.Reason, "hook declined") {
				t.Errorf("refusal %+v", refusal)
			}
			said := strings.Join(refusal.Server, "\n")
			if !strings.Contains(said, "Policy: main is closed for pushes until the workshop opens") ||
				!strings.Contains(said, `GH006: \x1b[31mProtected branch\x1b[0m update failed`) || strings.ContainsRune(said, 0x1b) {
				t.Errorf("the server's words:\n%s", said)
			}
			if res.Attempts != 1 {
				t.Errorf("%d pushes tried, want 1 (no retry)", res.Attempts)
			}
			if took > 5*time.Second {
				t.Errorf("refusal took %s", took)
			}
			if got := strings.TrimSpace(gittest.Git(t, bare, "rev-parse", "main")); got != remoteBefore {
				t.Errorf("remote moved")
			}
			if _, head, err := a.headState(); err != nil || head != h {
				t.Errorf("local head %s, want the commit %s (%v)", head, h, err)
			}
			if err := os.Remove(filepath.Join(bare, "hooks", "pre-receive")); err != nil {
				t.Fatal(err)
			}
			if res, err := a.Sync(ctx, SyncOptions{}); err != nil || res.Pushed != 1 {
				t.Fatalf("sync once allowed: %+v %v", res, err)
			}
			if got := gittest.Git(t, bare, "show", "main:responses/a.yaml"); got != "a: refused at first\n" {
				t.Errorf("remote a.yaml = %q", got)
			}
		})
	}
}

// TestRealSSHD: OpenSSH's sshd with ed25519, ECDSA and RSA host keys, and
// a known_hosts that holds one of them (hashed, as Debian's ssh writes
// it): clone, push and fetch work with each.
func TestRealSSHD(t *testing.T) {
	key := gittest.NewSSHKey(t, t.TempDir(), "id_ed25519")
	srv := gittest.StartSSHD(t, key.Public)
	root := t.TempDir()
	bare := gittest.Bare(t, root, "ws")
	url := srv.URL(bare)
	t.Setenv("SSH_AUTH_SOCK", "")
	cred := Credentials{SSHKeyFile: key.File}
	known := filepath.Join(t.TempDir(), "known_hosts")
	t.Setenv("SSH_KNOWN_HOSTS", known)
	for i, keyType := range []string{ssh.KeyAlgoED25519, ssh.KeyAlgoECDSA256, ssh.KeyAlgoRSA} {
		if err := os.WriteFile(known, []byte(srv.KnownHostsLine(keyType, true)+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			r, _ := newRepo(t)
			if err := r.SetOrigin(url); err != nil {
				t.Fatal(err)
			}
			if _, err := r.Sync(ctx, SyncOptions{Credentials: cred}); err != nil {
				t.Fatalf("first push over sshd: %v", err)
			}
		}
		c, err := Clone(ctx, url, filepath.Join(t.TempDir(), "c"), cred)
		if err != nil {
			t.Fatalf("clone over sshd, known_hosts with the %s key: %v", keyType, err)
		}
		who := fmt.Sprintf("p%d", i)
		commitFile(t, c, "responses/"+who+".yaml", who+": sshd\n", who)
		if res, err := c.Sync(ctx, SyncOptions{Credentials: cred}); err != nil || res.Pushed != 1 {
			t.Fatalf("push over sshd, known_hosts with the %s key: %+v %v", keyType, res, err)
		}
		if got := gittest.Git(t, bare, "show", "main:responses/"+who+".yaml"); got != who+": sshd\n" {
			t.Errorf("remote %s.yaml = %q", who, got)
		}
	}
	gittest.Fsck(t, bare)
}

// TestPushWithoutFetch: a clone that already has the remote's head pushes
// over one connection, with no fetch; one behind fetches once and pushes
// on the connection that told it so.
func TestPushWithoutFetch(t *testing.T) {
	root := t.TempDir()
	gittest.Bare(t, root, "ws")
	key := gittest.NewSSHKey(t, t.TempDir(), "id_ed25519")
	srv := gittest.StartSSH(t, root, key.Public)
	known := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(known, []byte(srv.KnownHosts+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SSH_KNOWN_HOSTS", known)
	t.Setenv("SSH_AUTH_SOCK", "")
	cred := Credentials{SSHKeyFile: key.File}
	first, _ := newRepo(t)
	if err := first.SetOrigin(srv.URL("ws")); err != nil {
		t.Fatal(err)
	}
	if _, err := first.Sync(ctx, SyncOptions{Credentials: cred}); err != nil {
		t.Fatal(err)
	}
	a, err := Clone(ctx, srv.URL("ws"), filepath.Join(t.TempDir(), "a"), cred)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Clone(ctx, srv.URL("ws"), filepath.Join(t.TempDir(), "b"), cred)
	if err != nil {
		t.Fatal(err)
	}
	count := func(what string, f func()) {
		t.Helper()
		up, rec := srv.Uploads.Load(), srv.Receives.Load()
		f()
		t.Logf("%s: %d fetches, %d pushes", what, srv.Uploads.Load()-up, srv.Receives.Load()-rec)
		if what == "up to date" && (srv.Uploads.Load() != up || srv.Receives.Load() != rec+1) {
			t.Errorf("%s: %d fetches and %d push connections, want 0 and 1", what, srv.Uploads.Load()-up, srv.Receives.Load()-rec)
		}
		if what == "behind" && (srv.Uploads.Load() != up+1 || srv.Receives.Load() != rec+1) {
			t.Errorf("%s: %d fetches and %d push connections, want 1 and 1", what, srv.Uploads.Load()-up, srv.Receives.Load()-rec)
		}
	}
	commitFile(t, a, "responses/a.yaml", "a: first\n", "ann")
	count("up to date", func() {
		if res, err := a.Sync(ctx, SyncOptions{Credentials: cred}); err != nil || res.Pushed != 1 || res.Fetched != 0 {
			t.Fatalf("%+v %v", res, err)
		}
	})
	commitFile(t, b, "responses/b.yaml", "b: second\n", "bob")
	count("behind", func() {
		if res, err := b.Sync(ctx, SyncOptions{Credentials: cred}); err != nil || res.Pushed != 1 || res.Fetched != 1 || res.Rebuilt != 1 {
			t.Fatalf("%+v %v", res, err)
		}
	})
}
