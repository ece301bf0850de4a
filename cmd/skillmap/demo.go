package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/aggregate"
	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/templates"
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
submit), then writes the report to DIR/report.xlsx.

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
	// One batch: every commit goes into one packfile, and the branch and
	// index are written once at the end.
	batch, err := repo.NewBatch()
	if err != nil {
		return err
	}
	defer batch.Abort()
	fsig := gitstore.Signature{Name: facilitator.Name, Email: facilitator.Email}
	files := []gitstore.File{
		{Path: workshopFile, Data: ws.Marshal()},
		{Path: frameworkFile, Data: fw.Marshal()},
		{Path: "README.md", Data: workshopReadme(ws, fw)},
		{Path: ".gitignore", Data: templates.Gitignore()},
	}
	if _, err := batch.Commit(files, fsig, "Start workshop: "+ws.Title); err != nil {
		return err
	}
	people := survey.Synthesize(ws, fw, o.participants, o.seed)
	empty := make([]*survey.Response, len(people))
	answered := make([]*survey.Response, len(people))
	for i, p := range people {
		empty[i] = survey.NewResponse(p.Response.Participant)
		answered[i] = p.Response
	}
	filled := survey.RenderResponses(ws, fw, answered)
	scaffold := make([]gitstore.File, len(people))
	for i, data := range survey.RenderResponses(ws, fw, empty) {
		scaffold[i] = gitstore.File{Path: survey.ResponsePath(people[i].Response.Participant.ID), Data: data}
	}
	if _, err := batch.Commit(scaffold, fsig, fmt.Sprintf("Add %d participants", len(people))); err != nil {
		return err
	}
	submitted := 0
	bar := g.newProgress("committing", len(people))
	defer bar.done()
	for i, p := range people {
		bar.add()
		if !p.Submits {
			continue
		}
		pt := p.Response.Participant
		a := pt.Author()
		data := filled[i]
		msg := fmt.Sprintf("Submit self-assessment of %s (%s)\n\n%d of %d activities rated.", pt.Name, pt.Role, p.Response.Answered(), fw.ActivityCount())
		if _, err := batch.Commit([]gitstore.File{{Path: survey.ResponsePath(pt.ID), Data: data}}, gitstore.Signature{Name: a.Name, Email: a.Email}, msg); err != nil {
			return err
		}
		submitted++
	}
	bar.done()
	if err := batch.Finish(); err != nil {
		return err
	}
	s, err := loadSnapshot(repo, "HEAD")
	if err != nil {
		return err
	}
	rep := aggregate.Compute(s.input(0))
	var buf bytes.Buffer
	if err := rep.WriteXLSX(&buf); err != nil {
		return err
	}
	out := filepath.Join(o.dir, "report.xlsx")
	if err := writeFileAtomic(out, buf.Bytes()); err != nil {
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
	fmt.Fprintf(g.io.Out, "Made a demo workshop in %s\n", o.dir)
	fmt.Fprintf(g.io.Out, "  framework:    %s (%d activities in %d skills)\n", fw.Title, fw.ActivityCount(), len(fw.Skills))
	fmt.Fprintf(g.io.Out, "  participants: %d, of whom %d submitted (one commit each, as themselves)\n", len(people), submitted)
	for _, gr := range rep.Groups[:len(rep.Groups)-1] {
		fmt.Fprintf(g.io.Out, "    %-28s %d\n", gr.Name, gr.Participants)
	}
	fmt.Fprintf(g.io.Out, "  report:       %s (%d cells hidden: groups under %d people)\n", out, hidden, rep.MinGroup)
	fmt.Fprintf(g.io.Out, "Try next:\n  skillmap -C %s status\n  skillmap -C %s report --json\n  git -C %s log --oneline | head\n",
		shellQuote(o.dir), shellQuote(o.dir), shellQuote(o.dir))
	return nil
}
