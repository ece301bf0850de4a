// Package aggregate turns a workshop's responses into the figures a lead
// shares: per activity and per skill, for each role level and for everyone,
// how many answered, their mean, and how many gave each rating, with small
// groups suppressed so that no individual's answers can be seen or worked
// out. It also writes those figures as a workbook and as JSON.
package aggregate

import (
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/skillmap/skillmap/survey"
)

// Input is everything a report is computed from.
type Input struct {
	Workshop  *survey.Workshop
	Framework *survey.Framework
	Responses []*survey.Response // valid responses only
	Skipped   []Skipped          // files left out, and why
	MinGroup  int                // 0: the workshop's min_group
	Revision  string             // commit the responses were read at
	Date      time.Time          // that commit's date
	Label     string             // what the state is, for titles: "round spring-2026", "HEAD"
	// AuditFailed lists the files whose history failed skillmap audit; nil
	// when the audit was not run.
	AuditFailed []string
	// AuditNote, when the audit was not run, says why, for About (the
	// default says the history is long and was not audited before).
	AuditNote string
	// Unverified lists the files left out because the audit could not
	// vouch for them (a file no facilitator added, a role its participant
	// changed), and why; they are not in Responses.
	Unverified []Skipped
	// Notes asks for participants' notes (never their names), from role
	// levels of at least NotesMinGroup members (0: DefaultNotesMinGroup).
	Notes         bool
	NotesMinGroup int
	// Individuals asks for each participant's own answers: personal data.
	Individuals bool
	// Held, when set, is what the figures are made of: the answers
	// released along the history (Steps), in place of Responses' ratings.
	// Responses still says who is in the workshop, and gives notes and
	// individuals.
	Held *Held
	// SettingsLowered says which commits lowered min_group or
	// notes_min_group after the first submission (survey.HeldSettings),
	// for About.
	SettingsLowered []string
}

// Skipped is a response file left out of a report. Reason goes into
// shared outputs beside the file's name, which is its participant's id: it
// must say what is wrong and on which line, never quote a value
// (survey.Rejected.SharedReason).
type Skipped struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// Report holds every figure of a report. Its JSON form is documented in the
// README; field names are stable.
type Report struct {
	Schema       int       `json:"schema"`
	Workshop     string    `json:"workshop"`
	Framework    string    `json:"framework"`
	FrameworkID  string    `json:"framework_id"`
	Revision     string    `json:"revision"`
	RevisionDate time.Time `json:"revision_date"`
	MinGroup     int       `json:"min_group"`
	Participants int       `json:"participants"` // valid response files
	Responses    int       `json:"responses"`    // of which rated at least one activity
	Scale        []int     `json:"scale"`
	Groups       []Group   `json:"groups"`
	Skills       []Row     `json:"skills"`
	Activities   []Row     `json:"activities"`
	Skipped      []Skipped `json:"skipped"`
	// Rankings holds, per role level, the strongest and weakest activities;
	// Steps the biggest differences between adjacent role levels.
	Rankings []RoleRanking `json:"rankings"`
	Steps    []Step        `json:"steps"`
	// Change is set by Compare.
	Change *Change `json:"change,omitempty"`
	// Gaps compares the figures with the role expectations, when the
	// workshop sets any (expectations.go); Trend is set by AddTrend.
	Gaps  *Gaps  `json:"gaps,omitempty"`
	Trend *Trend `json:"trend,omitempty"`
	// Notes and NotesMinGroup are there only when notes were asked for.
	Notes         []Note `json:"notes,omitempty"`
	NotesMinGroup int    `json:"notes_min_group,omitempty"`
	// NotesWithheld says, when notes were asked for, whose are not shown
	// and why (role levels under NotesMinGroup), so that an empty Notes
	// sheet does not look like a fault.
	NotesWithheld string `json:"notes_withheld,omitempty"`
	// Individuals is there only when asked for; it is personal data.
	Individuals []Individual `json:"individuals,omitempty"`
	// Label names the state reported, such as a round.
	Label string `json:"label"`
	// Waiting counts the people whose newer answers are not in the figures
	// yet, because figures move in steps of at least min_group people
	// (Steps); WaitingByRole per role level.
	Waiting       int            `json:"waiting"`
	WaitingByRole map[string]int `json:"waiting_by_role"`
	// SettingsLowered says which commits lowered a setting after the first
	// submission; the report uses the strictest value instead.
	SettingsLowered []string `json:"settings_lowered,omitempty"`
	// AuditFailed lists the files whose history failed the audit (skillmap
	// audit): changed by someone other than their participant or a
	// facilitator, or settings changed after responses were submitted. It is
	// null when the history was not audited for this report.
	AuditFailed []string `json:"audit_failed"`
	// AuditNote says why the history was not audited, when it was not.
	AuditNote string `json:"audit_note,omitempty"`
	// Unverified lists the response files left out of the figures because
	// the audit could not vouch for them, and why (never their values);
	// report --include-unverified brings them back.
	Unverified []Skipped `json:"unverified"`

	held            bool       // figures are made of the answers Steps released
	skillRefs       []skillRef // of each of Skills (trend.go)
	scaleLabels     []string
	lo, hi          int
	source, licence string // the framework's, acknowledged in About
}

// Group is a role level, or everyone ("all").
type Group struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Participants int    `json:"participants"`
	Responses    int    `json:"responses"` // rated at least one activity
	// Complete is how many rated every activity (survey.Completion, the
	// rule status and round list use).
	Complete int `json:"complete"`
}

// Row is the figures for one skill or one activity, a cell per group in the
// order of Report.Groups.
type Row struct {
	SkillID    string `json:"skill_id"`
	Skill      string `json:"skill"`
	ActivityID string `json:"activity_id,omitempty"`
	Activity   string `json:"activity,omitempty"`
	Cells      []Cell `json:"cells"`
}

// Cell is the figures for one group. A suppressed cell carries no figures;
// Hidden says why: "small", the group is under min_group, or "complement",
// the group is large enough but hidden so that a small one beside it cannot
// be worked out from All by subtraction.
type Cell struct {
	Group      string         `json:"group"`
	N          *int           `json:"n"`
	Mean       *float64       `json:"mean"`
	Counts     map[string]int `json:"counts,omitempty"`
	Suppressed bool           `json:"suppressed"`
	Hidden     string         `json:"hidden,omitempty"`

	n    int // kept for suppression and for the writers' markers
	mean float64
}

// Compute works out a report's figures.
func Compute(in Input) *Report {
	w, f := in.Workshop, in.Framework
	// Whatever the caller or the settings say, never below the floor.
	k := max(in.MinGroup, w.ReportMinGroup())
	rep := &Report{
		Schema:          1,
		Workshop:        w.Title,
		Framework:       f.Title,
		FrameworkID:     f.ID,
		Revision:        in.Revision,
		RevisionDate:    in.Date,
		MinGroup:        k,
		Skipped:         in.Skipped,
		Label:           in.Label,
		AuditFailed:     in.AuditFailed,
		AuditNote:       in.AuditNote,
		Unverified:      in.Unverified,
		SettingsLowered: in.SettingsLowered,
		source:          f.Source,
		licence:         f.Licence,
	}
	if rep.Skipped == nil {
		rep.Skipped = []Skipped{}
	}
	if rep.Unverified == nil {
		rep.Unverified = []Skipped{}
	}
	rep.WaitingByRole = map[string]int{}
	figures := in.Responses
	if in.Held != nil {
		rep.held = true
		rep.Waiting = in.Held.Waiting
		if in.Held.WaitingByRole != nil {
			rep.WaitingByRole = in.Held.WaitingByRole
		}
		figures = in.Held.Responses
	}
	rep.Rankings, rep.Steps = []RoleRanking{}, []Step{}
	for _, l := range w.Scale {
		rep.Scale = append(rep.Scale, l.Value)
		rep.scaleLabels = append(rep.scaleLabels, l.Label)
	}
	rep.lo, rep.hi = w.ScaleRange()

	// Members of each group, as indexes into figures: index i <
	// len(roles) is a role, the last is All.
	roles := w.RoleIDs()
	all := len(roles)
	members := groupMembers(roles, figures)
	// Who is in each group is told by the workshop as it is, whatever
	// answers the figures are made of.
	for i, ms := range groupMembers(roles, in.Responses) {
		g := Group{ID: survey.AllGroup, Name: "All"}
		if i < all {
			g = Group{ID: w.Roles[i].ID, Name: w.Roles[i].Name}
		}
		g.Participants = len(ms)
		var c survey.Completion
		for _, ri := range ms {
			c.Add(survey.RequiredAnswered(w, f, in.Responses[ri])) // optional frameworks do not count
		}
		g.Responses, g.Complete = c.Complete+c.Partial, c.Complete
		rep.Groups = append(rep.Groups, g)
	}
	rep.Participants = rep.Groups[all].Participants
	rep.Responses = rep.Groups[all].Responses

	// Look every answer up once: ratings[ri][k] is response ri's rating of
	// the framework's k-th activity, or noRating. With thousands of
	// responses, looking answers up by id for every group is most of the
	// work otherwise.
	rt := newRatingTable(f, figures)
	scaleAt := make(map[int]int, len(w.Scale))
	for i, l := range w.Scale {
		scaleAt[l.Value] = i
	}
	ai := 0 // the framework's activities, counted across skills
	for si, s := range f.Skills {
		// A skill's figure pools every rating its activities were given
		// (n counts the members who rated any): it then follows from the
		// activity figures, and tells nothing they do not. A mean of each
		// member's own mean would weigh members by how many activities they
		// skipped, and so give away one member's rating beside the activity
		// figures of the same group.
		skill := Row{SkillID: s.ID, Skill: s.Name}
		for gi, ms := range members {
			var sum float64
			ratings, n := 0, 0
			for _, ri := range ms {
				if total, count := rt.skillTotal(ri, si); count > 0 {
					sum += total
					ratings += count
					n++
				}
			}
			c := newCell(rep.Groups[gi].ID, n, 0, nil)
			if ratings > 0 {
				c.mean = sum / float64(ratings)
				m := round(c.mean, 2)
				c.Mean = &m
			}
			skill.Cells = append(skill.Cells, c)
		}
		firstActivity := len(rep.Activities)
		for _, a := range s.Activities {
			row := Row{SkillID: s.ID, Skill: s.Name, ActivityID: a.ID, Activity: a.Text}
			for gi, ms := range members {
				onScale := make([]int, len(w.Scale))
				var offScale map[string]int // never, for checked responses
				var sum float64
				n := 0
				for _, ri := range ms {
					v := rt.ratings[ri][ai]
					if v == noRating {
						continue
					}
					sum += float64(v)
					n++
					if i, ok := scaleAt[v]; ok {
						onScale[i]++
					} else {
						if offScale == nil {
							offScale = map[string]int{}
						}
						offScale[strconv.Itoa(v)]++
					}
				}
				counts := make(map[string]int, len(w.Scale)+len(offScale))
				for i, l := range w.Scale {
					counts[strconv.Itoa(l.Value)] = onScale[i]
				}
				for v, c := range offScale {
					counts[v] += c
				}
				row.Cells = append(row.Cells, newCell(rep.Groups[gi].ID, n, sum, counts))
			}
			if in.Held != nil {
				// A cell released with fewer than min_group raters is
				// counted nowhere; it says why it is empty.
				small := in.Held.Small[s.Key()+"/"+a.ID]
				for gi := range row.Cells[:all] {
					if small[row.Cells[gi].Group] {
						hideCell(&row.Cells[gi], HiddenSmall)
					}
				}
				if len(small) > 0 && row.Cells[all].n == 0 {
					hideCell(&row.Cells[all], HiddenSmall)
				}
			}
			rep.suppress(row.Cells)
			rep.Activities = append(rep.Activities, row)
			ai++
		}
		// A group hidden in any of the skill's activities is hidden in the
		// skill too: its pooled figure, beside the activities shown, would
		// give the hidden one away.
		rep.suppress(skill.Cells)
		if in.Held != nil {
			// Pooled from the cells that joined only, a skill's figure
			// follows from the activities shown: nothing to hide. A group
			// with none that joined, where some are hidden, says so
			// rather than that nobody answered.
			for gi := range skill.Cells {
				for _, row := range rep.Activities[firstActivity:] {
					if skill.Cells[gi].n == 0 && !skill.Cells[gi].Suppressed && row.Cells[gi].Suppressed {
						hideCell(&skill.Cells[gi], HiddenSmall)
					}
				}
			}
			firstActivity = len(rep.Activities)
		}
		for _, row := range rep.Activities[firstActivity:] {
			for gi, c := range row.Cells {
				if c.Suppressed && !skill.Cells[gi].Suppressed {
					hideCell(&skill.Cells[gi], HiddenComplement)
				}
			}
		}
		rep.Skills = append(rep.Skills, skill)
	}
	rep.skillRefs = skillRefs(f)
	rep.computeGaps(w, f)
	rep.rank()
	if in.Notes {
		// Never below min_group: notes tell more than figures.
		n := in.NotesMinGroup
		if n <= 0 {
			n = w.ReportNotesMinGroup()
		}
		rep.NotesMinGroup = max(n, k)
		rep.Notes = notes(in, rep.NotesMinGroup)
		rep.NotesWithheld = notesWithheld(in, rep.NotesMinGroup)
	}
	if in.Individuals {
		rep.Individuals = individuals(in)
	}
	return rep
}

// noRating marks an activity not rated in a ratingTable.
const noRating = math.MinInt

// ratingTable holds every response's ratings by the position of the
// activity in the framework.
type ratingTable struct {
	ratings    [][]int
	skillStart []int // index of each skill's first activity; one more at the end
}

func newRatingTable(f *survey.Framework, rs []*survey.Response) *ratingTable {
	t := &ratingTable{skillStart: make([]int, 0, len(f.Skills)+1)}
	total := 0
	for _, s := range f.Skills {
		t.skillStart = append(t.skillStart, total)
		total += len(s.Activities)
	}
	t.skillStart = append(t.skillStart, total)
	cells := make([]int, len(rs)*total)
	t.ratings = make([][]int, len(rs))
	for ri, r := range rs {
		row := cells[ri*total : (ri+1)*total : (ri+1)*total]
		k := 0
		for _, s := range f.Skills {
			acts := r.Ratings[s.Key()]
			for _, a := range s.Activities {
				row[k] = noRating
				if ans := acts[a.ID]; ans != nil && ans.Rating != nil {
					row[k] = *ans.Rating
				}
				k++
			}
		}
		t.ratings[ri] = row
	}
	return t
}

// skillTotal is the sum of one response's ratings of skill si's
// activities, and how many it rated.
func (t *ratingTable) skillTotal(ri, si int) (sum float64, n int) {
	for _, v := range t.ratings[ri][t.skillStart[si]:t.skillStart[si+1]] {
		if v != noRating {
			sum += float64(v)
			n++
		}
	}
	return sum, n
}

func newCell(group string, n int, sum float64, counts map[string]int) Cell {
	c := Cell{Group: group, n: n}
	c.N = &c.n
	if n > 0 {
		c.mean = sum / float64(n)
		m := round(c.mean, 2)
		c.Mean = &m
		c.Counts = counts
	}
	return c
}

// hideCell drops a cell's figures, saying why.
func hideCell(c *Cell, why string) {
	c.Suppressed, c.Hidden = true, why
	c.N, c.Mean, c.Counts = nil, nil, nil
}

// Why a cell is hidden.
const (
	HiddenSmall      = "small"      // fewer than min_group people
	HiddenComplement = "complement" // hidden to protect a small group beside it
)

// suppress hides the figures of groups too small to show. A role cell with
// 0 < n < k is hidden. If the hidden role cells together cover fewer than k
// people, the All cell would give them away by subtraction, so the next
// smallest role cells are hidden too until the hidden ones cover at least k,
// and All is hidden when even that is not enough.
func (rep *Report) suppress(cells []Cell) {
	k := rep.MinGroup
	all := len(cells) - 1
	hide := func(i int, why string) { hideCell(&cells[i], why) }
	hidden := 0
	for i := 0; i < all; i++ {
		if cells[i].n > 0 && cells[i].n < k {
			hide(i, HiddenSmall)
			hidden += cells[i].n
		}
	}
	if cells[all].n > 0 && cells[all].n < k {
		hide(all, HiddenSmall)
	}
	for hidden > 0 && hidden < k && !cells[all].Suppressed {
		next := -1
		for i := 0; i < all; i++ {
			if !cells[i].Suppressed && cells[i].n > 0 && (next < 0 || cells[i].n < cells[next].n) {
				next = i
			}
		}
		if next < 0 {
			hide(all, HiddenComplement)
			break
		}
		hide(next, HiddenComplement)
		hidden += cells[next].n
	}
}

// groupMembers lists each group's members, as indexes into rs: index i <
// len(roles) is a role, the last is All.
func groupMembers(roles []string, rs []*survey.Response) [][]int {
	all := len(roles)
	members := make([][]int, all+1)
	for ri, r := range rs {
		if i := slices.Index(roles, r.Participant.Role); i >= 0 {
			members[i] = append(members[i], ri)
			members[all] = append(members[all], ri)
		}
	}
	return members
}

func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}
