package survey

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// An activity is known by its id. When a framework is upgraded:
//
//   - the same id with new text is the same activity, reworded: answers
//     are kept (the facilitator is told, in case the meaning changed);
//   - the same id under another skill is the same activity, moved;
//   - a new id with exactly the text of a removed one is that activity,
//     renamed: answers follow it;
//   - any other new id is a new activity, asked blank, and an id that is
//     gone is a removed activity, whose answers are retired — unless the
//     facilitator says, with a rename OLD=NEW, that they are the same.
//
// Retired answers are never deleted: if a later upgrade brings the
// activity back, they are restored.

// ChangedActivity is an activity a framework upgrade changes, with its text.
type ChangedActivity struct {
	Skill string `json:"skill"`
	ID    string `json:"id"`
	Text  string `json:"text"`
}

// Rename is an activity whose id changed.
type Rename struct {
	From   ChangedActivity `json:"from"`
	To     ChangedActivity `json:"to"`
	ByText bool            `json:"by_text"` // found by identical text, not given
}

// FrameworkChanges is how a new version of a framework differs from the
// old one, activity by activity, and where each new activity's answers
// come from.
type FrameworkChanges struct {
	Added    []ChangedActivity `json:"added"`
	Removed  []ChangedActivity `json:"removed"`
	Reworded []ChangedActivity `json:"reworded"` // as in the new framework
	Moved    []ChangedActivity `json:"moved"`    // as in the new framework
	Renamed  []Rename          `json:"renamed"`
	// from maps each new activity id to the id whose answers it takes.
	from map[string]string
}

// Unchanged reports whether no activity was added, removed, reworded,
// moved or renamed.
func (c *FrameworkChanges) Unchanged() bool {
	return len(c.Added)+len(c.Removed)+len(c.Reworded)+len(c.Moved)+len(c.Renamed) == 0
}

// CompareFrameworks works out how new differs from old. renames maps old
// activity ids to new ones the facilitator says are the same activity;
// each old id must be gone from new, and each new id must not be in old.
func CompareFrameworks(old, new *Framework, renames map[string]string) (*FrameworkChanges, error) {
	index := func(f *Framework) (map[string]ChangedActivity, []string) {
		m := map[string]ChangedActivity{}
		var order []string
		for _, s := range f.Skills {
			for _, a := range s.Activities {
				m[a.ID] = ChangedActivity{Skill: s.ID, ID: a.ID, Text: a.Text}
				order = append(order, a.ID)
			}
		}
		return m, order
	}
	oldActs, oldOrder := index(old)
	newActs, newOrder := index(new)
	c := &FrameworkChanges{from: map[string]string{}}
	var errs []string
	taken := map[string]string{}
	for _, from := range slices.Sorted(maps.Keys(renames)) {
		to := renames[from]
		_, fromInOld := oldActs[from]
		_, fromInNew := newActs[from]
		_, toInOld := oldActs[to]
		_, toInNew := newActs[to]
		switch {
		case !fromInOld:
			errs = append(errs, fmt.Sprintf("--rename %s=%s: %s is not an activity of the workshop's framework (%s)", from, to, from, old.ID))
		case fromInNew:
			errs = append(errs, fmt.Sprintf("--rename %s=%s: %s is still in the new framework; its answers stay with it", from, to, from))
		case !toInNew:
			errs = append(errs, fmt.Sprintf("--rename %s=%s: %s is not an activity of the new framework (%s)", from, to, to, new.ID))
		case toInOld:
			errs = append(errs, fmt.Sprintf("--rename %s=%s: %s is already in the workshop's framework, with answers of its own", from, to, to))
		case taken[to] != "":
			errs = append(errs, fmt.Sprintf("--rename %s=%s: %s is also the new id of %s", from, to, to, taken[to]))
		default:
			taken[to] = from
			c.from[to] = from
			c.Renamed = append(c.Renamed, Rename{From: oldActs[from], To: newActs[to]})
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	// Activities gone and activities new, with no rename given.
	var gone, fresh []string
	for _, id := range oldOrder {
		if _, ok := newActs[id]; !ok && renames[id] == "" {
			gone = append(gone, id)
		}
	}
	for _, id := range newOrder {
		if _, ok := oldActs[id]; !ok && c.from[id] == "" {
			fresh = append(fresh, id)
		}
	}
	// A new id with exactly the text of a gone one is that activity.
	byText := map[string][]string{}
	for _, id := range fresh {
		byText[newActs[id].Text] = append(byText[newActs[id].Text], id)
	}
	goneByText := map[string]int{}
	for _, id := range gone {
		goneByText[oldActs[id].Text]++
	}
	for _, id := range gone {
		t := oldActs[id].Text
		if len(byText[t]) == 1 && goneByText[t] == 1 {
			to := byText[t][0]
			c.from[to] = id
			c.Renamed = append(c.Renamed, Rename{From: oldActs[id], To: newActs[to], ByText: true})
			continue
		}
		c.Removed = append(c.Removed, oldActs[id])
	}
	for _, id := range newOrder {
		n := newActs[id]
		if o, ok := oldActs[id]; ok {
			c.from[id] = id
			if o.Text != n.Text {
				c.Reworded = append(c.Reworded, n)
			}
			if o.Skill != n.Skill {
				c.Moved = append(c.Moved, n)
			}
			continue
		}
		if c.from[id] == "" {
			c.Added = append(c.Added, n)
		}
	}
	return c, nil
}

// AnswerMoves counts what an upgrade did to one response's answers. An
// answer is a rating or a note.
type AnswerMoves struct {
	Kept     int // answers to activities in both frameworks (renamed ones included)
	Retired  int // answers to removed activities, now under "retired"
	Restored int // retired answers whose activity is back
	Archived int // answers that were retired already and stay so
	// Superseded counts retired answers dropped because the activity is
	// back and already has an answer in the ratings.
	Superseded int
	// FocusDropped counts focus activities of the plan that the new
	// framework no longer has (the plan's text is kept as it is).
	FocusDropped int
}

// upgradePlan moves a plan's focus onto a new framework: each activity
// becomes the one it moved to, and one the new framework lacks is dropped
// and counted, since a focus on nothing cannot be checked or reported.
func upgradePlan(pl *Plan, c *FrameworkChanges, new *Framework) (*Plan, int) {
	if pl == nil {
		return nil, 0
	}
	to := map[string]ActivityRef{} // old activity id → where it is now
	for _, s := range new.Skills {
		for _, a := range s.Activities {
			src := c.from[a.ID]
			if src == "" {
				src = a.ID
			}
			if _, dup := to[src]; !dup {
				to[src] = ActivityRef{Skill: s.ID, Activity: a.ID}
			}
		}
	}
	out := &Plan{Text: pl.Text, LineManager: pl.LineManager}
	dropped := 0
	for _, ref := range pl.Focus {
		now, ok := to[ref.Activity]
		if !ok || slices.Contains(out.Focus, now) {
			dropped++
			continue
		}
		now.Framework = ref.Framework
		out.Focus = append(out.Focus, now)
	}
	return out, dropped
}

// UpgradeResponse moves a response onto a new framework: each activity of
// new takes the answer of the activity it comes from (or a retired answer
// to it); every other answer goes under "retired" when the result is
// rendered with RenderResponse and new. retired is what ReadRetired found
// in the file. r is not changed.
func UpgradeResponse(r *Response, retired map[string]map[string]*Answer, c *FrameworkChanges, old, new *Framework) (*Response, AnswerMoves) {
	type entry struct {
		skill, act string
		a          *Answer
		retired    bool
		used       bool
	}
	var pool []*entry
	byAct := map[string][]*entry{}
	add := func(skill, act string, a *Answer, ret bool) {
		if a == nil || a.Rating == nil && a.Note == "" {
			return
		}
		e := &entry{skill: skill, act: act, a: a, retired: ret}
		pool = append(pool, e)
		byAct[act] = append(byAct[act], e)
	}
	// Answers where the old framework has them come first, then others
	// in the ratings, then retired ones.
	inOld := map[[2]string]bool{}
	for _, s := range old.Skills {
		for _, a := range s.Activities {
			inOld[[2]string{s.ID, a.ID}] = true
			add(s.ID, a.ID, r.Answer(s.ID, a.ID), false)
		}
	}
	for _, skill := range sortedKeys(r.Ratings) {
		for _, act := range sortedKeys(r.Ratings[skill]) {
			if !inOld[[2]string{skill, act}] {
				add(skill, act, r.Ratings[skill][act], false)
			}
		}
	}
	for _, skill := range sortedKeys(retired) {
		for _, act := range sortedKeys(retired[skill]) {
			add(skill, act, retired[skill][act], true)
		}
	}

	var m AnswerMoves
	out := &Response{File: r.File, Schema: r.Schema, Participant: r.Participant, Ratings: map[string]map[string]*Answer{}, lines: r.lines}
	out.Plan, m.FocusDropped = upgradePlan(r.Plan, c, new)
	set := func(skill, act string, a *Answer) {
		if out.Ratings[skill] == nil {
			out.Ratings[skill] = map[string]*Answer{}
		}
		if _, dup := out.Ratings[skill][act]; !dup {
			out.Ratings[skill][act] = a
		}
	}
	for _, s := range new.Skills {
		for _, a := range s.Activities {
			src := c.from[a.ID]
			if src == "" {
				src = a.ID // a new activity: perhaps it was retired once
			}
			for _, e := range byAct[src] {
				if e.used {
					continue
				}
				e.used = true
				set(s.ID, a.ID, e.a)
				if e.retired {
					m.Restored++
				} else {
					m.Kept++
				}
				break
			}
		}
	}
	known := map[[2]string]bool{}
	for _, s := range new.Skills {
		for _, a := range s.Activities {
			known[[2]string{s.ID, a.ID}] = true
		}
	}
	for _, e := range pool {
		if e.used {
			continue
		}
		if known[[2]string{e.skill, e.act}] {
			m.Superseded++
			continue
		}
		set(e.skill, e.act, e.a)
		if e.retired {
			m.Archived++
		} else {
			m.Retired++
		}
	}
	return out, m
}

// upgradePlanIn is upgradePlan for one framework of a workshop of
// several: focus activities of the other frameworks stay as they are, and
// every reference names its framework.
func upgradePlanIn(pl *Plan, c *FrameworkChanges, view, old, new *Framework) (*Plan, int) {
	if pl == nil {
		return nil, 0
	}
	out := &Plan{Text: pl.Text, LineManager: pl.LineManager}
	dropped := 0
	for _, ref := range pl.Focus {
		if ref.Framework == "" {
			ref.Framework = view.Parts()[0].ID
		}
		if ref.Framework != old.ID {
			out.Focus = append(out.Focus, ref)
			continue
		}
		// Each on its own, so that it keeps its place in the list.
		moved, n := upgradePlan(&Plan{Focus: []ActivityRef{{Skill: ref.Skill, Activity: ref.Activity}}}, c, new)
		dropped += n
		for _, m := range moved.Focus {
			m.Framework = new.ID
			if !slices.Contains(out.Focus, m) {
				out.Focus = append(out.Focus, m)
			} else {
				dropped++
			}
		}
	}
	return out, dropped
}

// UpgradeResponseIn is UpgradeResponse for one framework of a workshop of
// several: view is the workshop's combined view before the upgrade, old
// the framework of it being upgraded and new its new version. Answers to
// the workshop's other frameworks, retired ones included, are kept as they
// are; the result is keyed for the combined view after the upgrade, to be
// rendered with RenderResponse and it. r and retired are as read from the
// file (ParseResponse, ReadRetired), in either layout.
func UpgradeResponseIn(r *Response, retired map[string]map[string]*Answer, c *FrameworkChanges, view, old, new *Framework) (*Response, AnswerMoves) {
	r = r.KeyedFor(view)
	retired = (&Response{Ratings: retired}).KeyedFor(view).Ratings
	oldP, newP := old.ID+"/", new.ID+"/"
	only := func(m map[string]map[string]*Answer) map[string]map[string]*Answer {
		out := map[string]map[string]*Answer{}
		for k, v := range m {
			if rest, ok := strings.CutPrefix(k, oldP); ok {
				out[rest] = v
			}
		}
		return out
	}
	sub := &Response{File: r.File, Schema: r.Schema, Participant: r.Participant, Ratings: only(r.Ratings), lines: map[string]int{}}
	up, m := UpgradeResponse(sub, only(retired), c, old, new)
	out := &Response{File: r.File, Schema: ResponseSchemaSeveral, Participant: r.Participant, Ratings: map[string]map[string]*Answer{}, lines: r.lines, prefixed: true}
	out.Plan, m.FocusDropped = upgradePlanIn(r.Plan, c, view, old, new)
	for k, v := range r.Ratings {
		if !strings.HasPrefix(k, oldP) {
			out.Ratings[k] = maps.Clone(v) // retired answers may join it
		}
	}
	for k, v := range up.Ratings {
		out.Ratings[newP+k] = v
	}
	// The other frameworks' retired answers, where nothing took their
	// place, so that rendering writes them under "retired" again.
	for k, acts := range retired {
		if strings.HasPrefix(k, oldP) {
			continue
		}
		for act, a := range acts {
			if out.Ratings[k] == nil {
				out.Ratings[k] = map[string]*Answer{}
			}
			if have := out.Ratings[k][act]; have == nil || have.Rating == nil && have.Note == "" {
				out.Ratings[k][act] = a
			}
		}
	}
	return out, m
}
