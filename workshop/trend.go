package workshop

import (
	"fmt"
	"slices"
	"strings"

	"github.com/skillmap/skillmap/aggregate"
	"github.com/skillmap/skillmap/figures"
	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
)

// RoundReports works out the figures of every closed round (a round/ tag)
// on the history of the state reported, oldest first, as report --at
// ROUND shows them: the round's own settings, its figures made along its
// own history with min_group k (the report's, so that the same suppression
// holds in every round), the files in leftOut left out as they are in the
// report. Each is a report whose figures are complete but whose groups
// count no participants (the response files are not read again: figures
// are made of the answers the walk released). Rounds closed after that
// state, or on another branch, are not in its trend. build, as for
// figures.HeldAlso, keeps each round's walk, so that the next report reads
// none of it again.
func RoundReports(repo *gitstore.Repo, upTo *gitstore.Snapshot, k int, leftOut map[string]bool, cache *survey.ParseCache, build []byte) ([]aggregate.RoundReport, error) {
	tags, err := repo.Tags(RoundTagPrefix)
	if err != nil {
		return nil, err
	}
	// Anyone who can push can add tags: only the newest are looked at, and
	// the trend holds at most MaxTrendRounds of them.
	tags = tags[max(0, len(tags)-maxRoundTags):]
	var on []gitstore.Tag
	for i := len(tags) - 1; i >= 0 && len(on) < MaxTrendRounds; i-- {
		ok, err := repo.IsAncestor(tags[i].Commit, upTo.Commit)
		if err != nil {
			return nil, err
		}
		if ok {
			on = append(on, tags[i])
		}
	}
	slices.Reverse(on)
	out := []aggregate.RoundReport{}
	for _, t := range on {
		snap, err := repo.At(t.Commit.String())
		if err != nil {
			return nil, err
		}
		name := strings.TrimPrefix(t.Name, RoundTagPrefix)
		ws, fw, err := settingsAt(snap)
		if err != nil {
			return nil, fmt.Errorf("round %s: %w", name, err)
		}
		// A skill's figures are made of the answers the walk released
		// alone (aggregate.Compute with Held): the response files need not
		// be read again.
		in := aggregate.Input{Workshop: ws, Framework: fw, MinGroup: k, Revision: t.Commit.String(), Date: snap.When, Label: "round " + name}
		// Each round's walk is kept apart, at its tag: a closed round's
		// history does not move, so later reports take it up whole.
		var walkKey []byte
		if build != nil {
			walkKey = append(slices.Clip(build), "\x00"+t.Name...)
		}
		if in.Held, _, err = figures.HeldAlso(repo, snap, ws, fw, k, leftOut, cache, gitstore.Hash{}, walkKey); err != nil {
			return nil, fmt.Errorf("round %s: %w", name, err)
		}
		out = append(out, aggregate.RoundReport{
			Round:  aggregate.TrendRound{Name: name, Revision: t.Commit.String(), Date: t.Tagger.When},
			Report: aggregate.Compute(in),
		})
	}
	return out, nil
}

// MaxTrendRounds is how many closed rounds a trend holds at most: the
// newest on the history of the state reported.
const MaxTrendRounds = 50

// maxRoundTags is how many of the newest round tags a trend looks at.
const maxRoundTags = 4 * MaxTrendRounds

// settingsAt reads a workshop's settings and framework as they were at a
// snapshot.
func settingsAt(snap *gitstore.Snapshot) (*survey.Workshop, *survey.Framework, error) {
	wsData, err := snap.ReadFile(WorkshopFile)
	if err != nil {
		return nil, nil, err
	}
	// Each framework from its own file: framework.yaml, or frameworks/ID.yaml
	// in a workshop of several.
	return ReadSettings(wsData, snap.ReadFile)
}
