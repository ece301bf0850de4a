package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/gittest"
)

// These tests meet skillmap with servers as people have them: SSH hosts
// with several host keys, hooks that refuse a push, HTTPS with a private
// certificate authority, sign-in pages in HTML.

// seeded makes a bare repository name.git under root holding a shared
// workshop with two participants, pushed through the folder itself.
func seeded(t *testing.T, root, name string) (bare string, people []person) {
	t.Helper()
	bare = gittest.Bare(t, root, name)
	_, people = sharedWorkshop(t, bare, 2)
	return bare, people
}

// TestSSHHostKeyMessages: a known_hosts that holds only the ed25519 key
// (hashed) of a server that has three joins; a changed key is told as a
// possible man-in-the-middle, with the line to remove; an unknown host
// is told to connect once with ssh.
func TestSSHHostKeyMessages(t *testing.T) {
	gitHome(t)
	root := t.TempDir()
	seeded(t, root, "ws")
	key := gittest.NewSSHKey(t, t.TempDir(), "id_ed25519")
	srv := gittest.StartSSH(t, root, key.Public)
	t.Setenv(envSSHKey, key.File)
	t.Setenv("SSH_AUTH_SOCK", "")
	known := filepath.Join(t.TempDir(), "known_hosts")
	t.Setenv("SSH_KNOWN_HOSTS", known)

	writeFile(t, known, []byte(srv.KnownHostsLine(ssh.KeyAlgoED25519, true)+"\n"))
	mustSM(t, "join", srv.URL("ws"), filepath.Join(t.TempDir(), "ok"))

	other := gittest.NewSSHKey(t, t.TempDir(), "other").Public
	writeFile(t, known, []byte(knownhosts.Line([]string{knownhosts.Normalize(srv.Addr)}, other)+"\n"))
	r := sm("join", srv.URL("ws"), filepath.Join(t.TempDir(), "changed"))
	if r.code != exitRemote || !strings.Contains(r.err, "has changed") || !strings.Contains(r.err, "man-in-the-middle") ||
		!strings.Contains(r.err, "ssh-keygen -R '"+knownhosts.Normalize(srv.Addr)+"' -f '"+known+"'") ||
		strings.Contains(r.err, "connect once") || strings.Contains(r.err, "later") {
		t.Errorf("changed host key: exit %d\n%s", r.code, r.err)
	}

	writeFile(t, known, nil)
	r = sm("join", srv.URL("ws"), filepath.Join(t.TempDir(), "unknown"))
	if r.code != exitRemote || !strings.Contains(r.err, "is not known") || !strings.Contains(r.err, "connect once with ssh (or ssh-keyscan)") {
		t.Errorf("unknown host key: exit %d\n%s", r.code, r.err)
	}
}

// TestHookRefusesSubmit: the server's pre-receive hook refuses the push.
// submit exits 3 at once with the hook's words, tries nothing again, and
// keeps the commit; sync delivers it once the hook allows it.
func TestHookRefusesSubmit(t *testing.T) {
	gitHome(t)
	root := t.TempDir()
	bare, people := seeded(t, root, "ws")
	url := gittest.StartDaemon(t, root).URL("ws")
	jane := people[0]
	dir := filepath.Join(t.TempDir(), "jane")
	mustSM(t, "join", url, dir)
	want := fill(t, filepath.Join(dir, "responses", jane.id+".yaml"), 3)
	before := rev(t, bare, "main")
	gittest.Hook(t, bare, "pre-receive", `echo "Responses are closed: the round ended on Friday." >&2; exit 1`)

	r := sm("-C", dir, "submit", "--as", jane.id)
	if r.code != exitRemote || !strings.Contains(r.err, "remote: Responses are closed: the round ended on Friday.\n") ||
		!strings.Contains(r.err, "refused the push: main: pre-receive hook declined") || strings.Contains(r.err, "trying again (") {
		t.Errorf("refused submit: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if rev(t, bare, "main") != before {
		t.Error("the remote moved")
	}
	if got := show(t, dir, "HEAD:responses/"+jane.id+".yaml"); got != string(want) {
		t.Error("the commit is not kept locally")
	}
	if err := os.Remove(filepath.Join(bare, "hooks", "pre-receive")); err != nil {
		t.Fatal(err)
	}
	mustSM(t, "-C", dir, "sync")
	if got := show(t, bare, "main:responses/"+jane.id+".yaml"); got != string(want) {
		t.Error("sync did not deliver the response once the hook allowed it")
	}
	clean(t, dir)
}

// TestPrivateCertificateAuthority: an HTTPS remote whose certificate comes
// from an authority of its own. join says how to trust it, then works
// with SSL_CERT_FILE naming the CA (Linux and the BSDs; macOS and Windows
// take their system's store). A process reads SSL_CERT_FILE once, so each
// run is a process of its own.
func TestPrivateCertificateAuthority(t *testing.T) {
	exe, err := exec.LookPath("skillmap")
	if err != nil {
		t.Skip("the skillmap test command is not on PATH")
	}
	gitHome(t)
	root := t.TempDir()
	_, people := seeded(t, root, "ws")
	srv := gittest.StartHTTP(t, root, gittest.HTTPOptions{TLS: true})
	url := srv.URL("ws")
	if !strings.HasPrefix(url, "https://") {
		t.Fatalf("URL %s", url)
	}
	skillmap := func(env []string, args ...string) (string, int) {
		cmd := exec.Command(exe, args...)
		cmd.Env = append(os.Environ(), env...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return out.String(), code
	}
	dir := filepath.Join(t.TempDir(), "jane")
	out, code := skillmap([]string{"SSL_CERT_FILE=", "SSL_CERT_DIR="}, "join", url, dir)
	if code != exitRemote || !strings.Contains(out, "cannot trust "+url+": its certificate is signed by an authority this computer does not trust") ||
		!strings.Contains(out, gitstore.TrustAdvice) || strings.Contains(out, "later") {
		t.Errorf("join with an unknown CA: exit %d\n%s", code, out)
	}
	if runtime.GOOS == "linux" && !strings.Contains(out, "SSL_CERT_FILE") {
		t.Errorf("the advice does not name SSL_CERT_FILE:\n%s", out)
	}
	if runtime.GOOS != "linux" && runtime.GOOS != "freebsd" {
		return // SSL_CERT_FILE is not read there
	}
	trust := []string{"SSL_CERT_FILE=" + srv.CAFile(t)}
	if out, code := skillmap(trust, "join", url, dir); code != 0 {
		t.Fatalf("join with SSL_CERT_FILE: exit %d\n%s", code, out)
	}
	fill(t, filepath.Join(dir, "responses", people[0].id+".yaml"), 1)
	if out, code := skillmap(trust, "-C", dir, "submit", "--as", people[0].id); code != 0 || !strings.Contains(out, "pushed to origin") {
		t.Fatalf("submit with SSL_CERT_FILE: exit %d\n%s", code, out)
	}
}

// TestSignInFailureIsOneLine: a server that answers a failed sign-in with
// an HTML page; skillmap says which remote and what to set, in one line
// and a hint, and shows none of the page.
func TestSignInFailureIsOneLine(t *testing.T) {
	gitHome(t)
	root := t.TempDir()
	seeded(t, root, "ws")
	url := gittest.StartHTTP(t, root, gittest.HTTPOptions{User: "lead", Password: "s3cret-token"}).URL("ws")
	for _, token := range []string{"", "wrong"} {
		t.Setenv(envToken, token)
		r := sm("join", url, filepath.Join(t.TempDir(), "x"))
		lines := strings.Split(strings.TrimRight(r.err, "\n"), "\n")
		if r.code != exitRemote || len(lines) != 2 || !strings.HasPrefix(lines[0], "skillmap: not joined: could not sign in to "+url+": authentication required") ||
			!strings.Contains(lines[1], envToken) || strings.Contains(r.err, "<") {
			t.Errorf("token %q: exit %d\n%s", token, r.code, r.err)
		}
	}
}
