package aggregate

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/templates"
)

// twoFrameworks is a workshop of both built-in frameworks, product
// leadership not asked of associate product managers and optional for
// product managers, and n synthetic participants.
func twoFrameworks(t testing.TB, n int, seed uint64) Input {
	t.Helper()
	var parts []*survey.Framework
	for _, id := range []string{"product-management", "product-leadership"} {
		data, err := templates.Framework(id)
		if err != nil {
			t.Fatal(err)
		}
		f, err := survey.ParseFramework(id+".yaml", data)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, f)
	}
	w := survey.NewWorkshop("Two", parts[0].ID, nil)
	w.AddFramework(parts[1].ID)
	u := w.Use("product-leadership")
	u.NotAsked = []string{"associate-product-manager"}
	u.Optional = []string{"product-manager"}
	f := survey.Combine(parts...)
	var rs []*survey.Response
	for _, s := range survey.Synthesize(w, f, n, seed) {
		rs = append(rs, s.Response)
	}
	return Input{Workshop: w, Framework: f, Responses: rs, MinGroup: 3, Revision: "0123456789abcdef"}
}

// TestNotAskedAnswersCountNowhere is the privacy property of a framework a
// role level is not asked: whatever answers someone of that role level
// writes into its section by hand, no figure of any report (JSON, CSV
// tables), made of the answers as they are or of the answers released
// along a history (Steps), changes; its cells say "not asked". Counted in
// All or the band, such answers would follow by subtraction, with no cell
// of their own to hide.
func TestNotAskedAnswersCountNowhere(t *testing.T) {
	for seed := uint64(1); seed <= 8; seed++ {
		in := twoFrameworks(t, 12+int(seed)*4, seed)
		before := figuresOfBoth(t, in)

		// Every associate product manager rates product leadership.
		rng := rand.New(rand.NewPCG(seed, 7))
		forged := 0
		for _, r := range in.Responses {
			if r.Participant.Role != "associate-product-manager" {
				continue
			}
			for _, s := range in.Framework.Skills {
				if s.Framework != "product-leadership" {
					continue
				}
				acts := map[string]*survey.Answer{}
				for _, a := range s.Activities {
					v := rng.IntN(5)
					acts[a.ID] = &survey.Answer{Rating: &v, Note: "forged"}
					forged++
				}
				r.Ratings[s.Key()] = acts
			}
		}
		if forged == 0 {
			t.Fatalf("seed %d: no associate product manager", seed)
		}
		if after := figuresOfBoth(t, in); after != before {
			t.Fatalf("seed %d: answers of a role level not asked the framework changed the figures", seed)
		}
	}

	in := twoFrameworks(t, 30, 1)
	rep := Compute(in)
	apm := 0 // associate product managers' column
	for _, row := range rep.Activities {
		c := row.Cells[apm]
		if row.FrameworkID == "product-leadership" && (!c.NotAsked || c.n != 0 || c.Suppressed) {
			t.Fatalf("%s/%s: associate product managers' cell %+v, want not asked", row.FrameworkID, row.ActivityID, c)
		}
		if row.FrameworkID == "product-management" && c.NotAsked {
			t.Fatalf("%s/%s: associate product managers' cell says not asked", row.FrameworkID, row.ActivityID)
		}
	}
	if len(rep.Frameworks) != 2 || strings.Join(rep.Frameworks[1].NotAsked, ",") != "associate-product-manager" || strings.Join(rep.Frameworks[1].Optional, ",") != "product-manager" {
		t.Fatalf("frameworks = %+v", rep.Frameworks)
	}
}

// figuresOfBoth is a report's figures as the JSON and CSV give them, made
// of the answers as they are and of the answers released by Steps (each
// response a commit of its own), with notes.
func figuresOfBoth(t *testing.T, in Input) string {
	t.Helper()
	var out bytes.Buffer
	plain := in
	plain.Notes, plain.NotesMinGroup = true, 3
	for _, held := range []bool{false, true} {
		cur := plain
		if held {
			st := NewSteps(in.Workshop, in.Framework, in.MinGroup)
			for _, r := range in.Responses {
				st.Set(r.Participant.ID, r)
				st.Commit()
			}
			cur.Held = st.Held()
		}
		rep := Compute(cur)
		if err := rep.WriteJSON(&out); err != nil {
			t.Fatal(err)
		}
		for _, rows := range [][][]string{rep.figureRows(rep.Skills, false), rep.figureRows(rep.Activities, true), rep.distributionRows(), rep.priorityRows()} {
			for _, r := range rows {
				out.WriteString(strings.Join(r, ",") + "\n")
			}
		}
	}
	return out.String()
}
