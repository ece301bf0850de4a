package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillmap/skillmap/survey"
)

// A framework of 30,000 activities, or settings of 4,000 roles, committed
// by anyone who can push, are refused by validate and report at once, with
// the file and the limit named, rather than checked for a minute or failing
// in the workbook.
func TestLimitsRefusedByValidateAndReport(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	ws := filepath.Join(t.TempDir(), "ws")
	skillmapIn(t, "init", ws, "--title", "Limits", "--facilitator", "Ana Ruiz <ana@example.org>")
	for i := range 20 {
		skillmapIn(t, "-C", ws, "add", fmt.Sprintf("Person %c", 'A'+i), "--role", "product-manager")
	}
	settings, err := os.ReadFile(filepath.Join(ws, workshopFile))
	if err != nil {
		t.Fatal(err)
	}

	var fw strings.Builder
	fw.WriteString("schema: 1\nid: product-leadership\ntitle: Huge\nskills:\n  - id: everything\n    name: Everything\n    activities:\n")
	for i := range 30000 {
		fmt.Fprintf(&fw, "      - {id: a%d, text: x}\n", i)
	}
	var roles strings.Builder
	for i := range 4000 {
		fmt.Fprintf(&roles, "  - {id: role-%d, name: Role %d}\n", i, i)
	}
	huge := strings.Replace(string(settings), "roles:\n", "roles:\n"+roles.String(), 1)

	for _, c := range []struct {
		file, data, want string
	}{
		{frameworkFile, fw.String(), fmt.Sprintf("framework.yaml: the framework has 30000 activities; the limit is %d\n", survey.MaxActivities)},
		{workshopFile, huge, fmt.Sprintf("workshop.yaml: the workshop has 4005 roles; the limit is %d\n", survey.MaxRoles)},
	} {
		if err := os.WriteFile(filepath.Join(ws, c.file), []byte(c.data), 0o644); err != nil {
			t.Fatal(err)
		}
		gitIn(t, ws, "commit", "-q", "-a", "-m", "Grow "+c.file)
		for _, args := range [][]string{{"validate"}, {"report", "-o", "r.xlsx"}} {
			r := sm(append([]string{"-C", ws}, args...)...)
			if r.code != exitFailed || !strings.HasPrefix(r.err, "skillmap: ") || !strings.HasSuffix(r.err, c.want) || strings.Count(r.err, "\n") != 1 {
				t.Errorf("%s with a huge %s: exit %d, stderr %q; want exit 1, one line ending %q", args[0], c.file, r.code, r.err, c.want)
			}
		}
		gitIn(t, ws, "reset", "-q", "--hard", "HEAD~1")
	}
}
