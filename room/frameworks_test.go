package room

import (
	"testing"
	"time"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/gittest"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/templates"
	"github.com/skillmap/skillmap/workshop"
)

// TestSeveralFrameworks: in a workshop of two frameworks, where the first
// role level is not asked the second, someone of that level who rated
// every activity of the first is all done; and the room view has a row
// for every skill and activity of both, under the right skill.
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
	ws := survey.NewWorkshop("Both", fws[0].ID, []survey.Person{ana})
	ws.AddFramework(fws[1].ID)
	first := ws.Roles[0].ID
	ws.Frameworks[1].NotAsked = []string{first}
	combined := survey.Combine(fws...)
	repo, err := gitstore.Init(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	files := []gitstore.File{{Path: workshop.WorkshopFile, Data: ws.Marshal()}}
	for i, fw := range fws {
		files = append(files, gitstore.File{Path: workshop.FrameworkPath(ws, fw.ID), Data: data[i]})
	}
	p, err := survey.NewParticipant(ws, "Jo Bloggs", "jo@example.org", first, "")
	if err != nil {
		t.Fatal(err)
	}
	r := survey.NewResponse(p)
	// Every activity of the first framework rated, none of the second.
	for _, sk := range combined.Skills {
		if sk.Framework != fws[0].ID {
			continue
		}
		acts := map[string]*survey.Answer{}
		for _, a := range sk.Activities {
			v := ws.Scale[1].Value
			acts[a.ID] = &survey.Answer{Rating: &v}
		}
		r.Ratings[sk.Key()] = acts
	}
	files = append(files, gitstore.File{Path: survey.ResponsePath(p.ID), Data: survey.RenderResponse(ws, combined, r)})
	if _, err := repo.Commit(files, gitstore.Signature{Name: ana.Name, Email: ana.Email, When: time.Now()}, "Start"); err != nil {
		t.Fatal(err)
	}
	s, err := workshop.Load(repo, "HEAD", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Checked.Valid) != 1 {
		t.Fatalf("the response is not valid: %v", s.Checked.Skipped)
	}
	pr := NewProgress(s)
	if pr.All.Complete != 1 || pr.Roles[0].Complete != 1 {
		t.Errorf("progress %+v: someone who rated all they are asked is not all done", pr.All)
	}
	f, err := workshop.ReportFigures(repo, s, workshop.FiguresOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h := NewHeatmap(f.Report, s.Workshop, s.Framework)
	if len(h.Skills) != len(combined.Skills) {
		t.Fatalf("%d skills in the room view, want %d", len(h.Skills), len(combined.Skills))
	}
	for i, sk := range combined.Skills {
		if h.Skills[i].Row.Text != sk.Name || len(h.Skills[i].Activities) != len(sk.Activities) {
			t.Errorf("skill %d: %q with %d activities, want %q with %d", i, h.Skills[i].Row.Text, len(h.Skills[i].Activities), sk.Name, len(sk.Activities))
		}
	}
}
