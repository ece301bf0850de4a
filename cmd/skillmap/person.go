package main

import (
	"bytes"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/aggregate"
	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/personal"
	"github.com/skillmap/skillmap/survey"
)

// checkPerson refuses what a personal report cannot be: one with other
// people's notes, answers or tables in it.
func (o *reportOptions) checkPerson() error {
	if o.person == "" {
		return nil
	}
	if !survey.ValidID(o.person) {
		return usageErr(fmt.Errorf("--person %q is not a participant id", o.person))
	}
	for flag, set := range map[string]bool{"--csv": o.csvDir != "", "--notes": o.notes, "--individuals": o.individuals} {
		if set {
			return usageErr(fmt.Errorf("--person writes one participant's report: it cannot have %s", flag))
		}
	}
	return nil
}

func newMeCmd(g *globals) *cobra.Command {
	o := &reportOptions{}
	var as string
	cmd := &cobra.Command{
		Use:   "me [--as ID] [-o FILE.xlsx] [--json] [--at REV] [--compare REV]",
		Short: "Write your personal report, to talk through with your line manager",
		Long: `Writes your personal report: skillmap report --person for the participant
whose email is your Git user.email (or --as ID). It reads what is committed
(HEAD by default), so submit first.

For every activity: your rating and note, your role level's mean and the
next level's where the community report shows them (groups smaller than
min_group are hidden, as there), and the expectation for your role where
the workshop sets one. Then your strengths, your development areas ranked by
the gap to the expectation or the next level, how your ratings moved since
each closed round (a line chart per skill), and a Conversation sheet with
your focus activities and plan, and room for your line manager's notes,
that prints on one page. Nothing about anyone else is in it.`,
		Example: `  skillmap me
  skillmap me -o my-report.xlsx --compare spring-2026
  skillmap me --json`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			w, err := openWorkshop(g.workdir())
			if err != nil {
				return err
			}
			if o.person, err = w.participant(as); err != nil {
				return err
			}
			if err := o.checkPerson(); err != nil {
				return err
			}
			return runReport(g, o, cmd.Flags().Changed("output"))
		},
	}
	cmd.Flags().StringVar(&as, "as", "", "the report of participant `ID` (default: the one with your Git user.email)")
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "write the workbook to `FILE` (default: ID.xlsx)")
	cmd.Flags().BoolVar(&o.asJSON, "json", false, "print the report as JSON on stdout")
	cmd.Flags().StringVar(&o.at, "at", "HEAD", "report the state at `REV`: a revision, a round or a date (YYYY-MM-DD)")
	cmd.Flags().StringVar(&o.compare, "compare", "", "add the change since `REV` (a revision, a round or a date)")
	_ = cmd.RegisterFlagCompletionFunc("as", completeParticipants(g))
	return cmd
}

// runPersonReport writes a participant's report from the community report
// of the same state, whose figures (and nothing else about anyone) it
// shows.
func runPersonReport(g *globals, o *reportOptions, outputGiven bool, repo *gitstore.Repo, s *snapshot, rep *aggregate.Report) error {
	file := survey.ResponsePath(o.person)
	var r *survey.Response
	for _, v := range s.Checked.Valid {
		if v.File == file {
			r = v
		}
	}
	if r == nil {
		for _, sk := range s.Checked.Skipped {
			if sk.File == file {
				fmt.Fprintf(g.io.Err, "%s: %s\n", termtext.Line(sk.File), termtext.Line(sk.Reason()))
				return fmt.Errorf("%s cannot be read at %s; fix it (skillmap validate), submit, and try again", file, s.Label)
			}
		}
		return usageErr(fmt.Errorf("no participant %q at %s (skillmap status lists participants)", o.person, s.Label))
	}
	earlier, err := personal.Earlier(repo, s.Snap, o.person, o.compare)
	if err != nil {
		return cliErr(err)
	}
	prep, err := personal.Compute(personal.Input{Community: rep, Workshop: s.Workshop, Framework: s.Framework, Response: r, Earlier: earlier})
	if err != nil {
		return err
	}
	status := g.io.Out
	if o.asJSON {
		status = g.io.Err
		if err := prep.WriteJSON(g.io.Out); err != nil {
			return err
		}
		if !outputGiven {
			return nil
		}
	}
	out := o.output
	if !outputGiven || out == "" {
		out = o.person + ".xlsx"
	}
	shown := out
	if !filepath.IsAbs(out) {
		out = g.abs(out)
	}
	var buf bytes.Buffer
	if err := prep.WriteXLSX(&buf); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	if err := gitstore.WriteFileAtomic(out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(status, "wrote %s: the personal report of %s at %s (%s), %s before it\n",
		shown, termtext.Line(prep.Participant.Name), prep.Revision[:7], prep.RevisionDate.Format("2006-01-02"), plural(len(prep.Rounds), "earlier round"))
	return nil
}
