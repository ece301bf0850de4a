package main

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/workshop"
)

func newRoundCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "round",
		Short: "Close rounds of a workshop and list them",
		Long: `Workshops run in rounds, for example every six months. Closing a round tags
the current state as round/NAME (an annotated tag); participants keep
updating the same file in the next round, and reports compare rounds with
--at and --compare.`,
		Example: `  skillmap round close spring-2026 -m "Spring workshop, 40 people"
  skillmap round list
  skillmap report --at autumn-2026 --compare spring-2026`,
	}
	cmd.AddCommand(newRoundCloseCmd(g), newRoundListCmd(g))
	groupOnly(cmd)
	return cmd
}

func newRoundCloseCmd(g *globals) *cobra.Command {
	var message string
	var noFetch bool
	cmd := &cobra.Command{
		Use:   "close NAME [-m MESSAGE]",
		Short: "Close a round: tag the current state as round/NAME",
		Long: `Tags the current state of the branch as round/NAME. A workshop with a remote
is fetched first: if the remote has submissions this clone has not got, the
round is not closed, and you are told to run skillmap sync first (a closed
round cannot be closed again). skillmap sync then shares the round.`,
		Example: "  skillmap round close spring-2026\n  skillmap round close 2026-q3 -m \"Third quarter\"",
		Args:    args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			name := a[0]
			if !survey.ValidID(name) || workshop.IsDate(name) {
				return usageErr(fmt.Errorf("round name %q: use lower-case letters, digits and hyphens, not a bare date (e.g. spring-2026)", name))
			}
			w, err := openWorkshop(g.workdir())
			if err != nil {
				return err
			}
			if message == "" {
				message = "Close round " + name
			}
			if !noFetch {
				if err := requireUpToDate(g, w.repo, "round not closed", "skillmap round close "+name+" again"); err != nil {
					return err
				}
			}
			tag, err := w.repo.CreateTag(workshop.RoundTag(name), w.operator(), message)
			if errors.Is(err, gitstore.ErrTagExists) {
				return fmt.Errorf("round %s is already closed (skillmap round list)", name)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(g.io.Out, "closed round %s at %s (tag %s)\n", name, tag.Commit.String()[:7], workshop.RoundTag(name))
			if _, ok := w.repo.Origin(); ok {
				fmt.Fprintln(g.io.Err, "run skillmap sync to share the round with the remote")
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&message, "message", "m", "", "the tag's `MESSAGE`")
	cmd.Flags().BoolVar(&noFetch, "no-fetch", false, "close on this clone's state without checking the remote for newer submissions")
	return cmd
}

// roundInfo is one row of skillmap round list; its JSON is documented in
// the README.
type roundInfo struct {
	Name         string    `json:"name"`
	Date         time.Time `json:"date"`
	Revision     string    `json:"revision"`
	Message      string    `json:"message"`
	Participants int       `json:"participants"`
	// Submitted is everyone who had ever submitted by then; ThisRound
	// those who changed their file since the round before (all of
	// Submitted for the first round), so a lead sees who updated.
	Submitted int `json:"submitted"`
	ThisRound int `json:"submitted_this_round"`
	Complete  int `json:"complete"`
	Partial   int `json:"partial"`
}

// closedRounds works out the figures of every closed round, oldest first.
func closedRounds(repo *gitstore.Repo) ([]roundInfo, error) {
	tags, err := repo.Tags(workshop.RoundTagPrefix)
	if err != nil {
		return nil, err
	}
	out := []roundInfo{}
	var prev map[string]*gitstore.FileLog
	for _, t := range tags {
		snap, err := repo.At(t.Commit.String())
		if err != nil {
			return nil, err
		}
		s, err := workshop.LoadState(repo, snap, t.Name, nil)
		if err != nil {
			return nil, err
		}
		logs, err := snap.FolderHistory(survey.ResponsesDir)
		if err != nil {
			return nil, err
		}
		logs = workshop.LookPastUpgrades(repo, snap, survey.ResponsesDir, logs)
		submitted := workshop.Submitted(s, logs)
		this := 0
		for name := range submitted {
			// Changed since the round before: its last change is not the
			// one it had then.
			if p := prev[name]; p == nil || p.LastAt != logs[name].LastAt {
				this++
			}
		}
		c := survey.CountCompletionIn(s.Workshop, s.Framework, s.Checked.Valid, len(s.Checked.Skipped))
		out = append(out, roundInfo{
			Name: strings.TrimPrefix(t.Name, workshop.RoundTagPrefix), Date: t.Tagger.When, Revision: t.Commit.String(), Message: t.Message,
			Participants: c.Participants, Submitted: len(submitted), ThisRound: this, Complete: c.Complete, Partial: c.Partial,
		})
		prev = logs
	}
	return out, nil
}

func newRoundListCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List closed rounds, with how many submitted in each and how many completed",
		Long: `Lists the closed rounds, oldest first, with how many participants submitted
during each round (changed their file since the round before), how many had
submitted by then in all, and how many had rated every activity (complete,
as skillmap status counts it).`,
		Example: "  skillmap round list\n  skillmap round list --json",
		Args:    args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			repo, err := openRepo(g.workdir())
			if err != nil {
				return err
			}
			rounds, err := closedRounds(repo)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(g, rounds)
			}
			if len(rounds) == 0 {
				fmt.Fprintln(g.io.Err, "no rounds closed yet (skillmap round close NAME)")
				return nil
			}
			tw := tabwriter.NewWriter(g.io.Out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ROUND\tCLOSED\tREVISION\tSUBMITTED THIS ROUND\tSUBMITTED IN ALL\tCOMPLETE")
			for _, r := range rounds {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d of %d\t%d of %d\t%d of %d\n", termtext.Line(r.Name), r.Date.Local().Format("2006-01-02 15:04"), r.Revision[:7],
					r.ThisRound, r.Participants, r.Submitted, r.Participants, r.Complete, r.Participants)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
