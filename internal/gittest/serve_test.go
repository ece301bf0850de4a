package gittest

import (
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
)

// TestServeSSH is a helper, not a test: with SKILLMAP_SERVE_SSH=DIR it
// serves the repositories under DIR over SSH until it is stopped (SIGINT
// or SIGTERM), for scripts/bench.sh, which has no sshd to rely on. It
// writes into SKILLMAP_SERVE_SSH_OUT a client key (id_ed25519), a
// known_hosts file and the base URL (url).
//
//	SKILLMAP_SERVE_SSH=srv SKILLMAP_SERVE_SSH_OUT=out go test ./internal/gittest -run TestServeSSH -timeout 0
func TestServeSSH(t *testing.T) {
	root, out := os.Getenv("SKILLMAP_SERVE_SSH"), os.Getenv("SKILLMAP_SERVE_SSH_OUT")
	if root == "" || out == "" {
		t.Skip("a helper for scripts/bench.sh: set SKILLMAP_SERVE_SSH and SKILLMAP_SERVE_SSH_OUT")
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	key := NewSSHKey(t, out, "id_ed25519")
	s := StartSSH(t, root, key.Public)
	if err := os.WriteFile(filepath.Join(out, "known_hosts"), []byte(s.KnownHosts+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Written last: the script waits for it.
	if err := os.WriteFile(filepath.Join(out, "url"), []byte("ssh://git@"+s.Addr+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	<-stop
}
