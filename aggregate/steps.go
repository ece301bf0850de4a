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
	// Small maps an activity ("skill/activity") to the role levels whose
	// answers do not join the figures though someone answered there
	// (released or waiting): fewer than min_group released. They are
	// hidden, and counted nowhere (not in All either).
	Small map[string]map[string]bool
	// Waiting counts the people whose newer answers are not in the figures
	// yet; WaitingByRole per role level (someone moved between role levels
	// counts in both).
	Waiting       int
	WaitingByRole map[string]int
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
type Steps struct {
	k       int
	roles   map[string]int
	roleIDs []string
	acts    []activityRef
	people  map[string]*stepPerson
	cells   []stepCell // role*len(acts) + activity
	touched []int
	where   []map[string]int // per activity: person → the role level their released answer is in
	// seen holds, per activity and person, every answer any release of
	// any of its cells gave them: a bit per rating, and one for no answer,
	// which everyone starts with.
	seen []map[string]uint64
}

type activityRef struct{ skill, act string }

// stepPerson is a person's current answers: their role (-1: none that
// counts) and rating of each activity (noRating: none).
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

// NewSteps starts the walk of a workshop's history with the role levels
// and activities of the state reported, and k its report's min_group.
func NewSteps(w *survey.Workshop, f *survey.Framework, k int) *Steps {
	s := &Steps{k: max(k, 1), roles: map[string]int{}, people: map[string]*stepPerson{}}
	for i, r := range w.RoleIDs() {
		s.roles[r] = i
		s.roleIDs = append(s.roleIDs, r)
	}
	for _, sk := range f.Skills {
		for _, a := range sk.Activities {
			s.acts = append(s.acts, activityRef{sk.Key(), a.ID})
		}
	}
	s.cells = make([]stepCell, len(s.roleIDs)*len(s.acts))
	s.where = make([]map[string]int, len(s.acts))
	s.seen = make([]map[string]uint64, len(s.acts))
	return s
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
				if ans := r.Answer(a.skill, a.act); ans != nil && ans.Rating != nil {
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
	for ai := range s.acts {
		if old.role >= 0 && (old.role != cur.role || old.ratings[ai] != cur.ratings[ai]) {
			s.update(old.role, ai, person)
		}
		if cur.role >= 0 && cur.role != old.role {
			s.update(cur.role, ai, person)
		}
	}
}

// current is a person's answer in a cell: their rating, when they are in
// its role level and rated the activity.
func (s *Steps) current(person string, role, ai int) (int, bool) {
	p := s.people[person]
	if p == nil || p.role != role || p.ratings[ai] == noRating {
		return 0, false
	}
	return p.ratings[ai], true
}

// update notes whether a person's current answer in a cell differs from
// the released one.
func (s *Steps) update(role, ai int, person string) {
	ci := role*len(s.acts) + ai
	c := &s.cells[ci]
	v, ok := s.current(person, role, ai)
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
// role level's cell of the activity (they moved, and that cell has not
// moved since) waits: counted in two cells at once, their answer there
// would follow from the two cells' difference. A release that lets them go
// looks again at the cell they wait in.
func (s *Steps) Commit() {
	for len(s.touched) > 0 {
		touched := s.touched
		s.touched = nil
		for _, ci := range touched {
			s.cells[ci].touched = false
			s.release(ci)
		}
	}
}

// release releases a cell if enough of its people's answers are new.
func (s *Steps) release(ci int) {
	c := &s.cells[ci]
	if c.fresh < s.k {
		return
	}
	role, ai := ci/len(s.acts), ci%len(s.acts)
	// Those held elsewhere wait; the others count.
	blocked := func(p string) bool {
		if _, ok := s.current(p, role, ai); !ok {
			return false
		}
		r, ok := s.where[ai][p]
		return ok && r != role
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
		v, ok := s.current(p, role, ai)
		if ok {
			c.released[p] = v
			s.where[ai][p] = role
		} else {
			delete(c.released, p)
			delete(s.where[ai], p)
			// They may wait in their new role level's cell.
			if q := s.people[p]; q != nil && q.role != role {
				s.touch(q.role*len(s.acts) + ai)
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
}

// touch marks a cell to look at when the commit ends.
func (s *Steps) touch(ci int) {
	if c := &s.cells[ci]; !c.touched {
		c.touched = true
		s.touched = append(s.touched, ci)
	}
}

// Held returns what the figures are made of as the walk stands: call it
// after the reported state's Commit.
func (s *Steps) Held() *Held {
	h := &Held{Small: map[string]map[string]bool{}, WaitingByRole: map[string]int{}}
	type key struct {
		person string
		role   int
	}
	synth := map[key]*survey.Response{}
	waiting := map[string]bool{}
	answered := make([]bool, len(s.cells)) // someone answers there now
	for _, p := range s.people {
		for ai, v := range p.ratings {
			if v != noRating {
				answered[p.role*len(s.acts)+ai] = true
			}
		}
	}
	for ri, role := range s.roleIDs {
		waitingHere := map[string]bool{}
		for ai, a := range s.acts {
			c := &s.cells[ri*len(s.acts)+ai]
			for p := range c.pending {
				waitingHere[p] = true
				waiting[p] = true
			}
			switch n := len(c.released); {
			case n == 0 && !answered[ri*len(s.acts)+ai]:
			case n < s.k:
				ak := a.skill + "/" + a.act
				if h.Small[ak] == nil {
					h.Small[ak] = map[string]bool{}
				}
				h.Small[ak][role] = true
			default:
				for p, v := range c.released {
					r := synth[key{p, ri}]
					if r == nil {
						r = survey.NewResponse(survey.Participant{ID: p, Role: role})
						r.File = p
						synth[key{p, ri}] = r
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
			h.WaitingByRole[role] = len(waitingHere)
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
}

type stepPersonState struct {
	Role    int
	Ratings []int
}

// MarshalBinary keeps the walk as it stands between two commits, so that
// the next report can go on from there (the caller keys it by everything
// NewSteps was given).
func (s *Steps) MarshalBinary() ([]byte, error) {
	st := stepsState{People: make(map[string]stepPersonState, len(s.people)), Where: s.where, Seen: s.seen,
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
	if len(st.Released) != len(s.cells) || len(st.Pending) != len(s.cells) || len(st.Where) != len(s.acts) || len(st.Seen) != len(s.acts) {
		return errors.New("kept steps are of another workshop")
	}
	for id, p := range st.People {
		if p.Role < 0 || p.Role >= len(s.roleIDs) || len(p.Ratings) != len(s.acts) {
			return errors.New("kept steps are of another workshop")
		}
		s.people[id] = &stepPerson{id: id, role: p.Role, ratings: p.Ratings}
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
	s.where, s.seen = st.Where, st.Seen
	return nil
}
