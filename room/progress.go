// Package room holds the facilitator's pages of skillmap serve: the
// progress view (how far each role level has got, who has not started;
// never a rating) and the room view for the projector (the heatmap as it
// fills in, with every rule of skillmap report, and what to talk about).
// Both are server-rendered HTML that refreshes itself without script, so
// they run under the server's strict Content-Security-Policy.
package room

import (
	"cmp"
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
	// Problems counts the files that cannot be read (their participants
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
	// Submitted is how many have committed answers.
	Submitted int
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

// NewProgress works out the facilitator view from the workshop's status
// (workshop.Status): counts only, by role level in the workshop's order.
// A participant whose role level the workshop does not list counts in All
// only.
func NewProgress(ws *survey.Workshop, st workshop.StatusReport) *Progress {
	p := &Progress{Workshop: ws.Title, Revision: st.Revision, Activities: st.Activities}
	completion := make([]survey.Completion, len(ws.Roles))
	submitted := make([]int, len(ws.Roles))
	var all survey.Completion
	for _, ps := range st.Participants {
		all.Add(ps.Answered, ps.Total)
		i := slices.IndexFunc(ws.Roles, func(r survey.Role) bool { return r.ID == ps.Role })
		if i >= 0 {
			completion[i].Add(ps.Answered, ps.Total)
		}
		if ps.Submitted {
			p.All.Submitted++
			if i >= 0 {
				submitted[i]++
			}
		}
		if ps.Problem != "" {
			p.Problems++
		}
		if ps.Answered == 0 {
			role := ps.Role
			if i >= 0 {
				role = ws.Roles[i].Name
			}
			p.NotStarted = append(p.NotStarted, Person{ID: ps.ID, Name: cmp.Or(ps.Name, ps.ID), Role: role})
		}
	}
	for i, r := range ws.Roles {
		p.Roles = append(p.Roles, roleProgress(r.ID, r.Name, completion[i], submitted[i]))
	}
	p.All = roleProgress(survey.AllGroup, "All", all, p.All.Submitted)
	order := func(role string) int {
		return slices.IndexFunc(ws.Roles, func(r survey.Role) bool { return r.Name == role })
	}
	slices.SortStableFunc(p.NotStarted, func(a, b Person) int {
		return cmp.Or(cmp.Compare(order(a.Role), order(b.Role)), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return p
}

func roleProgress(id, name string, c survey.Completion, submitted int) RoleProgress {
	return RoleProgress{ID: id, Name: name, Participants: c.Participants, Complete: c.Complete,
		Partial: c.Partial, NotStarted: c.Empty(), Submitted: submitted}
}
