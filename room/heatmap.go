package room

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/skillmap/skillmap/aggregate"
	"github.com/skillmap/skillmap/survey"
)

// talkN is how many activities each "talk about" list holds: enough for
// a conversation, few enough to read from the back of a room.
const talkN = 5

// stepN is how many activities each step between two adjacent role levels
// lists.
const stepN = 3

// heatLevels is how many colour classes the heatmap has (h0 … h4); the
// number in every cell says the same as its colour.
const heatLevels = 5

// Heatmap is the room view: the figures of skillmap report (the same
// computation and every one of its rules), laid out for a projector, and
// what to talk about, taken only from figures shown.
type Heatmap struct {
	Workshop  string
	Framework string
	Revision  string
	Date      time.Time
	MinGroup  int
	Scale     []survey.Level
	// Low and High are the ends of the rating scale.
	Low, High int
	Groups    []Group
	Skills    []SkillRows
	// Spread lists the activities whose answers differ most (everyone's
	// figures, where shown); Steps the biggest differences between
	// adjacent role levels.
	Spread []Talk
	Steps  []StepTalk
	// Waiting counts the people whose newer answers wait for the next
	// step (figures move in steps of at least MinGroup people).
	Waiting int
	// LeftOut counts the files not in the figures: ones that cannot be
	// used and ones the audit cannot vouch for. Only counts: the file
	// names are participants' ids, and this page is on a projector.
	LeftOut int
	// Shown counts the cells with figures; zero means the page says why
	// nothing is shown yet.
	Shown int
}

// Group is a column of the heatmap: a role level, a band of role levels
// (when the workshop has bands), or everyone.
type Group struct {
	ID, Name     string
	Participants int
	Responses    int
	// Band and All say which kind of column it is, so that the page sets
	// the bands and All apart from the role levels.
	Band, All bool
}

// SkillRows is one skill: its own row and its activities'.
type SkillRows struct {
	Row        Row
	Activities []Row
}

// Row is one skill's or activity's cells, one per group.
type Row struct {
	ID    string
	Text  string
	Cells []Cell
}

// Cell is one figure of the heatmap, or why there is none.
type Cell struct {
	Shown bool
	// Mean is the figure as the cell shows it (one decimal place).
	Mean string
	N    int
	// Heat is the colour class, from 0 (the bottom of the scale) to
	// heatLevels-1.
	Heat int
	// Why says why a cell shows nothing: "none" (no answers yet), or the
	// report's reason (aggregate.HiddenSmall, aggregate.HiddenComplement,
	// "band" for a role level counted only with its band).
	Why string
}

// Talk is an activity to talk about, and what makes it worth it.
type Talk struct {
	Skill, Activity string
	// Low and High are the lowest and highest ratings given; SD their
	// standard deviation (everyone, where shown).
	Low, High int
	SD        string
	N         int
}

// StepTalk is one move up between adjacent role levels and the activities
// where it shows most.
type StepTalk struct {
	From, To   string
	Activities []StepActivity
}

// StepActivity is an activity's figures at two adjacent role levels.
type StepActivity struct {
	Skill, Activity string
	From, To        string
	Difference      string
}

// NewHeatmap lays out a report's figures for the room view; ws and fw are
// the settings and framework the report was computed from. Everything it
// shows comes from the figures rep shows: a hidden cell stays hidden, and
// the talk lists are made from shown cells only.
func NewHeatmap(rep *aggregate.Report, ws *survey.Workshop, fw *survey.Framework) *Heatmap {
	h := &Heatmap{Workshop: rep.Workshop, Framework: rep.Framework, Revision: rep.Revision, Date: rep.RevisionDate,
		MinGroup: rep.MinGroup, Scale: ws.Scale, Waiting: rep.Waiting, LeftOut: len(rep.Skipped) + len(rep.Unverified)}
	lo, hi := ws.ScaleRange()
	h.Low, h.High = lo, hi
	for _, g := range rep.Groups {
		// The report's groups are the role levels, then the bands, then
		// All: a group that is neither a role level nor All is a band.
		all := g.ID == survey.AllGroup
		h.Groups = append(h.Groups, Group{ID: g.ID, Name: g.Name, Participants: g.Participants, Responses: g.Responses,
			All: all, Band: !all && ws.Role(g.ID) == nil})
	}
	// The report's rows are the framework's skills and activities in
	// order; skill ids are unique only within a framework (a workshop may
	// have several), so rows are taken by count, not matched by id.
	ai := 0
	for si, sk := range rep.Skills {
		sr := SkillRows{Row: h.row(sk.SkillID, sk.Skill, sk.Cells, lo, hi)}
		n := 0
		if si < len(fw.Skills) {
			n = len(fw.Skills[si].Activities)
		}
		for _, a := range rep.Activities[ai:min(ai+n, len(rep.Activities))] {
			sr.Activities = append(sr.Activities, h.row(a.ActivityID, a.Activity, a.Cells, lo, hi))
		}
		ai += n
		h.Skills = append(h.Skills, sr)
	}
	skillName := map[string]string{}
	for _, a := range rep.Activities {
		skillName[a.SkillID+"/"+a.ActivityID] = a.Skill
	}
	h.Spread = spread(rep)
	names := map[string]string{}
	for _, g := range rep.Groups {
		names[g.ID] = g.Name
	}
	for _, st := range rep.Steps {
		t := StepTalk{From: names[st.From], To: names[st.To]}
		for _, d := range st.Activities[:min(stepN, len(st.Activities))] {
			t.Activities = append(t.Activities, StepActivity{Skill: skillName[d.SkillID+"/"+d.ActivityID], Activity: d.Activity,
				From: one(d.From), To: one(d.To), Difference: signed(d.Difference)})
		}
		h.Steps = append(h.Steps, t)
	}
	return h
}

func (h *Heatmap) row(id, text string, cells []aggregate.Cell, lo, hi int) Row {
	r := Row{ID: id, Text: text}
	for _, c := range cells {
		var out Cell
		switch {
		case c.Mean != nil && c.N != nil:
			out = Cell{Shown: true, Mean: one(*c.Mean), N: *c.N, Heat: heat(*c.Mean, lo, hi)}
			h.Shown++
		case c.Suppressed:
			out.Why = c.Hidden
		default:
			out.Why = "none"
		}
		r.Cells = append(r.Cells, out)
	}
	return r
}

// HasBands says whether the heatmap has columns for bands of role levels.
func (h *Heatmap) HasBands() bool {
	for _, g := range h.Groups {
		if g.Band {
			return true
		}
	}
	return false
}

// HeatOf is the colour class of a rating, for the key.
func (h *Heatmap) HeatOf(v int) int { return heat(float64(v), h.Low, h.High) }

// heat is the colour class of a mean on the scale lo..hi.
func heat(mean float64, lo, hi int) int {
	if hi <= lo {
		return 0
	}
	x := (mean - float64(lo)) / float64(hi-lo)
	return min(heatLevels-1, max(0, int(math.Round(x*(heatLevels-1)))))
}

// spread lists the activities whose answers differ most, by the standard
// deviation of everyone's ratings where everyone's figures are shown (the
// counts of each rating are part of those figures: the workbook's
// Distribution sheet shows them).
func spread(rep *aggregate.Report) []Talk {
	type scored struct {
		t  Talk
		sd float64
	}
	var all []scored
	for _, row := range rep.Activities {
		c := row.Cells[len(row.Cells)-1]
		if c.Mean == nil || c.N == nil || len(c.Counts) == 0 {
			continue
		}
		var n, sum, sq float64
		low, high := math.MaxInt, math.MinInt
		for v, k := range c.Counts {
			x, err := strconv.Atoi(v)
			if err != nil || k <= 0 {
				continue
			}
			n += float64(k)
			sum += float64(x * k)
			sq += float64(x * x * k)
			low, high = min(low, x), max(high, x)
		}
		if n < 2 || high == low {
			continue
		}
		mean := sum / n
		sd := math.Sqrt(max(0, sq/n-mean*mean))
		all = append(all, scored{Talk{Skill: row.Skill, Activity: row.Activity, Low: low, High: high,
			SD: strconv.FormatFloat(sd, 'f', 1, 64), N: *c.N}, sd})
	}
	// Ties go to framework order, so the list does not jump about.
	slices.SortStableFunc(all, func(a, b scored) int { return cmp.Compare(b.sd, a.sd) })
	var out []Talk
	for _, s := range all[:min(talkN, len(all))] {
		out = append(out, s.t)
	}
	return out
}

// one shows a figure with one decimal place, as the room view does.
func one(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

// signed shows a difference with its sign, so that a step down reads as
// one.
func signed(x float64) string {
	s := one(x)
	if s == "-0.0" {
		s = "0.0"
	}
	if x > 0 && s != "0.0" {
		s = "+" + s
	}
	return s
}
