package aggregate

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/skillmap/skillmap/survey"
)

// historyState is one state of a random workshop's history: everyone's
// role and ratings (activity → rating; absent: not rated).
type historyState map[string]historyPerson

type historyPerson struct {
	role    string
	ratings map[string]int
}

func (st historyState) responses(in Input) []*survey.Response {
	var rs []*survey.Response
	for i := 0; i < 100; i++ {
		id := fmt.Sprintf("p%d", i)
		p, ok := st[id]
		if !ok {
			continue
		}
		r := survey.NewResponse(survey.Participant{ID: id, Name: "P", Role: p.role})
		for _, s := range in.Framework.Skills {
			r.Ratings[s.ID] = map[string]*survey.Answer{}
			for _, a := range s.Activities {
				ans := &survey.Answer{}
				if v, ok := p.ratings[s.ID+"/"+a.ID]; ok {
					ans.Rating = &v
				}
				r.Ratings[s.ID][a.ID] = ans
			}
		}
		rs = append(rs, r)
	}
	return rs
}

// randomHistory makes a workshop history of steps, each adding, changing,
// moving (to another role) or removing a few people, some changing an
// answer back to what it was, and the input of every state.
func randomHistory(rng *rand.Rand, k int) ([]historyState, []Input) {
	base := handWorkshop()
	base.Workshop.MinGroup = k
	roles := base.Workshop.RoleIDs()
	var acts []string
	for _, s := range base.Framework.Skills {
		for _, a := range s.Activities {
			acts = append(acts, s.ID+"/"+a.ID)
		}
	}
	cur := historyState{}
	var states []historyState
	var inputs []Input
	people := 6 + rng.IntN(14)
	steps := 3 + rng.IntN(6)
	for step := 0; step < steps; step++ {
		next := historyState{}
		for id, p := range cur {
			next[id] = p
		}
		changes := 1 + rng.IntN(k+2)
		for c := 0; c < changes; c++ {
			id := fmt.Sprintf("p%d", rng.IntN(people))
			p, ok := next[id]
			switch op := rng.IntN(10); {
			case !ok || op < 5:
				np := historyPerson{role: roles[rng.IntN(len(roles))], ratings: map[string]int{}}
				if ok && op >= 2 {
					np.role = p.role
				}
				for _, a := range acts {
					if rng.IntN(5) > 0 {
						np.ratings[a] = rng.IntN(3)
					}
				}
				next[id] = np
			case op < 7:
				next[id] = historyPerson{role: roles[rng.IntN(len(roles))], ratings: p.ratings}
			case op < 9:
				np := historyPerson{role: p.role, ratings: map[string]int{}}
				for a, v := range p.ratings {
					np.ratings[a] = v
				}
				np.ratings[acts[rng.IntN(len(acts))]] = rng.IntN(3)
				next[id] = np
			default:
				delete(next, id)
			}
		}
		in := base
		in.Responses = next.responses(base)
		in.Revision = fmt.Sprintf("state%d", step)
		states = append(states, next)
		inputs = append(inputs, in)
		cur = next
	}
	return states, inputs
}

// disclosed reports whether the figures shown in the given reports (of the
// given states) let anyone work out one person's rating of one activity
// in one of the states: whether, for some activity, a single person's
// rating is a linear combination of the counts shown. For each rating
// value, whether a person gave it in a state is an unknown; a person who
// gave the same rating in two states has one unknown for both (a reader
// may know who changed their answers). A cell's count of that value is
// the sum of its members' unknowns (twice for someone counted twice), the
// same row for every value: if a unit vector is in the span of the rows,
// that person's rating is disclosed.
func disclosed(states []historyState, reps []*Report) string {
	var lists [][]historyEntry
	for _, st := range states {
		lists = append(lists, st.entries())
	}
	return disclosedEntries(lists, reps)
}

// historyEntry is one person's answers as a report counts them; a report
// of held role levels may count someone twice (in their role then and now).
type historyEntry struct {
	id string
	historyPerson
}

func (st historyState) entries() []historyEntry {
	var out []historyEntry
	for id, p := range st {
		out = append(out, historyEntry{id, p})
	}
	return out
}

// entriesOf lists the people an input's figures count.
func entriesOf(in Input) []historyEntry {
	var out []historyEntry
	for _, r := range figuresOf(in) {
		p := historyPerson{role: r.Participant.Role, ratings: map[string]int{}}
		for skill, acts := range r.Ratings {
			for act, a := range acts {
				if a != nil && a.Rating != nil {
					p.ratings[skill+"/"+act] = *a.Rating
				}
			}
		}
		out = append(out, historyEntry{r.Participant.ID, p})
	}
	return out
}

func disclosedEntries(states [][]historyEntry, reps []*Report) string {
	for ai, row := range reps[0].Activities {
		key := row.SkillID + "/" + row.ActivityID
		vars := map[string]int{} // person, rating → unknown
		varOf := func(id string, v int) int {
			name := fmt.Sprintf("%s=%d", id, v)
			if i, ok := vars[name]; ok {
				return i
			}
			vars[name] = len(vars)
			return vars[name]
		}
		var rows [][]int
		for si, st := range states {
			for _, c := range reps[si].Activities[ai].Cells {
				if c.Suppressed || c.Mean == nil {
					continue
				}
				var members []int
				for _, e := range st {
					id, p := e.id, e.historyPerson
					v, ok := p.ratings[key]
					if !ok || (c.Group != survey.AllGroup && p.role != c.Group) {
						continue
					}
					members = append(members, varOf(id, v))
				}
				rows = append(rows, members)
			}
		}
		n := len(vars)
		m := make([][]float64, len(rows))
		for i, r := range rows {
			m[i] = make([]float64, n)
			for _, x := range r {
				m[i][x]++
			}
		}
		base := rank(m)
		for name, x := range vars {
			e := make([]float64, n)
			e[x] = 1
			if rank(append(cloneRows(m), e)) == base {
				return fmt.Sprintf("activity %s: %s follows from the figures shown", key, name)
			}
		}
	}
	return ""
}

func cloneRows(m [][]float64) [][]float64 {
	out := make([][]float64, len(m))
	for i := range m {
		out[i] = append([]float64(nil), m[i]...)
	}
	return out
}

// rank is the rank of a small matrix, by Gaussian elimination.
func rank(m [][]float64) int {
	m = cloneRows(m)
	r := 0
	if len(m) == 0 {
		return 0
	}
	for c := 0; c < len(m[0]) && r < len(m); c++ {
		p := -1
		for i := r; i < len(m); i++ {
			if math.Abs(m[i][c]) > 1e-9 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		m[r], m[p] = m[p], m[r]
		for i := range m {
			if i != r && math.Abs(m[i][c]) > 1e-9 {
				f := m[i][c] / m[r][c]
				for j := c; j < len(m[i]); j++ {
					m[i][j] -= f * m[r][j]
				}
			}
		}
		r++
	}
	return r
}

// TestNoRatingFollowsFromOneReport: over random workshops, no
// combination of the counts one report shows gives one person's rating of
// an activity (a stronger check than TestSuppressionProperty's, by linear
// algebra over every shown cell of a row).
func TestNoRatingFollowsFromOneReport(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for iter := 0; iter < 300; iter++ {
		states, inputs := randomHistory(rng, 3+rng.IntN(2))
		for i, in := range inputs {
			if why := disclosed(states[i:i+1], []*Report{Compute(in)}); why != "" {
				t.Fatalf("iteration %d, state %d: %s", iter, i, why)
			}
		}
	}
}

// TestCompareTellsNothingMore: over random pairs of states of random
// workshops (people moving between roles among them), the report of the
// later compared with the earlier shows a change only where both states'
// own reports show the cell, at least min_group people were in the group
// and rated it both times, and the change is the difference of the two
// reports' means: the comparison gives nothing the two reports do not.
// (The earlier state grouped by today's roles gave away the rating of
// someone who was alone in their role then.)
func TestCompareTellsNothingMore(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	shown := 0
	for iter := 0; iter < 300; iter++ {
		_, inputs := randomHistory(rng, 3+rng.IntN(2))
		reps := make([]*Report, len(inputs))
		for i, in := range inputs {
			reps[i] = Compute(in)
		}
		for i := range inputs {
			for j := i + 1; j < len(inputs); j++ {
				cmp := Compute(inputs[j])
				cmp.Compare(inputs[j], inputs[i], "then")
				rows := append(cmp.Change.Skills, cmp.Change.Activities...)
				nowRows := append(reps[j].Skills, reps[j].Activities...)
				thenRows := append(reps[i].Skills, reps[i].Activities...)
				for ri, row := range rows {
					for gi, c := range row.Cells {
						if c.Change == nil {
							continue
						}
						shown++
						now, then := nowRows[ri].Cells[gi], thenRows[ri].Cells[gi]
						if now.Suppressed || then.Suppressed || now.Mean == nil || then.Mean == nil || math.Abs(*c.Change-round(now.mean-then.mean, 2)) > 1e-9 {
							t.Fatalf("iteration %d, states %d and %d: change %v in %s/%s is not what the two reports show", iter, i, j, *c.Change, row.ActivityID, c.Group)
						}
						if *c.NBoth < cmp.MinGroup {
							t.Fatalf("iteration %d, states %d and %d: change in %s/%s from n_both %d", iter, i, j, row.ActivityID, c.Group, *c.NBoth)
						}
					}
				}
			}
		}
	}
	if shown == 0 {
		t.Fatal("no change was ever shown: the test checks nothing")
	}
}

// stepped runs a random history through Steps, state by state, and gives
// each state's input with the figures' answers held.
func stepped(states []historyState, inputs []Input, k int) []Input {
	return steppedKept(states, inputs, k, false)
}

// steppedKept is stepped, keeping the walk (MarshalBinary) after each state
// and taking it up again in new Steps when keep is set.
func steppedKept(states []historyState, inputs []Input, k int, keep bool) []Input {
	steps := NewSteps(inputs[0].Workshop, inputs[0].Framework, k)
	prev := historyState{}
	out := make([]Input, len(inputs))
	for i, in := range inputs {
		for id := range prev {
			if _, ok := states[i][id]; !ok {
				steps.Set(id, nil)
			}
		}
		for _, r := range in.Responses {
			steps.Set(r.Participant.ID, r)
		}
		steps.Commit()
		if keep {
			data, err := steps.MarshalBinary()
			if err != nil {
				panic(err)
			}
			steps = NewSteps(inputs[0].Workshop, inputs[0].Framework, k)
			if err := steps.UnmarshalBinary(data); err != nil {
				panic(err)
			}
		}
		in.Held = steps.Held()
		out[i] = in
		prev = states[i]
	}
	return out
}

// TestNoRatingFollowsFromTwoReports is the property issue 10 asks of
// reports of two states: over random histories (people joining, leaving,
// changing role and changing answers, some back to what they were), for
// every pair of states, no combination of the counts their reports show,
// nor of the report comparing them, gives one person's rating. Without
// Steps the same histories do give ratings away, so the test can tell.
func TestNoRatingFollowsFromTwoReports(t *testing.T) {
	seed2, iters := uint64(10), 200
	if v := os.Getenv("SKILLMAP_PROPERTY_SEED"); v != "" {
		seed2, _ = strconv.ParseUint(v, 10, 64)
		iters = 3000
	}
	rng := rand.New(rand.NewPCG(9, seed2))
	pairs, leaksWithout, shownCells, moved := 0, 0, 0, 0
	for iter := 0; iter < iters; iter++ {
		k := 3 + rng.IntN(2)
		states, inputs := randomHistory(rng, k)
		shown := stepped(states, inputs, k)
		reps := make([]*Report, len(inputs))
		for i := range inputs {
			reps[i] = Compute(shown[i])
			for _, row := range reps[i].Activities {
				all := row.Cells[len(row.Cells)-1]
				sum := 0
				for _, c := range row.Cells[:len(row.Cells)-1] {
					if c.Mean != nil {
						shownCells++
						sum += *c.N
					}
				}
				if all.n != sum {
					t.Fatalf("iteration %d, state %d: All counts %d, the role levels shown %d", iter, i, all.n, sum)
				}
			}
		}
		// The same history walked again gives the same figures, also
		// when the walk is kept and taken up after each state.
		again := steppedKept(states, inputs, k, true)
		for i := range again {
			if a, b := Compute(again[i]), reps[i]; rowsJSON(a.Activities) != rowsJSON(b.Activities) {
				t.Fatalf("iteration %d, state %d: the same history gives other figures", iter, i)
			}
		}
		for i := range inputs {
			for j := i + 1; j < len(inputs); j++ {
				pairs++
				if rowsJSON(reps[i].Activities) != rowsJSON(reps[j].Activities) {
					moved++
				}
				if why := disclosedEntries([][]historyEntry{entriesOf(shown[i]), entriesOf(shown[j])}, []*Report{reps[i], reps[j]}); why != "" {
					t.Fatalf("iteration %d, states %d and %d: %s", iter, i, j, why)
				}
				if disclosed([]historyState{states[i], states[j]}, []*Report{Compute(inputs[i]), Compute(inputs[j])}) != "" {
					leaksWithout++
				}
				// Every cell both show is the same or at least k
				// people apart.
				for ri, row := range reps[j].Activities {
					for gi, c := range row.Cells {
						p := reps[i].Activities[ri].Cells[gi]
						if c.Mean == nil || p.Mean == nil {
							continue
						}
						if d := cellDistance(shown[i], shown[j], row.SkillID, row.ActivityID, c.Group); d > 0 && d < k {
							t.Fatalf("iteration %d, states %d and %d: %s/%s %s moved by %d people", iter, i, j, row.ActivityID, c.Group, c.Group, d)
						}
					}
				}
				// The comparison of the two shows changes only where both
				// reports show the cell (TestCompareTellsNothingMore).
				cmp := Compute(shown[j])
				cmp.Compare(shown[j], shown[i], "then")
				for ri, row := range cmp.Change.Activities {
					for gi, c := range row.Cells {
						if c.Change != nil && (reps[j].Activities[ri].Cells[gi].Mean == nil || reps[i].Activities[ri].Cells[gi].Mean == nil || *c.NBoth < k) {
							t.Fatalf("iteration %d, states %d and %d: a change where a report shows no figure", iter, i, j)
						}
					}
				}
			}
		}
	}
	t.Logf("%d pairs of states, %d role cells shown, %d pairs with figures that moved; without steps %d pairs give a rating away", pairs, shownCells, moved, leaksWithout)
	if leaksWithout == 0 {
		t.Error("the random histories never give a rating away even without steps: the test cannot tell")
	}
	if moved == 0 || shownCells == 0 {
		t.Error("the figures never moved: the test checks nothing")
	}
}

// cellDistance counts the people whose answer in one cell differs between
// two inputs' held answers (All: the sum over role levels).
func cellDistance(a, b Input, skill, act, group string) int {
	answers := func(in Input) map[string]int {
		m := map[string]int{}
		for _, r := range in.Held.Responses {
			if group != survey.AllGroup && r.Participant.Role != group {
				continue
			}
			if ans := r.Answer(skill, act); ans != nil && ans.Rating != nil {
				m[r.Participant.ID+"\x00"+r.Participant.Role] = *ans.Rating
			}
		}
		return m
	}
	x, y := answers(a), answers(b)
	d := 0
	for p, v := range x {
		if w, ok := y[p]; !ok || w != v {
			d++
		}
	}
	for p := range y {
		if _, ok := x[p]; !ok {
			d++
		}
	}
	return d
}

func rowsJSON(rows []Row) string {
	b, _ := json.Marshal(rows)
	return string(b)
}

// randomExpectations sets random expectations on a workshop: some skills
// and some activities, for some role levels, on the scale.
func randomExpectations(rng *rand.Rand, in Input) {
	w, f := in.Workshop, in.Framework
	w.Expectations = nil
	lo, hi := w.ScaleRange()
	pick := func() survey.RoleRatings {
		var rs survey.RoleRatings
		for _, r := range w.RoleIDs() {
			if rng.IntN(3) > 0 {
				rs = append(rs, survey.RoleRating{Role: r, Rating: lo + rng.IntN(hi-lo+1)})
			}
		}
		return rs
	}
	for _, s := range f.Skills {
		if rs := pick(); len(rs) > 0 && rng.IntN(2) == 0 {
			w.Expectations = append(w.Expectations, survey.Expectation{Skill: s.ID, Expected: rs})
		}
		for _, a := range s.Activities {
			if rs := pick(); len(rs) > 0 && rng.IntN(3) == 0 {
				w.Expectations = append(w.Expectations, survey.Expectation{Activity: a.ID, Expected: rs})
			}
		}
	}
	if ps := w.CheckExpectations("workshop.yaml", f); len(ps) > 0 {
		panic(ps)
	}
}

// gapsFromCounts works the gaps out again from what the report shows of
// each cell (its counts of each rating) and the expectations alone: if
// they agree, the gaps and met counts tell nothing the counts do not.
func gapsFromCounts(rep *Report, w *survey.Workshop, f *survey.Framework) string {
	type tally struct{ rated, met, sum, exp int }
	var out []string
	ai := 0
	for si, s := range f.Skills {
		skill := make([]tally, len(rep.Groups)-1)
		for _, a := range s.Activities {
			row := rep.Activities[ai]
			ai++
			for gi, c := range row.Cells[:len(row.Cells)-1] {
				e, ok := w.Expected(c.Group, s.ID, a.ID)
				if !ok || c.Mean == nil {
					out = append(out, "-")
					continue
				}
				var t tally
				for v, n := range c.Counts {
					x, _ := strconv.Atoi(v)
					t.rated += n
					t.sum += x * n
					t.exp += e * n
					if x >= e {
						t.met += n
					}
				}
				out = append(out, fmt.Sprintf("%d/%d/%.2f", t.met, t.rated, round(float64(t.sum-t.exp)/float64(t.rated), 2)))
				skill[gi].rated += t.rated
				skill[gi].met += t.met
				skill[gi].sum += t.sum
				skill[gi].exp += t.exp
			}
		}
		for gi, t := range skill {
			if c := rep.Skills[si].Cells[gi]; c.Mean == nil || t.rated == 0 {
				out = append(out, "-")
				continue
			}
			out = append(out, fmt.Sprintf("%d/%d/%.2f", t.met, t.rated, round(float64(t.sum-t.exp)/float64(t.rated), 2)))
		}
	}
	return strings.Join(out, " ")
}

// gapsShown is the report's own gaps, as gapsFromCounts writes them.
func gapsShown(rep *Report) string {
	if rep.Gaps == nil {
		return ""
	}
	var out []string
	for i := range rep.Gaps.Skills {
		for _, c := range rep.Gaps.Activities {
			if c.SkillID != rep.Gaps.Skills[i].SkillID {
				continue
			}
			for _, gc := range c.Cells {
				out = append(out, gapText(gc))
			}
		}
		for _, gc := range rep.Gaps.Skills[i].Cells {
			out = append(out, gapText(gc))
		}
	}
	return strings.Join(out, " ")
}

func gapText(c GapCell) string {
	if c.Gap == nil {
		return "-"
	}
	return fmt.Sprintf("%d/%d/%.2f", *c.Met, *c.Rated, *c.Gap)
}

// TestGapsAndTrendTellNothingMore extends the property of two reports to
// role expectations and the trend. Over random histories stepped as
// reports make them, with random expectations: every gap and count of
// ratings that met the expectation follows from the counts the same report
// shows of the same cells (so TestNoRatingFollowsFromTwoReports covers
// them: a count of ratings at or above a threshold is a sum of the counts
// of each rating), is shown only where the mean is, and two reports whose
// figures are the same have the same gaps; and a trend shows each state's
// figures as that state's own report does, nothing else.
func TestGapsAndTrendTellNothingMore(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	shown := 0
	for iter := 0; iter < 200; iter++ {
		k := 3 + rng.IntN(2)
		states, inputs := randomHistory(rng, k)
		randomExpectations(rng, inputs[0]) // the workshop every state shares
		stepped := stepped(states, inputs, k)
		reps := make([]*Report, len(stepped))
		var rounds []RoundReport
		for i, in := range stepped {
			reps[i] = Compute(in)
			rep := reps[i]
			if !in.Workshop.HasExpectations() {
				continue
			}
			// Reports made without steps too: their skills hide where an
			// activity is hidden (Compute's complement rule).
			for _, r := range []*Report{rep, Compute(inputs[i])} {
				if got, want := gapsShown(r), gapsFromCounts(r, in.Workshop, in.Framework); got != want {
					t.Fatalf("iteration %d, state %d: gaps\n%s\ndo not follow from the counts shown\n%s", iter, i, got, want)
				}
			}
			for ri, row := range append(append([]GapRow{}, rep.Gaps.Skills...), rep.Gaps.Activities...) {
				figs := rep.Skills
				if ri >= len(rep.Gaps.Skills) {
					figs, ri = rep.Activities, ri-len(rep.Gaps.Skills)
				}
				for gi, c := range row.Cells {
					if c.Gap != nil {
						shown++
						if figs[ri].Cells[gi].Mean == nil {
							t.Fatalf("iteration %d, state %d: a gap where the mean is hidden", iter, i)
						}
					}
				}
			}
			rounds = append(rounds, RoundReport{Round: TrendRound{Name: fmt.Sprintf("r%d", i)}, Report: rep})
		}
		for i := range reps {
			for j := i + 1; j < len(reps); j++ {
				if rowsJSON(reps[i].Activities) == rowsJSON(reps[j].Activities) && gapsShown(reps[i]) != gapsShown(reps[j]) {
					t.Fatalf("iteration %d, states %d and %d: the same figures, other gaps", iter, i, j)
				}
			}
		}
		last := Compute(stepped[len(stepped)-1])
		last.AddTrend(rounds)
		for si, row := range last.Trend.Skills {
			for gi, s := range row.Groups {
				for ri, p := range s.Points {
					c := rounds[ri].Report.Skills[si].Cells[gi]
					if (p.Mean == nil) != (c.Mean == nil) || p.Mean != nil && (*p.Mean != *c.Mean || *p.N != *c.N) || p.Hidden != c.Hidden {
						t.Fatalf("iteration %d: the trend's %s %s in %s is not as that state's report shows it", iter, row.SkillID, s.Group, p.Round)
					}
				}
			}
		}
	}
	if shown == 0 {
		t.Fatal("no gap was ever shown: the test checks nothing")
	}
}
