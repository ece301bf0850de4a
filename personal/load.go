package personal

import (
	"slices"
	"strings"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/workshop"
)

// MaxRounds is how many earlier rounds a report reads, the latest ones:
// every round is a column and a point on each chart.
const MaxRounds = 24

// Earlier reads participant id's response at every closed round before the
// state now (by the tag's commit date; the round now is, if it is one, is
// not earlier), oldest first, and at compare (a revision, round or date as
// --compare takes it; "" for none), which goes last unless it is one of
// those rounds. A round where the participant had no file, or one that
// does not check against that round's settings, has a nil Response.
func Earlier(repo *gitstore.Repo, now *gitstore.Snapshot, id, compare string) ([]State, error) {
	tags, err := repo.Tags(workshop.RoundTagPrefix)
	if err != nil {
		return nil, err
	}
	var out []State
	for _, t := range tags {
		if t.Commit == now.Commit {
			continue
		}
		snap, err := repo.At(t.Commit.String())
		if err != nil {
			return nil, err
		}
		if snap.When.After(now.When) {
			continue
		}
		out = append(out, State{Name: "round " + strings.TrimPrefix(t.Name, workshop.RoundTagPrefix), Revision: t.Commit.String(),
			Date: t.Tagger.When, Response: responseAt(snap, id)})
	}
	if len(out) > MaxRounds {
		out = out[len(out)-MaxRounds:]
	}
	if compare != "" {
		snap, label, err := workshop.ResolveAt(repo, compare)
		if err != nil {
			return nil, err
		}
		known := false
		for _, s := range out {
			known = known || s.Revision == snap.Commit.String()
		}
		if !known && snap.Commit != now.Commit {
			out = append(out, State{Name: label, Revision: snap.Commit.String(), Date: snap.When, Response: responseAt(snap, id)})
		}
	}
	// Oldest first, --compare's among the rounds.
	slices.SortStableFunc(out, func(a, b State) int { return a.Date.Compare(b.Date) })
	return out, nil
}

// responseAt reads a participant's response in a snapshot, checked
// against the settings there; nil if there is none that checks.
func responseAt(snap *gitstore.Snapshot, id string) *survey.Response {
	wsData, err1 := snap.ReadFile(workshop.WorkshopFile)
	data, err2 := snap.ReadFile(survey.ResponsePath(id))
	if err1 != nil || err2 != nil || len(data) > survey.MaxFileSize {
		return nil
	}
	// The round's own frameworks: framework.yaml, or frameworks/ in a
	// workshop of several.
	ws, fw, err := workshop.ReadSettings(wsData, snap.ReadFile)
	if err != nil {
		return nil
	}
	r, ps := survey.CheckResponse(survey.ResponsePath(id), data, ws, fw)
	if len(ps) > 0 || r == nil || r.Participant.ID != id {
		return nil
	}
	return r
}
