package main

import (
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/survey"
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
	cmd := &cobra.Command{
		Use:     "close NAME [-m MESSAGE]",
		Short:   "Close a round: tag the current state as round/NAME",
		Example: "  skillmap round close spring-2026\n  skillmap round close 2026-q3 -m \"Third quarter\"",
		Args:    args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			name := a[0]
			if !survey.ValidID(name) || dateArg.MatchString(name) {
				return usageErr(fmt.Errorf("round name %q: use lower-case letters, digits and hyphens, not a bare date (e.g. spring-2026)", name))
			}
			w, err := openWorkshop(g.workdir())
			if err != nil {
				return err
			}
			if message == "" {
				message = "Close round " + name
			}
			tag, err := w.repo.CreateTag(roundTag(name), w.operator(), message)
			if errors.Is(err, gitstore.ErrTagExists) {
				return fmt.Errorf("round %s is already closed (skillmap round list)", name)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(g.io.Out, "closed round %s at %s (tag %s)\n", name, tag.Commit.String()[:7], roundTag(name))
			return nil
		},
	}
	cmd.Flags().StringVarP(&message, "message", "m", "", "the tag's `MESSAGE`")
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
	Submitted    int       `json:"submitted"`
}

func newRoundListCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List closed rounds, with how many had submitted by then",
		Example: "  skillmap round list\n  skillmap round list --json",
		Args:    args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			repo, err := openRepo(g.workdir())
			if err != nil {
				return err
			}
			tags, err := repo.Tags("round/")
			if err != nil {
				return err
			}
			rounds := []roundInfo{}
			for _, t := range tags {
				snap, err := repo.At(t.Commit.String())
				if err != nil {
					return err
				}
				s, err := loadState(repo, snap, t.Name)
				if err != nil {
					return err
				}
				logs, err := snap.FolderHistory(survey.ResponsesDir)
				if err != nil {
					return err
				}
				rounds = append(rounds, roundInfo{
					Name: t.Name[len("round/"):], Date: t.Tagger.When, Revision: t.Commit.String(), Message: t.Message,
					Participants: len(s.checked.Valid), Submitted: len(s.submitted(logs)),
				})
			}
			if asJSON {
				return writeJSON(g, rounds)
			}
			if len(rounds) == 0 {
				fmt.Fprintln(g.io.Err, "no rounds closed yet (skillmap round close NAME)")
				return nil
			}
			tw := tabwriter.NewWriter(g.io.Out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ROUND\tCLOSED\tREVISION\tSUBMITTED")
			for _, r := range rounds {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d of %d\n", termtext.Line(r.Name), r.Date.Local().Format("2006-01-02 15:04"), r.Revision[:7], r.Submitted, r.Participants)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
