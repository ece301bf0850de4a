package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/buildinfo"
	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/templates"
	"github.com/skillmap/skillmap/workshop"
)

type initOptions struct {
	dir          string
	title        string
	frameworks   []string
	facilitators []string
	minGroup     int
	pseudonymous bool
	ci           string
	remote       string
}

func newInitCmd(g *globals) *cobra.Command {
	o := &initOptions{}
	cmd := &cobra.Command{
		Use:   "init DIR --title TITLE",
		Short: "Create a workshop repository",
		Long: `Creates a Git repository for a workshop, holding the workshop settings
(workshop.yaml), a full copy of the framework (framework.yaml), a README that
tells participants what to do, and an empty responses/ folder, and commits it
on branch main as the facilitator.

--framework again adds another framework: every participant's file then has
a section for each (frameworks/ID.yaml holds each framework). Each is asked
of every role level; workshop.yaml says otherwise (optional, not_asked).

The facilitator defaults to your Git user.name and user.email.

--ci github also writes .github/workflows/skillmap.yml: on every pull
request it runs skillmap validate, so a participant who edits their file in
the web editor gets a check that names the file and line of any mistake; on
the main branch it builds the workbook as a downloadable artifact.

--remote URL shares the workshop: it becomes the remote (origin) and the
first commit is pushed there. Create an empty repository on your Git host
first (no README or licence), and give participants its URL for skillmap
join. If the push fails, the workshop is still created here (exit 3): run
skillmap sync in it later.`,
		Example: `  skillmap init pm-skills --title "Product leadership skills, spring 2026"
  skillmap init pm-skills --title "PM skills" --facilitator "Ana Ruiz <ana@example.org>" --min-group 7
  skillmap init pm-skills --title "PM skills" --framework my-skills.yaml
  skillmap init pm-skills --title "PM skills" --framework product-management --ci github
  skillmap init pm-skills --title "PM skills" --framework product-management --framework product-leadership
  skillmap init pm-skills --title "PM skills" --remote https://git.example.org/pm/pm-skills.git`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			o.dir = g.abs(a[0])
			return runInit(g, o)
		},
	}
	cmd.Flags().StringVar(&o.title, "title", "", "the workshop's `TITLE` (required)")
	cmd.Flags().StringArrayVar(&o.frameworks, "framework", []string{"product-leadership"}, "built-in framework `ID`, or a framework YAML FILE (repeatable: several frameworks in one workshop)")
	cmd.Flags().StringArrayVar(&o.facilitators, "facilitator", nil, "facilitator as `\"Name <email>\"` (repeatable; default: your Git identity)")
	cmd.Flags().IntVar(&o.minGroup, "min-group", survey.DefaultMinGroup, "smallest group whose figures a report shows (at least 3)")
	cmd.Flags().BoolVar(&o.pseudonymous, "pseudonymous", false, "random participant ids, and no names or emails in the repository")
	cmd.Flags().StringVar(&o.ci, "ci", "", "also write a workflow for a hosted `CI` (github) that checks pull requests and builds the workbook")
	cmd.Flags().StringVar(&o.remote, "remote", "", "share the workshop: push it to the empty Git repository at `URL`")
	_ = cmd.MarkFlagRequired("title")
	_ = cmd.RegisterFlagCompletionFunc("framework", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return templates.FrameworkIDs(), cobra.ShellCompDirectiveDefault
	})
	return cmd
}

func runInit(g *globals, o *initOptions) error {
	if o.minGroup < survey.MinGroupFloor {
		return usageErr(fmt.Errorf("--min-group must be at least %d: in a smaller group each member can subtract their own answers from the figures and read the others'", survey.MinGroupFloor))
	}
	var workflow []byte
	devWorkflow := false
	if o.ci != "" {
		var err error
		// The workflow installs this very version: a development build
		// has none to install, and writes one that fails until a
		// released version is written in.
		v := build.Version
		if !build.Installable() {
			v = buildinfo.Dev
		}
		if workflow, err = templates.CIWorkflow(o.ci, buildinfo.Module, v, v == buildinfo.Dev); err != nil {
			return usageErr(fmt.Errorf("--ci: %w", err))
		}
		devWorkflow = v == buildinfo.Dev
	}
	var fws []*survey.Framework
	for _, idOrFile := range o.frameworks {
		f, err := loadFramework(g, idOrFile)
		if err != nil {
			return err
		}
		for _, other := range fws {
			if other.ID == f.ID {
				return usageErr(fmt.Errorf("--framework %s: framework %s is given twice", idOrFile, f.ID))
			}
		}
		fws = append(fws, f)
	}
	if len(fws) > survey.MaxFrameworks {
		return usageErr(fmt.Errorf("--framework: %d frameworks; a workshop holds at most %d", len(fws), survey.MaxFrameworks))
	}
	fw := survey.Combine(fws...)
	var facilitators []survey.Person
	for _, s := range o.facilitators {
		p, err := survey.ParsePerson(s)
		if err != nil {
			return usageErr(fmt.Errorf("--facilitator: %w", err))
		}
		facilitators = append(facilitators, p)
	}
	if len(facilitators) == 0 {
		name, email := gitstore.GlobalUser()
		if name == "" || email == "" {
			return usageErr(fmt.Errorf("who is the facilitator? Pass --facilitator \"Name <email>\", or set git config --global user.name and user.email"))
		}
		p, err := survey.ParsePerson(fmt.Sprintf("%s <%s>", name, email))
		if err != nil {
			return fmt.Errorf("your Git identity: %w; pass --facilitator \"Name <email>\"", err)
		}
		facilitators = append(facilitators, p)
	}
	if o.pseudonymous {
		// The facilitators' names stay out of the repository too: their
		// commits and the settings name a role, not a person.
		facilitators = []survey.Person{{Name: "facilitator", Email: "facilitator@" + survey.PseudonymousDomain}}
	}
	ws := survey.NewWorkshop(o.title, fws[0].ID, facilitators)
	for _, f := range fws[1:] {
		ws.AddFramework(f.ID)
	}
	ws.MinGroup = o.minGroup
	ws.Pseudonymous = o.pseudonymous
	repo, err := gitstore.Init(o.dir)
	if err != nil {
		return err
	}
	files := []gitstore.File{{Path: workshopFile, Data: append(ws.Marshal(), survey.ExpectationsExample(ws, fw)...)}}
	for _, f := range fws {
		files = append(files, gitstore.File{Path: workshop.FrameworkPath(ws, f.ID), Data: f.Marshal()})
	}
	files = append(files, []gitstore.File{
		{Path: "README.md", Data: workshopReadmeCI(ws, fw, o.ci)},
		{Path: ".gitignore", Data: templates.Gitignore()},
		{Path: survey.ResponsesDir + "/README.md", Data: []byte("# Responses\n\nOne file per participant, named after their id: `<id>.yaml`.\n" +
			"Facilitators add participants with `skillmap add`; see the README one folder up.\n")},
	}...)
	if workflow != nil {
		files = append(files, gitstore.File{Path: templates.CIPath[o.ci], Data: workflow})
	}
	f := facilitators[0]
	if _, err := repo.Commit(files, gitstore.Signature{Name: f.Name, Email: f.Email}, "Start workshop: "+o.title); err != nil {
		return err
	}
	fmt.Fprintf(g.io.Out, "Created workshop %q in %s\n", o.title, o.dir)
	if devWorkflow {
		fmt.Fprintf(g.io.Err, "warning: this skillmap is a development build, with no version to install: %s fails until a released version (vX.Y.Z) is written in place of dev there\n", templates.CIPath[o.ci])
	}
	if fw.Several() {
		for _, f := range fws {
			fmt.Fprintf(g.io.Out, "Framework: %s (%s, %s in %s)\n", termtext.Line(f.Title), f.ID, plural(f.ActivityCount(), "activity"), plural(len(f.Skills), "skill"))
		}
		fmt.Fprintf(g.io.Out, "Every role level is asked every framework (edit workshop.yaml to make one optional or not asked); smallest group shown: %d\n", ws.MinGroup)
	} else {
		fmt.Fprintf(g.io.Out, "Framework: %s (%d activities in %d skills); smallest group shown: %d\n", termtext.Line(fw.Title), fw.ActivityCount(), len(fw.Skills), ws.MinGroup)
	}
	if o.pseudonymous {
		fmt.Fprintf(g.io.Out, "Pseudonymous: participants get random ids; who is who goes to %s, outside the repository\n",
			peopleFile(repo.Root(), "", false))
	}
	fmt.Fprintf(g.io.Out, "Next: add participants, for example\n  skillmap -C %s add \"Jane Smith\" --role %s --email jane.smith@example.org\n", shellQuote(o.dir), ws.Roles[len(ws.Roles)/2].ID)
	if o.remote == "" {
		return nil
	}
	if err := repo.SetOrigin(gitstore.AbsRemoteURL(o.remote, g.abs("."))); err != nil {
		return err
	}
	res, err := syncRemote(g, repo)
	if err != nil {
		return notSynced(g, err, "created locally, not pushed")
	}
	fmt.Fprintf(g.io.Out, "Pushed to %s; after adding participants, run skillmap sync, and give them the URL for skillmap join\n", remoteName(res))
	return nil
}

func workshopReadme(ws *survey.Workshop, fw *survey.Framework) []byte {
	return workshopReadmeCI(ws, fw, "")
}

// workshopReadmeCI is the README of a workshop with a workflow for the
// hosted CI ci ("" for none), which it tells participants about.
func workshopReadmeCI(ws *survey.Workshop, fw *survey.Framework, ci string) []byte {
	d := templates.ReadmeData{
		CI:             ci,
		Title:          ws.Title,
		FrameworkTitle: fw.Title,
		Several:        fw.Several(),
		Activities:     fw.ActivityCount(),
		Skills:         len(fw.Skills),
	}
	for _, r := range ws.Roles {
		d.Roles = append(d.Roles, templates.Row{Key: r.ID, Text: r.Name})
	}
	for _, l := range ws.Scale {
		text := l.Label
		if l.Meaning != "" {
			text += " (" + l.Meaning + ")"
		}
		d.Scale = append(d.Scale, templates.Row{Key: strconv.Itoa(l.Value), Text: text})
	}
	for _, f := range ws.Facilitators {
		d.Facilitators = append(d.Facilitators, f.Name)
	}
	return templates.Readme(d)
}

// shellQuote quotes a path for a command line shown to the user, only when
// it needs it.
func shellQuote(s string) string {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_./", c)) {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}
