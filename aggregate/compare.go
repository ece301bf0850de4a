package aggregate

import (
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
// where both are shown, and how many of the group answered in both states.
type ChangeCell struct {
	Group      string   `json:"group"`
	Change     *float64 `json:"change"`
	NBoth      *int     `json:"n_both"`
	Suppressed bool     `json:"suppressed"` // hidden now or then

	change float64
}

// Compare adds to the report the change from base, an earlier state of the
// same workshop. Groups are the report's: people are counted in the role
// they have now. An activity the base did not have has no change.
func (rep *Report) Compare(cur, base Input, label string) {
	base.MinGroup = rep.MinGroup
	// The earlier state is grouped by the roles people have now, so that
	// "then" and "now" are means over the same people.
	roleNow := map[string]string{}
	for _, r := range cur.Responses {
		roleNow[r.Participant.ID] = r.Participant.Role
	}
	regrouped := make([]*survey.Response, len(base.Responses))
	for i, r := range base.Responses {
		if role, ok := roleNow[r.Participant.ID]; ok && role != r.Participant.Role {
			c := *r // responses may be shared (a parse cache): never change one
			c.Participant.Role = role
			r = &c
		}
		regrouped[i] = r
	}
	base.Responses = regrouped
	before := Compute(base)
	prevByID := map[string]*survey.Response{}
	for _, r := range base.Responses {
		prevByID[r.Participant.ID] = r
	}
	roles := cur.Workshop.RoleIDs()
	groupOf := func(r *survey.Response) []int {
		for i, id := range roles {
			if id == r.Participant.Role {
				return []int{i, len(roles)}
			}
		}
		return nil
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

	// answeredBoth counts, per group, the people who answered (any of) the
	// given activities in both states.
	answeredBoth := func(skill string, acts []string) []int {
		counts := make([]int, len(rep.Groups))
		for _, r := range cur.Responses {
			p := prevByID[r.Participant.ID]
			if p == nil || !ratedAny(r, skill, acts) || !ratedAny(p, skill, acts) {
				continue
			}
			for _, g := range groupOf(r) {
				counts[g]++
			}
		}
		return counts
	}
	diff := func(now Row, prev Row, ok bool, both []int) ChangeRow {
		out := ChangeRow{SkillID: now.SkillID, Skill: now.Skill, ActivityID: now.ActivityID, Activity: now.Activity}
		for i, c := range now.Cells {
			cell := ChangeCell{Group: c.Group, Suppressed: c.Suppressed}
			if ok && i < len(prev.Cells) && prev.Cells[i].Suppressed {
				cell.Suppressed = true
			}
			if ok && i < len(prev.Cells) && prev.Cells[i].Group == c.Group && c.Mean != nil && prev.Cells[i].Mean != nil {
				cell.change = c.mean - prev.Cells[i].mean
				d := round(cell.change, 2)
				n := both[i]
				cell.Change, cell.NBoth = &d, &n
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
				ch.Skills = append(ch.Skills, diff(row, prev, ok, answeredBoth(s.ID, ids)))
			}
		}
		for _, row := range rep.Activities {
			if row.SkillID == s.ID {
				prev, ok := prevActs[s.ID+"/"+row.ActivityID]
				ch.Activities = append(ch.Activities, diff(row, prev, ok, answeredBoth(s.ID, []string{row.ActivityID})))
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
