package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/templates"
	"github.com/skillmap/skillmap/workshop"
)

type frameworkAddOptions struct {
	framework string
	use       survey.FrameworkUse
	dryRun    bool
}

func newFrameworkAddCmd(g *globals) *cobra.Command {
	o := &frameworkAddOptions{}
	cmd := &cobra.Command{
		Use:   "add ID|FILE.yaml [--optional ROLE]... [--not-asked ROLE]...",
		Short: "Add another framework to the workshop, keeping every answer",
		Long: `Adds a framework (a built-in id, or a framework file) to the workshop, in one
commit: workshop.yaml lists it under frameworks, each framework is kept in
frameworks/ID.yaml (framework.yaml moves there), and every response file is
re-rendered with a section per framework. Every answer, retired ones
included, is kept: each file is read back to prove it before anything is
written.

The new framework is asked of every role level, unless --optional (may
answer; does not count against completion) or --not-asked names a level.

Response files with uncommitted changes, or that cannot be read, stop it
before anything is written. Comments participants wrote themselves are not
carried over by the re-render; each is listed (the text stays in the
history).`,
		Example: `  skillmap framework add product-management
  skillmap framework add product-leadership --not-asked associate-product-manager --optional product-manager
  skillmap framework add team-skills.yaml --dry-run`,
		Args: args(cobra.ExactArgs(1)),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return templates.FrameworkIDs(), cobra.ShellCompDirectiveDefault
		},
		RunE: func(cmd *cobra.Command, a []string) error {
			o.framework = a[0]
			return runFrameworkAdd(g, o)
		},
	}
	cmd.Flags().StringArrayVar(&o.use.Optional, "optional", nil, "`ROLE` may answer the framework, which does not count against its completion (repeatable)")
	cmd.Flags().StringArrayVar(&o.use.NotAsked, "not-asked", nil, "`ROLE` is not asked the framework (repeatable)")
	cmd.Flags().BoolVarP(&o.dryRun, "dry-run", "n", false, "say what would change, and write nothing")
	return cmd
}

func runFrameworkAdd(g *globals, o *frameworkAddOptions) error {
	w, err := openWorkshop(g.workdir())
	if err != nil {
		return err
	}
	add, err := loadFramework(g, o.framework)
	if err != nil {
		return err
	}
	if !o.dryRun {
		if err := refuseUncommitted(w, "add the framework"); err != nil {
			return err
		}
	}
	wsData, err := w.repo.WorktreeFile(workshopFile)
	if err != nil {
		return err
	}
	files, err := workshop.WorktreeResponses(w.repo)
	if err != nil {
		return err
	}
	res, problems, err := workshop.AddFramework(w.ws, wsData, w.fw, add, o.use, files)
	if err != nil {
		return usageErr(err)
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(g.io.Err, p)
		}
		fmt.Fprintf(g.io.Err, "framework not added: fix the %s above (skillmap validate lists them), then add it again; nothing was written\n", plural(len(problems), "problem"))
		return exitError{exitFailed}
	}
	if readme, err := w.repo.WorktreeFile("README.md"); err == nil {
		ci := workshopCI(w)
		if bytes.Equal(readme, workshopReadmeCI(w.ws, w.fw, ci)) {
			res.Files = append(res.Files, gitstore.File{Path: "README.md", Data: workshopReadmeCI(res.Workshop, res.Framework, ci)})
		} else {
			fmt.Fprintln(g.io.Err, "note: README.md was edited by hand, so it was left alone: check what it says about the framework")
		}
	}
	summary := fmt.Sprintf("%s re-rendered with a section per framework: %s kept.", plural(res.Responses, "response file"), plural(res.Answers, "answer"))
	fmt.Fprintf(g.io.Out, "Framework: %s (%s, %s in %s) joins %s\n", termtext.Line(add.Title), add.ID, plural(add.ActivityCount(), "activity"), plural(len(add.Skills), "skill"), strings.Join(w.ws.FrameworkIDs(), ", "))
	for _, p := range res.Remove {
		fmt.Fprintf(g.io.Out, "%s moves to %s\n", p, workshop.FrameworkPath(res.Workshop, w.fw.Parts()[0].ID))
	}
	fmt.Fprintln(g.io.Out, summary)
	for _, p := range res.Own {
		fmt.Fprintf(g.io.Err, "warning: %s: a comment of the participant's own is not carried over by the re-render: %s (it stays in the history)\n", termtext.Line(p.File)+lineSuffix(p.Line), termtext.Line(p.Msg))
	}
	if o.dryRun {
		fmt.Fprintln(g.io.Err, "dry run: nothing was written")
		return nil
	}
	msg := fmt.Sprintf("Add framework %s (%s)\n\n%s\n\n%s %s", add.Title, add.ID, summary, workshop.AddTrailer, add.ID)
	hash, err := w.repo.CommitRemoving(res.Files, res.Remove, w.operator(), msg)
	if err != nil {
		return err
	}
	fmt.Fprintf(g.io.Out, "committed %s: %s\n", hash.String()[:7], strings.SplitN(msg, "\n", 2)[0])
	return nil
}
