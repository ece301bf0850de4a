package survey

import (
	"fmt"
	"strings"
	"testing"
)

// expectationsYAML is a workshop with expectations over the built-in
// product-leadership framework, the lines numbered as problems give them.
func expectationsYAML(entries string) []byte {
	return append(testWorkshop().Marshal(), []byte("expectations:\n"+entries)...)
}

func TestExpectedActivityWinsOverSkill(t *testing.T) {
	f := embeddedFramework(t)
	s := f.Skills[0]
	a0, a1 := s.Activities[0].ID, s.Activities[1].ID
	data := expectationsYAML("  - skill: " + s.ID + "\n    expected: {product-manager: 2, head-of-product: 4}\n" +
		"  - activity: " + a1 + "\n    expected: {head-of-product: 3}\n")
	w, err := ParseWorkshop("workshop.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := w.Expected("head-of-product", s.ID, a0); ok {
		t.Error("Expected answers before CheckExpectations matched the framework")
	}
	if ps := w.CheckExpectations("workshop.yaml", f); len(ps) > 0 {
		t.Fatal(ps)
	}
	for _, tt := range []struct {
		role, skill, act string
		want             int
		ok               bool
	}{
		{"head-of-product", s.ID, a0, 4, true},             // the skill's
		{"head-of-product", s.ID, a1, 3, true},             // the activity's own wins
		{"product-manager", s.ID, a1, 2, true},             // none of its own for this role: the skill's
		{"senior-product-manager", s.ID, a0, 0, false},     // none for this role
		{"head-of-product", f.Skills[1].ID, "x", 0, false}, // none for this skill
	} {
		if got, ok := w.Expected(tt.role, tt.skill, tt.act); got != tt.want || ok != tt.ok {
			t.Errorf("Expected(%s, %s, %s) = %d, %v; want %d, %v", tt.role, tt.skill, tt.act, got, ok, tt.want, tt.ok)
		}
	}
	// Marshalled again, the entries read back the same, one line of
	// ratings each.
	out := string(w.Marshal())
	if !strings.Contains(out, "expected: {product-manager: 2, head-of-product: 4}") {
		t.Errorf("ratings not on one line:\n%s", out)
	}
	again, err := ParseWorkshop("workshop.yaml", []byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Expectations) != 2 || again.Expectations[1].Activity != a1 || again.Expectations[0].Expected[1] != (RoleRating{Role: "head-of-product", Rating: 4, line: again.Expectations[0].Expected[1].line}) {
		t.Errorf("read back %+v", again.Expectations)
	}
}

func TestExpectationsProblems(t *testing.T) {
	f := embeddedFramework(t)
	s := f.Skills[0].ID
	act := f.Skills[1].Activities[0].ID
	// testWorkshop().Marshal() is 32 lines; expectations: is line 33.
	const first = 34
	if n := strings.Count(string(testWorkshop().Marshal()), "\n"); n != first-2 {
		t.Fatalf("the workshop has %d lines; fix first", n)
	}
	tests := []struct {
		name, entries string
		line          int
		want          string
	}{
		{"unknown role", "  - skill: " + s + "\n    expected: {boss: 2}\n", first + 1, `unknown role "boss"`},
		{"off scale", "  - skill: " + s + "\n    expected: {head-of-product: 5}\n", first + 1, "expected rating 5 for head-of-product is not on the scale (0 to 4)"},
		{"not a number", "  - skill: " + s + "\n    expected: {head-of-product: high}\n", first + 1, "should be a whole number on the scale, not high"},
		{"no target", "  - expected: {head-of-product: 2}\n", first, "needs skill: or activity:"},
		{"no ratings", "  - skill: " + s + "\n    expected: {}\n", first, "a rating for at least one role level"},
		{"unknown key", "  - skill: " + s + "\n    expect: {head-of-product: 2}\n", first + 1, "field expect not found"},
		{"role twice", "  - skill: " + s + "\n    expected:\n      head-of-product: 2\n      head-of-product: 3\n", first + 3, "head-of-product"},
		{"too many ratings", "  - skill: " + s + "\n    expected: {" + strings.Repeat("x: 1, ", MaxRoles+1) + "}\n", first, "the limit is 50"},
		{"too many", strings.Repeat("  - skill: "+s+"\n    expected: {head-of-product: 2}\n", MaxExpectations+1), 0, "the limit is"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseWorkshop("workshop.yaml", expectationsYAML(tt.entries))
			ps, _ := err.(Problems)
			for _, p := range ps {
				if p.File == "workshop.yaml" && p.Line == tt.line && strings.Contains(p.Msg, tt.want) {
					return
				}
			}
			t.Errorf("no problem on line %d containing %q: %v", tt.line, tt.want, err)
		})
	}
	// What only the framework can tell.
	for _, tt := range []struct {
		name, entries string
		line          int
		want          string
	}{
		{"unknown skill", "  - skill: nope\n    expected: {head-of-product: 2}\n", first, "skill nope is not in the framework"},
		{"activity of another skill", "  - skill: " + s + "\n    activity: " + act + "\n    expected: {head-of-product: 2}\n", first, "is not in the framework"},
		{"unknown framework", "  - framework: other\n    skill: " + s + "\n    expected: {head-of-product: 2}\n", first, "in framework other is not in the framework"},
		{"set twice", "  - activity: " + act + "\n    expected: {head-of-product: 2}\n  - activity: " + act + "\n    expected: {product-manager: 1, head-of-product: 3}\n", first + 3,
			fmt.Sprintf("already has an expectation for head-of-product (line %d)", first+1)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w, err := ParseWorkshop("workshop.yaml", expectationsYAML(tt.entries))
			if err != nil {
				t.Fatal(err)
			}
			wantProblem(t, w.CheckExpectations("workshop.yaml", f), "workshop.yaml", tt.line, tt.want)
			if w.HasExpectations() {
				t.Error("expectations kept though they do not match the framework")
			}
		})
	}
}

// TestExpectationsExampleIsValid: the commented example init writes,
// uncommented, is valid settings for the workshop and framework it names.
func TestExpectationsExampleIsValid(t *testing.T) {
	f := embeddedFramework(t)
	w := testWorkshop()
	ex := ExpectationsExample(w, f)
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
	data := append(w.Marshal(), []byte(ex+strings.Join(lines, "\n"))...)
	got, err := ParseWorkshop("workshop.yaml", data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if ps := got.CheckExpectations("workshop.yaml", f); len(ps) > 0 || len(got.Expectations) != 2 || !got.HasExpectations() {
		t.Fatalf("%v %+v", ps, got.Expectations)
	}
	// Commented, it sets nothing.
	plain, err := ParseWorkshop("workshop.yaml", append(w.Marshal(), ex...))
	if err != nil || len(plain.Expectations) != 0 {
		t.Fatalf("%v %+v", err, plain)
	}
}

// TestExpectationsProblemsBounded: a file of many mistakes lists the
// first few and counts the rest.
func TestExpectationsProblemsBounded(t *testing.T) {
	w, err := ParseWorkshop("workshop.yaml", expectationsYAML(strings.Repeat("  - skill: nope\n    expected: {head-of-product: 2}\n", 30)))
	if err != nil {
		t.Fatal(err)
	}
	ps := w.CheckExpectations("workshop.yaml", embeddedFramework(t))
	if len(ps) != maxExpectationProblems+1 || ps[len(ps)-1].Msg != "and 10 more problems with expectations" {
		t.Errorf("%d problems, the last %q", len(ps), ps[len(ps)-1].Msg)
	}
	_, err = ParseWorkshop("workshop.yaml", expectationsYAML(strings.Repeat("  - skill: x\n    expected: {boss: 2}\n", 30)))
	if ps, _ := err.(Problems); len(ps) != maxExpectationProblems+1 {
		t.Errorf("%d problems: %v", len(ps), err)
	}
}
