package aggregate

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/skillmap/skillmap/survey"
)

// Held is what a report's figures are made of when they move in steps
// (Steps): the answers released so far, and how many people's newer
// answers are waiting.
type Held struct {
	// Responses holds, per person and role level, the released answers of
	// the cells that join the figures (at least min_group raters); they
	// take the place of Input.Responses' ratings in the figures.
	Responses []*survey.Response
	// Small maps an activity ("skill/activity") to the role levels (or,
	// for role levels released with their band, the band's id) whose
	// answers do not join the figures though someone answered there
	// (released or waiting): fewer than min_group released. They are
	// hidden, and counted nowhere (not in All either).
	Small map[string]map[string]bool
	// Waiting counts the people whose newer answers are not in the figures
	// yet; WaitingByRole per role level (someone moved between role levels
	// counts in both).
	Waiting       int
	WaitingByRole map[string]int
	// Pooled maps an activity ("skill/activity") to the role levels
	// released with their band there (Steps), each to the band's id: their
	// answers are in Responses under that id, and their own cells are
	// hidden.
	Pooled map[string]map[string]string
}

// Steps works out, along a workshop's first-parent history, the answers a
// report's figures are made of, so that no two reports can be subtracted
// to give one person's answers: figures move in steps of at least k
// people, cell by cell.
//
// Each cell (role level, activity) keeps its released answers. After each
// commit, a cell where at least k people's current answers differ from
// the released ones (added, changed, or moved into the role level) in a
// way no earlier release of the cell had them is released: its released
// answers become the current ones, those of the people who left or changed
// back included. Counting only answers new to every earlier release of the
// activity (in any role level) keeps every two releases at least k people
// apart, not only successive ones, and not only of one cell: people
// changing an answer and back, or moving role level together, cannot bring
// a release within a person of an older one. A cell joins the figures only with at least k
// raters, and All is the sum of the role cells that joined. So two
// reports' figures of a cell are the same, or at least k people apart;
// within a report All less the role levels shown is nobody. The caller gives every commit's changes in
// order (Set, then Commit), so a state reported again gives the same
// figures. Work is proportional to the activities of the files changed.
//
// Bands: the small role levels of a band (ReleaseUnits, from the roster
// as the walk stands) are one cell per activity, the band's group, in
// place of their own; a band's figure is the sum of its cells that
// joined, and All the sum of every cell that joined. When the roster
// changes which role levels are grouped, an activity's cells of the band
// are regrouped only where no figure moves by it and no part of an
// earlier figure is shown: cells merge with their released answers as
// they are (those of a cell under k, counted nowhere, wait in the merged
// cell); a cell splits only while nothing is released in it, and keeps
// its role levels together until then. So the figures of every state
// come from one walk, and every figure is a sum of cells that move in
// steps of at least k people.
type Steps struct {
	k       int
	w       *survey.Workshop
	roles   map[string]int // role id → index in roleIDs
	roleIDs []string
	bandOf  []int // per role level: its band, or -1
	bandIDs []string
	acts    []activityRef
	asked   [][]bool // per role level and activity: the role is asked its framework
	people  map[string]*stepPerson
	count   []int // people per role level
	// cells: role level or band group (index len(roleIDs)+band), times
	// activity: cell*len(acts) + activity.
	cells []stepCell
	// unit holds, per activity, the cell of each role level's answers.
	unit    [][]int
	regroup bool // the roster changed, or a band's cell was released
	touched []int
	where   []map[string]int // per activity: person → the cell their released answer is in
	// seen holds, per activity and person, every answer any release of
	// any of its cells gave them: a bit per rating, and one for no answer,
	// which everyone starts with.
	seen []map[string]uint64
}

// activityRef is an activity by its skill's key (survey.Skill.Key) and id.
type activityRef struct{ skill, act string }

// stepPerson is a person's current answers: their role level (-1: none
// that counts) and rating of each activity (noRating: none).
type stepPerson struct {
	id      string
	role    int
	ratings []int
}

// stepCell is one cell's released answers (person → rating), and the
// people whose current answer differs from the released one (pending),
// true for those whose answer no release of the activity had (fresh).
type stepCell struct {
	released map[string]int
	pending  map[string]bool
	fresh    int
	touched  bool
}

// noAnswerBit marks, in Steps.seen, a release without the person.
const noAnswerBit = 1

// stateBit is a person's state in a cell as a bit of Steps.seen.
// Ratings far apart may share a bit: an answer then counts as not new,
// which only holds figures back longer.
func stateBit(v int, ok bool) uint64 {
	if !ok {
		return noAnswerBit
	}
	return 1 << (1 + ((v%63)+63)%63)
}

// NewSteps starts the walk of a workshop's history with the role levels,
// bands and activities of the state reported, and k its report's
// min_group.
func NewSteps(w *survey.Workshop, f *survey.Framework, k int) *Steps {
	s := &Steps{k: max(k, 1), w: w, roles: map[string]int{}, people: map[string]*stepPerson{}}
	for i, r := range w.RoleIDs() {
		s.roles[r] = i
		s.roleIDs = append(s.roleIDs, r)
		s.bandOf = append(s.bandOf, w.BandOf(r))
	}
	s.bandIDs = w.BandIDs()
	s.count = make([]int, len(s.roleIDs))
	for si := range f.Skills {
		sk := &f.Skills[si]
		for _, a := range sk.Activities {
			s.acts = append(s.acts, activityRef{sk.Key(), a.ID})
		}
	}
	s.asked = askedTable(w, f)
	s.cells = make([]stepCell, (len(s.roleIDs)+len(s.bandIDs))*len(s.acts))
	s.where = make([]map[string]int, len(s.acts))
	s.seen = make([]map[string]uint64, len(s.acts))
	s.unit = make([][]int, len(s.acts))
	for ai := range s.unit {
		s.unit[ai] = make([]int, len(s.roleIDs))
		for r := range s.unit[ai] {
			s.unit[ai][r] = r
		}
	}
	return s
}

// cellOf is the cell a role level's answers to an activity are in; -1 for
// no role level.
func (s *Steps) cellOf(role, ai int) int {
	if role < 0 {
		return -1
	}
	return s.unit[ai][role]
}

// unitID is the id a cell's answers are held under: its role level's, or
// its band's.
func (s *Steps) unitID(cell int) string {
	if cell < len(s.roleIDs) {
		return s.roleIDs[cell]
	}
	return s.bandIDs[cell-len(s.roleIDs)]
}

// Set records a person's answers as the commit being walked leaves them:
// r nil when their file is gone or cannot be used. person is a stable key
// (the file's path); r's own id is not trusted for it.
func (s *Steps) Set(person string, r *survey.Response) {
	old := s.people[person]
	if old == nil {
		old = &stepPerson{id: person, role: -1}
	}
	cur := &stepPerson{id: person, role: -1}
	if r != nil {
		if i, ok := s.roles[r.Participant.Role]; ok {
			cur.role = i
			cur.ratings = make([]int, len(s.acts))
			for ai, a := range s.acts {
				cur.ratings[ai] = noRating
				// A framework the role level is not asked counts as not
				// answered, as in the figures (newRatingTable).
				if ans := r.Answer(a.skill, a.act); ans != nil && ans.Rating != nil && s.asked[i][ai] {
					cur.ratings[ai] = *ans.Rating
				}
			}
		}
	}
	if cur.role < 0 {
		delete(s.people, person)
	} else {
		s.people[person] = cur
	}
	if old.role != cur.role {
		if old.role >= 0 {
			s.count[old.role]--
		}
		if cur.role >= 0 {
			s.count[cur.role]++
		}
		s.regroup = true
	}
	for ai := range s.acts {
		oc, cc := s.cellOf(old.role, ai), s.cellOf(cur.role, ai)
		if oc >= 0 && (oc != cc || old.ratings[ai] != cur.ratings[ai]) {
			s.update(oc, ai, person)
		}
		if cc >= 0 && cc != oc {
			s.update(cc, ai, person)
		}
	}
}

// current is a person's answer in a cell: their rating, when their role
// level's answers are in that cell and they rated the activity.
func (s *Steps) current(person string, cell, ai int) (int, bool) {
	p := s.people[person]
	if p == nil || s.cellOf(p.role, ai) != cell || p.ratings[ai] == noRating {
		return 0, false
	}
	return p.ratings[ai], true
}

// update notes whether a person's current answer in a cell differs from
// the released one.
func (s *Steps) update(cell, ai int, person string) {
	ci := cell*len(s.acts) + ai
	c := &s.cells[ci]
	v, ok := s.current(person, cell, ai)
	rel, had := c.released[person]
	if wasFresh, was := c.pending[person]; was {
		delete(c.pending, person)
		if wasFresh {
			c.fresh--
		}
	}
	if ok != had || v != rel {
		seen, known := s.seen[ai][person]
		if !known {
			seen = noAnswerBit
		}
		fresh := seen&stateBit(v, ok) == 0
		if c.pending == nil {
			c.pending = map[string]bool{}
		}
		c.pending[person] = fresh
		if fresh {
			c.fresh++
		}
	}
	s.touch(ci)
}

// Commit ends the commit being walked: each cell it changed where at
// least k people's answers differ from the released ones in a way new to
// the cell is released. Someone whose answer is still released in another
// cell of the activity (they moved, and that cell has not moved since)
// waits: counted in two cells at once, their answer there would follow
// from the two cells' difference. A release that lets them go looks again
// at the cell they wait in. Bands are regrouped first, where the roster
// asks for it and no figure moves by it (and again after a release that
// emptied a cell).
func (s *Steps) Commit() {
	for {
		// The grouping first, as the commit leaves the roster.
		if s.regroup {
			s.regroup = false
			s.regroupBands()
		}
		for len(s.touched) > 0 {
			touched := s.touched
			s.touched = nil
			for _, ci := range touched {
				s.cells[ci].touched = false
				s.release(ci)
			}
		}
		if !s.regroup {
			return
		}
	}
}

// release releases a cell if enough of its people's answers are new.
func (s *Steps) release(ci int) {
	c := &s.cells[ci]
	if c.fresh < s.k {
		return
	}
	cell, ai := ci/len(s.acts), ci%len(s.acts)
	// Those held elsewhere wait; the others count.
	blocked := func(p string) bool {
		if _, ok := s.current(p, cell, ai); !ok {
			return false
		}
		r, ok := s.where[ai][p]
		return ok && r != cell
	}
	fresh := 0
	for p, f := range c.pending {
		if f && !blocked(p) {
			fresh++
		}
	}
	if fresh < s.k {
		return
	}
	if c.released == nil {
		c.released = map[string]int{}
	}
	if s.where[ai] == nil {
		s.where[ai], s.seen[ai] = map[string]int{}, map[string]uint64{}
	}
	for p, f := range c.pending {
		if blocked(p) {
			continue
		}
		v, ok := s.current(p, cell, ai)
		if ok {
			c.released[p] = v
			s.where[ai][p] = cell
		} else {
			delete(c.released, p)
			delete(s.where[ai], p)
			// They may wait in their new cell.
			if q := s.people[p]; q != nil {
				if qc := s.cellOf(q.role, ai); qc != cell {
					s.touch(qc*len(s.acts) + ai)
				}
			}
		}
		seen, known := s.seen[ai][p]
		if !known {
			seen = noAnswerBit
		}
		s.seen[ai][p] = seen | stateBit(v, ok)
		delete(c.pending, p)
		if f {
			c.fresh--
		}
	}
	if len(c.released) == 0 && len(s.bandIDs) > 0 {
		s.regroup = true // an empty cell may split now
	}
}

// touch marks a cell to look at when the commit ends.
func (s *Steps) touch(ci int) {
	if c := &s.cells[ci]; !c.touched {
		c.touched = true
		s.touched = append(s.touched, ci)
	}
}

// splitReleased, set by tests only, lets a cell with released answers
// split (each answer going to its person's role level's cell as it is), to
// show that the privacy tests can tell what that would give away.
var splitReleased bool

// regroupBands moves each band, activity by activity, to the grouping the
// roster asks for (ReleaseUnits), where no figure moves by it (Steps).
func (s *Steps) regroupBands() {
	if len(s.bandIDs) == 0 {
		return
	}
	want := make([]int, len(s.roleIDs))
	pooled := poolRoles(s.w, func(r string) int {
		if i, ok := s.roles[r]; ok {
			return s.count[i]
		}
		return 0
	}, s.k)
	for r, id := range s.roleIDs {
		want[r] = r
		if b, ok := pooled[id]; ok {
			want[r] = len(s.roleIDs) + slices.Index(s.bandIDs, b)
		}
	}
	for b := range s.bandIDs {
		var roles []int
		for r := range s.roleIDs {
			if s.bandOf[r] == b {
				roles = append(roles, r)
			}
		}
		cells := append(slices.Clone(roles), len(s.roleIDs)+b) // every cell the band's answers may be in
		for ai := range s.acts {
			if !slices.ContainsFunc(roles, func(r int) bool { return s.unit[ai][r] != want[r] }) {
				continue
			}
			// Splitting a cell that holds released answers would show
			// parts of an earlier figure: its people's answers beside that
			// figure would then tell the newcomers' apart. So a cell is
			// split only while nothing is released in it; cells are
			// merged at any time, as they are.
			split := false
			for _, r := range roles {
				for _, o := range roles {
					if s.unit[ai][r] == s.unit[ai][o] && want[r] != want[o] && len(s.cells[s.unit[ai][r]*len(s.acts)+ai].released) > 0 {
						split = true
					}
				}
			}
			if split && !splitReleased {
				continue
			}
			// The released answers of each cell go to the cell its role
			// levels merge into; those of a cell under k, counted
			// nowhere, wait there to be released anew.
			into := map[int]int{}
			for _, r := range roles {
				into[s.unit[ai][r]] = want[r]
			}
			moving := map[int]map[string]int{}
			for from, to := range into {
				c := &s.cells[from*len(s.acts)+ai]
				if len(c.released) >= s.k {
					if moving[to] == nil {
						moving[to] = map[string]int{}
					}
					for p, v := range c.released {
						if split { // splitReleased: each to their role level's cell now
							q := s.people[p]
							if q == nil || s.bandOf[q.role] != b {
								delete(s.where[ai], p)
								continue
							}
							to = want[q.role]
							if moving[to] == nil {
								moving[to] = map[string]int{}
							}
						}
						moving[to][p] = v
					}
				} else {
					for p := range c.released {
						delete(s.where[ai], p)
					}
				}
			}
			for _, cell := range cells {
				c := &s.cells[cell*len(s.acts)+ai]
				c.released, c.pending, c.fresh = nil, nil, 0
			}
			for _, r := range roles {
				s.unit[ai][r] = want[r]
			}
			for to, rel := range moving {
				c := &s.cells[to*len(s.acts)+ai]
				c.released = rel
				for p := range rel {
					s.where[ai][p] = to
				}
			}
			// Everyone whose answer is in the band's cells now, or was
			// released there, is pending where they differ.
			for id, q := range s.people {
				if s.bandOf[q.role] == b {
					s.update(s.cellOf(q.role, ai), ai, id)
				}
			}
			for to, rel := range moving {
				for p := range rel {
					if q := s.people[p]; q == nil || s.cellOf(q.role, ai) != to {
						s.update(to, ai, p)
					}
				}
			}
		}
	}
}

// Held returns what the figures are made of as the walk stands: call it
// after the reported state's Commit.
func (s *Steps) Held() *Held {
	h := &Held{Small: map[string]map[string]bool{}, WaitingByRole: map[string]int{}, Pooled: map[string]map[string]string{}}
	type key struct {
		person string
		cell   int
	}
	synth := map[key]*survey.Response{}
	waiting := map[string]bool{}
	answered := make([]bool, len(s.cells)) // someone answers there now
	for _, p := range s.people {
		for ai, v := range p.ratings {
			if v != noRating {
				answered[s.cellOf(p.role, ai)*len(s.acts)+ai] = true
			}
		}
	}
	for ai, a := range s.acts {
		for r, cell := range s.unit[ai] {
			if cell != r {
				ak := a.skill + "/" + a.act
				if h.Pooled[ak] == nil {
					h.Pooled[ak] = map[string]string{}
				}
				h.Pooled[ak][s.roleIDs[r]] = s.unitID(cell)
			}
		}
	}
	for cell := 0; cell < len(s.cells)/max(len(s.acts), 1); cell++ {
		unit := s.unitID(cell)
		waitingHere := map[string]bool{}
		for ai, a := range s.acts {
			c := &s.cells[cell*len(s.acts)+ai]
			for p := range c.pending {
				waitingHere[p] = true
				waiting[p] = true
			}
			switch n := len(c.released); {
			case n == 0 && !answered[cell*len(s.acts)+ai]:
			case n < s.k:
				ak := a.skill + "/" + a.act
				if h.Small[ak] == nil {
					h.Small[ak] = map[string]bool{}
				}
				h.Small[ak][unit] = true
			default:
				for p, v := range c.released {
					r := synth[key{p, cell}]
					if r == nil {
						r = survey.NewResponse(survey.Participant{ID: p, Role: unit})
						r.File = p
						synth[key{p, cell}] = r
					}
					if r.Ratings[a.skill] == nil {
						r.Ratings[a.skill] = map[string]*survey.Answer{}
					}
					v := v
					r.Ratings[a.skill][a.act] = &survey.Answer{Rating: &v}
				}
			}
		}
		if len(waitingHere) > 0 {
			h.WaitingByRole[unit] = len(waitingHere)
		}
	}
	h.Waiting = len(waiting)
	for _, r := range synth {
		h.Responses = append(h.Responses, r)
	}
	slices.SortFunc(h.Responses, func(a, b *survey.Response) int {
		if c := strings.Compare(a.Participant.ID, b.Participant.ID); c != 0 {
			return c
		}
		return strings.Compare(a.Participant.Role, b.Participant.Role)
	})
	return h
}

// WaitingNote says, in a sentence, how many people's newer answers are not
// in the figures yet and why; empty when none are.
func (rep *Report) WaitingNote() string {
	if rep.Waiting == 0 {
		return ""
	}
	people := "people's newer answers are"
	if rep.Waiting == 1 {
		people = "person's newer answers are"
	}
	return fmt.Sprintf("%d %s not in these figures yet: figures move in steps of at least %d people, so no two reports can be subtracted to give one person's answers",
		rep.Waiting, people, rep.MinGroup)
}

// stepsState is Steps between two commits, as kept on disk.
type stepsState struct {
	People   map[string]stepPersonState
	Released []map[string]int
	Pending  []map[string]bool
	Where    []map[string]int
	Seen     []map[string]uint64
	Unit     [][]int
	Regroup  bool
}

type stepPersonState struct {
	Role    int
	Ratings []int
}

// MarshalBinary keeps the walk as it stands between two commits, so that
// the next report can go on from there (the caller keys it by everything
// NewSteps was given).
func (s *Steps) MarshalBinary() ([]byte, error) {
	st := stepsState{People: make(map[string]stepPersonState, len(s.people)), Where: s.where, Seen: s.seen, Unit: s.unit, Regroup: s.regroup,
		Released: make([]map[string]int, len(s.cells)), Pending: make([]map[string]bool, len(s.cells))}
	for id, p := range s.people {
		st.People[id] = stepPersonState{p.role, p.ratings}
	}
	for i, c := range s.cells {
		st.Released[i], st.Pending[i] = c.released, c.pending
	}
	var buf bytes.Buffer
	err := gob.NewEncoder(&buf).Encode(st)
	return buf.Bytes(), err
}

// UnmarshalBinary takes up a walk kept by MarshalBinary, into Steps made by
// NewSteps with the same workshop, framework and k.
func (s *Steps) UnmarshalBinary(data []byte) error {
	var st stepsState
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&st); err != nil {
		return err
	}
	other := errors.New("kept steps are of another workshop")
	if len(st.Released) != len(s.cells) || len(st.Pending) != len(s.cells) || len(st.Where) != len(s.acts) || len(st.Seen) != len(s.acts) || len(st.Unit) != len(s.acts) {
		return other
	}
	cells := len(s.roleIDs) + len(s.bandIDs)
	for _, u := range st.Unit {
		if len(u) != len(s.roleIDs) || slices.ContainsFunc(u, func(c int) bool { return c < 0 || c >= cells }) {
			return other
		}
	}
	for id, p := range st.People {
		if p.Role < 0 || p.Role >= len(s.roleIDs) || len(p.Ratings) != len(s.acts) {
			return other
		}
		s.people[id] = &stepPerson{id: id, role: p.Role, ratings: p.Ratings}
		s.count[p.Role]++
	}
	for i := range s.cells {
		c := &s.cells[i]
		c.released, c.pending, c.fresh = st.Released[i], st.Pending[i], 0
		for _, f := range c.pending {
			if f {
				c.fresh++
			}
		}
	}
	s.where, s.seen, s.unit, s.regroup = st.Where, st.Seen, st.Unit, st.Regroup
	return nil
}
