package aggregate

import (
	"slices"
	"strings"

	"github.com/skillmap/skillmap/survey"
)

// ReportFramework is one of the frameworks a report covers, in workshop
// order, and the role levels it is not asked of (their cells say so rather
// than looking empty).
type ReportFramework struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	NotAsked []string `json:"not_asked"`
	// Optional lists the role levels that may leave it out: their answers
	// count, but not answering it still makes a response complete.
	Optional []string `json:"optional,omitempty"`

	source, licence string
}

// NotAskedMarker is what a cell shows for a role level the workshop does
// not ask that framework: nobody there was meant to answer.
const NotAskedMarker = "not asked"

// skillFramework is the id of the framework a skill of f belongs to: its
// own in a combined view (survey.Combine), f's in a framework read from its
// file.
func skillFramework(f *survey.Framework, s *survey.Skill) string {
	if s.Framework != "" {
		return s.Framework
	}
	return f.ID
}

// roleAsked says whether the workshop asks a role level a framework.
// Answers of a role level not asked a framework are counted nowhere: in
// All they could be worked out by subtraction, with no cell of their own
// to hide. A framework the workshop does not list (settings made in code
// for one framework) is asked of everyone.
func roleAsked(w *survey.Workshop, role, framework string) bool {
	return w.Use(framework) == nil || w.Asked(role, framework)
}

// roleMust says whether the workshop asks a role level a framework, and not
// as optional.
func roleMust(w *survey.Workshop, role, framework string) bool {
	return w.Use(framework) == nil || w.Required(role, framework)
}

// FrameworksOf lists the frameworks of the combined framework f, in
// workshop order, with the role levels not asked each and those it is
// optional for.
func FrameworksOf(w *survey.Workshop, f *survey.Framework) []ReportFramework {
	var out []ReportFramework
	for _, p := range f.Parts() {
		rf := ReportFramework{ID: p.ID, Title: p.Title, NotAsked: []string{}, source: p.Source, licence: p.Licence}
		for _, r := range w.RoleIDs() {
			switch {
			case !roleAsked(w, r, p.ID):
				rf.NotAsked = append(rf.NotAsked, r)
			case !roleMust(w, r, p.ID):
				rf.Optional = append(rf.Optional, r)
			}
		}
		out = append(out, rf)
	}
	return out
}

// askedTable says, per role level (in workshop order) and activity (in
// framework order), whether the role level is asked the activity's
// framework.
func askedTable(w *survey.Workshop, f *survey.Framework) [][]bool {
	roles := w.RoleIDs()
	out := make([][]bool, len(roles))
	for ri, role := range roles {
		for _, s := range f.Skills {
			ok := roleAsked(w, role, skillFramework(f, &s))
			for range s.Activities {
				out[ri] = append(out[ri], ok)
			}
		}
	}
	return out
}

// several says whether the report covers more than one framework: only
// then do its tables carry a framework column and a section per framework.
func (rep *Report) several() bool { return len(rep.Frameworks) > 1 }

// frameworkTitle is a framework's title, by id.
func (rep *Report) frameworkTitle(id string) string {
	if i := slices.IndexFunc(rep.Frameworks, func(f ReportFramework) bool { return f.ID == id }); i >= 0 {
		return rep.Frameworks[i].Title
	}
	return id
}

// rowsOf is the rows of one framework.
func rowsOf(rows []Row, framework string) []Row {
	var out []Row
	for _, r := range rows {
		if r.FrameworkID == framework {
			out = append(out, r)
		}
	}
	return out
}

// frameworkNames names the report's frameworks, for titles.
func (rep *Report) frameworkNames() string {
	if !rep.several() {
		return rep.Framework
	}
	names := make([]string, len(rep.Frameworks))
	for i, f := range rep.Frameworks {
		names[i] = f.Title
	}
	return strings.Join(names, "; ")
}

// anyNotAsked says whether some role level is not asked some framework.
func (rep *Report) anyNotAsked() bool {
	for _, f := range rep.Frameworks {
		if len(f.NotAsked) > 0 {
			return true
		}
	}
	return false
}

// askedOf says in words which role levels the workshop asks a framework,
// for About.
func (rep *Report) askedOf(fw ReportFramework) string {
	names := func(ids []string) string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = rep.groupName(id)
		}
		return strings.Join(out, ", ")
	}
	s := "asked of every role level"
	if len(fw.NotAsked) > 0 {
		s = "not asked of " + names(fw.NotAsked) + ", whose cells show \"" + NotAskedMarker + "\""
	}
	if len(fw.Optional) > 0 {
		s += "; optional for " + names(fw.Optional)
	}
	return s
}

// groupAsked says whether group gi (a role level, a band or All) is asked
// a framework: a band is when any of its role levels is, All always.
func (rep *Report) groupAsked(w *survey.Workshop, gi int, framework string) bool {
	switch {
	case gi < rep.h.roles:
		return roleAsked(w, w.Roles[gi].ID, framework)
	case gi < rep.h.all():
		for _, r := range w.Bands[gi-rep.h.roles].Roles {
			if roleAsked(w, r, framework) {
				return true
			}
		}
		return false
	}
	return true
}
