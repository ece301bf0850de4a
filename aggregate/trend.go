package aggregate

import (
	"time"

	"github.com/skillmap/skillmap/survey"
)

// Trend is every closed round's mean per skill and group, oldest round
// first. Each round's figures are those its own report shows (made along
// its own history, with the same min_group as this report, hidden where
// they are hidden there), so a trend tells nothing the rounds' reports do
// not.
type Trend struct {
	Rounds []TrendRound `json:"rounds"`
	Skills []TrendRow   `json:"skills"`
}

// TrendRound is one closed round: its name (the tag without "round/"), the
// commit it closed and when it was closed (the tag's date, as round list
// gives it).
type TrendRound struct {
	Name     string    `json:"name"`
	Revision string    `json:"revision"`
	Date     time.Time `json:"date"`
}

// TrendRow is one skill of this report across the rounds, a series per
// group in the order of Report.Groups.
type TrendRow struct {
	FrameworkID string        `json:"framework_id"`
	SkillID     string        `json:"skill_id"`
	Skill       string        `json:"skill"`
	Groups      []TrendSeries `json:"groups"`
}

// TrendSeries is one group's figures of a skill, a point per round in the
// order of Trend.Rounds.
type TrendSeries struct {
	Group  string       `json:"group"`
	Points []TrendPoint `json:"points"`
}

// TrendPoint is a skill's figure for a group in one round, as that round's
// report shows it: n and mean, or Hidden ("small", "complement") with
// neither; all empty where the round had no such skill or group, or
// nobody answered.
type TrendPoint struct {
	Round  string   `json:"round"`
	N      *int     `json:"n"`
	Mean   *float64 `json:"mean"`
	Hidden string   `json:"hidden,omitempty"`

	mean float64
}

// RoundReport is a closed round and its own report, for AddTrend, which
// reads its skill figures only.
type RoundReport struct {
	Round  TrendRound
	Report *Report
}

// AddTrend sets rep.Trend from the closed rounds' own reports, oldest
// first. Skills and groups are this report's, matched by id; a round's
// figures are copied as its report shows them, never worked out anew.
func (rep *Report) AddTrend(rounds []RoundReport) {
	t := &Trend{Rounds: []TrendRound{}, Skills: []TrendRow{}}
	for _, r := range rounds {
		t.Rounds = append(t.Rounds, r.Round)
	}
	for si, s := range rep.Skills {
		ref := rep.skillRefs[si]
		row := TrendRow{FrameworkID: ref.framework, SkillID: s.SkillID, Skill: s.Skill}
		for _, g := range rep.Groups {
			series := TrendSeries{Group: g.ID, Points: []TrendPoint{}}
			for _, r := range rounds {
				p := TrendPoint{Round: r.Round.Name}
				if c := r.Report.skillCell(ref.key, g.ID); c != nil {
					switch {
					case c.Suppressed:
						p.Hidden = c.Hidden
					case c.Mean != nil:
						n, m := c.n, *c.Mean
						p.N, p.Mean, p.mean = &n, &m, c.mean
					}
				}
				series.Points = append(series.Points, p)
			}
			row.Groups = append(row.Groups, series)
		}
		t.Skills = append(t.Skills, row)
	}
	rep.Trend = t
}

// skillCell is a skill's cell for a group, the skill known by its key
// (survey.Skill.Key: ids are unique only within a framework), or nil when
// the report has no such skill or group.
func (rep *Report) skillCell(key, group string) *Cell {
	for si, ref := range rep.skillRefs {
		if ref.key != key {
			continue
		}
		for i := range rep.Skills[si].Cells {
			if rep.Skills[si].Cells[i].Group == group {
				return &rep.Skills[si].Cells[i]
			}
		}
	}
	return nil
}

// skillRef is what a report keeps of each skill beside its row: the key of
// its answers and its framework, to match it in other reports.
type skillRef struct{ key, framework string }

func skillRefs(f *survey.Framework) []skillRef {
	refs := make([]skillRef, len(f.Skills))
	for i := range f.Skills {
		refs[i] = skillRef{f.Skills[i].Key(), f.Skills[i].Framework}
	}
	return refs
}
