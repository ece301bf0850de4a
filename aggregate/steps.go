package aggregate

import (
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
// back included. Counting only answers new to every earlier release keeps
// every two releases at least k people apart, not only successive ones:
// people changing an answer and back cannot bring a release within a
// person of an older one. A cell joins the figures only with at least k
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
}

type activityRef struct{ skill, act string }

// stepPerson is a person's current answers: their role (-1: none that
// counts) and rating of each activity (noRating: none).
type stepPerson struct {
	id      string
	role    int
	ratings []int
}

// stepCell is one cell's released answers (person → rating); for each
// person, every state any release of it gave them (seen: a bit per
// rating, and one for no answer, which every person starts with); and the
// people whose current answer differs from the released one (pending),
// true for those whose current answer no release had (fresh).
type stepCell struct {
	released map[string]int
	seen     map[string]uint64
	pending  map[string]bool
	fresh    int
	touched  bool
}

// noAnswerBit marks, in stepCell.seen, a release without the person.
const noAnswerBit = 1

// stateBit is a person's state in a cell as a bit of stepCell.seen.
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
			s.acts = append(s.acts, activityRef{sk.ID, a.ID})
		}
	}
	s.cells = make([]stepCell, len(s.roleIDs)*len(s.acts))
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
		seen, known := c.seen[person]
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
	if !c.touched {
		c.touched = true
		s.touched = append(s.touched, ci)
	}
}

// Commit ends the commit being walked: each cell it changed where at
// least k people's answers differ from the released ones is released.
func (s *Steps) Commit() {
	for _, ci := range s.touched {
		c := &s.cells[ci]
		c.touched = false
		if c.fresh < s.k {
			continue
		}
		role, ai := ci/len(s.acts), ci%len(s.acts)
		if c.released == nil {
			c.released, c.seen = map[string]int{}, map[string]uint64{}
		}
		for p := range c.pending {
			v, ok := s.current(p, role, ai)
			if ok {
				c.released[p] = v
			} else {
				delete(c.released, p)
			}
			seen, known := c.seen[p]
			if !known {
				seen = noAnswerBit
			}
			c.seen[p] = seen | stateBit(v, ok)
		}
		c.pending, c.fresh = nil, 0
	}
	s.touched = s.touched[:0]
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
