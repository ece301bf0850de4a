package workshop

import (
	"fmt"

	"github.com/skillmap/skillmap/aggregate"
	"github.com/skillmap/skillmap/audit"
	"github.com/skillmap/skillmap/figures"
	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
)

// FiguresOptions tune Figures. The zero value gives the figures a plain
// skillmap report of the state shows.
type FiguresOptions struct {
	// MinGroup raises min_group above the setting held (never lowers it).
	MinGroup int
	// IncludeUnverified counts the files the audit cannot vouch for.
	IncludeUnverified bool
	// Trend adds the Trend of every closed round on the state's history,
	// as report does (the room view has no use for it).
	Trend bool
	// AuditLimit is how many commits not audited before are audited for
	// these figures (a quick first audit); beyond that the history is not
	// audited here, and Figures.Audit is nil. 0: DefaultAuditLimit.
	AuditLimit int
}

// DefaultAuditLimit is how many commits of history not audited before a
// report audits itself (a fraction of a second); beyond that skillmap audit,
// which keeps its work, is needed first.
const DefaultAuditLimit = 2000

// Figures is what a report of one state is made of, by every rule of
// skillmap report: the settings held since the first submission, the
// audit, the files it cannot vouch for left out, and figures made along
// the history so that they move in steps of at least min_group people.
type Figures struct {
	Report *aggregate.Report
	// Held is the settings the figures hold to.
	Held survey.HeldSettings
	// Audit is the audit of the history; nil when it was not run (a long
	// history not audited before).
	Audit *audit.Result
	// Unverified is the files left out because the audit cannot vouch
	// for them (empty with IncludeUnverified).
	Unverified []audit.Unverified
}

// ReportFigures works out the figures of the workshop as it is in s, by
// every rule of skillmap report, for views that show them (the room view
// of skillmap serve). It keeps its work in the repository's caches, as
// report does, so that the next state's figures read only what is new.
func ReportFigures(repo *gitstore.Repo, s *Snapshot, o FiguresOptions) (*Figures, error) {
	held, err := HeldSettings(repo, s)
	if err != nil {
		return nil, err
	}
	in := s.Input(max(o.MinGroup, held.MinGroup))
	in.SettingsLowered = held.Lowered
	limit := o.AuditLimit
	if limit <= 0 {
		limit = DefaultAuditLimit
	}
	cache := LoadParseCache(repo)
	defer SaveParseCache(repo, cache)
	res, err := audit.Run(repo, s.Snap, s.Workshop, s.Framework, audit.Options{Cache: cache, Build: BuildID(), MaxNew: limit})
	if err != nil {
		return nil, err
	}
	out := &Figures{Held: held, Audit: res}
	var leftOut map[string]bool
	if res == nil {
		in.AuditNote = "not checked for these figures: the history is long and was not audited before; run skillmap audit"
	} else {
		in.AuditFailed = res.Files
		if !o.IncludeUnverified {
			out.Unverified = res.Unverified(in.Responses)
		}
		if len(out.Unverified) > 0 {
			leftOut = map[string]bool{}
			for _, u := range out.Unverified {
				leftOut[u.File] = true
				in.Unverified = append(in.Unverified, aggregate.Skipped{File: u.File, Reason: u.Reason})
			}
			kept := make([]*survey.Response, 0, len(in.Responses))
			for _, r := range in.Responses {
				if !leftOut[r.File] {
					kept = append(kept, r)
				}
			}
			in.Responses = kept
		}
	}
	k := max(in.MinGroup, s.Workshop.ReportMinGroup())
	if in.Held, _, err = figures.HeldAlso(repo, s.Snap, s.Workshop, s.Framework, k, leftOut, cache, gitstore.Hash{}, BuildID()); err != nil {
		return nil, err
	}
	out.Report = aggregate.Compute(in)
	if o.Trend {
		rounds, err := RoundReports(repo, s.Snap, out.Report.MinGroup, leftOut, cache, BuildID())
		if err != nil {
			return nil, fmt.Errorf("trend: %w", err)
		}
		if len(rounds) > 0 {
			out.Report.AddTrend(rounds)
		}
	}
	return out, nil
}
