package gittest

import (
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// SSHD is OpenSSH's sshd on loopback, run with a configuration of its own
// (host keys of three types, authorized keys in a temporary folder), as
// the SSH servers people push to are.
type SSHD struct {
	Addr     string                   // 127.0.0.1:port
	User     string                   // the local user the clients log in as
	HostKeys map[string]ssh.PublicKey // by type: ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa
}

// URL is the ssh:// URL of the repository at path (absolute).
func (s *SSHD) URL(path string) string {
	return fmt.Sprintf("ssh://%s@%s%s", s.User, s.Addr, filepath.ToSlash(path))
}

// KnownHostsLine is the known_hosts line for sshd's host key of the given
// type, as OpenSSH writes it: [127.0.0.1]:port, or that name hashed.
func (s *SSHD) KnownHostsLine(keyType string, hashed bool) string {
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
