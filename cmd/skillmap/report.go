package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/aggregate"
	"github.com/skillmap/skillmap/audit"
	"github.com/skillmap/skillmap/figures"
	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/workshop"
)

type reportOptions struct {
	output      string
	asJSON      bool
	at          string
	compare     string
	csvDir      string
	minGroup    int
	strict      bool
	notes       bool
	individuals bool
	from        string
	unverified  bool
	person      string // --person: one participant's report (person.go)
}

func newReportCmd(g *globals) *cobra.Command {
	o := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report [-o FILE.xlsx] [--json] [--at REV] [--compare REV] [--csv DIR] [--person ID]",
		Short: "Write the workbook of heatmaps by skill and role level",
		Long: `Reads every response committed at a revision (HEAD by default: what has been
submitted, not the working tree) and writes an Excel workbook: mean ratings
by skill and by activity for each role level and for everyone, with the
number of people behind each, on a colour scale fixed to the rating scale.
Groups smaller than min_group are hidden.

--at and --compare take a revision (branch, tag, hash, HEAD~2), a closed
round (skillmap round list), or a date: 2026-06-30 means the state at the
end of that day, by the branch's first-parent history. --compare adds a
Change sheet: per cell, the difference in mean from that state, where both
are shown.

Files that cannot be read are left out, listed on stderr and in the
workbook's About sheet. So are, when the history is audited, the response
files the audit cannot vouch for (listed without any of their answers):
added by someone who is not a facilitator, or whose participant changed
their own role; --include-unverified counts them once you have checked.

--json prints the same figures on stdout (and writes the workbook only if
-o is given too); --csv writes each table as a CSV file.

--from URL reports on a shared workshop straight from its remote, with no
copy left behind (credentials as for skillmap sync). It fetches the whole
history and the rounds: figures are made along the history (they move in
steps of at least min_group people), and the report audits it as usual.

Figures move in steps of at least min_group people, so that no two reports
can be subtracted to give one person's answers: for each role level and
activity, the figures keep the answers as they last moved, and move once at
least min_group people's answers there are new. Newer answers wait; the
report says how many people's (About, "waiting" in JSON, stderr).

--person ID writes one participant's personal report instead, to share
with their line manager (skillmap me writes your own): their ratings and
notes beside their role level's and the next level's means as this report
shows them, strengths, development areas, change since each closed round,
and their focus and plan on a Conversation sheet that prints on one page.`,
		Example: `  skillmap report
  skillmap report -o autumn.xlsx --at autumn-2026 --compare spring-2026
  skillmap report --at 2026-06-30
  skillmap report --json --at HEAD~5 > figures.json
  skillmap report --csv tables/
  skillmap report --min-group 10
  skillmap report --include-unverified
  skillmap report --from https://git.example.org/pm/pm-skills.git -o pm-skills.xlsx
  skillmap report --person jane-smith -o jane.xlsx`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.minGroup < 0 {
				return usageErr(errors.New("--min-group must be a positive number"))
			}
			if err := o.checkPerson(); err != nil {
				return err
			}
			return runReport(g, o, cmd.Flags().Changed("output"))
		},
	}
	cmd.Flags().StringVarP(&o.output, "output", "o", "report.xlsx", "write the workbook to `FILE`")
	cmd.Flags().BoolVar(&o.asJSON, "json", false, "print the figures as JSON on stdout")
	cmd.Flags().StringVar(&o.at, "at", "HEAD", "report the state at `REV`: a revision, a round or a date (YYYY-MM-DD)")
	cmd.Flags().StringVar(&o.compare, "compare", "", "add the change since `REV` (a revision, a round or a date)")
	cmd.Flags().StringVar(&o.csvDir, "csv", "", "also write each table as a CSV file in `DIR`")
	cmd.Flags().BoolVar(&o.strict, "strict", false, "fail, writing nothing, if any response file cannot be used")
	cmd.Flags().BoolVar(&o.notes, "notes", false, "include participants' notes, without names, from role levels of at least notes_min_group (default 10) people")
	cmd.Flags().BoolVar(&o.individuals, "individuals", false, "include each participant's own ratings, by name: personal data")
	cmd.Flags().StringVar(&o.from, "from", "", "report on the workshop at the remote `URL` (fetched to a temporary folder, removed after)")
	cmd.Flags().BoolVar(&o.unverified, "include-unverified", false, "count the response files the audit cannot vouch for (no facilitator added them, or their participant changed their role), once you have checked them")
	cmd.Flags().IntVar(&o.minGroup, "min-group", 0, "hide groups smaller than `N` (default: the workshop's min_group; it cannot be lowered below it)")
	cmd.Flags().StringVar(&o.person, "person", "", "write participant `ID`'s personal report (default file: ID.xlsx)")
	_ = cmd.RegisterFlagCompletionFunc("person", completeParticipants(g))
	return cmd
}

func runReport(g *globals, o *reportOptions, outputGiven bool) error {
	if outputGiven && !strings.EqualFold(filepath.Ext(o.output), ".xlsx") {
		return usageErr(fmt.Errorf("-o %s: the workbook is an .xlsx file (for CSV files use --csv DIR)", o.output))
	}
	repo, shallow, done, err := reportRepo(g, o)
	if err != nil {
		return err
	}
	defer done()
	// A clone's report of its latest state says when the remote has
	// newer submissions; the look runs while the responses are read.
	stale := func() {}
	if o.from == "" && o.at == "HEAD" {
		stale = staleHint(g, repo)
	}
	defer func() { stale() }()
	s, err := loadSnapshotProgress(repo, o.at, g)
	if err != nil {
		return err
	}
	// Never weaker than the floors, nor than any setting held since the
	// first submission: a commit cannot lower what protects the answers.
	held, err := workshop.HeldSettings(repo, s)
	if err != nil {
		return err
	}
	if o.minGroup > 0 && o.minGroup < held.MinGroup {
		return usageErr(fmt.Errorf("--min-group %d is below the workshop's min_group %d; a report may hide more, never less", o.minGroup, held.MinGroup))
	}
	warnSettings(g, s.Workshop)
	for _, l := range held.Lowered {
		fmt.Fprintf(g.io.Err, "note: %s\n", l)
	}
	if o.strict && len(s.Checked.Skipped) > 0 {
		for _, r := range s.Checked.Skipped {
			for _, p := range r.Problems {
				fmt.Fprintln(g.io.Err, p)
			}
		}
		fmt.Fprintf(g.io.Err, "--strict: %s cannot be used; nothing written\n", plural(len(s.Checked.Skipped), "response file"))
		return exitError{exitFailed}
	}
	in := s.Input(max(o.minGroup, held.MinGroup))
	in.SettingsLowered = held.Lowered
	// The audit of a long history not audited before is left to skillmap
	// audit (which keeps its work for the next report); About says so.
	var audited *audit.Result
	if !shallow {
		if audited, err = runAudit(repo, s, reportAuditLimit); err != nil {
			return err
		}
	}
	var leftOut map[string]bool
	if shallow {
		in.AuditNote = "not checked for this report: --from read only the last commit; to audit, run skillmap join URL, then skillmap audit in that copy"
		fmt.Fprintln(g.io.Err, "note: --from read only the last commit, so the history was not audited; run skillmap join URL, then skillmap audit in that copy")
	} else if audited != nil {
		in.AuditFailed = audited.Files
		if n := len(audited.Files); n > 0 {
			fmt.Fprintf(g.io.Err, "note: %s failed the audit (see About; skillmap audit says who changed what)\n", plural(n, "file"))
		}
		in.Responses, in.Unverified, leftOut = unverified(g, audited, in.Responses, o.unverified)
	} else {
		fmt.Fprintln(g.io.Err, "note: this history has not been audited yet; run skillmap audit, then report again, to have the audit in About")
	}
	in.Notes, in.NotesMinGroup, in.Individuals = o.notes, held.NotesMinGroup, o.individuals
	// Figures move in steps of at least min_group people, so that no two
	// reports can be subtracted to give one person's answers: they are
	// made of the answers released along the state's own history.
	cache := workshop.LoadParseCache(repo)
	k := max(in.MinGroup, s.Workshop.ReportMinGroup())
	var base *snapshot
	var baseHeld *aggregate.Held
	if o.compare != "" {
		if base, err = loadSnapshot(repo, o.compare); err != nil {
			return fmt.Errorf("--compare: %w", err)
		}
	}
	if in.Held, baseHeld, err = figures.HeldAlso(repo, s.Snap, s.Workshop, s.Framework, k, leftOut, cache, sameShape(s, base), workshop.BuildID()); err != nil {
		return err
	}
	rep := aggregate.Compute(in)
	if note := rep.WaitingNote(); note != "" {
		fmt.Fprintln(g.io.Err, "note:", note)
	}
	if rep.NotesWithheld != "" {
		fmt.Fprintln(g.io.Err, "note: --notes:", rep.NotesWithheld)
	}
	if o.individuals {
		fmt.Fprintln(g.io.Err, "note: --individuals: the report contains personal data; share it only with people entitled to see it")
	}
	if base != nil {
		bin := base.Input(rep.MinGroup)
		// The files left out now are left out then too, so that the
		// change compares the same people.
		kept := bin.Responses[:0:0]
		for _, r := range bin.Responses {
			if !leftOut[r.File] {
				kept = append(kept, r)
			}
		}
		bin.Responses = kept
		// The earlier state's figures are as its own report shows them,
		// through its own history.
		bin.Held = baseHeld
		if bin.Held == nil {
			if bin.Held, err = figures.Held(repo, base.Snap, base.Workshop, base.Framework, rep.MinGroup, leftOut, cache); err != nil {
				return fmt.Errorf("--compare: %w", err)
			}
		}
		rep.Compare(in, bin, base.Label)
	}
	if !shallow {
		// Every closed round on this state's history, each as its own
		// report shows it, with this report's min_group.
		rounds, err := workshop.RoundReports(repo, s.Snap, rep.MinGroup, leftOut, cache, workshop.BuildID())
		if err != nil {
			return fmt.Errorf("trend: %w", err)
		}
		if len(rounds) > 0 {
			rep.AddTrend(rounds)
		}
	}
	workshop.SaveParseCache(repo, cache)
	if o.person != "" {
		return runPersonReport(g, o, outputGiven, repo, s, rep)
	}
	// The detail (values included) goes to the lead's terminal only.
	skipped := slices.Clone(s.Checked.Skipped)
	slices.SortStableFunc(skipped, func(a, b survey.Rejected) int { return strings.Compare(a.File, b.File) })
	for _, sk := range skipped {
		fmt.Fprintf(g.io.Err, "skipped %s: %s\n", termtext.Line(sk.File), termtext.Line(sk.Reason()))
	}
	status := g.io.Out
	if o.asJSON {
		status = g.io.Err
	}
	if o.csvDir != "" {
		files, err := rep.WriteCSV(g.abs(o.csvDir))
		if err != nil {
			return err
		}
		fmt.Fprintf(status, "wrote %d CSV files in %s\n", len(files), o.csvDir)
	}
	if o.asJSON {
		if err := rep.WriteJSON(g.io.Out); err != nil {
			return err
		}
		if !outputGiven {
			warnAllHidden(g, rep)
			return nil
		}
	}
	out := o.output
	if !filepath.IsAbs(out) {
		out = g.abs(out)
	}
	var buf bytes.Buffer
	if err := rep.WriteXLSX(&buf); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	if err := gitstore.WriteFileAtomic(out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(status, "wrote %s: %s from %s at %s (%s), %s skipped\n",
		o.output, plural(rep.Responses, "response"), plural(rep.Participants, "participant"), rep.Revision[:7], rep.RevisionDate.Format("2006-01-02"), plural(len(rep.Skipped), "file"))
	warnAllHidden(g, rep)
	return nil
}

// unverified leaves out of the figures the responses the audit cannot
// vouch for, unless include: a lead who has checked them counts them.
func unverified(g *globals, res *audit.Result, responses []*survey.Response, include bool) (kept []*survey.Response, out []aggregate.Skipped, leftOut map[string]bool) {
	unv := res.Unverified(responses)
	if len(unv) == 0 {
		return responses, nil, nil
	}
	if include {
		fmt.Fprintf(g.io.Err, "note: --include-unverified: %s that the audit cannot vouch for counted in the figures\n", plural(len(unv), "response file"))
		return responses, nil, nil
	}
	leftOut = map[string]bool{}
	for _, u := range unv {
		leftOut[u.File] = true
		out = append(out, aggregate.Skipped{File: u.File, Reason: u.Reason})
		fmt.Fprintf(g.io.Err, "left out %s: %s\n", termtext.Line(u.File), u.Reason)
	}
	for _, r := range responses {
		if !leftOut[r.File] {
			kept = append(kept, r)
		}
	}
	fmt.Fprintf(g.io.Err, "note: %s left out of the figures, unverified (see About); report --include-unverified counts them once you have checked them\n", plural(len(unv), "response file"))
	return kept, out, leftOut
}

// reportRepo opens the workshop to report on: the one around -C, or the
// remote one --from names, fetched into a temporary folder that done
// removes. Only the last commit is fetched unless the report reads another
// state (--at, --compare): then the whole history and the rounds, and the
// report audits it as it would a local copy.
func reportRepo(g *globals, o *reportOptions) (repo *gitstore.Repo, shallow bool, done func(), err error) {
	done = func() {}
	if o.from == "" {
		repo, err = openRepo(g.workdir())
		return repo, false, done, err
	}
	from := gitstore.AbsRemoteURL(o.from, g.abs("."))
	// Always the whole history: the figures are made along it (figures
	// move in steps), and from the last commit alone they would be that
	// state's own answers, which the report of the next state could be
	// subtracted from.
	full := true
	fmt.Fprintf(g.io.Err, "reading %s\n", gitstore.RedactURL(from))
	c, err := gitstore.ReadRemote(context.Background(), from, gitstore.ReadRemoteOptions{Credentials: credentials(), Full: full})
	if errors.Is(err, gitstore.ErrRemoteEmpty) {
		return nil, false, done, fmt.Errorf("%s has no workshop yet (no commits)", gitstore.RedactURL(from))
	}
	var re *gitstore.RemoteError
	if errors.As(err, &re) {
		return nil, false, done, remoteFailure(g, re, "no report", remoteAdvice(re))
	}
	if err != nil {
		return nil, false, done, err
	}
	return c.Repo, c.Shallow, func() { _ = c.Close() }, nil
}

// reportAuditLimit is how many commits of history not audited before a
// report audits itself (a fraction of a second); beyond that it asks for
// skillmap audit, which keeps its work.
const reportAuditLimit = 2000

// warnAllHidden says so when a report shows no figures at all, so that a
// first report of a few responses does not look broken.
func warnAllHidden(g *globals, rep *aggregate.Report) {
	for _, row := range rep.Activities {
		for _, c := range row.Cells {
			if c.Mean != nil {
				return
			}
		}
	}
	fmt.Fprintf(g.io.Err, "note: every figure is hidden: no group has %d or more people who answered (min_group)\n", rep.MinGroup)
}

// sameShape is the commit of base when its role levels, scale and
// activities are s's, so that one walk of s's history gives base's figures
// too (when base is on it), as base's own report gives them; zero
// otherwise.
func sameShape(s, base *snapshot) gitstore.Hash {
	if base == nil || !slices.Equal(s.Workshop.RoleIDs(), base.Workshop.RoleIDs()) || !slices.Equal(s.Workshop.Scale, base.Workshop.Scale) ||
		!slices.Equal(activityKeys(s.Framework), activityKeys(base.Framework)) {
		return gitstore.Hash{}
	}
	return base.Snap.Commit
}

func activityKeys(f *survey.Framework) []string {
	var keys []string
	for _, sk := range f.Skills {
		for _, a := range sk.Activities {
			keys = append(keys, sk.Key()+"/"+a.ID)
		}
	}
	return keys
}
