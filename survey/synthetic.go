package survey

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// Synthetic is a made-up participant for demonstrations and benchmarks.
type Synthetic struct {
	Response *Response
	Submits  bool // false for the few who never get round to it
}

var (
	firstNames = []string{"Aisha", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Harry", "Isla", "Jamal",
		"Kate", "Leo", "Maya", "Nikhil", "Olivia", "Priya", "Quentin", "Rosa", "Sam", "Tom",
		"Uma", "Victor", "Wendy", "Xavier", "Yasmin", "Zac", "Anna", "Callum", "Deborah", "Ewan"}
	lastNames = []string{"Adeyemi", "Brown", "Campbell", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones",
		"Khan", "Lewis", "Murphy", "Nowak", "O'Brien", "Patel", "Quinn", "Roberts", "Singh", "Taylor",
		"Usman", "Walker", "Williams", "Young", "Zhang", "Morgan", "Okafor", "Reid", "Shah", "Wood"}
	demoNotes = []string{
		"Did this on my last programme.",
		"Would like a mentor for this.",
		"Only in a small team so far.",
		"Keen to get more practice here.",
		"Shadowed my head of product on this.",
		"Not had the chance yet in this role.",
	}
	// roleWeights spreads a community over the role levels: most people are
	// product managers or senior product managers, and even the smallest
	// level of a 40-person demo has enough people to show its figures.
	roleWeights = []float64{6, 9, 10, 8, 7}
)

// Synthesize makes n plausible participants with answers: more senior roles
// rate themselves higher on average, some skills and activities are harder
// than others, a few activities are left blank, and a few people never
// submit. The same seed gives the same people and answers.
func Synthesize(w *Workshop, f *Framework, n int, seed uint64) []Synthetic {
	rng := rand.New(rand.NewPCG(seed, 0x5c111a9))
	lo, hi := w.ScaleRange()
	span := float64(hi - lo)
	skillOffset := map[string]float64{}
	actOffset := map[string]float64{}
	for _, s := range f.Skills {
		skillOffset[s.Key()] = rng.NormFloat64() * 0.3
		for _, a := range s.Activities {
			actOffset[a.ID] = rng.NormFloat64() * 0.35
		}
	}
	seniority := map[string]float64{}
	for _, s := range f.Skills {
		for _, a := range s.Activities {
			seniority[a.ID] = activitySeniority(s.Name + " " + a.Text)
		}
	}
	roles := spread(n, len(w.Roles))
	used := map[string]int{}
	out := make([]Synthetic, 0, n)
	for i := 0; i < n; i++ {
		name := firstNames[rng.IntN(len(firstNames))] + " " + lastNames[rng.IntN(len(lastNames))]
		id := Slug(name)
		if used[id]++; used[id] > 1 {
			id = fmt.Sprintf("%s-%d", id, used[id])
		}
		role := roles[i]
		p := Participant{ID: id, Name: name, Email: id + "@example.org", Role: w.Roles[role].ID}
		r := NewResponse(p)
		// Ability rises with seniority, from about a quarter of the scale for
		// the first role level to about three quarters for the last.
		level := 0.5
		if len(w.Roles) > 1 {
			level = float64(role) / float64(len(w.Roles)-1)
		}
		person := rng.NormFloat64() * 0.4
		for _, s := range f.Skills {
			if f.Several() && !w.Asked(p.Role, s.Framework) {
				continue
			}
			acts := map[string]*Answer{}
			r.Ratings[s.Key()] = acts
			for _, a := range s.Activities {
				ans := &Answer{}
				acts[a.ID] = ans
				if rng.Float64() < 0.07 {
					continue // left blank
				}
				// Senior activities (leading, executive, portfolio) are
				// rated lower the more junior the role: a new product
				// manager has rarely sat on an executive team.
				junior := (1 - level) * seniority[a.ID] * span * 0.45
				x := float64(lo) + span*(0.22+0.55*level) - junior + person + skillOffset[s.Key()] + actOffset[a.ID] + rng.NormFloat64()*0.6
				v := int(math.Round(math.Max(float64(lo), math.Min(float64(hi), x))))
				ans.Rating = &v
				if rng.Float64() < 0.08 {
					ans.Note = demoNotes[rng.IntN(len(demoNotes))]
				}
			}
		}
		out = append(out, Synthetic{Response: r, Submits: rng.Float64() >= 0.05})
	}
	return out
}

// seniorWords mark an activity that senior roles do; juniorWords one that
// anyone does from the start.
var (
	topWords    = []string{"executive", "portfolio"}
	seniorWords = []string{"organisation", "strateg", "lead ", "manage the", "other product managers", "business", "governance"}
	juniorWords = []string{"be coached", "understand your own", "champion the delivery"}
)

// activitySeniority says, from 0 to 1, how senior an activity reads from
// its words, so that synthetic juniors rate it lower.
func activitySeniority(text string) float64 {
	t := strings.ToLower(text)
	for _, w := range juniorWords {
		if strings.Contains(t, w) {
			return 0
		}
	}
	for _, w := range topWords {
		if strings.Contains(t, w) {
			return 1
		}
	}
	n := 0
	for _, w := range seniorWords {
		if strings.Contains(t, w) {
			n++
		}
	}
	return min(float64(n)/2, 1)
}

// spread assigns n people to role levels in proportion to roleWeights,
// interleaved so that any prefix of the list is spread too.
func spread(n, roles int) []int {
	weights := make([]float64, roles)
	var total float64
	for i := range weights {
		weights[i] = 1
		if i < len(roleWeights) {
			weights[i] = roleWeights[i]
		}
		total += weights[i]
	}
	out := make([]int, n)
	given := make([]float64, roles)
	for i := range out {
		// Give the next person to the role furthest below its share.
		best, bestGap := 0, math.Inf(-1)
		for r := range weights {
			gap := weights[r]/total*float64(i+1) - given[r]
			if gap > bestGap {
				best, bestGap = r, gap
			}
		}
		out[i] = best
		given[best]++
	}
	return out
}

// SynthesizeNextRound makes the same people's answers some months later:
// most submit again, and many have grown, rating some activities higher
// and answering some they had left blank; a few rate something lower. The
// same seed gives the same answers.
func SynthesizeNextRound(w *Workshop, f *Framework, before []Synthetic, seed uint64) []Synthetic {
	rng := rand.New(rand.NewPCG(seed, 0x20_0d))
	lo, hi := w.ScaleRange()
	out := make([]Synthetic, len(before))
	for i, p := range before {
		r := NewResponse(p.Response.Participant)
		growth := 0.15 + rng.Float64()*0.4 // how much this person has developed
		for _, s := range f.Skills {
			acts := map[string]*Answer{}
			r.Ratings[s.Key()] = acts
			for _, a := range s.Activities {
				prev := p.Response.Answer(s.Key(), a.ID)
				ans := &Answer{}
				acts[a.ID] = ans
				switch {
				case prev != nil && prev.Rating != nil:
					v := *prev.Rating
					switch x := rng.Float64(); {
					case x < growth && v < hi:
						v++
					case x > 0.97 && v > lo:
						v--
					}
					ans.Rating, ans.Note = &v, prev.Note
				case rng.Float64() < 0.5:
					v := lo + rng.IntN(hi-lo+1)
					ans.Rating = &v
				}
			}
		}
		out[i] = Synthetic{Response: r, Submits: rng.Float64() >= 0.1}
	}
	return out
}
