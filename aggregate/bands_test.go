package aggregate

import (
	"strings"
	"testing"

	"github.com/skillmap/skillmap/survey"
)

// bandWorkshop is handWorkshop with six role levels: a, b and c in band
// x (so a group of some beside others shown), d and e in band y, f in
// none.
func bandWorkshop() Input {
	in := handWorkshop()
	w := *in.Workshop
	w.Roles = []survey.Role{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}, {ID: "c", Name: "C"}, {ID: "d", Name: "D"}, {ID: "e", Name: "E"}, {ID: "f", Name: "F"}}
	w.Bands = []survey.Band{{ID: "x", Name: "X", Roles: []string{"a", "b", "c"}}, {ID: "y", Name: "Y", Roles: []string{"d", "e"}}}
	in.Workshop = &w
	return in
}

// testHierarchy is roles role levels, then a band per entry of bands (the
// role levels of each, by index), then All; pooled lists role levels
// released with their band.
func testHierarchy(roles int, bands [][]int, pooled []int) *hierarchy {
	h := &hierarchy{roles: roles, bands: len(bands), index: map[string]int{}}
	h.bandOf = make([]int, roles)
	h.pooled = make([]bool, roles)
	for i := range h.bandOf {
		h.bandOf[i] = -1
	}
	for b, rs := range bands {
		for _, r := range rs {
			h.bandOf[r] = roles + b
		}
	}
	for _, r := range pooled {
		h.pooled[r] = true
	}
	return h
}

// TestSuppressionRuleBands: each shown band's and All's residual (its
// members in no shown group below it) is nobody or at least min_group.
func TestSuppressionRuleBands(t *testing.T) {
	cases := []struct {
		name   string
		k      int
		bands  [][]int
		pooled []int
		n      []int // roles..., bands..., all
		want   string
	}{
		// Roles 0,1 in band X; 2,3,4 in band Y. k = 5.
		{"the 12-person workshop, pooled", 5, [][]int{{0, 1}, {2, 3, 4}}, []int{0, 1, 2, 3, 4},
			[]int{3, 3, 3, 2, 1, 6, 6, 12}, "BBBBB..."},
		{"all large: nothing hidden", 5, [][]int{{0, 1}, {2, 3, 4}}, nil,
			[]int{5, 6, 5, 5, 5, 11, 15, 26}, "........"},
		// Band Y less its roles shown is the head of product alone (1):
		// hide the smallest role of the band (of two of 5, the first), so
		// Y's residual is 6.
		{"a band protects its small role", 5, [][]int{{0, 1}, {2, 3, 4}}, nil,
			[]int{5, 6, 5, 5, 1, 11, 11, 22}, "..c.s..."},
		// Band X: 5 shown, 2 small: X less 5 is 2; hiding role 0 leaves
		// none shown in X, whose residual is then 7.
		{"the band's only other role is hidden", 5, [][]int{{0, 1}, {2, 3, 4}}, nil,
			[]int{5, 2, 5, 5, 5, 7, 15, 22}, "cs......"},
		// Band Y of 4 is small, and so are its roles (2, 1, 1). All less
		// X (10) is 4. Hiding X would add only its residual, 0, and no
		// role is shown outside a shown band: All itself is hidden.
		{"All hidden when nothing else can cover", 5, [][]int{{0, 1}, {2, 3, 4}}, nil,
			[]int{5, 5, 2, 1, 1, 10, 4, 14}, "..sss.sc"},
		// A role in no band: All less X (10) less role 5 (5) is Y = 3,
		// hidden as small: 3 < 5, so the smallest group directly below All
		// is hidden: role 5 (adds 5; X adds 0).
		{"an unbanded role hidden to protect a small band", 5, [][]int{{0, 1}, {2, 3, 4}}, nil,
			[]int{5, 5, 1, 1, 1, 5, 10, 3, 18}, "..sssc.s."},
	}
	for _, c := range cases {
		roles := len(c.n) - len(c.bands) - 1
		rep := &Report{MinGroup: c.k, h: testHierarchy(roles, c.bands, c.pooled)}
		cells := make([]Cell, len(c.n))
		for i, n := range c.n {
			cells[i] = newCell("g", n, float64(n), nil)
		}
		rep.suppress(cells)
		got := ""
		for _, cell := range cells {
			got += map[string]string{"": ".", HiddenSmall: "s", HiddenComplement: "c", HiddenBand: "B"}[cell.Hidden]
		}
		if got != c.want {
			t.Errorf("%s: hidden %s, want %s", c.name, got, c.want)
		}
	}
}

// TestBandGroupStaysOnceReleased: in a band of two role levels, the small
// one and its neighbour are one group; a role level that grows to min_group
// before any answer is released gets its own cells, but once the group's
// answers are in the figures it stays in the group (its figure beside the
// group's earlier one would single out the newcomers), while the band's
// figure moves on in steps.
func TestBandGroupStaysOnceReleased(t *testing.T) {
	in := bandWorkshop()
	w, f := in.Workshop, in.Framework
	w.Bands[0].Roles = []string{"a", "b"}
	const k = 3
	person := func(id, role string, v int) *survey.Response {
		r := survey.NewResponse(survey.Participant{ID: id, Role: role})
		r.Ratings["s1"] = map[string]*survey.Answer{"a1": {Rating: &v}}
		return r
	}
	pooledAt := func(h *Held) string {
		var out []string
		for _, r := range []string{"a", "b"} {
			if b, ok := h.Pooled["s1/a1"][r]; ok {
				out = append(out, r+":"+b)
			}
		}
		return strings.Join(out, " ")
	}
	// Before any answer: a has 1, b has 3 → a is grouped with b; then a
	// grows to 3 with nothing released: both on their own.
	s := NewSteps(w, f, k)
	s.Set("a1", survey.NewResponse(survey.Participant{ID: "a1", Role: "a"}))
	for _, id := range []string{"b1", "b2", "b3"} {
		s.Set(id, survey.NewResponse(survey.Participant{ID: id, Role: "b"}))
	}
	s.Commit()
	if got := pooledAt(s.Held()); got != "a:x b:x" {
		t.Fatalf("1 a and 3 b: grouped %q, want a:x b:x", got)
	}
	s.Set("a2", survey.NewResponse(survey.Participant{ID: "a2", Role: "a"}))
	s.Set("a3", survey.NewResponse(survey.Participant{ID: "a3", Role: "a"}))
	s.Commit()
	if got := pooledAt(s.Held()); got != "" {
		t.Fatalf("3 a and 3 b, nothing released: grouped %q, want none", got)
	}

	// Once released: 1 a and 3 b answer (grouped, 4 released), then two
	// more a join and answer: a has 3, but stays grouped; the band moves
	// when 3 new answers are in.
	s = NewSteps(w, f, k)
	s.Set("a1", person("a1", "a", 1))
	for i, id := range []string{"b1", "b2", "b3"} {
		s.Set(id, person(id, "b", i))
	}
	s.Commit()
	h := s.Held()
	if got := pooledAt(h); got != "a:x b:x" || len(h.Responses) != 4 {
		t.Fatalf("grouped %q with %d released, want a:x b:x with 4", got, len(h.Responses))
	}
	s.Set("a2", person("a2", "a", 4))
	s.Set("a3", person("a3", "a", 4))
	s.Commit()
	h = s.Held()
	if got := pooledAt(h); got != "a:x b:x" || len(h.Responses) != 4 || h.Waiting != 2 {
		t.Fatalf("after two more a: grouped %q, %d released, %d waiting; want a:x b:x, 4, 2", got, len(h.Responses), h.Waiting)
	}
	s.Set("b1", person("b1", "b", 3))
	s.Commit()
	h = s.Held()
	if got := pooledAt(h); got != "a:x b:x" || len(h.Responses) != 6 || h.Waiting != 0 {
		t.Fatalf("after three new answers: grouped %q, %d released, %d waiting; want a:x b:x, 6, 0", got, len(h.Responses), h.Waiting)
	}
	rep := Compute(Input{Workshop: w, Framework: f, Held: h, Responses: h.Responses, MinGroup: k})
	if c := rep.Activities[0].Cells; c[0].Hidden != HiddenBand || c[1].Hidden != HiddenBand || *c[6].N != 6 || *c[8].N != 6 {
		t.Errorf("cells %+v", c)
	}
}
