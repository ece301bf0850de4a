package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/skillmap/skillmap/survey"
)

// dropBands takes the bands out of a new workshop's settings, committed as
// its facilitator, for tests of the figures of role levels alone.
func dropBands(t *testing.T, ws, name, email string) {
	t.Helper()
	p := filepath.Join(ws, "workshop.yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(data), "# bands:")
	if i < 0 {
		t.Fatal("workshop.yaml has no bands")
	}
	if err := os.WriteFile(p, data[:i], 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("git", "-C", ws, "-c", "user.name="+name, "-c", "user.email="+email, "commit", "-q", "-m", "no bands", "workshop.yaml")
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git commit: %v\n%s", err, out)
	}
}

// gitAs commits files as someone, with the real git.
func gitAs(t *testing.T, ws, name, email string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", ws, "-c", "user.name=" + name, "-c", "user.email=" + email}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// bandReport is the part of report --json the band tests read.
type bandReport struct {
	Participants int `json:"participants"`
	Waiting      int `json:"waiting"`
	Groups       []struct {
		ID           string   `json:"id"`
		Kind         string   `json:"kind"`
		Band         string   `json:"band"`
		Roles        []string `json:"roles"`
		Pooled       bool     `json:"pooled"`
		Participants int      `json:"participants"`
	} `json:"groups"`
	Skills     []bandRow `json:"skills"`
	Activities []bandRow `json:"activities"`
}

type bandRow struct {
	SkillID    string `json:"skill_id"`
	ActivityID string `json:"activity_id"`
	Cells      []struct {
		Group      string   `json:"group"`
		N          *int     `json:"n"`
		Mean       *float64 `json:"mean"`
		Suppressed bool     `json:"suppressed"`
		Hidden     string   `json:"hidden"`
	} `json:"cells"`
}

// bandCell is a cell as worked out on paper: hidden (and why), or n and
// the mean as a fraction.
type bandCell struct {
	hidden   string
	n        int
	sum, cnt float64 // mean = sum/cnt
}

func shown(n int, sum, cnt float64) bandCell { return bandCell{n: n, sum: sum, cnt: cnt} }

var (
	inBand = bandCell{hidden: "band"}
	small  = bandCell{hidden: "small"}
)

// TestBandsWorkedOutByHand builds a small workshop with the seed's bands
// through the CLI (submit, and the facilitator committing two answers
// handed in on paper with plain git) and checks, in the JSON and in the
// workbook read back, the figures worked out on paper below: among them
// the senior product managers' cells, hidden to protect the band's one
// head of product.
func TestBandsWorkedOutByHand(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	skillmapIn(t, "init", ws, "--title", "Bands", "--facilitator", "Ana Ruiz <ana@example.org>", "--min-group", "3")
	gitIn(t, ws, "config", "user.name", "Ana Ruiz")
	gitIn(t, ws, "config", "user.email", "ana@example.org")
	csv := "name,email,role\n" +
		"Amy A,amy@example.org,associate-product-manager\nAli A,ali@example.org,associate-product-manager\nAnn A,ann@example.org,associate-product-manager\n" +
		"Pat P,pat@example.org,product-manager\nPip P,pip@example.org,product-manager\nPam P,pam@example.org,product-manager\n" +
		"Sue S,sue@example.org,senior-product-manager\nSam S,sam@example.org,senior-product-manager\nSid S,sid@example.org,senior-product-manager\n" +
		"Lia L,lia@example.org,lead-product-manager\nLeo L,leo@example.org,lead-product-manager\nLou L,lou@example.org,lead-product-manager\n" +
		"Hal H,hal@example.org,head-of-product\n"
	if err := os.WriteFile(filepath.Join(dir, "people.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	skillmapIn(t, "-C", ws, "add", "--from", "../people.csv")

	const (
		x = "develop-and-manage-product-people/design-and-build-product-teams"
		y = "develop-and-manage-product-people/be-coached-and-mentored"
	)
	answers := []struct {
		id   string
		x, y int // -1: not answered
	}{
		{"amy-a", 1, 2}, {"ali-a", 2, -1}, {"ann-a", 0, 1},
		{"pat-p", 2, 3}, {"pip-p", 3, 3}, {"pam-p", 1, 2},
		{"lia-l", 3, 4}, {"leo-l", 4, 3}, {"lou-l", 2, -1},
		{"sue-s", 3, 2}, {"sam-s", 2, 4}, {"sid-s", 4, 3},
		{"hal-h", 4, 4},
	}
	for _, a := range answers {
		r := map[string]int{x: a.x}
		if a.y >= 0 {
			r[y] = a.y
		}
		rate(t, ws, a.id, r)
		// Sid and Hal handed theirs in on paper: Ana commits both at
		// once, below.
		if a.id != "sid-s" && a.id != "hal-h" {
			skillmapIn(t, "-C", ws, "submit", "--as", a.id)
		}
	}
	gitAs(t, ws, "Ana Ruiz", "ana@example.org", "commit", "-q", "-m", "Sid's and Hal's answers, on paper", "responses/sid-s.yaml", "responses/hal-h.yaml")
	gitAs(t, ws, "Ana Ruiz", "ana@example.org", "fsck", "--strict")

	// On paper, min_group 3. Groups: APM, PM, senior, lead, head, the
	// bands product management (APM, PM) and product leadership (senior,
	// lead, head), All.
	// Roster: 3 APM, 3 PM: both shown on their own, their band is their
	// sum. 3 senior, 3 lead, 1 head: the head alone (1 < 3) would follow
	// from the band less the senior and lead figures, so the head is
	// grouped in the band with the smallest other role level (senior and
	// lead have 3 each: senior, the first) into one group of 4 (Sue, Sam,
	// Sid, Hal): the senior and head cells show "in band" (hidden: band).
	// Figures move in steps of at least 3 people, cell by cell: each role
	// level's cell joins when its third answer comes; the group of four
	// joins when Ana commits Sid's and Hal's (Sue and Sam before them are
	// 2 < 3).
	// x (design and build): APM {1,2,0} = 1.0; PM {2,3,1} = 2.0; lead
	//   {3,4,2} = 3.0; group {3,2,4,4} = 13/4; band PM = 6 people, 9/6 =
	//   1.5; band PL = lead and group, 7 people, 22/7; All 13 people, 31/13.
	// y (be coached): APM only Amy and Ann answer (2 < 3): hidden small,
	//   counted nowhere, and both wait; PM {3,3,2} = 8/3; lead Lia and Leo
	//   (2): hidden small, waiting; group {2,4,3,4} = 13/4; band PM = PM
	//   alone, 8/3 from 3; band PL = the group, 13/4 from 4; All = 7
	//   people, 21/7 = 3.
	// The skill pools the ratings of its cells that joined: APM x only,
	//   3 ratings, 3/3 = 1.0 from 3 people; PM 14/6 from 3; lead 9/3 = 3
	//   from 3; band PM 17/9 from 6; band PL 9 + 13 + 13 = 35 over 11
	//   ratings from 7; All 52/20 = 2.6 from 13.
	// Waiting: Amy, Ann, Lia, Leo: 4.
	want := map[string][]bandCell{
		"design-and-build-product-teams":    {shown(3, 3, 3), shown(3, 6, 3), inBand, shown(3, 9, 3), inBand, shown(6, 9, 6), shown(7, 22, 7), shown(13, 31, 13)},
		"be-coached-and-mentored":           {small, shown(3, 8, 3), inBand, small, inBand, shown(3, 8, 3), shown(4, 13, 4), shown(7, 21, 7)},
		"develop-and-manage-product-people": {shown(3, 3, 3), shown(3, 14, 6), inBand, shown(3, 9, 3), inBand, shown(6, 17, 9), shown(7, 35, 11), shown(13, 52, 20)},
	}

	out := skillmapIn(t, "-C", ws, "report", "--json", "-o", "report.xlsx")
	var rep bandReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if rep.Participants != 13 || rep.Waiting != 4 {
		t.Errorf("participants %d, waiting %d; want 13, 4", rep.Participants, rep.Waiting)
	}
	var groups []string
	for _, g := range rep.Groups {
		groups = append(groups, fmt.Sprintf("%s:%s:%s:%v:%d", g.ID, g.Kind, g.Band, g.Pooled, g.Participants))
	}
	if got := strings.Join(groups, " "); got != "associate-product-manager:role:product-management:false:3 product-manager:role:product-management:false:3 "+
		"senior-product-manager:role:product-leadership:true:3 lead-product-manager:role:product-leadership:false:3 head-of-product:role:product-leadership:true:1 "+
		"product-management:band::false:6 product-leadership:band::false:7 all:all::false:13" {
		t.Errorf("groups: %s", got)
	}
	checked := 0
	check := func(id string, i int, n *int, mean *float64, hidden string) {
		w, ok := want[id]
		if !ok {
			return
		}
		checked++
		c := w[i]
		switch {
		case c.hidden != "":
			if hidden != c.hidden || n != nil || mean != nil {
				t.Errorf("%s cell %d: hidden %q n %v, want hidden %q", id, i, hidden, n, c.hidden)
			}
		case hidden != "" || n == nil || mean == nil || *n != c.n || math.Abs(*mean-math.Round(c.sum/c.cnt*100)/100) > 1e-9:
			t.Errorf("%s cell %d: hidden %q n %v mean %v, want n %d mean %.2f", id, i, hidden, deref(n), derefF(mean), c.n, c.sum/c.cnt)
		}
	}
	for _, row := range append(rep.Activities, rep.Skills...) {
		id := row.ActivityID
		if id == "" {
			id = row.SkillID
		}
		for i, c := range row.Cells {
			check(id, i, c.N, c.Mean, c.Hidden)
		}
	}
	if checked != 8*len(want) {
		t.Errorf("checked %d cells, want %d", checked, 8*len(want))
	}

	// The workbook: Activities has Skill, Activity, then a column per group
	// (C..J: APM, PM, senior, lead, head, the two bands, All), a gap, n
	// (L..S). design-and-build is row 5, be-coached row 12; Skills has one
	// label column (B..I, n from K).
	x2, err := excelize.OpenFile(filepath.Join(ws, "report.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x2.Close()
	sheetRow := func(sheet string, row, first int, cells []bandCell) {
		t.Helper()
		for i, c := range cells {
			ref, _ := excelize.CoordinatesToCellName(first+i, row)
			got, _ := x2.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
			if c.hidden != "" {
				if w := map[string]string{"band": "in band", "small": "n<3"}[c.hidden]; got != w {
					t.Errorf("%s!%s = %q, want %q", sheet, ref, got, w)
				}
				continue
			}
			v, err := strconv.ParseFloat(got, 64)
			if err != nil || math.Abs(v-c.sum/c.cnt) > 1e-9 {
				t.Errorf("%s!%s = %q, want %v", sheet, ref, got, c.sum/c.cnt)
			}
			nref, _ := excelize.CoordinatesToCellName(first+i+len(cells)+1, row)
			if got, _ := x2.GetCellValue(sheet, nref); got != strconv.Itoa(c.n) {
				t.Errorf("%s!%s = %q, want n %d", sheet, nref, got, c.n)
			}
		}
	}
	for ref, w := range map[string]string{"H4": "Product management", "I4": "Product leadership", "J4": "All"} {
		if got, _ := x2.GetCellValue("Activities", ref); got != w {
			t.Errorf("Activities!%s = %q, want %q", ref, got, w)
		}
	}
	sheetRow("Activities", 5, 3, want["design-and-build-product-teams"])
	sheetRow("Activities", 12, 3, want["be-coached-and-mentored"])
	sheetRow("Skills", 5, 2, want["develop-and-manage-product-people"])
	about := sheetText(t, x2, "About")
	for _, w := range []string{
		"Bands | Role levels grouped in bands, shown between the role levels and All: Product management (Associate product manager, Product manager); Product leadership (Senior product manager, Lead product manager, Head of product).",
		"Why role levels are hidden | These role levels show \"in band\": Senior product manager (3), Head of product (1).",
	} {
		if !strings.Contains(about, w) {
			t.Errorf("About lacks %q:\n%s", w, about)
		}
	}
}

// sheetText is a sheet's rows, cells joined by " | ".
func sheetText(t *testing.T, f *excelize.File, sheet string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, " | ") + "\n")
	}
	return b.String()
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

// TestTwelvePeopleSeeBands is issue 13's small community: 3 associate
// product managers, 3 product managers, 3 senior, 2 lead and 1 head of
// product, all answering everything, each submitting their own. No role
// level reaches min_group (5), so each is counted in its band (6 people
// each): the workbook shows both bands and All for every activity, and
// About says in plain words why the role level cells are hidden.
func TestTwelvePeopleSeeBands(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	skillmapIn(t, "init", ws, "--title", "Local community", "--facilitator", "Ana Ruiz <ana@example.org>")
	gitIn(t, ws, "config", "user.name", "Ana Ruiz")
	gitIn(t, ws, "config", "user.email", "ana@example.org")
	csv := "name,email,role\n"
	var ids []string
	for _, g := range []struct {
		role string
		n    int
	}{{"associate-product-manager", 3}, {"product-manager", 3}, {"senior-product-manager", 3}, {"lead-product-manager", 2}, {"head-of-product", 1}} {
		for i := 0; i < g.n; i++ {
			name := fmt.Sprintf("%s %c", strings.ToUpper(g.role[:1])+strings.ReplaceAll(g.role[1:], "-", ""), 'A'+i)
			csv += fmt.Sprintf("%s,p%d@example.org,%s\n", name, len(ids), g.role)
			ids = append(ids, strings.ToLower(strings.ReplaceAll(name, " ", "-")))
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "people.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	skillmapIn(t, "-C", ws, "add", "--from", "../people.csv")
	fwData, err := os.ReadFile(filepath.Join(ws, "framework.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	fw, err := survey.ParseFramework("framework.yaml", fwData)
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range ids {
		ratings := map[string]int{}
		for si, s := range fw.Skills {
			for ai, a := range s.Activities {
				ratings[s.ID+"/"+a.ID] = (i + si + ai) % 5
			}
		}
		rate(t, ws, id, ratings)
		skillmapIn(t, "-C", ws, "submit", "--as", id)
	}
	out := skillmapIn(t, "-C", ws, "report", "--json", "-o", "report.xlsx")
	var rep bandReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	// Figures move in steps of at least 5 people: in each band, the
	// sixth answer waits for more.
	if rep.Participants != 12 || rep.Waiting != 2 {
		t.Errorf("participants %d, waiting %d; want 12, 2", rep.Participants, rep.Waiting)
	}
	x, err := excelize.OpenFile(filepath.Join(ws, "report.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("Activities")
	if err != nil {
		t.Fatal(err)
	}
	// Skill, Activity, five role levels (C..G), the two bands (H, I), All
	// (J); the activities from row 5.
	if got := strings.Join(rows[3][7:10], ", "); got != "Product management, Product leadership, All" {
		t.Fatalf("Activities headers H..J = %s", got)
	}
	activities := 0
	for _, r := range rows[4:] {
		if len(r) < 10 || r[1] == "" {
			continue
		}
		activities++
		for c := 2; c < 7; c++ {
			if r[c] != "in band" {
				t.Errorf("Activities %q: role level column %d shows %q, want \"in band\"", r[1], c, r[c])
			}
		}
		for c := 7; c < 10; c++ {
			if _, err := strconv.ParseFloat(r[c], 64); err != nil {
				t.Errorf("Activities %q: column %d shows %q, want a mean", r[1], c, r[c])
			}
		}
	}
	if activities != fw.ActivityCount() {
		t.Errorf("%d activities in the sheet, want %d", activities, fw.ActivityCount())
	}
	about := sheetText(t, x, "About")
	for _, w := range []string{
		"Why role levels are hidden | These role levels show \"in band\": Associate product manager (3), Product manager (3), Senior product manager (3), Lead product manager (2), Head of product (1).",
		"fewer than 5 people, the smallest group whose figures are shown",
		"its figures would follow by subtraction (the band less the others)",
	} {
		if !strings.Contains(about, w) {
			t.Errorf("About lacks %q:\n%s", w, about)
		}
	}
	if summary := sheetText(t, x, "Summary"); strings.Contains(summary, "No role level or band has enough answers") {
		t.Errorf("Summary shows nothing:\n%s", summary)
	}
}
