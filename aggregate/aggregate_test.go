package aggregate

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/skillmap/skillmap/survey"
)

// The small workshop below is worked out on paper in the comments of
// TestFiguresWorkedOutByHand; min_group is 3.
func handWorkshop() Input {
	w := survey.NewWorkshop("Hand", "tiny", nil)
	w.MinGroup = 3
	w.Roles = []survey.Role{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}, {ID: "c", Name: "C"}}
	w.Bands = nil // TestBandsWorkedOutByHand has bands
	f := &survey.Framework{Schema: 1, ID: "tiny", Title: "Tiny", Skills: []survey.Skill{
		{ID: "s1", Name: "Skill one", Activities: []survey.Activity{{ID: "a1", Text: "Activity one"}, {ID: "a2", Text: "Activity two"}}},
		{ID: "s2", Name: "Skill two", Activities: []survey.Activity{{ID: "a3", Text: "=Activity three"}}},
	}}
	const x = -1 // not answered
	people := []struct {
		role       string
		a1, a2, a3 int
	}{
		{"a", 2, 4, 1}, {"a", 3, x, 2}, {"a", 1, 1, x}, {"a", x, x, x},
		{"b", 4, 4, 3}, {"b", 3, x, 4},
		{"c", 0, 2, 2}, {"c", 2, 2, x}, {"c", 1, 3, 3},
	}
	var rs []*survey.Response
	for i, p := range people {
		r := survey.NewResponse(survey.Participant{ID: fmt.Sprintf("p%d", i+1), Name: "P", Role: p.role})
		set := func(skill, act string, v int) {
			if r.Ratings[skill] == nil {
				r.Ratings[skill] = map[string]*survey.Answer{}
			}
			a := &survey.Answer{}
			if v >= 0 {
				a.Rating = &v
			}
			r.Ratings[skill][act] = a
		}
		set("s1", "a1", p.a1)
		set("s1", "a2", p.a2)
		set("s2", "a3", p.a3)
		rs = append(rs, r)
	}
	return Input{Workshop: w, Framework: f, Responses: rs, Revision: "0123456789abcdef0123456789abcdef01234567",
		Date: time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC), Skipped: []Skipped{{File: "responses/zed.yaml", Reason: "line 3: bad"}}}
}

// want is a cell as worked out on paper: hidden, or n and mean (n = 0 for
// nobody answered).
type want struct {
	hidden bool
	n      int
	mean   float64
}

var (
	hid = want{hidden: true}
)

func TestFiguresWorkedOutByHand(t *testing.T) {
	rep := Compute(handWorkshop())
	// a1: A {2,3,1} n3; B {4,3} n2 → hidden; C {0,2,1} n3; All n8 sum 16.
	//     B alone hides 2 < 3 people, so the next smallest role (A, first of
	//     the two of 3) is hidden too.
	// a2: A {4,1} n2 hidden; B {4} n1 hidden (3 hidden people: enough);
	//     C {2,2,3} = 7/3; All n6 sum 16.
	// a3: every role has n2, all hidden; All {1,2,3,4,2,3} n6 = 2.5.
	// s1: every rating of a1 and a2, pooled: A {2,4,3,1,1} n3 people; B
	//     hidden; C {0,2,2,2,1,3} = 10/6 n3; A hidden as it is in a1 (a
	//     group hidden in any activity is hidden in its skill); All: a1 16
	//     over 8 ratings, a2 16 over 6: 32/14 = 2.29, from 8 people.
	// s2: as a3.
	wantActs := map[string][]want{
		"a1": {hid, hid, {n: 3, mean: 1.0}, {n: 8, mean: 2.0}},
		"a2": {hid, hid, {n: 3, mean: 2.33}, {n: 6, mean: 2.67}},
		"a3": {hid, hid, hid, {n: 6, mean: 2.5}},
	}
	wantSkills := map[string][]want{
		"s1": {hid, hid, {n: 3, mean: 1.67}, {n: 8, mean: 2.29}},
		"s2": {hid, hid, hid, {n: 6, mean: 2.5}},
	}
	check := func(rows []Row, key func(Row) string, wants map[string][]want) {
		t.Helper()
		if len(rows) != len(wants) {
			t.Fatalf("%d rows, want %d", len(rows), len(wants))
		}
		for _, row := range rows {
			ws := wants[key(row)]
			for i, c := range row.Cells {
				w := ws[i]
				switch {
				case w.hidden != c.Suppressed:
					t.Errorf("%s/%s: suppressed = %v, want %v", key(row), c.Group, c.Suppressed, w.hidden)
				case w.hidden && (c.N != nil || c.Mean != nil || c.Counts != nil):
					t.Errorf("%s/%s: suppressed cell carries figures: %+v", key(row), c.Group, c)
				case !w.hidden && (c.N == nil || *c.N != w.n || c.Mean == nil || *c.Mean != w.mean):
					t.Errorf("%s/%s: got n=%v mean=%v, want n=%d mean=%v", key(row), c.Group, deref(c.N), derefF(c.Mean), w.n, w.mean)
				}
			}
		}
	}
	check(rep.Activities, func(r Row) string { return r.ActivityID }, wantActs)
	check(rep.Skills, func(r Row) string { return r.SkillID }, wantSkills)

	// Why each hidden cell of a1 is hidden: B is small, A protects it.
	if a1 := rep.Activities[0].Cells; a1[0].Hidden != HiddenComplement || a1[1].Hidden != HiddenSmall || a1[2].Hidden != "" {
		t.Errorf("a1 reasons = %q %q %q, want complement, small, none", a1[0].Hidden, a1[1].Hidden, a1[2].Hidden)
	}
	a3All := rep.Activities[2].Cells[3]
	wantCounts := map[string]int{"0": 0, "1": 1, "2": 2, "3": 2, "4": 1}
	for k, v := range wantCounts {
		if a3All.Counts[k] != v {
			t.Errorf("a3/all counts = %v, want %v", a3All.Counts, wantCounts)
			break
		}
	}
	if rep.Participants != 9 || rep.Responses != 8 {
		t.Errorf("participants/responses = %d/%d, want 9/8", rep.Participants, rep.Responses)
	}
	if g := rep.Groups[0]; g.Participants != 4 || g.Responses != 3 {
		t.Errorf("group A = %+v, want 4 participants, 3 responses", g)
	}

	// The JSON carries the same figures.
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var js struct {
		MinGroup   int `json:"min_group"`
		Activities []struct {
			ActivityID string `json:"activity_id"`
			Cells      []struct {
				Group      string         `json:"group"`
				N          *int           `json:"n"`
				Mean       *float64       `json:"mean"`
				Counts     map[string]int `json:"counts"`
				Suppressed bool           `json:"suppressed"`
			} `json:"cells"`
		} `json:"activities"`
		Skipped []Skipped `json:"skipped"`
	}
	if err := json.Unmarshal(buf.Bytes(), &js); err != nil {
		t.Fatal(err)
	}
	if js.MinGroup != 3 || len(js.Skipped) != 1 {
		t.Errorf("json min_group=%d skipped=%v", js.MinGroup, js.Skipped)
	}
	for i, row := range js.Activities {
		ws := wantActs[row.ActivityID]
		for j, c := range row.Cells {
			w := ws[j]
			if c.Suppressed != w.hidden || (!w.hidden && (c.N == nil || *c.N != w.n || *c.Mean != w.mean)) || (w.hidden && (c.N != nil || c.Mean != nil || c.Counts != nil)) {
				t.Errorf("json activity %d cell %s = %+v, want %+v", i, c.Group, c, w)
			}
		}
	}

	// And so does the workbook, read back.
	buf.Reset()
	if err := rep.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	raw := bytes.Clone(buf.Bytes())
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := strings.Join(x.GetSheetList(), ","); got != "Summary,Skills,Activities,Distribution,Priorities,About,Chart data" {
		t.Fatalf("sheets = %v", got)
	}
	// Activities: A=Skill, B=Activity, C..E roles, F All, G gap, H..K n.
	cellWant := map[string]string{
		"A4": "Skill", "B4": "Activity", "C4": "A", "F4": "All", "H4": "A", "K4": "All",
		"A5": "Skill one", "B5": "Activity one",
		"C5": "hidden", "D5": "n<3", "E5": "1", "F5": "2", "H5": "hidden", "J5": "3", "K5": "8",
		"E6": "2.33333333333333", "F6": "2.66666666666666",
		"B7": "=Activity three", "E7": "n<3", "F7": "2.5", "K7": "6",
	}
	for cell, w := range cellWant {
		got, err := x.GetCellValue(SheetActivities, cell, excelize.Options{RawCellValue: true})
		if err != nil || got != w {
			t.Errorf("Activities!%s = %q (%v), want %q", cell, got, err, w)
		}
	}
	if f, _ := x.GetCellFormula(SheetActivities, "B7"); f != "" {
		t.Errorf("activity text starting with = became a formula: %q", f)
	}
	if typ, _ := x.GetCellType(SheetActivities, "E5"); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
		t.Errorf("a mean is stored as text")
	}
	if shown, _ := x.GetCellValue(SheetActivities, "E6"); shown != "2.3" {
		t.Errorf("mean shown as %q, want one decimal 2.3", shown)
	}
	skillWant := map[string]string{"A5": "Skill one", "B5": "hidden", "C5": "n<3", "D5": "1.66666666666666", "E5": "2.28571428571428", "E6": "2.5", "D6": "n<3"}
	for cell, w := range skillWant {
		got, _ := x.GetCellValue(SheetSkills, cell, excelize.Options{RawCellValue: true})
		if got != w {
			t.Errorf("Skills!%s = %q, want %q", cell, got, w)
		}
	}
	cf, err := x.GetConditionalFormats(SheetActivities)
	if err != nil || len(cf) != 1 {
		t.Fatalf("conditional formats = %v, %v", cf, err)
	}
	for ref, opts := range cf {
		// excelize reads a value of "0" back as "", so the low end is
		// checked in the XML below.
		if ref != "C5:F7" || opts[0].Type != "3_color_scale" || opts[0].MinType != "num" || opts[0].MaxValue != "4" {
			t.Errorf("heatmap %s = %+v, want C5:F7 fixed to 0..4", ref, opts[0])
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	sheetXML := readZip(t, zr, "xl/worksheets/sheet3.xml")
	if !strings.Contains(sheetXML, `<cfvo type="num" val="0"></cfvo><cfvo type="num" val="2"></cfvo><cfvo type="num" val="4"></cfvo>`) {
		t.Errorf("heatmap scale is not fixed to 0, 2, 4")
	}
	about, _ := x.GetRows(SheetAbout)
	found := false
	for _, r := range about {
		if len(r) >= 2 && r[0] == "responses/zed.yaml" && r[1] == "line 3: bad" {
			found = true
		}
	}
	if !found {
		t.Errorf("About does not list the skipped file: %v", about)
	}
}

func TestSuppressionRule(t *testing.T) {
	cases := []struct {
		name   string
		k      int
		n      []int // roles..., all
		hidden []bool
	}{
		{"nothing small", 5, []int{5, 7, 12}, []bool{false, false, false}},
		{"one small role hides the next smallest", 5, []int{1, 10, 6, 17}, []bool{true, false, true, false}},
		{"two small roles cover k", 5, []int{2, 3, 9, 14}, []bool{true, true, false, false}},
		{"empty roles are not hidden", 5, []int{0, 3, 0, 3}, []bool{false, true, false, true}},
		{"the only other role is hidden too", 5, []int{4, 0, 20, 24}, []bool{true, false, true, false}},
		{"all small", 5, []int{4, 0, 0, 4}, []bool{true, false, false, true}},
		{"nobody", 5, []int{0, 0, 0}, []bool{false, false, false}},
	}
	for _, c := range cases {
		rep := &Report{MinGroup: c.k, h: testHierarchy(len(c.n)-1, nil, nil)}
		cells := make([]Cell, len(c.n))
		for i, n := range c.n {
			cells[i] = newCell("g", n, float64(n), nil)
		}
		rep.suppress(cells)
		for i := range cells {
			if cells[i].Suppressed != c.hidden[i] {
				t.Errorf("%s: cell %d suppressed = %v, want %v", c.name, i, cells[i].Suppressed, c.hidden[i])
			}
		}
	}
}

// TestSuppressionProperty checks over many random workshops that every
// shown cell has n ≥ min_group, and that whenever a role cell is hidden
// and All is shown, the hidden cells of that row cover at least min_group
// people, so no hidden figure follows from All by subtraction.
func TestSuppressionProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := 0; iter < 300; iter++ {
		in := handWorkshop()
		in.Workshop.MinGroup = 2 + rng.IntN(6)
		in.Responses = nil
		n := rng.IntN(40)
		for i := 0; i < n; i++ {
			r := survey.NewResponse(survey.Participant{ID: "p", Name: "P", Role: in.Workshop.Roles[rng.IntN(3)].ID})
			r.Ratings["s1"] = map[string]*survey.Answer{}
			if rng.IntN(4) > 0 {
				v := rng.IntN(5)
				r.Ratings["s1"]["a1"] = &survey.Answer{Rating: &v}
			}
			in.Responses = append(in.Responses, r)
		}
		rep := Compute(in)
		k := rep.MinGroup
		for _, row := range append(rep.Activities, rep.Skills...) {
			hiddenN := 0
			anyHidden := false
			all := row.Cells[len(row.Cells)-1]
			for _, c := range row.Cells {
				if !c.Suppressed && c.n > 0 && c.n < k {
					t.Fatalf("iteration %d: shown cell %s with n=%d < %d", iter, c.Group, c.n, k)
				}
			}
			for _, c := range row.Cells[:len(row.Cells)-1] {
				if c.Suppressed {
					anyHidden = true
					hiddenN += c.n
				}
			}
			if anyHidden && !all.Suppressed && hiddenN < k {
				t.Fatalf("iteration %d: hidden cells cover %d < %d people but All is shown", iter, hiddenN, k)
			}
		}
	}
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func derefF(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func readZip(t *testing.T, zr *zip.Reader, name string) string {
	t.Helper()
	f, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSkillFiguresFollowFromActivities checks over many random workshops
// that a skill row tells nothing the activity rows do not: every skill
// cell shown belongs to a group shown in every activity of the skill, and
// its mean is those activities' ratings pooled. Otherwise a skill figure
// beside the activity figures could give away one member's rating.
func TestSkillFiguresFollowFromActivities(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for iter := 0; iter < 300; iter++ {
		in := handWorkshop()
		in.Workshop.MinGroup = 2 + rng.IntN(4)
		in.Responses = nil
		for i := 0; i < rng.IntN(30); i++ {
			r := survey.NewResponse(survey.Participant{ID: fmt.Sprintf("p%d", i), Name: "P", Role: in.Workshop.Roles[rng.IntN(3)].ID})
			for _, s := range in.Framework.Skills {
				r.Ratings[s.ID] = map[string]*survey.Answer{}
				for _, a := range s.Activities {
					if rng.IntN(3) > 0 {
						v := rng.IntN(5)
						r.Ratings[s.ID][a.ID] = &survey.Answer{Rating: &v}
					}
				}
			}
			in.Responses = append(in.Responses, r)
		}
		rep := Compute(in)
		for si, skill := range rep.Skills {
			for gi, c := range skill.Cells {
				if c.Suppressed || c.Mean == nil {
					continue
				}
				var sum float64
				ratings := 0
				for _, row := range rep.Activities {
					if row.SkillID != skill.SkillID {
						continue
					}
					a := row.Cells[gi]
					if a.Suppressed {
						t.Fatalf("iteration %d: skill %d shows group %s, hidden in activity %s", iter, si, c.Group, row.ActivityID)
					}
					sum += a.mean * float64(a.n)
					ratings += a.n
				}
				if ratings == 0 || math.Abs(sum/float64(ratings)-c.mean) > 1e-9 {
					t.Fatalf("iteration %d: skill %d group %s mean %v is not its activities pooled (%v)", iter, si, c.Group, c.mean, sum/float64(ratings))
				}
			}
		}
	}
}
