package survey

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillmap/skillmap/templates"
)

// builtin parses a built-in framework.
func builtinFw(t testing.TB, id string) *Framework {
	t.Helper()
	data, err := templates.Framework(id)
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseFramework("frameworks/"+id+".yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// severalWorkshop is a workshop of both built-in frameworks: product
// leadership is optional for product managers and not asked of associate
// product managers.
func severalWorkshop(t testing.TB) (*Workshop, *Framework) {
	t.Helper()
	w, err := ParseWorkshop("workshop.yaml", []byte(severalYAML))
	if err != nil {
		t.Fatal(err)
	}
	return w, Combine(builtinFw(t, "product-management"), builtinFw(t, "product-leadership"))
}

const severalYAML = `schema: 1
title: Both
frameworks:
  - id: product-management
  - id: product-leadership
    optional: [product-manager]
    not_asked: [associate-product-manager]
min_group: 5
roles:
  - {id: associate-product-manager, name: APM}
  - {id: product-manager, name: PM}
  - {id: senior-product-manager, name: SPM}
scale:
  - {value: 0, label: Not yet}
  - {value: 1, label: Aware}
  - {value: 2, label: Developing}
  - {value: 3, label: Confident}
  - {value: 4, label: Expert}
`

func TestWorkshopFrameworks(t *testing.T) {
	w, _ := severalWorkshop(t)
	if got := strings.Join(w.FrameworkIDs(), ","); got != "product-management,product-leadership" {
		t.Errorf("FrameworkIDs = %s", got)
	}
	for _, c := range []struct {
		role, fw        string
		asked, required bool
	}{
		{"associate-product-manager", "product-management", true, true},
		{"associate-product-manager", "product-leadership", false, false},
		{"product-manager", "product-leadership", true, false},
		{"senior-product-manager", "product-leadership", true, true},
		{"senior-product-manager", "no-such", false, false},
	} {
		if a, r := w.Asked(c.role, c.fw), w.Required(c.role, c.fw); a != c.asked || r != c.required {
			t.Errorf("%s/%s: asked %v required %v, want %v %v", c.role, c.fw, a, r, c.asked, c.required)
		}
	}
	// Written back as it was read.
	back, err := ParseWorkshop("workshop.yaml", w.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back.Marshal(), w.Marshal()) || !strings.Contains(string(w.Marshal()), "not_asked:") {
		t.Errorf("marshal does not round-trip:\n%s", w.Marshal())
	}
	// The old form reads as one framework and is written as it was.
	one := NewWorkshop("T", "product-leadership", nil)
	data := one.Marshal()
	if !strings.Contains(string(data), "\nframework: product-leadership\n") || strings.Contains(string(data), "frameworks:") {
		t.Errorf("a workshop of one framework is not written as before:\n%s", data)
	}
	back, err = ParseWorkshop("workshop.yaml", data)
	if err != nil || strings.Join(back.FrameworkIDs(), ",") != "product-leadership" || !bytes.Equal(back.Marshal(), data) {
		t.Errorf("old form read as %v (%v)", back, err)
	}
	one.AddFramework("product-management")
	if got := strings.Join(one.FrameworkIDs(), ","); got != "product-leadership,product-management" {
		t.Errorf("after AddFramework: %s", got)
	}
}

func TestWorkshopFrameworkProblems(t *testing.T) {
	for _, c := range []struct{ old, new, msg string }{
		{"frameworks:\n", "framework: x\nframeworks:\n", "not both"},
		{"    not_asked: [associate-product-manager]", "    not_asked: [intern]", `unknown role "intern"`},
		{"    not_asked: [associate-product-manager]", "    not_asked: [product-manager]", "both optional and not asked"},
		{"  - id: product-leadership", "  - id: product-management", "used twice"},
		{"frameworks:\n  - id: product-management\n", "frameworks:\n", ""},
	} {
		data := strings.Replace(severalYAML, c.old, c.new, 1)
		_, err := ParseWorkshop("workshop.yaml", []byte(data))
		if c.msg == "" {
			if err != nil {
				t.Errorf("%q: %v", c.new, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.msg) || !strings.Contains(err.Error(), "workshop.yaml") {
			t.Errorf("%q: got %v, want %q", c.new, err, c.msg)
		}
	}
	if _, err := ParseWorkshop("workshop.yaml", []byte(strings.Replace(severalYAML, "frameworks:\n  - id: product-management\n  - id: product-leadership\n    optional: [product-manager]\n    not_asked: [associate-product-manager]\n", "", 1))); err == nil || !strings.Contains(err.Error(), "no framework") {
		t.Errorf("no framework: %v", err)
	}
}

func TestCombineKeys(t *testing.T) {
	pm, pl := builtinFw(t, "product-management"), builtinFw(t, "product-leadership")
	one := Combine(pl)
	if one.Several() || one.ID != pl.ID || one.Title != pl.Title || one.Skills[0].Key() != pl.Skills[0].ID || one.Skills[0].Framework != pl.ID {
		t.Errorf("one framework: %s %q key %s", one.ID, one.Title, one.Skills[0].Key())
	}
	both := Combine(pm, pl)
	if !both.Several() || len(both.Skills) != len(pm.Skills)+len(pl.Skills) || both.ActivityCount() != pm.ActivityCount()+pl.ActivityCount() {
		t.Fatalf("combined: %d skills", len(both.Skills))
	}
	last := both.Skills[len(both.Skills)-1]
	if last.Key() != "product-leadership/"+last.ID || last.Framework != "product-leadership" {
		t.Errorf("key %s framework %s", last.Key(), last.Framework)
	}
	if both.SkillByKey(last.Key()) == nil || both.Part("product-management") != pm {
		t.Error("lookups")
	}
	if fw, s := SplitKey(last.Key()); fw != "product-leadership" || s != last.ID {
		t.Errorf("SplitKey: %s %s", fw, s)
	}
	if shown := both.MapTexts(strings.ToUpper); shown.Parts()[1].Title != strings.ToUpper(pl.Title) || shown.Skills[0].Key() != both.Skills[0].Key() {
		t.Error("MapTexts loses the parts or the keys")
	}
}

// filled answers every activity of the frameworks asked of p's role.
func filled(w *Workshop, f *Framework, p Participant) *Response {
	r := NewResponse(p)
	n := 0
	for _, s := range f.Skills {
		if s.Framework != "" && !w.Asked(p.Role, s.Framework) {
			continue
		}
		r.Ratings[s.Key()] = map[string]*Answer{}
		for _, a := range s.Activities {
			v := n % 5
			n++
			r.Ratings[s.Key()][a.ID] = &Answer{Rating: &v, Note: "note " + a.ID}
		}
	}
	return r
}

func TestSeveralRenderParseCheck(t *testing.T) {
	w, f := severalWorkshop(t)
	for _, role := range []string{"associate-product-manager", "product-manager", "senior-product-manager"} {
		p := Participant{ID: "jo", Name: "Jo Bloggs", Role: role}
		r := filled(w, f, p)
		out := RenderResponse(w, f, r)
		s := string(out)
		if !strings.Contains(s, "\nschema: 2\n") || !strings.Contains(s, "\nframeworks:\n") || strings.Contains(s, "\nratings:") {
			t.Fatalf("%s: not schema 2:\n%s", role, s)
		}
		if got := strings.Contains(s, "\n  product-leadership:\n"); got != (role != "associate-product-manager") {
			t.Errorf("%s: product-leadership section %v", role, got)
		}
		if got := strings.Contains(s, "Optional for your role level"); got != (role == "product-manager") {
			t.Errorf("%s: optional note %v", role, got)
		}
		// The fast path reads it, as the YAML parser does.
		fast := parseFast("responses/jo.yaml", out, true)
		if fast == nil {
			t.Fatalf("%s: fast path refused a rendered file", role)
		}
		compareWithYAML(t, w, f, out, fast)
		back, ps := CheckResponse("responses/jo.yaml", out, w, f)
		if len(ps) > 0 {
			t.Fatalf("%s: %v", role, ps.Error())
		}
		sameAnswers(t, f, r, back)
		if again := RenderResponse(w, f, back); !bytes.Equal(again, out) {
			t.Errorf("%s: render not stable", role)
		}
		answered, total := RequiredAnswered(w, f, back)
		want := f.Parts()[0].ActivityCount()
		if role == "senior-product-manager" {
			want = f.ActivityCount()
		}
		if total != want || answered != want {
			t.Errorf("%s: required %d of %d, want %d", role, answered, total, want)
		}
		if role == "product-manager" && back.AnsweredIn(f, "product-leadership") != f.Parts()[1].ActivityCount() {
			t.Errorf("optional framework answers not counted by AnsweredIn")
		}
	}
}

func TestSeveralProblems(t *testing.T) {
	w, f := severalWorkshop(t)
	sen := filled(w, f, Participant{ID: "jo", Name: "Jo", Role: "senior-product-manager"})
	out := string(RenderResponse(w, f, sen))
	lineOf := func(s, text string) int {
		return 1 + strings.Count(s[:strings.Index(s, text)], "\n")
	}
	// An associate product manager is not asked product leadership.
	apm := strings.Replace(out, "role: senior-product-manager", "role: associate-product-manager", 1)
	_, ps := CheckResponse("responses/jo.yaml", []byte(apm), w, f)
	wantProblem(t, ps, "responses/jo.yaml", lineOf(apm, "\n  product-leadership:")+1, "not asked framework product-leadership")
	// A framework the workshop does not have.
	other := strings.Replace(out, "\n  product-leadership:", "\n  no-such-framework:", 1)
	_, ps = CheckResponse("responses/jo.yaml", []byte(other), w, f)
	wantProblem(t, ps, "responses/jo.yaml", lineOf(other, "\n  no-such-framework:")+1, `unknown framework "no-such-framework"`)
	// Ids need be unique only within their framework: a skill of one
	// framework is unknown in the other.
	moved := strings.Replace(out, "\n    agile-working:", "\n    develop-and-manage-product-people:\n      design-and-build-product-teams:\n        rating: 1\n    agile-working:", 1)
	_, ps = CheckResponse("responses/jo.yaml", []byte(moved), w, f)
	wantProblem(t, ps, "responses/jo.yaml", lineOf(moved, "\n    develop-and-manage-product-people:")+1, `unknown skill "develop-and-manage-product-people" in framework product-management`)
	// A file of the one-framework layout answers the first framework: an
	// error for a role level not asked it.
	w.Frameworks[0].NotAsked = []string{"associate-product-manager"}
	old := "schema: 1\nparticipant:\n  id: jo\n  name: Jo\n  role: associate-product-manager\nratings:\n  agile-working:\n    set-a-sprint-goal:\n      rating: 2\n"
	_, ps = CheckResponse("responses/jo.yaml", []byte(old), w, f)
	wantProblem(t, ps, "responses/jo.yaml", 7, "role level associate-product-manager is not asked framework product-management")
	w.Frameworks[0].NotAsked = nil
	// Schema and layout must agree.
	_, ps = ParseResponse("responses/jo.yaml", []byte(strings.Replace(out, "schema: 2", "schema: 1", 1)))
	if len(ps) != 1 || !strings.Contains(ps[0].Msg, "write schema: 2") {
		t.Errorf("schema 1 with frameworks: %v", ps)
	}
}

// TestOldLayoutInWorkshopOfSeveral: a file of the one-framework layout
// holds the answers to the workshop's first framework; re-rendering it
// writes the layout of several with every answer kept.
func TestOldLayoutInWorkshopOfSeveral(t *testing.T) {
	w, f := severalWorkshop(t)
	pm := f.Parts()[0]
	oneW := NewWorkshop(w.Title, pm.ID, nil)
	oneW.Roles, oneW.Scale = w.Roles, w.Scale
	old := filled(oneW, pm, Participant{ID: "jo", Name: "Jo", Role: "senior-product-manager"})
	old.retired = map[string]map[string]*Answer{"gone-skill": {"gone": {Rating: intp(2), Note: "kept"}}}
	data := RenderResponse(oneW, pm, old)
	if !strings.Contains(string(data), "\nratings:\n") {
		t.Fatal("not the old layout")
	}
	r, ps := CheckResponse("responses/jo.yaml", data, w, f)
	if len(ps) > 0 {
		t.Fatal(ps.Error())
	}
	if r.AnsweredIn(f, pm.ID) != pm.ActivityCount() || r.AnsweredIn(f, "product-leadership") != 0 {
		t.Errorf("answered %d, %d", r.AnsweredIn(f, pm.ID), r.AnsweredIn(f, "product-leadership"))
	}
	full, ps := ParseForRewrite("responses/jo.yaml", data)
	if len(ps) > 0 {
		t.Fatal(ps.Error())
	}
	out := RenderResponse(w, f, full)
	back, ps := CheckResponse("responses/jo.yaml", out, w, f)
	if len(ps) > 0 {
		t.Fatalf("%v\n%s", ps.Error(), out)
	}
	sameAnswers(t, f, r, back)
	ret, ps := ReadRetired("responses/jo.yaml", out)
	if len(ps) > 0 || ret["product-management/gone-skill"]["gone"] == nil || ret["product-management/gone-skill"]["gone"].Note != "kept" {
		t.Errorf("retired answers %v %v\n%s", ret, ps, out)
	}
	// The parse cache keeps the file as parsed, not as keyed for a
	// workshop.
	c := NewParseCache()
	c.Put(ParseKey{File: r.File}, r)
	if got := c.Get(ParseKey{File: r.File}); got.Ratings[pm.Skills[0].ID] == nil {
		t.Error("the cache kept the re-keyed response")
	}
}

func TestEditResponseSeveral(t *testing.T) {
	w, f := severalWorkshop(t)
	pm := f.Parts()[0]
	pl := f.Parts()[1]
	p := Participant{ID: "jo", Name: "Jo", Role: "senior-product-manager"}
	plKey := "product-leadership/" + pl.Skills[0].ID
	plAct := pl.Skills[0].Activities[0].ID
	// A file of schema 2 is edited in place, in either framework.
	data := RenderResponse(w, f, NewResponse(p))
	out, mode, err := EditResponse("responses/jo.yaml", data, w, f, []AnswerEdit{{Skill: plKey, Activity: plAct, Rating: intp(4), Note: "n"}})
	if err != nil || mode != InPlace {
		t.Fatalf("mode %v err %v", mode, err)
	}
	r, ps := CheckResponse("responses/jo.yaml", out, w, f)
	if len(ps) > 0 || r.Answer(plKey, plAct) == nil || *r.Answer(plKey, plAct).Rating != 4 {
		t.Fatalf("edit lost: %v", ps)
	}
	// A file of the old layout: in place for the first framework, written
	// anew for the second.
	oneW := NewWorkshop(w.Title, pm.ID, nil)
	oneW.Roles, oneW.Scale = w.Roles, w.Scale
	old := RenderResponse(oneW, pm, NewResponse(p))
	pmKey := "product-management/" + pm.Skills[0].ID
	pmAct := pm.Skills[0].Activities[0].ID
	out, mode, err = EditResponse("responses/jo.yaml", old, w, f, []AnswerEdit{{Skill: pmKey, Activity: pmAct, Rating: intp(2)}})
	if err != nil || mode != InPlace || !strings.Contains(string(out), "\nratings:\n") {
		t.Fatalf("first framework in an old file: mode %v err %v", mode, err)
	}
	out, mode, err = EditResponse("responses/jo.yaml", out, w, f, []AnswerEdit{{Skill: plKey, Activity: plAct, Rating: intp(3)}})
	if err != nil || mode != Reencoded || !strings.Contains(string(out), "\nschema: 2\n") {
		t.Fatalf("second framework in an old file: mode %v err %v", mode, err)
	}
	r, ps = CheckResponse("responses/jo.yaml", out, w, f)
	if len(ps) > 0 || *r.Answer(pmKey, pmAct).Rating != 2 || *r.Answer(plKey, plAct).Rating != 3 {
		t.Fatalf("answers after re-render: %v", ps)
	}
}

func TestUpgradeOneOfSeveral(t *testing.T) {
	w, f := severalWorkshop(t)
	pl := f.Parts()[1]
	r := filled(w, f, Participant{ID: "jo", Name: "Jo", Role: "senior-product-manager"})
	// The new version drops the first activity of product leadership.
	newPl := *pl
	newPl.Skills = append([]Skill(nil), pl.Skills...)
	gone := newPl.Skills[0].Activities[0]
	newPl.Skills[0].Activities = newPl.Skills[0].Activities[1:]
	c, err := CompareFrameworks(pl, &newPl, nil)
	if err != nil {
		t.Fatal(err)
	}
	data := RenderResponse(w, f, r)
	parsed, _ := ParseResponse("responses/jo.yaml", data)
	retired, _ := ReadRetired("responses/jo.yaml", data)
	up, m := UpgradeResponseIn(parsed, retired, c, f, pl, &newPl)
	if m.Retired != 1 || m.Kept != pl.ActivityCount()-1 {
		t.Errorf("moves %+v", m)
	}
	nf := Combine(f.Parts()[0], &newPl)
	out := RenderResponse(w, nf, up)
	back, ps := CheckResponse("responses/jo.yaml", out, w, nf)
	if len(ps) > 0 {
		t.Fatal(ps.Error())
	}
	sameAnswers(t, nf, r, back)
	ret, _ := ReadRetired("responses/jo.yaml", out)
	if ret["product-leadership/"+pl.Skills[0].ID][gone.ID] == nil {
		t.Errorf("the removed activity's answer is not retired:\n%s", out)
	}
}

// TestSeveralGolden keeps a rendered file of schema 2 beside the schema 1
// golden file, so that a change to the layout is seen in review.
func TestSeveralGolden(t *testing.T) {
	w, f := severalWorkshop(t)
	r := NewResponse(Participant{ID: "sinead-obrien", Name: "Sinéad O'Brien", Role: "product-manager"})
	r.Ratings["product-leadership/develop-and-manage-product-people"] = map[string]*Answer{"design-and-build-product-teams": {Rating: intp(3), Note: "with help"}}
	r.Ratings["product-management/agile-working"] = map[string]*Answer{"set-a-sprint-goal": {Rating: intp(4)}}
	got := RenderResponse(w, f, r)
	path := filepath.Join("testdata", "response-several.golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("rendered file differs from %s (go test ./survey -run TestSeveralGolden -update)", path)
	}
}

// TestAddWorkshopFramework: adding a framework keeps the facilitator's
// comments in workshop.yaml, in either form.
func TestAddWorkshopFramework(t *testing.T) {
	one := "# ours\n" + string(NewWorkshop("T", "product-leadership", nil).Marshal())
	out, ok := AddWorkshopFramework([]byte(one), FrameworkUse{ID: "product-management", NotAsked: []string{"head-of-product"}})
	if !ok || !strings.Contains(string(out), "# ours\n") ||
		!strings.Contains(string(out), "\nframeworks:\n  - id: product-leadership\n  - id: product-management\n    not_asked: [head-of-product]\nmin_group:") {
		t.Fatalf("old form (%v):\n%s", ok, out)
	}
	// A block list: the new entry goes at its end, before the comment of
	// the next key.
	list := strings.Replace(severalYAML, "min_group: 5\n", "# groups\nmin_group: 5\n", 1)
	out, ok = AddWorkshopFramework([]byte(list), FrameworkUse{ID: "team"})
	if !ok || !strings.Contains(string(out), "    not_asked: [associate-product-manager]\n  - id: team\n# groups\nmin_group: 5\n") {
		t.Fatalf("list (%v):\n%s", ok, out)
	}
	w, err := ParseWorkshop("workshop.yaml", out)
	if err != nil || strings.Join(w.FrameworkIDs(), ",") != "product-management,product-leadership,team" {
		t.Fatalf("%v %v", w, err)
	}
	// Flow style is beyond it: the caller re-marshals.
	flow := strings.Replace(severalYAML, "frameworks:\n  - id: product-management\n  - id: product-leadership\n    optional: [product-manager]\n    not_asked: [associate-product-manager]\n", "frameworks: [{id: a}, {id: b}]\n", 1)
	if _, ok := AddWorkshopFramework([]byte(flow), FrameworkUse{ID: "c"}); ok {
		t.Error("flow style edited in place")
	}
}

func TestRenameWorkshopFramework(t *testing.T) {
	in := strings.Replace(severalYAML, "title: Both\n", "title: Both\n# ours\n", 1)
	out, ok := RenameWorkshopFramework([]byte(in), "product-leadership", "leadership-2")
	if !ok || !strings.Contains(string(out), "# ours\n") || !strings.Contains(string(out), "\n  - id: leadership-2\n    optional: [product-manager]\n") {
		t.Fatalf("%v:\n%s", ok, out)
	}
	if _, ok := RenameWorkshopFramework([]byte(in), "no-such", "x"); ok {
		t.Error("renamed a framework the workshop does not have")
	}
}
