package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Attacks on the figures by someone who can push, each built as a small
// workshop through the CLI and plain git.

// skillmapRun runs skillmap and returns its exit code, stdout and stderr.
func skillmapRun(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &streams{In: strings.NewReader(""), Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

// privacyReport is the part of report --json these tests read.
type privacyReport struct {
	MinGroup        int      `json:"min_group"`
	SettingsLowered []string `json:"settings_lowered"`
	Groups          []struct {
		ID string `json:"id"`
	} `json:"groups"`
	Activities []struct {
		ActivityID string `json:"activity_id"`
		Cells      []struct {
			Group      string   `json:"group"`
			N          *int     `json:"n"`
			Mean       *float64 `json:"mean"`
			Suppressed bool     `json:"suppressed"`
		} `json:"cells"`
	} `json:"activities"`
	Change *struct {
		Activities []struct {
			ActivityID string `json:"activity_id"`
			Cells      []struct {
				Group  string   `json:"group"`
				Change *float64 `json:"change"`
				NBoth  *int     `json:"n_both"`
			} `json:"cells"`
		} `json:"activities"`
	} `json:"change"`
}

func reportJSON(t *testing.T, args ...string) (privacyReport, string) {
	t.Helper()
	code, out, errs := skillmapRun(append(args, "report", "--json")...)
	if code != 0 {
		t.Fatalf("report: exit %d\n%s", code, errs)
	}
	var rep privacyReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	return rep, errs
}

// firstActivity is the framework's first activity, which these tests rate.
const firstActivity = "develop-and-manage-product-people/design-and-build-product-teams"

// TestLoweredSettingsDoNotWeakenReport: a participant commits min_group: 1
// and notes_min_group: 1 after responses were submitted. Reports still use
// 5 and 10, say which commit lowered them, and validate warns.
func TestLoweredSettingsDoNotWeakenReport(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	ws := filepath.Join(t.TempDir(), "ws")
	skillmapIn(t, "init", ws, "--title", "Floors", "--facilitator", "Ana Ruiz <ana@example.org>")
	for i := 1; i <= 4; i++ {
		skillmapIn(t, "-C", ws, "add", fmt.Sprintf("Sam Person%d", i), "--role", "senior-product-manager", "--email", fmt.Sprintf("sam%d@example.org", i))
	}
	for i := 1; i <= 4; i++ {
		id := fmt.Sprintf("sam-person%d", i)
		rate(t, ws, id, map[string]int{firstActivity: i % 5})
		skillmapIn(t, "-C", ws, "submit", "--as", id)
	}
	rep, _ := reportJSON(t, "-C", ws)
	if rep.MinGroup != 5 || rep.SettingsLowered != nil {
		t.Fatalf("before: min_group %d, lowered %v", rep.MinGroup, rep.SettingsLowered)
	}
	// The participant's commit, with plain git.
	data, err := os.ReadFile(filepath.Join(ws, "workshop.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	lowered := strings.Replace(strings.Replace(string(data), "min_group: 5", "min_group: 1", 1), "notes_min_group: 10", "notes_min_group: 1", 1)
	if lowered == string(data) {
		t.Fatalf("workshop.yaml has no min_group: 5:\n%s", data)
	}
	if err := os.WriteFile(filepath.Join(ws, "workshop.yaml"), []byte(lowered), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, ws, "commit", "-q", "-a", "-m", "smaller groups")
	commit := strings.TrimSpace(gitIn(t, ws, "rev-parse", "--short=7", "HEAD"))

	rep, errs := reportJSON(t, "-C", ws)
	if rep.MinGroup != 5 {
		t.Errorf("after the lowering commit the report uses min_group %d, want 5", rep.MinGroup)
	}
	for _, c := range rep.Activities[0].Cells {
		if c.N != nil && *c.N > 0 && *c.N < 5 {
			t.Errorf("cell %s with n=%d shown", c.Group, *c.N)
		}
	}
	want := "min_group was lowered from 5 to 1 by commit " + commit
	if len(rep.SettingsLowered) != 2 || !strings.HasPrefix(rep.SettingsLowered[0], want) || !strings.HasSuffix(rep.SettingsLowered[0], "this report uses 5") ||
		!strings.HasPrefix(rep.SettingsLowered[1], "notes_min_group was lowered from 10 to 3") {
		t.Errorf("settings_lowered = %q", rep.SettingsLowered)
	}
	if !strings.Contains(errs, "note: "+want) {
		t.Errorf("stderr does not say so:\n%s", errs)
	}
	skillmapIn(t, "-C", ws, "report", "-o", "floors.xlsx", "--notes")
	x, err := excelize.OpenFile(filepath.Join(ws, "floors.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	about, err := x.GetRows("About")
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	found := false
	for _, row := range about {
		text.WriteString(strings.Join(row, " | ") + "\n")
		if len(row) >= 2 && row[0] == "Setting lowered" && strings.HasPrefix(row[1], want) {
			found = true
		}
	}
	if !found {
		t.Errorf("About does not say the setting was lowered:\n%s", text.String())
	}
	if strings.Contains(text.String(), "fewer than 1 people") || !strings.Contains(text.String(), "fewer than 5 people") {
		t.Errorf("About does not use min_group 5:\n%s", text.String())
	}
	if notes, err := x.GetRows("Notes"); err == nil && len(notes) > 0 && !strings.Contains(notes[1][0], "at least 10 people") {
		t.Errorf("notes are not from groups of 10: %q", notes[1])
	}
	// --min-group cannot go below what the history held either.
	if code, _, errs := skillmapRun("-C", ws, "report", "--json", "--min-group", "4"); code != exitUsage || !strings.Contains(errs, "below the workshop's min_group 5") {
		t.Errorf("--min-group 4: exit %d\n%s", code, errs)
	}
	// validate and status warn about the value as written.
	code, _, errs := skillmapRun("-C", ws, "validate")
	if code != 0 || !strings.Contains(errs, "warning: workshop.yaml: min_group is 1; reports use 3, the least skillmap allows") {
		t.Errorf("validate: exit %d\n%s", code, errs)
	}
	if _, _, errs := skillmapRun("-C", ws, "status"); !strings.Contains(errs, "warning: workshop.yaml: min_group is 1") {
		t.Errorf("status does not warn:\n%s", errs)
	}

	// Raising it again is fine, and a report at the state before the
	// lowering is as it was.
	if err := os.WriteFile(filepath.Join(ws, "workshop.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, ws, "commit", "-q", "-a", "-m", "back to 5")
	if rep, _ := reportJSON(t, "-C", ws); rep.MinGroup != 5 || len(rep.SettingsLowered) != 2 {
		t.Errorf("after raising again: min_group %d, lowered %q", rep.MinGroup, rep.SettingsLowered)
	}
	if rep, _ := reportJSON(t, "-C", ws, "--at", "HEAD~2"); rep.MinGroup != 5 || rep.SettingsLowered != nil {
		t.Errorf("before the lowering: min_group %d, lowered %q", rep.MinGroup, rep.SettingsLowered)
	}
}

// TestLoweringBeforeSubmissionsIsTheSetting: before anyone has submitted,
// the facilitator may still lower min_group (to no less than 3).
func TestLoweringBeforeSubmissionsIsTheSetting(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	ws := filepath.Join(t.TempDir(), "ws")
	skillmapIn(t, "init", ws, "--title", "Early", "--facilitator", "Ana Ruiz <ana@example.org>", "--min-group", "7")
	data, _ := os.ReadFile(filepath.Join(ws, "workshop.yaml"))
	if err := os.WriteFile(filepath.Join(ws, "workshop.yaml"), []byte(strings.Replace(string(data), "min_group: 7", "min_group: 2", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, ws, "commit", "-q", "-a", "-m", "smaller groups, before anyone answered")
	skillmapIn(t, "-C", ws, "add", "Sam One", "--role", "senior-product-manager")
	rep, errs := reportJSON(t, "-C", ws)
	if rep.MinGroup != 3 || rep.SettingsLowered != nil {
		t.Errorf("min_group %d, lowered %q; want 3 (the floor), nothing lowered", rep.MinGroup, rep.SettingsLowered)
	}
	if !strings.Contains(errs, "warning: workshop.yaml: min_group is 2; reports use 3") {
		t.Errorf("report does not warn:\n%s", errs)
	}
}

// TestCompareKeepsSpringRoles is the attack of issue 10: Pat was the only
// head of product in spring (hidden in the spring workbook) and is a senior
// product manager in autumn. Grouping spring by autumn's roles added Pat's
// spring ratings to spring's senior product managers, and the spring
// workbook (without Pat) and the comparison (with Pat) gave them by
// subtraction. Now each state is counted in its own roles: the comparison's
// spring figures are the spring workbook's, Pat is not counted as having
// answered both times, and Pat's spring rating follows from nothing.
func TestCompareKeepsSpringRoles(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	ws := filepath.Join(t.TempDir(), "ws")
	skillmapIn(t, "init", ws, "--title", "Seasons", "--facilitator", "Ana Ruiz <ana@example.org>", "--min-group", "3")
	// Ana, the facilitator, runs the workshop: she adds everyone and
	// moves Pat, so the audit vouches for every file and role.
	gitIn(t, ws, "config", "user.name", "Ana Ruiz")
	gitIn(t, ws, "config", "user.email", "ana@example.org")
	seniors := []string{"sam-one", "sam-two", "sam-three", "sam-four"}
	leads := []string{"lee-one", "lee-two", "lee-three"}
	for _, id := range seniors {
		skillmapIn(t, "-C", ws, "add", id, "--id", id, "--role", "senior-product-manager")
	}
	for _, id := range leads {
		skillmapIn(t, "-C", ws, "add", id, "--id", id, "--role", "lead-product-manager")
	}
	skillmapIn(t, "-C", ws, "add", "Pat Head", "--id", "pat-head", "--role", "head-of-product")
	spring := map[string]int{"sam-one": 1, "sam-two": 2, "sam-three": 2, "sam-four": 1, "lee-one": 3, "lee-two": 3, "lee-three": 2, "pat-head": 4}
	for _, id := range slices.Sorted(maps.Keys(spring)) {
		rate(t, ws, id, map[string]int{firstActivity: spring[id]})
		skillmapIn(t, "-C", ws, "submit", "--as", id)
	}
	skillmapIn(t, "-C", ws, "round", "close", "spring")
	// The facilitator moves Pat; in autumn everyone rates again.
	p := filepath.Join(ws, "responses", "pat-head.yaml")
	data, _ := os.ReadFile(p)
	if err := os.WriteFile(p, []byte(strings.Replace(string(data), "role: head-of-product", "role: senior-product-manager", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, ws, "-c", "user.name=Ana Ruiz", "-c", "user.email=ana@example.org", "commit", "-q", "-a", "-m", "Pat is a senior product manager now")
	autumn := map[string]int{"sam-one": 2, "sam-two": 3, "sam-three": 2, "sam-four": 3, "lee-one": 4, "lee-two": 3, "lee-three": 3, "pat-head": 2}
	for _, id := range slices.Sorted(maps.Keys(autumn)) {
		rate(t, ws, id, map[string]int{firstActivity: autumn[id]})
		skillmapIn(t, "-C", ws, "submit", "--as", id)
	}
	skillmapIn(t, "-C", ws, "round", "close", "autumn")

	springRep, _ := reportJSON(t, "-C", ws, "--at", "spring")
	cmp, _ := reportJSON(t, "-C", ws, "--at", "autumn", "--compare", "spring")
	cell := func(rep privacyReport, group string) (n int, mean float64, ok bool) {
		for _, c := range rep.Activities[0].Cells {
			if c.Group == group && c.Mean != nil {
				return *c.N, *c.Mean, true
			}
		}
		return 0, 0, false
	}
	// Spring: Pat alone is hidden, and so is the next smallest role (the
	// three leads), to protect Pat from All: the four seniors and All show.
	if _, _, ok := cell(springRep, "head-of-product"); ok {
		t.Fatal("spring shows the head of product")
	}
	// (Figures move in steps of at least min_group people: a senior's
	// answer may wait for two more.)
	sN, sMean, ok := cell(springRep, "senior-product-manager")
	if !ok || sN < 3 {
		t.Fatalf("spring seniors: n %d, shown %v", sN, ok)
	}
	aN, aMean, ok := cell(cmp, "senior-product-manager")
	if !ok || aN < 3 {
		t.Fatalf("autumn seniors: n %d, shown %v", aN, ok)
	}
	var change *float64
	var nBoth *int
	for _, c := range cmp.Change.Activities[0].Cells {
		if c.Group == "senior-product-manager" {
			change, nBoth = c.Change, c.NBoth
		}
	}
	if change == nil || nBoth == nil {
		t.Fatal("no change shown for the seniors")
	}
	// The change is autumn's five less spring's four, as the two workbooks
	// show them; Pat did not answer as a senior in spring.
	if got, want := *change, aMean-sMean; got < want-0.006 || got > want+0.006 {
		t.Errorf("change %v, want autumn %v less spring %v", got, aMean, sMean)
	}
	if *nBoth > sN || *nBoth > aN || *nBoth < 3 {
		t.Errorf("n_both = %d, want at least 3 and at most spring's %d seniors (not Pat)", *nBoth, sN)
	}
	// The attack: spring regrouped = autumn mean - change, over one more
	// person than spring's seniors; less their spring sum, it was Pat's
	// spring rating. Now it is not.
	recovered := (aMean-*change)*float64(sN+1) - sMean*float64(sN)
	if d := recovered - float64(spring["pat-head"]); d > -0.1 && d < 0.1 {
		t.Errorf("Pat's spring rating %d follows from the reports (%.2f)", spring["pat-head"], recovered)
	}
}
