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
	if several, err := os.ReadFile(filepath.Join("testdata", "response-several.golden")); err == nil {
		f.Add(several, 2, "both")
	}
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
		newKey := "new-skill"
		if r.prefixed {
			newKey = "new-framework/new-skill"
		}
		edits = append(edits, AnswerEdit{Skill: newKey, Activity: "new-activity", Rating: rp, Note: note})
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

// In a workshop of several frameworks, EditResponse writes an answer to
// any activity into a readable file of either layout, and every other
// answer, retired ones included, reads back as it was.
func FuzzEditResponse(f *testing.F) {
	several, err := os.ReadFile(filepath.Join("testdata", "response-several.golden"))
	if err != nil {
		f.Fatal(err)
	}
	golden, err := os.ReadFile(filepath.Join("testdata", "response.golden"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(several, 0, 3, "a note")
	f.Add(several, 60, -1, "")
	f.Add(golden, 1, 2, "x")
	f.Add(golden, 70, 4, "\"q\"")
	w, fw := severalWorkshop(f)
	var keys [][2]string
	for _, s := range fw.Skills {
		for _, a := range s.Activities {
			keys = append(keys, [2]string{s.Key(), a.ID})
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, which, rating int, note string) {
		before, ps := ParseForRewrite("f.yaml", data)
		if len(ps) > 0 {
			return
		}
		k := keys[(which%len(keys)+len(keys))%len(keys)]
		var rp *int
		if rating >= 0 {
			rp = &rating
		}
		out, _, err := EditResponse("f.yaml", data, w, fw, []AnswerEdit{{Skill: k[0], Activity: k[1], Rating: rp, Note: note}})
		if err != nil {
			t.Fatalf("cannot write an answer into a readable file: %v\n%s", err, data)
		}
		after, ps := ParseForRewrite("f.yaml", out)
		if len(ps) > 0 {
			t.Fatalf("written file does not parse: %v\n%s", ps.Error(), out)
		}
		b, a := before.KeyedFor(fw), after.KeyedFor(fw)
		if !sameAnswer(a.Answer(k[0], k[1]), rp, strings.ToValidUTF8(note, "\uFFFD")) {
			t.Fatalf("%s/%s not written:\n%s", k[0], k[1], out)
		}
		for s, acts := range b.Ratings {
			for act, ans := range acts {
				if s == k[0] && act == k[1] || ans.Rating == nil && ans.Note == "" {
					continue
				}
				if !sameAnswer(a.Answer(s, act), ans.Rating, ans.Note) {
					t.Fatalf("%s/%s changed:\n%s\n---\n%s", s, act, data, out)
				}
			}
		}
	})
}
