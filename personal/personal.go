// Package personal makes the report for one participant and their line
// manager: for every activity their own rating and note beside their role
// level's mean and the next level's (the community report's figures, with
// its suppression), the expectation for their role where the workshop sets
// one, their strengths and development areas, how their ratings moved over
// the closed rounds, and their focus and plan for the conversation.
//
// Nothing in it comes from another individual: the only figures about
// others are the community report's shown cells, which that report shares
// with everyone anyway.
package personal

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/skillmap/skillmap/aggregate"
	"github.com/skillmap/skillmap/survey"
)

// Schema is the version of the personal report's JSON.
const Schema = 1

// Input is everything a personal report is made of.
type Input struct {
	// Community is the community report at the same state, as report
	// computes it (suppression, steps and audit included): the personal
	// report shows its cells and nothing else about anyone else.
	Community *aggregate.Report
	Workshop  *survey.Workshop
	Framework *survey.Framework
	// Response is the participant's own, at the state reported.
	Response *survey.Response
	// Earlier holds the participant's answers at earlier states, oldest
	// first: each closed round before the state, and --compare's.
	Earlier []State
}

// State is the participant's response at an earlier state.
type State struct {
	Name     string    // "round spring-2026", or the revision --compare named
	Revision string    // commit
	Date     time.Time // of the round's tag, or the commit
	// Response is nil when they had no valid response file then.
	Response *survey.Response
}

// Report is a personal report. Its JSON form is documented in the README;
// field names are stable.
type Report struct {
	Schema       int         `json:"schema"`
	Workshop     string      `json:"workshop"`
	Framework    string      `json:"framework"`
	FrameworkID  string      `json:"framework_id"`
	Revision     string      `json:"revision"`
	RevisionDate time.Time   `json:"revision_date"`
	Label        string      `json:"label"`
	MinGroup     int         `json:"min_group"`
	Participant  Participant `json:"participant"`
	// Group and Next are the participant's role level and the one above
	// it (Next empty at the top).
	Group         string `json:"group"`
	GroupName     string `json:"group_name"`
	NextGroup     string `json:"next_group,omitempty"`
	NextGroupName string `json:"next_group_name,omitempty"`
	// Scale is the rating scale's values, lowest first.
	Scale []int `json:"scale"`
	// Rounds are the earlier states, oldest first; Activity.Earlier and
	// Skill.Earlier have an entry for each, in this order.
	Rounds      []Round    `json:"rounds"`
	Skills      []Skill    `json:"skills"`
	Activities  []Activity `json:"activities"`
	Strengths   []Ranked   `json:"strengths"`
	Development []Ranked   `json:"development"`
	Plan        *PlanView  `json:"plan"`
	lo, hi      int
	scaleLabels map[int]string
}

// Participant is who the report is for.
type Participant struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
}

// Round is an earlier state the report compares with.
type Round struct {
	Name     string    `json:"name"`
	Revision string    `json:"revision"`
	Date     time.Time `json:"date"`
	// Answered is whether the participant had a response then.
	Answered bool `json:"answered"`
}

// Figure is a group's mean as the community report shows it: Mean and N
// are nil, and Hidden says why, where the report hides the cell.
type Figure struct {
	Mean   *float64 `json:"mean"`
	N      *int     `json:"n"`
	Hidden string   `json:"hidden,omitempty"`
}

// Activity is one activity of the framework and where the participant is
// on it.
type Activity struct {
	FrameworkID string  `json:"framework_id"`
	SkillID     string  `json:"skill_id"`
	Skill       string  `json:"skill"`
	ActivityID  string  `json:"activity_id"`
	Activity    string  `json:"activity"`
	Rating      *int    `json:"rating"`
	Note        string  `json:"note"`
	GroupMean   Figure  `json:"group"`
	NextMean    *Figure `json:"next,omitempty"`
	// Expected is the workshop's expectation for the participant's role
	// level, where it sets one.
	Expected *int `json:"expected"`
	// Focus is whether the activity is in the participant's plan.
	Focus bool `json:"focus"`
	// Earlier is the participant's rating at each earlier state (nil: no
	// rating then); Change is the rating now less each of them.
	Earlier []*int `json:"earlier"`
	Change  []*int `json:"change"`
}

// Skill is the participant's mean rating over a skill's activities, and
// their groups' skill means.
type Skill struct {
	FrameworkID string   `json:"framework_id"`
	SkillID     string   `json:"skill_id"`
	Skill       string   `json:"skill"`
	Mean        *float64 `json:"mean"`  // the participant's own, over the activities they rated
	Rated       int      `json:"rated"` // activities they rated
	GroupMean   Figure   `json:"group"`
	NextMean    *Figure  `json:"next,omitempty"`
	// Earlier is their own skill mean at each earlier state.
	Earlier []*float64 `json:"earlier"`
}

// Ranked is an activity among the strengths or development areas.
type Ranked struct {
	FrameworkID string   `json:"framework_id"`
	SkillID     string   `json:"skill_id"`
	ActivityID  string   `json:"activity_id"`
	Activity    string   `json:"activity"`
	Rating      int      `json:"rating"`
	Target      *float64 `json:"target,omitempty"`
	// Basis says what Target is: "expectation" or "next_level"; for a
	// strength, what it is measured against, if anything.
	Basis string   `json:"basis,omitempty"`
	Gap   *float64 `json:"gap,omitempty"` // Target less Rating
	Focus bool     `json:"focus"`
}

// PlanView is the participant's focus and plan.
type PlanView struct {
	Focus       []FocusActivity `json:"focus"`
	Text        string          `json:"text"`
	LineManager string          `json:"line_manager,omitempty"`
}

// FocusActivity is an activity of the plan, with its text.
type FocusActivity struct {
	survey.ActivityRef
	Text string `json:"activity"`
}

// MaxStrengths is how many strengths a report lists: a conversation
// starts from a few.
const MaxStrengths = 5

// Compute makes a participant's report.
func Compute(in Input) (*Report, error) {
	c, w, f, r := in.Community, in.Workshop, in.Framework, in.Response
	if c == nil || r == nil {
		return nil, fmt.Errorf("personal report: no community report or response")
	}
	role := r.Participant.Role
	gi := slices.IndexFunc(w.Roles, func(x survey.Role) bool { return x.ID == role })
	if gi < 0 {
		return nil, fmt.Errorf("%s: role %q is not one of the workshop's", r.File, role)
	}
	lo, hi := w.ScaleRange()
	rep := &Report{
		Schema: Schema, Workshop: w.Title, Framework: f.Title, FrameworkID: f.ID,
		Revision: c.Revision, RevisionDate: c.RevisionDate, Label: c.Label, MinGroup: c.MinGroup,
		Participant: Participant{ID: r.Participant.ID, Name: r.Participant.Name, Role: role},
		Group:       role, GroupName: w.Roles[gi].Name,
		Rounds: []Round{}, Skills: []Skill{}, Activities: []Activity{}, Strengths: []Ranked{}, Development: []Ranked{},
		lo: lo, hi: hi, scaleLabels: map[int]string{},
	}
	for _, l := range w.Scale {
		rep.Scale = append(rep.Scale, l.Value)
		rep.scaleLabels[l.Value] = l.Label
	}
	slices.Sort(rep.Scale)
	next := ""
	if gi+1 < len(w.Roles) {
		next = w.Roles[gi+1].ID
		rep.NextGroup, rep.NextGroupName = next, w.Roles[gi+1].Name
	}
	for _, e := range in.Earlier {
		rep.Rounds = append(rep.Rounds, Round{Name: e.Name, Revision: e.Revision, Date: e.Date, Answered: e.Response != nil})
	}
	// Answers are looked up by skill key (Skill.Key), as the workshop's
	// combined view of its frameworks gives them.
	r = r.KeyedFor(f)
	focus := map[[2]string]bool{}
	if r.Plan != nil {
		for _, ref := range r.Plan.Focus {
			if k, ok := ref.SkillKey(f); ok {
				focus[[2]string{k, ref.Activity}] = true
			}
		}
	}
	earlier := make([]*survey.Response, len(in.Earlier))
	for i, e := range in.Earlier {
		if e.Response != nil {
			earlier[i] = e.Response.KeyedFor(f)
		}
	}
	acts := rowsInOrder(c.Activities)
	skills := rowsInOrder(c.Skills)
	groupCol := slices.IndexFunc(c.Groups, func(g aggregate.Group) bool { return g.ID == role })
	nextCol := slices.IndexFunc(c.Groups, func(g aggregate.Group) bool { return next != "" && g.ID == next })
	figure := func(row *aggregate.Row, col int) Figure {
		if row == nil || col < 0 || col >= len(row.Cells) {
			return Figure{Hidden: "none"}
		}
		cell := row.Cells[col]
		return Figure{Mean: cell.Mean, N: cell.N, Hidden: cell.Hidden}
	}
	for _, s := range f.Skills {
		fwID := cmp.Or(s.Framework, f.ID)
		sk := Skill{FrameworkID: fwID, SkillID: s.ID, Skill: s.Name, Earlier: make([]*float64, len(in.Earlier))}
		srow := skills(s.ID, "")
		sk.GroupMean = figure(srow, groupCol)
		if next != "" {
			nf := figure(srow, nextCol)
			sk.NextMean = &nf
		}
		sum := 0
		for _, a := range s.Activities {
			// TODO(i13-core): look answers up by s.Key() once skills carry
			// their framework.
			ans := r.Answer(s.Key(), a.ID)
			act := Activity{FrameworkID: fwID, SkillID: s.ID, Skill: s.Name, ActivityID: a.ID, Activity: a.Text,
				Focus: focus[[2]string{s.Key(), a.ID}], Earlier: make([]*int, len(in.Earlier)), Change: make([]*int, len(in.Earlier))}
			if ans != nil {
				act.Rating, act.Note = ans.Rating, ans.Note
			}
			if act.Rating != nil {
				sum += *act.Rating
				sk.Rated++
			}
			row := acts(s.ID, a.ID)
			act.GroupMean = figure(row, groupCol)
			if next != "" {
				nf := figure(row, nextCol)
				act.NextMean = &nf
			}
			// The workshop's expectation for their role level (workshop.yaml
			// expectations), the activity's own or its skill's.
			if v, ok := w.Expected(role, s.Key(), a.ID); ok {
				act.Expected = &v
			}
			for i, e := range earlier {
				if e == nil {
					continue
				}
				if old := e.Answer(s.Key(), a.ID); old != nil && old.Rating != nil {
					act.Earlier[i] = old.Rating
					if act.Rating != nil {
						d := *act.Rating - *old.Rating
						act.Change[i] = &d
					}
				}
			}
			rep.Activities = append(rep.Activities, act)
		}
		if sk.Rated > 0 {
			m := round2(float64(sum) / float64(sk.Rated))
			sk.Mean = &m
		}
		for i, e := range earlier {
			sk.Earlier[i] = ownMean(e, s)
		}
		rep.Skills = append(rep.Skills, sk)
	}
	rep.Strengths, rep.Development = rank(rep.Activities, lo, hi)
	if r.Plan != nil {
		pv := &PlanView{Focus: []FocusActivity{}, Text: r.Plan.Text, LineManager: r.Plan.LineManager}
		for _, ref := range r.Plan.Focus {
			text := ""
			k, _ := ref.SkillKey(f)
			for _, s := range f.Skills {
				if s.Key() == k {
					ref.Framework = cmp.Or(s.Framework, f.ID)
					if a := s.Activity(ref.Activity); a != nil {
						text = a.Text
					}
				}
			}
			pv.Focus = append(pv.Focus, FocusActivity{ActivityRef: ref, Text: text})
		}
		rep.Plan = pv
	}
	return rep, nil
}

// rowsInOrder finds a community report's rows by skill and activity id,
// in the framework's order: skill ids are unique only within a framework,
// and the report's rows follow the workshop's skills, so each look-up
// takes the next row that matches.
func rowsInOrder(rows []aggregate.Row) func(skill, activity string) *aggregate.Row {
	next := 0
	return func(skill, activity string) *aggregate.Row {
		for i := next; i < len(rows); i++ {
			if rows[i].SkillID == skill && rows[i].ActivityID == activity {
				next = i + 1
				return &rows[i]
			}
		}
		return nil
	}
}

// ownMean is a response's mean rating over a skill's activities, nil when
// it rated none.
func ownMean(r *survey.Response, s survey.Skill) *float64 {
	if r == nil {
		return nil
	}
	sum, n := 0, 0
	for _, a := range s.Activities {
		if ans := r.Answer(s.Key(), a.ID); ans != nil && ans.Rating != nil {
			sum += *ans.Rating
			n++
		}
	}
	if n == 0 {
		return nil
	}
	m := round2(float64(sum) / float64(n))
	return &m
}

// target is what an activity's rating is measured against: the
// expectation for the role where set, else the next role level's mean
// where shown.
func target(a Activity) (*float64, string) {
	if a.Expected != nil {
		v := float64(*a.Expected)
		return &v, "expectation"
	}
	if a.NextMean != nil && a.NextMean.Mean != nil {
		return a.NextMean.Mean, "next_level"
	}
	return nil, ""
}

// rank picks the strengths (the highest ratings in the upper half of the
// scale, at or above their target where there is one; ties broken by the
// margin over it) and the
// development areas (every rated activity below its target, the largest
// gap first).
func rank(acts []Activity, lo, hi int) (strengths, development []Ranked) {
	strengths, development = []Ranked{}, []Ranked{}
	var cands []Ranked
	for _, a := range acts {
		if a.Rating == nil {
			continue
		}
		strong := *a.Rating*2 >= lo+hi // the upper half of the scale
		t, basis := target(a)
		rk := Ranked{FrameworkID: a.FrameworkID, SkillID: a.SkillID, ActivityID: a.ActivityID, Activity: a.Activity, Rating: *a.Rating, Target: t, Basis: basis, Focus: a.Focus}
		if t != nil {
			g := round2(*t - float64(*a.Rating))
			rk.Gap = &g
			if g > 0 {
				development = append(development, rk)
				continue
			}
		}
		if strong {
			cands = append(cands, rk)
		}
	}
	gap := func(r Ranked) float64 {
		if r.Gap == nil {
			return 0
		}
		return *r.Gap
	}
	// Stable sorts keep the framework's order among equals.
	slices.SortStableFunc(development, func(x, y Ranked) int { return cmp.Compare(gap(y), gap(x)) })
	slices.SortStableFunc(cands, func(x, y Ranked) int {
		if x.Rating != y.Rating {
			return cmp.Compare(y.Rating, x.Rating)
		}
		return cmp.Compare(gap(x), gap(y)) // the larger margin (more negative gap) first
	})
	if len(cands) > MaxStrengths {
		cands = cands[:MaxStrengths]
	}
	return append(strengths, cands...), development
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// WriteJSON writes the report as indented JSON.
func (rep *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
