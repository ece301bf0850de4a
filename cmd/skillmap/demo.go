package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/aggregate"
	"github.com/skillmap/skillmap/figures"
	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/templates"
	"github.com/skillmap/skillmap/workshop"
)

type demoOptions struct {
	dir          string
	participants int
	seed         uint64
	framework    string
}

func newDemoCmd(g *globals) *cobra.Command {
	o := &demoOptions{}
	cmd := &cobra.Command{
		Use:   "demo [DIR]",
		Short: "Make a whole example workshop and its report, with no setup",
		Long: `Runs the whole workshop loop with made-up people: creates a workshop in DIR
(default ./skillmap-demo), adds participants spread over the role levels,
commits each one's plausible answers as that person (more senior roles rate
themselves higher; some activities are left blank; a few people never
submit), closes the round, and does it again six months later, when many
have improved. Then it writes the report to DIR/report.xlsx, with the change
between the two rounds.

The same --seed gives the same repository content and the same figures.`,
		Example: `  skillmap demo
  skillmap demo /tmp/big-demo --participants 500 --seed 7
  skillmap -C skillmap-demo status`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			o.dir = "skillmap-demo"
			if len(a) == 1 {
				o.dir = a[0]
			}
			o.dir = g.abs(o.dir)
			if o.participants < 1 {
				return usageErr(errors.New("--participants must be at least 1"))
			}
			return runDemo(g, o)
		},
	}
	cmd.Flags().IntVar(&o.participants, "participants", 40, "how many participants to make up")
	cmd.Flags().Uint64Var(&o.seed, "seed", 1, "random seed: the same seed gives the same workshop")
	cmd.Flags().StringVar(&o.framework, "framework", "product-leadership", "built-in framework `ID`, or a framework YAML FILE")
	return cmd
}

// The demo's calendar: two rounds six months apart, on fixed dates, so the
// same seed gives the same repository, commit for commit.
var (
	demoStart  = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	demoRounds = []struct {
		name   string
		start  time.Time
		closed time.Time
	}{
		{"spring-2026", demoStart.Add(time.Hour), time.Date(2026, 3, 31, 17, 0, 0, 0, time.UTC)},
		{"autumn-2026", time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC), time.Date(2026, 9, 30, 17, 0, 0, 0, time.UTC)},
	}
)

func runDemo(g *globals, o *demoOptions) error {
	if entries, err := os.ReadDir(o.dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s already exists and is not empty: remove it, or give another DIR (skillmap demo DIR)", o.dir)
	}
	fw, err := loadFramework(g, o.framework)
	if err != nil {
		return err
	}
	facilitator := survey.Person{Name: "Demo Facilitator", Email: "facilitator@example.org"}
	ws := survey.NewWorkshop("Product leadership skills (demo)", fw.ID, []survey.Person{facilitator})
	repo, err := gitstore.Init(o.dir)
	if err != nil {
		return err
	}
	// Each round is one batch: its commits go into one packfile, and the
	// branch and the index are written once, before the round's tag.
	batch, err := repo.NewBatch()
	if err != nil {
		return err
	}
	defer func() { batch.Abort() }()
	fsig := func(when time.Time) gitstore.Signature {
		return gitstore.Signature{Name: facilitator.Name, Email: facilitator.Email, When: when}
	}
	files := []gitstore.File{
		{Path: workshopFile, Data: ws.Marshal()},
		{Path: frameworkFile, Data: fw.Marshal()},
		{Path: "README.md", Data: workshopReadme(ws, fw)},
		{Path: ".gitignore", Data: templates.Gitignore()},
	}
	if _, err := batch.Commit(files, fsig(demoStart), "Start workshop: "+ws.Title); err != nil {
		return err
	}
	people := survey.Synthesize(ws, fw, o.participants, o.seed)
	empty := make([]*survey.Response, len(people))
	for i, p := range people {
		empty[i] = survey.NewResponse(p.Response.Participant)
	}
	scaffold := make([]gitstore.File, len(people))
	for i, data := range survey.RenderResponses(ws, fw, empty) {
		scaffold[i] = gitstore.File{Path: survey.ResponsePath(people[i].Response.Participant.ID), Data: data}
	}
	if _, err := batch.Commit(scaffold, fsig(demoStart.Add(30*time.Minute)), fmt.Sprintf("Add %d participants", len(people))); err != nil {
		return err
	}
	rounds := [][]survey.Synthetic{people, survey.SynthesizeNextRound(ws, fw, people, o.seed)}
	bar := g.newProgress("committing", len(rounds)*len(people))
	defer bar.done()
	for ri, round := range rounds {
		if ri > 0 {
			if batch, err = repo.NewBatch(); err != nil {
				return err
			}
		}
		answered := make([]*survey.Response, len(round))
		for i, p := range round {
			answered[i] = p.Response
		}
		filled := survey.RenderResponses(ws, fw, answered)
		cal := demoRounds[ri]
		// Submissions spread evenly over the first three weeks of the round.
		step := 21 * 24 * time.Hour / time.Duration(len(round)+1)
		for i, p := range round {
			bar.add()
			if !p.Submits {
				continue
			}
			pt := p.Response.Participant
			a := pt.Author()
			msg := fmt.Sprintf("Submit self-assessment of %s (%s)\n\n%d of %d activities rated.", pt.Name, pt.Role, p.Response.Answered(), fw.ActivityCount())
			sig := gitstore.Signature{Name: a.Name, Email: a.Email, When: cal.start.Add(time.Duration(i+1) * step)}
			_, err := batch.Commit([]gitstore.File{{Path: survey.ResponsePath(pt.ID), Data: filled[i]}}, sig, msg)
			if errors.Is(err, gitstore.ErrNoChanges) {
				continue // answers as before: nothing new to commit
			}
			if err != nil {
				return err
			}
		}
		if err := batch.Finish(); err != nil {
			return err
		}
		if _, err := repo.CreateTag(workshop.RoundTag(cal.name), fsig(cal.closed), fmt.Sprintf("Close round %s", cal.name)); err != nil {
			return err
		}
	}
	bar.done()
	first, last := demoRounds[0].name, demoRounds[len(demoRounds)-1].name
	// The report is of the last round (the state at HEAD), named so, as
	// demo prints it; its history is small, so it is audited whole.
	s, err := loadSnapshot(repo, last)
	if err != nil {
		return err
	}
	in := s.Input(0)
	audited, err := runAudit(repo, s, -1)
	if err != nil {
		return err
	}
	in.AuditFailed = audited.Files
	var leftOut map[string]bool
	in.Responses, in.Unverified, leftOut = unverified(g, audited, in.Responses, false)
	// The figures as report gives them: moved in steps along the history.
	base, err := loadSnapshot(repo, first)
	if err != nil {
		return err
	}
	bin := base.Input(0)
	if in.Held, bin.Held, err = figures.HeldAlso(repo, s.Snap, s.Workshop, s.Framework, s.Workshop.ReportMinGroup(), leftOut, nil, sameShape(s, base), nil); err != nil {
		return err
	}
	rep := aggregate.Compute(in)
	if bin.Held == nil {
		if bin.Held, err = figures.Held(repo, base.Snap, base.Workshop, base.Framework, rep.MinGroup, leftOut, nil); err != nil {
			return err
		}
	}
	rep.Compare(in, bin, base.Label)
	closedReports, err := workshop.RoundReports(repo, s.Snap, rep.MinGroup, leftOut, nil, nil)
	if err != nil {
		return err
	}
	rep.AddTrend(closedReports)
	var buf bytes.Buffer
	if err := rep.WriteXLSX(&buf); err != nil {
		return err
	}
	out := filepath.Join(o.dir, "report.xlsx")
	if err := gitstore.WriteFileAtomic(out, buf.Bytes()); err != nil {
		return err
	}
	hidden := 0
	for _, rows := range [][]aggregate.Row{rep.Skills, rep.Activities} {
		for _, r := range rows {
			for _, c := range r.Cells {
				if c.Suppressed {
					hidden++
				}
			}
		}
	}
	dir := shellQuote(o.dir)
	fmt.Fprintf(g.io.Out, "Made a demo workshop in %s\n", o.dir)
	fmt.Fprintf(g.io.Out, "  framework:    %s (%d activities in %d skills)\n", fw.Title, fw.ActivityCount(), len(fw.Skills))
	fmt.Fprintf(g.io.Out, "  participants: %d\n", len(people))
	for _, gr := range rep.Groups[:len(rep.Groups)-1] {
		fmt.Fprintf(g.io.Out, "    %-28s %d\n", gr.Name, gr.Participants)
	}
	// The figures of round list itself, so that the two agree.
	closed, err := closedRounds(repo)
	if err != nil {
		return err
	}
	for _, r := range closed {
		fmt.Fprintf(g.io.Out, "  round %s, closed %s: %d of %d submitted this round, %d in all (a commit each, as its author); %d complete\n",
			r.Name, r.Date.UTC().Format("2 January 2006"), r.ThisRound, r.Participants, r.Submitted, r.Complete)
	}
	fmt.Fprintf(g.io.Out, "  report:       %s (round %s compared with %s; %d cells hidden to protect groups under %d people)\n", out, last, first, hidden, rep.MinGroup)
	fmt.Fprintf(g.io.Out, "Try next:\n  skillmap -C %s status\n  skillmap -C %s round list\n  skillmap -C %s report --at %s --json\n  git -C %s log --oneline | head\n",
		dir, dir, dir, first, dir)
	return nil
}
