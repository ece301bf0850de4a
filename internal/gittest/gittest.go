// Package gittest runs the real git for skillmap's tests: plain git
// commands with a configuration of their own, and real Git servers on
// loopback (git daemon for git://, git http-backend behind net/http/cgi for
// smart HTTP) serving bare repositories from a folder. Everything it starts
// is stopped when the test ends.
package gittest

import (
	"bytes"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Need skips the test when git is not installed, and returns its path.
func Need(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	return p
}

// Env is an environment in which git reads no configuration but the one
// Home makes, and commits as "Plain Git".
func Env(home string) []string {
	env := []string{"HOME=" + home, "GIT_CONFIG_NOSYSTEM=1", "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"GIT_AUTHOR_NAME=Plain Git", "GIT_AUTHOR_EMAIL=plain@example.org",
		"GIT_COMMITTER_NAME=Plain Git", "GIT_COMMITTER_EMAIL=plain@example.org",
		"GIT_TERMINAL_PROMPT=0", "LC_ALL=C"}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k == "PATH" || k == "TMPDIR" {
			env = append(env, kv)
		}
	}
	return env
}

// Git runs git in dir and returns its output; it fails the test on error.
func Git(t testing.TB, dir string, args ...string) string {
	t.Helper()
	out, err := TryGit(dir, args...)
	if err != nil {
		t.Fatalf("git %s (in %s): %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return out
}

var homeOnce sync.Once
var home string

// TryGit runs git in dir and returns its combined output and error.
func TryGit(dir string, args ...string) (string, error) {
	homeOnce.Do(func() {
		h, err := os.MkdirTemp("", "gittest-home-")
		if err != nil {
			panic(err)
		}
		_ = os.WriteFile(filepath.Join(h, ".gitconfig"), []byte("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgSign = false\n[core]\n\tautocrlf = false\n"), 0o644)
		home = h
	})
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = Env(home)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// Bare makes an empty bare repository name.git under root, accepting
// pushes over HTTP, and returns its path.
func Bare(t testing.TB, root, name string) string {
	t.Helper()
	dir := filepath.Join(root, name+".git")
	Git(t, root, "init", "-q", "--bare", "-b", "main", dir)
	Git(t, dir, "config", "http.receivepack", "true")
	return dir
}

// Fsck checks a repository with git fsck --strict.
func Fsck(t testing.TB, dir string) {
	t.Helper()
	Git(t, dir, "fsck", "--strict", "--no-progress")
}

// Daemon is a git daemon serving every repository under Base, with
// pushes enabled, on 127.0.0.1.
type Daemon struct {
	Base string
	Port int
	t    testing.TB
	mu   sync.Mutex
	cmd  *exec.Cmd
}

// StartDaemon starts git daemon on a free loopback port; it is stopped
// when the test ends.
func StartDaemon(t testing.TB, base string) *Daemon {
	t.Helper()
	Need(t)
	d := &Daemon{Base: base, t: t}
	for try := 0; ; try++ {
		d.Port = freePort(t)
		err := d.start()
		if err == nil {
			break
		}
		if try == 4 {
			t.Fatalf("start git daemon: %v", err)
		}
	}
	t.Cleanup(d.Stop)
	return d
}

// URL is the git:// URL of the repository name.git.
func (d *Daemon) URL(name string) string {
	return fmt.Sprintf("git://127.0.0.1:%d/%s.git", d.Port, name)
}

func (d *Daemon) start() error {
	daemon := "/usr/lib/git-core/git-daemon"
	if out, err := exec.Command("git", "--exec-path").Output(); err == nil {
		daemon = filepath.Join(strings.TrimSpace(string(out)), "git-daemon")
	}
	cmd := exec.Command(daemon, "--reuseaddr", "--export-all", "--enable=receive-pack",
		"--base-path="+d.Base, "--listen=127.0.0.1", "--port="+strconv.Itoa(d.Port), "--informative-errors",
		// Past --max-connections (32 by default) the daemon resets
		// connections from the same address; skillmap retries those, but
		// tests of many clients at once should not depend on it.
		"--max-connections=0")
	cmd.Env = Env(os.TempDir())
	newProcessGroup(cmd)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	for i := 0; i < 200; i++ {
		select {
		case <-exited:
			return fmt.Errorf("git daemon exited: %s", stderr.String())
		default:
		}
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", d.Port), 100*time.Millisecond)
		if err == nil {
			c.Close()
			d.mu.Lock()
			d.cmd = cmd
			d.mu.Unlock()
			return nil
		}
		time.Sleep(25 * time.Millisecond)
	}
	killProcessGroup(cmd)
	<-exited
	return fmt.Errorf("git daemon did not listen on port %d: %s", d.Port, stderr.String())
}

// Stop stops the daemon and the processes serving its connections.
func (d *Daemon) Stop() {
	d.mu.Lock()
	cmd := d.cmd
	d.cmd = nil
	d.mu.Unlock()
	if cmd == nil {
		return
	}
	killProcessGroup(cmd) // the daemon's process group: it and its children
	for i := 0; i < 200; i++ {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", d.Port), 50*time.Millisecond)
		if err != nil {
			return
		}
		c.Close()
		time.Sleep(10 * time.Millisecond)
	}
}

// Restart starts a stopped daemon again, on the same port.
func (d *Daemon) Restart() {
	d.t.Helper()
	var err error
	for i := 0; i < 20; i++ {
		if err = d.start(); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	d.t.Fatalf("restart git daemon: %v", err)
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// HTTPOptions configure a smart HTTP server.
type HTTPOptions struct {
	// User and Password, when set, are required (HTTP basic auth) for
	// every request.
	User, Password string
	// Drop, when set, is asked before each request whether to drop its
	// connection without an answer, as an overloaded server may.
	Drop func(r *http.Request) bool
	// TLS serves HTTPS, with a certificate of the test server's own (a
	// private CA, as far as any client knows): see CAFile.
	TLS bool
}

// HTTPServer is git http-backend behind net/http/cgi on loopback.
type HTTPServer struct {
	*httptest.Server
}

// StartHTTP serves the repositories under root over smart HTTP; the server
// is closed when the test ends.
func StartHTTP(t testing.TB, root string, o HTTPOptions) *HTTPServer {
	t.Helper()
	git := Need(t)
	backend := &cgi.Handler{
		Path:   git,
		Args:   []string{"http-backend"},
		Env:    append(Env(os.TempDir()), "GIT_PROJECT_ROOT="+root, "GIT_HTTP_EXPORT_ALL=1", "REMOTE_USER=tester"),
		Stderr: io.Discard, // receive-pack says why it turned a push down; the client hears it too
	}
	var h http.Handler = backend
	if o.User != "" || o.Password != "" {
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u, p, ok := r.BasicAuth()
			if !ok || u != o.User || p != o.Password {
				// An error page as nginx or a hosting service sends it.
				w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = io.WriteString(w, unauthorizedPage)
				return
			}
			backend.ServeHTTP(w, r)
		})
	}
	if o.Drop != nil {
		inner := h
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if o.Drop(r) {
				if hj, ok := w.(http.Hijacker); ok {
					if c, _, err := hj.Hijack(); err == nil {
						c.Close()
						return
					}
				}
			}
			inner.ServeHTTP(w, r)
		})
	}
	s := &HTTPServer{httptest.NewUnstartedServer(h)}
	if o.TLS {
		// A client that does not trust the certificate is what the tests
		// look for; the server need not log it.
		s.Config.ErrorLog = log.New(io.Discard, "", 0)
		s.StartTLS()
	} else {
		s.Start()
	}
	t.Cleanup(s.Close)
	return s
}

const unauthorizedPage = `<html>
<head><title>401 Authorization Required</title></head>
<body>
<center><h1>401 Authorization Required</h1></center>
<hr><center>nginx</center>
</body>
</html>
`

// CAFile writes the certificate of an HTTPS server (its own authority)
// as a PEM file, for SSL_CERT_FILE, and returns its path.
func (s *HTTPServer) CAFile(t testing.TB) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "ca.pem")
	block := &pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw}
	if err := os.WriteFile(file, pem.EncodeToMemory(block), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// URL is the http:// (or https://) URL of the repository name.git.
func (s *HTTPServer) URL(name string) string { return s.Server.URL + "/" + name + ".git" }

// Hook installs an executable hook (pre-receive, update, ...) in the bare
// repository: a shell script, as servers have them.
func Hook(t testing.TB, bare, name, script string) {
	t.Helper()
	file := filepath.Join(bare, "hooks", name)
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
}
