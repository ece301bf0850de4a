package serve

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/skillmap/skillmap/survey"
)

// TestSaveKeepsPlan: a participant's focus and plan (written with take
// --plan) stay in their file through the form's saves.
func TestSaveKeepsPlan(t *testing.T) {
	f := newFixture(t, 1)
	sk := f.fw.Skills[0]
	r := survey.NewResponse(f.people[0])
	r.Plan = &survey.Plan{Focus: []survey.ActivityRef{{Skill: sk.ID, Activity: sk.Activities[0].ID}}, Text: "Pair with a lead on discovery."}
	path := filepath.Join(f.repo.Root(), filepath.FromSlash(survey.ResponsePath(f.people[0].ID)))
	if err := os.WriteFile(path, survey.RenderResponse(f.ws, f.fw, r), 0o644); err != nil {
		t.Fatal(err)
	}
	if w := f.post(f.link(0)+"skill/1", f.answers(0, 1, 3, "note")); w.Code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", w.Code, w.Body)
	}
	got := f.committed(0)
	if got.Plan == nil || got.Plan.Text != r.Plan.Text || len(got.Plan.Focus) != 1 || got.Plan.Focus[0] != r.Plan.Focus[0] {
		t.Errorf("plan after a save: %+v", got.Plan)
	}
	if got.Answered() != len(sk.Activities) {
		t.Errorf("answered %d", got.Answered())
	}
}
