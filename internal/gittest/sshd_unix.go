//go:build unix

package gittest

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// StartSSHD starts sshd for the holders of the given keys; it is stopped
// when the test ends. It skips the test where OpenSSH's sshd is not
// installed (apt-get install openssh-server) or cannot run here.
func StartSSHD(t testing.TB, allowed ...ssh.PublicKey) *SSHD {
	t.Helper()
	Need(t)
	exe, err := exec.LookPath("sshd")
	if err != nil {
		exe = "/usr/sbin/sshd"
		if _, err := os.Stat(exe); err != nil {
			t.Skip("OpenSSH's sshd is not installed (apt-get install openssh-server): the test against a real sshd is skipped")
		}
	}
	me, err := user.Current()
	if err != nil {
		t.Skipf("no current user for sshd to log in as: %v", err)
	}
	if os.Geteuid() == 0 {
		// sshd's privilege separation wants its empty folder, which a
		// machine that never started sshd lacks.
		if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
			t.Skipf("sshd needs /run/sshd: %v", err)
		}
	}
	dir := t.TempDir()
	s := &SSHD{User: me.Username, HostKeys: map[string]ssh.PublicKey{}}
	var hostKeyLines []string
	bits := map[string]string{"ed25519": "256", "ecdsa": "256", "rsa": "2048"} // RSA's default 3072 takes a while to make
	for _, kt := range []string{"ed25519", "ecdsa", "rsa"} {
		file := filepath.Join(dir, "ssh_host_"+kt+"_key")
		if out, err := exec.Command("ssh-keygen", "-q", "-t", kt, "-b", bits[kt], "-N", "", "-f", file).CombinedOutput(); err != nil {
			t.Skipf("ssh-keygen -t %s: %v\n%s", kt, err, out)
		}
		pub, err := os.ReadFile(file + ".pub")
		if err != nil {
			t.Fatal(err)
		}
		key, _, _, _, err := ssh.ParseAuthorizedKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		s.HostKeys[key.Type()] = key
		hostKeyLines = append(hostKeyLines, "HostKey "+file)
	}
	var auth bytes.Buffer
	for _, k := range allowed {
		auth.Write(ssh.MarshalAuthorizedKey(k))
	}
	authFile := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(authFile, auth.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	for try := 0; ; try++ {
		port := freePort(t)
		config := filepath.Join(dir, "sshd_config")
		text := strings.Join(append(hostKeyLines,
			"ListenAddress 127.0.0.1",
			"Port "+strconv.Itoa(port),
			"AuthorizedKeysFile "+authFile,
			"PidFile "+filepath.Join(dir, "sshd.pid"),
			"StrictModes no", // the temporary folder's modes are not ~/.ssh's
			"UsePAM no",
			"PasswordAuthentication no",
			"KbdInteractiveAuthentication no",
			"PubkeyAuthentication yes",
			"PermitRootLogin prohibit-password",
			"AllowTcpForwarding no",
			"X11Forwarding no",
			"PrintMotd no",
			"MaxStartups 100", // tests connect many clients at once
			"LogLevel ERROR",
		), "\n") + "\n"
		if err := os.WriteFile(config, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(exe, "-t", "-f", config).CombinedOutput(); err != nil {
			t.Skipf("sshd cannot run here: %v\n%s", err, out)
		}
		cmd := exec.Command(exe, "-D", "-e", "-f", config)
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatalf("start sshd: %v", err)
		}
		exited := make(chan struct{})
		go func() { _ = cmd.Wait(); close(exited) }()
		stop := func() {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		s.Addr = fmt.Sprintf("127.0.0.1:%d", port)
		up := false
		for i := 0; i < 200 && !up; i++ {
			select {
			case <-exited:
				i = 200
			default:
				if c, err := net.DialTimeout("tcp", s.Addr, 100*time.Millisecond); err == nil {
					c.Close()
					up = true
				} else {
					time.Sleep(25 * time.Millisecond)
				}
			}
		}
		if up {
			t.Cleanup(stop)
			return s
		}
		stop()
		if try == 4 {
			t.Fatalf("sshd did not listen on %s: %s", s.Addr, stderr.String())
		}
	}
}
