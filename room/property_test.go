package room

import (
	"bytes"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/skillmap/skillmap/aggregate"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/templates"
)

// TestHeatmapPropertyOnlyShownFigures: for workshops of any size and any
// min_group, the room view shows a figure exactly where the report does,
// its talk lists name only activities whose figures are shown for the
// groups they speak of, and the page carries a number only in a shown
// cell.
func TestHeatmapPropertyOnlyShownFigures(t *testing.T) {
	fwData, err := templates.Framework("product-leadership")
	if err != nil {
		t.Fatal(err)
	}
	fw, err := survey.ParseFramework("framework.yaml", fwData)
	if err != nil {
		t.Fatal(err)
	}
	number := regexp.MustCompile(`<td class="sm-num sm-cell[^"]*">\d`)
	var someShown, someHidden bool
	for seed := range uint64(60) {
		rng := rand.New(rand.NewPCG(seed, 1))
		ws := survey.NewWorkshop("Property", fw.ID, nil)
		ws.MinGroup = 3 + rng.IntN(5)
		n := 1 + rng.IntN(40)
		var rs []*survey.Response
		for _, s := range survey.Synthesize(ws, fw, n, seed) {
			rs = append(rs, s.Response)
		}
		rep := aggregate.Compute(aggregate.Input{Workshop: ws, Framework: fw, Responses: rs, Revision: "0123456789", Date: time.Now()})
		h := NewHeatmap(rep, ws, fw)

		shown := 0
		check := func(r Row, rr aggregate.Row) {
			for gi, c := range r.Cells {
				if c.Shown != (rr.Cells[gi].Mean != nil) {
					t.Fatalf("seed %d: %s, %s: shown %v, report %v", seed, r.Text, rr.Cells[gi].Group, c.Shown, rr.Cells[gi].Mean)
				}
				if c.Shown {
					shown++
					if c.Heat < 0 || c.Heat >= heatLevels {
						t.Fatalf("seed %d: heat %d", seed, c.Heat)
					}
				}
			}
		}
		ai := 0
		for si, sk := range h.Skills {
			check(sk.Row, rep.Skills[si])
			for _, a := range sk.Activities {
				check(a, rep.Activities[ai])
				ai++
			}
		}
		shownFor := map[string]map[string]bool{}
		for _, row := range rep.Activities {
			shownFor[row.Activity] = map[string]bool{}
			for _, c := range row.Cells {
				shownFor[row.Activity][c.Group] = c.Mean != nil
			}
		}
		for _, sp := range h.Spread {
			if !shownFor[sp.Activity][survey.AllGroup] {
				t.Fatalf("seed %d: spread lists %q, hidden for everyone", seed, sp.Activity)
			}
		}
		for _, st := range rep.Steps {
			for _, d := range st.Activities {
				if !shownFor[d.Activity][st.From] || !shownFor[d.Activity][st.To] {
					t.Fatalf("seed %d: step %s to %s lists %q, hidden for one", seed, st.From, st.To, d.Activity)
				}
			}
		}
		var buf bytes.Buffer
		if err := WriteHeatmap(&buf, h, Page{Now: time.Now()}); err != nil {
			t.Fatal(err)
		}
		// The skills' rows are in two tables.
		want := shown
		for _, sk := range h.Skills {
			for _, c := range sk.Row.Cells {
				if c.Shown {
					want++
				}
			}
		}
		if got := len(number.FindAllString(buf.String(), -1)); got != want {
			t.Fatalf("seed %d (%d people, min_group %d): %d cells hold a number, want %d", seed, n, ws.MinGroup, got, want)
		}
		someShown = someShown || shown > 0
		someHidden = someHidden || shown < (len(rep.Skills)+len(rep.Activities))*len(rep.Groups)
		if shown > 0 && strings.Contains(buf.String(), "No figures yet") {
			t.Fatalf("seed %d: figures shown, yet the page says there are none", seed)
		}
	}
	if !someShown || !someHidden {
		t.Errorf("the workshops made showed figures %v, hid some %v: the test needs both", someShown, someHidden)
	}
}
