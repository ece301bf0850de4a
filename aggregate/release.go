package aggregate

import (
	"github.com/skillmap/skillmap/survey"
)

// Held is what the history allows a report to show (Releases): which
// activity cells are hidden, and, when the figures are an earlier
// release's, how many people's newer answers are waiting.
type Held struct {
	// Hidden maps an activity ("skill/activity") and a group to why its
	// cell is hidden.
	Hidden  map[string]map[string]string
	Waiting int
	// Of is the revision whose figures are shown, when it is earlier than
	// the one reported ("none" when nothing was released yet).
	Of string
}

// Releases decides, state by state along a workshop's first-parent
// history, which state's figures each state's report shows, so that the
// figures of no two reports can be subtracted to give one person's answers.
//
// What a reader can work out from one report, for one activity, is any
// union of its atoms: the role levels shown and, when All is shown, the
// hidden part (All less the role levels shown). A state is released (its
// own figures shown) only when, against every earlier release, every union
// of its atoms and every union of the other's hold the same answers or
// differ by at least min_group people (added, removed, or with another
// answer). So two reports never both show a group whose answers differ by
// fewer than min_group people, nor a role level beside an All a few people
// away, however people moved between role levels; and since every earlier
// release is checked, not only the last, people changing their answers and
// back cannot open a gap either.
//
// A role level is hidden beside a small one only if it is not within
// min_group people of a figure shown before (hiding what is known protects
// nothing); one that was inside the hidden part of a release, and is within
// min_group people of it still, stays hidden. A state that is not released
// shows the figures of the latest release before it, and says how many
// people's newer answers are waiting. Decisions depend only on the history
// up to a state, so a state reported again gives the same figures.
//
// It is not yet used by report: it holds every release's answers and
// compares each state with each of them, fine for the small workshops the
// tests make, not for ten thousand participants and commits.
type Releases struct {
	list []*release
}

// release is one released state: everyone's answers by activity, and
// which cells its report hides.
type release struct {
	rows   map[string]*releaseRow // activity key → answers
	hidden map[string]map[string]string
	input  Input
}

// releaseRow is one activity's answers in a state, by role level: person
// → rating, raters only.
type releaseRow struct {
	byRole map[string]map[string]int
}

func (r *releaseRow) all() map[string]int {
	out := map[string]int{}
	for _, m := range r.byRole {
		for id, v := range m {
			out[id] = v
		}
	}
	return out
}

// differ counts the people whose entry differs between two maps.
func differ(a, b map[string]int) int {
	d := 0
	for id, v := range a {
		if w, ok := b[id]; !ok || w != v {
			d++
		}
	}
	for id := range b {
		if _, ok := a[id]; !ok {
			d++
		}
	}
	return d
}

func newRows(in Input) map[string]*releaseRow {
	rows := map[string]*releaseRow{}
	for _, s := range in.Framework.Skills {
		for _, a := range s.Activities {
			rows[s.ID+"/"+a.ID] = &releaseRow{byRole: map[string]map[string]int{}}
		}
	}
	for _, r := range in.Responses {
		role := r.Participant.Role
		for skill, acts := range r.Ratings {
			for act, ans := range acts {
				row := rows[skill+"/"+act]
				if row == nil || ans == nil || ans.Rating == nil {
					continue
				}
				if row.byRole[role] == nil {
					row.byRole[role] = map[string]int{}
				}
				row.byRole[role][r.Participant.ID] = *ans.Rating
			}
		}
	}
	return rows
}

// Next takes the next state of the history and returns the input whose
// figures its report shows: the state itself when it is released,
// otherwise the latest release before it, with Held set either way.
func (rs *Releases) Next(in Input) Input {
	k := max(in.MinGroup, in.Workshop.ReportMinGroup())
	rows := newRows(in)
	roles := in.Workshop.RoleIDs()
	hidden := map[string]map[string]string{}
	ok := true
	for key, row := range rows {
		why, fine := rs.decide(key, row, roles, k)
		hidden[key] = why
		if !fine {
			ok = false
			break
		}
	}
	if ok {
		rs.list = append(rs.list, &release{rows: rows, hidden: hidden, input: in})
	}
	if len(rs.list) == 0 {
		// Nothing released yet: show nobody's figures.
		out := in
		out.Responses = nil
		out.Held = &Held{Hidden: map[string]map[string]string{}, Waiting: len(in.Responses), Of: "none"}
		return out
	}
	last := rs.list[len(rs.list)-1]
	out := last.input
	out.Held = &Held{Hidden: last.hidden}
	if !ok {
		out.Held.Waiting = waiting(last.rows, rows)
		out.Held.Of = last.input.Revision
	}
	return out
}

// waiting counts the people whose answers differ between the state shown
// and the state reported.
func waiting(shown, now map[string]*releaseRow) int {
	people := map[string]bool{}
	for key, row := range now {
		a, b := row.all(), shown[key]
		var old map[string]int
		if b != nil {
			old = b.all()
		}
		for id, v := range a {
			if w, ok := old[id]; !ok || w != v {
				people[id] = true
			}
		}
		for id := range old {
			if _, ok := a[id]; !ok {
				people[id] = true
			}
		}
	}
	return len(people)
}

// decide makes the suppression decisions for one activity of a candidate
// state, and reports whether they keep every pair with an earlier release
// safe.
func (rs *Releases) decide(key string, row *releaseRow, roles []string, k int) (map[string]string, bool) {
	why := map[string]string{}
	n := map[string]int{}
	total := 0
	for _, g := range roles {
		n[g] = len(row.byRole[g])
		total += n[g]
	}
	type past struct {
		row    *releaseRow
		hidden map[string]string
	}
	var earlier []past
	for _, r := range rs.list {
		if pr := r.rows[key]; pr != nil {
			earlier = append(earlier, past{pr, r.hidden[key]})
		} else {
			earlier = append(earlier, past{&releaseRow{byRole: map[string]map[string]int{}}, map[string]string{}})
		}
	}
	shownIn := func(p past, g string) bool {
		return p.hidden[g] == "" && len(p.row.byRole[g]) > 0
	}
	allShown := func(p past) bool { return p.hidden[survey.AllGroup] == "" && len(p.row.all()) > 0 }
	// nearKnown: within min_group people of a figure shown before.
	nearKnown := func(g string) bool {
		for _, p := range earlier {
			if shownIn(p, g) && differ(p.row.byRole[g], row.byRole[g]) < k {
				return true
			}
		}
		return false
	}
	// nearHidden: within min_group people of what it was inside a hidden
	// part that was worked out.
	nearHidden := func(g string) bool {
		for _, p := range earlier {
			if p.hidden[g] != "" && len(p.row.byRole[g]) > 0 && allShown(p) && differ(p.row.byRole[g], row.byRole[g]) < k {
				return true
			}
		}
		return false
	}
	hiddenN := 0
	for _, g := range roles {
		switch {
		case n[g] == 0:
		case n[g] < k:
			why[g] = HiddenSmall
		case nearHidden(g):
			why[g] = HiddenComplement
		}
		if why[g] != "" {
			hiddenN += n[g]
		}
	}
	all := ""
	if total > 0 && total < k {
		all = HiddenSmall
	}
	for hiddenN > 0 && hiddenN < k && all == "" {
		next := ""
		for _, g := range roles {
			if why[g] == "" && n[g] > 0 && !nearKnown(g) && (next == "" || n[g] < n[next]) {
				next = g
			}
		}
		if next == "" {
			all = HiddenComplement
			break
		}
		why[next] = HiddenComplement
		hiddenN += n[next]
	}
	if all != "" {
		why[survey.AllGroup] = all
	}
	// Every figure a reader can work out from one report is a union of its
	// atoms: the role levels shown and, when All is shown, the hidden part
	// (All less them). Against each earlier release, every union of this
	// state's atoms and every union of that one's must hold the same
	// answers or differ by at least min_group people.
	now := atoms(row, roles, why)
	for _, p := range earlier {
		if !unionsApart(atoms(p.row, roles, p.hidden), now, k) {
			return why, false
		}
	}
	return why, true
}

// atoms are the figures of one activity a reader has from one report, as
// person → rating: each role level shown, and the hidden part when All is
// shown.
func atoms(row *releaseRow, roles []string, why map[string]string) []map[string]int {
	var out []map[string]int
	hid := map[string]int{}
	for _, g := range roles {
		m := row.byRole[g]
		if len(m) == 0 {
			continue
		}
		if why[g] == "" {
			out = append(out, m)
			continue
		}
		for id, v := range m {
			hid[id] = v
		}
	}
	if why[survey.AllGroup] == "" && len(hid) > 0 {
		out = append(out, hid)
	}
	return out
}

// unionsApart reports whether every union of a's atoms and every union of
// b's hold the same answers or differ by at least k people.
func unionsApart(a, b []map[string]int, k int) bool {
	ua, ub := unions(a), unions(b)
	for _, x := range ua {
		for _, y := range ub {
			if d := differ(x, y); d > 0 && d < k {
				return false
			}
		}
	}
	return true
}

// unions lists every union of some of the atoms (disjoint by person), the
// empty one included.
func unions(atoms []map[string]int) []map[string]int {
	out := []map[string]int{{}}
	for _, a := range atoms {
		for _, u := range out[:len(out):len(out)] {
			m := make(map[string]int, len(u)+len(a))
			for id, v := range u {
				m[id] = v
			}
			for id, v := range a {
				m[id] = v
			}
			out = append(out, m)
		}
	}
	return out
}
