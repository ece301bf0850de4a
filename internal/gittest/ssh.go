package gittest

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/binary"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// SSHServer is a minimal SSH server on loopback that runs the real
// git-upload-pack and git-receive-pack for the repositories under a
// folder, for the clients whose keys it was given. There is no sshd on
// every machine; this is just enough of one for Git. Like sshd on most
// hosts, it has an ed25519, an ECDSA and an RSA host key.
type SSHServer struct {
	Addr string // 127.0.0.1:port
	// KnownHosts is the known_hosts line OpenSSH writes on the first
	// connection: the ed25519 key only, as [127.0.0.1]:port.
	KnownHosts string
	// HostKeys are the server's host keys, by type (ssh-ed25519,
	// ecdsa-sha2-nistp256, ssh-rsa).
	HostKeys map[string]ssh.PublicKey
	// Uploads and Receives count the fetches (git-upload-pack) and the
	// push connections (git-receive-pack) served, and Packs the pushes
	// that sent a pack (more than a flush), for tests of how many it takes.
	Uploads, Receives, Packs atomic.Int64
	root                     string
	ln                       net.Listener
	wg                       sync.WaitGroup
}

// SSHKey is a client key: the private key file and its public key.
type SSHKey struct {
	File   string
	Public ssh.PublicKey
}

// NewSSHKey writes a new ed25519 private key (OpenSSH format, no
// passphrase) into dir.
func NewSSHKey(t testing.TB, dir, name string) SSHKey {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, name)
	if err := os.WriteFile(file, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	sp, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return SSHKey{File: file, Public: sp}
}

// StartSSH serves the repositories under root over SSH to the holders of
// the given keys; it stops when the test ends.
func StartSSH(t testing.TB, root string, allowed ...ssh.PublicKey) *SSHServer {
	t.Helper()
	Need(t)
	cfg := &ssh.ServerConfig{
		PublicKeyCallback: func(_ ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
			for _, k := range allowed {
				if string(k.Marshal()) == string(key.Marshal()) {
					return nil, nil
				}
			}
			return nil, fmt.Errorf("unknown key")
		},
	}
	hostKeys := map[string]ssh.PublicKey{}
	for _, signer := range hostSigners(t) {
		cfg.AddHostKey(signer)
		hostKeys[signer.PublicKey().Type()] = signer.PublicKey()
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &SSHServer{Addr: ln.Addr().String(), HostKeys: hostKeys, root: root, ln: ln}
	s.KnownHosts = s.KnownHostsLine(ssh.KeyAlgoED25519, false)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(c, cfg)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		s.wg.Wait()
	})
	return s
}

var (
	hostOnce       sync.Once
	hostKeySigners []ssh.Signer
)

// hostSigners are the host keys every test server of the process shares:
// an RSA key takes a while to make.
func hostSigners(t testing.TB) []ssh.Signer {
	t.Helper()
	hostOnce.Do(func() {
		_, edKey, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			panic(err)
		}
		ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			panic(err)
		}
		rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		for _, k := range []any{edKey, ecKey, rsaKey} {
			signer, err := ssh.NewSignerFromKey(k)
			if err != nil {
				panic(err)
			}
			hostKeySigners = append(hostKeySigners, signer)
		}
	})
	return hostKeySigners
}

// KnownHostsLine is the known_hosts line for the server's host key of the
// given type, as OpenSSH writes it: [127.0.0.1]:port, or that name hashed
// (HashKnownHosts yes, the default on Debian and Ubuntu).
func (s *SSHServer) KnownHostsLine(keyType string, hashed bool) string {
	key, ok := s.HostKeys[keyType]
	if !ok {
		panic("no host key of type " + keyType)
	}
	name := knownhosts.Normalize(s.Addr)
	if hashed {
		name = knownhosts.HashHostname(name)
	}
	return name + " " + strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key)))
}

// URL is the ssh:// URL of the repository name.git.
func (s *SSHServer) URL(name string) string {
	return fmt.Sprintf("ssh://git@%s/%s.git", s.Addr, name)
}

func (s *SSHServer) serve(c net.Conn, cfg *ssh.ServerConfig) {
	defer c.Close()
	conn, chans, reqs, err := ssh.NewServerConn(c, cfg)
	if err != nil {
		return
	}
	defer conn.Close()
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		if nc.ChannelType() != "session" {
			_ = nc.Reject(ssh.UnknownChannelType, "sessions only")
			continue
		}
		ch, chReqs, err := nc.Accept()
		if err != nil {
			return
		}
		go s.session(ch, chReqs)
	}
}

func (s *SSHServer) session(ch ssh.Channel, reqs <-chan *ssh.Request) {
	defer ch.Close()
	for req := range reqs {
		if req.Type != "exec" || len(req.Payload) < 4 {
			_ = req.Reply(req.Type == "env", nil)
			continue
		}
		n := binary.BigEndian.Uint32(req.Payload)
		command := string(req.Payload[4 : 4+n])
		service, arg, _ := strings.Cut(command, " ")
		if service != "git-upload-pack" && service != "git-receive-pack" {
			_ = req.Reply(false, nil)
			return
		}
		if service == "git-upload-pack" {
			s.Uploads.Add(1)
		} else {
			s.Receives.Add(1)
		}
		dir := filepath.Join(s.root, filepath.Clean("/"+strings.Trim(arg, "'")))
		_ = req.Reply(true, nil)
		cmd := exec.Command("git", strings.TrimPrefix(service, "git-"), dir)
		cmd.Env = Env(os.TempDir())
		cmd.Stdout, cmd.Stderr = ch, ch.Stderr()
		stdin, err := cmd.StdinPipe()
		if err != nil {
			return
		}
		// Not cmd.Stdin = ch: Wait would wait for the client to close its
		// side, and the client waits for the exit status.
		go func() {
			n, _ := io.Copy(stdin, ch)
			if service == "git-receive-pack" && n > 4 {
				s.Packs.Add(1)
			}
			stdin.Close()
		}()
		code := 0
		if err := cmd.Run(); err != nil {
			code = 1
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
		}
		_ = ch.CloseWrite()
		status := make([]byte, 4)
		binary.BigEndian.PutUint32(status, uint32(code))
		_, _ = ch.SendRequest("exit-status", false, status)
		_, _ = io.Copy(io.Discard, ch)
		return
	}
}
