package survey

import (
	"strings"
	"testing"
)

// TestExpectedSeveralFrameworks: in a workshop of several frameworks a
// skill id may be in more than one; an expectation then names its
// framework, and Expected takes the skill's key.
func TestExpectedSeveralFrameworks(t *testing.T) {
	mk := func(id string) *Framework {
		return &Framework{Schema: FrameworkSchema, ID: id, Title: id, Skills: []Skill{{ID: "s", Name: "S", Activities: []Activity{{ID: "a", Text: "A"}}}}}
	}
	view := Combine(mk("f1"), mk("f2"))
	w := testWorkshop()
	w.Expectations = []Expectation{{Skill: "s", Expected: RoleRatings{{Role: "head-of-product", Rating: 3}}}}
	if ps := w.CheckExpectations("workshop.yaml", view); len(ps) != 1 || ps[0].Msg != "skill s is in more than one framework; add framework: to say which" {
		t.Fatalf("ambiguous: %v", ps)
	}
	w.Expectations[0].Framework = "f2"
	if ps := w.CheckExpectations("workshop.yaml", view); len(ps) > 0 {
		t.Fatal(ps)
	}
	if v, ok := w.Expected("head-of-product", view.Skills[1].Key(), "a"); !ok || v != 3 {
		t.Errorf("f2's skill: %d %v", v, ok)
	}
	if _, ok := w.Expected("head-of-product", view.Skills[0].Key(), "a"); ok {
		t.Error("f1's skill has f2's expectation")
	}
}

// TestExpectationsExampleSeveralFrameworks: init's example in a workshop
// of two frameworks names each entry's framework, and uncommented it is
// valid even where the frameworks share ids.
func TestExpectationsExampleSeveralFrameworks(t *testing.T) {
	mk := func(id string) *Framework {
		return &Framework{Schema: FrameworkSchema, ID: id, Title: id, Skills: []Skill{{ID: "s", Name: "S", Activities: []Activity{{ID: "a", Text: "A"}}}}}
	}
	view := Combine(mk("f1"), mk("f2"))
	w := testWorkshop()
	ex := ExpectationsExample(w, view)
	if !strings.Contains(ex, "#     framework: f1\n") || !strings.Contains(ex, "#     framework: f2\n") {
		t.Fatalf("no framework lines:\n%s", ex)
	}
	var lines []string
	on := false
	for _, l := range strings.Split(ex, "\n") {
		if l == "# expectations:" {
			on = true
		}
		if on {
			lines = append(lines, strings.TrimPrefix(strings.TrimPrefix(l, "# "), "#"))
		}
	}
	got, err := ParseWorkshop("workshop.yaml", append(w.Marshal(), []byte(strings.Join(lines, "\n"))...))
	if err != nil {
		t.Fatal(err)
	}
	if ps := got.CheckExpectations("workshop.yaml", view); len(ps) > 0 {
		t.Fatal(ps)
	}
	if _, ok := got.Expected("head-of-product", view.Skills[1].Key(), "a"); !ok {
		t.Error("the example's activity expectation is not f2's")
	}
}
