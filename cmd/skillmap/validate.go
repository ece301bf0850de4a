package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/workshop"
)

type validateOptions struct {
	files  []string
	asJSON bool
	github bool
}

func newValidateCmd(g *globals) *cobra.Command {
	o := &validateOptions{}
	cmd := &cobra.Command{
		Use:   "validate [FILE...]",
		Short: "Check response files in the working tree",
		Long: `Checks response files as they are in the working tree, that is, what
participants are about to submit: YAML syntax, unknown skill or activity ids,
ratings off the scale, unknown roles, an id that does not match the file name,
two files with one id. Prints one "file:line: message" per problem and exits
with 1 if there are any.

--github prints each problem as a GitHub Actions workflow command instead
(::error file=FILE,line=LINE::MESSAGE), which shows it on its line of the
pull request; the workflow of init --ci github runs it so.

Without FILE, checks every file in responses/.`,
		Example: `  skillmap validate
  skillmap validate responses/jane-smith.yaml
  skillmap validate --json
  skillmap validate --github`,
		Args: args(cobra.ArbitraryArgs),
		RunE: func(cmd *cobra.Command, a []string) error {
			o.files = a
			return runValidate(g, o)
		},
	}
	cmd.Flags().BoolVar(&o.asJSON, "json", false, "print the problems as JSON")
	cmd.Flags().BoolVar(&o.github, "github", false, "print the problems as GitHub Actions error annotations")
	cmd.MarkFlagsMutuallyExclusive("json", "github")
	return cmd
}

// problemJSON is one problem in validate's JSON output.
type problemJSON struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

func runValidate(g *globals, o *validateOptions) error {
	w, err := openWorkshop(g.workdir())
	if err != nil {
		return err
	}
	warnSettings(g, w.ws)
	var files []survey.SourceFile
	if len(o.files) == 0 {
		if files, err = workshop.WorktreeResponses(w.repo); err != nil {
			return err
		}
	}
	for _, f := range o.files {
		rel, err := w.rel(g.abs(f))
		if err != nil {
			return err
		}
		files = append(files, workshop.WorktreeResponse(w.repo, rel))
	}
	checked := survey.CheckResponses(w.ws, w.fw, files)
	ps := checked.Problems()
	if o.asJSON {
		out := struct {
			Files    int           `json:"files"`
			Valid    int           `json:"valid"`
			Problems []problemJSON `json:"problems"`
		}{len(files), len(checked.Valid), []problemJSON{}}
		for _, p := range ps {
			out.Problems = append(out.Problems, problemJSON{p.File, p.Line, p.Msg})
		}
		if err := writeJSON(g, out); err != nil {
			return err
		}
	} else {
		for _, p := range ps {
			if o.github {
				// Escaped as the workflow-command syntax requires, so that a
				// file name or a quoted value cannot end the command and
				// start another.
				fmt.Fprintln(g.io.Out, termtext.GitHubAnnotation("error", p.File, p.Line, "skillmap validate", p.Msg))
				continue
			}
			fmt.Fprintln(g.io.Out, p)
		}
		fmt.Fprintf(g.io.Err, "%s checked: %d valid, %d with problems\n", plural(len(files), "file"), len(checked.Valid), len(checked.Skipped))
	}
	if len(ps) > 0 {
		return exitError{exitFailed}
	}
	return nil
}
