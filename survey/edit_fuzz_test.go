package survey

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Whatever a participant's file looks like, if skillmap can read it, it can
// write answers into it, and reads them back.
func FuzzEditAnswers(f *testing.F) {
	golden, err := os.ReadFile(filepath.Join("testdata", "response.golden"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(golden, 3, "a note")
	f.Add([]byte(handEdited), 0, "")
	f.Add([]byte("schema: 1\nparticipant: {id: j, name: J, role: r}\nratings:\n  s:\n    a: {rating: 1, note: x}\n"), 2, "y")
	f.Add([]byte("schema: 1\nparticipant:\n  id: j\n  name: J\n  role: r\nratings:\n  s:\n    a:\n      note: >\n        folded\n      rating: 1 # c\n"), -1, "\"q\" #")
	f.Add([]byte("schema: 1\nparticipant:\n  id: j\n  name: J\n  role: r\nratings:\n  s:\n    \"a\":\n      'rating': 1\n"), 4, "\u2028")
	f.Fuzz(func(t *testing.T, data []byte, rating int, note string) {
		r, ps := ParseResponse("f.yaml", data)
		if len(ps) > 0 {
			return
		}
		var rp *int
		if rating >= 0 {
			rp = &rating
		}
		var edits []AnswerEdit
		for _, s := range sortedKeys(r.Ratings) {
			for _, a := range sortedKeys(r.Ratings[s]) {
				edits = append(edits, AnswerEdit{Skill: s, Activity: a, Rating: rp, Note: note})
			}
		}
		edits = append(edits, AnswerEdit{Skill: "new-skill", Activity: "new-activity", Rating: rp, Note: note})
		out, _, err := EditAnswers("f.yaml", data, edits)
		if err != nil {
			t.Fatalf("cannot write answers into a readable file: %v\n%s", err, data)
		}
		got, ps := ParseResponse("f.yaml", out)
		if len(ps) > 0 {
			t.Fatalf("written file does not parse: %v\n%s", ps.Error(), out)
		}
		for _, e := range edits {
			if !sameAnswer(got.Answer(e.Skill, e.Activity), e.Rating, strings.ToValidUTF8(e.Note, "\uFFFD")) {
				t.Fatalf("%s/%s not written:\n%s", e.Skill, e.Activity, out)
			}
		}
	})
}
