package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/survey"
)

func newJoinCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "join URL [DIR]",
		Short: "Get a copy of a shared workshop, to fill in your answers",
		Long: `Clones the workshop at URL into DIR (by default a folder named after the
repository) and tells you which response file is yours, when your Git
user.email is a participant's. Fill it in, then run skillmap submit in that
folder: it commits your file and pushes it.

URL is what the facilitator gave you: https://..., git@host:path (SSH),
ssh://..., git://..., or a folder or file:// URL (those two need git
installed: go-git runs git-upload-pack and git-receive-pack for them).
Credentials are as for skillmap sync (SKILLMAP_GIT_TOKEN for HTTPS, your SSH
agent or SKILLMAP_SSH_KEY for SSH).`,
		Example: `  skillmap join https://git.example.org/pm/pm-skills.git
  skillmap join git@git.example.org:pm/pm-skills.git my-answers
  cd pm-skills && skillmap submit`,
		Args: args(cobra.RangeArgs(1, 2)),
		RunE: func(cmd *cobra.Command, a []string) error {
			dir := ""
			if len(a) == 2 {
				dir = a[1]
			}
			return runJoin(g, a[0], dir)
		},
	}
}

func runJoin(g *globals, rawURL, dir string) error {
	if dir == "" {
		dir = dirFromURL(rawURL)
	}
	dir = g.abs(dir)
	rawURL = gitstore.AbsRemoteURL(rawURL, g.abs("."))
	if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
		return fmt.Errorf("%s already holds a copy of a workshop: run 'skillmap -C %s sync' to bring it up to date, or join into another folder", dir, shellQuote(dir))
	}
	_, statErr := os.Stat(dir)
	repo, err := gitstore.Clone(context.Background(), rawURL, dir, credentials())
	if errors.Is(err, gitstore.ErrRemoteEmpty) {
		return fmt.Errorf("%s has no workshop yet (no commits): ask the facilitator to push it first (skillmap init DIR --remote URL)", gitstore.RedactURL(rawURL))
	}
	var re *gitstore.RemoteError
	if errors.As(err, &re) {
		return remoteFailure(g, re, "not joined", remoteAdvice(re))
	}
	if err != nil {
		return err
	}
	if _, err := repo.WorktreeFile(workshopFile); errors.Is(err, os.ErrNotExist) {
		// Not a workshop: the clone is of no use, and left behind it
		// would stand in the way of joining the right URL.
		removeClone(dir, errors.Is(statErr, os.ErrNotExist))
		return fmt.Errorf("not joined: %s is a Git repository but not a skillmap workshop (it has no %s); nothing was kept: check the URL the facilitator gave you", gitstore.RedactURL(rawURL), workshopFile)
	}
	w, err := openWorkshop(repo.Root())
	if err != nil {
		return fmt.Errorf("cloned %s into %s, but: %w", gitstore.RedactURL(rawURL), dir, err)
	}
	fmt.Fprintf(g.io.Out, "Joined %q in %s\n", w.ws.Title, dir)
	q := shellQuote(dir)
	_, email := repo.User()
	id, err := w.participantByEmail()
	switch {
	case err == nil:
		fmt.Fprintf(g.io.Out, "Your file is %s: fill it in and submit it with\n  skillmap -C %s take\n(or edit the file yourself, then run skillmap -C %s submit)\n", survey.ResponsePath(id), q, q)
	case email == "":
		fmt.Fprintf(g.io.Out, "A participant: set your Git user.email (git config --global user.email you@example.org) so skillmap finds your file, or ask the facilitator for your id; then run\n  skillmap -C %s take --as ID\n", q)
		fmt.Fprintf(g.io.Out, "A lead: skillmap -C %s report writes the workbook (skillmap -C %s sync first brings the copy up to date)\n", q, q)
	case strings.HasPrefix(err.Error(), "several participants"):
		fmt.Fprintf(g.io.Out, "%s; fill in your file, then run\n  skillmap -C %s submit --as ID\n", termtext.Line(strings.TrimSuffix(err.Error(), "; pass --as ID")), q)
	case w.isFacilitator(email):
		fmt.Fprintf(g.io.Out, "You are a facilitator of this workshop: skillmap -C %s status shows who has submitted\n", q)
	default:
		// Not a participant by email: a lead who reports, most likely, or
		// a participant whose file has another email.
		fmt.Fprintf(g.io.Out, "To report: skillmap -C %s report writes the workbook (skillmap -C %s sync first brings the copy up to date)\n", q, q)
		fmt.Fprintf(g.io.Out, "No participant has your Git user.email (%s); if you are one, ask the facilitator for your id, then run\n  skillmap -C %s take --as ID\n", termtext.Line(email), q)
	}
	return nil
}

// remoteAdvice says what to do after a failure to read a remote (join,
// report --from): a host that cannot
// be found, or a repository that does not exist, is a URL to check, not
// something that waiting mends.
func remoteAdvice(re *gitstore.RemoteError) string {
	if host, ok := gitstore.HostNotFound(re); ok {
		if host != "" {
			host = " " + host
		}
		return fmt.Sprintf("the host%s could not be found: check the URL the facilitator gave you", host)
	}
	if re.Kind == gitstore.KindNotFound {
		return "the repository does not exist, or you have no access to it: check the URL the facilitator gave you"
	}
	return "try again later"
}

// removeClone takes away what a join wrote: the folder when join made it,
// else what join put in it (it was empty).
func removeClone(dir string, made bool) {
	if made {
		_ = os.RemoveAll(dir)
		return
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		_ = os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

// dirFromURL names the folder a clone goes to, as git clone does: the
// repository's name without .git.
func dirFromURL(rawURL string) string {
	s := strings.TrimRight(rawURL, "/")
	if i := strings.LastIndexAny(s, "/:\\"); i >= 0 {
		s = s[i+1:]
	}
	s = strings.TrimSuffix(path.Base(s), ".git")
	if s == "" || s == "." || s == ".." || s == "/" {
		return "workshop"
	}
	return s
}

// isFacilitator reports whether an email is one of the workshop's
// facilitators'.
func (w *checkout) isFacilitator(email string) bool {
	for _, f := range w.ws.Facilitators {
		if strings.EqualFold(f.Email, email) {
			return true
		}
	}
	return false
}
