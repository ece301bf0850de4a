package aggregate

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// CSV file names written by WriteCSV.
const (
	CSVSkills       = "skills.csv"
	CSVActivities   = "activities.csv"
	CSVDistribution = "distribution.csv"
	CSVPriorities   = "priorities.csv"
	CSVChange       = "change.csv"
	CSVSkipped      = "skipped.csv"
)

// WriteCSV writes each table of the report as a CSV file in dir, for people
// who analyse elsewhere. Hidden cells hold the same marker as the workbook
// ("n<5"); text that a spreadsheet would take for a formula is quoted with
// a leading apostrophe. It returns the files written.
func (rep *Report) WriteCSV(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	tables := []struct {
		name string
		rows [][]string
	}{
		{CSVSkills, rep.figureRows(rep.Skills, false)},
		{CSVActivities, rep.figureRows(rep.Activities, true)},
		{CSVDistribution, rep.distributionRows()},
		{CSVPriorities, rep.priorityRows()},
		{CSVSkipped, rep.skippedRows()},
	}
	if rep.Change != nil {
		tables = append(tables, struct {
			name string
			rows [][]string
		}{CSVChange, rep.changeRows()})
	}
	if rep.Gaps != nil {
		tables = append(tables, struct {
			name string
			rows [][]string
		}{CSVGaps, rep.gapRows()})
	}
	if rep.Trend != nil {
		tables = append(tables, struct {
			name string
			rows [][]string
		}{CSVTrend, rep.trendRows()})
	}
	var written []string
	for _, t := range tables {
		p := filepath.Join(dir, t.name)
		if err := writeCSVFile(p, t.rows); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	return written, nil
}

func writeCSVFile(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

// SafeText keeps text from being read as a formula by a spreadsheet: text
// that starts with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe.
func SafeText(s string) string {
	if s != "" {
		switch s[0] {
		case '=', '+', '-', '@', '\t', '\r':
			return "'" + s
		}
	}
	return s
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func (rep *Report) figureRows(rows []Row, activities bool) [][]string {
	head := []string{"skill_id", "skill"}
	if activities {
		head = append(head, "activity_id", "activity")
	}
	for _, g := range rep.Groups {
		head = append(head, g.ID+"_mean", g.ID+"_n")
	}
	out := [][]string{head}
	for _, r := range rows {
		line := []string{r.SkillID, SafeText(r.Skill)}
		if activities {
			line = append(line, r.ActivityID, SafeText(r.Activity))
		}
		for _, c := range r.Cells {
			switch {
			case c.Suppressed:
				line = append(line, rep.markerFor(c), rep.markerFor(c))
			case c.Mean != nil:
				line = append(line, num(*c.Mean), strconv.Itoa(c.n))
			default:
				line = append(line, "", "0")
			}
		}
		out = append(out, line)
	}
	return out
}

func (rep *Report) distributionRows() [][]string {
	head := []string{"skill_id", "activity_id", "activity"}
	for _, g := range rep.Groups {
		for _, v := range rep.Scale {
			head = append(head, fmt.Sprintf("%s_%d", g.ID, v))
		}
	}
	out := [][]string{head}
	for _, r := range rep.Activities {
		line := []string{r.SkillID, r.ActivityID, SafeText(r.Activity)}
		for _, c := range r.Cells {
			for _, v := range rep.Scale {
				if c.Suppressed {
					line = append(line, rep.markerFor(c))
				} else {
					line = append(line, strconv.Itoa(c.Counts[strconv.Itoa(v)]))
				}
			}
		}
		out = append(out, line)
	}
	return out
}

func (rep *Report) priorityRows() [][]string {
	out := [][]string{{"kind", "role", "to_role", "rank", "skill_id", "activity_id", "activity", "mean", "to_mean", "difference", "n"}}
	for _, rr := range rep.Rankings {
		for i, a := range rr.Weakest {
			out = append(out, []string{"lowest", rr.Role, "", strconv.Itoa(i + 1), a.SkillID, a.ActivityID, SafeText(a.Activity), num(a.Mean), "", "", strconv.Itoa(a.N)})
		}
		for i, a := range rr.Strongest {
			out = append(out, []string{"strongest", rr.Role, "", strconv.Itoa(i + 1), a.SkillID, a.ActivityID, SafeText(a.Activity), num(a.Mean), "", "", strconv.Itoa(a.N)})
		}
	}
	for _, st := range rep.Steps {
		for i, d := range st.Activities {
			out = append(out, []string{"step", st.From, st.To, strconv.Itoa(i + 1), d.SkillID, d.ActivityID, SafeText(d.Activity), num(d.From), num(d.To), num(d.Difference), ""})
		}
	}
	return out
}

func (rep *Report) changeRows() [][]string {
	head := []string{"skill_id", "activity_id", "activity"}
	for _, g := range rep.Groups {
		head = append(head, g.ID+"_change", g.ID+"_n_both")
	}
	out := [][]string{head}
	for _, r := range append(append([]ChangeRow{}, rep.Change.Skills...), rep.Change.Activities...) {
		line := []string{r.SkillID, r.ActivityID, SafeText(r.Activity)}
		for _, c := range r.Cells {
			switch {
			case c.Change != nil:
				line = append(line, num(*c.Change), strconv.Itoa(*c.NBoth))
			case c.Suppressed:
				line = append(line, ComplementMarker, ComplementMarker)
			default:
				line = append(line, "", "")
			}
		}
		out = append(out, line)
	}
	return out
}

// skippedRows lists the files left out and why, in the words that quote
// nothing from them (Skipped.Reason).
func (rep *Report) skippedRows() [][]string {
	rows := [][]string{{"file", "why"}}
	for _, s := range rep.Skipped {
		rows = append(rows, []string{SafeText(s.File), SafeText(s.Reason)})
	}
	return rows
}
