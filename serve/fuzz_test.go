package serve

import (
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/templates"
)

// FuzzSaveAnswer: whatever a browser (or anyone) posts as a rating and a
// note, reading the post either refuses it with an error for its field,
// or gives an answer that the participant's file then holds exactly: the
// rating as posted, the note as cleanNote makes it. Nothing posted breaks
// the file or is silently changed on the way in.
func FuzzSaveAnswer(f *testing.F) {
	fwData, err := templates.Framework("product-management")
	if err != nil {
		f.Fatal(err)
	}
	fw, err := survey.ParseFramework("framework.yaml", fwData)
	if err != nil {
		f.Fatal(err)
	}
	ws := survey.NewWorkshop("PM skills", fw.ID, []survey.Person{{Name: facName, Email: facEmail}})
	p, err := survey.NewParticipant(ws, "Jane Smith", "jane@example.org", ws.Roles[0].ID, "")
	if err != nil {
		f.Fatal(err)
	}
	file := survey.ResponsePath(p.ID)
	data := survey.RenderResponse(ws, fw, survey.NewResponse(p))
	sk := &fw.Skills[0]
	v := &visit{ws: ws, fw: fw}
	for _, seed := range [][2]string{
		{"3", "led two teams"}, {"none", ""}, {"", "a note\r\nover two lines"}, {"7", "x"},
		{"2", "<script>alert(1)</script>\"'&"}, {"0", "\x00\x1b[31m\u2028\ufeff#: - ? |"},
		{"4", "  spaces  "}, {"1", "\xff\xfe invalid UTF-8"}, {"03", "rating: 4\nnote: \"x\""},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, rating, note string) {
		if len(note) > 20000 {
			return
		}
		form := url.Values{"r-" + sk.Activities[0].ID: {rating}, "n-" + sk.Activities[0].ID: {note}}
		req := httptest.NewRequest("POST", "/", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if err := req.ParseForm(); err != nil {
			t.Fatal(err)
		}
		_, edits, errs := readAnswers(req, v, sk)
		if len(errs) > 0 {
			return
		}
		out, _, err := survey.EditResponse(file, data, ws, fw, edits)
		if err != nil {
			t.Fatalf("rating %q note %q: %v", rating, note, err)
		}
		r, ps := survey.CheckResponse(file, out, ws, fw)
		if len(ps) > 0 {
			t.Fatalf("rating %q note %q: the file no longer checks: %v", rating, note, ps)
		}
		a := r.Answer(skillKey(sk), sk.Activities[0].ID)
		got, gotNote := "", ""
		if a != nil {
			gotNote = a.Note
			if a.Rating != nil {
				got = strconv.Itoa(*a.Rating)
			}
		}
		want := rating
		if want == "none" {
			want = ""
		}
		if got != want || gotNote != cleanNote(note) {
			t.Fatalf("posted %q/%q, the file holds %q/%q", rating, note, got, gotNote)
		}
	})
}
