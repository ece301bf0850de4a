package main

import (
	"bytes"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/workshop"
)

type statusOptions struct {
	asJSON bool
}

func newStatusCmd(g *globals) *cobra.Command {
	o := &statusOptions{}
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show who has submitted, and how much they answered",
		Long: `Shows, for each participant: their role, how many activities their committed
response rates, when they last submitted (the date of the last commit that
changed their file after it was added), and whether their working copy has
changes not yet submitted. Then totals per role level. Never shows ratings.`,
		Example: `  skillmap status
  skillmap status --json`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return runStatus(g, o) },
	}
	cmd.Flags().BoolVar(&o.asJSON, "json", false, "print JSON")
	return cmd
}

func runStatus(g *globals, o *statusOptions) error {
	w, err := openWorkshop(g.workdir())
	if err != nil {
		return err
	}
	warnSettings(g, w.ws)
	s, err := loadSnapshotProgress(w.repo, "HEAD", g)
	if err != nil {
		return err
	}
	rep, err := workshop.Status(w.repo, s, g.progressFunc())
	if err != nil {
		return err
	}
	if o.asJSON {
		return writeJSON(g, rep)
	}
	return printStatus(g, rep)
}

func printStatus(g *globals, rep workshop.StatusReport) error {
	var b bytes.Buffer
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	// In a workshop of several frameworks, a column each: answered of its
	// activities ("optional" where it does not count against completion,
	// "-" where the role level is not asked it).
	head := ""
	for _, id := range rep.Frameworks {
		head += strings.ToUpper(id) + "\t"
	}
	fmt.Fprintln(tw, "PARTICIPANT\tROLE\tANSWERED\t"+head+"LAST SUBMITTED\tUNSUBMITTED CHANGES")
	for _, p := range rep.Participants {
		cols := ""
		for _, id := range rep.Frameworks {
			col := "-"
			for _, f := range p.Frameworks {
				if f.Framework == id {
					col = fmt.Sprintf("%d/%d", f.Answered, f.Total)
					if f.Optional {
						col += " optional"
					}
				}
			}
			cols += col + "\t"
		}
		last := "never"
		if p.LastSubmitted != nil {
			last = p.LastSubmitted.Local().Format("2006-01-02 15:04")
		}
		answered := fmt.Sprintf("%d/%d", p.Answered, p.Total)
		if p.Problem != "" {
			answered = "invalid"
		}
		changes := ""
		if p.UnsubmittedChanges {
			changes = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s%s\t%s\n", termtext.Line(p.ID), termtext.Line(p.Role), answered, cols, last, changes)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "ROLE\tPARTICIPANTS\tSUBMITTED\tCOMPLETE\t")
	var tp, ts, tc int
	for _, r := range rep.Roles {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", termtext.Line(r.Role), r.Participants, r.Submitted, r.Complete)
		tp, ts, tc = tp+r.Participants, ts+r.Submitted, tc+r.Complete
	}
	fmt.Fprintf(tw, "all\t%d\t%d\t%d\t\n", tp, ts, tc)
	if err := tw.Flush(); err != nil {
		return err
	}
	if _, err := g.io.Out.Write(b.Bytes()); err != nil {
		return err
	}
	invalid := 0
	for _, p := range rep.Participants {
		if p.Problem != "" {
			invalid++
		}
	}
	if invalid > 0 {
		fmt.Fprintf(g.io.Err, "%s cannot be read as committed and %s left out of reports: see skillmap validate, or skillmap report\n",
			plural(invalid, "file"), map[bool]string{true: "is", false: "are"}[invalid == 1])
	}
	return nil
}
