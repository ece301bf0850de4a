package aggregate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/skillmap/skillmap/survey"
)

// HiddenBand says a role level's cell is hidden because the role level is
// released with its band (ReleaseUnits): some role levels of the band have
// fewer than min_group participants, so its figures are the band's only.
const HiddenBand = "band"

// ReleaseUnits says which role levels are released together with their
// band rather than on their own, as role level → band id; rs are the
// participants of the state reported (the roster, which only facilitators
// change: a file nobody vouches for is left out before this).
//
// Why: a band's figure beside the figures of its role levels gives away
// the members of its role levels that are not shown. So either every role
// level of a band is shown on its own (the band is their sum), or the
// small ones (1 to min_group-1 participants) are released as one group
// with the band's id; when that group has fewer than min_group
// participants, the band's next smallest role levels join it until it
// has enough, or it is the whole band. A role level in a group shows no
// figures of its own ("band"); the band shows the sum of its role levels
// shown and of the group. Reports made of released answers (Steps) group
// role levels so as the history goes, activity by activity, except that a
// group with answers in the figures is never split again.
func ReleaseUnits(w *survey.Workshop, rs []*survey.Response, k int) map[string]string {
	roster := map[string]int{}
	for _, r := range rs {
		roster[r.Participant.Role]++
	}
	return poolRoles(w, func(role string) int { return roster[role] }, k)
}

// poolRoles is ReleaseUnits for a roster given as a count per role level.
func poolRoles(w *survey.Workshop, roster func(role string) int, k int) map[string]string {
	if len(w.Bands) == 0 || bandRuleOff {
		return nil
	}
	units := map[string]string{}
	for _, b := range w.Bands {
		var pool []string
		size := 0
		for _, r := range b.Roles {
			if n := roster(r); n > 0 && n < k {
				pool = append(pool, r)
				size += n
			}
		}
		if len(pool) == 0 {
			continue
		}
		for size < k {
			next, least := "", 0
			for _, r := range b.Roles {
				if n := roster(r); n > 0 && !slices.Contains(pool, r) && (next == "" || n < least) {
					next, least = r, n
				}
			}
			if next == "" {
				break
			}
			pool = append(pool, next)
			size += least
		}
		for _, r := range pool {
			units[r] = b.ID
		}
	}
	return units
}

// bandRuleOff, set by tests only, leaves bands out of the rule (bands are
// shown whenever they have min_group answers, All is checked against the
// role levels only), to show that the privacy tests can tell.
var bandRuleOff bool

// hierarchy is where a report's groups stand: role levels first, then
// bands, then All, as in Report.Groups; and which role levels are
// released with their band in the row being worked out.
type hierarchy struct {
	roles, bands int
	bandOf       []int          // per role level: its band's index among the groups, or -1
	index        map[string]int // group id → index
	pooled       []bool         // per role level: released with its band in the row being worked out
}

func newHierarchy(w *survey.Workshop) *hierarchy {
	h := &hierarchy{roles: len(w.Roles), bands: len(w.Bands), index: map[string]int{survey.AllGroup: len(w.Roles) + len(w.Bands)}}
	for i, r := range w.Roles {
		h.index[r.ID] = i
		b := w.BandOf(r.ID)
		if b >= 0 {
			b += h.roles
		}
		h.bandOf = append(h.bandOf, b)
	}
	h.pooled = make([]bool, len(w.Roles))
	for i, b := range w.Bands {
		h.index[b.ID] = h.roles + i
	}
	return h
}

// all is the index of All.
func (h *hierarchy) all() int { return h.roles + h.bands }

// groupsOf lists the groups an answer counted under id counts in: a role
// level (its band, All), or a band's id for a role level released with its
// band (that band, All). Nil for an id of neither.
func (h *hierarchy) groupsOf(id string) []int {
	i, ok := h.index[id]
	switch {
	case !ok || i == h.all():
		return nil
	case i < h.roles && h.bandOf[i] >= 0:
		return []int{i, h.bandOf[i], h.all()}
	default:
		return []int{i, h.all()}
	}
}

// suppress hides the figures no report may show, so that no hidden cell
// follows from any combination of the cells shown in its row. Each shown
// group's residual, its members who are in no shown group below it (a
// band less its role levels shown; All less the bands shown and the role
// levels shown outside them), must be nobody or at least min_group
// people: the shown figures then add up from disjoint groups of at least
// min_group, and tell nothing of any smaller one.
//
// In order: a role level released with its band is hidden ("band"); a
// group of 1 to min_group-1 answers is hidden ("small"); then, for each
// band and then All, while its residual is 1 to min_group-1, the shown
// group below it that adds least to the residual is hidden too (a role
// level before a band when they add as much), and the band or All itself
// when none is left ("complement").
func (rep *Report) suppress(cells []Cell) {
	h, k := rep.h, rep.MinGroup
	hide := func(i int, why string) {
		if !cells[i].Suppressed {
			hideCell(&cells[i], why)
		}
	}
	shown := func(i int) bool { return !cells[i].Suppressed }
	for i := 0; i < h.roles; i++ {
		if h.pooled[i] {
			hide(i, HiddenBand)
		}
	}
	for i := range cells {
		if cells[i].n > 0 && cells[i].n < k {
			hide(i, HiddenSmall)
		}
	}
	// residual of a band: its members less those of its role levels shown.
	bandResidual := func(b int) int {
		r := cells[b].n
		for i := 0; i < h.roles; i++ {
			if h.bandOf[i] == b && shown(i) {
				r -= cells[i].n
			}
		}
		return r
	}
	for b := h.roles; b < h.all() && !bandRuleOff; b++ {
		for shown(b) {
			r := bandResidual(b)
			if r <= 0 || r >= k {
				break
			}
			next := -1
			for i := 0; i < h.roles; i++ {
				if h.bandOf[i] == b && shown(i) && cells[i].n > 0 && (next < 0 || cells[i].n < cells[next].n) {
					next = i
				}
			}
			if next < 0 {
				hide(b, HiddenComplement)
				break
			}
			hide(next, HiddenComplement)
		}
	}
	all := h.all()
	for shown(all) {
		// What each shown group directly below All adds to its residual
		// when hidden: a role level its members, a band its own residual.
		r := cells[all].n
		next, adds := -1, 0
		consider := func(i, a int) {
			if a > 0 && (next < 0 || a < adds) {
				next, adds = i, a
			}
		}
		for i := 0; i < h.roles; i++ {
			if shown(i) && (h.bandOf[i] < 0 || !shown(h.bandOf[i]) || bandRuleOff) {
				r -= cells[i].n
				consider(i, cells[i].n)
			}
		}
		for b := h.roles; b < all && !bandRuleOff; b++ {
			if shown(b) {
				r -= cells[b].n
				consider(b, bandResidual(b))
			}
		}
		if r <= 0 || r >= k {
			break
		}
		if next < 0 {
			hide(all, HiddenComplement)
			break
		}
		hide(next, HiddenComplement)
	}
}

// anyPooled says whether some role level is counted in its band only.
func (rep *Report) anyPooled() bool {
	return slices.ContainsFunc(rep.Groups, func(g Group) bool { return g.Pooled })
}

// bandsText says, for About, which bands the report shows; empty when the
// workshop has none.
func (rep *Report) bandsText() string {
	var parts []string
	for _, g := range rep.Groups {
		if g.Kind != GroupBand {
			continue
		}
		var names []string
		for _, r := range g.Roles {
			names = append(names, rep.groupName(r))
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", g.Name, strings.Join(names, ", ")))
	}
	if len(parts) == 0 {
		return ""
	}
	return "Role levels grouped in bands, shown between the role levels and All: " + strings.Join(parts, "; ") + "."
}

// pooledText says in plain words, for About, why the role levels counted
// in their band show no figures of their own; empty when none are.
func (rep *Report) pooledText() string {
	var names []string
	for _, g := range rep.Groups {
		if g.Pooled {
			names = append(names, fmt.Sprintf("%s (%d)", g.Name, g.Participants))
		}
	}
	if len(names) == 0 {
		return ""
	}
	k := rep.MinGroup
	return fmt.Sprintf("These role levels show %q: %s. Each has, or is grouped with one that has, fewer than %d people, the smallest group whose figures are shown. "+
		"If such a role level were hidden on its own while its band and the band's other role levels were shown, "+
		"its figures would follow by subtraction (the band less the others), and in a group of a few people that tells you what each of them answered. "+
		"So its people are counted as one group in the band, with enough of the band's other role levels hidden to make that group at least %d people: "+
		"the band's figures show them all, and no figure shown can be taken from another to single anyone out. "+
		"Once their answers are in the figures, a role level stays counted in its band even if it grows to %d people: "+
		"shown on its own then, its figure beside the band's earlier ones would single out the newcomers.",
		BandMarker, strings.Join(names, ", "), k, k, k)
}
