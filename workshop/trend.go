package workshop

import (
	"fmt"
	"strings"

	"github.com/skillmap/skillmap/aggregate"
	"github.com/skillmap/skillmap/figures"
	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
)

// RoundReports works out the report of every closed round (a round/ tag)
// on the history of the state reported, oldest first, as report --at
// ROUND gives it: the round's own settings and responses, its figures
// made along its own history with min_group k (the report's, so that the
// same suppression holds in every round), the files in leftOut left out
// as they are in the report. Rounds closed after that state, or on
// another branch, are not in its trend. build, as for figures.HeldAlso,
// keeps each walk so that the next round's takes it up.
func RoundReports(repo *gitstore.Repo, upTo *gitstore.Snapshot, k int, leftOut map[string]bool, cache *survey.ParseCache, build []byte) ([]aggregate.RoundReport, error) {
	tags, err := repo.Tags(RoundTagPrefix)
	if err != nil {
		return nil, err
	}
	out := []aggregate.RoundReport{}
	for _, t := range tags {
		on, err := repo.IsAncestor(t.Commit, upTo.Commit)
		if err != nil {
			return nil, err
		}
		if !on {
			continue
		}
		snap, err := repo.At(t.Commit.String())
		if err != nil {
			return nil, err
		}
		name := strings.TrimPrefix(t.Name, RoundTagPrefix)
		s, err := LoadState(repo, snap, "round "+name, nil)
		if err != nil {
			return nil, fmt.Errorf("round %s: %w", name, err)
		}
		in := s.Input(k)
		kept := in.Responses[:0:0]
		for _, r := range in.Responses {
			if !leftOut[r.File] {
				kept = append(kept, r)
			}
		}
		in.Responses = kept
		if in.Held, _, err = figures.HeldAlso(repo, snap, s.Workshop, s.Framework, k, leftOut, cache, gitstore.Hash{}, build); err != nil {
			return nil, fmt.Errorf("round %s: %w", name, err)
		}
		out = append(out, aggregate.RoundReport{
			Round:  aggregate.TrendRound{Name: name, Revision: t.Commit.String(), Date: snap.When},
			Report: aggregate.Compute(in),
		})
	}
	return out, nil
}
