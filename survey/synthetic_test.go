package survey

import (
	"reflect"
	"testing"
)

func TestSynthesizeDeterministic(t *testing.T) {
	w, f := testWorkshop(), embeddedFramework(t)
	a := Synthesize(w, f, 40, 7)
	b := Synthesize(w, f, 40, 7)
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed gave different participants")
	}
	c := Synthesize(w, f, 40, 8)
	if reflect.DeepEqual(a, c) {
		t.Error("different seeds gave the same participants")
	}
	if len(a) != 40 || len(Synthesize(w, f, 0, 7)) != 0 {
		t.Errorf("asked for 40, got %d", len(a))
	}
}

func TestSynthesizePassesCheck(t *testing.T) {
	w, f := testWorkshop(), embeddedFramework(t)
	people := Synthesize(w, f, 200, 1)
	ids := map[string]bool{}
	submits, blank, notes := 0, 0, 0
	for _, s := range people {
		r := s.Response
		if ps := r.Check(w, f); len(ps) != 0 {
			t.Fatalf("%s: %v", r.File, ps.Error())
		}
		if ids[r.Participant.ID] {
			t.Errorf("id %s used twice", r.Participant.ID)
		}
		ids[r.Participant.ID] = true
		if r.File != ResponsePath(r.Participant.ID) {
			t.Errorf("file %q for id %q", r.File, r.Participant.ID)
		}
		if s.Submits {
			submits++
		}
		for _, sk := range f.Skills {
			for _, a := range sk.Activities {
				ans := r.Answer(sk.ID, a.ID)
				if ans == nil {
					t.Fatalf("%s: no answer entry for %s", r.File, a.ID)
				}
				if ans.Rating == nil {
					blank++
				}
				if ans.Note != "" {
					notes++
				}
			}
		}
		// What is synthesized survives being written and read back.
		back, ps := ParseResponse(r.File, RenderResponse(w, f, r))
		if len(ps) != 0 {
			t.Fatalf("%s: %v", r.File, ps.Error())
		}
		if back.Participant != r.Participant {
			t.Errorf("participant %+v came back as %+v", r.Participant, back.Participant)
		}
		sameAnswers(t, f, r, back)
	}
	total := 200 * f.ActivityCount()
	// Blanks about 7%, notes about 7.5%, submitters about 95%: allow for chance.
	if blank < total*3/100 || blank > total*12/100 {
		t.Errorf("%d of %d activities blank", blank, total)
	}
	if notes < total*3/100 || notes > total*12/100 {
		t.Errorf("%d of %d activities with notes", notes, total)
	}
	if submits < 170 || submits == 200 {
		t.Errorf("%d of 200 submit", submits)
	}
}

func TestSynthesizeSeniority(t *testing.T) {
	w, f := testWorkshop(), embeddedFramework(t)
	for _, seed := range []uint64{1, 2, 3} {
		sum := make([]float64, len(w.Roles))
		count := make([]int, len(w.Roles))
		for _, s := range Synthesize(w, f, 500, seed) {
			role := -1
			for i, r := range w.Roles {
				if r.ID == s.Response.Participant.Role {
					role = i
				}
			}
			for _, acts := range s.Response.Ratings {
				for _, a := range acts {
					if a.Rating != nil {
						sum[role] += float64(*a.Rating)
						count[role]++
					}
				}
			}
		}
		means := make([]float64, len(sum))
		for i := range sum {
			if count[i] == 0 {
				t.Fatalf("seed %d: nobody with role %s", seed, w.Roles[i].ID)
			}
			means[i] = sum[i] / float64(count[i])
		}
		for i := 1; i < len(means); i++ {
			if means[i] <= means[i-1] {
				t.Errorf("seed %d: mean rating of %s (%.2f) is not above %s (%.2f)", seed, w.Roles[i].ID, means[i], w.Roles[i-1].ID, means[i-1])
			}
		}
		if means[0] > 2 || means[len(means)-1] < 2.5 {
			t.Errorf("seed %d: means %.2f do not span the scale", seed, means)
		}
	}
}

func TestSpread(t *testing.T) {
	got := spread(40, 5)
	count := make([]int, 5)
	for _, r := range got {
		count[r]++
	}
	// roleWeights 6, 9, 10, 8, 7 of 40.
	if want := []int{6, 9, 10, 8, 7}; !reflect.DeepEqual(count, want) {
		t.Errorf("counts %v, want %v", count, want)
	}
	// Any prefix is spread too: the first 10 include every middle level.
	seen := map[int]bool{}
	for _, r := range got[:10] {
		seen[r] = true
	}
	if !seen[1] || !seen[2] || !seen[3] {
		t.Errorf("first 10: %v", got[:10])
	}
	// More roles than weights: the extra ones get weight 1.
	count = make([]int, 7)
	for _, r := range spread(42, 7) {
		count[r]++
	}
	if count[5] != 1 || count[6] != 1 {
		t.Errorf("counts %v", count)
	}
}

func TestSynthesizeNextRound(t *testing.T) {
	w, f := testWorkshop(), embeddedFramework(t)
	before := Synthesize(w, f, 100, 3)
	after := SynthesizeNextRound(w, f, before, 4)
	if !reflect.DeepEqual(after, SynthesizeNextRound(w, f, before, 4)) {
		t.Error("the same seed gave different answers")
	}
	if reflect.DeepEqual(after, SynthesizeNextRound(w, f, before, 5)) {
		t.Error("different seeds gave the same answers")
	}
	if len(after) != len(before) {
		t.Fatalf("%d people after, %d before", len(after), len(before))
	}
	sumBefore, sumAfter, n := 0, 0, 0
	for i, s := range after {
		r, prev := s.Response, before[i].Response
		if r.Participant != prev.Participant {
			t.Errorf("person %d: %+v became %+v", i, prev.Participant, r.Participant)
		}
		if ps := r.Check(w, f); len(ps) != 0 {
			t.Fatalf("%s: %v", r.File, ps.Error())
		}
		for _, sk := range f.Skills {
			for _, a := range sk.Activities {
				old, now := prev.Answer(sk.ID, a.ID), r.Answer(sk.ID, a.ID)
				if old == nil || old.Rating == nil {
					continue
				}
				if now == nil || now.Rating == nil {
					t.Errorf("%s/%s: rated before, blank after", r.File, a.ID)
					continue
				}
				if d := *now.Rating - *old.Rating; d < -1 || d > 1 {
					t.Errorf("%s/%s: %d became %d", r.File, a.ID, *old.Rating, *now.Rating)
				}
				sumBefore += *old.Rating
				sumAfter += *now.Rating
				n++
			}
		}
	}
	if n == 0 || sumAfter <= sumBefore {
		t.Errorf("no growth: %d ratings summing %d before, %d after", n, sumBefore, sumAfter)
	}
}
