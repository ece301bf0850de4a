package survey

import (
	"fmt"
	"unicode/utf8"
)

// Limits on what a framework or a workshop may declare. Anyone who can push
// writes these files, and every response, report and workbook is as large
// as they make it; the limits keep the work bounded and every workbook
// within a spreadsheet's limits (16,384 columns: the Distribution sheet
// has a column per role level and rating, plus the chart data), while
// leaving room for any real framework (the built-in ones have 30 and 54
// activities). The README lists them.
const (
	MaxSkills      = 50    // skills in a framework
	MaxActivities  = 500   // activities in a framework, over all its skills
	MaxRoles       = 50    // role levels in a workshop
	MaxScaleLevels = 11    // points on the rating scale (0 to 10 at most)
	MaxTextLength  = 5000  // characters in any one text: a title, name, description, activity, label
	maxScaleValue  = 10000 // a rating scale's values lie within ±maxScaleValue
)

// Limits on a participant's plan (the plan section of their response
// file): it is text for a conversation, not a document, and every report
// and form that shows it is bounded by them. A line manager's name is
// bounded as a participant's is (CheckName).
const (
	MaxFocus    = 10   // focus activities
	MaxPlanText = 2000 // characters of the plan's text
)

// checkFrameworkLimits reports where a framework goes beyond the limits;
// its problems name the limit, so that whoever wrote the file knows what
// to cut.
func (f *Framework) checkFrameworkLimits(file string) Problems {
	var ps Problems
	bad := func(format string, a ...any) { ps = append(ps, Problem{File: file, Msg: fmt.Sprintf(format, a...)}) }
	if n := len(f.Skills); n > MaxSkills {
		bad("the framework has %d skills; the limit is %d", n, MaxSkills)
	}
	if n := f.ActivityCount(); n > MaxActivities {
		bad("the framework has %d activities; the limit is %d", n, MaxActivities)
	}
	long := 0
	text := func(what, s string) {
		if utf8.RuneCountInString(s) > MaxTextLength {
			if long++; long <= 3 {
				bad("%s is %d characters long; the limit is %d", what, utf8.RuneCountInString(s), MaxTextLength)
			}
		}
	}
	text("the title", f.Title)
	text("the description", f.Description)
	text("the source", f.Source)
	text("the licence", f.Licence)
	for _, s := range f.Skills {
		text(fmt.Sprintf("the name of skill %q", clip(s.ID)), s.Name)
		text(fmt.Sprintf("the description of skill %q", clip(s.ID)), s.Description)
		for _, a := range s.Activities {
			text(fmt.Sprintf("the text of activity %q", clip(a.ID)), a.Text)
		}
	}
	if long > 3 {
		bad("%d more texts are longer than %d characters", long-3, MaxTextLength)
	}
	return ps
}

// checkWorkshopLimits is checkFrameworkLimits for workshop settings.
func (w *Workshop) checkWorkshopLimits(file string) Problems {
	var ps Problems
	bad := func(format string, a ...any) { ps = append(ps, Problem{File: file, Msg: fmt.Sprintf(format, a...)}) }
	if n := len(w.Roles); n > MaxRoles {
		bad("the workshop has %d roles; the limit is %d", n, MaxRoles)
	}
	if n := len(w.Scale); n > MaxScaleLevels {
		bad("the rating scale has %d levels; the limit is %d", n, MaxScaleLevels)
	}
	for _, l := range w.Scale {
		if l.Value < -maxScaleValue || l.Value > maxScaleValue {
			bad("scale value %d is out of range; values lie between %d and %d", l.Value, -maxScaleValue, maxScaleValue)
			break
		}
	}
	long := 0
	text := func(what, s string) {
		if utf8.RuneCountInString(s) > MaxTextLength {
			if long++; long <= 3 {
				bad("%s is %d characters long; the limit is %d", what, utf8.RuneCountInString(s), MaxTextLength)
			}
		}
	}
	text("the title", w.Title)
	for _, r := range w.Roles {
		text(fmt.Sprintf("the name of role %q", clip(r.ID)), r.Name)
	}
	for _, l := range w.Scale {
		text(fmt.Sprintf("the label of scale value %d", l.Value), l.Label)
		text(fmt.Sprintf("the meaning of scale value %d", l.Value), l.Meaning)
	}
	if long > 3 {
		bad("%d more texts are longer than %d characters", long-3, MaxTextLength)
	}
	return ps
}
