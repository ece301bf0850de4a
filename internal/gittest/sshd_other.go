//go:build !unix

package gittest

import (
	"testing"

	"golang.org/x/crypto/ssh"
)

// StartSSHD skips the test: OpenSSH's sshd is run on Unix only.
func StartSSHD(t testing.TB, allowed ...ssh.PublicKey) *SSHD {
	t.Helper()
	t.Skip("the test against OpenSSH's sshd runs on Unix only")
	return nil
}
