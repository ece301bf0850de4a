package gitstore

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
)

// Credentials are what skillmap signs in to a remote with. Empty fields
// leave it to the URL (https://user:token@host/...), then to the user's
// own git credential helpers (see gitHelper), or, for SSH, to the SSH
// agent.
type Credentials struct {
	Token            string // HTTPS: an access token, sent as the password
	Username         string // HTTPS: the user name (with Password, or with Token for hosts that want one)
	Password         string // HTTPS
	SSHKeyFile       string // SSH: a private key file, instead of the agent
	SSHKeyPassphrase string // SSH: the key file's passphrase, if it has one
	// NoGitHelpers stops skillmap asking git's credential helpers.
	NoGitHelpers bool
}

// auth turns credentials into what go-git's transport for url takes.
func (c Credentials) auth(rawURL string) (transport.AuthMethod, error) {
	ep, err := transport.NewEndpoint(rawURL)
	if err != nil {
		return nil, err
	}
	switch ep.Protocol {
	case "http", "https":
		switch {
		case c.Token != "":
			user := c.Username
			if user == "" {
				user = "x-access-token" // hosts ignore it, or take any name, for a token
			}
			return &githttp.BasicAuth{Username: user, Password: c.Token}, nil
		case c.Username != "" || c.Password != "":
			return &githttp.BasicAuth{Username: c.Username, Password: c.Password}, nil
		case !c.NoGitHelpers:
			if h := gitHelperAuth(rawURL); h != nil {
				return h, nil
			}
		}
	case "ssh":
		return sshAuth(ep, rawURL, c)
	}
	return nil, nil
}

// RemoteErrorKind says why talking to a remote failed.
type RemoteErrorKind int

// The kinds of remote failure.
const (
	KindUnreachable RemoteErrorKind = iota // network, server down, timeouts
	KindAuth                               // sign-in refused or impossible
	KindNotFound                           // no repository at that URL
	KindBusy                               // others kept pushing: gave up retrying
	KindRefused                            // the server refused the push (a hook, a protected branch)
	KindHostKey                            // the SSH server's host key is unknown or changed
	KindCertificate                        // the HTTPS server's certificate is not trusted
)

// RemoteError is a failure to fetch from or push to a remote. Nothing local
// is lost when it happens.
type RemoteError struct {
	Op   string // "fetch from", "push to", "sign in to"
	URL  string
	Kind RemoteErrorKind
	Err  error
}

func (e *RemoteError) Error() string {
	switch e.Kind {
	case KindAuth:
		return fmt.Sprintf("could not sign in to %s: %v", RedactURL(e.URL), e.Err)
	case KindNotFound:
		return fmt.Sprintf("no repository at %s (or no access to it): %v", RedactURL(e.URL), e.Err)
	case KindBusy:
		return fmt.Sprintf("%s is busy: %v", RedactURL(e.URL), e.Err)
	case KindRefused:
		return fmt.Sprintf("%s refused the push: %v", RedactURL(e.URL), e.Err)
	case KindHostKey, KindCertificate:
		return fmt.Sprintf("cannot trust %s: %v", RedactURL(e.URL), e.Err)
	}
	return fmt.Sprintf("cannot %s %s: %v", e.Op, RedactURL(e.URL), e.Err)
}

func (e *RemoteError) Unwrap() error { return e.Err }

// IsSSH says whether a remote URL is reached over SSH.
func IsSSH(rawURL string) bool {
	ep, err := transport.NewEndpoint(rawURL)
	return err == nil && ep.Protocol == "ssh"
}

// IsHTTP says whether a remote URL is reached over HTTP(S).
func IsHTTP(rawURL string) bool {
	ep, err := transport.NewEndpoint(rawURL)
	return err == nil && (ep.Protocol == "http" || ep.Protocol == "https")
}

// RedactURL hides a password or token written into a URL: an HTTP(S)
// URL's user part alone may be a token too (https://TOKEN@host/...), so it
// is hidden as well; an SSH user name (git@) is not a secret.
func RedactURL(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.User == nil || u.Scheme == "" {
		return rawURL
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	} else if s := strings.ToLower(u.Scheme); s == "http" || s == "https" {
		u.User = url.User("xxxxx")
	}
	return u.String()
}

func remoteErr(op, rawURL string, err error) error {
	if err == nil {
		return nil
	}
	var re *RemoteError
	if errors.As(err, &re) {
		return err
	}
	if errors.Is(err, transport.ErrAuthenticationRequired) {
		// Refused (401), as git rejects: a helper forgets a stale token.
		// Not for 403 or 404, which a good token for a mistyped URL gets.
		rejectGitHelper(rawURL)
	}
	if kind, clean, ok := classify(rawURL, err); ok {
		return &RemoteError{Op: op, URL: rawURL, Kind: kind, Err: clean}
	}
	kind := KindUnreachable
	msg := err.Error()
	switch {
	case errors.Is(err, transport.ErrAuthenticationRequired), errors.Is(err, transport.ErrAuthorizationFailed),
		errors.Is(err, transport.ErrInvalidAuthMethod),
		strings.Contains(msg, "unable to authenticate"), strings.Contains(msg, "SSH agent"),
		strings.Contains(msg, "knownhosts"), strings.Contains(msg, "no supported methods remain"):
		kind = KindAuth
	case errors.Is(err, transport.ErrRepositoryNotFound):
		kind = KindNotFound
	}
	return &RemoteError{Op: op, URL: rawURL, Kind: kind, Err: err}
}
