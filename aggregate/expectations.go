package aggregate

import (
	"strconv"

	"github.com/skillmap/skillmap/survey"
)

// Gaps compares a report's figures with the workshop's role expectations
// (workshop.yaml expectations:), per role level. Every figure in it is
// worked out from the counts the report shows of the same cells (how many
// gave each rating), so it tells nothing those do not: a cell whose mean is
// hidden has no gap and no count of those who met the expectation, and a
// skill's figures pool only its activities' cells that are shown.
type Gaps struct {
	Skills     []GapRow `json:"skills"`
	Activities []GapRow `json:"activities"`
}

// GapRow is one skill's or activity's gaps, a cell per role level in the
// order of Report.Groups (All has no expectation, so no cell, nor has any
// other group that is not a role level).
type GapRow struct {
	FrameworkID string    `json:"framework_id"`
	SkillID     string    `json:"skill_id"`
	Skill       string    `json:"skill"`
	ActivityID  string    `json:"activity_id,omitempty"`
	Activity    string    `json:"activity,omitempty"`
	Cells       []GapCell `json:"cells"`
}

// GapCell is one role level's figures against its expectation. Expected
// is the expectation, a setting (for a skill, the mean of its activities'
// expectations), null where the role level has none there. Gap is the mean
// of each rating less its activity's expectation; Met, how many ratings
// reached theirs, of Rated, those compared. On an activity each person
// gives one rating, so Met counts people; on a skill it pools every rating
// of its activities, as the skill's mean does (a count of people would
// weigh each by how many activities they rated, and give one away beside
// the activity figures). Gap, Met and Rated are null where the mean is not
// shown; Hidden then says why ("small", "complement").
type GapCell struct {
	Group    string   `json:"group"`
	Expected *float64 `json:"expected"`
	Gap      *float64 `json:"gap"`
	Met      *int     `json:"met"`
	Rated    *int     `json:"rated"`
	Hidden   string   `json:"hidden,omitempty"`

	gap float64 // unrounded, for the workbook
}

// gapTally sums, over shown cells, the ratings compared with their
// expectation.
type gapTally struct {
	rated, met   int
	sum, expects int // of the ratings, of their expectations
}

// add counts a shown cell's ratings against expectation e.
func (t *gapTally) add(c Cell, e int) {
	for v, n := range c.Counts {
		x, err := strconv.Atoi(v)
		if err != nil || n == 0 {
			continue
		}
		t.rated += n
		t.sum += x * n
		t.expects += e * n
		if x >= e {
			t.met += n
		}
	}
}

// fill sets a cell's figures from the tally, where the mean is shown.
func (t gapTally) fill(gc *GapCell, c Cell) {
	if c.Suppressed {
		gc.Hidden = c.Hidden
		return
	}
	if c.Mean == nil || t.rated == 0 {
		return
	}
	met, rated := t.met, t.rated
	gc.gap = float64(t.sum-t.expects) / float64(rated)
	g := round(gc.gap, 2)
	gc.Gap, gc.Met, gc.Rated = &g, &met, &rated
}

// computeGaps fills rep.Gaps from the rows already computed; nil when the
// workshop sets no expectation.
func (rep *Report) computeGaps(w *survey.Workshop, f *survey.Framework) {
	if !w.HasExpectations() {
		return
	}
	// The role levels' columns among the groups (All, and any group that
	// is not a role level, has no expectation).
	var cols []int
	for gi, g := range rep.Groups {
		if w.Role(g.ID) != nil {
			cols = append(cols, gi)
		}
	}
	roles := len(cols)
	g := &Gaps{Skills: []GapRow{}, Activities: []GapRow{}}
	ai := 0
	for si, s := range f.Skills {
		skill := GapRow{FrameworkID: s.Framework, SkillID: s.ID, Skill: s.Name, Cells: make([]GapCell, roles)}
		tallies := make([]gapTally, roles)
		expects, expected := make([]int, roles), make([]int, roles) // sum and number of the activities' expectations
		for _, a := range s.Activities {
			row := rep.Activities[ai]
			ai++
			out := GapRow{FrameworkID: s.Framework, SkillID: s.ID, Skill: s.Name, ActivityID: a.ID, Activity: a.Text, Cells: make([]GapCell, roles)}
			for gi, col := range cols {
				c := row.Cells[col]
				out.Cells[gi].Group = c.Group
				e, ok := w.Expected(c.Group, skillKey(&s), a.ID)
				if !ok {
					continue
				}
				ev := float64(e)
				out.Cells[gi].Expected = &ev
				expects[gi] += e
				expected[gi]++
				var t gapTally
				if !c.Suppressed {
					t.add(c, e)
					// The skill's cell pools only shown activity cells:
					// Compute hides it where one is hidden.
					tallies[gi].add(c, e)
				}
				t.fill(&out.Cells[gi], c)
			}
			g.Activities = append(g.Activities, out)
		}
		for gi, col := range cols {
			sc := rep.Skills[si].Cells[col]
			skill.Cells[gi].Group = sc.Group
			if expected[gi] == 0 {
				continue
			}
			ev := round(float64(expects[gi])/float64(expected[gi]), 2)
			skill.Cells[gi].Expected = &ev
			tallies[gi].fill(&skill.Cells[gi], sc)
		}
		g.Skills = append(g.Skills, skill)
	}
	rep.Gaps = g
}

// skillKey is the key of a skill's answers, as survey.Workshop.Expected
// takes it.
func skillKey(s *survey.Skill) string { return s.Key() }
