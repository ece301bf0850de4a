package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/templates"
	"github.com/skillmap/skillmap/workshop"
)

func newFrameworkCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "framework",
		Short: "List, show, import, add and upgrade skills frameworks",
		Long: `A framework is a list of skills, each with the activities participants rate
themselves on. skillmap has built-in frameworks, and imports any markdown
table of "skill | activity" rows.`,
		Example: `  skillmap framework list
  skillmap framework show product-leadership
  skillmap framework import skills.md --id my-skills --title "My skills" -o my-skills.yaml
  skillmap init workshop --title "Skills 2026" --framework my-skills.yaml
  skillmap -C workshop framework add product-management
  skillmap -C workshop framework upgrade my-skills-v2.yaml --dry-run`,
	}
	cmd.AddCommand(newFrameworkListCmd(g), newFrameworkShowCmd(g), newFrameworkImportCmd(g), newFrameworkAddCmd(g), newFrameworkUpgradeCmd(g))
	groupOnly(cmd)
	return cmd
}

// builtinFramework parses a built-in framework.
func builtinFramework(id string) (*survey.Framework, error) {
	data, err := templates.Framework(id)
	if err != nil {
		return nil, err
	}
	return survey.ParseFramework("built-in "+id, data)
}

// loadFramework reads a framework given as a built-in id or a YAML file.
func loadFramework(g *globals, idOrFile string) (*survey.Framework, error) {
	if survey.ValidID(idOrFile) {
		if _, err := templates.Framework(idOrFile); err == nil {
			return builtinFramework(idOrFile)
		}
	}
	data, err := os.ReadFile(g.abs(idOrFile))
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("%q is neither a built-in framework (skillmap framework list) nor a file", idOrFile)
		}
		return nil, err
	}
	return survey.ParseFramework(idOrFile, data)
}

// workshopFrameworkJSON is one framework of a workshop in framework list
// --workshop --json: whom it is asked of, and how.
type workshopFrameworkJSON struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	File       string   `json:"file"`
	Skills     int      `json:"skills"`
	Activities int      `json:"activities"`
	Optional   []string `json:"optional"`
	NotAsked   []string `json:"not_asked"`
}

// listWorkshopFrameworks lists the frameworks of the workshop in the
// working folder, in order, with the role levels each is optional for or
// not asked of.
func listWorkshopFrameworks(g *globals, asJSON bool) error {
	w, err := openWorkshop(g.workdir())
	if err != nil {
		return err
	}
	var items []workshopFrameworkJSON
	for _, f := range w.fw.Parts() {
		u := w.ws.Use(f.ID)
		it := workshopFrameworkJSON{ID: f.ID, Title: f.Title, File: workshop.FrameworkPath(w.ws, f.ID), Skills: len(f.Skills),
			Activities: f.ActivityCount(), Optional: []string{}, NotAsked: []string{}}
		if u != nil {
			it.Optional = append(it.Optional, u.Optional...)
			it.NotAsked = append(it.NotAsked, u.NotAsked...)
		}
		items = append(items, it)
	}
	if asJSON {
		return writeJSON(g, items)
	}
	tw := tabwriter.NewWriter(g.io.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tSKILLS\tACTIVITIES\tASKED OF")
	for _, it := range items {
		asked := "every role level"
		var parts []string
		if len(it.Optional) > 0 {
			parts = append(parts, "optional for "+strings.Join(it.Optional, ", "))
		}
		if len(it.NotAsked) > 0 {
			parts = append(parts, "not asked of "+strings.Join(it.NotAsked, ", "))
		}
		if len(parts) > 0 {
			asked = strings.Join(parts, "; ")
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", it.ID, termtext.Line(it.Title), it.Skills, it.Activities, termtext.Line(asked))
	}
	return tw.Flush()
}

func newFrameworkListCmd(g *globals) *cobra.Command {
	var asJSON, inWorkshop bool
	cmd := &cobra.Command{
		Use:     "list [--workshop]",
		Short:   "List the built-in frameworks, or the workshop's",
		Args:    args(cobra.NoArgs),
		Example: "  skillmap framework list\n  skillmap framework list --json\n  skillmap -C workshop framework list --workshop",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if inWorkshop {
				return listWorkshopFrameworks(g, asJSON)
			}
			type item struct {
				ID         string `json:"id"`
				Title      string `json:"title"`
				Skills     int    `json:"skills"`
				Activities int    `json:"activities"`
			}
			var items []item
			for _, id := range templates.FrameworkIDs() {
				f, err := builtinFramework(id)
				if err != nil {
					return err
				}
				items = append(items, item{f.ID, f.Title, len(f.Skills), f.ActivityCount()})
			}
			if asJSON {
				return writeJSON(g, items)
			}
			tw := tabwriter.NewWriter(g.io.Out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tTITLE\tSKILLS\tACTIVITIES")
			for _, it := range items {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%d\n", it.ID, it.Title, it.Skills, it.Activities)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&inWorkshop, "workshop", false, "list the frameworks of the workshop (in the folder, or -C DIR) and whom each is asked of")
	return cmd
}

func newFrameworkShowCmd(g *globals) *cobra.Command {
	var asJSON, skillsOnly bool
	cmd := &cobra.Command{
		Use:   "show [ID|FILE]",
		Short: "Show a framework's skills, their descriptions and activities, with their ids",
		Long: `Shows a framework (a built-in id, or a framework file); with neither, the
framework of the workshop in the folder (or -C DIR), or each of its
frameworks, in order. --json then prints a list of them.`,
		Args:    args(cobra.MaximumNArgs(1)),
		Example: "  skillmap framework show product-leadership\n  skillmap framework show product-management --skills\n  skillmap framework show my-skills.yaml --json\n  skillmap -C workshop framework show --skills",
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return templates.FrameworkIDs(), cobra.ShellCompDirectiveDefault
		},
		RunE: func(cmd *cobra.Command, a []string) error {
			if len(a) == 0 {
				if _, err := openRepo(g.workdir()); err != nil {
					return usageErr(fmt.Errorf("accepts 1 arg(s), received 0: give a framework ID or FILE, or run it in a workshop's folder (or -C DIR) to show the workshop's frameworks"))
				}
				w, err := openWorkshop(g.workdir())
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(g, w.fw.Parts())
				}
				for i, f := range w.fw.Parts() {
					if i > 0 {
						fmt.Fprintln(g.io.Out)
					}
					showFramework(g, f, skillsOnly)
				}
				return nil
			}
			f, err := loadFramework(g, a[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(g, f)
			}
			showFramework(g, f, skillsOnly)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&skillsOnly, "skills", false, "list the skills and their descriptions only")
	return cmd
}

// showFramework prints a framework for framework show.
func showFramework(g *globals, f *survey.Framework, skillsOnly bool) {
	out := g.io.Out
	fmt.Fprintf(out, "%s (%s): %d skills, %d activities\n", termtext.Line(f.Title), f.ID, len(f.Skills), f.ActivityCount())
	if f.Description != "" {
		fmt.Fprint(out, wrapText(termtext.Text(f.Description), "", ""))
	}
	if f.Source != "" {
		fmt.Fprintf(out, "Source: %s\n", termtext.Line(f.Source))
	}
	if f.Licence != "" {
		fmt.Fprintf(out, "Licence: %s\n", termtext.Line(f.Licence))
	}
	for _, s := range f.Skills {
		fmt.Fprintf(out, "\n%s  [%s]", termtext.Line(s.Name), s.ID)
		if skillsOnly {
			fmt.Fprintf(out, "  (%d of the %d activities)", len(s.Activities), f.ActivityCount())
		}
		fmt.Fprintln(out)
		if s.Description != "" {
			fmt.Fprint(out, wrapText(termtext.Text(s.Description), "  ", "  "))
		}
		if skillsOnly {
			continue
		}
		for _, a := range s.Activities {
			fmt.Fprintf(out, "%s    [%s]\n", wrapText(termtext.Text(a.Text), "  - ", "    "), a.ID)
		}
	}
}

// showWidth is where framework show wraps text.
const showWidth = 80

// wrapText wraps text at showWidth, starting with first and indenting the
// lines after it with rest.
func wrapText(text, first, rest string) string {
	var b strings.Builder
	line := first
	empty := true
	for _, word := range strings.Fields(text) {
		if !empty && len(line)+1+len(word) > showWidth {
			b.WriteString(line + "\n")
			line, empty = rest, true
		}
		if !empty {
			line += " "
		}
		line += word
		empty = false
	}
	b.WriteString(line + "\n")
	return b.String()
}

func newFrameworkImportCmd(g *globals) *cobra.Command {
	var opt survey.ImportOptions
	var out string
	cmd := &cobra.Command{
		Use:   "import FILE.md --id ID --title TITLE [-o FILE.yaml]",
		Short: "Turn a markdown table of skills and activities into a framework file",
		Long: `Reads the first table of a markdown file whose rows are "skill | activity"
pairs and writes a framework file. Broken tables are tolerated: rows may lack
a leading or trailing pipe or hold several pairs, and exact duplicates are
dropped. Each tolerance is reported on stderr.

Skill names that differ only in case, or by one typing slip in a name of 8 or
more characters ("DDigital perspective" beside "Digital perspective"), are
near-duplicates: they are merged into the spelling most rows use, with a
warning. --skill NAME gives the right spelling (also for a name the table
never spells right); --keep-similar-skills keeps them apart.

A later table with two columns whose header mentions "description"
("Skill | Skill description") gives each skill its description.`,
		Example: `  skillmap framework import skills.md --id my-skills --title "My skills" -o my-skills.yaml
  skillmap framework import skills.md --id my-skills --title "My skills" > my-skills.yaml
  skillmap framework import README.md --id product-management --title "Product Management" \
      --skill "Lifecycle perspective" -o product-management.yaml`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			data, err := os.ReadFile(g.abs(a[0]))
			if err != nil {
				return err
			}
			f, warns, err := survey.ImportMarkdown(a[0], data, opt)
			for _, w := range warns {
				fmt.Fprintln(g.io.Err, "warning:", w)
			}
			if err != nil {
				return err
			}
			yaml := f.Marshal()
			if out == "" || out == "-" {
				_, err = g.io.dataOut().Write(yaml)
				return err
			}
			if err := os.WriteFile(g.abs(out), yaml, 0o644); err != nil {
				return err
			}
			fmt.Fprintf(g.io.Err, "wrote %s: %d skills, %d activities\n", out, len(f.Skills), f.ActivityCount())
			return nil
		},
	}
	cmd.Flags().StringVar(&opt.ID, "id", "", "framework `ID` (lower-case words joined by hyphens)")
	cmd.Flags().StringVar(&opt.Title, "title", "", "framework `TITLE`")
	cmd.Flags().StringVar(&opt.Description, "description", "", "a sentence saying who the framework is for")
	cmd.Flags().StringVar(&opt.Source, "source", "", "where the text was published (`URL`)")
	cmd.Flags().StringVar(&opt.Licence, "licence", "", "the acknowledgement the text's licence asks for")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to `FILE` (default: standard output)")
	cmd.Flags().StringArrayVar(&opt.Skills, "skill", nil, "the right spelling of a skill `NAME` the table misspells (repeatable)")
	cmd.Flags().BoolVar(&opt.KeepSimilar, "keep-similar-skills", false, "keep near-duplicate skill names apart instead of merging them")
	_ = cmd.MarkFlagRequired("id")
	_ = cmd.MarkFlagRequired("title")
	return cmd
}

func writeJSON(g *globals, v any) error {
	enc := json.NewEncoder(g.io.Out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
