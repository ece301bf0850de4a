package gitstore

import (
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillmap/skillmap/internal/gittest"
)

// helperHome gives the test a home folder of its own, so that git reads
// the credential helpers configured there and nothing of the machine's.
func helperHome(t *testing.T, helpers ...string) string {
	t.Helper()
	git := gittest.Need(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, ".gitconfig"))
	for _, h := range helpers {
		if out, err := exec.Command(git, "config", "--file", filepath.Join(home, ".gitconfig"), "--add", "credential.helper", h).CombinedOutput(); err != nil {
			t.Fatalf("git config: %v\n%s", err, out)
		}
	}
	return home
}

// protectedRemote serves an empty repository that takes only ana's token.
func protectedRemote(t *testing.T) (rawURL, bare, hostURL string) {
	root := t.TempDir()
	bare = gittest.Bare(t, root, "ws")
	srv := gittest.StartHTTP(t, root, gittest.HTTPOptions{User: "ana", Password: "s3cret-token"})
	u, _ := url.Parse(srv.URL("ws"))
	return srv.URL("ws"), bare, "http://" + u.Host
}

// A token kept by git's own "store" helper signs skillmap in: no
// SKILLMAP_GIT_* variables, no token in the URL.
func TestGitCredentialHelperSignsIn(t *testing.T) {
	rawURL, bare, host := protectedRemote(t)
	home := helperHome(t)
	store := filepath.Join(home, ".git-credentials")
	if err := os.WriteFile(store, []byte(strings.Replace(host, "http://", "http://ana:s3cret-token@", 1)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	helperHome(t, "store --file="+store)
	r, dir := newRepo(t)
	if err := r.SetOrigin(rawURL); err != nil {
		t.Fatal(err)
	}
	commitFile(t, r, "responses/a.yaml", "a: 2\n", "alice")
	res, err := r.Sync(ctx, SyncOptions{})
	if err != nil || res.Pushed != 2 {
		t.Fatalf("sync with the store helper's token: %+v, %v", res, err)
	}
	if got := gittest.Git(t, bare, "show", "main:responses/a.yaml"); got != "a: 2\n" {
		t.Errorf("remote a = %q", got)
	}
	// Without helpers (or with them turned off), the server refuses.
	r2, _ := newRepo(t)
	_ = r2.SetOrigin(rawURL)
	_, err = r2.Sync(ctx, SyncOptions{Credentials: Credentials{NoGitHelpers: true}})
	var re *RemoteError
	if !errors.As(err, &re) || re.Kind != KindAuth {
		t.Errorf("sync without credentials: %v, want a sign-in failure", err)
	}
	checkRepo(t, dir)
}

// Credentials a helper gave are approved once the host took them, so the
// other helpers keep them (here the store helper, after a helper that
// only answers), as git does after a successful push.
func TestGitCredentialApprovedAfterSuccess(t *testing.T) {
	rawURL, _, _ := protectedRemote(t)
	home := helperHome(t)
	store := filepath.Join(home, "kept")
	helperHome(t, `!f() { test "$1" = get && printf 'username=ana\npassword=s3cret-token\n'; }; f`, "store --file="+store)
	r, _ := newRepo(t)
	_ = r.SetOrigin(rawURL)
	commitFile(t, r, "responses/a.yaml", "a: 2\n", "alice")
	if _, err := r.Sync(ctx, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	kept, _ := os.ReadFile(store)
	// The store helper writes the port's colon as %3a.
	if want := "http://ana:s3cret-token@127.0.0.1"; !strings.Contains(string(kept), want) {
		t.Errorf("the store helper holds %q after a successful sync; want %s approved", kept, want)
	}
}

// A token the host refuses is rejected, so the helper forgets it, and no
// message shows it.
func TestGitCredentialRejectedAfterRefusal(t *testing.T) {
	rawURL, _, host := protectedRemote(t)
	home := helperHome(t)
	store := filepath.Join(home, ".git-credentials")
	stale := strings.Replace(host, "http://", "http://ana:stale-token-123@", 1)
	if err := os.WriteFile(store, []byte(stale+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	helperHome(t, "store --file="+store)
	r, _ := newRepo(t)
	_ = r.SetOrigin(rawURL)
	commitFile(t, r, "responses/a.yaml", "a: 2\n", "alice")
	_, err := r.Sync(ctx, SyncOptions{})
	var re *RemoteError
	if !errors.As(err, &re) || re.Kind != KindAuth {
		t.Fatalf("sync with a stale token: %v, want a sign-in failure", err)
	}
	if strings.Contains(err.Error(), "stale-token-123") {
		t.Errorf("the message shows the token: %v", err)
	}
	if kept, _ := os.ReadFile(store); strings.Contains(string(kept), "stale-token-123") {
		t.Errorf("the refused token is still stored: %q", kept)
	}
}

func TestRedactURLHidesTokens(t *testing.T) {
	for in, want := range map[string]string{
		"https://ghp_abcdef0123456789@git.example.org/ws.git": "https://xxxxx@git.example.org/ws.git",
		"https://x-access-token:t0k3n@git.example.org/ws.git": "https://x-access-token:xxxxx@git.example.org/ws.git",
		"ssh://git@git.example.org/ws.git":                    "ssh://git@git.example.org/ws.git",
	} {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
	a, err := (Credentials{}).auth("https://git.example.org/ws.git")
	if err != nil {
		t.Fatal(err)
	}
	if h, ok := a.(*helperCred); ok && strings.Contains(h.String(), h.pass) {
		t.Errorf("%v shows the password", h)
	}
}
