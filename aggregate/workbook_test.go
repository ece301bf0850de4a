package aggregate

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/skillmap/skillmap/survey"
)

// laterWorkshop is handWorkshop some months on: p1 rated a1 3 (was 2) and
// a3 2 (was 1); p5 rated a2 3 (was 4); p9 left; everyone else as before.
func laterWorkshop(t *testing.T) Input {
	t.Helper()
	in := handWorkshop()
	in.Revision = "fedcba9876543210fedcba9876543210fedcba98"
	in.Date = time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC)
	in.Label = "round autumn"
	var rs []*survey.Response
	for _, r := range in.Responses {
		switch r.Participant.ID {
		case "p1":
			r = clone(r)
			setRating(r, "s1", "a1", 3)
			setRating(r, "s2", "a3", 2)
		case "p5":
			r = clone(r)
			setRating(r, "s1", "a2", 3)
		case "p9":
			continue
		}
		rs = append(rs, r)
	}
	in.Responses = rs
	return in
}

func clone(r *survey.Response) *survey.Response {
	c := survey.NewResponse(r.Participant)
	for s, acts := range r.Ratings {
		c.Ratings[s] = map[string]*survey.Answer{}
		for a, ans := range acts {
			cp := *ans
			c.Ratings[s][a] = &cp
		}
	}
	return c
}

func setRating(r *survey.Response, skill, act string, v int) {
	r.Ratings[skill][act].Rating = &v
}

func TestChangeWorkedOutByHand(t *testing.T) {
	now := laterWorkshop(t)
	before := handWorkshop()
	rep := Compute(now)
	rep.Compare(now, before, "round spring")
	ch := rep.Change
	if ch == nil || ch.Label != "round spring" || ch.Revision != before.Revision {
		t.Fatalf("change = %+v", ch)
	}
	// a1 now: A {3,3,1} = 7/3 n3 is shown, B {4,3} and C {0,2} (p9 left)
	// are small and hidden, 4 people together: enough. Before, A was hidden
	// to protect B, so only All has a change: now {3,3,1,4,3,0,2} = 16/7,
	// before 16/8 = 2; 16/7 - 2 = 0.29. Answered a1 in both: 7.
	a1 := ch.Activities[0]
	if a1.ActivityID != "a1" {
		t.Fatalf("first change row = %s", a1.ActivityID)
	}
	all := a1.Cells[3]
	if all.Change == nil || *all.Change != 0.29 || all.NBoth == nil || *all.NBoth != 7 {
		t.Errorf("a1/all change = %v n_both = %v, want 0.29 and 7", deref2(all.Change), deref(all.NBoth))
	}
	for i := 0; i < 3; i++ {
		if c := a1.Cells[i]; c.Change != nil || !c.Suppressed {
			t.Errorf("a1 cell %d = %+v, want hidden without change", i, c)
		}
	}
	// a2: C {2,2} now n2 (p9 left): hidden; All now {4,1,3,2,2} = 12/5 = 2.4,
	// before 16/6; change 2.4 - 2.667 = -0.27; answered both: 5.
	a2 := ch.Activities[1].Cells[3]
	if a2.Change == nil || *a2.Change != -0.27 || *a2.NBoth != 5 {
		t.Errorf("a2/all = %v (%v), want -0.27 (5)", deref2(a2.Change), deref(a2.NBoth))
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
	if got := strings.Join(x.GetSheetList(), ","); got != "Summary,Skills,Activities,Distribution,Priorities,Change,About,Chart data" {
		t.Fatalf("sheets = %s", got)
	}
	// Change: Skill, Activity, A, B, C, All, gap, n_both...; the skill rows
	// come first (2), then a1 on row 7.
	want := map[string]string{
		"A1": "Change in mean self-rating since round spring — Hand",
		"B7": "Activity one", "C7": "hidden", "D7": "hidden", "E7": "hidden", "F7": "0.285714285714285", "K7": "7",
		"F8": "-0.266666666666666",
	}
	for cell, w := range want {
		got, _ := x.GetCellValue(SheetChange, cell, excelize.Options{RawCellValue: true})
		if got != w {
			t.Errorf("Change!%s = %q, want %q", cell, got, w)
		}
	}
	if shown, _ := x.GetCellValue(SheetChange, "F7"); shown != "+0.3" {
		t.Errorf("a change is shown as %q, want +0.3", shown)
	}
	about, _ := x.GetRows(SheetAbout)
	if !hasRowPrefix(about, "Compared with", "round spring, revision 0123456789abcdef0123456789abcdef01234567 (2026-06-30") {
		t.Errorf("About does not say what was compared: %v", about)
	}
}

func TestEverySheet(t *testing.T) {
	rep := Compute(handWorkshop())
	var buf bytes.Buffer
	if err := rep.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	x, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	titles := map[string]string{
		SheetSummary:      "Summary — Hand",
		SheetSkills:       "Skills: mean self-rating by role level — Hand",
		SheetActivities:   "Activities: mean self-rating by role level — Hand",
		SheetDistribution: "Distribution: how many people gave each rating — Hand",
		SheetPriorities:   "Priorities — Hand",
		SheetAbout:        "About this report",
	}
	for sheet, w := range titles {
		if got, _ := x.GetCellValue(sheet, "A1"); got != w {
			t.Errorf("%s!A1 = %q, want %q", sheet, got, w)
		}
		if sheet == SheetAbout {
			continue
		}
		sub, _ := x.GetCellValue(sheet, "A2")
		if !strings.Contains(sub, "Hand at HEAD, revision 0123456789ab (30 June 2026)") || !strings.Contains(sub, `show "n<3"`) {
			t.Errorf("%s!A2 = %q: does not say what it shows and how", sheet, sub)
		}
	}
	// Summary: headline figures and completion.
	summary := map[string]string{"A4": "Participants", "B4": "9", "B5": "8", "A8": "Role level", "A9": "A", "B9": "4", "C9": "3", "D9": "1", "E9": "0.25"} // A: one of four rated all three
	for cell, w := range summary {
		if got, _ := x.GetCellValue(SheetSummary, cell, excelize.Options{RawCellValue: true}); got != w {
			t.Errorf("Summary!%s = %q, want %q", cell, got, w)
		}
	}
	// Distribution: a1 for C {0, 2, 1} → counts 1, 1, 1 at 0, 1, 2; B hidden.
	// A skill's heading, then per activity a row per group: A 5, B 6, C 7,
	// All 8; columns Activity, Role level, a count per rating.
	dist := map[string]string{"A3": "Skill one", "A4": "Activity", "B4": "Role level", "A5": "Activity one", "B7": "C",
		"C7": "1", "D7": "1", "E7": "1", "F7": "0", "C6": "n<3", "C5": "hidden"}
	for cell, w := range dist {
		if got, _ := x.GetCellValue(SheetDistribution, cell, excelize.Options{RawCellValue: true}); got != w {
			t.Errorf("Distribution!%s = %q, want %q", cell, got, w)
		}
	}
	// Priorities: only C has shown activity figures: a1 1.0 then a2 2.33.
	pri, _ := x.GetRows(SheetPriorities)
	if !hasRow(pri, "C", "1", "Skill one", "Activity one") {
		t.Errorf("Priorities does not rank C's weakest activity: %v", pri)
	}
	// Charts: radar and bar on Summary, one stacked bar per skill.
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/charts/chart") {
			body := readZip(t, zr, f.Name)
			for _, k := range []string{"radarChart", "barChart"} {
				if strings.Contains(body, "<"+k+">") {
					kinds[k]++
				}
			}
		}
	}
	if kinds["radarChart"] != 1 || kinds["barChart"] != 1+2 {
		t.Errorf("charts = %v, want 1 radar and 3 bar charts (1 on Skills, 1 per skill)", kinds)
	}
	// Print layout: helper data for charts on a hidden sheet, nothing
	// printed beside the tables, each skill of Distribution on its own
	// pages, print areas set where no chart could be cut by one.
	if v, _ := x.GetSheetVisible(SheetChartData); v {
		t.Errorf("sheet %q is visible", SheetChartData)
	}
	for sheet, most := range map[string]int{SheetSummary: 1 + 4, SheetDistribution: 2 + 5} {
		cols, _ := x.GetCols(sheet)
		if len(cols) > most {
			t.Errorf("%s has %d columns: chart data printed beside the tables?", sheet, len(cols))
		}
	}
	for _, sheet := range []string{SheetActivities, SheetDistribution, SheetPriorities} {
		found := false
		for _, dn := range x.GetDefinedName() {
			found = found || dn.Name == "_xlnm.Print_Area" && dn.Scope == sheet
		}
		if !found {
			t.Errorf("%s has no print area", sheet)
		}
	}
	distXML := readZip(t, zr, "xl/worksheets/sheet4.xml")
	if !strings.Contains(distXML, "<rowBreaks") {
		t.Errorf("Distribution has no page breaks between its skills")
	}
	summaryXML := readZip(t, zr, "xl/worksheets/sheet1.xml")
	if !strings.Contains(summaryXML, "<rowBreaks") {
		t.Errorf("Summary has no page break before its chart")
	}
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/charts/chart") {
			body := readZip(t, zr, f.Name)
			if !strings.Contains(body, `<a:srgbClr val="000000"`) {
				t.Errorf("%s: axis labels are not black", f.Name)
			}
		}
	}
	// No cell of any sheet is a formula.
	for _, sheet := range x.GetSheetList() {
		rows, _ := x.GetRows(sheet)
		for r, row := range rows {
			for c := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if f, _ := x.GetCellFormula(sheet, cell); f != "" {
					t.Errorf("%s!%s is a formula: %s", sheet, cell, f)
				}
			}
		}
	}
}

func TestCSV(t *testing.T) {
	now := laterWorkshop(t)
	rep := Compute(now)
	rep.Compare(now, handWorkshop(), "round spring")
	dir := t.TempDir()
	files, err := rep.WriteCSV(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 6 {
		t.Fatalf("files = %v", files)
	}
	read := func(name string) [][]string {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	acts := read(CSVActivities)
	if strings.Join(acts[0], ",") != "skill_id,skill,activity_id,activity,a_mean,a_n,b_mean,b_n,c_mean,c_n,all_mean,all_n" {
		t.Errorf("activities header = %v", acts[0])
	}
	// a3's text starts with "=": written as text a spreadsheet will not run.
	if acts[3][3] != "'=Activity three" {
		t.Errorf("formula-like text = %q", acts[3][3])
	}
	if got := strings.Join(acts[1][4:], ","); got != "2.33,3,n<3,n<3,n<3,n<3,2.29,7" {
		t.Errorf("a1 figures = %s", got)
	}
	change := read(CSVChange)
	if got := strings.Join(change[3][3:], ","); got != "hidden,hidden,hidden,hidden,hidden,hidden,0.29,7" {
		t.Errorf("a1 change = %s", got)
	}
}

func TestSafeText(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+1": "'+1", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": "'\rx", "plain": "plain", "": "",
	} {
		if got := SafeText(in); got != want {
			t.Errorf("SafeText(%q) = %q, want %q", in, got, want)
		}
	}
}

func hasRow(rows [][]string, cells ...string) bool {
	for _, r := range rows {
		if len(r) < len(cells) {
			continue
		}
		ok := true
		for i, c := range cells {
			if r[i] != c {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func hasRowPrefix(rows [][]string, key, prefix string) bool {
	for _, r := range rows {
		if len(r) >= 2 && r[0] == key && strings.HasPrefix(r[1], prefix) {
			return true
		}
	}
	return false
}

func deref2(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestChangeFollowsFromBothReports: someone who moved role between the two
// states is counted in the role they had in each, so every change shown is
// the difference of what the two states' own reports show, and n_both
// counts only people in the group both times.
func TestChangeFollowsFromBothReports(t *testing.T) {
	before := handWorkshop()
	now := handWorkshop()
	for i, r := range now.Responses {
		if r.Participant.ID == "p5" {
			c := clone(r)
			c.Participant.Role = "c"
			now.Responses[i] = c
		}
	}
	rep := Compute(now)
	then := Compute(before)
	rep.Compare(now, before, "then")
	shown := 0
	for ri, row := range append(rep.Change.Skills, rep.Change.Activities...) {
		nowRow := append(rep.Skills, rep.Activities...)[ri]
		thenRow := append(then.Skills, then.Activities...)[ri]
		for gi, c := range row.Cells {
			if c.Change == nil {
				continue
			}
			shown++
			a, b := nowRow.Cells[gi], thenRow.Cells[gi]
			if a.Mean == nil || b.Mean == nil || math.Abs(*c.Change-round(a.mean-b.mean, 2)) > 1e-9 {
				t.Errorf("%s/%s %s: change %v is not %v - %v", row.SkillID, row.ActivityID, c.Group, *c.Change, derefF(a.Mean), derefF(b.Mean))
			}
			if *c.NBoth < rep.MinGroup {
				t.Errorf("%s/%s %s: change shown with n_both %d", row.SkillID, row.ActivityID, c.Group, *c.NBoth)
			}
			if c.Group == "c" && *c.NBoth > 3 {
				t.Errorf("%s/%s c: n_both %d counts p5, who was in b before", row.SkillID, row.ActivityID, *c.NBoth)
			}
		}
	}
	if shown == 0 {
		t.Fatal("no change shown at all")
	}
	if before.Responses[4].Participant.Role != "b" {
		t.Error("Compare changed a response it was given")
	}
}

// Files left out as unverified are listed in About and in JSON with why,
// and counted nowhere.
func TestUnverifiedListedWithoutValues(t *testing.T) {
	in := handWorkshop()
	in.Unverified = []Skipped{{File: "responses/fake.yaml", Reason: "not added by a facilitator"}}
	rep := Compute(in)
	var buf bytes.Buffer
	if err := rep.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	about, _ := x.GetRows(SheetAbout)
	if !hasRow(about, "responses/fake.yaml", "not added by a facilitator") || !hasRowPrefix(about, "Left out, unverified", "1 response file that the audit cannot vouch for") {
		t.Errorf("About does not list the unverified file: %v", about)
	}
	var js bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"unverified": [
    {
      "file": "responses/fake.yaml",
      "reason": "not added by a facilitator"
    }
  ]`) {
		t.Errorf("JSON does not list the unverified file")
	}
}

// TestNoChartAcrossPages checks that no manual page break falls inside the
// rows a chart is anchored over, on every sheet with charts, for a
// framework whose skills have many activities.
func TestNoChartAcrossPages(t *testing.T) {
	for _, in := range []Input{handWorkshop(), syntheticInput(t, 40), syntheticInput(t, 400)} {
		rep := Compute(in)
		// The Trend sheet's line charts too.
		rep.AddTrend([]RoundReport{{TrendRound{Name: "one"}, Compute(in)}, {TrendRound{Name: "two"}, Compute(in)}})
		var buf bytes.Buffer
		if err := rep.WriteXLSX(&buf); err != nil {
			t.Fatal(err)
		}
		raw := buf.Bytes()
		zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
		if err != nil {
			t.Fatal(err)
		}
		brkRe := regexp.MustCompile(`<brk id="(\d+)"`)
		anchorRe := regexp.MustCompile(`<xdr:from><xdr:col>\d+</xdr:col><xdr:colOff>-?\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>.*?<xdr:to><xdr:col>\d+</xdr:col><xdr:colOff>-?\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>`)
		relRe := regexp.MustCompile(`drawings/(drawing\d+\.xml)`)
		charts := 0
		for i := 1; ; i++ {
			sheetName := fmt.Sprintf("xl/worksheets/sheet%d.xml", i)
			if _, err := zr.Open(sheetName); err != nil {
				break
			}
			if _, err := zr.Open(fmt.Sprintf("xl/worksheets/_rels/sheet%d.xml.rels", i)); err != nil {
				continue // no drawing
			}
			m := relRe.FindStringSubmatch(readZip(t, zr, fmt.Sprintf("xl/worksheets/_rels/sheet%d.xml.rels", i)))
			if m == nil {
				continue
			}
			var breaks []int
			for _, b := range brkRe.FindAllStringSubmatch(readZip(t, zr, sheetName), -1) {
				n, _ := strconv.Atoi(b[1])
				breaks = append(breaks, n)
			}
			for _, a := range anchorRe.FindAllStringSubmatch(readZip(t, zr, "xl/drawings/"+m[1]), -1) {
				from, _ := strconv.Atoi(a[1])
				to, _ := strconv.Atoi(a[2])
				charts++
				// A chart covers rows from+1..to+1; a break after row b
				// splits it when from+1 <= b <= to.
				for _, b := range breaks {
					if from+1 <= b && b <= to {
						t.Errorf("%s: page break after row %d cuts the chart over rows %d-%d", sheetName, b, from+1, to+1)
					}
				}
			}
		}
		if charts == 0 {
			t.Errorf("no charts found")
		}
	}
}

// TestRoleLevelsKeptOnOnePage checks that Priorities and Summary's
// strongest and weakest activities break pages only where a role level (or
// a section) starts, so no role level's list is split across pages.
func TestRoleLevelsKeptOnOnePage(t *testing.T) {
	rep := Compute(syntheticInput(t, 400))
	var buf bytes.Buffer
	if err := rep.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	x, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	brkRe := regexp.MustCompile(`<brk id="(\d+)"`)
	for i, sheet := range x.GetSheetList() {
		if sheet != SheetSummary && sheet != SheetPriorities {
			continue
		}
		breaks := brkRe.FindAllStringSubmatch(readZip(t, zr, fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)), -1)
		if sheet == SheetPriorities && len(breaks) == 0 {
			t.Errorf("Priorities of 400 people has no page breaks")
		}
		for _, b := range breaks {
			n, _ := strconv.Atoi(b[1])
			if a, _ := x.GetCellValue(sheet, fmt.Sprintf("A%d", n+1)); a == "" {
				t.Errorf("%s: the page break after row %d is inside a role level's list", sheet, n)
			}
		}
	}
}
