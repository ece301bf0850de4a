package aggregate

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/templates"
)

func syntheticInput(t testing.TB, n int) Input {
	t.Helper()
	data, err := templates.Framework("product-leadership")
	if err != nil {
		t.Fatal(err)
	}
	f, err := survey.ParseFramework("framework.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	w := survey.NewWorkshop("Synthetic", f.ID, nil)
	var rs []*survey.Response
	for _, s := range survey.Synthesize(w, f, n, 5) {
		rs = append(rs, s.Response)
	}
	return Input{Workshop: w, Framework: f, Responses: rs, MinGroup: 1, Revision: "0123456789abcdef"}
}

// TestComputeMatchesAnswerLookups checks the figures against the plainest
// reading of the definition, answer by answer through Response.Answer (as
// Compute once did), to the last bit of every mean.
func TestComputeMatchesAnswerLookups(t *testing.T) {
	in := syntheticInput(t, 300)
	// One rating off the scale, which Check would refuse, is still counted.
	r0 := in.Responses[0]
	for _, acts := range r0.Ratings {
		for _, a := range acts {
			v := 9
			a.Rating = &v
			break
		}
		break
	}
	rep := Compute(in)
	inGroup := func(gi int, r *survey.Response) bool {
		switch g := rep.Groups[gi]; g.Kind {
		case GroupAll:
			return true
		case GroupBand:
			return slices.Contains(g.Roles, r.Participant.Role)
		default:
			return r.Participant.Role == g.ID
		}
	}
	ai := 0
	for si, s := range in.Framework.Skills {
		for gi := range rep.Groups {
			// Every rating of the skill's activities, pooled; n counts the
			// members who gave any.
			var sum float64
			n, ratings := 0, 0
			for _, r := range in.Responses {
				if total, count := memberSkillTotal(r, s); count > 0 && inGroup(gi, r) {
					sum += total
					ratings += count
					n++
				}
			}
			c := rep.Skills[si].Cells[gi]
			if c.Suppressed || c.n != n || (ratings > 0 && c.mean != sum/float64(ratings)) {
				t.Errorf("skill %s cell %s: n %d mean %v; want n %d mean %v", s.ID, c.Group, c.n, c.mean, n, sum/float64(ratings))
			}
		}
		for _, a := range s.Activities {
			for gi := range rep.Groups {
				counts := map[string]int{}
				for _, l := range in.Workshop.Scale {
					counts[strconv.Itoa(l.Value)] = 0
				}
				var sum float64
				n := 0
				for _, r := range in.Responses {
					if ans := r.Answer(s.ID, a.ID); ans != nil && ans.Rating != nil && inGroup(gi, r) {
						sum += float64(*ans.Rating)
						n++
						counts[strconv.Itoa(*ans.Rating)]++
					}
				}
				checkCell(t, rep.Activities[ai].Cells[gi], n, sum, counts)
			}
			ai++
		}
	}
}

func checkCell(t *testing.T, c Cell, n int, sum float64, counts map[string]int) {
	t.Helper()
	want := newCell(c.Group, n, sum, counts)
	if c.Suppressed {
		t.Fatalf("cell %s suppressed with min group 1", c.Group)
	}
	if c.n != want.n || c.mean != want.mean || fmt.Sprint(c.Counts) != fmt.Sprint(want.Counts) {
		t.Errorf("cell %s: n %d mean %v counts %v; want n %d mean %v counts %v", c.Group, c.n, c.mean, c.Counts, want.n, want.mean, want.Counts)
	}
}

// memberSkillTotal is the sum of a member's ratings of a skill's
// activities, and how many they rated.
func memberSkillTotal(r *survey.Response, s survey.Skill) (sum float64, n int) {
	for _, a := range s.Activities {
		if ans := r.Answer(s.ID, a.ID); ans != nil && ans.Rating != nil {
			sum += float64(*ans.Rating)
			n++
		}
	}
	return sum, n
}

func BenchmarkCompute(b *testing.B) {
	in := syntheticInput(b, 2000)
	for b.Loop() {
		Compute(in)
	}
}

func BenchmarkWriteXLSX(b *testing.B) {
	rep := Compute(syntheticInput(b, 200))
	for i := range 500 {
		rep.Skipped = append(rep.Skipped, Skipped{File: fmt.Sprintf("responses/p%d.yaml", i), Reason: "line 3: a reason"})
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := rep.WriteXLSX(&buf); err != nil {
			b.Fatal(err)
		}
	}
}

// Asked for notes, a report says whose are left out and why, so that an
// empty Notes sheet does not look like a fault.
func TestNotesWithheld(t *testing.T) {
	in := syntheticInput(t, 40)
	in.Notes = true
	sizes := map[string]int{}
	for _, r := range in.Responses {
		sizes[r.Participant.Role]++
	}
	largest := 0
	for _, n := range sizes {
		largest = max(largest, n)
	}
	in.NotesMinGroup = largest + 1
	rep := Compute(in)
	want := fmt.Sprintf("No notes are shown: no role level has %d or more participants (notes_min_group in workshop.yaml); the largest has %d.", largest+1, largest)
	if len(rep.Notes) != 0 || rep.NotesWithheld != want {
		t.Errorf("%d notes, withheld %q; want %q", len(rep.Notes), rep.NotesWithheld, want)
	}
	in.NotesMinGroup = largest
	if rep := Compute(in); rep.NotesWithheld == "" || !bytes.Contains([]byte(rep.NotesWithheld), []byte("are not shown: fewer than")) {
		t.Errorf("some role levels under the bar: withheld %q", rep.NotesWithheld)
	}
	in.NotesMinGroup = 1
	if rep := Compute(in); rep.NotesWithheld != "" {
		t.Errorf("every role level shown: withheld %q", rep.NotesWithheld)
	}
}
