package gitstore

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// People sign in to their Git host with what git already knows: the macOS
// keychain, Git Credential Manager on Windows, libsecret, "gh auth" as a
// helper, or a store file. When no credentials are given for an HTTP(S)
// remote, skillmap asks those helpers through "git credential fill", if git
// is installed; after the host accepted them it says so ("git credential
// approve", so a helper that asked can keep them), and when the host
// refused them it says that too ("git credential reject", so a stale token
// is forgotten). It never lets git prompt: a helper that has nothing gives
// nothing, and skillmap goes on without.

// helperTimeout bounds one call of git credential: a helper waiting for
// someone who is not there must not hang skillmap.
const helperTimeout = 30 * time.Second

// helperCred is what git's helpers gave for one URL.
type helperCred struct {
	desc       string // the credential as git described it: fed back to approve and reject
	user, pass string

	mu       sync.Mutex
	requests int
	approved bool
}

// helperCreds are the helpers' answers by URL (nil: asked, none), asked
// once per process so that a sync's fetch and push ask once.
var helperCreds = struct {
	sync.Mutex
	byURL map[string]*helperCred
}{byURL: map[string]*helperCred{}}

// gitHelperAuth returns the credentials git's helpers hold for an HTTP(S)
// URL, or nil if they hold none (or git is not installed, or the URL has a
// password of its own).
func gitHelperAuth(rawURL string) *helperCred {
	key, input, ok := credentialQuery(rawURL)
	if !ok {
		return nil
	}
	helperCreds.Lock()
	defer helperCreds.Unlock()
	if c, asked := helperCreds.byURL[key]; asked {
		return c
	}
	out, err := runGitCredential("fill", input)
	var c *helperCred
	if err == nil {
		c = parseCredential(out)
	}
	helperCreds.byURL[key] = c
	return c
}

// rejectGitHelper tells git's helpers that the host refused what they gave
// for rawURL, if they gave anything, and forgets it.
func rejectGitHelper(rawURL string) {
	key, _, ok := credentialQuery(rawURL)
	if !ok {
		return
	}
	helperCreds.Lock()
	c := helperCreds.byURL[key]
	delete(helperCreds.byURL, key)
	helperCreds.Unlock()
	if c != nil {
		_, _ = runGitCredential("reject", c.desc)
	}
}

// credentialQuery describes rawURL to git credential: protocol, host and
// path, and a user name written in the URL.
func credentialQuery(rawURL string) (key, input string, ok bool) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", "", false
	}
	if _, has := u.User.Password(); has {
		return "", "", false
	}
	user, path := u.User.Username(), strings.TrimPrefix(u.Path, "/")
	if strings.ContainsAny(u.Host+path+user, "\n\x00") {
		return "", "", false // git refuses values with a newline or NUL in them
	}
	var b strings.Builder
	fmt.Fprintf(&b, "protocol=%s\nhost=%s\npath=%s\n", u.Scheme, u.Host, path)
	if user != "" {
		fmt.Fprintf(&b, "username=%s\n", user)
	}
	b.WriteString("\n")
	return u.Scheme + "://" + user + "@" + u.Host + "/" + path, b.String(), true
}

// runGitCredential runs "git credential action" with input on stdin, never
// letting git or a helper prompt.
func runGitCredential(action, input string) ([]byte, error) {
	git, err := exec.LookPath("git")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), helperTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, git, "credential", action)
	cmd.Stdin = strings.NewReader(input)
	env := []string{"GIT_TERMINAL_PROMPT=0", "GCM_INTERACTIVE=never"}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch strings.ToUpper(k) {
		case "GIT_ASKPASS", "SSH_ASKPASS", "GIT_TERMINAL_PROMPT", "GCM_INTERACTIVE":
			continue // no prompt, in a terminal or a window
		}
		env = append(env, kv)
	}
	cmd.Env = env
	// git's messages may name the user; they are not shown.
	return cmd.Output()
}

// parseCredential reads git credential fill's answer; nil without a
// password.
func parseCredential(out []byte) *helperCred {
	c := &helperCred{desc: string(out)}
	if !strings.HasSuffix(c.desc, "\n") {
		c.desc += "\n"
	}
	c.desc += "\n"
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "=")
		switch k {
		case "username":
			c.user = v
		case "password":
			c.pass = v
		}
	}
	if c.pass == "" {
		return nil
	}
	return c
}

// Name is what go-git calls this kind of sign-in.
func (c *helperCred) Name() string { return "http-basic-auth" }

// String never shows the password.
func (c *helperCred) String() string {
	return fmt.Sprintf("%s - %s:******* (from git credential)", c.Name(), c.user)
}

// SetAuth signs a request in. go-git sends a request only after the one
// before it succeeded (the refs, then the pack), so a second request means
// the host took the credentials: that is when git's helpers are told.
func (c *helperCred) SetAuth(r *http.Request) {
	r.SetBasicAuth(c.user, c.pass)
	c.mu.Lock()
	c.requests++
	approve := c.requests == 2 && !c.approved
	if approve {
		c.approved = true
	}
	c.mu.Unlock()
	if approve {
		_, _ = runGitCredential("approve", c.desc)
	}
}
