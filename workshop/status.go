package workshop

import (
	"path"
	"sort"
	"strings"
	"time"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
)

// UpgradeTrailer marks a framework upgrade's commit. It re-renders every
// response file and is nobody's submission, so status looks past it.
const UpgradeTrailer = "Skillmap-Framework-Upgrade:"

// AddTrailer marks the commit of skillmap framework add, which re-renders
// every response file in the layout of several frameworks: nobody's
// submission either.
const AddTrailer = "Skillmap-Framework-Add:"

// ParticipantStatus is one row of skillmap status; its JSON is documented
// in the README.
type ParticipantStatus struct {
	ID                 string     `json:"id"`
	Name               string     `json:"name"`
	Role               string     `json:"role"`
	Answered           int        `json:"answered"`
	Total              int        `json:"total"`
	Submitted          bool       `json:"submitted"`
	LastSubmitted      *time.Time `json:"last_submitted"`
	UnsubmittedChanges bool       `json:"unsubmitted_changes"`
	Problem            string     `json:"problem,omitempty"`
	// Frameworks is how far the participant got in each framework their
	// role level is asked, in a workshop of several (Answered and Total
	// count only the frameworks they must answer).
	Frameworks []FrameworkProgress `json:"frameworks,omitempty"`
}

// FrameworkProgress is how many of one framework's activities a
// participant rated.
type FrameworkProgress struct {
	Framework string `json:"framework_id"`
	Answered  int    `json:"answered"`
	Total     int    `json:"total"`
	// Optional frameworks do not count against completion.
	Optional bool `json:"optional"`
}

// progress fills in how far a participant got, overall and by framework.
func progress(st *ParticipantStatus, w *survey.Workshop, f *survey.Framework, r *survey.Response) {
	r = r.KeyedFor(f)
	st.Answered, st.Total = survey.RequiredAnswered(w, f, r)
	if !f.Several() {
		return
	}
	for _, p := range f.Parts() {
		if !w.Asked(r.Participant.Role, p.ID) {
			continue
		}
		st.Frameworks = append(st.Frameworks, FrameworkProgress{Framework: p.ID, Answered: r.AnsweredIn(f, p.ID),
			Total: p.ActivityCount(), Optional: !w.Required(r.Participant.Role, p.ID)})
	}
}

// RoleStatus is the totals of one role level.
type RoleStatus struct {
	Role         string `json:"role"`
	Participants int    `json:"participants"`
	Submitted    int    `json:"submitted"`
	Complete     int    `json:"complete"`
}

// StatusReport is what skillmap status shows: who has submitted and how
// much, never a rating.
type StatusReport struct {
	Revision   string `json:"revision"`
	Activities int    `json:"activities"`
	// Frameworks lists the workshop's frameworks when it has several, in
	// order (each participant's frameworks says how far they got in each).
	Frameworks   []string            `json:"frameworks,omitempty"`
	Participants []ParticipantStatus `json:"participants"`
	Roles        []RoleStatus        `json:"roles"`
}

// Status works out the status of a workshop: its committed state at HEAD
// (s), the history of each response file, and the working tree's changes.
func Status(repo *gitstore.Repo, s *Snapshot, newBar NewProgress) (StatusReport, error) {
	var set func(int)
	var bar Progress
	if newBar != nil {
		bar = newBar("reading history: commits", 0)
		set = bar.Set
	}
	logs, err := s.Snap.FolderHistoryProgress(survey.ResponsesDir, set)
	if bar != nil {
		bar.Done()
	}
	if err != nil {
		return StatusReport{}, err
	}
	logs = LookPastUpgrades(repo, s.Snap, survey.ResponsesDir, logs)
	submitted := Submitted(s, logs)
	rep := StatusReport{Revision: s.Snap.Commit.String(), Activities: s.Framework.ActivityCount(), Participants: []ParticipantStatus{}}
	if s.Framework.Several() {
		rep.Frameworks = s.Workshop.FrameworkIDs()
	}
	rows := map[string]*ParticipantStatus{}
	for _, r := range s.Checked.Valid {
		name := path.Base(r.File)
		st := &ParticipantStatus{ID: r.Participant.ID, Name: r.Participant.Name, Role: r.Participant.Role}
		progress(st, s.Workshop, s.Framework, r)
		if submitted[name] {
			st.Submitted = true
			when := logs[name].Last.When
			st.LastSubmitted = &when
		}
		rows[name] = st
	}
	for _, bad := range s.Checked.Skipped {
		name := path.Base(bad.File)
		st := &ParticipantStatus{ID: survey.IDFromPath(name), Name: bad.Participant.Name, Role: bad.Participant.Role,
			Total: rep.Activities, Problem: bad.SharedReason()}
		if l := logs[name]; l != nil && l.LastAt != l.Created {
			st.Submitted = true
			when := l.Last.When
			st.LastSubmitted = &when
		}
		rows[name] = st
	}
	// The working copy: files changed or added since the last commit.
	files, err := WorktreeChanges(repo, s.Entries)
	if err != nil {
		return StatusReport{}, err
	}
	for _, sf := range files {
		name := path.Base(sf.Name)
		st := rows[name]
		if st == nil {
			// Only in the working copy: not committed yet.
			st = &ParticipantStatus{ID: survey.IDFromPath(name), Total: rep.Activities}
			if r, ps := survey.ParseResponse(sf.Name, sf.Data); len(ps) == 0 {
				st.Name, st.Role = r.Participant.Name, r.Participant.Role
				progress(st, s.Workshop, s.Framework, r)
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
	byRole := map[string]*RoleStatus{}
	// Complete is counted by the rule round list and the workbook use.
	completion := map[string]*survey.Completion{}
	for _, r := range s.Workshop.Roles {
		byRole[r.ID] = &RoleStatus{Role: r.ID}
		completion[r.ID] = &survey.Completion{}
		rep.Roles = append(rep.Roles, RoleStatus{})
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
	return rep, nil
}

// Submitted tells, for each valid response file of the snapshot, whether
// its participant has submitted: the file changed after the commit that
// added it, or was added with ratings in it.
func Submitted(s *Snapshot, logs map[string]*gitstore.FileLog) map[string]bool {
	out := map[string]bool{}
	for _, r := range s.Checked.Valid {
		name := path.Base(r.File)
		if l := logs[name]; l != nil && (l.LastAt != l.Created || r.Answered() > 0) {
			out[name] = true
		}
	}
	return out
}

// LookPastUpgrades replaces the log of each file whose last change was a
// framework upgrade or framework add (which re-render every response file,
// and are nobody's submission) with its log as of just before that commit, so that status
// reports when the participant last submitted. An upgrade changes
// framework.yaml, so only the commits that did are read for its trailer
// (a cached walk); upgrades are rare, and each costs one more walk of the
// history.
func LookPastUpgrades(repo *gitstore.Repo, snap *gitstore.Snapshot, dir string, logs map[string]*gitstore.FileLog) map[string]*gitstore.FileLog {
	upgrade := map[gitstore.Hash]bool{}
	if changes, err := snap.WalkChanges(FrameworkFile, FrameworksDir+"/"); err == nil {
		for _, c := range changes {
			if strings.Contains(c.Message, "\n"+UpgradeTrailer+" ") || strings.Contains(c.Message, "\n"+AddTrailer+" ") {
				upgrade[c.Commit] = true
			}
		}
	}
	if len(upgrade) == 0 {
		return logs
	}
	isUpgrade := func(h gitstore.Hash) bool { return upgrade[h] }
	before := map[gitstore.Hash]map[string]*gitstore.FileLog{}
	logsBefore := func(h gitstore.Hash) map[string]*gitstore.FileLog {
		if l, ok := before[h]; ok {
			return l
		}
		var l map[string]*gitstore.FileLog
		if snap, err := repo.At(h.String() + "^"); err == nil {
			l, _ = snap.FolderHistory(dir)
		}
		before[h] = l
		return l
	}
	out := make(map[string]*gitstore.FileLog, len(logs))
	for name, l := range logs {
		for l != nil && isUpgrade(l.LastAt) {
			prev := logsBefore(l.LastAt)[name]
			if prev == nil {
				break // the upgrade made the file: keep what we have
			}
			l = prev
		}
		out[name] = l
	}
	return out
}
