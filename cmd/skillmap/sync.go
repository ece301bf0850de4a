package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/survey"
)

// The environment variables skillmap signs in to a remote with.
const (
	envToken         = "SKILLMAP_GIT_TOKEN"
	envUsername      = "SKILLMAP_GIT_USERNAME"
	envPassword      = "SKILLMAP_GIT_PASSWORD"
	envSSHKey        = "SKILLMAP_SSH_KEY"
	envSSHPassphrase = "SKILLMAP_SSH_KEY_PASSPHRASE"
)

func newSyncCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "sync",
		Short: "Bring the workshop up to date with its remote, and push what is not there yet",
		Long: `Fetches the workshop's remote (origin), brings your branch and files up to
date with it, and pushes your commits that the remote does not have yet,
such as a submit that could not reach it. Run it before a report on a lead's
machine, or to finish a submit that said "not pushed".

Only the files that changed on the remote are touched. A file you changed
without submitting, that the remote changed too, is left as you left it; the
remote's version is written beside it (responses/<id>.remote.yaml).

When others pushed first, your commits are put on top of theirs: each keeps
its author, date and message, with the files it changed as you changed them
and every other file as the remote has it. skillmap never force-pushes. If
the remote changed a file that one of your commits changed too, that change
is not pushed: your version stays in the file, the remote's is written
beside it, and you choose.

Credentials: HTTPS remotes take SKILLMAP_GIT_TOKEN (an access token), or
SKILLMAP_GIT_USERNAME and SKILLMAP_GIT_PASSWORD; SSH remotes use your SSH
agent, or the key file in SKILLMAP_SSH_KEY (SKILLMAP_SSH_KEY_PASSPHRASE if it
has one).

Exit codes: 0 up to date; 1 a change of yours could not be delivered (a
conflict, explained), or another failure; 3 the remote could not be reached,
refused you, or stayed too busy: nothing is lost, run sync again later.

A remote that is a folder or a file:// URL needs git installed: go-git runs
git-upload-pack and git-receive-pack for those. Network remotes do not.`,
		Example: `  skillmap sync
  skillmap -C pm-skills sync && skillmap -C pm-skills report
  SKILLMAP_GIT_TOKEN=... skillmap sync`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return runSync(g) },
	}
}

func runSync(g *globals) error {
	repo, err := openRepo(g.workdir())
	if err != nil {
		return err
	}
	res, err := syncRemote(g, repo)
	if errors.Is(err, gitstore.ErrNoRemote) {
		return fmt.Errorf("%s has no remote to sync with: share it with 'skillmap init DIR --remote URL', or add one with 'git remote add origin URL'", repo.Root())
	}
	if err != nil {
		return notSynced(g, err, "not synced")
	}
	printSync(g, res, false)
	if len(res.Conflicts) > 0 {
		printConflicts(g, res, "not pushed")
		return exitError{exitFailed}
	}
	if res.Pushed == 0 && res.Fetched == 0 && !res.Recovered && len(res.TagsPushed) == 0 {
		fmt.Fprintf(g.io.Out, "up to date with %s\n", remoteName(res))
	}
	return nil
}

// credentials reads the sign-in settings from the environment.
func credentials() gitstore.Credentials {
	return gitstore.Credentials{
		Token:            os.Getenv(envToken),
		Username:         os.Getenv(envUsername),
		Password:         os.Getenv(envPassword),
		SSHKeyFile:       os.Getenv(envSSHKey),
		SSHKeyPassphrase: os.Getenv(envSSHPassphrase),
	}
}

// syncRemote syncs with origin, telling the user on stderr when others
// pushed first and it tries again.
func syncRemote(g *globals, repo *gitstore.Repo) (*gitstore.SyncResult, error) {
	return repo.Sync(context.Background(), gitstore.SyncOptions{
		Credentials: credentials(),
		Status: func(msg string) {
			fmt.Fprintln(g.io.Err, termtext.Line(msg))
		},
	})
}

func remoteName(res *gitstore.SyncResult) string {
	return fmt.Sprintf("origin (%s)", gitstore.RedactURL(res.URL))
}

// printSync says what a sync did: results on stdout, what needs the
// user's eye on stderr.
func printSync(g *globals, res *gitstore.SyncResult, submit bool) {
	if res.Recovered {
		fmt.Fprintln(g.io.Err, "finished the update a stopped skillmap had begun")
	}
	if res.Fetched > 0 {
		fmt.Fprintf(g.io.Out, "fetched %s from %s; %s updated\n", plural(res.Fetched, "commit"), remoteName(res), plural(len(res.Updated), "file"))
	}
	if res.Pushed > 0 && !submit {
		extra := ""
		if res.Rebuilt > 0 {
			extra = fmt.Sprintf(" (%s put on top of the remote's newer commits)", plural(res.Rebuilt, "commit"))
		}
		fmt.Fprintf(g.io.Out, "pushed %s to %s%s\n", plural(res.Pushed, "commit"), remoteName(res), extra)
	}
	if len(res.TagsPushed) > 0 {
		fmt.Fprintf(g.io.Out, "pushed %s: %s\n", plural(len(res.TagsPushed), "round tag"), strings.Join(res.TagsPushed, ", "))
	}
	for _, k := range res.Kept {
		k.Path, k.RemoteCopy = termtext.Line(k.Path), termtext.Line(k.RemoteCopy)
		if k.RemoteCopy == "" {
			fmt.Fprintf(g.io.Err, "note: %s: you changed it and the remote deleted it; your version is kept\n", k.Path)
			continue
		}
		fmt.Fprintf(g.io.Err, "note: %s: you changed it and so did the remote; yours is kept as it was, the remote's version is in %s\n", k.Path, k.RemoteCopy)
	}
	for _, p := range res.Skipped {
		fmt.Fprintf(g.io.Err, "note: %s: not written to the working copy (not a safe path)\n", termtext.Line(p))
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(g.io.Err, "warning:", termtext.Line(w))
	}
}

// printConflicts explains, for someone who has never resolved a Git
// conflict, what to do.
func printConflicts(g *globals, res *gitstore.SyncResult, what string) {
	for _, c := range res.Conflicts {
		c.Path, c.RemoteCopy = termtext.Line(c.Path), termtext.Line(c.RemoteCopy)
		by := "someone"
		if c.By.Name != "" {
			by = termtext.Line(c.By.Name)
			if c.Subject != "" {
				by += fmt.Sprintf(" (%q)", c.Subject)
			}
		}
		fmt.Fprintf(g.io.Err, "%s: %s was also changed on the remote, by %s, since you last synced.\n", what, c.Path, by)
		fmt.Fprintf(g.io.Err, "  your version:         %s (as you left it)\n", c.Path)
		again := "run skillmap submit again"
		if !strings.HasPrefix(c.Path, survey.ResponsesDir+"/") {
			again = "commit it (git commit) and run skillmap sync"
		}
		if c.RemoteCopy != "" {
			fmt.Fprintf(g.io.Err, "  the remote's version: %s\n", c.RemoteCopy)
			fmt.Fprintf(g.io.Err, "Keep what you want in %s, delete %s, then %s.\n", c.Path, c.RemoteCopy, again)
		} else {
			fmt.Fprintf(g.io.Err, "  the remote deleted it. To keep it, %s; otherwise delete it.\n", again)
		}
	}
	if res.SetAside != "" {
		fmt.Fprintf(g.io.Err, "(Your commits as they were are kept as %s.)\n", res.SetAside)
	}
}

// notSynced reports a sync that failed. A remote that could not be reached
// or refused the push is exit 3, with what to set or do.
func notSynced(g *globals, err error, what string) error {
	var re *gitstore.RemoteError
	if !errors.As(err, &re) {
		if errors.Is(err, gitstore.ErrUnrelated) {
			return fmt.Errorf("%s: %w; the remote is another repository (share a workshop through an empty repository, without a README or licence)", what, err)
		}
		return fmt.Errorf("%s: %w", what, err)
	}
	return remoteFailure(g, re, what, "run `skillmap sync` later")
}

// remoteFailure reports a remote that could not be reached or refused:
// exit 3, with what to set or check, and what to do later. A host key or
// certificate that is not trusted, or a sign-in refused, is not cured by
// waiting, so it gets the fix instead of "later". A push a server's rule
// refused shows the server's own words first, as git does.
func remoteFailure(g *globals, re *gitstore.RemoteError, what, later string) error {
	var refusal *gitstore.PushRefusal
	if errors.As(re, &refusal) {
		for _, line := range refusal.Server {
			fmt.Fprintf(g.io.Err, "remote: %s\n", termtext.Line(line))
		}
	}
	// One line: the remote's words are quoted, escaped, never let loose.
	switch re.Kind {
	case gitstore.KindHostKey, gitstore.KindCertificate, gitstore.KindAuth:
		fmt.Fprintf(g.io.Err, "skillmap: %s: %s\n", what, termtext.Line(re.Error()))
	default:
		fmt.Fprintf(g.io.Err, "skillmap: %s: %s; %s\n", what, termtext.Line(re.Error()), later)
	}
	if hint := remoteHint(re); hint != "" {
		fmt.Fprintf(g.io.Err, "  %s\n", hint)
	}
	return exitError{exitRemote}
}

// remoteHint says what to set or check after a failure to sign in, or to
// trust the server.
func remoteHint(re *gitstore.RemoteError) string {
	switch re.Kind {
	case gitstore.KindHostKey:
		var hk *gitstore.HostKeyError
		if errors.As(re, &hk) && hk.Changed {
			return "this may be someone intercepting the connection (a man-in-the-middle attack), or the server's key really changed: check the new key with the host's admin first; only then remove the old line with " + hk.RemoveCommand() + " and accept the new key with ssh"
		}
		return "connect once with ssh (or ssh-keyscan) to check the server's key and accept it: it goes to ~/.ssh/known_hosts (SSH_KNOWN_HOSTS names other files)"
	case gitstore.KindCertificate:
		var ce *gitstore.CertificateError
		if errors.As(re, &ce) && ce.UnknownCA {
			return "ask the server's admin for the certificate authority (CA) that signed it; " + gitstore.TrustAdvice
		}
		return "check the URL; if it is right, tell the server's admin"
	case gitstore.KindRefused:
		return "your commits are kept here: a rule of the server's refused them (its words are above); ask its admin when it will allow them"
	case gitstore.KindAuth:
		switch {
		case gitstore.IsSSH(re.URL):
			return fmt.Sprintf("set %s to your private key file (and %s if it has one), or add your key to the SSH agent (ssh-add)", envSSHKey, envSSHPassphrase)
		case gitstore.IsHTTP(re.URL):
			return fmt.Sprintf("set %s to an access token that may read and push to this repository (or %s and %s)", envToken, envUsername, envPassword)
		}
	case gitstore.KindNotFound:
		if gitstore.IsHTTP(re.URL) || gitstore.IsSSH(re.URL) {
			return fmt.Sprintf("check the URL, and that you have access: a private repository needs %s (HTTPS) or an SSH key", envToken)
		}
		return "check the path: it should be a Git repository (git init --bare makes an empty one)"
	}
	return ""
}
