package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/audit"
	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/workshop"
)

func newAuditCmd(g *globals) *cobra.Command {
	var asJSON bool
	var at string
	cmd := &cobra.Command{
		Use:   "audit [--json]",
		Short: "Check who changed each response, and whether the settings moved under the answers",
		Long: `Walks every commit that reached the branch once, both sides of every merge,
and judges each by the facilitators listed in workshop.yaml before it (as
far as a facilitator added them). It reports:

  - every change to a participant's response file whose author or committer
    is neither that participant (as the file said before the change) nor a
    facilitator;
  - every response file added in a commit not made by a facilitator, and
    every role a participant changed in their own file: the roster and the
    roles are the facilitators';
  - every change to framework.yaml or workshop.yaml by someone who is not a
    facilitator, or after the first response was submitted, because it
    changes what the answers mean.

A merge answers for what it writes itself; the commits it brings in are
judged one by one. Changes whose files are not in the repository (a partial
clone) are counted as not checked, never reported.

Exits with 1 when it finds any.`,
		Example: `  skillmap audit
  skillmap audit --json
  skillmap audit --at spring-2026`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			repo, err := openRepo(g.workdir())
			if err != nil {
				return err
			}
			s, err := loadSnapshot(repo, at)
			if err != nil {
				return err
			}
			res, err := runAudit(repo, s, -1)
			if err != nil {
				return err
			}
			if asJSON {
				if err := writeJSON(g, res); err != nil {
					return err
				}
			} else {
				for _, f := range res.Findings {
					fmt.Fprintln(g.io.Out, termtext.Line(f.String()))
				}
				form := ""
				if res.Form > 0 {
					form = fmt.Sprintf(" (%d from the web form, skillmap serve)", res.Form)
				}
				fmt.Fprintf(g.io.Err, "%s checked%s, %s\n", plural(res.Commits, "commit"), form, plural(len(res.Findings), "finding"))
			}
			if res.NotChecked > 0 {
				fmt.Fprintf(g.io.Err, "note: %s not checked: the files they need are not in this repository (a partial clone?); audit a full clone to check them\n",
					plural(res.NotChecked, "change"))
			}
			if len(res.Findings) > 0 {
				return exitError{exitFailed}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&at, "at", "HEAD", "audit the history up to `REV` (a revision, a round or a date)")
	return cmd
}

// runAudit audits the history of a snapshot (see package audit); with
// maxNew ≥ 0 it gives up (nil, nil) rather than read more than maxNew
// commits not audited before.
func runAudit(repo *gitstore.Repo, s *snapshot, maxNew int) (*audit.Result, error) {
	cache := workshop.LoadParseCache(repo)
	res, err := audit.Run(repo, s.Snap, s.Workshop, s.Framework, audit.Options{Cache: cache, Build: workshop.BuildID(), MaxNew: maxNew})
	workshop.SaveParseCache(repo, cache)
	return res, err
}
