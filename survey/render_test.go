package survey

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenResponse is the response the golden file holds: a participant with
// a name that needs quoting, a few ratings and notes.
func goldenResponse() *Response {
	r := NewResponse(Participant{ID: "sinead-obrien", Name: "Sinéad O'Brien", Email: "sinead.obrien@example.org", Role: "senior-product-manager"})
	r.Ratings["develop-and-manage-product-people"] = map[string]*Answer{
		"design-and-build-product-teams": {Rating: intp(3)},
		"be-coached-and-mentored":        {Rating: intp(4), Note: `My coach says "keep going".`},
		"coach-and-mentor-other-product": {Note: "Not sure yet; ask at the workshop."},
	}
	r.Ratings["understand-your-organisation"] = map[string]*Answer{
		"understand-the-organisations-governance": {Rating: intp(0)},
	}
	return r
}

func TestRenderResponseGolden(t *testing.T) {
	w, f := testWorkshop(), embeddedFramework(t)
	got := RenderResponse(w, f, goldenResponse())
	golden := filepath.Join("testdata", "response.golden")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./survey -run Golden -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("RenderResponse differs from %s (run with -update if the change is meant):\n%s", golden, lineDiff(string(want), string(got)))
	}
	// The golden file is itself a valid response with the same answers.
	r, ps := ParseResponse(ResponsePath("sinead-obrien"), want)
	if len(ps) != 0 {
		t.Fatalf("golden file does not parse: %v", ps.Error())
	}
	if ps := r.Check(w, f); len(ps) != 0 {
		t.Errorf("golden file does not check: %v", ps.Error())
	}
	sameAnswers(t, f, goldenResponse(), r)
}

// lineDiff shows the first lines where two texts differ.
func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(wl), len(gl)) && shown < 10; i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  want " + w + "\n  got  " + g + "\n")
			shown++
		}
	}
	return b.String()
}

func TestRenderResponseLayout(t *testing.T) {
	w, f := testWorkshop(), embeddedFramework(t)
	data := RenderResponse(w, f, NewResponse(Participant{ID: "jo", Name: "Jo", Role: "product-manager"}))
	text := string(data)
	if !utf8.Valid(data) || !strings.HasSuffix(text, "\n") {
		t.Fatal("not UTF-8 text ending in a newline")
	}
	for i, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if utf8.RuneCountInString(l) > commentWidth {
			t.Errorf("line %d is %d characters: %q", i+1, utf8.RuneCountInString(l), l)
		}
		if strings.TrimRight(l, " \t") != l {
			t.Errorf("line %d has trailing white space: %q", i+1, l)
		}
	}
	// Every activity is there, with its full text in the comments above it.
	for _, s := range f.Skills {
		if !strings.Contains(text, "\n  "+s.ID+":\n") {
			t.Errorf("skill %s missing", s.ID)
		}
		for _, a := range s.Activities {
			if !strings.Contains(text, "\n    "+a.ID+":\n      rating:\n      note: \"\"\n") {
				t.Errorf("activity %s missing or not empty", a.ID)
			}
		}
	}
	comments := commentText(text)
	for _, s := range f.Skills {
		if !strings.Contains(comments, "Skill: "+s.Name) {
			t.Errorf("skill name %q not in the comments", s.Name)
		}
		for _, a := range s.Activities {
			if !strings.Contains(comments, a.Text) {
				t.Errorf("activity text %q not in the comments", a.Text)
			}
		}
	}
	for _, l := range w.Scale {
		if !strings.Contains(comments, strconv.Itoa(l.Value)+" = "+l.Label) {
			t.Errorf("scale level %d not explained", l.Value)
		}
	}
	if strings.Contains(text, "retired") {
		t.Error("a retired section with nothing in it")
	}
	if strings.Contains(text, "  email:") {
		t.Error("an email line for a participant without one")
	}
}

// commentText joins the text of all comment lines with single spaces, so
// wrapped text can be searched for.
func commentText(text string) string {
	var words []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if c, ok := strings.CutPrefix(l, "#"); ok {
			words = append(words, strings.Fields(c)...)
		}
	}
	return strings.Join(words, " ")
}

func TestRenderResponseKeepsRetiredAnswers(t *testing.T) {
	w, f := testWorkshop(), embeddedFramework(t)
	r := goldenResponse()
	r.Ratings["develop-and-manage-product-people"]["old-activity"] = &Answer{Rating: intp(2), Note: "from last year"}
	r.Ratings["develop-and-manage-product-people"]["old-blank"] = &Answer{}
	r.Ratings["Old Skill"] = map[string]*Answer{"yes": {Note: "kept"}}
	data := RenderResponse(w, f, r)
	text := string(data)
	want := "retired:\n  Old Skill:\n    \"yes\":\n      rating:\n      note: \"kept\"\n" +
		"  develop-and-manage-product-people:\n    old-activity:\n      rating: 2\n      note: \"from last year\"\n"
	if !strings.HasSuffix(text, want) {
		t.Errorf("retired section: got\n%s", text[strings.Index(text, "retired:"):])
	}
	if strings.Contains(text, "old-blank") {
		t.Error("a retired activity with no answer was written")
	}
	got, ps := ParseResponse(r.File, data)
	if len(ps) != 0 {
		t.Fatalf("ParseResponse: %v", ps.Error())
	}
	if ps := got.Check(w, f); len(ps) != 0 {
		t.Errorf("Check: %v", ps.Error())
	}
	sameAnswers(t, f, r, got)
	if got.Answer("Old Skill", "yes") != nil {
		t.Error("a retired answer was read as a rating")
	}

	// Rendered again, the retired answers are still there.
	if again := RenderResponse(w, f, got); string(again) != text {
		t.Errorf("re-rendering changed the file:\n%s", lineDiff(text, string(again)))
	}
	// After a framework upgrade that drops a skill, its answers join them.
	smaller := *f
	smaller.Skills = f.Skills[1:]
	upgraded := string(RenderResponse(w, &smaller, got))
	for _, want := range []string{
		"retired:\n  Old Skill:\n    \"yes\":\n",
		"  develop-and-manage-product-people:\n    be-coached-and-mentored:\n      rating: 4\n      note: \"My coach says \\\"keep going\\\".\"\n" +
			"    coach-and-mentor-other-product:\n      rating:\n      note: \"Not sure yet; ask at the workshop.\"\n" +
			"    design-and-build-product-teams:\n      rating: 3\n      note: \"\"\n" +
			"    old-activity:\n      rating: 2\n      note: \"from last year\"\n",
	} {
		if !strings.Contains(upgraded, want) {
			t.Errorf("after the upgrade, no %q in:\n%s", want, upgraded[strings.Index(upgraded, "retired:"):])
		}
	}
	if strings.Count(upgraded, "retired:") != 1 {
		t.Error("more than one retired section")
	}
	back, ps := ParseResponse(r.File, []byte(upgraded))
	if len(ps) != 0 {
		t.Fatalf("ParseResponse: %v", ps.Error())
	}
	if ps := back.Check(w, &smaller); len(ps) != 0 {
		t.Errorf("Check: %v", ps.Error())
	}
	if back.Answered() != 1 {
		t.Errorf("answered %d after the upgrade, want 1", back.Answered())
	}
	// A retired section is read with the same care as ratings.
	if _, ps := ParseResponse(r.File, []byte(respGood+"retired:\n  s:\n    a:\n      rating: x\n")); len(ps) != 1 || ps[0].Line != 14 {
		t.Errorf("bad retired rating: %v", ps)
	}
}

func TestRenderWithHostileFrameworkText(t *testing.T) {
	w := testWorkshop()
	w.Title = "Workshop\nschema: 2 # \u0085ratings: x\x7f"
	w.Scale[0].Meaning = "none\u2028at all"
	f := &Framework{Schema: 1, ID: "x", Title: "X\u0099", Skills: []Skill{{ID: "s", Name: "Skill\nname: x", Activities: []Activity{
		{ID: "a", Text: "Text with\nnew: lines\u0085and: NEL\u2029and \x01 control"},
	}}}}
	r := NewResponse(Participant{ID: "jo", Name: "Jo", Role: "product-manager"})
	r.Ratings["s"] = map[string]*Answer{"a": {Rating: intp(1)}}
	data := RenderResponse(w, f, r)
	got, ps := ParseResponse(r.File, data)
	if len(ps) != 0 {
		t.Fatalf("ParseResponse: %v\n%s", ps.Error(), data)
	}
	if ps := got.Check(w, f); len(ps) != 0 {
		t.Errorf("Check: %v", ps.Error())
	}
	sameAnswers(t, f, r, got)
	if !strings.Contains(string(data), "# Self-assessment for Workshop schema: 2 # ratings: x\uFFFD\n") {
		t.Errorf("title not kept on one comment line:\n%s", data)
	}
}

func TestScalar(t *testing.T) {
	tests := map[string]string{
		"Jane Doe":         "Jane Doe",
		"Sinéad O'Brien":   `Sinéad O'Brien`,
		"O'Brien":          "O'Brien",
		"jane@example.org": "jane@example.org",
		"no":               `"no"`,
		"Yes":              `"Yes"`,
		"NULL":             `"NULL"`,
		"123":              `"123"`,
		"a #b":             `"a #b"`,
		"a: b":             `"a: b"`,
		"":                 `""`,
		"x":                `"x"`,
		"Jr.":              "Jr.",
		"trailing ":        `"trailing "`,
		"<b>&":             `"<b>&"`,
		"tab\there":        `"tab\there"`,
		"nel\u0085":        `"nel\u0085"`,
		"del\x7f":          `"del\u007F"`,
	}
	for in, want := range tests {
		if got := scalar(in); got != want {
			t.Errorf("scalar(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestRenderResponsesIsRenderResponseForEach(t *testing.T) {
	w, fw := testWorkshop(), embeddedFramework(t)
	var rs []*Response
	for _, s := range Synthesize(w, fw, 100, 8) {
		rs = append(rs, s.Response)
	}
	got := RenderResponses(w, fw, rs)
	if len(got) != len(rs) {
		t.Fatalf("%d files for %d responses", len(got), len(rs))
	}
	for i, r := range rs {
		if want := RenderResponse(w, fw, r); !bytes.Equal(got[i], want) {
			t.Fatalf("file %d differs", i)
		}
	}
}
