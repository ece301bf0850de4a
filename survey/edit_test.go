package survey

import (
	"bytes"
	"strings"
	"testing"
)

// On a file as skillmap renders it, editing answers in place gives
// exactly what rendering the new answers would: nothing else moves.
func TestEditAnswersOnRenderedFileEqualsRender(t *testing.T) {
	w, f := testWorkshop(), embeddedFramework(t)
	r := goldenResponse()
	data := RenderResponse(w, f, r)
	edits := []AnswerEdit{
		{Skill: "develop-and-manage-product-people", Activity: "design-and-build-product-teams", Rating: intp(1), Note: "changed my mind"},
		{Skill: "develop-and-manage-product-people", Activity: "be-coached-and-mentored"}, // cleared
		{Skill: "understand-your-organisation", Activity: "understand-the-organisations-business", Rating: intp(4)},
		{Skill: "develop-and-manage-product-people", Activity: "coach-and-mentor-other-product", Note: "Not sure yet; ask at the workshop."}, // as it was
	}
	out, mode, err := EditAnswers(ResponsePath("sinead-obrien"), data, edits)
	if err != nil {
		t.Fatal(err)
	}
	if mode != InPlace {
		t.Errorf("mode %d, want InPlace", mode)
	}
	for _, e := range edits {
		if r.Ratings[e.Skill] == nil {
			r.Ratings[e.Skill] = map[string]*Answer{}
		}
		r.Ratings[e.Skill][e.Activity] = &Answer{Rating: e.Rating, Note: e.Note}
	}
	if want := RenderResponse(w, f, r); !bytes.Equal(out, want) {
		t.Errorf("in-place edit differs from a fresh render:\n%s", lineDiff(string(want), string(out)))
	}
	// Editing to what is there already changes nothing.
	again, mode, err := EditAnswers(ResponsePath("sinead-obrien"), out, edits)
	if err != nil || mode != Unchanged || !bytes.Equal(again, out) {
		t.Errorf("a repeated edit: mode %d, err %v, same bytes %v", mode, err, bytes.Equal(again, out))
	}
}

// A file a participant edited by hand: their comments, blank lines,
// quoting and line ends stay as they were; only the changed values move.
const handEdited = "# My self-assessment. Ask Sam about the budget line!\r\n" +
	"schema: 1\r\n" +
	"participant:\r\n" +
	"  id: jane\r\n" +
	"  name: Jane\r\n" +
	"  role: product-manager\r\n" +
	"\r\n" +
	"ratings:\r\n" +
	"  lead:   # the part I care about\r\n" +
	"    set-direction:\r\n" +
	"      rating:    3   # was 2 last year\r\n" +
	"      note: plain text, my way\r\n" +
	"\r\n" +
	"    hire:   # to do\r\n" +
	"    fire:\r\n" +
	"      note: 'single ''quoted'''\r\n" +
	"    budget:\r\n" +
	"      rating: 1\r\n" +
	"  coach:\r\n" +
	"    feedback: ~\r\n" +
	"retired:\r\n" +
	"  old:\r\n" +
	"    gone:\r\n" +
	"      rating: 2\r\n"

func TestEditAnswersKeepsHandEdits(t *testing.T) {
	edits := []AnswerEdit{
		{Skill: "lead", Activity: "set-direction", Rating: intp(4), Note: "plain text, my way"}, // rating only
		{Skill: "lead", Activity: "hire", Rating: intp(2), Note: "hired two"},                   // was empty
		{Skill: "lead", Activity: "fire", Rating: intp(0), Note: `it's "hard"`},                 // rating added, note changed
		{Skill: "lead", Activity: "budget", Rating: intp(1), Note: "new note"},                  // note added
		{Skill: "coach", Activity: "feedback", Rating: intp(3)},                                 // ~
	}
	out, mode, err := EditAnswers("responses/jane.yaml", []byte(handEdited), edits)
	if err != nil {
		t.Fatal(err)
	}
	if mode != InPlace {
		t.Fatalf("mode %d, want InPlace:\n%s", mode, out)
	}
	want := strings.NewReplacer(
		"      rating:    3   # was 2 last year", "      rating: 4   # was 2 last year",
		"    hire:   # to do\r\n", "    hire:   # to do\r\n      rating: 2\r\n      note: \"hired two\"\r\n",
		"    fire:\r\n      note: 'single ''quoted'''\r\n", "    fire:\r\n      rating: 0\r\n      note: \"it's \\\"hard\\\"\"\r\n",
		"      rating: 1\r\n  coach:", "      rating: 1\r\n      note: \"new note\"\r\n  coach:",
		"    feedback: ~\r\n", "    feedback:\r\n      rating: 3\r\n      note: \"\"\r\n",
	).Replace(handEdited)
	if string(out) != want {
		t.Errorf("got:\n%s\nwant:\n%s\n%s", out, want, lineDiff(want, string(out)))
	}
	if own := OwnComments("j", []byte(handEdited), out); len(own) != 0 {
		t.Errorf("comments lost: %v", own.Error())
	}
}

// Layouts beyond in-place edits are re-encoded: answers right, comments
// kept.
func TestEditAnswersReencodes(t *testing.T) {
	for _, tt := range []struct {
		name string
		data string
		edit AnswerEdit
	}{
		{"missing activity", handEdited, AnswerEdit{Skill: "coach", Activity: "mentor", Rating: intp(2)}},
		{"missing skill", handEdited, AnswerEdit{Skill: "deliver", Activity: "ship", Note: "soon"}},
		{"block scalar note", strings.Replace(handEdited, "note: plain text, my way", "note: |\r\n        two\r\n        lines", 1),
			AnswerEdit{Skill: "lead", Activity: "set-direction", Rating: intp(3), Note: "one line"}},
		{"flow style", "schema: 1\nparticipant: {id: j, name: J, role: r}\n# keep me\nratings: {lead: {hire: {rating: 1}}}\n",
			AnswerEdit{Skill: "lead", Activity: "hire", Rating: intp(2)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, mode, err := EditAnswers("j.yaml", []byte(tt.data), []AnswerEdit{tt.edit})
			if err != nil {
				t.Fatal(err)
			}
			if mode != Reencoded {
				t.Errorf("mode %d, want Reencoded", mode)
			}
			r, ps := ParseResponse("j.yaml", out)
			if len(ps) > 0 {
				t.Fatalf("%v\n%s", ps.Error(), out)
			}
			if !sameAnswer(r.Answer(tt.edit.Skill, tt.edit.Activity), tt.edit.Rating, tt.edit.Note) {
				t.Errorf("answer not written:\n%s", out)
			}
			for _, c := range comments([]byte(tt.data)) {
				if !bytes.Contains(out, []byte(c.text)) {
					t.Errorf("comment %q lost:\n%s", c.text, out)
				}
			}
		})
	}
}

func TestEditAnswersRefusesBrokenFile(t *testing.T) {
	if _, _, err := EditAnswers("j.yaml", []byte("schema: [\n"), nil); err == nil {
		t.Error("no error for a broken file")
	}
}

func TestOwnComments(t *testing.T) {
	w, f := testWorkshop(), embeddedFramework(t)
	rendered := RenderResponse(w, f, goldenResponse())
	mine := strings.Replace(string(rendered), "    be-coached-and-mentored:\n", "    # ask my coach\n    be-coached-and-mentored:   # soon\n", 1)
	mine = strings.Replace(mine, `note: "Not sure yet; ask at the workshop."`, `note: "Not sure # yet"  # really`, 1)
	got := OwnComments("j.yaml", []byte(mine), rendered)
	var lines []string
	for _, p := range got {
		lines = append(lines, p.String())
	}
	want := []string{"j.yaml:57: # really", "j.yaml:59: # ask my coach", "j.yaml:60: # soon"}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q\nwant %q", lines, want)
	}
}

func TestSetWorkshopFramework(t *testing.T) {
	data := "# Our workshop. Keep this comment.\nschema: 1\ntitle: PM skills\nframework: product-leadership   # chosen in March\nmin_group: 5\n" +
		"roles:\n  - id: pm\n    name: PM\nscale:\n  - value: 0\n    label: No\n  - value: 1\n    label: Yes\n"
	out, ok := SetWorkshopFramework([]byte(data), "product-management")
	if !ok {
		t.Fatal("not changed in place")
	}
	want := strings.Replace(data, "framework: product-leadership   #", "framework: product-management   #", 1)
	if string(out) != want {
		t.Errorf("got\n%s", out)
	}
	if _, ok := SetWorkshopFramework([]byte(strings.Replace(data, "framework: product-leadership", "framework: >\n  product-leadership", 1)), "x"); ok {
		t.Error("a folded scalar was edited in place")
	}
}
