package survey

import (
	"fmt"
	"time"
)

// SettingsVersion is one version of workshop.yaml in a workshop's
// first-parent history, oldest first.
type SettingsVersion struct {
	Commit string // its commit's id
	Date   time.Time
	// Workshop is the version as read; nil when it could not be read.
	Workshop *Workshop
	// Changed says it was committed after responses had been submitted;
	// Held, that it was in effect at some time after that.
	Changed, Held bool
}

// HeldSettings is what a report takes from the history of the settings:
// once responses have been submitted, a setting that protects them can be
// raised but never lowered by a commit, so a report uses the strictest
// value held since the first submission.
type HeldSettings struct {
	MinGroup      int
	NotesMinGroup int
	// Lowered says, in a sentence each, which commits lowered a setting
	// after the first submission, and what the report uses instead.
	Lowered []string
}

// HoldSettings works out the settings a report uses: the current ones,
// raised to their floors and to the strictest value any version held after
// the first submission.
func HoldSettings(current *Workshop, history []SettingsVersion) HeldSettings {
	h := HeldSettings{MinGroup: current.ReportMinGroup(), NotesMinGroup: current.ReportNotesMinGroup()}
	for _, v := range history {
		if v.Held && v.Workshop != nil {
			h.MinGroup = max(h.MinGroup, v.Workshop.ReportMinGroup())
			h.NotesMinGroup = max(h.NotesMinGroup, v.Workshop.ReportNotesMinGroup())
		}
	}
	h.NotesMinGroup = max(h.NotesMinGroup, h.MinGroup)
	var prev *Workshop
	for _, v := range history {
		if v.Workshop == nil {
			continue
		}
		if prev != nil && v.Changed {
			short := v.Commit
			if len(short) > 7 {
				short = short[:7]
			}
			when := fmt.Sprintf("commit %s (%s)", short, v.Date.Format("2006-01-02"))
			if v.Workshop.MinGroup < prev.MinGroup && v.Workshop.MinGroup < h.MinGroup {
				h.Lowered = append(h.Lowered, fmt.Sprintf("min_group was lowered from %d to %d by %s, after responses were submitted; this report uses %d",
					prev.MinGroup, v.Workshop.MinGroup, when, h.MinGroup))
			}
			if v.Workshop.ReportNotesMinGroup() < prev.ReportNotesMinGroup() && v.Workshop.ReportNotesMinGroup() < h.NotesMinGroup {
				h.Lowered = append(h.Lowered, fmt.Sprintf("notes_min_group was lowered from %d to %d by %s, after responses were submitted; this report uses %d",
					prev.ReportNotesMinGroup(), v.Workshop.ReportNotesMinGroup(), when, h.NotesMinGroup))
			}
		}
		prev = v.Workshop
	}
	return h
}
