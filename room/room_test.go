package room

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/skillmap/skillmap/aggregate"
	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/gittest"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/templates"
	"github.com/skillmap/skillmap/workshop"
)

var ana = survey.Person{Name: "Ana Ruiz", Email: "ana@example.org"}

// testWorkshop is a workshop made as skillmap init and add make it, Ana
// its facilitator, with synthetic participants.
type testWorkshop struct {
	dir    string
	repo   *gitstore.Repo
	ws     *survey.Workshop
	fw     *survey.Framework
	people []survey.Synthetic
}

func newTestWorkshop(t *testing.T, n int) *testWorkshop {
	t.Helper()
	dir := t.TempDir()
	fwData, err := templates.Framework("product-leadership")
	if err != nil {
		t.Fatal(err)
	}
	fw, err := survey.ParseFramework(workshop.FrameworkFile, fwData)
	if err != nil {
		t.Fatal(err)
	}
	ws := survey.NewWorkshop("Room test", fw.ID, []survey.Person{ana})
	ws.MinGroup = 3
	repo, err := gitstore.Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	sig := gitstore.Signature{Name: ana.Name, Email: ana.Email, When: time.Now()}
	if _, err := repo.Commit([]gitstore.File{{Path: workshop.WorkshopFile, Data: ws.Marshal()}, {Path: workshop.FrameworkFile, Data: fw.Marshal()}}, sig, "Start"); err != nil {
		t.Fatal(err)
	}
	w := &testWorkshop{dir: dir, repo: repo, ws: ws, fw: fw, people: survey.Synthesize(ws, fw, n, 7)}
	var rs []*survey.Response
	for _, p := range w.people {
		rs = append(rs, survey.NewResponse(p.Response.Participant))
	}
	var files []gitstore.File
	for i, data := range survey.RenderResponses(ws, fw, rs) {
		files = append(files, gitstore.File{Path: survey.ResponsePath(rs[i].Participant.ID), Data: data})
	}
	if _, err := repo.Commit(files, sig, "Add participants"); err != nil {
		t.Fatal(err)
	}
	return w
}

// submit commits participant i's answers, as them.
func (w *testWorkshop) submit(t *testing.T, i int) {
	t.Helper()
	r := w.people[i].Response
	data := survey.RenderResponses(w.ws, w.fw, []*survey.Response{r})[0]
	sig := gitstore.Signature{Name: r.Participant.Name, Email: r.Participant.Email, When: time.Now()}
	if _, err := w.repo.Commit([]gitstore.File{{Path: survey.ResponsePath(r.Participant.ID), Data: data}}, sig, "Submit"); err != nil {
		t.Fatal(err)
	}
}

func (w *testWorkshop) snapshot(t *testing.T) *workshop.Snapshot {
	t.Helper()
	s, err := workshop.Load(w.repo, "HEAD", nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestProgressCountsAndNeverRatings(t *testing.T) {
	gittest.Need(t)
	w := newTestWorkshop(t, 12)
	for i := range 7 {
		w.submit(t, i)
	}
	// A facilitator adds someone whose name has characters markup uses
	// (names may not hold < or >).
	hostile := `Zoë "Z" O'Brien & co`
	pt, err := survey.NewParticipant(w.ws, hostile, "h@example.org", w.ws.Roles[0].ID, "hostile")
	if err != nil {
		t.Fatal(err)
	}
	data := survey.RenderResponses(w.ws, w.fw, []*survey.Response{survey.NewResponse(pt)})[0]
	if _, err := w.repo.Commit([]gitstore.File{{Path: survey.ResponsePath("hostile"), Data: data}}, gitstore.Signature{Name: ana.Name, Email: ana.Email, When: time.Now()}, "Add"); err != nil {
		t.Fatal(err)
	}
	s := w.snapshot(t)
	p := NewProgress(s)
	if p.All.Participants != 13 {
		t.Fatalf("all = %+v, want 13 participants", p.All)
	}
	if got := p.All.Complete + p.All.Partial; got != 7 {
		t.Errorf("started = %d, want 7", got)
	}
	if len(p.NotStarted) != 6 {
		t.Errorf("not started = %d, want 6", len(p.NotStarted))
	}
	sum := 0
	for _, r := range p.Roles {
		sum += r.Participants
		if r.Complete+r.Partial+r.NotStarted != r.Participants {
			t.Errorf("%s: %+v does not add up", r.ID, r)
		}
	}
	if sum != 13 {
		t.Errorf("role levels hold %d participants, want 13", sum)
	}
	var buf bytes.Buffer
	if err := WriteProgress(&buf, p, Page{Title: "Progress", Refresh: 10, Stylesheet: "/room.css", Now: time.Now()}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{`<meta http-equiv="refresh" content="10">`, `<caption`, `scope="col"`, `scope="row"`, html.EscapeString(p.NotStarted[0].Name)} {
		if !strings.Contains(page, want) {
			t.Errorf("progress page lacks %q", want)
		}
	}
	// No rating, label or note of anyone's reaches this page.
	for _, l := range s.Workshop.Scale {
		if strings.Contains(page, l.Label) {
			t.Errorf("progress page shows the scale label %q: it must not show ratings", l.Label)
		}
	}
	checkNoInline(t, page)
	if !strings.Contains(page, html.EscapeString(hostile)) {
		t.Error("a participant's name is not shown as text")
	}
}

// checkNoInline fails on anything a strict Content-Security-Policy (no
// inline script or style) would block.
func checkNoInline(t *testing.T, page string) {
	t.Helper()
	for _, bad := range []string{"<script", "<style", " style=", " onclick=", " onload=", "javascript:"} {
		if strings.Contains(strings.ToLower(page), bad) {
			t.Errorf("page holds %q, which a strict Content-Security-Policy blocks", bad)
		}
	}
}

func TestHeatmapShowsOnlyReportFigures(t *testing.T) {
	gittest.Need(t)
	w := newTestWorkshop(t, 24)
	for i := range 20 {
		w.submit(t, i)
	}
	s := w.snapshot(t)
	// A min_group that hides some role levels' figures and not others'.
	f, err := workshop.ReportFigures(w.repo, s, workshop.FiguresOptions{MinGroup: 4})
	if err != nil {
		t.Fatal(err)
	}
	h := NewHeatmap(f.Report, s.Workshop, s.Framework)
	cells := (len(f.Report.Skills) + len(f.Report.Activities)) * len(f.Report.Groups)
	if h.Shown == 0 || h.Shown == cells {
		t.Fatalf("%d of %d figures shown: the test needs some shown and some hidden", h.Shown, cells)
	}
	// Every cell is as the report has it: shown with its mean, or hidden.
	ai := 0
	for si, sk := range h.Skills {
		checkRow(t, sk.Row, f.Report.Skills[si])
		for _, a := range sk.Activities {
			checkRow(t, a, f.Report.Activities[ai])
			ai++
		}
	}
	if ai != len(f.Report.Activities) {
		t.Fatalf("heatmap has %d activities, report %d", ai, len(f.Report.Activities))
	}
	if len(h.Spread) == 0 || len(h.Steps) == 0 {
		t.Errorf("talk about is empty: spread %d, steps %d", len(h.Spread), len(h.Steps))
	}
	// The talk lists come from shown figures only: everyone's for the
	// spread, both role levels' for a step.
	shownFor := func(activity, group string) bool {
		for _, row := range f.Report.Activities {
			if row.Activity != activity {
				continue
			}
			for _, c := range row.Cells {
				if c.Group == group {
					return c.Mean != nil
				}
			}
		}
		return false
	}
	for _, sp := range h.Spread {
		if !shownFor(sp.Activity, survey.AllGroup) {
			t.Errorf("spread lists %q, whose figures for everyone are hidden", sp.Activity)
		}
	}
	for _, st := range f.Report.Steps {
		for _, d := range st.Activities {
			if !shownFor(d.Activity, st.From) || !shownFor(d.Activity, st.To) {
				t.Errorf("step %s to %s lists %q, hidden for one of them", st.From, st.To, d.Activity)
			}
		}
	}
	var buf bytes.Buffer
	if err := WriteHeatmap(&buf, h, Page{Title: "Room", Refresh: 15, Stylesheet: "/room.css", Now: time.Now()}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	checkNoInline(t, page)
	// One figure per shown cell, each with its number: count the cells
	// (the skills' rows are in the table of skills too).
	want := h.Shown
	for _, sk := range h.Skills {
		for _, c := range sk.Row.Cells {
			if c.Shown {
				want++
			}
		}
	}
	shown := len(regexp.MustCompile(`<td class="sm-num sm-cell[^"]* h\d">`).FindAllString(page, -1))
	if shown != want {
		t.Errorf("page shows %d figures, want %d", shown, want)
	}
}

func checkRow(t *testing.T, r Row, rep aggregate.Row) {
	t.Helper()
	for gi, c := range r.Cells {
		rc := rep.Cells[gi]
		if c.Shown != (rc.Mean != nil) {
			t.Errorf("%s, %s: shown %v, report mean %v", r.Text, rc.Group, c.Shown, rc.Mean)
		}
		if c.Shown && (c.N != *rc.N || c.Mean != one(*rc.Mean)) {
			t.Errorf("%s, %s: %s of %d, report %v of %d", r.Text, rc.Group, c.Mean, c.N, *rc.Mean, *rc.N)
		}
	}
}

func TestHeatmapLeavesOutUnverifiedFiles(t *testing.T) {
	gittest.Need(t)
	w := newTestWorkshop(t, 6)
	for i := range 6 {
		w.submit(t, i)
	}
	// Someone adds a made-up participant: no facilitator added the file.
	fake := survey.Synthesize(w.ws, w.fw, 1, 99)[0].Response
	fake.Participant.ID, fake.Participant.Name = "made-up", "Made Up"
	data := survey.RenderResponses(w.ws, w.fw, []*survey.Response{fake})[0]
	if _, err := w.repo.Commit([]gitstore.File{{Path: survey.ResponsePath("made-up"), Data: data}}, gitstore.Signature{Name: "Made Up", Email: "made-up@example.org", When: time.Now()}, "Add me"); err != nil {
		t.Fatal(err)
	}
	s := w.snapshot(t)
	f, err := workshop.ReportFigures(w.repo, s, workshop.FiguresOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Unverified) != 1 || f.Report.Participants != 6 {
		t.Fatalf("unverified %v, participants %d; want the made-up file left out of 7", f.Unverified, f.Report.Participants)
	}
	h := NewHeatmap(f.Report, s.Workshop, s.Framework)
	if h.LeftOut != 1 {
		t.Errorf("LeftOut = %d, want 1", h.LeftOut)
	}
	var buf bytes.Buffer
	if err := WriteHeatmap(&buf, h, Page{Title: "Room", Now: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "made-up") {
		t.Error("the room view names a participant's file")
	}
}
