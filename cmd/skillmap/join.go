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
	repo, err := gitstore.Clone(context.Background(), rawURL, dir, credentials())
	if errors.Is(err, gitstore.ErrRemoteEmpty) {
		return fmt.Errorf("%s has no workshop yet (no commits): ask the facilitator to push it first (skillmap init DIR --remote URL)", gitstore.RedactURL(rawURL))
	}
	var re *gitstore.RemoteError
	if errors.As(err, &re) {
		return remoteFailure(g, re, "not joined", "try again later")
	}
	if err != nil {
		return err
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
		fmt.Fprintf(g.io.Out, "Your file is %s: fill it in, then run\n  skillmap -C %s submit\n", survey.ResponsePath(id), q)
	case email == "":
		fmt.Fprintf(g.io.Out, "Which file is yours? Set your Git user.email (git config --global user.email you@example.org), or ask the facilitator for your id; then fill in responses/<id>.yaml and run\n  skillmap -C %s submit --as ID\n", q)
	case strings.HasPrefix(err.Error(), "several participants"):
		fmt.Fprintf(g.io.Out, "%s; fill in your file, then run\n  skillmap -C %s submit --as ID\n", termtext.Line(strings.TrimSuffix(err.Error(), "; pass --as ID")), q)
	case w.isFacilitator(email):
		fmt.Fprintf(g.io.Out, "You are a facilitator of this workshop: skillmap -C %s status shows who has submitted\n", q)
	default:
		fmt.Fprintf(g.io.Out, "No participant has your Git user.email (%s): ask the facilitator for your id; then fill in responses/<id>.yaml and run\n  skillmap -C %s submit --as ID\n", email, q)
	}
	return nil
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
func (w *workshop) isFacilitator(email string) bool {
	for _, f := range w.ws.Facilitators {
		if strings.EqualFold(f.Email, email) {
			return true
		}
	}
	return false
}
