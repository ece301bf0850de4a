// Package room holds the facilitator's pages of skillmap serve: the
// progress view (how far each role level has got, who has not started;
// never a rating) and the room view for the projector (the heatmap as it
// fills in, with every rule of skillmap report, and what to talk about).
// Both are server-rendered HTML that refreshes itself without script, so
// they run under the server's strict Content-Security-Policy.
package room

import (
	"cmp"
	"path"
	"slices"

	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/workshop"
)

// Progress is the facilitator view: completion per role level, by the
// rule status and round list use (survey.Completion), and who has not
// started. It carries no rating.
type Progress struct {
	Workshop   string
	Revision   string
	Activities int
	Roles      []RoleProgress
	// All is the totals of every role level.
	All RoleProgress
	// NotStarted lists the participants who have answered nothing yet,
	// by role level then name.
	NotStarted []Person
	// Problems counts the files that cannot be used (their participants
	// count as not started; skillmap validate says why).
	Problems int
}

// RoleProgress is how far one role level has got.
type RoleProgress struct {
	ID, Name     string
	Participants int
	Complete     int
	Partial      int
	NotStarted   int
}

// Percent is the share complete, rounded down, for the progress bar's
// text (0 with no participants).
func (r RoleProgress) Percent() int {
	if r.Participants == 0 {
		return 0
	}
	return r.Complete * 100 / r.Participants
}

// Person is a participant who has not started.
type Person struct {
	ID, Name, Role string
}

// NewProgress works out the facilitator view of a workshop as committed
// (what participants have saved or submitted): counts only, by role level
// in the workshop's order, by the rule skillmap status uses
// (survey.Completion of survey.RequiredAnswered: an optional framework
// keeps nobody from being complete). A file that cannot be used counts as a participant
// who has not started. A participant whose role level the workshop does
// not list counts in All only.
func NewProgress(s *workshop.Snapshot) *Progress {
	ws := s.Workshop
	total := s.Framework.ActivityCount()
	p := &Progress{Workshop: ws.Title, Revision: s.Snap.Commit.String(), Activities: total}
	completion := make([]survey.Completion, len(ws.Roles))
	var all survey.Completion
	add := func(id, name, role string, answered, total int) {
		all.Add(answered, total)
		i := slices.IndexFunc(ws.Roles, func(r survey.Role) bool { return r.ID == role })
		if i >= 0 {
			completion[i].Add(answered, total)
			role = ws.Roles[i].Name
		}
		if answered == 0 {
			p.NotStarted = append(p.NotStarted, Person{ID: id, Name: cmp.Or(name, id), Role: role})
		}
	}
	for _, r := range s.Checked.Valid {
		// Complete is every activity of the frameworks the participant's
		// role level must answer, as skillmap status counts it.
		answered, required := survey.RequiredAnswered(ws, s.Framework, r)
		add(r.Participant.ID, r.Participant.Name, r.Participant.Role, answered, required)
	}
	for _, bad := range s.Checked.Skipped {
		p.Problems++
		add(survey.IDFromPath(path.Base(bad.File)), bad.Participant.Name, bad.Participant.Role, 0, total)
	}
	for i, r := range ws.Roles {
		p.Roles = append(p.Roles, roleProgress(r.ID, r.Name, completion[i]))
	}
	p.All = roleProgress(survey.AllGroup, "All", all)
	// By role level in the workshop's order (unknown ones last), then name.
	order := func(role string) int {
		if i := slices.IndexFunc(ws.Roles, func(r survey.Role) bool { return r.Name == role }); i >= 0 {
			return i
		}
		return len(ws.Roles)
	}
	slices.SortStableFunc(p.NotStarted, func(a, b Person) int {
		return cmp.Or(cmp.Compare(order(a.Role), order(b.Role)), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return p
}

func roleProgress(id, name string, c survey.Completion) RoleProgress {
	return RoleProgress{ID: id, Name: name, Participants: c.Participants, Complete: c.Complete,
		Partial: c.Partial, NotStarted: c.Empty()}
}
