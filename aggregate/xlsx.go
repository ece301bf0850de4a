package aggregate

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Sheet names, in workbook order.
const (
	SheetSummary      = "Summary"
	SheetSkills       = "Skills"
	SheetActivities   = "Activities"
	SheetDistribution = "Distribution"
	SheetPriorities   = "Priorities"
	SheetChange       = "Change"
	SheetNotes        = "Notes"
	SheetIndividuals  = "Individuals"
	SheetAbout        = "About"
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

// Marker is what a cell hidden for being too small shows in place of a
// number.
func (rep *Report) Marker() string { return "n<" + strconv.Itoa(rep.MinGroup) }

// ComplementMarker is what a cell shows that is hidden only so that a small
// group beside it cannot be worked out from All.
const ComplementMarker = "hidden"

// NoAnswers is what a cell shows where nobody in the group answered.
const NoAnswers = "–"

// markerFor is the marker of a suppressed cell.
func (rep *Report) markerFor(c Cell) string {
	if c.Hidden == HiddenComplement {
		return ComplementMarker
	}
	return rep.Marker()
}

type styles struct {
	title, note, header, text, wrap, mean, n, hidden, key, change, section, percent, warning, vheader, noteWrap, keyWrap int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	one := "0.0"
	signed := "+0.0;-0.0;0.0"
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
		{&s.change, excelize.Style{CustomNumFmt: &signed, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
		{&s.section, excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}},
		{&s.vheader, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{TextRotation: 90, Horizontal: "center", Vertical: "bottom"},
			Border: []excelize.Border{{Type: "bottom", Color: "#000000", Style: 1}}}},
		{&s.warning, excelize.Style{Font: &excelize.Font{Bold: true, Color: "#C00000", Size: 12}}},
		{&s.noteWrap, excelize.Style{Font: &excelize.Font{Italic: true, Color: "#595959"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top", Horizontal: "left"}}},
		{&s.keyWrap, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&s.percent, excelize.Style{NumFmt: 9, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
	}
	for _, d := range defs {
		if *d.dst, err = f.NewStyle(&d.st); err != nil {
			return s, err
		}
	}
	return s, nil
}

// WriteXLSX writes the report as a workbook: a summary with charts,
// heatmaps of skills and activities by role level, the distribution of
// ratings, development priorities, the change since an earlier state (after
// Compare), and an About sheet that says where the figures come from.
func (rep *Report) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	sheets := []string{SheetSummary, SheetSkills, SheetActivities, SheetDistribution, SheetPriorities}
	if rep.Change != nil {
		sheets = append(sheets, SheetChange)
	}
	if rep.Gaps != nil {
		sheets = append(sheets, SheetGaps)
	}
	if rep.Trend != nil {
		sheets = append(sheets, SheetTrend)
	}
	if rep.Notes != nil {
		sheets = append(sheets, SheetNotes)
	}
	if rep.Individuals != nil {
		sheets = append(sheets, SheetIndividuals)
	}
	sheets = append(sheets, SheetAbout, SheetChartData)
	if err := f.SetSheetName("Sheet1", sheets[0]); err != nil {
		return err
	}
	for _, name := range sheets[1:] {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	for _, name := range sheets {
		// Rows as high as the layout counts them: a spreadsheet program
		// may otherwise make empty rows lower, and a chart anchored over
		// them shorter than drawn.
		h, custom := float64(lineHeight), true
		if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{DefaultRowHeight: &h, CustomHeight: &custom}); err != nil {
			return err
		}
	}
	sw := &sheetWriter{f: f, st: st}
	rep.summary(sw)
	rep.heatmap(sw, SheetSkills, "Skills", rep.Skills, false)
	rep.heatmap(sw, SheetActivities, "Activities", rep.Activities, true)
	rep.distribution(sw)
	rep.priorities(sw)
	if rep.Change != nil {
		rep.change(sw)
	}
	if rep.Gaps != nil {
		rep.gapsSheet(sw)
	}
	if rep.Trend != nil {
		rep.trendSheet(sw)
	}
	if rep.Notes != nil {
		rep.notesSheet(sw)
	}
	if rep.Individuals != nil {
		rep.individualsSheet(sw)
	}
	rep.about(sw)
	sw.do(f.SetColWidth(SheetChartData, "A", "A", 50))
	sw.do(f.SetSheetVisible(SheetChartData, false))
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
	f       *excelize.File
	st      styles
	err     error
	dataRow int // the last row used on the chart-data sheet
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

// lineHeight is the height in points of one line of text in the default
// 11-point font.
const lineHeight = 15

// wrappedLines estimates how many lines text takes in a column of the given
// width (in characters), breaking at spaces as a spreadsheet does.
func wrappedLines(text string, width float64) int {
	// Proportional fonts fit fewer characters than the nominal width.
	limit := int(width*0.85) - 1
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

// SheetChartData holds the numbers the charts draw. It is hidden: a reader
// sees the figures in the tables, and the sheets print only those.
const SheetChartData = "Chart data"

// Summary's radar fills a landscape page; Skills' bar chart fills the page
// under the table.
const (
	summaryChartWidth  = 780
	summaryChartHeight = 580
	skillsChartWidth   = 1150
	skillsChartHeight  = 520
)

// axisFont is the font of chart axes and legends: black and large enough
// to read in print, where a spreadsheet's default is pale grey.
var axisFont = excelize.Font{Color: "#000000", Size: 10}

// chartRows is how many rows of the default height a chart of h pixels
// covers. excelize anchors a chart to the cells it covers counting a
// 15-point row as 18 pixels (4/3.4 a point, rounded up), and a spreadsheet
// program draws the chart over those cells.
func chartRows(h uint) int { return (int(h) + 17) / 18 }

// chartSpace gives the rows a chart of h pixels covers from row r their
// height explicitly, so that every program lays the chart over the same
// rows (and so the same page), and returns how many rows it is.
func (sw *sheetWriter) chartSpace(sheet string, r int, h uint) int {
	n := chartRows(h)
	for i := 0; i < n; i++ {
		sw.do(sw.f.SetRowHeight(sheet, r+i, lineHeight))
	}
	return n
}

// pageBreak starts a new printed page at row r.
func (sw *sheetWriter) pageBreak(sheet string, r int) {
	if r > 1 {
		sw.do(sw.f.InsertPageBreak(sheet, ref(1, r)))
	}
}

// printArea prints columns 1 to cols and rows 1 to rows of a sheet, and no
// more: charts below the last cell are inside it too.
func (sw *sheetWriter) printArea(sheet string, cols, rows int) {
	sw.do(sw.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Area", Scope: sheet,
		RefersTo: absRange(sheet, 1, 1, max(cols, 1), max(rows, 1)),
	}))
}

// chartData writes a block of numbers for charts on the hidden sheet: a
// header row, then a row of label and values per entry. It returns the
// rows the header and the entries are on.
func (sw *sheetWriter) chartData(header []string, labels []string, values [][]*float64) (headerRow, first, last int) {
	sw.dataRow++
	headerRow = sw.dataRow
	for i, h := range header {
		sw.set(SheetChartData, 1+i, headerRow, h, 0)
	}
	for i, l := range labels {
		r := headerRow + 1 + i
		sw.set(SheetChartData, 1, r, l, 0)
		for j, v := range values[i] {
			if v != nil {
				sw.set(SheetChartData, 2+j, r, *v, 0)
			}
		}
	}
	sw.dataRow = headerRow + len(labels) + 1 // a blank row between blocks
	return headerRow, headerRow + 1, headerRow + len(labels)
}

// a4 is A4 paper, in the spreadsheet's numbering of paper sizes.
const a4 = 9

// margins are the page margins, in inches, of every sheet.
func (sw *sheetWriter) margins(sheet string) {
	side, edge, header := 0.5, 0.6, 0.3
	sw.do(sw.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Top: &edge, Bottom: &edge, Header: &header, Footer: &header}))
}

// Points of rows a printed page holds, with a margin: Summary prints at
// about full size, Priorities (wider) at about 70% (measured by converting
// the demo's workbook with LibreOffice).
const (
	summaryPage    = 540
	prioritiesPage = 600
)

// pager keeps blocks of rows (a role level's activities) on one printed
// page: a block that would run over the page starts the next one.
type pager struct {
	sheet  string
	used   float64 // points of rows on the current page
	budget float64 // points of rows a page holds, with a margin
}

// rows counts rows from first to last, written already, as on the page.
func (p *pager) rows(sw *sheetWriter, first, last int) {
	p.used += sw.rowsHeight(p.sheet, first, last)
}

// block puts rows first to last on a new page if they do not fit on this
// one.
func (p *pager) block(sw *sheetWriter, first, last int) {
	h := sw.rowsHeight(p.sheet, first, last)
	if p.used > 0 && p.used+h > p.budget {
		sw.pageBreak(p.sheet, first)
		p.used = 0
	}
	p.used += h
}

func (sw *sheetWriter) rowsHeight(sheet string, first, last int) float64 {
	var h float64
	for r := first; r <= last; r++ {
		ht, err := sw.f.GetRowHeight(sheet, r)
		sw.do(err)
		h += ht
	}
	return h
}
