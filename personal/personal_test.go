package personal

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/skillmap/skillmap/aggregate"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/templates"
)

func builtIn(t *testing.T) (*survey.Workshop, *survey.Framework) {
	t.Helper()
	data, err := templates.Framework("product-leadership")
	if err != nil {
		t.Fatal(err)
	}
	f, err := survey.ParseFramework("framework.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	w := survey.NewWorkshop("Property", f.ID, nil)
	w.MinGroup = 3
	return w, f
}

// TestPropertyOnlyTheCommunityFiguresAndTheirOwn checks, over synthetic
// workshops of many sizes, the personal report's privacy rules: every
// group figure is the community report's cell (so hidden where it is
// hidden), and no other participant's name, id or note is anywhere in the
// JSON or the workbook.
func TestPropertyOnlyTheCommunityFiguresAndTheirOwn(t *testing.T) {
	w, f := builtIn(t)
	for seed := uint64(1); seed <= 12; seed++ {
		n := 4 + int(seed*7)%40
		people := survey.Synthesize(w, f, n, seed)
		var rs []*survey.Response
		for i, p := range people {
			// Everyone writes a note naming themselves.
			for _, s := range f.Skills {
				if a := p.Response.Answer(s.ID, s.Activities[0].ID); a != nil {
					a.Note = fmt.Sprintf("note-of-%s-%d", p.Response.Participant.ID, i)
				}
			}
			rs = append(rs, p.Response)
		}
		com := aggregate.Compute(aggregate.Input{Workshop: w, Framework: f, Responses: rs, Revision: "abc1234def"})
		subject := rs[int(seed)%len(rs)]
		// The subject's own hostile text comes back as written.
		hostile := "=HYPERLINK(\"http://x\")\x01\x1b[2J\u202e<b>&"
		subject.Ratings[f.Skills[1].ID][f.Skills[1].Activities[0].ID] = &survey.Answer{Note: hostile}
		subject.Plan = &survey.Plan{Focus: []survey.ActivityRef{{Skill: f.Skills[0].ID, Activity: f.Skills[0].Activities[0].ID}}, Text: "my plan"}
		rep, err := Compute(Input{Community: com, Workshop: w, Framework: f, Response: subject})
		if err != nil {
			t.Fatal(err)
		}
		var js, xl bytes.Buffer
		if err := rep.WriteJSON(&js); err != nil {
			t.Fatal(err)
		}
		if err := rep.WriteXLSX(&xl); err != nil {
			t.Fatal(err)
		}
		book := workbookText(t, xl.Bytes())
		text := js.String() + book
		// In the workbook as text, never a formula; the control characters
		// a cell cannot hold are U+FFFD.
		if shown := "=HYPERLINK(\"http://x\")\ufffd\ufffd[2J\u202e<b>&"; !strings.Contains(book, shown) {
			t.Fatalf("seed %d: the subject's own note is not in the workbook as %q", seed, shown)
		}
		for _, r := range rs {
			if r == subject {
				continue
			}
			p := r.Participant
			// A synthetic name may share a first or last name with the
			// subject's: look for the whole name, the id and the note.
			for _, s := range []string{p.ID, p.Name, "note-of-" + p.ID + "-"} {
				if s != subject.Participant.Name && strings.Contains(text, s) {
					t.Fatalf("seed %d: the report of %s holds %q", seed, subject.Participant.ID, s)
				}
			}
		}
		// Every group figure is the community report's cell.
		gi, ni := -1, -1
		for i, g := range com.Groups {
			if g.ID == rep.Group {
				gi = i
			}
			if g.ID == rep.NextGroup {
				ni = i
			}
		}
		for i, a := range rep.Activities {
			c := com.Activities[i].Cells[gi]
			if !sameFigure(a.GroupMean, c) {
				t.Fatalf("seed %d %s: group %+v, community %+v", seed, a.ActivityID, a.GroupMean, c)
			}
			if ni >= 0 && !sameFigure(*a.NextMean, com.Activities[i].Cells[ni]) {
				t.Fatalf("seed %d %s: next %+v, community %+v", seed, a.ActivityID, *a.NextMean, com.Activities[i].Cells[ni])
			}
			if ni < 0 && a.NextMean != nil {
				t.Fatalf("seed %d: a next level above the top", seed)
			}
		}
	}
}

func sameFigure(f Figure, c aggregate.Cell) bool {
	eq := func(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }
	eqi := func(a, b *int) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }
	return eq(f.Mean, c.Mean) && eqi(f.N, c.N) && f.Hidden == c.Hidden
}

// TestRanking works through strengths and development areas by hand:
// the expectation, where set, is the target before the next level's mean.
func TestRanking(t *testing.T) {
	i := func(v int) *int { return &v }
	fl := func(v float64) *float64 { return &v }
	acts := []Activity{
		{ActivityID: "a", Rating: i(1), NextMean: &Figure{Mean: fl(3.5)}},               // gap 2.5
		{ActivityID: "b", Rating: i(2), NextMean: &Figure{Mean: fl(4)}, Expected: i(2)}, // expectation met: gap 0
		{ActivityID: "c", Rating: i(4), NextMean: &Figure{Mean: fl(3)}},                 // margin 1
		{ActivityID: "d", Rating: i(4), NextMean: &Figure{Hidden: "small"}},             // no target
		{ActivityID: "e", Rating: i(3), Expected: i(4)},                                 // gap 1
		{ActivityID: "f", Rating: nil, NextMean: &Figure{Mean: fl(2)}},                  // not rated
		{ActivityID: "g", Rating: i(1), NextMean: &Figure{Mean: fl(1)}},                 // met, but low
	}
	s, d := rank(acts, 0, 4)
	ids := func(rs []Ranked) string {
		var out []string
		for _, r := range rs {
			g := "-"
			if r.Gap != nil {
				g = fmt.Sprint(*r.Gap)
			}
			out = append(out, r.ActivityID+":"+g+":"+r.Basis)
		}
		return strings.Join(out, " ")
	}
	if got := ids(d); got != "a:2.5:next_level e:1:expectation" {
		t.Errorf("development %s", got)
	}
	// c and d are rated 4, c with the larger margin; b (2, the middle of
	// the scale) qualifies, g (1) does not.
	if got := ids(s); got != "c:-1:next_level d:-: b:0:expectation" {
		t.Errorf("strengths %s", got)
	}
}

func workbookText(t *testing.T, data []byte) string {
	t.Helper()
	x, err := openWorkbook(data)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	var b strings.Builder
	for _, sheet := range x.GetSheetList() {
		rows, err := x.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	return b.String()
}
