package main

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/templates"
	"github.com/skillmap/skillmap/workshop"
)

type upgradeOptions struct {
	framework string
	of        string // in a workshop of several, the framework upgraded
	renames   []string
	dryRun    bool
	asJSON    bool
}

func newFrameworkUpgradeCmd(g *globals) *cobra.Command {
	o := &upgradeOptions{}
	cmd := &cobra.Command{
		Use:   "upgrade ID|FILE.yaml [--rename OLD=NEW]... [--dry-run]",
		Short: "Move the workshop to a new version of its framework, keeping every answer",
		Long: `Replaces the workshop's framework.yaml with a new framework (a file, or a
built-in id), sets the framework id in workshop.yaml if it changed, and
re-renders every response file, all in one commit:

  - new activities are added, blank;
  - answers to activities in both frameworks are kept;
  - answers to removed activities are kept under "retired:" at the end of the
    file, and come back if a later upgrade brings the activity back.

An activity is known by its id. The same id with reworded text, or under
another skill, is the same activity: its answers are kept, and reworded
activities are listed so you can judge whether the meaning changed. A new id
with exactly the text of a removed one is that activity, renamed. Any other
new id is a new activity; to say that it replaces a removed one, and so take
its answers, pass --rename OLD-ID=NEW-ID.

In a workshop of several frameworks, the upgrade is of one of them: the one
with the new framework's id, or the one --framework names (when the new
version has another id). Answers to the others are kept as they are.

Response files with uncommitted changes, or that cannot be read, stop the
upgrade before anything is written. Comments participants wrote themselves
are not carried over by the re-render; each is listed (the text stays in
the history).`,
		Example: `  skillmap framework upgrade team-skills-v2.yaml --dry-run
  skillmap framework upgrade team-skills-v2.yaml --rename run-a-retro=run-retrospectives
  skillmap framework upgrade product-management
  skillmap framework upgrade team-skills-2027.yaml --framework team-skills`,
		Args: args(cobra.ExactArgs(1)),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return templates.FrameworkIDs(), cobra.ShellCompDirectiveDefault
		},
		RunE: func(cmd *cobra.Command, a []string) error {
			o.framework = a[0]
			return runUpgrade(g, o)
		},
	}
	cmd.Flags().StringArrayVar(&o.renames, "rename", nil, "`OLD=NEW`: activity NEW replaces removed activity OLD and takes its answers (repeatable)")
	cmd.Flags().BoolVarP(&o.dryRun, "dry-run", "n", false, "say what would change, and write nothing")
	cmd.Flags().BoolVar(&o.asJSON, "json", false, "print what changed as JSON")
	cmd.Flags().StringVar(&o.of, "framework", "", "in a workshop of several frameworks, the `ID` of the one upgraded (default: the new framework's id)")
	return cmd
}

// upgradeFileJSON is one response file in upgrade's JSON output.
type upgradeFileJSON struct {
	File       string `json:"file"`
	Kept       int    `json:"kept"`
	Retired    int    `json:"retired"`
	Restored   int    `json:"restored"`
	Archived   int    `json:"archived"`
	Superseded int    `json:"superseded"`
	Changed    bool   `json:"changed"`
}

type upgradeJSON struct {
	From    string                   `json:"from"`
	To      string                   `json:"to"`
	DryRun  bool                     `json:"dry_run"`
	Changes *survey.FrameworkChanges `json:"changes"`
	Files   []upgradeFileJSON        `json:"files"`
	Commit  string                   `json:"commit"`
}

func runUpgrade(g *globals, o *upgradeOptions) error {
	w, err := openWorkshop(g.workdir())
	if err != nil {
		return err
	}
	renames := map[string]string{}
	for _, r := range o.renames {
		from, to, ok := strings.Cut(r, "=")
		if !ok || !survey.ValidID(from) || !survey.ValidID(to) {
			return usageErr(fmt.Errorf("--rename %q: expected OLD-ID=NEW-ID, two activity ids", r))
		}
		if _, dup := renames[from]; dup {
			return usageErr(fmt.Errorf("--rename %s given twice", from))
		}
		renames[from] = to
	}
	newFw, err := loadFramework(g, o.framework)
	if err != nil {
		return err
	}
	// The framework upgraded: the workshop's only one, or one of several.
	old := w.fw.Parts()[0]
	if w.fw.Several() {
		id := o.of
		if id == "" {
			id = newFw.ID
		}
		if old = w.fw.Part(id); old == nil {
			return usageErr(fmt.Errorf("the workshop has no framework %s (it has %s): say which the new framework replaces with --framework ID",
				id, strings.Join(w.ws.FrameworkIDs(), ", ")))
		}
		if newFw.ID != old.ID && w.fw.Part(newFw.ID) != nil {
			return usageErr(fmt.Errorf("the workshop has framework %s already; upgrade it on its own", newFw.ID))
		}
	} else if o.of != "" && o.of != old.ID {
		return usageErr(fmt.Errorf("--framework %s: the workshop's framework is %s", o.of, old.ID))
	}
	oldPath := workshop.FrameworkPath(w.ws, old.ID)
	changes, err := survey.CompareFrameworks(old, newFw, renames)
	if err != nil {
		return usageErr(err)
	}
	if bytes.Equal(old.Marshal(), newFw.Marshal()) {
		fmt.Fprintf(g.io.Out, "%s already holds %s (%s); nothing to do\n", oldPath, termtext.Line(newFw.Title), newFw.ID)
		return nil
	}
	if !o.dryRun {
		if err := refuseUncommitted(w, "upgrade"); err != nil {
			return err
		}
	}

	newWs := *w.ws
	newWs.Frameworks = slices.Clone(w.ws.Frameworks)
	var parts []*survey.Framework
	for i, p := range w.fw.Parts() {
		if p == old {
			newWs.Frameworks[i].ID = newFw.ID
			p = newFw
		}
		parts = append(parts, p)
	}
	newView := survey.Combine(parts...)
	// Expectations naming what the new framework lacks would stop every
	// report after the upgrade: they are edited first.
	if ps := newWs.CheckExpectations(workshopFile, newView); len(ps) > 0 {
		for _, p := range ps {
			fmt.Fprintln(g.io.Err, p)
		}
		fmt.Fprintf(g.io.Err, "framework not upgraded: the expectations in %s do not fit the new framework; edit them, then upgrade again; nothing was written\n", workshopFile)
		return exitError{exitFailed}
	}
	files, err := workshop.WorktreeResponses(w.repo)
	if err != nil {
		return err
	}
	var commit []gitstore.File
	var problems, own survey.Problems
	report := upgradeJSON{From: old.ID, To: newFw.ID, DryRun: o.dryRun, Changes: changes, Files: []upgradeFileJSON{}}
	var total survey.AnswerMoves
	for _, sf := range files {
		if sf.Err != nil {
			problems = append(problems, survey.Problem{File: sf.Name, Msg: sf.Err.Error()})
			continue
		}
		r, ps := survey.ParseResponse(sf.Name, sf.Data)
		if len(ps) > 0 {
			problems = append(problems, ps...)
			continue
		}
		retired, ps := survey.ReadRetired(sf.Name, sf.Data)
		if len(ps) > 0 {
			problems = append(problems, ps...)
			continue
		}
		if asIs, _ := survey.ParseForRewrite(sf.Name, sf.Data); asIs != nil {
			own = append(own, survey.OwnComments(sf.Name, sf.Data, survey.RenderResponse(w.ws, w.fw, asIs))...)
		}
		var up *survey.Response
		var m survey.AnswerMoves
		if w.fw.Several() {
			up, m = survey.UpgradeResponseIn(r, retired, changes, w.fw, old, newFw)
		} else {
			up, m = survey.UpgradeResponse(r, retired, changes, old, newFw)
		}
		out := survey.RenderResponse(&newWs, newView, up)
		changed := !bytes.Equal(out, sf.Data)
		if changed {
			commit = append(commit, gitstore.File{Path: sf.Name, Data: out})
		}
		report.Files = append(report.Files, upgradeFileJSON{File: sf.Name, Kept: m.Kept, Retired: m.Retired, Restored: m.Restored,
			Archived: m.Archived, Superseded: m.Superseded, Changed: changed})
		total.Kept += m.Kept
		total.Retired += m.Retired
		total.Restored += m.Restored
		total.Superseded += m.Superseded
		total.FocusDropped += m.FocusDropped
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(g.io.Err, p)
		}
		fmt.Fprintf(g.io.Err, "framework not upgraded: fix the %s above (skillmap validate lists them), then upgrade again; nothing was written\n", plural(len(problems), "problem"))
		return exitError{exitFailed}
	}

	newPath := workshop.FrameworkPath(&newWs, newFw.ID)
	settings := []gitstore.File{{Path: newPath, Data: newFw.Marshal()}}
	var remove []string
	if newPath != oldPath {
		remove = append(remove, oldPath)
	}
	if newFw.ID != old.ID {
		wsData, err := w.repo.WorktreeFile(workshopFile)
		if err != nil {
			return err
		}
		var data []byte
		ok := false
		if w.fw.Several() {
			data, ok = survey.RenameWorkshopFramework(wsData, old.ID, newFw.ID)
		} else {
			data, ok = survey.SetWorkshopFramework(wsData, newFw.ID)
		}
		if !ok {
			data = newWs.Marshal()
		}
		settings = append(settings, gitstore.File{Path: workshopFile, Data: data})
	}
	readmeNote := ""
	if readme, err := w.repo.WorktreeFile("README.md"); err == nil {
		ci := workshopCI(w)
		if bytes.Equal(readme, workshopReadmeCI(w.ws, w.fw, ci)) {
			settings = append(settings, gitstore.File{Path: "README.md", Data: workshopReadmeCI(&newWs, newView, ci)})
		} else {
			readmeNote = "README.md was edited by hand, so it was left alone: check what it says about the framework"
		}
	}
	commit = append(settings, commit...)

	summary := fmt.Sprintf("%s kept, %d renamed, %d added, %d removed; %s re-rendered: %s kept, %d retired, %d restored.",
		plural(old.ActivityCount()-len(changes.Removed)-len(changes.Renamed), "activity"), len(changes.Renamed), len(changes.Added), len(changes.Removed),
		plural(len(report.Files), "response file"), plural(total.Kept, "answer"), total.Retired, total.Restored)
	if !o.asJSON {
		printChanges(g, old, newFw, changes)
		fmt.Fprintln(g.io.Out, summary)
	}
	for _, p := range own {
		fmt.Fprintf(g.io.Err, "warning: %s: a comment of the participant's own is not carried over by the re-render: %s (it stays in the history)\n", termtext.Line(p.File)+lineSuffix(p.Line), termtext.Line(p.Msg))
	}
	if total.Superseded > 0 {
		fmt.Fprintf(g.io.Err, "warning: %s dropped: their activity is back and already has a newer answer\n", plural(total.Superseded, "retired answer"))
	}
	if total.FocusDropped > 0 {
		fmt.Fprintf(g.io.Err, "warning: %s dropped from participants' plans: the new framework no longer has the activity (the plans' text is kept)\n", plural(total.FocusDropped, "focus activity"))
	}
	if readmeNote != "" {
		fmt.Fprintln(g.io.Err, "note:", readmeNote)
	}
	if o.dryRun {
		if o.asJSON {
			return writeJSON(g, report)
		}
		fmt.Fprintln(g.io.Err, "dry run: nothing was written")
		return nil
	}
	msg := fmt.Sprintf("Upgrade framework to %s (%s)\n\n%s\n\n%s %s -> %s", newFw.Title, newFw.ID, summary, workshop.UpgradeTrailer, old.ID, newFw.ID)
	if w.fw.Several() {
		msg = fmt.Sprintf("Upgrade framework %s to %s (%s)\n\n%s\n\n%s %s -> %s", old.ID, newFw.Title, newFw.ID, summary, workshop.UpgradeTrailer, old.ID, newFw.ID)
	}
	var hash gitstore.Hash
	if len(remove) > 0 {
		hash, err = w.repo.CommitRemoving(commit, remove, w.operator(), msg)
	} else {
		hash, err = w.repo.Commit(commit, w.operator(), msg)
	}
	if err != nil {
		return err
	}
	report.Commit = hash.String()
	if o.asJSON {
		return writeJSON(g, report)
	}
	fmt.Fprintf(g.io.Out, "committed %s: %s\n", hash.String()[:7], strings.SplitN(msg, "\n", 2)[0])
	return nil
}

func lineSuffix(line int) string {
	if line > 0 {
		return fmt.Sprintf(":%d", line)
	}
	return ""
}

// printChanges lists the changes one activity a line, like a diff.
func printChanges(g *globals, old, new *survey.Framework, c *survey.FrameworkChanges) {
	out := g.io.Out
	fmt.Fprintf(out, "Framework: %s (%s, %d activities) -> %s (%s, %d activities)\n",
		termtext.Line(old.Title), old.ID, old.ActivityCount(), termtext.Line(new.Title), new.ID, new.ActivityCount())
	if c.Unchanged() {
		fmt.Fprintln(out, "No activity changed (titles, names or descriptions did).")
	}
	for _, a := range c.Added {
		fmt.Fprintf(out, "  added     %s/%s\n", a.Skill, a.ID)
	}
	for _, a := range c.Removed {
		fmt.Fprintf(out, "  removed   %s/%s (answers retired)\n", a.Skill, a.ID)
	}
	for _, r := range c.Renamed {
		how := "--rename"
		if r.ByText {
			how = "same text"
		}
		fmt.Fprintf(out, "  renamed   %s/%s -> %s/%s (%s; answers kept)\n", r.From.Skill, r.From.ID, r.To.Skill, r.To.ID, how)
	}
	for _, a := range c.Moved {
		fmt.Fprintf(out, "  moved     %s to skill %s (answers kept)\n", a.ID, a.Skill)
	}
	for _, a := range c.Reworded {
		fmt.Fprintf(out, "  reworded  %s/%s (answers kept; is the meaning the same?): %s\n", a.Skill, a.ID, termtext.Line(a.Text))
	}
}

// uncommittedFiles lists the workshop files whose working copy differs
// from HEAD: an upgrade commits them, and must not sweep up someone's
// unsubmitted answers.
// refuseUncommitted stops a command that rewrites the workshop's files
// before it could overwrite someone's uncommitted edits; then says what
// to do next.
func refuseUncommitted(w *checkout, then string) error {
	dirty, err := uncommittedFiles(w)
	if err != nil {
		return err
	}
	if len(dirty) > 0 {
		return fmt.Errorf("these files have changes that are not committed:\n  %s\n"+
			"commit them (or ask their participants to submit) or discard them, then %s; nothing was written",
			strings.Join(lines(dirty), "\n  "), then)
	}
	return nil
}

func uncommittedFiles(w *checkout) ([]string, error) {
	snap, err := w.repo.At("HEAD")
	if err != nil {
		return nil, err
	}
	// README.md is left out: it is only rewritten when it is exactly as
	// init wrote it.
	names := map[string]bool{workshopFile: true, frameworkFile: true}
	for _, p := range workshop.FrameworkPaths(w.ws) {
		names[p] = true
	}
	entries, err := snap.Dir(survey.ResponsesDir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if survey.IsResponseName(e.Name) {
			names[path.Join(survey.ResponsesDir, e.Name)] = true
		}
	}
	local, err := os.ReadDir(filepath.Join(w.repo.Root(), survey.ResponsesDir))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	for _, e := range local {
		if survey.IsResponseName(e.Name()) {
			names[path.Join(survey.ResponsesDir, e.Name())] = true
		}
	}
	var dirty []string
	for _, n := range slices.Sorted(maps.Keys(names)) {
		committed, cerr := snap.ReadFile(n)
		local, lerr := w.repo.WorktreeFile(n)
		switch {
		case cerr != nil && lerr != nil:
			// in neither
		case cerr != nil:
			dirty = append(dirty, n+" (not committed yet)")
		case lerr != nil:
			dirty = append(dirty, n+" (deleted)")
		case !bytes.Equal(committed, local):
			dirty = append(dirty, n+" (modified)")
		}
	}
	return dirty, nil
}

// workshopCI is the hosted CI a workshop has skillmap's workflow for, or "".
func workshopCI(w *checkout) string {
	for ci, p := range templates.CIPath {
		if _, err := w.repo.WorktreeFile(p); err == nil {
			return ci
		}
	}
	return ""
}

// lines makes each of ss safe to print as a line of its own.
func lines(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = termtext.Line(s)
	}
	return out
}
