package aggregate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/skillmap/skillmap/survey"
)

// handExpectations is handWorkshop with expectations: skill s1 expects 2
// of role levels a and c, activity a2 expects 3 of c (its own wins), and
// s2 expects nothing.
func handExpectations(t *testing.T) Input {
	t.Helper()
	in := handWorkshop()
	in.Workshop.Expectations = []survey.Expectation{
		{Skill: "s1", Expected: survey.RoleRatings{{Role: "a", Rating: 2}, {Role: "c", Rating: 2}}},
		{Activity: "a2", Expected: survey.RoleRatings{{Role: "c", Rating: 3}}},
	}
	if ps := in.Workshop.CheckExpectations("workshop.yaml", in.Framework); len(ps) > 0 {
		t.Fatal(ps)
	}
	return in
}

func TestGapsWorkedOutByHand(t *testing.T) {
	rep := Compute(handExpectations(t))
	// From TestFiguresWorkedOutByHand: a1 shows only C {0,2,1}; a2 only C
	// {2,2,3}; A is hidden in a1 (complement) and a2 (small), B in both
	// (small); a3 hides every role level; s1 shows only C, pooled
	// {0,2,1,2,2,3}.
	//
	// a1, C, expected 2: mean 1, gap 1 - 2 = -1; met: 2 → 1 of 3.
	// a2, C, expected 3 (its own, over s1's 2): mean 7/3, gap 7/3 - 3 =
	//     -2/3 = -0.67; met: 3 → 1 of 3.
	// s1, C: expected (2 + 3) / 2 = 2.5; gap: ((0+2+1) - 3·2 + (2+2+3) -
	//     3·3) / 6 = (3 - 6 + 7 - 9) / 6 = -5/6 = -0.83; met 1 + 1 = 2 of 6.
	// A: expected 2 on a1 and a2, figures hidden as the mean is; B: no
	//     expectation; s2 and a3: no expectation anywhere.
	type cell struct {
		expected   float64 // -1: none
		gap        float64
		met, rated int // rated 0: no figures
		hidden     string
	}
	none := cell{expected: -1}
	want := map[string][3]cell{ // row → a, b, c
		"s1":    {{2, 0, 0, 0, HiddenComplement}, none, {2.5, -0.83, 2, 6, ""}},
		"s2":    {none, none, none},
		"s1/a1": {{2, 0, 0, 0, HiddenComplement}, none, {2, -1, 1, 3, ""}},
		"s1/a2": {{2, 0, 0, 0, HiddenSmall}, none, {3, -0.67, 1, 3, ""}},
		"s2/a3": {none, none, none},
	}
	if rep.Gaps == nil {
		t.Fatal("no gaps")
	}
	rows := append(append([]GapRow{}, rep.Gaps.Skills...), rep.Gaps.Activities...)
	if len(rows) != len(want) {
		t.Fatalf("%d rows", len(rows))
	}
	for _, row := range rows {
		key := row.SkillID
		if row.ActivityID != "" {
			key += "/" + row.ActivityID
		}
		w := want[key]
		if len(row.Cells) != 3 {
			t.Fatalf("%s: %d cells; want one per role level, no All", key, len(row.Cells))
		}
		for i, c := range row.Cells {
			wc := w[i]
			switch {
			case wc.expected < 0:
				if c.Expected != nil || c.Gap != nil || c.Met != nil || c.Hidden != "" {
					t.Errorf("%s %s: %+v; want nothing", key, c.Group, c)
				}
			case c.Expected == nil || *c.Expected != wc.expected:
				t.Errorf("%s %s: expected %v; want %v", key, c.Group, c.Expected, wc.expected)
			case wc.rated == 0:
				if c.Gap != nil || c.Met != nil || c.Rated != nil || c.Hidden != wc.hidden {
					t.Errorf("%s %s: %+v; want hidden %q", key, c.Group, c, wc.hidden)
				}
			default:
				if c.Gap == nil || math.Abs(*c.Gap-wc.gap) > 1e-9 || *c.Met != wc.met || *c.Rated != wc.rated || c.Hidden != "" {
					t.Errorf("%s %s: %+v; want %+v", key, c.Group, c, wc)
				}
			}
		}
	}

	// JSON carries them under gaps, snake_case.
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Gaps struct {
			Skills []struct {
				SkillID string `json:"skill_id"`
				Cells   []map[string]any
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	c := doc.Gaps.Skills[0].Cells[2]
	if doc.Gaps.Skills[0].SkillID != "s1" || c["group"] != "c" || c["expected"] != 2.5 || c["gap"] != -0.83 || c["met"] != 2.0 || c["rated"] != 6.0 {
		t.Errorf("JSON gaps: %s", buf.String())
	}

	// The workbook's Gaps sheet, read back: skills first, then activities;
	// columns C–E expected, G–I gap, K–M met, for roles a, b, c.
	buf.Reset()
	if err := rep.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for cell, w := range map[string]string{
		"A5": "Skill one", "B5": "All activities of the skill",
		"C5": "2", "D5": "", "E5": "2.5", "G5": "hidden", "I5": "-0.833333333333333", "M5": "2 of 6",
		"B7": "Activity one", "E7": "2", "I7": "-1", "M7": "1 of 3",
		"B8": "Activity two", "E8": "3", "G8": "n<3", "K8": "n<3", "M8": "1 of 3",
		"B9": "=Activity three", "E9": "", "I9": "",
	} {
		if got, _ := x.GetCellValue(SheetGaps, cell, excelize.Options{RawCellValue: true}); got != w {
			t.Errorf("Gaps!%s = %q; want %q", cell, got, w)
		}
	}
}

// TestNoExpectationsNoGaps: a workshop without expectations gets no Gaps
// sheet and no gaps in JSON, as before.
func TestNoExpectationsNoGaps(t *testing.T) {
	rep := Compute(handWorkshop())
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if rep.Gaps != nil || strings.Contains(buf.String(), `"gaps"`) || strings.Contains(buf.String(), `"trend"`) {
		t.Error("gaps without expectations")
	}
}

func TestTrendCopiesEachRoundsFigures(t *testing.T) {
	in := handWorkshop()
	first := Compute(in)
	// The second round: three more people in role level b, so b's figures
	// of s1 show (a1 n 5, a2 n 4; C is hidden in a2 instead, to cover A).
	more := in
	more.Responses = append(append([]*survey.Response{}, in.Responses...),
		handPerson("p10", "b", 2, 2, 2), handPerson("p11", "b", 3, 1, 3), handPerson("p12", "b", 1, 1, 1))
	second := Compute(more)
	rep := Compute(more)
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	rep.AddTrend([]RoundReport{
		{TrendRound{"spring", "aaaa", day}, first},
		{TrendRound{"autumn", "bbbb", day.AddDate(0, 6, 0)}, second},
	})
	tr := rep.Trend
	if len(tr.Rounds) != 2 || len(tr.Skills) != 2 || len(tr.Skills[0].Groups) != 4 {
		t.Fatalf("trend %+v", tr)
	}
	for si, row := range tr.Skills {
		for gi, s := range row.Groups {
			for ri, p := range s.Points {
				c := []*Report{first, second}[ri].Skills[si].Cells[gi]
				if (p.Mean == nil) != (c.Mean == nil) || p.Mean != nil && *p.Mean != *c.Mean || p.Hidden != c.Hidden || p.Round != tr.Rounds[ri].Name {
					t.Errorf("%s %s %s: %+v; the round's report shows %+v", row.SkillID, s.Group, p.Round, p, c)
				}
			}
		}
	}
	// b's s1 is hidden in spring (n 2) and shown in autumn.
	b := tr.Skills[0].Groups[1]
	if b.Group != "b" || b.Points[0].Mean != nil || b.Points[0].Hidden != HiddenSmall || b.Points[1].Mean == nil {
		t.Errorf("b's s1: %+v", b)
	}
	var buf bytes.Buffer
	if err := rep.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows(SheetTrend, excelize.Options{RawCellValue: true})
	if len(rows) < 8 || rows[3][0] != "Skill one" || rows[4][1] != "spring" || rows[4][2] != "autumn" || rows[6][0] != "B" || rows[6][1] != "n<3" {
		t.Errorf("Trend sheet: %q", rows)
	}
	if got, _ := strconv.ParseFloat(rows[6][2], 64); math.Abs(got-b.Points[1].mean) > 1e-9 {
		t.Errorf("b's autumn mean %v; want %v", got, b.Points[1].mean)
	}
	// A line chart per skill with a figure shown in some round, beside
	// the charts of the workbook without a trend.
	charts := func(rep *Report) int {
		var buf bytes.Buffer
		if err := rep.WriteXLSX(&buf); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		n := 0
		x.Pkg.Range(func(k, _ any) bool {
			if strings.HasPrefix(k.(string), "xl/charts/chart") {
				n++
			}
			return true
		})
		return n
	}
	if with, without := charts(rep), charts(second); with-without != 2 {
		t.Errorf("%d charts with the trend, %d without; want one more per skill", with, without)
	}
}

// handPerson is one more participant of handWorkshop.
func handPerson(id, role string, a1, a2, a3 int) *survey.Response {
	r := survey.NewResponse(survey.Participant{ID: id, Name: "P", Role: role})
	r.Ratings["s1"] = map[string]*survey.Answer{"a1": {Rating: &a1}, "a2": {Rating: &a2}}
	r.Ratings["s2"] = map[string]*survey.Answer{"a3": {Rating: &a3}}
	return r
}

// TestGapsAndTrendSeveralFrameworks: two frameworks share a skill id;
// each skill's gaps and trend are its own, known by its key.
func TestGapsAndTrendSeveralFrameworks(t *testing.T) {
	mk := func(id string) *survey.Framework {
		return &survey.Framework{Schema: 1, ID: id, Title: id, Skills: []survey.Skill{{ID: "s", Name: "S " + id, Activities: []survey.Activity{{ID: "a", Text: "A"}}}}}
	}
	view := survey.Combine(mk("f1"), mk("f2"))
	w := survey.NewWorkshop("Two", "f1", nil)
	w.MinGroup = 3
	w.Roles = []survey.Role{{ID: "r", Name: "R"}}
	w.Expectations = []survey.Expectation{{Framework: "f2", Skill: "s", Expected: survey.RoleRatings{{Role: "r", Rating: 2}}}}
	if ps := w.CheckExpectations("workshop.yaml", view); len(ps) > 0 {
		t.Fatal(ps)
	}
	// Three people rate f1's activity 1 and f2's 3.
	var rs []*survey.Response
	for i := 0; i < 3; i++ {
		r := survey.NewResponse(survey.Participant{ID: fmt.Sprintf("p%d", i), Name: "P", Role: "r"})
		one, three := 1, 3
		r.Ratings[view.Skills[0].Key()] = map[string]*survey.Answer{"a": {Rating: &one}}
		r.Ratings[view.Skills[1].Key()] = map[string]*survey.Answer{"a": {Rating: &three}}
		rs = append(rs, r)
	}
	rep := Compute(Input{Workshop: w, Framework: view, Responses: rs})
	g := rep.Gaps.Skills
	if len(g) != 2 || g[0].FrameworkID != "f1" || g[0].Cells[0].Expected != nil || g[1].FrameworkID != "f2" ||
		g[1].Cells[0].Gap == nil || *g[1].Cells[0].Gap != 1 || *g[1].Cells[0].Met != 3 {
		t.Fatalf("gaps %+v", g)
	}
	rep.AddTrend([]RoundReport{{TrendRound{Name: "one"}, Compute(Input{Workshop: w, Framework: view, Responses: rs})}})
	tr := rep.Trend.Skills
	if tr[0].FrameworkID != "f1" || *tr[0].Groups[0].Points[0].Mean != 1 || tr[1].FrameworkID != "f2" || *tr[1].Groups[0].Points[0].Mean != 3 {
		t.Errorf("trend %+v", tr)
	}
}
