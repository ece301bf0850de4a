package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
)

type submitOptions struct {
	as string
}

func newSubmitCmd(g *globals) *cobra.Command {
	o := &submitOptions{}
	cmd := &cobra.Command{
		Use:   "submit [--as ID]",
		Short: "Check your response file and commit it, as you",
		Long: `Checks a participant's response file and commits that file alone, authored
by the participant (name and email from the file). Nothing else in the
working tree is committed.

Without --as, the participant is the one whose email is your Git user.email.`,
		Example: `  skillmap submit
  skillmap submit --as jane-smith
  skillmap -C ~/workshops/pm-skills submit --as jane-smith`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return runSubmit(g, o) },
	}
	cmd.Flags().StringVar(&o.as, "as", "", "submit for participant `ID` (default: the one with your Git user.email)")
	_ = cmd.RegisterFlagCompletionFunc("as", completeParticipants(g))
	return cmd
}

func runSubmit(g *globals, o *submitOptions) error {
	w, err := openWorkshop(g.workdir())
	if err != nil {
		return err
	}
	id := o.as
	if id == "" {
		if id, err = w.participantByEmail(); err != nil {
			return err
		}
	}
	if !survey.ValidID(id) {
		return usageErr(fmt.Errorf("%q is not a participant id", id))
	}
	path := survey.ResponsePath(id)
	sf := w.worktreeResponse(path)
	if sf.Err != nil {
		if errors.Is(sf.Err, os.ErrNotExist) {
			return fmt.Errorf("no participant %q: %s does not exist (skillmap status lists participants)", id, path)
		}
		return fmt.Errorf("%s: %w", path, sf.Err)
	}
	r, ps := survey.CheckResponse(path, sf.Data, w.ws, w.fw)
	if len(ps) > 0 {
		for _, p := range ps {
			fmt.Fprintln(g.io.Err, p)
		}
		fmt.Fprintf(g.io.Err, "not submitted: fix the %s above in %s, then run skillmap submit again\n", plural(len(ps), "problem"), path)
		return exitError{exitFailed}
	}
	a := r.Participant.Author()
	msg := fmt.Sprintf("Submit self-assessment of %s (%s)\n\n%d of %d activities rated.",
		r.Participant.Name, r.Participant.Role, r.Answered(), w.fw.ActivityCount())
	hash, err := w.repo.CommitWorktree([]string{path}, gitstore.Signature{Name: a.Name, Email: a.Email}, msg)
	if errors.Is(err, gitstore.ErrNoChanges) {
		fmt.Fprintf(g.io.Out, "nothing to submit: %s is as last committed\n", path)
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(g.io.Out, "submitted %s: %d of %d activities rated (commit %s)\n", id, r.Answered(), w.fw.ActivityCount(), hash.String()[:7])
	return nil
}

// participantByEmail finds the participant whose email is the user's Git
// user.email.
func (w *workshop) participantByEmail() (string, error) {
	_, email := w.repo.User()
	if email == "" {
		return "", usageErr(errors.New("which participant are you? Pass --as ID, or set your Git user.email to the email in your response file"))
	}
	files, err := w.worktreeResponses()
	if err != nil {
		return "", err
	}
	var ids []string
	for _, sf := range files {
		if sf.Err != nil {
			continue
		}
		if r, ps := survey.ParseResponse(sf.Name, sf.Data); len(ps) == 0 && strings.EqualFold(r.Participant.Email, email) {
			ids = append(ids, survey.IDFromPath(sf.Name))
		}
	}
	switch len(ids) {
	case 0:
		return "", usageErr(fmt.Errorf("no participant has your Git user.email (%s); pass --as ID", email))
	case 1:
		return ids[0], nil
	}
	return "", usageErr(fmt.Errorf("several participants have your Git user.email (%s): %s; pass --as ID", email, strings.Join(ids, ", ")))
}

func completeParticipants(g *globals) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		w, err := openWorkshop(g.workdir())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		files, _ := w.worktreeResponses()
		var ids []string
		for _, f := range files {
			ids = append(ids, survey.IDFromPath(f.Name))
		}
		return ids, cobra.ShellCompDirectiveNoFileComp
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
