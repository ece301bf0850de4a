package aggregate

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
	SheetSkills     = "Skills"
	SheetActivities = "Activities"
	SheetAbout      = "About"
)

// headerRow is the row of column headings; the title and its explanation
// stand above it.
const headerRow = 4

// Heatmap colours: red for the low end of the scale, green for the high.
const (
	colourLow  = "#F8696B"
	colourMid  = "#FFEB84"
	colourHigh = "#63BE7B"
)

// Marker is what a suppressed cell shows in place of a number.
func (rep *Report) Marker() string { return "n<" + strconv.Itoa(rep.MinGroup) }

type styles struct {
	title, note, header, text, wrap, mean, n, hidden, key int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	one := "0.0"
	defs := []struct {
		dst *int
		st  excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&s.note, excelize.Style{Font: &excelize.Font{Italic: true, Color: "#595959"}}},
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom", Horizontal: "center"},
			Border: []excelize.Border{{Type: "bottom", Color: "#000000", Style: 1}}}},
		{&s.text, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.wrap, excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top", Horizontal: "left"}}},
		{&s.mean, excelize.Style{CustomNumFmt: &one, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
		{&s.n, excelize.Style{Font: &excelize.Font{Color: "#595959"}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
		{&s.hidden, excelize.Style{Font: &excelize.Font{Italic: true, Color: "#595959"}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#EDEDED"}}}},
		{&s.key, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}}},
	}
	for _, d := range defs {
		if *d.dst, err = f.NewStyle(&d.st); err != nil {
			return s, err
		}
	}
	return s, nil
}

// WriteXLSX writes the report as a workbook: heatmaps of skills and
// activities by role level, and an About sheet that says where the figures
// come from.
func (rep *Report) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", SheetSkills); err != nil {
		return err
	}
	for _, name := range []string{SheetActivities, SheetAbout} {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	sw := &sheetWriter{f: f}
	rep.heatmap(sw, st, SheetSkills, "Skills", rep.Skills, false)
	rep.heatmap(sw, st, SheetActivities, "Activities", rep.Activities, true)
	rep.about(sw, st)
	if sw.err != nil {
		return sw.err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: rep.Workshop + " skills report", Creator: "skillmap"}); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

// sheetWriter keeps the first error, so the layout code reads as a list of
// cells rather than a list of error checks.
type sheetWriter struct {
	f   *excelize.File
	err error
}

func (sw *sheetWriter) do(err error) {
	if sw.err == nil && err != nil {
		sw.err = err
	}
}

func (sw *sheetWriter) set(sheet string, col, row int, v any, style int) {
	cell, err := excelize.CoordinatesToCellName(col, row)
	sw.do(err)
	if s, ok := v.(string); ok {
		// Always text, never a formula, whatever the text starts with.
		sw.do(sw.f.SetCellStr(sheet, cell, s))
	} else if v != nil {
		sw.do(sw.f.SetCellValue(sheet, cell, v))
	}
	if style != 0 {
		sw.do(sw.f.SetCellStyle(sheet, cell, cell, style))
	}
}

func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

// heatmap writes one table: label columns, a mean per group under a colour
// scale fixed to the rating scale (so colours compare across reports), then
// the n of each group.
func (rep *Report) heatmap(sw *sheetWriter, st styles, sheet, what string, rows []Row, activities bool) {
	labels := 1
	if activities {
		labels = 2
	}
	groups := len(rep.Groups)
	sw.set(sheet, 1, 1, fmt.Sprintf("%s: mean self-rating by role level — %s", what, rep.Workshop), st.title)
	sw.set(sheet, 1, 2, fmt.Sprintf("Framework %s at revision %s (%s). Scale %d (%s) to %d (%s). Groups of fewer than %d people are hidden and show %q.",
		rep.Framework, short(rep.Revision), rep.RevisionDate.Format("2 January 2006"),
		rep.lo, rep.scaleLabels[0], rep.hi, rep.scaleLabels[len(rep.scaleLabels)-1], rep.MinGroup, rep.Marker()), st.note)

	sw.set(sheet, 1, headerRow, "Skill", st.header)
	if activities {
		sw.set(sheet, 2, headerRow, "Activity", st.header)
	}
	meanCol := labels + 1
	nCol := meanCol + groups + 1
	sw.set(sheet, meanCol, headerRow-1, "Mean rating", st.key)
	sw.set(sheet, nCol, headerRow-1, "People who answered (n)", st.key)
	for i, g := range rep.Groups {
		sw.set(sheet, meanCol+i, headerRow, g.Name, st.header)
		sw.set(sheet, nCol+i, headerRow, g.Name, st.header)
	}
	skillWidth, actWidth := 42.0, 60.0
	if activities {
		skillWidth = 24
	}
	sw.do(sw.f.SetRowHeight(sheet, headerRow, 3*lineHeight+2))
	for ri, row := range rows {
		r := headerRow + 1 + ri
		sw.set(sheet, 1, r, row.Skill, st.wrap)
		lines := wrappedLines(row.Skill, skillWidth)
		if activities {
			sw.set(sheet, 2, r, row.Activity, st.wrap)
			lines = max(lines, wrappedLines(row.Activity, actWidth))
		}
		// Spreadsheet programs do not grow rows for wrapped text on
		// opening, so give each row the height its text needs.
		sw.do(sw.f.SetRowHeight(sheet, r, float64(lines)*lineHeight+2))
		for i, c := range row.Cells {
			switch {
			case c.Suppressed:
				sw.set(sheet, meanCol+i, r, rep.Marker(), st.hidden)
				sw.set(sheet, nCol+i, r, rep.Marker(), st.hidden)
			case c.Mean != nil:
				sw.set(sheet, meanCol+i, r, c.mean, st.mean)
				sw.set(sheet, nCol+i, r, c.n, st.n)
			default:
				sw.set(sheet, meanCol+i, r, nil, st.mean)
				sw.set(sheet, nCol+i, r, 0, st.n)
			}
		}
	}
	last := headerRow + len(rows)
	if len(rows) > 0 {
		ref := fmt.Sprintf("%s%d:%s%d", colName(meanCol), headerRow+1, colName(meanCol+groups-1), last)
		sw.do(sw.f.SetConditionalFormat(sheet, ref, []excelize.ConditionalFormatOptions{{
			Type: "3_color_scale", Criteria: "=",
			MinType: "num", MinValue: strconv.Itoa(rep.lo), MinColor: colourLow,
			MidType: "num", MidValue: strconv.FormatFloat(float64(rep.lo+rep.hi)/2, 'f', -1, 64), MidColor: colourMid,
			MaxType: "num", MaxValue: strconv.Itoa(rep.hi), MaxColor: colourHigh,
		}}))
	}
	sw.do(sw.f.SetColWidth(sheet, "A", "A", skillWidth))
	if activities {
		sw.do(sw.f.SetColWidth(sheet, "B", "B", actWidth))
	}
	sw.do(sw.f.SetColWidth(sheet, colName(meanCol), colName(meanCol+groups-1), 13))
	sw.do(sw.f.SetColWidth(sheet, colName(meanCol+groups), colName(meanCol+groups), 3))
	sw.do(sw.f.SetColWidth(sheet, colName(nCol), colName(nCol+groups-1), 13))
	sw.do(sw.f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, XSplit: labels, YSplit: headerRow,
		TopLeftCell: fmt.Sprintf("%s%d", colName(labels+1), headerRow+1), ActivePane: "bottomRight",
	}))
	sw.fitToWidth(sheet, "landscape")
}

// fitToWidth prints a sheet one page wide, as long as it needs.
func (sw *sheetWriter) fitToWidth(sheet, orientation string) {
	fit := true
	sw.do(sw.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &orientation, FitToWidth: intPtr(1), FitToHeight: intPtr(0)}))
	sw.do(sw.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
}

func (rep *Report) about(sw *sheetWriter, st styles) {
	const sheet = SheetAbout
	sw.set(sheet, 1, 1, "About this report", st.title)
	r := 3
	const keyWidth, valueWidth = 40, 90
	kv := func(k string, v any) {
		sw.set(sheet, 1, r, k, st.key)
		sw.set(sheet, 2, r, v, st.wrap)
		if s, ok := v.(string); ok {
			sw.do(sw.f.SetRowHeight(sheet, r, float64(wrappedLines(s, valueWidth))*lineHeight+2))
		}
		r++
	}
	kv("Workshop", rep.Workshop)
	kv("Framework", fmt.Sprintf("%s (%s)", rep.Framework, rep.FrameworkID))
	kv("Revision", rep.Revision)
	kv("Revision date", rep.RevisionDate.Format("2006-01-02 15:04 MST"))
	kv("Smallest group shown (min_group)", rep.MinGroup)
	kv("Participants", rep.Participants)
	kv("Responses (rated at least one activity)", rep.Responses)
	kv("Files skipped", len(rep.Skipped))
	if rep.source != "" {
		kv("Framework source", rep.source)
	}
	if rep.licence != "" {
		kv("Framework licence", rep.licence)
	}
	r++
	kv("How to read it", fmt.Sprintf("Each cell is the mean self-rating of one role level, on a scale from %d to %d. "+
		"A skill's figure is the mean, over the people who rated any of its activities, of each person's mean over the activities they rated. "+
		"n is how many people answered. Empty ratings are left out, not counted as %d.", rep.lo, rep.hi, rep.lo))
	kv("Privacy", fmt.Sprintf("No individual's answers are shown. A group of fewer than %d people shows %q instead of figures; "+
		"when that would let the hidden figures be worked out from \"All\" by subtraction, the next smallest groups (or \"All\") are hidden too.",
		rep.MinGroup, rep.Marker()))
	r++
	sw.set(sheet, 1, r, "Group", st.header)
	sw.set(sheet, 2, r, "Participants", st.header)
	sw.set(sheet, 3, r, "Responses", st.header)
	r++
	for _, g := range rep.Groups {
		sw.set(sheet, 1, r, g.Name, st.text)
		sw.set(sheet, 2, r, g.Participants, st.n)
		sw.set(sheet, 3, r, g.Responses, st.n)
		r++
	}
	r++
	sw.set(sheet, 1, r, "Skipped file", st.header)
	sw.set(sheet, 2, r, "Why", st.header)
	r++
	if len(rep.Skipped) == 0 {
		sw.set(sheet, 1, r, "none", st.text)
	}
	for _, s := range rep.Skipped {
		sw.set(sheet, 1, r, s.File, st.text)
		reason := strings.TrimSpace(s.Reason)
		sw.set(sheet, 2, r, reason, st.wrap)
		sw.do(sw.f.SetRowHeight(sheet, r, float64(wrappedLines(reason, valueWidth))*lineHeight+2))
		r++
	}
	sw.do(sw.f.SetColWidth(sheet, "A", "A", keyWidth))
	sw.do(sw.f.SetColWidth(sheet, "B", "B", valueWidth))
	sw.do(sw.f.SetColWidth(sheet, "C", "C", 12))
	sw.fitToWidth(sheet, "portrait")
}

// lineHeight is the height in points of one line of text in the default
// 11-point font.
const lineHeight = 15

// wrappedLines estimates how many lines text takes in a column of the given
// width (in characters), breaking at spaces as a spreadsheet does.
func wrappedLines(text string, width float64) int {
	limit := int(width) - 1
	lines, cur := 1, 0
	for _, w := range strings.Fields(text) {
		n := utf8.RuneCountInString(w)
		switch {
		case cur == 0:
			cur = n
		case cur+1+n <= limit:
			cur += 1 + n
		default:
			lines++
			cur = n
		}
		for cur > limit {
			lines++
			cur -= limit
		}
	}
	return lines
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

func intPtr(i int) *int { return &i }
