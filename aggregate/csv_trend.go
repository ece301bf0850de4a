package aggregate

import (
	"strconv"
)

// CSV files of role expectations and of the trend, written by WriteCSV
// when the report has them.
const (
	CSVGaps  = "gaps.csv"
	CSVTrend = "trend.csv"
)

// gapRows is the Gaps sheet as a table: a row per skill (activity_id
// empty) and activity, and per role level its expectation, gap, met and
// rated; blank where no expectation is set, the marker where the mean is
// hidden.
func (rep *Report) gapRows() [][]string {
	head := []string{"framework_id", "skill_id", "activity_id", "activity"}
	if len(rep.Gaps.Skills) > 0 {
		for _, c := range rep.Gaps.Skills[0].Cells {
			head = append(head, c.Group+"_expected", c.Group+"_gap", c.Group+"_met", c.Group+"_rated")
		}
	}
	out := [][]string{head}
	for _, r := range append(append([]GapRow{}, rep.Gaps.Skills...), rep.Gaps.Activities...) {
		line := []string{r.FrameworkID, r.SkillID, r.ActivityID, SafeText(r.Activity)}
		for _, c := range r.Cells {
			switch {
			case c.Expected == nil:
				line = append(line, "", "", "", "")
			case c.Gap != nil:
				line = append(line, num(*c.Expected), num(*c.Gap), strconv.Itoa(*c.Met), strconv.Itoa(*c.Rated))
			case c.Hidden != "":
				m := rep.markerFor(Cell{Hidden: c.Hidden})
				line = append(line, num(*c.Expected), m, m, m)
			default:
				line = append(line, num(*c.Expected), "", "", "0")
			}
		}
		out = append(out, line)
	}
	return out
}

// trendRows is the Trend sheet as a table: a row per skill, group and
// round, with n and mean as that round's report shows them.
func (rep *Report) trendRows() [][]string {
	out := [][]string{{"framework_id", "skill_id", "group", "round", "round_date", "n", "mean"}}
	for _, r := range rep.Trend.Skills {
		for _, s := range r.Groups {
			for i, p := range s.Points {
				// A round is named by a tag, which anyone who can push writes.
				line := []string{r.FrameworkID, r.SkillID, s.Group, SafeText(p.Round), rep.Trend.Rounds[i].Date.Format("2006-01-02")}
				switch {
				case p.Mean != nil:
					line = append(line, strconv.Itoa(*p.N), num(*p.Mean))
				case p.Hidden != "":
					m := rep.markerFor(Cell{Hidden: p.Hidden})
					line = append(line, m, m)
				default:
					line = append(line, "", "")
				}
				out = append(out, line)
			}
		}
	}
	return out
}
