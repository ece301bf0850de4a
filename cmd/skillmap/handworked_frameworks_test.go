package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/workshop"
)

// rateIn fills in a participant's file in the working tree of a workshop of
// any number of frameworks: ratings by "skill key/activity", the skill key
// being "framework/skill" in a workshop of several.
func rateIn(t *testing.T, ws, id string, ratings map[string]int) {
	t.Helper()
	p := filepath.Join(ws, "responses", id+".yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	r, ps := survey.ParseResponse("responses/"+id+".yaml", data)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	wsData, err := os.ReadFile(filepath.Join(ws, "workshop.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	w, f, err := workshop.ReadSettings(wsData, func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(ws, name)) })
	if err != nil {
		t.Fatal(err)
	}
	for key, v := range ratings {
		i := strings.LastIndexByte(key, '/')
		skill, act := key[:i], key[i+1:]
		if r.Ratings[skill] == nil {
			r.Ratings[skill] = map[string]*survey.Answer{}
		}
		v := v
		r.Ratings[skill][act] = &survey.Answer{Rating: &v}
	}
	if err := os.WriteFile(p, survey.RenderResponse(w, f, r), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReportTwoFrameworksWorkedOutByHand builds a small workshop of both
// built-in frameworks, the seed's two bands, and product leadership not
// asked of associate product managers, through the CLI; and checks the
// report's figures, worked out on paper below, in the JSON and in the
// workbook read back with excelize.
func TestReportTwoFrameworksWorkedOutByHand(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	skillmapIn(t, "init", ws, "--title", "Hand", "--framework", "product-management", "--framework", "product-leadership",
		"--facilitator", "Ana Ruiz <ana@example.org>", "--min-group", "3")
	gitIn(t, ws, "config", "user.name", "Ana Ruiz")
	gitIn(t, ws, "config", "user.email", "ana@example.org")

	// Ana leaves product leadership out for associate product managers,
	// before anyone is added.
	wsPath := filepath.Join(ws, "workshop.yaml")
	data, err := os.ReadFile(wsPath)
	if err != nil {
		t.Fatal(err)
	}
	w, err := survey.ParseWorkshop("workshop.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Bands) != 2 {
		t.Fatalf("init gave bands %v, want the seed's two", w.Bands)
	}
	w.Use("product-leadership").NotAsked = []string{"associate-product-manager"}
	if err := os.WriteFile(wsPath, w.Marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
	ana := exec.Command("git", "-C", ws, "commit", "-q", "-m", "Product leadership is not asked of associate product managers", "workshop.yaml")
	ana.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	if out, err := ana.CombinedOutput(); err != nil {
		t.Fatalf("git commit: %v\n%s", err, out)
	}

	csv := "name,email,role\n" +
		"Apm One,a1@example.org,associate-product-manager\nApm Two,a2@example.org,associate-product-manager\nApm Three,a3@example.org,associate-product-manager\n" +
		"Pm One,p1@example.org,product-manager\nPm Two,p2@example.org,product-manager\nPm Three,p3@example.org,product-manager\n" +
		"Sen One,s1@example.org,senior-product-manager\nSen Two,s2@example.org,senior-product-manager\nSen Three,s3@example.org,senior-product-manager\n"
	if err := os.WriteFile(filepath.Join(dir, "people.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	skillmapIn(t, "-C", ws, "add", "--from", "../people.csv")

	// x2 and y1 share an activity id, in skills of the two frameworks:
	// their figures must stay apart.
	const (
		x1 = "product-management/agile-working/learnt-about-common-agile"
		x2 = "product-management/lifecycle-perspective/observed-or-supported-pivoting-a-product"
		y1 = "product-leadership/define-portfolio-vision-and-strategy/observed-or-supported-pivoting-a-product"
	)
	answers := map[string]map[string]int{
		"apm-one":   {x1: 1, x2: 0},
		"apm-two":   {x1: 2},
		"apm-three": {x1: 0, x2: 1},
		"pm-one":    {x1: 2, x2: 2, y1: 1},
		"pm-two":    {x1: 3, x2: 1, y1: 2},
		"pm-three":  {x1: 3, y1: 0},
		"sen-one":   {x1: 4, x2: 3, y1: 3},
		"sen-two":   {x1: 3, x2: 4, y1: 2},
		"sen-three": {x1: 4, x2: 2},
	}
	for id, r := range answers {
		rateIn(t, ws, id, r)
		skillmapIn(t, "-C", ws, "submit", "--as", id)
	}

	// On paper, with min_group 3. Groups: APM, PM, senior, lead, head, the
	// bands "Product management" (APM, PM) and "Product leadership"
	// (senior, lead, head), All. Every role level has 3 people, so none is
	// counted in its band. A role level's answers to an activity join the
	// figures once 3 of them are in; a cell with fewer is hidden and
	// counted nowhere; a band and All are the sums of the role levels
	// shown. (No cell has more than 3 raters, so the order of the
	// submissions does not matter.)
	// x1: APM {1,2,0} = 1.0; PM {2,3,3} = 8/3 = 2.67; senior {4,3,4} =
	//     11/3 = 3.67; lead, head nobody; PM band 11/6 = 1.83 from 6;
	//     PL band = senior, 3.67 from 3; All 22/9 = 2.44 from 9.
	// x2: APM {0,1} and PM {2,1} hidden (2 each), and so their band (none
	//     joined, some hidden); senior {3,4,2} = 3.0; PL band 3.0; All
	//     3.0 from 3 (the senior product managers only).
	// y1: APM not asked: n 0, shown as such, never hidden; PM {1,2,0} =
	//     1.0; senior {3,2} hidden, and so the PL band; PM band = PM, 1.0
	//     from 3; All 1.0 from 3. Not x2's figures, though the activity id
	//     is the same.
	// Skills: each has one activity rated, so it is that activity's
	// figures: agile-working as x1, lifecycle-perspective as x2,
	// define-portfolio-vision-and-strategy as y1 (APM not asked there
	// too). A skill of product leadership nobody rated: APM not asked,
	// the others n 0.
	type cell struct {
		hidden, notAsked bool
		n                int
		mean             float64 // -1: none
	}
	h := cell{hidden: true}
	none := cell{n: 0, mean: -1}
	no := cell{notAsked: true, mean: -1}
	want := map[string][]cell{
		"product-management/learnt-about-common-agile":                {{n: 3, mean: 1}, {n: 3, mean: 2.67}, {n: 3, mean: 3.67}, none, none, {n: 6, mean: 1.83}, {n: 3, mean: 3.67}, {n: 9, mean: 2.44}},
		"product-management/observed-or-supported-pivoting-a-product": {h, h, {n: 3, mean: 3}, none, none, h, {n: 3, mean: 3}, {n: 3, mean: 3}},
		"product-leadership/observed-or-supported-pivoting-a-product": {no, {n: 3, mean: 1}, h, none, none, {n: 3, mean: 1}, h, {n: 3, mean: 1}},
		"product-management/agile-working":                            {{n: 3, mean: 1}, {n: 3, mean: 2.67}, {n: 3, mean: 3.67}, none, none, {n: 6, mean: 1.83}, {n: 3, mean: 3.67}, {n: 9, mean: 2.44}},
		"product-management/lifecycle-perspective":                    {h, h, {n: 3, mean: 3}, none, none, h, {n: 3, mean: 3}, {n: 3, mean: 3}},
		"product-leadership/define-portfolio-vision-and-strategy":     {no, {n: 3, mean: 1}, h, none, none, {n: 3, mean: 1}, h, {n: 3, mean: 1}},
		"product-leadership/understand-your-organisation":             {no, none, none, none, none, none, none, none},
	}

	out := skillmapIn(t, "-C", ws, "report", "--json", "-o", "report.xlsx")
	type jsonCell struct {
		Group      string   `json:"group"`
		N          *int     `json:"n"`
		Mean       *float64 `json:"mean"`
		Suppressed bool     `json:"suppressed"`
		NotAsked   bool     `json:"not_asked"`
	}
	type jsonRow struct {
		FrameworkID string     `json:"framework_id"`
		SkillID     string     `json:"skill_id"`
		ActivityID  string     `json:"activity_id"`
		Cells       []jsonCell `json:"cells"`
	}
	var rep struct {
		Participants int `json:"participants"`
		Frameworks   []struct {
			ID       string   `json:"id"`
			NotAsked []string `json:"not_asked"`
		} `json:"frameworks"`
		Groups     []struct{ ID string } `json:"groups"`
		Skills     []jsonRow             `json:"skills"`
		Activities []jsonRow             `json:"activities"`
		Rankings   []struct {
			FrameworkID string `json:"framework_id"`
			Role        string `json:"role"`
			Weakest     []struct {
				FrameworkID string  `json:"framework_id"`
				ActivityID  string  `json:"activity_id"`
				Mean        float64 `json:"mean"`
			} `json:"weakest"`
		} `json:"rankings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var groups []string
	for _, g := range rep.Groups {
		groups = append(groups, g.ID)
	}
	if got := strings.Join(groups, ","); got != "associate-product-manager,product-manager,senior-product-manager,lead-product-manager,head-of-product,product-management,product-leadership,all" {
		t.Fatalf("groups = %s", got)
	}
	if rep.Participants != 9 || len(rep.Frameworks) != 2 || rep.Frameworks[0].ID != "product-management" ||
		rep.Frameworks[1].ID != "product-leadership" || strings.Join(rep.Frameworks[1].NotAsked, ",") != "associate-product-manager" || len(rep.Frameworks[0].NotAsked) != 0 {
		t.Errorf("participants %d, frameworks %+v", rep.Participants, rep.Frameworks)
	}
	checked := 0
	check := func(key string, cells []jsonCell) {
		w, ok := want[key]
		if !ok {
			return
		}
		if len(cells) != len(w) {
			t.Fatalf("%s has %d cells, want %d", key, len(cells), len(w))
		}
		for i, c := range cells {
			got := cell{hidden: c.Suppressed, notAsked: c.NotAsked, n: -1, mean: -1}
			if c.N != nil {
				got.n = *c.N
			}
			if c.Mean != nil {
				got.mean = *c.Mean
			}
			wc := w[i]
			if wc.hidden {
				wc.n, wc.mean = -1, -1
			}
			if got != wc {
				t.Errorf("%s, %s = %+v, want %+v", key, c.Group, got, wc)
			}
			checked++
		}
	}
	for _, row := range rep.Activities {
		check(row.FrameworkID+"/"+row.ActivityID, row.Cells)
	}
	for _, row := range rep.Skills {
		check(row.FrameworkID+"/"+row.SkillID, row.Cells)
	}
	if checked != 8*len(want) {
		t.Errorf("checked %d cells, want %d", checked, 8*len(want))
	}
	// Rankings are per framework: the product managers' only activity of
	// product leadership shown is y1; associate product managers have
	// none there.
	found := false
	for _, rr := range rep.Rankings {
		if rr.FrameworkID == "product-leadership" && rr.Role == "associate-product-manager" {
			t.Errorf("a ranking of product leadership for associate product managers: %+v", rr)
		}
		if rr.FrameworkID == "product-leadership" && rr.Role == "product-manager" {
			found = true
			if len(rr.Weakest) != 1 || rr.Weakest[0].FrameworkID != "product-leadership" || rr.Weakest[0].ActivityID != "observed-or-supported-pivoting-a-product" || rr.Weakest[0].Mean != 1 {
				t.Errorf("product managers' weakest in product leadership = %+v", rr.Weakest)
			}
		}
	}
	if !found {
		t.Error("no ranking of product leadership for product managers")
	}

	// The workbook: Activities has Framework, Skill, Activity (A..C), then
	// five role levels, two bands and All (D..K), a gap, then n for each
	// (M..T). Product management's 54 activities come first: x1 is the
	// first row (5), x2 the ninth (13: agile working has 6 activities, x2
	// is lifecycle's third); y1 is product leadership's thirteenth (after
	// develop's 9, define's fourth): row 5+54+12 = 71.
	x, err := excelize.OpenFile(filepath.Join(ws, "report.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	cells := map[string]string{
		"A4": "Framework", "B4": "Skill", "C4": "Activity", "I4": "Product management", "J4": "Product leadership", "K4": "All",
		"A5": "Product Management: learn by doing", "B5": "Agile Working",
		"D5": "1", "E5": "2.66666666666666", "F5": "3.66666666666666", "G5": "–", "H5": "–", "I5": "1.83333333333333", "J5": "3.66666666666666", "K5": "2.44444444444444",
		"M5": "3", "N5": "3", "O5": "3", "P5": "0", "R5": "6", "S5": "3", "T5": "9",
		"B13": "Lifecycle perspective", "D13": "n<3", "E13": "n<3", "F13": "3", "I13": "n<3", "J13": "3", "K13": "3", "T13": "3",
		"A71": "Product Leadership", "B71": "Define portfolio vision and strategy",
		"D71": "not asked", "E71": "1", "F71": "n<3", "I71": "1", "J71": "n<3", "K71": "1", "M71": "not asked", "N71": "3", "T71": "3",
	}
	for ref, w := range cells {
		got, err := x.GetCellValue("Activities", ref, excelize.Options{RawCellValue: true})
		if err != nil || got != w {
			t.Errorf("Activities!%s = %q, want %q", ref, got, w)
		}
	}
	// Skills: Framework, Skill (A, B), the groups C..J. Product
	// management's 10 skills, then product leadership's: define portfolio
	// vision and strategy is its second, row 5+10+1 = 16.
	skills := map[string]string{"B5": "Agile Working", "C5": "1", "H5": "1.83333333333333", "J5": "2.44444444444444",
		"B6": "Lifecycle perspective", "C6": "n<3", "H6": "n<3", "I6": "3",
		"A16": "Product Leadership", "B16": "Define portfolio vision and strategy", "C16": "not asked", "D16": "1", "E16": "n<3", "J16": "1"}
	for ref, w := range skills {
		got, _ := x.GetCellValue("Skills", ref, excelize.Options{RawCellValue: true})
		if got != w {
			t.Errorf("Skills!%s = %q, want %q", ref, got, w)
		}
	}
	// About names both frameworks and whom each is asked of.
	rows, err := x.GetRows("About")
	if err != nil {
		t.Fatal(err)
	}
	var about strings.Builder
	for _, r := range rows {
		about.WriteString(strings.Join(r, " | ") + "\n")
	}
	for _, w := range []string{
		"Framework | Product Management: learn by doing (product-management): asked of every role level",
		`Framework | Product Leadership (product-leadership): not asked of Associate product manager, whose cells show "not asked"`,
	} {
		if !strings.Contains(about.String(), w) {
			t.Errorf("About lacks %q:\n%s", w, about.String())
		}
	}
}
