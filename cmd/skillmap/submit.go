package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/workshop"
)

type submitOptions struct {
	as     string
	noPush bool
}

func newSubmitCmd(g *globals) *cobra.Command {
	o := &submitOptions{}
	cmd := &cobra.Command{
		Use:   "submit [--as ID]",
		Short: "Check your response file and commit it, as you",
		Long: `Checks a participant's response file and commits that file alone, authored
by the participant (name and email from the file). Nothing else in the
working tree is committed.

Without --as, the participant is the one whose email is your Git user.email.

When the workshop has a remote (origin), submit then pushes, as skillmap
sync does: if others pushed first, your commit is put on top of theirs and
pushed again. If the remote cannot be reached, your commit stays here and
submit exits 3: run skillmap sync later. If the remote changed your own file
since you last synced (say the facilitator fixed it), nothing is pushed and
both versions are kept for you to choose from.`,
		Example: `  skillmap submit
  skillmap submit --as jane-smith
  skillmap submit --no-push
  skillmap -C ~/workshops/pm-skills submit --as jane-smith`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return runSubmit(g, o) },
	}
	cmd.Flags().StringVar(&o.as, "as", "", "submit for participant `ID` (default: the one with your Git user.email)")
	cmd.Flags().BoolVar(&o.noPush, "no-push", false, "commit only; push later with skillmap sync")
	_ = cmd.RegisterFlagCompletionFunc("as", completeParticipants(g))
	return cmd
}

func runSubmit(g *globals, o *submitOptions) error {
	w, err := openWorkshop(g.workdir())
	if err != nil {
		return err
	}
	id, err := w.participant(o.as)
	if err != nil {
		return err
	}
	path := survey.ResponsePath(id)
	sf := workshop.WorktreeResponse(w.repo, path)
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
	if err := w.keepRole(path, r, o.as); err != nil {
		return err
	}
	a := r.Participant.Author()
	author := gitstore.Signature{Name: a.Name, Email: a.Email}
	committer := w.submitter(g, author)
	// Out of the activities of the frameworks the role level is asked.
	asked := w.fw.AskedOf(w.ws, r.Participant.Role).ActivityCount()
	msg := fmt.Sprintf("Submit self-assessment of %s (%s)\n\n%d of %d activities rated.",
		r.Participant.Name, r.Participant.Role, r.Answered(), asked)
	hash, err := w.repo.CommitWorktreeAs([]string{path}, author, committer, msg)
	if errors.Is(err, gitstore.ErrNoChanges) {
		return submitUnchanged(g, w, o, path)
	}
	if err != nil {
		return err
	}
	gitstore.Checkpoint("after-commit")
	rated := fmt.Sprintf("%d of %d activities rated", r.Answered(), asked)
	if _, remote := w.repo.Origin(); !remote || o.noPush {
		fmt.Fprintf(g.io.Out, "submitted %s: %s (commit %s)\n", id, rated, hash.String()[:7])
		if remote {
			fmt.Fprintln(g.io.Err, "not pushed (--no-push): run skillmap sync to share it")
		}
		return nil
	}
	res, err := syncRemote(g, w.repo)
	if err != nil {
		fmt.Fprintf(g.io.Out, "committed %s: %s (commit %s)\n", id, rated, hash.String()[:7])
		return notSynced(g, err, "committed locally, not pushed")
	}
	return submitted(g, res, id, path, fmt.Sprintf("submitted %s: %s", id, rated))
}

// submitter is who commits a submission: the participant, or whoever runs
// skillmap when their Git identity is someone else's (submit --as), so that
// the history says who did it (skillmap audit reports it unless they are a
// facilitator). A pseudonymous workshop keeps every name out of its
// history, so there the participant's pseudonym commits.
func (w *checkout) submitter(g *globals, author gitstore.Signature) gitstore.Signature {
	name, email := w.repo.User()
	if w.ws.Pseudonymous || email == "" || strings.EqualFold(email, author.Email) ||
		survey.CheckName(name) != nil || survey.CheckEmail(email) != nil {
		return author
	}
	fmt.Fprintln(g.io.Err, termtext.Line(fmt.Sprintf("note: committing as %s <%s> with you, %s <%s>, as committer: skillmap audit reports it unless you are a facilitator",
		author.Name, author.Email, name, email)))
	return gitstore.Signature{Name: name, Email: email}
}

// keepRole refuses a submission that changes the participant's role away
// from the one committed before: roles are set by the facilitators (a sync
// that kept a participant's own edit must not undo a facilitator's
// correction). A facilitator may change it.
func (w *checkout) keepRole(path string, r *survey.Response, as string) error {
	snap, err := w.repo.At("HEAD")
	if err != nil {
		return nil // nothing committed yet
	}
	data, err := snap.ReadFile(path)
	if err != nil {
		return nil // a new file: the audit says who added it
	}
	before, ps := survey.ParseResponse(path, data)
	if len(ps) > 0 || before.Participant.Role == r.Participant.Role {
		return nil
	}
	if _, email := w.repo.User(); email != "" && w.isFacilitator(email) {
		return nil
	}
	return fmt.Errorf("not submitted: %s says role %s, but the role committed for %s is %s, and roles are set by the facilitators; put back role: %s in the file, or ask a facilitator to change it",
		path, r.Participant.Role, r.Participant.ID, before.Participant.Role, before.Participant.Role)
}

// submitted reports a submit's push: delivered, or held back by a
// conflict on the participant's own file.
func submitted(g *globals, res *gitstore.SyncResult, id, path, done string) error {
	for _, c := range res.Conflicts {
		if c.Path == path {
			printSync(g, res, true)
			printConflicts(g, res, "not submitted")
			return exitError{exitFailed}
		}
	}
	fmt.Fprintf(g.io.Out, "%s (commit %s); pushed to %s\n", done, res.After.String()[:7], remoteName(res))
	printSync(g, res, true)
	if len(res.Conflicts) > 0 {
		printConflicts(g, res, "not pushed")
		return exitError{exitFailed}
	}
	return nil
}

// submitUnchanged handles a submit with nothing new to commit: an earlier
// submit that could not push is pushed now.
func submitUnchanged(g *globals, w *checkout, o *submitOptions, path string) error {
	pending, err := w.repo.Unpushed()
	if err != nil {
		return err
	}
	if !pending || o.noPush {
		fmt.Fprintf(g.io.Out, "nothing to submit: %s is as last committed\n", path)
		return nil
	}
	res, err := syncRemote(g, w.repo)
	if err != nil {
		return notSynced(g, err, "still not pushed")
	}
	return submitted(g, res, "", path, fmt.Sprintf("nothing new in %s; pushed your earlier commits", path))
}

// participant is the participant a command acts for: as, or else the one
// whose email is the user's Git user.email.
func (w *checkout) participant(as string) (string, error) {
	if as == "" {
		return w.participantByEmail()
	}
	if !survey.ValidID(as) {
		return "", usageErr(fmt.Errorf("%q is not a participant id", as))
	}
	return as, nil
}

// participantByEmail finds the participant whose email is the user's Git
// user.email.
func (w *checkout) participantByEmail() (string, error) {
	_, email := w.repo.User()
	if email == "" {
		return "", usageErr(errors.New("which participant are you? Pass --as ID, or set your Git user.email to the email in your response file"))
	}
	files, err := workshop.WorktreeResponses(w.repo)
	if err != nil {
		return "", err
	}
	var ids []string
	for _, sf := range files {
		if sf.Err != nil {
			continue
		}
		// A file with problems is still its participant's: it is read
		// leniently here, and take or submit then says what is wrong.
		pt := survey.ReadParticipantBlock(sf.Data)
		if r, ps := survey.ParseResponse(sf.Name, sf.Data); len(ps) == 0 {
			pt = r.Participant
		}
		if strings.EqualFold(pt.Email, email) {
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
		files, _ := workshop.WorktreeResponses(w.repo)
		var ids []string
		for _, f := range files {
			ids = append(ids, survey.IDFromPath(f.Name))
		}
		return ids, cobra.ShellCompDirectiveNoFileComp
	}
}

// plural writes a count and a noun: "1 file", "2 files", "3 activities".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") && !strings.HasSuffix(word, "ey") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	}
	return fmt.Sprintf("%d %ss", n, word)
}
