package main

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/skillmap/skillmap/aggregate"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// revisionLine matches the lines of the JSON that name commits: their
// hashes change whenever any file the demo writes changes (the README
// template, say), while the figures must not.
var revisionLine = regexp.MustCompile(`(?m)^\s*"revision": "[0-9a-f]{40}",?\n`)

// TestDemoFiguresGolden pins the figures of a fixed demo seed: the JSON of
// a report comparing its two rounds, and every CSV table.
func TestDemoFiguresGolden(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	ws := filepath.Join(dir, "demo")
	skillmapIn(t, "demo", ws, "--participants", "30", "--seed", "7")
	out := skillmapIn(t, "-C", ws, "report", "--json", "--at", "autumn-2026", "--compare", "spring-2026", "--csv", "tables")
	golden(t, "demo-report.json", revisionLine.ReplaceAllString(out, ""))
	for _, name := range []string{"skills.csv", "activities.csv", "distribution.csv", "priorities.csv", "change.csv", "trend.csv"} {
		data, err := os.ReadFile(filepath.Join(ws, "tables", name))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "demo-"+name, string(data))
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/skillmap -run Golden -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file; if the change is intended, run go test ./cmd/skillmap -run Golden -update and review the diff", path)
	}
}

// TestDemoWorkbookAudited checks that the demo's own workbook names the
// rounds it compares and has its (small) history audited, as a later
// report of the same workshop does.
func TestDemoWorkbookAudited(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	ws := filepath.Join(t.TempDir(), "demo")
	skillmapIn(t, "demo", ws, "--participants", "12", "--seed", "3")
	f, err := excelize.OpenFile(filepath.Join(ws, "report.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(aggregate.SheetAbout)
	if err != nil {
		t.Fatal(err)
	}
	var about strings.Builder
	for _, r := range rows {
		about.WriteString(strings.Join(r, " | ") + "\n")
	}
	text := about.String()
	for _, want := range []string{"round autumn-2026, revision", "round spring-2026, revision", "none: every response was changed only by its participant or a facilitator",
		// Figures move in steps (issue 10): About says how many answers
		// wait, why, and what All is.
		"Answers waiting | 12 people's newer answers are not in these figures yet: figures move in steps of at least 5 people, so no two reports can be subtracted to give one person's answers",
		"All | Everyone in the role levels shown"} {
		if !strings.Contains(text, want) {
			t.Errorf("About lacks %q:\n%s", want, text)
		}
	}
	for _, not := range []string{"not audited", "at HEAD"} {
		if strings.Contains(text, not) {
			t.Errorf("About says %q:\n%s", not, text)
		}
	}
}
