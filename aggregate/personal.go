package aggregate

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/skillmap/skillmap/survey"
)

// DefaultNotesMinGroup is the smallest role level whose members' notes a
// report may show: free text can identify its writer far more easily than a
// number, so the bar is higher than for figures.
const DefaultNotesMinGroup = survey.DefaultNotesMinGroup

// Note is one participant's note on an activity, without who wrote it.
type Note struct {
	SkillID    string `json:"skill_id"`
	ActivityID string `json:"activity_id"`
	Activity   string `json:"activity"`
	Group      string `json:"group"`
	Text       string `json:"text"`
}

// Individual is one participant's answers, for reports that are allowed to
// show them (--individuals).
type Individual struct {
	ID      string         `json:"id"`
	Name    string         `json:"name"`
	Role    string         `json:"role"`
	Ratings map[string]int `json:"ratings"` // activity id → rating, answered only
}

// notes collects the notes of role levels with at least minGroup members,
// each activity's in a shuffled order so that order gives no one away. The
// shuffle is seeded by the revision, so one state always gives one order.
func notes(in Input, minGroup int) []Note {
	h := fnv.New64a()
	h.Write([]byte(in.Revision))
	rng := rand.New(rand.NewPCG(h.Sum64(), 0x6e6f746573))
	// Each role's members, listed once: going through every response for
	// every role and activity grew with roles × participants × activities.
	members := map[string][]*survey.Response{}
	for _, r := range in.Responses {
		members[r.Participant.Role] = append(members[r.Participant.Role], r)
	}
	out := []Note{}
	for _, s := range in.Framework.Skills {
		for _, a := range s.Activities {
			for _, role := range in.Workshop.Roles {
				if len(members[role.ID]) < minGroup {
					continue
				}
				var batch []Note
				for _, r := range members[role.ID] {
					if ans := r.Answer(s.Key(), a.ID); ans != nil && ans.Note != "" {
						batch = append(batch, Note{SkillID: s.ID, ActivityID: a.ID, Activity: a.Text, Group: role.ID, Text: ans.Note})
					}
				}
				slices.SortFunc(batch, func(x, y Note) int { return compareStrings(x.Text, y.Text) })
				rng.Shuffle(len(batch), func(i, j int) { batch[i], batch[j] = batch[j], batch[i] })
				out = append(out, batch...)
			}
		}
	}
	return out
}

// notesWithheld says whose notes a report leaves out, and why: the role
// levels with fewer than minGroup members; "" when none.
func notesWithheld(in Input, minGroup int) string {
	members := map[string]int{}
	for _, r := range in.Responses {
		members[r.Participant.Role]++
	}
	var small []string
	largest := 0
	for _, role := range in.Workshop.Roles {
		largest = max(largest, members[role.ID])
		if members[role.ID] < minGroup {
			small = append(small, role.Name)
		}
	}
	switch {
	case len(small) == 0:
		return ""
	case len(small) == len(in.Workshop.Roles):
		return fmt.Sprintf("No notes are shown: no role level has %d or more participants (notes_min_group in workshop.yaml); the largest has %d.", minGroup, largest)
	}
	return fmt.Sprintf("Notes from %s are not shown: fewer than %d participants (notes_min_group in workshop.yaml).", strings.Join(small, ", "), minGroup)
}

func individuals(in Input) []Individual {
	out := make([]Individual, 0, len(in.Responses))
	for _, r := range in.Responses {
		ind := Individual{ID: r.Participant.ID, Name: r.Participant.Name, Role: r.Participant.Role, Ratings: map[string]int{}}
		for _, s := range in.Framework.Skills {
			for _, a := range s.Activities {
				if ans := r.Answer(s.Key(), a.ID); ans != nil && ans.Rating != nil {
					ind.Ratings[a.ID] = *ans.Rating
				}
			}
		}
		out = append(out, ind)
	}
	slices.SortFunc(out, func(x, y Individual) int { return compareStrings(x.ID, y.ID) })
	return out
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
