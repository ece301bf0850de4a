package workshop

import (
	"fmt"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
)

// HeldSettings reads the history of workshop.yaml up to a snapshot and
// works out the settings a report of it uses: never weaker than any
// version held after the first submission (survey.HoldSettings), so a
// commit that lowers min_group cannot weaken a report.
//
// A version counts as held after the first submission when responses were
// in the tree just before the next version was committed (or, for the last
// one, at the snapshot): the history of responses/ itself is not walked, to
// keep a report quick. A history that deletes every response, lowers a
// setting and adds the responses back is an audit finding at each step.
func HeldSettings(repo *gitstore.Repo, s *Snapshot) (survey.HeldSettings, error) {
	changes, err := s.Snap.WalkChanges(WorkshopFile)
	if err != nil {
		return survey.HeldSettings{}, err
	}
	var blobs []gitstore.Hash
	for _, c := range changes {
		blobs = append(blobs, c.Changes[0].New)
	}
	data, errs := repo.ReadBlobs(blobs, survey.MaxFileSize, nil)
	history := make([]survey.SettingsVersion, len(changes))
	submitted := false
	for i, c := range changes {
		v := survey.SettingsVersion{Commit: c.Commit.String(), Date: c.Author.When}
		if errs[i] == nil && !blobs[i].IsZero() {
			v.Workshop, _ = survey.ParseWorkshop(WorkshopFile, data[i])
		}
		if !submitted && i > 0 {
			if submitted, err = hadResponses(repo, c.Commit.String()+"^"); err != nil {
				return survey.HeldSettings{}, err
			}
		}
		v.Changed = submitted
		if i > 0 {
			history[i-1].Held = submitted
		}
		history[i] = v
	}
	if n := len(history); n > 0 {
		history[n-1].Held = submitted || len(s.Entries) > 0
	}
	return survey.HoldSettings(s.Workshop, history), nil
}

// hadResponses reports whether the tree at rev holds any response file.
func hadResponses(repo *gitstore.Repo, rev string) (bool, error) {
	snap, err := repo.At(rev)
	if err != nil {
		return false, fmt.Errorf("read %s: %w", rev, err)
	}
	entries, err := snap.Dir(survey.ResponsesDir)
	if err != nil {
		return false, err
	}
	for _, e := range entries {
		if survey.IsResponseName(e.Name) {
			return true, nil
		}
	}
	return false, nil
}
