package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/workshop"
)

// TestSpreadsheetInjection writes names and notes that a spreadsheet would
// run as formulas, reports them with --notes and --individuals, and reads
// the workbook back: each is a string, and no cell holds a formula.
func TestSpreadsheetInjection(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	skillmapIn(t, "init", ws, "--title", "Injection", "--facilitator", "Ana Ruiz <ana@example.org>", "--min-group", "3")
	// Ana, the facilitator, runs it: her adds are a facilitator's.
	gitIn(t, ws, "config", "user.name", "Ana Ruiz")
	gitIn(t, ws, "config", "user.email", "ana@example.org")
	// Show notes from groups as small as skillmap allows (the four here).
	wsData, _ := os.ReadFile(filepath.Join(ws, "workshop.yaml"))
	fwData, _ := os.ReadFile(filepath.Join(ws, "framework.yaml"))
	w, _, err := workshop.ParseSettings(wsData, fwData)
	if err != nil {
		t.Fatal(err)
	}
	w.NotesMinGroup = survey.MinGroupFloor
	if err := os.WriteFile(filepath.Join(ws, "workshop.yaml"), w.Marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, ws, "commit", "-q", "-a", "-m", "notes from any group")

	hostile := []string{`=HYPERLINK("http://evil.example","click")`, "+1 Plus", "-2 Minus", "@SUM(A1:A9)"}
	csv := "name,email,role,id\n"
	for i, h := range hostile {
		csv += `"` + strings.ReplaceAll(h, `"`, `""`) + `",p` + string(rune('1'+i)) + "@example.org,senior-product-manager,p" + string(rune('1'+i)) + "\n"
	}
	if err := os.WriteFile(filepath.Join(dir, "people.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	skillmapIn(t, "-C", ws, "add", "--from", "../people.csv")
	notes := []string{`=HYPERLINK("http://evil.example","note")`, "+1", "-2", "@SUM(A1)", "\t=1+1", "\r=cmd"}
	for i := range hostile {
		id := "p" + string(rune('1'+i))
		rate(t, ws, id, map[string]int{"develop-and-manage-product-people/design-and-build-product-teams": 2})
		// and a note, through the same file
		p := filepath.Join(ws, "responses", id+".yaml")
		data, _ := os.ReadFile(p)
		note := notes[i]
		if i == 0 {
			note = notes[4] + notes[5] // several kinds in one
		}
		data = []byte(strings.Replace(string(data), "      rating: 2\n      note: \"\"", "      rating: 2\n      note: "+quoteYAML(note), 1))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		skillmapIn(t, "-C", ws, "submit", "--as", id)
	}
	skillmapIn(t, "-C", ws, "report", "--notes", "--individuals", "-o", "report.xlsx")
	x, err := excelize.OpenFile(filepath.Join(ws, "report.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	found := map[string]bool{}
	for _, sheet := range x.GetSheetList() {
		rows, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if f, _ := x.GetCellFormula(sheet, cell); f != "" {
					t.Errorf("%s!%s holds a formula: %q", sheet, cell, f)
				}
				if v == "" || !strings.ContainsAny(v[:1], "=+-@\t\r") {
					continue
				}
				typ, _ := x.GetCellType(sheet, cell)
				if typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
					t.Errorf("%s!%s = %q is stored as %v, not as text", sheet, cell, v, typ)
				}
				found[v] = true
			}
		}
	}
	for _, h := range hostile {
		if !found[h] {
			t.Errorf("name %q is not in the workbook as text", h)
		}
	}
	for _, n := range []string{notes[1], notes[2], notes[3], notes[4] + notes[5]} {
		if !found[n] {
			t.Errorf("note %q is not in the workbook as text", n)
		}
	}
}

// quoteYAML writes s as a YAML double-quoted scalar.
func quoteYAML(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\t", `\t`, "\r", `\r`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}
