package gitstore

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/transport"
	gitssh "github.com/go-git/go-git/v5/plumbing/transport/ssh"
	"github.com/skeema/knownhosts"
	"golang.org/x/crypto/ssh"
	xknownhosts "golang.org/x/crypto/ssh/knownhosts"
)

// HostKeyError means the SSH server's host key could not be checked
// against known_hosts: the host is not there (Changed false), or it is
// there with another key (Changed true: of another type, or the server
// offers none of the types known), which may be a man-in-the-middle, and
// which connecting once with ssh does not cure.
type HostKeyError struct {
	Host    string   // host:port as looked up in known_hosts
	KeyType string   // the type of key the server showed; empty when it offered none of the types known
	Changed bool     // known_hosts has this host with a different key
	Known   []string // where the known keys are (file:line), when Changed
	Files   []string // the known_hosts files read
}

func (e *HostKeyError) Error() string {
	if e.Changed && e.KeyType == "" {
		return fmt.Sprintf("the SSH host key of %s has changed: the server no longer offers a key of the types known_hosts holds for it", e.hostName())
	}
	if e.Changed {
		return fmt.Sprintf("the SSH host key of %s has changed: the %s key it showed is not the one recorded in %s",
			e.hostName(), e.KeyType, strings.Join(e.Known, ", "))
	}
	files := "no known_hosts file"
	if len(e.Files) > 0 {
		files = strings.Join(e.Files, ", ")
	}
	return fmt.Sprintf("the SSH host key of %s is not known (in %s)", e.hostName(), files)
}

// hostName is the host as ssh and ssh-keygen -R name it: [host]:port
// unless the port is 22.
func (e *HostKeyError) hostName() string {
	return knownhosts.Normalize(e.Host)
}

// RemoveCommand is the command that removes the host's old key from
// known_hosts, for when its admin confirms the new one.
func (e *HostKeyError) RemoveCommand() string {
	cmd := "ssh-keygen -R '" + e.hostName() + "'"
	if len(e.Known) > 0 {
		if file, _, ok := strings.Cut(e.Known[0], ":"); ok && !isDefaultKnownHosts(file) {
			cmd += " -f '" + file + "'"
		}
	}
	return cmd
}

func isDefaultKnownHosts(file string) bool {
	home, err := os.UserHomeDir()
	return err == nil && filepath.Clean(file) == filepath.Join(home, ".ssh", "known_hosts")
}

// sshAuth signs in with the key file, or else the SSH agent, and checks
// the server's host key against every key known_hosts holds for the host.
// go-git's own check pins the first key type the server offers (Go
// prefers ECDSA), so a known_hosts that holds only the ed25519 key OpenSSH
// wrote would fail as a "key mismatch"; asking the server only for the
// key types known_hosts holds for it is what OpenSSH does.
func sshAuth(ep *transport.Endpoint, rawURL string, c Credentials) (transport.AuthMethod, error) {
	var helper *gitssh.HostKeyCallbackHelper
	var auth transport.AuthMethod
	if c.SSHKeyFile != "" {
		name := ep.User
		if name == "" {
			name = "git"
		}
		k, err := gitssh.NewPublicKeysFromFile(name, c.SSHKeyFile, c.SSHKeyPassphrase)
		if err != nil {
			return nil, &RemoteError{Op: "sign in to", URL: rawURL, Kind: KindAuth, Err: fmt.Errorf("SSH key %s: %w", c.SSHKeyFile, err)}
		}
		helper, auth = &k.HostKeyCallbackHelper, k
	} else {
		// The agent is asked for its keys only once the host key has been
		// checked, so an unknown host is told as such even without one.
		name := ep.User
		if name == "" {
			// As ssh does: the local user name.
			if u, err := user.Current(); err == nil {
				name = u.Username
			} else {
				name = os.Getenv("USER")
			}
		}
		k := &gitssh.PublicKeysCallback{User: name, Callback: func() ([]ssh.Signer, error) {
			a, err := gitssh.NewSSHAgentAuth(name)
			if err != nil {
				return nil, fmt.Errorf("no SSH key file given, and no SSH agent to ask: %w", err)
			}
			return a.Callback()
		}}
		helper, auth = &k.HostKeyCallbackHelper, k
	}
	files := knownHostsFiles()
	db, err := knownhosts.NewDB(files...)
	if err != nil {
		return nil, &RemoteError{Op: "sign in to", URL: rawURL, Kind: KindHostKey, Err: fmt.Errorf("read known_hosts: %w", err)}
	}
	host := sshHostPort(ep)
	check := db.HostKeyCallback()
	helper.HostKeyCallback = func(hostname string, remote net.Addr, key ssh.PublicKey) error {
		err := check(hostname, remote, key)
		var ke *xknownhosts.KeyError
		if err == nil || !errors.As(err, &ke) {
			return err
		}
		he := &HostKeyError{Host: host, KeyType: key.Type(), Changed: len(ke.Want) > 0, Files: files}
		for _, w := range ke.Want {
			he.Known = append(he.Known, fmt.Sprintf("%s:%d", w.Filename, w.Line))
		}
		return he
	}
	// Only the types known_hosts holds for the host; none known leaves
	// Go's defaults, and the check then says the host is unknown.
	helper.HostKeyAlgorithms = db.HostKeyAlgorithms(host)
	return auth, nil
}

// knownHostsFiles are the known_hosts files that exist: those
// SSH_KNOWN_HOSTS lists, or else the user's and the system's, as go-git
// and OpenSSH read them.
func knownHostsFiles() []string {
	files := filepath.SplitList(os.Getenv("SSH_KNOWN_HOSTS"))
	if len(files) == 0 {
		if home, err := os.UserHomeDir(); err == nil {
			files = append(files, filepath.Join(home, ".ssh", "known_hosts"))
		}
		files = append(files, "/etc/ssh/ssh_known_hosts")
	}
	var out []string
	for _, f := range files {
		if st, err := os.Stat(f); err == nil && st.Mode().IsRegular() {
			out = append(out, f)
		}
	}
	return out
}

// sshHostPort is the address go-git dials for ep, which is also the name
// the host key is checked under: ~/.ssh/config's HostName and Port for
// the host, if it names them.
func sshHostPort(ep *transport.Endpoint) string {
	host, port := ep.Host, ep.Port
	if gitssh.DefaultSSHConfig != nil {
		if h := gitssh.DefaultSSHConfig.Get(ep.Host, "Hostname"); h != "" {
			host = h
			if p, err := strconv.Atoi(gitssh.DefaultSSHConfig.Get(ep.Host, "Port")); err == nil {
				port = p
			}
		}
	}
	if port <= 0 {
		port = gitssh.DefaultPort
	}
	return net.JoinHostPort(host, strconv.Itoa(port))
}

// hostKeyTypeGone is the HostKeyError for a server that offered none of
// the key types known_hosts holds for it: a changed key too, which Go's
// SSH says as "no common algorithm for host key".
func hostKeyTypeGone(rawURL string) *HostKeyError {
	e := &HostKeyError{Changed: true, Files: knownHostsFiles()}
	if ep, err := transport.NewEndpoint(rawURL); err == nil {
		e.Host = sshHostPort(ep)
	}
	return e
}
