package main

import (
	"bytes"
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

// skillmapIn runs the command in-process and returns its stdout, failing the
// test on a non-zero exit.
func skillmapIn(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(args, &streams{In: strings.NewReader(""), Out: &out, Err: &errb}); code != 0 {
		t.Fatalf("skillmap %s: exit %d\n%s", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}

// rate fills in a participant's file in the working tree.
func rate(t *testing.T, ws, id string, ratings map[string]int) {
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
	wsData, _ := os.ReadFile(filepath.Join(ws, "workshop.yaml"))
	fwData, _ := os.ReadFile(filepath.Join(ws, "framework.yaml"))
	w, f, err := workshop.ParseSettings(wsData, fwData)
	if err != nil {
		t.Fatal(err)
	}
	for key, v := range ratings {
		skill, act, _ := strings.Cut(key, "/")
		v := v
		r.Ratings[skill][act].Rating = &v
	}
	if err := os.WriteFile(p, survey.RenderResponse(w, f, r), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReportWorkedOutByHand builds a small workshop through the CLI (and one
// response through plain git), and checks the report's figures, worked out
// on paper below, in the JSON and in the workbook read back with excelize.
func TestReportWorkedOutByHand(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	skillmapIn(t, "init", ws, "--title", "Hand", "--facilitator", "Ana Ruiz <ana@example.org>", "--min-group", "3")
	// Ana, the facilitator, runs it: her adds are a facilitator's.
	gitIn(t, ws, "config", "user.name", "Ana Ruiz")
	gitIn(t, ws, "config", "user.email", "ana@example.org")
	// The role levels alone (TestBandsWorkedOutByHand has bands).
	dropBands(t, ws, "Ana Ruiz", "ana@example.org")
	csv := "name,email,role\n" +
		"Sen One,s1@example.org,senior-product-manager\nSen Two,s2@example.org,senior-product-manager\nSen Three,s3@example.org,senior-product-manager\n" +
		"Lead One,l1@example.org,lead-product-manager\nLead Two,l2@example.org,lead-product-manager\n" +
		"Head One,h1@example.org,head-of-product\nHead Two,h2@example.org,head-of-product\nHead Three,h3@example.org,head-of-product\n" +
		"Pm One,p1@example.org,product-manager\n"
	if err := os.WriteFile(filepath.Join(dir, "people.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	skillmapIn(t, "-C", ws, "add", "--from", "../people.csv")

	const (
		a1 = "develop-and-manage-product-people/design-and-build-product-teams"
		a2 = "develop-and-manage-product-people/be-coached-and-mentored"
		a3 = "define-portfolio-vision-and-strategy/manage-portfolio-risk-for-products"
	)
	answers := map[string]map[string]int{
		"sen-one":   {a1: 2, a2: 4, a3: 1},
		"sen-two":   {a1: 3, a3: 2},
		"sen-three": {a1: 1, a2: 1},
		"lead-one":  {a1: 4, a2: 4, a3: 3},
		"lead-two":  {a1: 3, a3: 4},
		"head-one":  {a1: 0, a2: 2, a3: 2},
		"head-two":  {a1: 2, a2: 2},
	}
	for id, r := range answers {
		rate(t, ws, id, r)
		skillmapIn(t, "-C", ws, "submit", "--as", id)
	}
	// Head Three answers with plain git.
	rate(t, ws, "head-three", map[string]int{a1: 1, a2: 3, a3: 3})
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", ws, "-c", "user.name=Head Three", "-c", "user.email=h3@example.org"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("commit", "-q", "-m", "my answers", "responses/head-three.yaml")
	git("fsck", "--strict")

	// On paper, with min_group 3 (roles: APM, PM, senior, lead, head, All).
	// Figures move in steps of at least 3 people, cell by cell: a role
	// level's answers to an activity join once 3 of them are in, and a
	// cell with fewer is hidden and counted nowhere; All is the sum of the
	// role levels shown. (No cell has more than 3 raters, so the order of
	// the submissions does not matter.)
	// a1: senior {2,3,1} = 2.0; lead {4,3} hidden; head {0,2,1} = 1.0;
	//     All: senior and head, 9/6 = 1.5.
	// a2: senior {4,1} and lead {4} hidden; head {2,2,3} = 2.33; All: head.
	// a3: senior, lead and head have 2 each: all hidden, and All with them.
	// develop skill: the ratings of its activities shown, pooled: senior
	//     {2,3,1} = 2.0 from 3 people; head {0,2,1,2,2,3} = 10/6 = 1.67
	//     from 3; lead hidden; All 16/9 = 1.78 from 6 people.
	// define skill: as a3. The other two skills: nobody, n = 0.
	// The PM rated nothing: n = 0, shown as such, never hidden.
	type cell struct {
		hidden bool
		n      int
		mean   float64 // -1: none
	}
	h := cell{hidden: true}
	none := cell{n: 0, mean: -1}
	want := map[string][]cell{
		"design-and-build-product-teams":       {none, none, {n: 3, mean: 2}, h, {n: 3, mean: 1}, {n: 6, mean: 1.5}},
		"be-coached-and-mentored":              {none, none, h, h, {n: 3, mean: 2.33}, {n: 3, mean: 2.33}},
		"manage-portfolio-risk-for-products":   {none, none, h, h, h, h},
		"develop-and-manage-product-people":    {none, none, {n: 3, mean: 2}, h, {n: 3, mean: 1.67}, {n: 6, mean: 1.78}},
		"define-portfolio-vision-and-strategy": {none, none, h, h, h, h},
		"understand-your-organisation":         {none, none, none, none, none, none},
	}

	out := skillmapIn(t, "-C", ws, "report", "--json", "-o", "report.xlsx")
	var rep struct {
		Participants int `json:"participants"`
		Responses    int `json:"responses"`
		Skills       []struct {
			SkillID string `json:"skill_id"`
			Cells   []struct {
				N          *int     `json:"n"`
				Mean       *float64 `json:"mean"`
				Suppressed bool     `json:"suppressed"`
			} `json:"cells"`
		} `json:"skills"`
		Activities []struct {
			ActivityID string `json:"activity_id"`
			Cells      []struct {
				N          *int     `json:"n"`
				Mean       *float64 `json:"mean"`
				Suppressed bool     `json:"suppressed"`
			} `json:"cells"`
		} `json:"activities"`
		Skipped []any `json:"skipped"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if rep.Participants != 9 || rep.Responses != 8 || len(rep.Skipped) != 0 {
		t.Errorf("participants %d, responses %d, skipped %v; want 9, 8, none", rep.Participants, rep.Responses, rep.Skipped)
	}
	checked := 0
	check := func(id string, i int, n *int, mean *float64, suppressed bool) {
		w, ok := want[id]
		if !ok {
			return
		}
		c := w[i]
		got := cell{hidden: suppressed, n: -1, mean: -1}
		if n != nil {
			got.n = *n
		}
		if mean != nil {
			got.mean = *mean
		}
		if c.hidden {
			c.n, c.mean = -1, -1
		}
		if got != c {
			t.Errorf("%s cell %d = %+v, want %+v", id, i, got, c)
		}
		checked++
	}
	for _, row := range rep.Activities {
		for i, c := range row.Cells {
			check(row.ActivityID, i, c.N, c.Mean, c.Suppressed)
		}
	}
	for _, row := range rep.Skills {
		for i, c := range row.Cells {
			check(row.SkillID, i, c.N, c.Mean, c.Suppressed)
		}
	}
	if checked != 6*len(want) {
		t.Errorf("checked %d cells, want %d", checked, 6*len(want))
	}

	// The workbook: Activities has Skill, Activity, five roles, All (C..H),
	// a gap, then n for each (J..O). design-and-build is the first row (5),
	// be-coached the eighth (12), manage-portfolio-risk the twelfth (16).
	x, err := excelize.OpenFile(filepath.Join(ws, "report.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	cells := map[string]string{
		"B5": "Design and build product teams to be able to create the greatest value for users, in the context of how the business operates",
		"C5": "–", "D5": "–", "E5": "2", "F5": "n<3", "G5": "1", "H5": "1.5", "J5": "0", "L5": "3", "M5": "n<3", "N5": "3", "O5": "6",
		"E12": "n<3", "F12": "n<3", "G12": "2.33333333333333", "H12": "2.33333333333333", "O12": "3",
		"E16": "n<3", "F16": "n<3", "G16": "n<3", "H16": "n<3",
	}
	for ref, w := range cells {
		got, err := x.GetCellValue("Activities", ref, excelize.Options{RawCellValue: true})
		if err != nil || got != w {
			t.Errorf("Activities!%s = %q, want %q", ref, got, w)
		}
	}
	// Skills has one label column: the roles are B..F, All is G.
	skills := map[string]string{"A5": "Develop and manage product people", "D5": "2", "E5": "n<3", "F5": "1.66666666666666", "G5": "1.77777777777777", "G6": "n<3", "F6": "n<3", "G7": "–"}
	for ref, w := range skills {
		got, _ := x.GetCellValue("Skills", ref, excelize.Options{RawCellValue: true})
		if got != w {
			t.Errorf("Skills!%s = %q, want %q", ref, got, w)
		}
	}
}
