package aggregate

import (
	"cmp"
	"slices"
)

// How many activities the lists of strongest, weakest and biggest steps
// hold.
const (
	topN        = 3
	prioritiesN = 5
)

// Ranked is an activity and its mean for one group.
type Ranked struct {
	FrameworkID string  `json:"framework_id"`
	SkillID     string  `json:"skill_id"`
	ActivityID  string  `json:"activity_id"`
	Activity    string  `json:"activity"`
	Mean        float64 `json:"mean"`
	N           int     `json:"n"`
}

// RoleRanking is a role level's (or a band's) strongest and weakest
// activities, among those whose figures are shown, within one framework.
type RoleRanking struct {
	FrameworkID string   `json:"framework_id"`
	Role        string   `json:"role"`
	Strongest   []Ranked `json:"strongest"`
	Weakest     []Ranked `json:"weakest"`
}

// Step is where the move up from one role level (or band) to the next
// shows the biggest difference in mean, among activities of one framework
// shown for both.
type Step struct {
	FrameworkID string     `json:"framework_id"`
	From        string     `json:"from"`
	To          string     `json:"to"`
	Activities  []StepDiff `json:"activities"`
}

// StepDiff is one activity's difference between two adjacent role levels.
type StepDiff struct {
	FrameworkID string  `json:"framework_id"`
	SkillID     string  `json:"skill_id"`
	ActivityID  string  `json:"activity_id"`
	Activity    string  `json:"activity"`
	From        float64 `json:"from_mean"`
	To          float64 `json:"to_mean"`
	Difference  float64 `json:"difference"`
}

// rank works out the rankings and steps from the activity rows, framework
// by framework: each framework is for its own audience, so a role level's
// priorities are ranked within each.
func (rep *Report) rank() {
	for _, fw := range rep.Frameworks {
		rep.rankFramework(fw.ID, rowsOf(rep.Activities, fw.ID))
	}
}

func (rep *Report) rankFramework(framework string, activities []Row) {
	// Role levels and bands each get their lists; steps go from a role
	// level to the next, and from a band to the next.
	for g := 0; g < rep.h.all(); g++ {
		var shown []Ranked
		for _, row := range activities {
			if c := row.Cells[g]; c.Mean != nil {
				shown = append(shown, Ranked{row.FrameworkID, row.SkillID, row.ActivityID, row.Activity, c.mean, c.n})
			}
		}
		if len(shown) == 0 {
			continue
		}
		// Ties go to framework order, so lists are stable.
		slices.SortStableFunc(shown, func(a, b Ranked) int { return cmp.Compare(b.Mean, a.Mean) })
		rr := RoleRanking{FrameworkID: framework, Role: rep.Groups[g].ID, Strongest: roundRanked(shown[:min(topN, len(shown))])}
		weak := slices.Clone(shown)
		slices.SortStableFunc(weak, func(a, b Ranked) int { return cmp.Compare(a.Mean, b.Mean) })
		rr.Weakest = roundRanked(weak[:min(prioritiesN, len(weak))])
		rep.Rankings = append(rep.Rankings, rr)
	}
	for g := 0; g+1 < rep.h.all(); g++ {
		if g+1 == rep.h.roles {
			continue // from the last role level to the first band
		}
		st := Step{FrameworkID: framework, From: rep.Groups[g].ID, To: rep.Groups[g+1].ID}
		for _, row := range activities {
			a, b := row.Cells[g], row.Cells[g+1]
			if a.Mean == nil || b.Mean == nil {
				continue
			}
			st.Activities = append(st.Activities, StepDiff{row.FrameworkID, row.SkillID, row.ActivityID, row.Activity,
				round(a.mean, 2), round(b.mean, 2), b.mean - a.mean})
		}
		if len(st.Activities) == 0 {
			continue
		}
		slices.SortStableFunc(st.Activities, func(x, y StepDiff) int { return cmp.Compare(y.Difference, x.Difference) })
		st.Activities = st.Activities[:min(prioritiesN, len(st.Activities))]
		for i := range st.Activities {
			st.Activities[i].Difference = round(st.Activities[i].Difference, 2)
		}
		rep.Steps = append(rep.Steps, st)
	}
}

func roundRanked(rs []Ranked) []Ranked {
	out := slices.Clone(rs)
	for i := range out {
		out[i].Mean = round(out[i].Mean, 2)
	}
	return out
}
