package main

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/survey"
)

type statusOptions struct {
	asJSON bool
}

func newStatusCmd(g *globals) *cobra.Command {
	o := &statusOptions{}
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show who has submitted, and how much they answered",
		Long: `Shows, for each participant: their role, how many activities their committed
response rates, when they last submitted (the date of the last commit that
changed their file after it was added), and whether their working copy has
changes not yet submitted. Then totals per role level. Never shows ratings.`,
		Example: `  skillmap status
  skillmap status --json`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return runStatus(g, o) },
	}
	cmd.Flags().BoolVar(&o.asJSON, "json", false, "print JSON")
	return cmd
}

// participantStatus is one row of skillmap status; its JSON is documented
// in the README.
type participantStatus struct {
	ID                 string     `json:"id"`
	Name               string     `json:"name"`
	Role               string     `json:"role"`
	Answered           int        `json:"answered"`
	Total              int        `json:"total"`
	Submitted          bool       `json:"submitted"`
	LastSubmitted      *time.Time `json:"last_submitted"`
	UnsubmittedChanges bool       `json:"unsubmitted_changes"`
	Problem            string     `json:"problem,omitempty"`
}

type roleStatus struct {
	Role         string `json:"role"`
	Participants int    `json:"participants"`
	Submitted    int    `json:"submitted"`
	Complete     int    `json:"complete"`
}

type statusReport struct {
	Revision     string              `json:"revision"`
	Activities   int                 `json:"activities"`
	Participants []participantStatus `json:"participants"`
	Roles        []roleStatus        `json:"roles"`
}

func runStatus(g *globals, o *statusOptions) error {
	w, err := openWorkshop(g.workdir())
	if err != nil {
		return err
	}
	warnSettings(g, w.ws)
	s, err := loadSnapshotProgress(w.repo, "HEAD", g)
	if err != nil {
		return err
	}
	bar := g.newProgress("reading history: commits", 0)
	logs, err := s.Snap.FolderHistoryProgress(survey.ResponsesDir, bar.set)
	bar.done()
	if err != nil {
		return err
	}
	logs = lookPastUpgrades(w.repo, s.Snap, survey.ResponsesDir, logs)
	submitted := submittedIn(s, logs)
	rep := statusReport{Revision: s.Snap.Commit.String(), Activities: s.Framework.ActivityCount(), Participants: []participantStatus{}}
	rows := map[string]*participantStatus{}
	for _, r := range s.Checked.Valid {
		name := path.Base(r.File)
		st := &participantStatus{ID: r.Participant.ID, Name: r.Participant.Name, Role: r.Participant.Role,
			Answered: r.Answered(), Total: rep.Activities}
		if submitted[name] {
			st.Submitted = true
			when := logs[name].Last.When
			st.LastSubmitted = &when
		}
		rows[name] = st
	}
	for _, bad := range s.Checked.Skipped {
		name := path.Base(bad.File)
		st := &participantStatus{ID: survey.IDFromPath(name), Name: bad.Participant.Name, Role: bad.Participant.Role,
			Total: rep.Activities, Problem: bad.SharedReason()}
		if l := logs[name]; l != nil && l.LastAt != l.Created {
			st.Submitted = true
			when := l.Last.When
			st.LastSubmitted = &when
		}
		rows[name] = st
	}
	// The working copy: files changed or added since the last commit.
	files, err := w.worktreeChanges(s.Entries)
	if err != nil {
		return err
	}
	for _, sf := range files {
		name := path.Base(sf.Name)
		st := rows[name]
		if st == nil {
			// Only in the working copy: not committed yet.
			st = &participantStatus{ID: survey.IDFromPath(name), Total: rep.Activities}
			if r, ps := survey.ParseResponse(sf.Name, sf.Data); len(ps) == 0 {
				st.Name, st.Role, st.Answered = r.Participant.Name, r.Participant.Role, r.Answered()
			}
			rows[name] = st
		}
		e, committed := s.Entries[name]
		st.UnsubmittedChanges = !committed || sf.Err != nil || gitstore.BlobHash(sf.Data) != e.Hash
	}
	names := make([]string, 0, len(rows))
	for n := range rows {
		names = append(names, n)
	}
	sort.Strings(names)
	byRole := map[string]*roleStatus{}
	// Complete is counted by the rule round list and the workbook use.
	completion := map[string]*survey.Completion{}
	for _, r := range s.Workshop.Roles {
		byRole[r.ID] = &roleStatus{Role: r.ID}
		completion[r.ID] = &survey.Completion{}
		rep.Roles = append(rep.Roles, roleStatus{})
	}
	for _, n := range names {
		st := rows[n]
		rep.Participants = append(rep.Participants, *st)
		if rs := byRole[st.Role]; rs != nil {
			if st.Submitted {
				rs.Submitted++
			}
			completion[st.Role].Add(st.Answered, st.Total)
		}
	}
	for i, r := range s.Workshop.Roles {
		rs := byRole[r.ID]
		rs.Participants, rs.Complete = completion[r.ID].Participants, completion[r.ID].Complete
		rep.Roles[i] = *rs
	}
	if o.asJSON {
		return writeJSON(g, rep)
	}
	return printStatus(g, rep)
}

func printStatus(g *globals, rep statusReport) error {
	var b bytes.Buffer
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PARTICIPANT\tROLE\tANSWERED\tLAST SUBMITTED\tUNSUBMITTED CHANGES")
	for _, p := range rep.Participants {
		last := "never"
		if p.LastSubmitted != nil {
			last = p.LastSubmitted.Local().Format("2006-01-02 15:04")
		}
		answered := fmt.Sprintf("%d/%d", p.Answered, p.Total)
		if p.Problem != "" {
			answered = "invalid"
		}
		changes := ""
		if p.UnsubmittedChanges {
			changes = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", termtext.Line(p.ID), termtext.Line(p.Role), answered, last, changes)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "ROLE\tPARTICIPANTS\tSUBMITTED\tCOMPLETE\t")
	var tp, ts, tc int
	for _, r := range rep.Roles {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", termtext.Line(r.Role), r.Participants, r.Submitted, r.Complete)
		tp, ts, tc = tp+r.Participants, ts+r.Submitted, tc+r.Complete
	}
	fmt.Fprintf(tw, "all\t%d\t%d\t%d\t\n", tp, ts, tc)
	if err := tw.Flush(); err != nil {
		return err
	}
	if _, err := g.io.Out.Write(b.Bytes()); err != nil {
		return err
	}
	invalid := 0
	for _, p := range rep.Participants {
		if p.Problem != "" {
			invalid++
		}
	}
	if invalid > 0 {
		fmt.Fprintf(g.io.Err, "%s cannot be read as committed and %s left out of reports: see skillmap validate, or skillmap report\n",
			plural(invalid, "file"), map[bool]string{true: "is", false: "are"}[invalid == 1])
	}
	return nil
}

// submitted tells, for each valid response file of the snapshot, whether
// its participant has submitted: the file changed after the commit that
// added it, or was added with ratings in it.
func submittedIn(s *snapshot, logs map[string]*gitstore.FileLog) map[string]bool {
	out := map[string]bool{}
	for _, r := range s.Checked.Valid {
		name := path.Base(r.File)
		if l := logs[name]; l != nil && (l.LastAt != l.Created || r.Answered() > 0) {
			out[name] = true
		}
	}
	return out
}
