package survey

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// planBlock is a plan as a participant writes it by hand under the golden
// file's ratings.
const planBlock = `
# my plan
plan:
  focus:
    - develop-and-manage-product-people/coach-and-mentor-other-product
    - develop-and-manage-product-people/be-coached-and-mentored # with Sam
  text: "Shadow two roadmap reviews.\nAsk for a mentor."
  line_manager: Sam Jones
`

func goldenWithPlan(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "response.golden"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data) + planBlock
}

func TestPlanParsesOnBothPaths(t *testing.T) {
	w, fw := testWorkshop(), embeddedFramework(t)
	data := []byte(goldenWithPlan(t))
	fast := parseFast("responses/sinead-obrien.yaml", data, true)
	if fast == nil {
		t.Fatal("the fast parser refused a plan written as skillmap writes it")
	}
	compareWithYAML(t, w, fw, data, fast)
	r, ps := CheckResponse("responses/sinead-obrien.yaml", data, w, fw)
	if len(ps) != 0 {
		t.Fatal(ps)
	}
	want := &Plan{
		Focus: []ActivityRef{
			{Skill: "develop-and-manage-product-people", Activity: "coach-and-mentor-other-product"},
			{Skill: "develop-and-manage-product-people", Activity: "be-coached-and-mentored"},
		},
		Text:        "Shadow two roadmap reviews.\nAsk for a mentor.",
		LineManager: "Sam Jones",
	}
	if !r.Plan.Equal(want) {
		t.Errorf("plan %+v, want %+v", r.Plan, want)
	}
	// Rendered again, it is kept, and reads back the same.
	out := RenderResponse(w, fw, r)
	back, ps := ParseResponse(r.File, out)
	if len(ps) != 0 || !back.Plan.Equal(want) {
		t.Fatalf("rendered plan reads back as %+v, %v\n%s", back.Plan, ps, out)
	}
	if fast := parseFast(r.File, out, true); fast == nil {
		t.Error("the fast parser refused the plan RenderResponse writes")
	}
	// A file without a plan renders without one.
	r.Plan = nil
	if bytes.Contains(RenderResponse(w, fw, r), []byte("plan:")) {
		t.Error("a file with no plan got a plan section")
	}
}

func TestPlanProblems(t *testing.T) {
	w, fw := testWorkshop(), embeddedFramework(t)
	golden := goldenWithPlan(t)
	base := strings.Count(golden, "\n") - strings.Count(planBlock, "\n") // lines before the plan
	line := func(n int) int { return base + n }                          // n: line within planBlock
	for _, c := range []struct {
		name, old, new string
		pseudo         bool
		line           int
		msg            string
	}{
		{"unknown activity", "be-coached-and-mentored #", "be-coached #", false, line(6), `plan focus "develop-and-manage-product-people/be-coached" is not an activity`},
		{"twice", "be-coached-and-mentored #", "coach-and-mentor-other-product #", false, line(6), "is listed twice"},
		{"not a ref", "    - develop-and-manage-product-people/be-coached-and-mentored # with Sam", "    - just-one-id", false, line(6), "should be skill-id/activity-id"},
		{"not a list", "  focus:\n    - develop-and-manage-product-people/coach-and-mentor-other-product\n    - develop-and-manage-product-people/be-coached-and-mentored # with Sam", "  focus: x", false, line(4), "should be a list"},
		{"unknown key", "  line_manager:", "  manager:", false, line(8), `unknown field "manager" in plan`},
		{"long text", `"Shadow two roadmap reviews.\nAsk for a mentor."`, strings.Repeat("x", MaxPlanText+1), false, line(7), "the limit is 2000"},
		{"bad name", "Sam Jones", `"Sam <sam@x>"`, false, line(8), "plan line_manager"},
		{"pseudonymous", "", "", true, line(8), "pseudonymous: leave line_manager out"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ws := *w
			ws.Pseudonymous = c.pseudo
			data := []byte(strings.Replace(golden, c.old, c.new, 1))
			_, ps := CheckResponse("responses/sinead-obrien.yaml", data, &ws, fw)
			if len(ps) != 1 || ps[0].Line != c.line || !strings.Contains(ps[0].Msg, c.msg) {
				t.Fatalf("problems %v; want one on line %d saying %q", ps, c.line, c.msg)
			}
		})
	}
	// Too many focus activities.
	var b strings.Builder
	b.WriteString("plan:\n  focus:\n")
	n := 0
	for _, s := range fw.Skills {
		for _, a := range s.Activities {
			if n++; n <= MaxFocus+1 {
				b.WriteString("    - " + s.ID + "/" + a.ID + "\n")
			}
		}
	}
	data := []byte(strings.TrimSuffix(golden, planBlock) + b.String())
	if _, ps := CheckResponse("responses/sinead-obrien.yaml", data, w, fw); len(ps) != 1 || !strings.Contains(ps[0].Msg, "focus activities; the limit is 10") {
		t.Errorf("problems %v", ps)
	}
}

func TestEditPlan(t *testing.T) {
	w, fw := testWorkshop(), embeddedFramework(t)
	data, err := os.ReadFile(filepath.Join("testdata", "response.golden"))
	if err != nil {
		t.Fatal(err)
	}
	file := "responses/sinead-obrien.yaml"
	pl := &Plan{Focus: []ActivityRef{{Skill: "develop-and-manage-product-people", Activity: "be-coached-and-mentored"}}, Text: "Find a mentor", LineManager: "Sam Jones"}
	for _, crlf := range []bool{false, true} {
		in := data
		if crlf {
			in = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
		}
		// Added to a file that has none: every line before it stays.
		out, mode, err := EditPlan(file, w, in, pl)
		if err != nil || mode != InPlace {
			t.Fatal(mode, err)
		}
		if !bytes.HasPrefix(out, in) {
			t.Errorf("crlf %v: the file before the plan changed", crlf)
		}
		if crlf && bytes.Count(out, []byte("\n")) != bytes.Count(out, []byte("\r\n")) {
			t.Error("CRLF file got LF lines")
		}
		r, ps := CheckResponse(file, out, w, fw)
		if len(ps) != 0 || !r.Plan.Equal(pl) {
			t.Fatalf("plan %+v, %v", r.Plan, ps)
		}
		// Replaced: a comment of the participant's above it stays.
		out = bytes.Replace(out, []byte("plan:"), []byte("# mine\nplan:"), 1)
		pl2 := &Plan{Text: "Two\nlines"}
		again, _, err := EditPlan(file, w, out, pl2)
		if err != nil {
			t.Fatal(err)
		}
		if r, _ := ParseResponse(file, again); !r.Plan.Equal(pl2) || !bytes.Contains(again, []byte("# mine")) {
			t.Errorf("replaced plan %+v\n%s", r.Plan, again)
		}
		// Unchanged when it is the same.
		if same, mode, err := EditPlan(file, w, again, pl2); err != nil || mode != Unchanged || !bytes.Equal(same, again) {
			t.Errorf("same plan: %v %v", mode, err)
		}
	}
	// Before a retired section, which is kept.
	withRetired := append(bytes.Clone(data), "# Answers to activities that are no longer in the framework, kept for the record.\nretired:\n  old:\n    gone:\n      rating: 2\n      note: \"\"\n"...)
	out, _, err := EditPlan(file, w, withRetired, pl)
	if err != nil {
		t.Fatal(err)
	}
	if i, j := bytes.Index(out, []byte("\nplan:")), bytes.Index(out, []byte("\nretired:")); i < 0 || j < i {
		t.Errorf("plan not before retired:\n%s", out)
	}
	if ret, _ := ReadRetired(file, out); ret["old"]["gone"] == nil {
		t.Error("retired answer lost")
	}
}

func TestPlanKeptThroughEditsUpgradesAndCache(t *testing.T) {
	w, fw := testWorkshop(), embeddedFramework(t)
	data := []byte(goldenWithPlan(t))
	file := "responses/sinead-obrien.yaml"
	r, _ := ParseResponse(file, data)
	// An answer edited in place, and one re-encoded, keep the plan.
	out, _, err := EditAnswers(file, data, []AnswerEdit{{Skill: "develop-and-manage-product-people", Activity: "be-coached-and-mentored", Rating: intp(2)}})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := ParseResponse(file, out); !got.Plan.Equal(r.Plan) {
		t.Error("EditAnswers lost the plan")
	}
	// Upgrading keeps it, following a renamed activity and dropping one
	// that is gone.
	nf := *fw
	nf.Skills = append([]Skill(nil), fw.Skills...)
	s0 := nf.Skills[0]
	s0.Activities = append([]Activity(nil), s0.Activities...)
	var acts []Activity
	for _, a := range s0.Activities {
		switch a.ID {
		case "be-coached-and-mentored":
			continue // removed
		case "coach-and-mentor-other-product":
			a.ID = "coach-others"
		}
		acts = append(acts, a)
	}
	s0.Activities = acts
	nf.Skills[0] = s0
	c, err := CompareFrameworks(fw, &nf, map[string]string{"coach-and-mentor-other-product": "coach-others"})
	if err != nil {
		t.Fatal(err)
	}
	up, m := UpgradeResponse(r, nil, c, fw, &nf)
	if m.FocusDropped != 1 || len(up.Plan.Focus) != 1 || up.Plan.Focus[0].Activity != "coach-others" || up.Plan.Text != r.Plan.Text {
		t.Errorf("upgraded plan %+v, dropped %d", up.Plan, m.FocusDropped)
	}
	if _, ps := CheckResponse(file, RenderResponse(w, &nf, up), w, &nf); len(ps) != 0 {
		t.Error(ps)
	}
	// The parse cache keeps it, lines included.
	cache := NewParseCache()
	cache.Put(ParseKey{File: file}, r)
	var buf bytes.Buffer
	if err := cache.WriteTo(&buf, []byte("b")); err != nil {
		t.Fatal(err)
	}
	got := ReadParseCache(&buf, []byte("b")).Get(ParseKey{File: file})
	if !reflect.DeepEqual(got, r) {
		t.Errorf("cache gave\n%#v\nwant\n%#v", got.Plan, r.Plan)
	}
}

// Whatever a participant's file looks like, if skillmap can read it, it can
// write a plan into it, and reads it back with every answer as it was
// (EditPlan checks that itself, and says so with an error).
func FuzzEditPlan(f *testing.F) {
	golden, err := os.ReadFile(filepath.Join("testdata", "response.golden"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(golden, "a plan", "Sam Jones", true)
	f.Add([]byte(string(golden)+planBlock), "", "", false)
	f.Add([]byte(string(golden)+"retired:\n  s:\n    a:\n      rating: 1\n"), "two\nlines", "", true)
	f.Add([]byte("schema: 1\nparticipant: {id: j, name: J, role: r}\nratings:\n  s:\n    a: {rating: 1, note: x}\nplan: {text: x}\n"), "\u2028\"", "J", true)
	f.Add([]byte("schema: 1\nparticipant:\n  id: j\n  name: J\n  role: r\nratings:\nplan:\n  text: >\n    folded\n  focus: [s/a]\n# end"), "y", "", false)
	w := testWorkshop()
	f.Fuzz(func(t *testing.T, data []byte, text, manager string, focus bool) {
		r, ps := ParseResponse("f.yaml", data)
		if len(ps) > 0 {
			return
		}
		pl := &Plan{Text: strings.ToValidUTF8(text, "?"), LineManager: strings.ToValidUTF8(manager, "?")}
		if focus {
			for s := range r.Ratings {
				for a := range r.Ratings[s] {
					if ref, ok := ParseActivityRef(s + "/" + a); ok && len(pl.Focus) < MaxFocus {
						pl.Focus = append(pl.Focus, ref)
					}
				}
			}
		}
		out, _, err := EditPlan("f.yaml", w, data, pl)
		if err != nil {
			t.Fatalf("cannot write a plan into a readable file: %v\n%s", err, data)
		}
		got, ps := ParseResponse("f.yaml", out)
		if len(ps) > 0 || !got.Plan.Equal(pl) {
			t.Fatalf("plan %+v read back as %+v (%v)\n%s", pl, got.Plan, ps, out)
		}
	})
}

// TestPlanInTheSeveralLayout reads, checks, renders and edits a plan in a
// file of schema 2 (a section per framework): focus entries name their
// framework; one without is the first framework's, as answers in the
// one-framework layout are.
func TestPlanInTheSeveralLayout(t *testing.T) {
	w, f := severalWorkshop(t)
	data, err := os.ReadFile(filepath.Join("testdata", "response-several.golden"))
	if err != nil {
		t.Fatal(err)
	}
	file := "responses/sinead-obrien.yaml"
	block := "plan:\n  focus:\n    - product-leadership/develop-and-manage-product-people/be-coached-and-mentored\n    - agile-working/" +
		f.Skills[0].Activities[0].ID + "\n  text: \"Two frameworks\"\n"
	with := append(bytes.Clone(data), block...)
	if fast := parseFast(file, with, true); fast == nil {
		t.Error("the fast parser refused a plan in the several layout")
	} else {
		compareWithYAML(t, w, f, with, fast)
	}
	r, ps := CheckResponse(file, with, w, f)
	if len(ps) != 0 {
		t.Fatal(ps)
	}
	if len(r.Plan.Focus) != 2 || r.Plan.Focus[0].Framework != "product-leadership" || r.Plan.Focus[1].Framework != "" {
		t.Errorf("focus %+v", r.Plan.Focus)
	}
	if k, ok := r.Plan.Focus[1].SkillKey(f); !ok || k != "product-management/agile-working" {
		t.Errorf("key %q %v", k, ok)
	}
	// A framework the workshop does not have, or an activity of the wrong
	// framework, is refused on its line.
	bad := bytes.Replace(with, []byte("    - product-leadership/develop"), []byte("    - product-management/develop"), 1)
	if _, ps := CheckResponse(file, bad, w, f); len(ps) != 1 || !strings.Contains(ps[0].Msg, "is not an activity") {
		t.Errorf("problems %v", ps)
	}
	// Rendered again in the several layout, the plan is kept.
	out := RenderResponse(w, f, r)
	back, ps := ParseResponse(file, out)
	if len(ps) != 0 || !back.Plan.Equal(r.Plan) || back.Schema != ResponseSchemaSeveral {
		t.Fatalf("%v %+v\n%s", ps, back.Plan, out)
	}
	// EditPlan writes it into a file of schema 2.
	pl := &Plan{Focus: []ActivityRef{{Framework: "product-management", Skill: "agile-working", Activity: f.Skills[0].Activities[0].ID}}, Text: "x"}
	edited, _, err := EditPlan(file, w, data, pl)
	if err != nil {
		t.Fatal(err)
	}
	if got, ps := CheckResponse(file, edited, w, f); len(ps) != 0 || !got.Plan.Equal(pl) {
		t.Errorf("%v %+v", ps, got.Plan)
	}
}

// TestPlanKeptByUpgradeOfOneFramework upgrades one framework of two: the
// focus on the other stays, and the one on a removed activity is dropped.
func TestPlanKeptByUpgradeOfOneFramework(t *testing.T) {
	_, view := severalWorkshop(t)
	old := view.Part("product-leadership")
	nf := *old
	nf.Skills = append([]Skill(nil), old.Skills...)
	s0 := nf.Skills[0]
	var acts []Activity
	for _, a := range s0.Activities {
		if a.ID != "be-coached-and-mentored" {
			acts = append(acts, a)
		}
	}
	s0.Activities = acts
	nf.Skills[0] = s0
	c, err := CompareFrameworks(old, &nf, nil)
	if err != nil {
		t.Fatal(err)
	}
	pm := view.Part("product-management")
	r := &Response{File: "responses/x.yaml", Schema: 2, Participant: Participant{ID: "x", Name: "X", Role: "product-manager"}, Ratings: map[string]map[string]*Answer{},
		Plan: &Plan{Text: "t", Focus: []ActivityRef{
			{Framework: "product-leadership", Skill: s0.ID, Activity: "be-coached-and-mentored"},
			{Skill: pm.Skills[0].ID, Activity: pm.Skills[0].Activities[0].ID},
			{Framework: "product-leadership", Skill: s0.ID, Activity: acts[0].ID},
		}}}
	up, m := UpgradeResponseIn(r, nil, c, view, old, &nf)
	want := []ActivityRef{
		{Framework: "product-management", Skill: pm.Skills[0].ID, Activity: pm.Skills[0].Activities[0].ID},
		{Framework: "product-leadership", Skill: s0.ID, Activity: acts[0].ID},
	}
	if m.FocusDropped != 1 || up.Plan == nil || !slices.Equal(up.Plan.Focus, want) || up.Plan.Text != "t" {
		t.Errorf("plan %+v, dropped %d", up.Plan, m.FocusDropped)
	}
}
