package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/aggregate"
	"github.com/skillmap/skillmap/gitstore"
)

type reportOptions struct {
	output   string
	asJSON   bool
	at       string
	minGroup int
}

func newReportCmd(g *globals) *cobra.Command {
	o := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report [-o FILE.xlsx] [--json] [--at REV]",
		Short: "Write the workbook of heatmaps by skill and role level",
		Long: `Reads every response committed at a revision (HEAD by default: what has been
submitted, not the working tree) and writes an Excel workbook: mean ratings
by skill and by activity for each role level and for everyone, with the
number of people behind each, on a colour scale fixed to the rating scale.
Groups smaller than min_group are hidden.

Files that cannot be read are left out, listed on stderr and in the
workbook's About sheet. --json prints the same figures on stdout (and writes
the workbook only if -o is given too).`,
		Example: `  skillmap report
  skillmap report -o spring-2026.xlsx --at v1
  skillmap report --json --at HEAD~5 > figures.json
  skillmap report --min-group 10`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.minGroup < 0 {
				return usageErr(errors.New("--min-group must be a positive number"))
			}
			return runReport(g, o, cmd.Flags().Changed("output"))
		},
	}
	cmd.Flags().StringVarP(&o.output, "output", "o", "report.xlsx", "write the workbook to `FILE`")
	cmd.Flags().BoolVar(&o.asJSON, "json", false, "print the figures as JSON on stdout")
	cmd.Flags().StringVar(&o.at, "at", "HEAD", "report the responses as committed at `REV` (branch, tag, hash, HEAD~2...)")
	cmd.Flags().IntVar(&o.minGroup, "min-group", 0, "hide groups smaller than `N` (default: the workshop's min_group; it cannot be lowered below it)")
	return cmd
}

func runReport(g *globals, o *reportOptions, outputGiven bool) error {
	repo, err := gitstore.Open(g.workdir())
	if err != nil {
		return err
	}
	s, err := loadSnapshotProgress(repo, o.at, g)
	if err != nil {
		return err
	}
	if o.minGroup > 0 && o.minGroup < s.ws.MinGroup {
		return usageErr(fmt.Errorf("--min-group %d is below the workshop's min_group %d; a report may hide more, never less", o.minGroup, s.ws.MinGroup))
	}
	rep := aggregate.Compute(s.input(o.minGroup))
	for _, sk := range rep.Skipped {
		fmt.Fprintf(g.io.Err, "skipped %s: %s\n", sk.File, sk.Reason)
	}
	status := g.io.Out
	if o.asJSON {
		status = g.io.Err
		if err := rep.WriteJSON(g.io.Out); err != nil {
			return err
		}
		if !outputGiven {
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
	if err := writeFileAtomic(out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(status, "wrote %s: %d responses from %d participants at %s (%s), %s skipped\n",
		o.output, rep.Responses, rep.Participants, rep.Revision[:7], rep.RevisionDate.Format("2006-01-02"), plural(len(rep.Skipped), "file"))
	return nil
}

// writeFileAtomic writes a file in one step, so a reader never sees half a
// workbook.
func writeFileAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".skillmap-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, bytes.NewReader(data)); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
