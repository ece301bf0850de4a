package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/skillmap/skillmap/personal"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/workshop"
)

// Activities of the built-in framework the personal tests rate: a1 and a2
// in the first skill, a3 in the second.
const (
	pa1 = "develop-and-manage-product-people/design-and-build-product-teams"
	pa2 = "develop-and-manage-product-people/be-coached-and-mentored"
	pa3 = "define-portfolio-vision-and-strategy/manage-portfolio-risk-for-products"
)

// personalWorkshop builds, through the CLI, a workshop with three closed
// rounds and a state after them, for the participant Sam Sen, and returns
// its folder. Everyone but Sam answers once, before round one; Sam changes
// his answers in every round. Everyone writes a note no one else has, so
// that a test can look for it.
func personalWorkshop(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	skillmapIn(t, "init", ws, "--title", "Personal", "--facilitator", "Ana Ruiz <ana@example.org>", "--min-group", "3")
	gitIn(t, ws, "config", "user.name", "Ana Ruiz")
	gitIn(t, ws, "config", "user.email", "ana@example.org")
	csv := "name,email,role\n" +
		"Sam Sen,sam@example.org,senior-product-manager\nKim Sen,kim@example.org,senior-product-manager\nLee Sen,lee@example.org,senior-product-manager\n" +
		"Lou Lead,lou@example.org,lead-product-manager\nMax Lead,max@example.org,lead-product-manager\nNed Lead,ned@example.org,lead-product-manager\n" +
		"Hal Head,hal@example.org,head-of-product\nIda Head,ida@example.org,head-of-product\n"
	if err := os.WriteFile(filepath.Join(dir, "people.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	skillmapIn(t, "-C", ws, "add", "--from", "../people.csv")
	// Before anyone submits, Ana expects senior product managers to reach 4
	// on a2.
	wsFile := filepath.Join(ws, "workshop.yaml")
	settings, err := os.ReadFile(wsFile)
	if err != nil {
		t.Fatal(err)
	}
	settings = append(settings, "\nexpectations:\n  - activity: be-coached-and-mentored\n    expected: {senior-product-manager: 4}\n"...)
	if err := os.WriteFile(wsFile, settings, 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, ws, "-c", "user.name=Ana Ruiz", "-c", "user.email=ana@example.org", "commit", "-q", "-m", "Expectations", "workshop.yaml")
	others := map[string]map[string]int{
		"kim-sen":  {pa1: 2, pa2: 2},
		"lee-sen":  {pa1: 3, pa2: 2},
		"lou-lead": {pa1: 3, pa2: 3},
		"max-lead": {pa1: 4, pa2: 3},
		"ned-lead": {pa1: 4, pa2: 3},
		"hal-head": {pa2: 4},
		"ida-head": {pa2: 4},
	}
	submitSam := func(r map[string]int) {
		rateNoted(t, ws, "sam-sen", r)
		skillmapIn(t, "-C", ws, "submit", "--as", "sam-sen")
	}
	submitSam(map[string]int{pa1: 1, pa2: 2, pa3: 1})
	for _, id := range []string{"kim-sen", "lee-sen", "lou-lead", "max-lead", "ned-lead", "hal-head", "ida-head"} {
		rateNoted(t, ws, id, others[id])
		skillmapIn(t, "-C", ws, "submit", "--as", id)
	}
	skillmapIn(t, "-C", ws, "round", "close", "r1")
	submitSam(map[string]int{pa1: 2, pa2: 2, pa3: 3})
	skillmapIn(t, "-C", ws, "round", "close", "r2")
	submitSam(map[string]int{pa1: 4, pa2: 3, pa3: 3})
	skillmapIn(t, "-C", ws, "round", "close", "r3")
	submitSam(map[string]int{pa1: 3, pa2: 3, pa3: 3})
	// His plan, set with take --plan: a1 as his focus.
	var out, errb bytes.Buffer
	in := "1\nPair with a lead on two team designs\nPat Manager\ny\n"
	if code := run([]string{"-C", ws, "take", "--as", "sam-sen", "--plan"}, &streams{In: strings.NewReader(in), Out: &out, Err: &errb}); code != 0 {
		t.Fatalf("take --plan: exit %d\n%s%s", code, out.String(), errb.String())
	}
	return ws
}

// rateNoted is rate, with a note on every answer that names its writer.
func rateNoted(t *testing.T, ws, id string, ratings map[string]int) {
	t.Helper()
	rate(t, ws, id, ratings)
	p := filepath.Join(ws, "responses", id+".yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var edits []survey.AnswerEdit
	for key, v := range ratings {
		skill, act, _ := strings.Cut(key, "/")
		edits = append(edits, survey.AnswerEdit{Skill: skill, Activity: act, Rating: &v, Note: "note by " + id + " on " + act})
	}
	out, _, err := survey.EditAnswers("responses/"+id+".yaml", data, edits)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPersonalReportWorkedOutByHand checks Sam Sen's personal report, and
// Lou Lead's next level, against figures worked out on paper below, in the
// JSON and in the workbook read back with excelize.
func TestPersonalReportWorkedOutByHand(t *testing.T) {
	ws := personalWorkshop(t)

	// On paper, min_group 3. Figures move in steps of at least 3 people per
	// role level and activity; a cell with fewer raters is hidden and
	// counted nowhere.
	// a1: senior {Sam 1, Kim 2, Lee 3} moved once (all three new) = 2.0,
	//     n 3. Sam's later changes are one person's: they wait, so the
	//     senior mean stays 2.0 whatever he answers now. Lead {3, 4, 4} =
	//     11/3 = 3.67. Sam now: 3. Gap to the next level: 3.67 - 3 = 0.67.
	// a2: senior {2, 2, 2} = 2.0; lead {3, 3, 3} = 3.0; head {4, 4}: two
	//     people, hidden. The workshop expects seniors to reach 4: the
	//     target is the expectation, not the lead mean. Sam now 3: gap 1.
	// a3: only Sam answers: his group's cell is hidden (n<3); no lead
	//     answers: n = 0, no mean. Sam now 3, no target: a strength.
	// Strengths: a3 (3, no target). Development, largest gap first: a2
	//     (1, to the expectation), a1 (0.67, to the next level).
	// Rounds r1, r2, r3, then now: a1 1, 2, 4, 3: change since each +2,
	//     +1, -1. a3 1, 3, 3, 3: +2, 0, 0.
	// Sam's skill means (a1, a2): r1 1.5, r2 2.0, r3 3.5, now 3.0; second
	//     skill (a3): 1, 3, 3, 3. The first skill's senior mean pools the
	//     cells shown: {1,2,3,2,2,2} = 12/6 = 2.0; lead {3,4,4,3,3,3} =
	//     20/6 = 3.33.
	// Lou Lead's next level is head: a1 nobody (no mean, not hidden), a2
	//     hidden (two people).
	out := skillmapIn(t, "-C", ws, "report", "--person", "sam-sen", "--json", "-o", "sam.xlsx")
	var rep personal.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if rep.Participant.ID != "sam-sen" || rep.Group != "senior-product-manager" || rep.NextGroup != "lead-product-manager" || rep.MinGroup != 3 {
		t.Errorf("participant %+v, group %s, next %s, min_group %d", rep.Participant, rep.Group, rep.NextGroup, rep.MinGroup)
	}
	var names []string
	for _, r := range rep.Rounds {
		names = append(names, r.Name)
	}
	if strings.Join(names, ",") != "round r1,round r2,round r3" {
		t.Errorf("rounds %v", names)
	}
	act := map[string]personal.Activity{}
	for _, a := range rep.Activities {
		act[a.SkillID+"/"+a.ActivityID] = a
	}
	f := func(p *float64) float64 {
		if p == nil {
			return -1
		}
		return *p
	}
	n := func(p *int) int {
		if p == nil {
			return -1
		}
		return *p
	}
	ints := func(ps []*int) string {
		var s []string
		for _, p := range ps {
			if p == nil {
				s = append(s, "-")
			} else {
				s = append(s, itoa(*p))
			}
		}
		return strings.Join(s, " ")
	}
	for _, c := range []struct {
		key             string
		rating          int
		group           float64
		groupN          int
		groupHidden     string
		next            float64
		nextN           int
		earlier, change string
		focus           bool
		note            string
		expected        int
	}{
		{pa1, 3, 2, 3, "", 3.67, 3, "1 2 4", "2 1 -1", true, "note by sam-sen on design-and-build-product-teams", -1},
		{pa2, 3, 2, 3, "", 3, 3, "2 2 3", "1 1 0", false, "note by sam-sen on be-coached-and-mentored", 4},
		{pa3, 3, -1, -1, "small", -1, 0, "1 3 3", "2 0 0", false, "note by sam-sen on manage-portfolio-risk-for-products", -1},
	} {
		a := act[c.key]
		if n(a.Rating) != c.rating || f(a.GroupMean.Mean) != c.group || n(a.GroupMean.N) != c.groupN || a.GroupMean.Hidden != c.groupHidden ||
			a.NextMean == nil || f(a.NextMean.Mean) != c.next || n(a.NextMean.N) != c.nextN || a.NextMean.Hidden != "" ||
			ints(a.Earlier) != c.earlier || ints(a.Change) != c.change || a.Focus != c.focus || a.Note != c.note || n(a.Expected) != c.expected {
			t.Errorf("%s: %+v (group %+v, next %+v, earlier %s, change %s)", c.key, a, a.GroupMean, a.NextMean, ints(a.Earlier), ints(a.Change))
		}
	}
	ranked := func(rs []personal.Ranked) string {
		var s []string
		for _, r := range rs {
			s = append(s, r.ActivityID+":"+ftoa(f(r.Gap)))
		}
		return strings.Join(s, " ")
	}
	if got := ranked(rep.Strengths); got != "manage-portfolio-risk-for-products:-1" {
		t.Errorf("strengths %s", got)
	}
	if got := ranked(rep.Development); got != "be-coached-and-mentored:1 design-and-build-product-teams:0.67" ||
		rep.Development[0].Basis != "expectation" || rep.Development[1].Basis != "next_level" {
		t.Errorf("development %s", got)
	}
	sk := rep.Skills[0]
	if f(sk.Mean) != 3 || f(sk.GroupMean.Mean) != 2 || f(sk.NextMean.Mean) != 3.33 || f(sk.Earlier[0]) != 1.5 || f(sk.Earlier[1]) != 2 || f(sk.Earlier[2]) != 3.5 {
		t.Errorf("first skill %+v group %+v next %+v", sk, sk.GroupMean, sk.NextMean)
	}
	if rep.Plan == nil || len(rep.Plan.Focus) != 1 || rep.Plan.Text != "Pair with a lead on two team designs" || rep.Plan.LineManager != "Pat Manager" {
		t.Errorf("plan %+v", rep.Plan)
	}

	// The workbook read back. Activities: Skill, Activity, rating, note,
	// role mean, people, next mean, expected, gap, focus; a1 is row 5, a2
	// row 12 and a3 row 16, as in the community workbook.
	x, err := excelize.OpenFile(filepath.Join(ws, "sam.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	cells := map[string]map[string]string{
		personal.SheetActivities: {
			"C5": "3", "E5": "2", "F5": "3", "G5": "3.67", "I5": "0.67", "J5": "yes",
			"C12": "3", "E12": "2", "G12": "3", "H12": "4", "I12": "1",
			"C16": "3", "E16": "n<3", "G16": "–", "I16": "",
			"D5": "note by sam-sen on design-and-build-product-teams",
		},
		// Change: skill means by round (row 5, the first skill), then
		// after the charts the activities.
		personal.SheetChange: {"B4": "round r1", "E4": "now", "B5": "1.5", "C5": "2", "D5": "3.5", "E5": "3"},
		personal.SheetSummary: {
			"B7": "3", "D7": "2", "E7": "3.33",
		},
	}
	for sheet, want := range cells {
		for ref, w := range want {
			got, _ := x.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
			if got != w {
				t.Errorf("%s!%s = %q, want %q", sheet, ref, got, w)
			}
		}
	}
	// The per-activity change table follows the charts.
	rows, _ := x.GetRows(personal.SheetChange, excelize.Options{RawCellValue: true})
	found := false
	for _, r := range rows {
		if len(r) >= 8 && strings.HasPrefix(r[0], "Design and build product teams") {
			found = strings.Join(r[1:8], " ") == "1 2 4 3 2 1 -1"
		}
	}
	if !found {
		t.Error("Change has no row for a1 reading 1 2 4 3 2 1 -1")
	}
	if charts := countCharts(t, filepath.Join(ws, "sam.xlsx")); charts != 4 {
		t.Errorf("%d charts, want a line chart per skill (4)", charts)
	}
	conv, _ := x.GetRows(personal.SheetConversation)
	joined := ""
	for _, r := range conv {
		joined += strings.Join(r, "|") + "\n"
	}
	for _, w := range []string{"Pat Manager", "Pair with a lead on two team designs", "Design and build product teams", "Line manager's notes", "Agreed actions"} {
		if !strings.Contains(joined, w) {
			t.Errorf("Conversation lacks %q:\n%s", w, joined)
		}
	}

	// Lou Lead: the next level (head) is hidden where it has two people.
	out = skillmapIn(t, "-C", ws, "report", "--person", "lou-lead", "--json")
	var lou personal.Report
	if err := json.Unmarshal([]byte(out), &lou); err != nil {
		t.Fatal(err)
	}
	for _, a := range lou.Activities {
		switch a.SkillID + "/" + a.ActivityID {
		case pa1:
			if a.NextMean.Mean != nil || n(a.NextMean.N) != 0 || a.NextMean.Hidden != "" {
				t.Errorf("Lou a1 next %+v; want nobody", a.NextMean)
			}
		case pa2:
			if a.NextMean.Mean != nil || a.NextMean.Hidden != "small" || n(a.Rating) != 3 || f(a.GroupMean.Mean) != 3 {
				t.Errorf("Lou a2 next %+v group %+v", a.NextMean, a.GroupMean)
			}
		}
	}
	if len(lou.Rounds) != 3 || lou.Rounds[0].Answered != true {
		t.Errorf("Lou's rounds %+v", lou.Rounds)
	}
}

// TestPersonalReportHasNoOneElse looks for every other participant's name,
// id and notes in every cell of every sheet of Sam's workbook and in his
// JSON; and changes the answers of others where the community report hides
// them, to see that his report does not change.
func TestPersonalReportHasNoOneElse(t *testing.T) {
	ws := personalWorkshop(t)
	jsonOut := skillmapIn(t, "-C", ws, "report", "--person", "sam-sen", "--json", "-o", "sam.xlsx")
	x, err := excelize.OpenFile(filepath.Join(ws, "sam.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, sheet := range x.GetSheetList() {
		rows, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			for _, c := range r {
				all.WriteString(c + "\n")
			}
		}
	}
	x.Close()
	if !strings.Contains(all.String(), "Sam Sen") || !strings.Contains(all.String(), "note by sam-sen") {
		t.Fatal("the search finds not even Sam's own name and notes")
	}
	for _, who := range []struct{ id, name string }{
		{"kim-sen", "Kim Sen"}, {"lee-sen", "Lee Sen"}, {"lou-lead", "Lou Lead"}, {"max-lead", "Max Lead"},
		{"ned-lead", "Ned Lead"}, {"hal-head", "Hal Head"}, {"ida-head", "Ida Head"},
	} {
		for _, s := range []string{who.id, who.name, "note by " + who.id, strings.Split(who.name, " ")[0]} {
			if strings.Contains(all.String(), s) {
				t.Errorf("the workbook holds %q", s)
			}
			if strings.Contains(jsonOut, s) {
				t.Errorf("the JSON holds %q", s)
			}
		}
	}
	// Hal and Ida (heads, hidden: two people) change their answers to a2:
	// Sam's report reads the same but for the revision.
	for _, id := range []string{"hal-head", "ida-head"} {
		rateNoted(t, ws, id, map[string]int{pa2: 0})
		skillmapIn(t, "-C", ws, "submit", "--as", id)
	}
	again := skillmapIn(t, "-C", ws, "report", "--person", "sam-sen", "--json")
	strip := func(s string) string {
		var m map[string]any
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "revision")
		delete(m, "revision_date")
		b, _ := json.Marshal(m)
		return string(b)
	}
	if strip(again) != strip(jsonOut) {
		t.Errorf("Sam's report changed when others' hidden answers did:\n%s\n%s", jsonOut, again)
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

func ftoa(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// countCharts counts the charts in a workbook's parts.
func countCharts(t *testing.T, path string) int {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	n := 0
	for _, f := range z.File {
		if strings.HasPrefix(f.Name, "xl/charts/chart") {
			n++
		}
	}
	return n
}

// TestPersonalConversationPrintsOnOnePage renders the Conversation sheet
// with LibreOffice, when it is installed, as the participant's plan is
// and at its largest (ten focus activities, the longest text), and counts
// the PDF's pages: one each time.
func TestPersonalConversationPrintsOnOnePage(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	ws := personalWorkshop(t)
	count := func(name string) int {
		t.Helper()
		skillmapIn(t, "-C", ws, "report", "--person", "sam-sen", "-o", name)
		x, err := excelize.OpenFile(filepath.Join(ws, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range x.GetSheetList() {
			if s != personal.SheetConversation {
				if err := x.DeleteSheet(s); err != nil {
					t.Fatal(err)
				}
			}
		}
		only := filepath.Join(t.TempDir(), "conversation.xlsx")
		if err := x.SaveAs(only); err != nil {
			t.Fatal(err)
		}
		x.Close()
		outDir := t.TempDir()
		cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.ToSlash(t.TempDir()), "--convert-to", "pdf", "--outdir", outDir, only)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, out)
		}
		pdf, err := os.ReadFile(filepath.Join(outDir, "conversation.pdf"))
		if err != nil {
			t.Fatal(err)
		}
		return pdfPages(pdf)
	}
	if n := count("sam.xlsx"); n != 1 {
		t.Errorf("the Conversation sheet prints on %d pages, want 1", n)
	}
	// The largest plan there can be.
	p := filepath.Join(ws, "responses", "sam-sen.yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	pl := &survey.Plan{Text: strings.Repeat("Ask for a stretch assignment. ", survey.MaxPlanText/30), LineManager: "Pat Manager"}
	ws0, fw, err := workshopSettings(ws)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range fw.Skills {
		for _, a := range s.Activities {
			if len(pl.Focus) < survey.MaxFocus {
				pl.Focus = append(pl.Focus, survey.ActivityRef{Skill: s.ID, Activity: a.ID})
			}
		}
	}
	out, _, err := survey.EditPlan("responses/sam-sen.yaml", ws0, data, pl)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
	skillmapIn(t, "-C", ws, "submit", "--as", "sam-sen")
	if n := count("largest.xlsx"); n != 1 {
		t.Errorf("with the largest plan, the Conversation sheet prints on %d pages, want 1", n)
	}
}

// pdfPages counts the pages of a PDF: its page objects.
func pdfPages(pdf []byte) int {
	n := 0
	for _, m := range pageObject.FindAll(pdf, -1) {
		if !bytes.HasSuffix(m, []byte("s")) {
			n++
		}
	}
	return n
}

var pageObject = regexp.MustCompile(`/Type\s*/Pages?`)

// workshopSettings reads a workshop's settings from its working tree.
func workshopSettings(ws string) (*survey.Workshop, *survey.Framework, error) {
	wsData, err := os.ReadFile(filepath.Join(ws, "workshop.yaml"))
	if err != nil {
		return nil, nil, err
	}
	fwData, err := os.ReadFile(filepath.Join(ws, "framework.yaml"))
	if err != nil {
		return nil, nil, err
	}
	return workshop.ParseSettings(wsData, fwData)
}

// TestPersonalReportTwoFrameworks writes the personal report in a
// workshop of both built-in frameworks: every activity of both, each with
// its framework, and a focus activity of the second framework marked.
func TestPersonalReportTwoFrameworks(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	ws := filepath.Join(t.TempDir(), "ws")
	skillmapIn(t, "init", ws, "--title", "Both", "--facilitator", "Ana Ruiz <ana@example.org>",
		"--framework", "product-management", "--framework", "product-leadership")
	skillmapIn(t, "-C", ws, "add", "Jo Bloggs", "--role", "senior-product-manager")
	// An expectation on a skill of the second framework.
	wsFile := filepath.Join(ws, "workshop.yaml")
	settings, err := os.ReadFile(wsFile)
	if err != nil {
		t.Fatal(err)
	}
	settings = append(settings, "\nexpectations:\n  - skill: develop-and-manage-product-people\n    expected: {senior-product-manager: 4}\n"...)
	if err := os.WriteFile(wsFile, settings, 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, ws, "-c", "user.name=Ana Ruiz", "-c", "user.email=ana@example.org", "commit", "-q", "-m", "Expectations", "workshop.yaml")
	w, err := openWorkshop(ws)
	if err != nil {
		t.Fatal(err)
	}
	total := w.fw.ActivityCount()
	takeIn := func(in string, args ...string) {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(append([]string{"-C", ws, "take", "--as", "jo-bloggs"}, args...), &streams{In: strings.NewReader(in), Out: &out, Err: &errb}); code != 0 {
			t.Fatalf("take %v: exit %d\n%s%s", args, code, out.String(), errb.String())
		}
	}
	takeIn(strings.Repeat("2\n\n", total) + "y\n")
	skillmapIn(t, "-C", ws, "round", "close", "r1")
	takeIn(strings.Repeat("3\n\n", total) + "n\n")
	// Activity 60 is in the second framework (product management has 54).
	takeIn("2 60\nLead a roadmap review\n\ny\n", "--plan")
	out := skillmapIn(t, "-C", ws, "report", "--person", "jo-bloggs", "--json")
	var rep personal.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Activities) != total {
		t.Fatalf("%d activities, want %d", len(rep.Activities), total)
	}
	byFw := map[string]int{}
	var focus []string
	for _, a := range rep.Activities {
		byFw[a.FrameworkID]++
		if a.Rating == nil || *a.Rating != 3 {
			t.Errorf("%s/%s/%s: rating %v", a.FrameworkID, a.SkillID, a.ActivityID, a.Rating)
		}
		if a.Focus {
			focus = append(focus, a.FrameworkID)
		}
		if want := a.FrameworkID == "product-leadership" && a.SkillID == "develop-and-manage-product-people"; want != (a.Expected != nil) || want && *a.Expected != 4 {
			t.Errorf("%s/%s/%s: expected %v", a.FrameworkID, a.SkillID, a.ActivityID, a.Expected)
		}
		// Round r1, read from its own frameworks/ files.
		if len(a.Earlier) != 1 || a.Earlier[0] == nil || *a.Earlier[0] != 2 || *a.Change[0] != 1 {
			t.Fatalf("%s/%s/%s: earlier %v", a.FrameworkID, a.SkillID, a.ActivityID, a.Earlier)
		}
	}
	if byFw["product-management"] != 54 || byFw["product-leadership"] != total-54 {
		t.Errorf("activities by framework %v", byFw)
	}
	if strings.Join(focus, " ") != "product-management product-leadership" {
		t.Errorf("focus in %v", focus)
	}
	if rep.Plan == nil || len(rep.Plan.Focus) != 2 || rep.Plan.Focus[1].Framework != "product-leadership" {
		t.Errorf("plan %+v", rep.Plan)
	}
}
