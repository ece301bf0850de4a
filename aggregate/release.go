package aggregate

import (
	"strconv"
	"strings"

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
	// Behind maps the role levels whose figures are of an earlier state
	// to that state's revision ("none": not released yet).
	Behind map[string]string
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
// It is not yet used by report. Replaying the demo's history through it
// (one commit per submission) left every role level of the autumn round
// held at an earlier state, with 22 of 40 people's answers waiting; on a
// history with one small role level, a role hidden beside it stays hidden
// (it is within min_group people of its hidden value) and the next ones
// follow, until only All shows. The rule holds
// (TestNoRatingFollowsFromTwoReports) but releases too little for a lead
// to use yet. It also holds every release's answers and
// compares each state with each of them: fine for the workshops the tests
// make, not for ten thousand participants and commits.
type Releases struct {
	list    []*release
	atom    map[string][]*survey.Response // role → its answers as last released
	atomRev map[string]string             // role → the revision they are of
}

// release is one released state: everyone's answers by activity, and
// which cells its report hides.
type release struct {
	rows   map[string]*releaseRow // activity key → answers
	hidden map[string]map[string]string
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
// figures its report shows, with Held set: each role level as of its
// latest release, the state's own where that is safe. Role levels are
// released one by one: the largest set of role levels whose new answers
// keep every pair of reports safe (by Releases' rule, All and the hidden
// part included) is released; the others stay as they were, and their
// newer answers wait.
func (rs *Releases) Next(in Input) Input {
	k := max(in.MinGroup, in.Workshop.ReportMinGroup())
	roles := in.Workshop.RoleIDs()
	if rs.atom == nil {
		rs.atom, rs.atomRev = map[string][]*survey.Response{}, map[string]string{}
	}
	cur := map[string][]*survey.Response{}
	for _, r := range in.Responses {
		cur[r.Participant.Role] = append(cur[r.Participant.Role], r)
	}
	curRows := newRows(in)
	isChanged := map[string]bool{}
	virtual := func(advance map[string]bool) Input {
		v := in
		v.Responses = nil
		for _, g := range roles {
			// A role level whose answers are as released may still have
			// members who joined or left without answering: take it as
			// it is now.
			if advance[g] || !isChanged[g] {
				v.Responses = append(v.Responses, cur[g]...)
			} else {
				v.Responses = append(v.Responses, rs.atom[g]...)
			}
		}
		return v
	}
	// The role levels whose answers differ from their latest release.
	var changed []string
	lastRows := map[string]*releaseRow{}
	if n := len(rs.list); n > 0 {
		lastRows = rs.list[n-1].rows
	}
	for _, g := range roles {
		for key, row := range curRows {
			var then map[string]int
			if lr := lastRows[key]; lr != nil {
				then = lr.byRole[g]
			}
			if differ(row.byRole[g], then) > 0 {
				changed = append(changed, g)
				isChanged[g] = true
				break
			}
		}
	}
	try := func(advance map[string]bool) (map[string]*releaseRow, map[string]map[string]string, bool) {
		rows := newRows(virtual(advance))
		hidden := map[string]map[string]string{}
		for key, row := range rows {
			why, fine := rs.decide(key, row, roles, k)
			hidden[key] = why
			if !fine {
				return nil, nil, false
			}
		}
		return rows, hidden, true
	}
	// The largest set of changed role levels that can be released, the
	// first in role order among sets of one size.
	var chosen map[string]bool
	var rows map[string]*releaseRow
	var hidden map[string]map[string]string
	for size := len(changed); size > 0 && chosen == nil; size-- {
		for _, set := range subsets(changed, size) {
			advance := map[string]bool{}
			for _, g := range set {
				advance[g] = true
			}
			if r, h, ok := try(advance); ok {
				chosen, rows, hidden = advance, r, h
				break
			}
		}
	}
	if chosen == nil && len(rs.list) == 0 {
		if r, h, ok := try(map[string]bool{}); ok {
			chosen, rows, hidden = map[string]bool{}, r, h
		}
	}
	for _, g := range roles {
		if !isChanged[g] {
			rs.atom[g] = cur[g]
		}
	}
	if chosen != nil {
		for g := range chosen {
			rs.atom[g], rs.atomRev[g] = cur[g], in.Revision
		}
		rs.list = append(rs.list, &release{rows: rows, hidden: hidden})
	}
	last := rs.list[len(rs.list)-1]
	out := virtual(map[string]bool{})
	out.Held = &Held{Hidden: last.hidden, Behind: map[string]string{}}
	out.Held.Waiting = waiting(last.rows, curRows)
	for _, g := range changed {
		if !chosen[g] && len(cur[g])+len(rs.atom[g]) > 0 {
			rev := rs.atomRev[g]
			if rev == "" {
				rev = "none"
			}
			out.Held.Behind[g] = rev
		}
	}
	return out
}

// subsets lists the subsets of size n of set, in order.
func subsets(set []string, n int) [][]string {
	if n == 0 {
		return [][]string{nil}
	}
	if len(set) < n {
		return nil
	}
	var out [][]string
	for _, rest := range subsets(set[1:], n-1) {
		out = append(out, append([]string{set[0]}, rest...))
	}
	return append(out, subsets(set[1:], n)...)
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

// atoms are the figures of one activity a reader has from one report:
// each role level shown, and the hidden part when All is shown. Each is a
// count of answers by "person=rating": a report of held role levels may
// count someone twice, in their role then and in their role now.
func atoms(row *releaseRow, roles []string, why map[string]string) []map[string]int {
	var out []map[string]int
	hid := map[string]int{}
	for _, g := range roles {
		m := row.byRole[g]
		if len(m) == 0 {
			continue
		}
		if why[g] == "" {
			a := map[string]int{}
			for id, v := range m {
				a[answerKey(id, v)]++
			}
			out = append(out, a)
			continue
		}
		for id, v := range m {
			hid[answerKey(id, v)]++
		}
	}
	if why[survey.AllGroup] == "" && len(hid) > 0 {
		out = append(out, hid)
	}
	return out
}

func answerKey(id string, v int) string { return id + "=" + strconv.Itoa(v) }

// unionsApart reports whether every union of a's atoms and every union of
// b's hold the same answers or differ in the answers of at least k people.
func unionsApart(a, b []map[string]int, k int) bool {
	ua, ub := unions(a), unions(b)
	for _, x := range ua {
		for _, y := range ub {
			if d := peopleApart(x, y); d > 0 && d < k {
				return false
			}
		}
	}
	return true
}

// peopleApart counts the people with an answer counted differently in x
// and y.
func peopleApart(x, y map[string]int) int {
	people := map[string]bool{}
	for key, n := range x {
		if y[key] != n {
			people[key[:strings.LastIndexByte(key, '=')]] = true
		}
	}
	for key, n := range y {
		if x[key] != n {
			people[key[:strings.LastIndexByte(key, '=')]] = true
		}
	}
	return len(people)
}

// unions lists every sum of some of the atoms, the empty one included.
func unions(atoms []map[string]int) []map[string]int {
	out := []map[string]int{{}}
	for _, a := range atoms {
		for _, u := range out[:len(out):len(out)] {
			m := make(map[string]int, len(u)+len(a))
			for key, n := range u {
				m[key] = n
			}
			for key, n := range a {
				m[key] += n
			}
			out = append(out, m)
		}
	}
	return out
}
