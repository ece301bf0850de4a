package serve

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/gittest"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/templates"
	"github.com/skillmap/skillmap/workshop"
)

// TestSeveralFrameworks: in a workshop of two frameworks, a participant
// gets a page per skill of each framework their role level is asked, and
// a save is committed under the framework's section of their file, in the
// layout of several (schema 2).
func TestSeveralFrameworks(t *testing.T) {
	gittest.Need(t)
	var fws []*survey.Framework
	var data [][]byte
	for _, id := range []string{"product-management", "product-leadership"} {
		d, err := templates.Framework(id)
		if err != nil {
			t.Fatal(err)
		}
		fw, err := survey.ParseFramework(id+".yaml", d)
		if err != nil {
			t.Fatal(err)
		}
		fws, data = append(fws, fw), append(data, d)
	}
	ws := survey.NewWorkshop("Both", fws[0].ID, []survey.Person{{Name: facName, Email: facEmail}})
	ws.AddFramework(fws[1].ID)
	// The first role level is not asked the second framework.
	first := ws.Roles[0].ID
	ws.Frameworks[1].NotAsked = []string{first}
	combined := survey.Combine(fws...)
	dir := t.TempDir()
	repo, err := gitstore.Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := []gitstore.File{{Path: workshop.WorkshopFile, Data: ws.Marshal()}}
	for i, fw := range fws {
		files = append(files, gitstore.File{Path: workshop.FrameworkPath(ws, fw.ID), Data: data[i]})
	}
	var people []survey.Participant
	for i, role := range []string{first, ws.Roles[len(ws.Roles)-1].ID} {
		p, err := survey.NewParticipant(ws, fmt.Sprintf("Person %d", i), fmt.Sprintf("p%d@example.org", i), role, "")
		if err != nil {
			t.Fatal(err)
		}
		people = append(people, p)
		files = append(files, gitstore.File{Path: survey.ResponsePath(p.ID), Data: survey.RenderResponse(ws, combined, survey.NewResponse(p))})
	}
	if _, err := repo.Commit(files, gitstore.Signature{Name: facName, Email: facEmail}, "Start"); err != nil {
		t.Fatal(err)
	}
	setUser(t, dir, facName, facEmail)
	srv, err := New(repo, Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, repo: repo, ws: ws, fw: combined, people: people, srv: srv, h: srv.Handler()}

	// The first role level: the first framework's skills only.
	n0, n1 := len(fws[0].Skills), len(combined.Skills)
	if page := f.get(f.link(0)).Body.String(); !strings.Contains(page, fmt.Sprintf("%d skills", n0)) {
		t.Errorf("role %s: start page does not say %d skills", first, n0)
	}
	if w := f.get(fmt.Sprintf("%sskill/%d", f.link(0), n0+1)); w.Code != http.StatusNotFound {
		t.Errorf("role %s: a skill of a framework not asked: %d", first, w.Code)
	}
	// The last: both frameworks; a skill of the second is saved in its
	// section.
	if page := f.get(f.link(1)).Body.String(); !strings.Contains(page, fmt.Sprintf("%d skills", n1)) {
		t.Errorf("start page does not say %d skills", n1)
	}
	last := combined.Skills[n1-1]
	if w := f.post(fmt.Sprintf("%sskill/%d", f.link(1), n1), f.answers(1, n1, 2, "second framework")); w.Code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", w.Code, w.Body)
	}
	r := f.committed(1).KeyedFor(combined)
	if r.Schema != 2 {
		t.Errorf("schema %d, want 2", r.Schema)
	}
	for _, a := range last.Activities {
		if ans := r.Answer(last.Key(), a.ID); ans == nil || ans.Rating == nil || *ans.Rating != 2 || ans.Note != "second framework" {
			t.Fatalf("%s/%s: %+v", last.Key(), a.ID, ans)
		}
	}
	page := f.get(fmt.Sprintf("%sskill/%d", f.link(1), n1)).Body.String()
	if strings.Count(page, `" checked`) != len(last.Activities) {
		t.Error("the saved answers are not shown again")
	}
	if !strings.Contains(page, fmt.Sprintf("Skill %d of %d · %s", n1, n1, fws[1].Title)) {
		t.Error("the page does not say which framework the skill is of")
	}
	gittest.Fsck(t, dir)
	if st := gittest.Git(t, dir, "status", "--porcelain"); st != "" {
		t.Errorf("git status:\n%s", st)
	}
}
