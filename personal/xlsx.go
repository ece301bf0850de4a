package personal

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Sheet names, in workbook order.
const (
	SheetSummary      = "Summary"
	SheetActivities   = "Activities"
	SheetChange       = "Change"
	SheetConversation = "Conversation"
	SheetAbout        = "About"
)

// a4 is A4 paper, in the spreadsheet's numbering of paper sizes.
const a4 = 9

// maxCell is the most characters a cell holds (the format allows 32,767).
const maxCell = 32000

type styles struct {
	title, note, header, text, wrap, mean, num, hidden, section, box, label, focus int
}

// xw writes one workbook, keeping the first error.
type xw struct {
	f   *excelize.File
	st  styles
	err error
	rep *Report
}

func (w *xw) do(err error) {
	if w.err == nil && err != nil {
		w.err = err
	}
}

func ref(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

func colName(col int) string {
	s, _ := excelize.ColumnNumberToName(col)
	return s
}

func (w *xw) set(sheet string, col, row int, v any, style int) {
	if s, ok := v.(string); ok {
		if utf8.RuneCountInString(s) > maxCell {
			s = string([]rune(s)[:maxCell]) + "…"
		}
		// Always text, never a formula, whatever the text starts with.
		w.do(w.f.SetCellStr(sheet, ref(col, row), s))
	} else {
		w.do(w.f.SetCellValue(sheet, ref(col, row), v))
	}
	if style != 0 {
		w.do(w.f.SetCellStyle(sheet, ref(col, row), ref(col, row), style))
	}
}

func intPtr(i int) *int { return &i }

func (w *xw) newStyles() {
	border := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1}, {Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	mk := func(s *excelize.Style) int {
		id, err := w.f.NewStyle(s)
		w.do(err)
		return id
	}
	w.st = styles{
		title:   mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}),
		note:    mk(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "555555"}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}),
		header:  mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}, Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}),
		text:    mk(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top"}}),
		wrap:    mk(&excelize.Style{Border: border, Alignment: top}),
		mean:    mk(&excelize.Style{Border: border, NumFmt: 2, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}}),
		num:     mk(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}}),
		hidden:  mk(&excelize.Style{Border: border, Font: &excelize.Font{Color: "808080", Italic: true}, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}}),
		section: mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}),
		box:     mk(&excelize.Style{Border: border, Alignment: top}),
		label:   mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}}),
		focus:   mk(&excelize.Style{Border: border, Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}}),
	}
}

// Marker is what a figure hidden for a small group shows.
func (rep *Report) Marker() string { return "n<" + strconv.Itoa(rep.MinGroup) }

// figure writes a group's figure: its mean, or why there is none.
func (w *xw) figure(sheet string, col, row int, f *Figure) {
	switch {
	case f == nil:
		w.set(sheet, col, row, "", w.st.text)
	case f.Mean != nil:
		w.set(sheet, col, row, *f.Mean, w.st.mean)
	case f.Hidden == "complement":
		w.set(sheet, col, row, "hidden", w.st.hidden)
	case f.Hidden != "":
		w.set(sheet, col, row, w.rep.Marker(), w.st.hidden)
	default:
		w.set(sheet, col, row, "–", w.st.hidden)
	}
}

func (w *xw) rating(sheet string, col, row int, v *int) {
	if v == nil {
		w.set(sheet, col, row, "", w.st.num)
		return
	}
	w.set(sheet, col, row, *v, w.st.num)
}

func (w *xw) float(sheet string, col, row int, v *float64) {
	if v == nil {
		w.set(sheet, col, row, "", w.st.num)
		return
	}
	w.set(sheet, col, row, *v, w.st.mean)
}

// layout prints a sheet on A4, fitted to one page wide (and one tall when
// onePage), with the columns and rows given as its print area.
func (w *xw) layout(sheet, orientation string, onePage bool, cols, rows int) {
	fit := true
	tall := 0
	if onePage {
		tall = 1
	}
	w.do(w.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &orientation, Size: intPtr(a4), FitToWidth: intPtr(1), FitToHeight: &tall}))
	w.do(w.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	side, edge, header := 0.5, 0.6, 0.3
	w.do(w.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Top: &edge, Bottom: &edge, Header: &header, Footer: &header}))
	w.do(w.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Area", Scope: sheet,
		RefersTo: fmt.Sprintf("'%s'!$A$1:$%s$%d", sheet, colName(max(cols, 1)), max(rows, 1)),
	}))
}

// height gives a row the height its wrapped text needs, at about chars
// characters a line: spreadsheet programs do not grow rows for wrapped
// text when they open a file.
func (w *xw) height(sheet string, row int, text string, chars float64) {
	lines := 0
	for _, l := range strings.Split(text, "\n") {
		lines += 1 + int(float64(utf8.RuneCountInString(l))/chars)
	}
	if lines > 1 {
		w.do(w.f.SetRowHeight(sheet, row, float64(min(lines, 20))*15))
	}
}

// WriteXLSX writes the report as a workbook.
func (rep *Report) WriteXLSX(out io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	w := &xw{f: f, rep: rep}
	w.newStyles()
	w.do(f.SetSheetName("Sheet1", SheetSummary))
	for _, s := range []string{SheetActivities, SheetChange, SheetConversation, SheetAbout} {
		_, err := f.NewSheet(s)
		w.do(err)
	}
	w.summary()
	w.activities()
	w.change()
	w.conversation()
	w.about()
	w.do(f.SetDocProps(&excelize.DocProperties{Title: "Personal report: " + rep.Participant.Name, Creator: "skillmap"}))
	if w.err != nil {
		return w.err
	}
	_, err := f.WriteTo(out)
	return err
}

func (rep *Report) heading() string {
	return fmt.Sprintf("%s, %s. %s: %s at %s (%s).", rep.Participant.Name, rep.GroupName, rep.Workshop, rep.Label, short(rep.Revision), rep.RevisionDate.Format("2006-01-02"))
}

func (rep *Report) privacyNote() string {
	return fmt.Sprintf("Your ratings and notes, beside your role level's mean and the next level's as the community report shows them: groups of fewer than %d people show %q, \"hidden\" marks a group hidden so that a small one cannot be worked out. Nothing about any other person is in this workbook.", rep.MinGroup, rep.Marker())
}

func short(rev string) string {
	if len(rev) > 7 {
		return rev[:7]
	}
	return rev
}

func (w *xw) summary() {
	rep, sheet, st := w.rep, SheetSummary, w.st
	w.set(sheet, 1, 1, "Personal report: "+rep.Participant.Name, st.title)
	w.set(sheet, 1, 2, rep.heading(), st.note)
	w.set(sheet, 1, 3, rep.privacyNote(), st.note)
	w.do(w.f.MergeCell(sheet, "A2", "F2"))
	w.do(w.f.MergeCell(sheet, "A3", "F3"))
	w.do(w.f.SetRowHeight(sheet, 3, 45))
	w.do(w.f.SetColWidth(sheet, "A", "A", 44))
	w.do(w.f.SetColWidth(sheet, "B", "F", 14))
	r := 5
	w.set(sheet, 1, r, "Skills", st.section)
	r++
	next := rep.NextGroupName
	if next == "" {
		next = "(no level above)"
	}
	for i, h := range []string{"Skill", "You (mean)", "Activities rated", rep.GroupName + " mean", next + " mean"} {
		w.set(sheet, 1+i, r, h, st.header)
	}
	w.do(w.f.SetRowHeight(sheet, r, 30)) // headings wrap to two lines
	r++
	for _, s := range rep.Skills {
		w.set(sheet, 1, r, s.Skill, st.wrap)
		w.height(sheet, r, s.Skill, 44)
		w.float(sheet, 2, r, s.Mean)
		w.set(sheet, 3, r, s.Rated, st.num)
		w.figure(sheet, 4, r, &s.GroupMean)
		w.figure(sheet, 5, r, s.NextMean)
		r++
	}
	r++
	w.set(sheet, 1, r, "Strengths", st.section)
	r++
	r = w.ranked(sheet, r, rep.Strengths, "No strengths to list yet: none of your ratings is in the upper half of the scale.")
	r++
	w.set(sheet, 1, r, "Development areas, largest gap first", st.section)
	r++
	w.set(sheet, 1, r, "The gap is the expectation for your role level, where the workshop sets one, or else the next role level's mean, less your rating.", st.note)
	w.do(w.f.MergeCell(sheet, ref(1, r), ref(6, r)))
	r++
	r = w.ranked(sheet, r, rep.Development, "No development areas: no rating of yours is below the expectation or the next level's mean shown.")
	w.layout(sheet, "portrait", false, 6, r)
}

// ranked writes a table of strengths or development areas, returning the
// row after it.
func (w *xw) ranked(sheet string, r int, rs []Ranked, none string) int {
	st := w.st
	if len(rs) == 0 {
		w.set(sheet, 1, r, none, st.note)
		return r + 1
	}
	for i, h := range []string{"Activity", "Your rating", "Target", "Target is", "Gap", "Focus"} {
		w.set(sheet, 1+i, r, h, st.header)
	}
	w.do(w.f.SetRowHeight(sheet, r, 30)) // headings wrap to two lines
	r++
	for _, k := range rs {
		w.set(sheet, 1, r, k.Activity, st.wrap)
		w.height(sheet, r, k.Activity, 44)
		w.set(sheet, 2, r, k.Rating, st.num)
		w.float(sheet, 3, r, k.Target)
		basis := map[string]string{"expectation": "expectation", "next_level": "next level's mean"}[k.Basis]
		w.set(sheet, 4, r, basis, st.text)
		w.float(sheet, 5, r, k.Gap)
		focus := ""
		if k.Focus {
			focus = "yes"
		}
		w.set(sheet, 6, r, focus, st.focus)
		r++
	}
	return r
}

func (w *xw) activities() {
	rep, sheet, st := w.rep, SheetActivities, w.st
	w.set(sheet, 1, 1, "Your ratings, activity by activity", st.title)
	w.set(sheet, 1, 2, rep.heading()+" "+rep.privacyNote(), st.note)
	w.do(w.f.MergeCell(sheet, "A2", "J2"))
	w.do(w.f.SetRowHeight(sheet, 2, 45))
	next := rep.NextGroupName
	if next == "" {
		next = "(no level above)"
	}
	heads := []string{"Skill", "Activity", "Your rating", "Your note", rep.GroupName + " mean", "People", next + " mean", "Expected", "Gap", "Focus"}
	for i, h := range heads {
		w.set(sheet, 1+i, 4, h, st.header)
	}
	w.do(w.f.SetRowHeight(sheet, 4, 30)) // headings wrap to two lines
	widths := []float64{20, 44, 9, 36, 12, 8, 12, 9, 8, 7}
	for i, wd := range widths {
		w.do(w.f.SetColWidth(sheet, colName(1+i), colName(1+i), wd))
	}
	r := 5
	for _, a := range rep.Activities {
		w.set(sheet, 1, r, a.Skill, st.wrap)
		w.set(sheet, 2, r, a.Activity, st.wrap)
		w.rating(sheet, 3, r, a.Rating)
		w.set(sheet, 4, r, a.Note, st.wrap)
		w.figure(sheet, 5, r, &a.GroupMean)
		if a.GroupMean.N != nil {
			w.set(sheet, 6, r, *a.GroupMean.N, st.num)
		} else {
			w.set(sheet, 6, r, "", st.num)
		}
		w.figure(sheet, 7, r, a.NextMean)
		w.rating(sheet, 8, r, a.Expected)
		t, _ := target(a)
		if t != nil && a.Rating != nil {
			g := round2(*t - float64(*a.Rating))
			w.set(sheet, 9, r, g, st.mean)
		} else {
			w.set(sheet, 9, r, "", st.num)
		}
		focus := ""
		if a.Focus {
			focus = "yes"
		}
		w.set(sheet, 10, r, focus, st.focus)
		lines := max(utf8.RuneCountInString(a.Activity)/42, utf8.RuneCountInString(a.Note)/34, utf8.RuneCountInString(a.Skill)/18) + 1
		w.do(w.f.SetRowHeight(sheet, r, float64(min(lines, 20))*15))
		r++
	}
	w.do(w.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 4, TopLeftCell: "A5", ActivePane: "bottomLeft"}))
	w.do(w.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet, RefersTo: fmt.Sprintf("'%s'!$4:$4", sheet)}))
	w.layout(sheet, "landscape", false, len(heads), r-1)
}

// chartHeight is the height of each skill's chart, in pixels; chartRows
// the rows it covers at the default row height (20 px).
const (
	chartWidth  = 480
	chartHeight = 240
	chartRows   = 13
)

func (w *xw) change() {
	rep, sheet, st := w.rep, SheetChange, w.st
	w.set(sheet, 1, 1, "How your ratings moved across rounds", st.title)
	w.do(w.f.SetColWidth(sheet, "A", "A", 44))
	cols := len(rep.Rounds) + 1
	w.do(w.f.SetColWidth(sheet, "B", colName(max(9, 1+2*cols)), 12))
	if len(rep.Rounds) == 0 {
		w.set(sheet, 1, 2, "No earlier round to compare with: a facilitator closes rounds with skillmap round close NAME, and the next report shows the change since each.", st.note)
		w.layout(sheet, "landscape", false, 4, 2)
		return
	}
	w.set(sheet, 1, 2, "Your own mean rating per skill at each closed round before this state and now, then your rating of each activity and its change since each round (now less then).", st.note)
	w.do(w.f.MergeCell(sheet, "A2", ref(max(2, cols+1), 2)))
	w.do(w.f.SetRowHeight(sheet, 2, 30))
	r := 4
	w.set(sheet, 1, r, "Skill (your mean)", st.header)
	labels := make([]string, 0, cols)
	for _, ro := range rep.Rounds {
		labels = append(labels, ro.Name)
	}
	labels = append(labels, "now")
	for i, l := range labels {
		w.set(sheet, 2+i, r, l, st.header)
	}
	head := r
	r++
	first := r
	for _, s := range rep.Skills {
		w.set(sheet, 1, r, s.Skill, st.wrap)
		for i := range rep.Rounds {
			w.float(sheet, 2+i, r, s.Earlier[i])
		}
		w.float(sheet, 1+cols, r, s.Mean)
		r++
	}
	r++
	// A line chart per skill, two to a row of charts.
	lo, hi := float64(rep.lo), float64(rep.hi)
	for i, s := range rep.Skills {
		row := first + i
		at := ref(1, r+(i/2)*chartRows)
		if i%2 == 1 {
			at = ref(5, r+(i/2)*chartRows) // column A is wide: a chart's width on
		}
		w.do(w.f.AddChart(sheet, at, &excelize.Chart{
			Type: excelize.Line,
			Series: []excelize.ChartSeries{{
				Name:       fmt.Sprintf("'%s'!$A$%d", sheet, row),
				Categories: fmt.Sprintf("'%s'!$B$%d:$%s$%d", sheet, head, colName(1+cols), head),
				Values:     fmt.Sprintf("'%s'!$B$%d:$%s$%d", sheet, row, colName(1+cols), row),
				Marker:     excelize.ChartMarker{Symbol: "circle", Size: 7},
			}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: s.Skill, Font: &excelize.Font{Bold: true, Size: 11, Color: "#000000"}}}},
			Legend:    excelize.ChartLegend{Position: "none"},
			YAxis:     excelize.ChartAxis{Minimum: &lo, Maximum: &hi, MajorGridLines: true, MajorUnit: 1},
			Dimension: excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
			Format:    excelize.GraphicOptions{AltText: "Line chart of your mean rating of " + s.Skill + " at each round"},
		}))
	}
	r += ((len(rep.Skills) + 1) / 2) * chartRows
	r++
	w.set(sheet, 1, r, "Activity", st.header)
	for i, l := range labels {
		w.set(sheet, 2+i, r, l, st.header)
	}
	for i, ro := range rep.Rounds {
		w.set(sheet, 2+cols+i, r, "change since "+ro.Name, st.header)
	}
	w.do(w.f.SetRowHeight(sheet, r, 30))
	r++
	for _, a := range rep.Activities {
		w.set(sheet, 1, r, a.Activity, st.wrap)
		w.height(sheet, r, a.Activity, 44)
		for i := range rep.Rounds {
			w.rating(sheet, 2+i, r, a.Earlier[i])
			w.rating(sheet, 2+cols+i, r, a.Change[i])
		}
		w.rating(sheet, 1+cols, r, a.Rating)
		r++
	}
	w.layout(sheet, "landscape", false, max(9, 1+cols+len(rep.Rounds)), r-1) // the charts reach column I
}

// Conversation rows: how many ruled rows the line manager gets for notes
// and for agreed actions. The sheet prints on one A4 page: scaled to fit,
// and sized so that the scale stays readable.
const (
	notesRows   = 12
	actionsRows = 6
)

func (w *xw) conversation() {
	rep, sheet, st := w.rep, SheetConversation, w.st
	w.do(w.f.SetColWidth(sheet, "A", "A", 40))
	w.do(w.f.SetColWidth(sheet, "B", "D", 13))
	w.set(sheet, 1, 1, "Development conversation: "+rep.Participant.Name, st.title)
	w.do(w.f.MergeCell(sheet, "A1", "D1"))
	w.set(sheet, 1, 2, rep.heading(), st.note)
	w.do(w.f.MergeCell(sheet, "A2", "D2"))
	w.do(w.f.SetRowHeight(sheet, 2, 30))
	r := 3
	manager := ""
	if rep.Plan != nil {
		manager = rep.Plan.LineManager
	}
	for _, kv := range [][2]string{{"Line manager", manager}, {"Date of conversation", ""}} {
		w.set(sheet, 1, r, kv[0], st.label)
		w.set(sheet, 2, r, kv[1], st.box)
		w.do(w.f.MergeCell(sheet, ref(2, r), ref(4, r)))
		w.do(w.f.SetCellStyle(sheet, ref(2, r), ref(4, r), st.box))
		r++
	}
	r++
	w.set(sheet, 1, r, "Focus activities", st.section)
	r++
	for i, h := range []string{"Activity", "Your rating", rep.GroupName + " mean", "Target"} {
		w.set(sheet, 1+i, r, h, st.header)
	}
	w.do(w.f.SetRowHeight(sheet, r, 30)) // headings wrap to two lines
	r++
	var focus []Activity
	for _, a := range rep.Activities {
		if a.Focus {
			focus = append(focus, a)
		}
	}
	if len(focus) == 0 {
		w.set(sheet, 1, r, "No focus activities in your plan yet (skillmap take, or the plan section of your response file).", st.note)
		w.do(w.f.MergeCell(sheet, ref(1, r), ref(4, r)))
		r++
	}
	// In the order of the plan.
	if rep.Plan != nil {
		byID := map[[3]string]Activity{}
		for _, a := range focus {
			byID[[3]string{a.FrameworkID, a.SkillID, a.ActivityID}] = a
		}
		focus = focus[:0]
		for _, fa := range rep.Plan.Focus {
			if a, ok := byID[[3]string{fa.Framework, fa.Skill, fa.Activity}]; ok {
				focus = append(focus, a)
			}
		}
	}
	for _, a := range focus {
		w.set(sheet, 1, r, a.Activity, st.wrap)
		w.height(sheet, r, a.Activity, 40)
		w.rating(sheet, 2, r, a.Rating)
		w.figure(sheet, 3, r, &a.GroupMean)
		t, _ := target(a)
		w.float(sheet, 4, r, t)
		r++
	}
	r++
	w.set(sheet, 1, r, "Your plan", st.section)
	r++
	text := ""
	if rep.Plan != nil {
		text = rep.Plan.Text
	}
	if text == "" {
		text = " "
	}
	w.set(sheet, 1, r, text, st.box)
	w.do(w.f.MergeCell(sheet, ref(1, r), ref(4, r)))
	w.do(w.f.SetCellStyle(sheet, ref(1, r), ref(4, r), st.box))
	lines := 0
	for _, l := range strings.Split(text, "\n") {
		lines += 1 + utf8.RuneCountInString(l)/85
	}
	// Room for the longest plan (survey.MaxPlanText) at full size; the
	// page is fitted to one sheet of paper whatever it holds.
	w.do(w.f.SetRowHeight(sheet, r, float64(min(max(lines, 3), 30))*13))
	r += 2
	for _, part := range []struct {
		title string
		rows  int
	}{{"Line manager's notes", notesRows}, {"Agreed actions and support", actionsRows}} {
		w.set(sheet, 1, r, part.title, st.section)
		r++
		for range part.rows {
			w.do(w.f.MergeCell(sheet, ref(1, r), ref(4, r)))
			w.do(w.f.SetCellStyle(sheet, ref(1, r), ref(4, r), st.box))
			w.do(w.f.SetRowHeight(sheet, r, 22))
			r++
		}
		r++
	}
	w.set(sheet, 1, r, "Next conversation", st.label)
	w.do(w.f.MergeCell(sheet, ref(2, r), ref(4, r)))
	w.do(w.f.SetCellStyle(sheet, ref(2, r), ref(4, r), st.box))
	w.layout(sheet, "portrait", true, 4, r)
}

func (w *xw) about() {
	rep, sheet, st := w.rep, SheetAbout, w.st
	w.do(w.f.SetColWidth(sheet, "A", "A", 24))
	w.do(w.f.SetColWidth(sheet, "B", "B", 90))
	w.set(sheet, 1, 1, "About this report", st.title)
	rows := [][2]string{
		{"Participant", rep.Participant.Name + " (" + rep.Participant.ID + ")"},
		{"Role level", rep.GroupName},
		{"Workshop", rep.Workshop},
		{"Framework", rep.Framework},
		{"State", fmt.Sprintf("%s: commit %s of %s", rep.Label, short(rep.Revision), rep.RevisionDate.Format("2006-01-02 15:04"))},
		{"Group figures", fmt.Sprintf("Your role level's mean and the next level's are the community report's figures at the same state, with its rules: a group of fewer than %d people who answered is hidden (%q), and a larger one may be hidden so that a small one cannot be worked out (\"hidden\"). Your own answer is in your role level's figure, as it is there. Figures move in steps of at least %d people, so a recent change of yours may not be in them yet.", rep.MinGroup, rep.Marker(), rep.MinGroup)},
		{"Expectations", "The expected rating for your role level, where the workshop's settings (workshop.yaml) set one."},
		{"Rounds", "Your own ratings at each closed round before this state (skillmap round list), and at --compare's revision if given."},
		{"Who can read this", "Your ratings, notes and plan are in the workshop's repository: everyone who can read it can read them. This workbook holds nothing about any other person; share it with your line manager."},
	}
	for i, kv := range rows {
		w.set(sheet, 1, 3+i, kv[0], st.label)
		w.set(sheet, 2, 3+i, kv[1], st.note)
		w.height(sheet, 3+i, kv[1], 85)
	}
	w.layout(sheet, "portrait", false, 2, 3+len(rows))
}
