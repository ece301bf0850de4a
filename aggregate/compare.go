package aggregate

import (
	"slices"
	"time"

	"github.com/skillmap/skillmap/survey"
)

// Change is how the figures moved from an earlier state of the workshop
// (Base) to the report's.
type Change struct {
	Revision   string      `json:"revision"`
	Date       time.Time   `json:"revision_date"`
	Label      string      `json:"label"`
	Skills     []ChangeRow `json:"skills"`
	Activities []ChangeRow `json:"activities"`
}

// ChangeRow is the change of one skill or activity, a cell per group in the
// order of Report.Groups.
type ChangeRow struct {
	SkillID    string       `json:"skill_id"`
	Skill      string       `json:"skill"`
	ActivityID string       `json:"activity_id,omitempty"`
	Activity   string       `json:"activity,omitempty"`
	Cells      []ChangeCell `json:"cells"`
}

// ChangeCell is the change for one group: the difference of the means, only
// where both are shown and at least min_group of the group answered in
// both states, and how many did (in the group both times).
type ChangeCell struct {
	Group      string   `json:"group"`
	Change     *float64 `json:"change"`
	NBoth      *int     `json:"n_both"`
	Suppressed bool     `json:"suppressed"` // hidden now or then, or too few answered both times

	change float64
}

// Compare adds to the report the change from base, an earlier state of the
// same workshop. Each state's figures are as its own report shows them,
// with people in the role they had then: grouping the earlier state by
// today's roles would show figures no report of it shows (the only head of
// product in spring, a senior product manager now, would be added to
// spring's senior product managers, and their spring ratings would follow
// by subtraction from the spring report). A change is shown only where both
// states' cells are shown and at least min_group people were in the group
// and rated it in both states (n_both): it then follows from the two
// reports and tells nothing they do not. An activity the base did not have
// has no change.
func (rep *Report) Compare(cur, base Input, label string) {
	base.MinGroup = rep.MinGroup
	before := Compute(base)
	// Each state counts as its figures are made of: with Held, the
	// released answers, one entry per person and role level.
	prevByID := map[string][]*survey.Response{}
	for _, r := range figuresOf(base) {
		prevByID[r.Participant.ID] = append(prevByID[r.Participant.ID], r)
	}
	nowByID := map[string][]*survey.Response{}
	for _, r := range figuresOf(cur) {
		nowByID[r.Participant.ID] = append(nowByID[r.Participant.ID], r)
	}
	all := len(rep.Groups) - 1
	// then[i] is the index of the report's group i among the base's
	// groups, or -1 when the base had no such role.
	then := make([]int, len(rep.Groups))
	for i, g := range rep.Groups {
		then[i] = slices.IndexFunc(before.Groups, func(b Group) bool { return b.ID == g.ID })
	}
	group := map[string]int{}
	for i, g := range rep.Groups[:all] {
		group[g.ID] = i
	}
	ch := &Change{Revision: base.Revision, Date: base.Date, Label: label}
	index := func(rows []Row) map[string]Row {
		m := make(map[string]Row, len(rows))
		for _, r := range rows {
			m[r.SkillID+"/"+r.ActivityID] = r
		}
		return m
	}
	prevSkills, prevActs := index(before.Skills), index(before.Activities)

	// answeredBoth counts, per group, the people who were in it in both
	// states and answered (any of) the given activities both times.
	answeredBoth := func(skill string, acts []string) []int {
		counts := make([]int, len(rep.Groups))
		for id, rs := range nowByID {
			nowAny := false
			for _, r := range rs {
				if !ratedAny(r, skill, acts) {
					continue
				}
				nowAny = true
				for _, p := range prevByID[id] {
					if !ratedAny(p, skill, acts) {
						continue
					}
					if g, ok := group[r.Participant.Role]; ok && p.Participant.Role == r.Participant.Role {
						counts[g]++
					}
				}
			}
			if nowAny && slices.ContainsFunc(prevByID[id], func(p *survey.Response) bool { return ratedAny(p, skill, acts) }) {
				counts[all]++
			}
		}
		return counts
	}
	diff := func(now Row, prev Row, ok bool, both []int) ChangeRow {
		out := ChangeRow{SkillID: now.SkillID, Skill: now.Skill, ActivityID: now.ActivityID, Activity: now.Activity}
		for i, c := range now.Cells {
			cell := ChangeCell{Group: c.Group, Suppressed: c.Suppressed}
			var p *Cell
			if ok && then[i] >= 0 && then[i] < len(prev.Cells) {
				p = &prev.Cells[then[i]]
				cell.Suppressed = cell.Suppressed || p.Suppressed
			}
			if p != nil && c.Mean != nil && p.Mean != nil {
				if both[i] < rep.MinGroup {
					cell.Suppressed = true
				} else {
					cell.change = c.mean - p.mean
					d := round(cell.change, 2)
					n := both[i]
					cell.Change, cell.NBoth = &d, &n
				}
			}
			out.Cells = append(out.Cells, cell)
		}
		return out
	}
	for _, s := range cur.Framework.Skills {
		var ids []string
		for _, a := range s.Activities {
			ids = append(ids, a.ID)
		}
		for _, row := range rep.Skills {
			if row.SkillID == s.ID {
				prev, ok := prevSkills[s.ID+"/"]
				ch.Skills = append(ch.Skills, diff(row, prev, ok, answeredBoth(s.Key(), ids)))
			}
		}
		for _, row := range rep.Activities {
			if row.SkillID == s.ID {
				prev, ok := prevActs[s.ID+"/"+row.ActivityID]
				ch.Activities = append(ch.Activities, diff(row, prev, ok, answeredBoth(s.Key(), []string{row.ActivityID})))
			}
		}
	}
	rep.Change = ch
}

func ratedAny(r *survey.Response, skill string, acts []string) bool {
	for _, a := range acts {
		if ans := r.Answer(skill, a); ans != nil && ans.Rating != nil {
			return true
		}
	}
	return false
}

// figuresOf is the answers an input's figures are made of.
func figuresOf(in Input) []*survey.Response {
	if in.Held != nil {
		return in.Held.Responses
	}
	return in.Responses
}
