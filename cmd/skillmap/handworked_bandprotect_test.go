package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestReportTwoFrameworksBandProtectedByHand is the two-framework workshop
// with bands where a role level is hidden to protect its band: three
// senior product managers and one head of product, min_group 3. Worked
// out on paper:
//   - The head of product is a role level of 1 on the roster, under
//     min_group, so inside the "Product leadership" band it is pooled;
//     the pool (1) is still under 3, so the band's next smallest role
//     level with people, senior (3), joins it: the pool is senior + head,
//     4 people, counted under the band's id. Lead has nobody.
//   - Senior and head cells are therefore hidden as "in band" in both
//     frameworks: shown, the band minus senior would be the head's answer.
//   - x1 (product management): seniors {4, 3, 2}, head unrated: the band's
//     pool has 3 raters, so it is shown: 9/3 = 3.0 from 3; All the same.
//   - y1 (product leadership): seniors {1, 2}, head {3}: 3 raters in the
//     pool, 6/3 = 2.0 from 3; All the same; senior cell hidden in band.
//   - The "Product management" band has nobody: n 0.
func TestReportTwoFrameworksBandProtectedByHand(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	skillmapIn(t, "init", ws, "--title", "Hand", "--framework", "product-management", "--framework", "product-leadership",
		"--facilitator", "Ana Ruiz <ana@example.org>", "--min-group", "3")
	gitIn(t, ws, "config", "user.name", "Ana Ruiz")
	gitIn(t, ws, "config", "user.email", "ana@example.org")
	csv := "name,email,role\n" +
		"Sen One,s1@example.org,senior-product-manager\nSen Two,s2@example.org,senior-product-manager\nSen Three,s3@example.org,senior-product-manager\n" +
		"Hop One,h1@example.org,head-of-product\n"
	if err := os.WriteFile(filepath.Join(dir, "people.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	skillmapIn(t, "-C", ws, "add", "--from", "../people.csv")
	const (
		x1 = "product-management/agile-working/learnt-about-common-agile"
		y1 = "product-leadership/define-portfolio-vision-and-strategy/observed-or-supported-pivoting-a-product"
	)
	for _, p := range []struct {
		id string
		r  map[string]int
	}{
		{"sen-one", map[string]int{x1: 4, y1: 1}},
		{"sen-two", map[string]int{x1: 3, y1: 2}},
		{"sen-three", map[string]int{x1: 2}},
		{"hop-one", map[string]int{y1: 3}},
	} {
		rateIn(t, ws, p.id, p.r)
		skillmapIn(t, "-C", ws, "submit", "--as", p.id)
	}
	out := skillmapIn(t, "-C", ws, "report", "--json", "-o", "report.xlsx")
	type jsonCell struct {
		Group      string   `json:"group"`
		N          *int     `json:"n"`
		Mean       *float64 `json:"mean"`
		Suppressed bool     `json:"suppressed"`
		Hidden     string   `json:"hidden"`
	}
	var rep struct {
		Activities []struct {
			FrameworkID string     `json:"framework_id"`
			ActivityID  string     `json:"activity_id"`
			SkillID     string     `json:"skill_id"`
			Cells       []jsonCell `json:"cells"`
		} `json:"activities"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	type want struct {
		hidden string
		n      int
		mean   float64
	}
	wants := map[string]map[string]want{
		"product-management/learnt-about-common-agile": {
			"senior-product-manager": {hidden: "band"}, "head-of-product": {hidden: "band"},
			"product-leadership": {n: 3, mean: 3}, "all": {n: 3, mean: 3}, "product-management": {n: 0, mean: -1},
		},
		"product-leadership/observed-or-supported-pivoting-a-product": {
			"senior-product-manager": {hidden: "band"}, "head-of-product": {hidden: "band"},
			"product-leadership": {n: 3, mean: 2}, "all": {n: 3, mean: 2},
		},
	}
	seen := 0
	for _, row := range rep.Activities {
		w, ok := wants[row.FrameworkID+"/"+row.ActivityID]
		if !ok {
			continue
		}
		for _, c := range row.Cells {
			wc, ok := w[c.Group]
			if !ok {
				continue
			}
			seen++
			if wc.hidden != "" {
				if !c.Suppressed || c.Hidden != wc.hidden || c.Mean != nil {
					t.Errorf("%s/%s %s = %+v, want hidden %q", row.FrameworkID, row.ActivityID, c.Group, c, wc.hidden)
				}
				continue
			}
			gotMean := -1.0
			if c.Mean != nil {
				gotMean = *c.Mean
			}
			if c.Suppressed || c.N == nil || *c.N != wc.n || gotMean != wc.mean {
				t.Errorf("%s/%s %s = %+v, want n %d mean %v", row.FrameworkID, row.ActivityID, c.Group, c, wc.n, wc.mean)
			}
		}
	}
	if seen != 9 {
		t.Errorf("checked %d cells, want 9", seen)
	}
	// The workbook: Activities D..H role levels, I and J the bands, K All;
	// x1 is row 5, y1 row 71 (see TestReportTwoFrameworksWorkedOutByHand).
	x, err := excelize.OpenFile(filepath.Join(ws, "report.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for ref, w := range map[string]string{"F5": "in band", "H5": "in band", "J5": "3", "K5": "3", "F71": "in band", "H71": "in band", "J71": "2", "K71": "2"} {
		got, _ := x.GetCellValue("Activities", ref, excelize.Options{RawCellValue: true})
		if got != w {
			t.Errorf("Activities!%s = %q, want %q", ref, got, w)
		}
	}
}
