package aggregate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ref names a cell, as "C5".
func ref(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// absRange names a block of cells for a chart: 'Sheet'!$C$5:$C$9.
func absRange(sheet string, col1, row1, col2, row2 int) string {
	a, _ := excelize.CoordinatesToCellName(col1, row1, true)
	b, _ := excelize.CoordinatesToCellName(col2, row2, true)
	return fmt.Sprintf("'%s'!%s:%s", sheet, a, b)
}

// state says which state of the workshop a report shows, for titles.
func (rep *Report) state() string {
	label := rep.Label
	if label == "" {
		label = "HEAD"
	}
	return fmt.Sprintf("%s, revision %s (%s)", label, short(rep.Revision), rep.RevisionDate.Format("2 January 2006"))
}

// titles writes a sheet's title and the line under it that says what it
// shows, for which workshop, state and revision.
func (rep *Report) titles(sw *sheetWriter, sheet, what, detail string) {
	sw.set(sheet, 1, 1, fmt.Sprintf("%s — %s", what, rep.Workshop), sw.st.title)
	line := fmt.Sprintf("%s at %s. Framework: %s.", rep.Workshop, rep.state(), rep.frameworkNames())
	if detail != "" {
		line += " " + detail
	}
	sw.set(sheet, 1, 2, line, sw.st.note)
}

// privacyNote is the sentence every sheet with figures carries.
func (rep *Report) privacyNote() string {
	note := fmt.Sprintf("Groups of fewer than %d people show %q; %q marks a larger group hidden so that a small one cannot be worked out by subtraction; %q: nobody answered.",
		rep.MinGroup, rep.Marker(), ComplementMarker, NoAnswers)
	if rep.anyPooled() {
		note += fmt.Sprintf(" %q: the role level is counted in its band, because some role levels of the band have fewer than %d people (About says why).", BandMarker, rep.MinGroup)
	}
	if rep.anyNotAsked() {
		note += fmt.Sprintf(" %q: the workshop does not ask that role level the framework.", NotAskedMarker)
	}
	return note
}

func (rep *Report) scaleNote() string {
	return fmt.Sprintf("Scale %d (%s) to %d (%s).", rep.lo, rep.scaleLabels[0], rep.hi, rep.scaleLabels[len(rep.scaleLabels)-1])
}

// freeze keeps the header rows and label columns in view, on screen and
// on every printed page.
func (sw *sheetWriter) freeze(sheet string, cols, rows int) {
	sw.do(sw.f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, XSplit: cols, YSplit: rows,
		TopLeftCell: ref(cols+1, rows+1), ActivePane: "bottomRight",
	}))
	sw.do(sw.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", Scope: sheet,
		RefersTo: fmt.Sprintf("'%s'!$1:$%d", sheet, rows),
	}))
}

// fitToWidth prints a sheet one page wide, as long as it needs.
func (sw *sheetWriter) fitToWidth(sheet, orientation string) {
	fit := true
	sw.do(sw.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &orientation, Size: intPtr(a4), FitToWidth: intPtr(1), FitToHeight: intPtr(0)}))
	sw.do(sw.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	sw.margins(sheet)
}

func (sw *sheetWriter) width(sheet string, col1, col2 int, w float64) {
	sw.do(sw.f.SetColWidth(sheet, colName(col1), colName(col2), w))
}

// height gives a row the height its wrapped text needs: spreadsheet programs
// do not grow rows for wrapped text when they open a file.
// A row is at most maxRowHeight high, a spreadsheet's limit (the rest of
// a very long text is there, scrolled to in the cell).
func (sw *sheetWriter) height(sheet string, row, lines int) {
	sw.do(sw.f.SetRowHeight(sheet, row, min(float64(lines)*lineHeight+2, maxRowHeight)))
}

// maxRowHeight is the highest row a spreadsheet allows, in points.
const maxRowHeight = excelize.MaxRowHeight

// maxNoteRows is how many notes the Notes sheet holds: a sheet's rows, less
// the titles and a last line that says how many more there are. Notes are
// one a row, and a large community can write more.
var maxNoteRows = excelize.TotalRows - headerRow - 1

// colourScale puts a fixed three-colour scale on a block of cells, so the
// same value has the same colour in every report.
func (sw *sheetWriter) colourScale(sheet, block string, lo, mid, hi float64, cLo, cMid, cHi string) {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	sw.do(sw.f.SetConditionalFormat(sheet, block, []excelize.ConditionalFormatOptions{{
		Type: "3_color_scale", Criteria: "=",
		MinType: "num", MinValue: f(lo), MinColor: cLo,
		MidType: "num", MidValue: f(mid), MidColor: cMid,
		MaxType: "num", MaxValue: f(hi), MaxColor: cHi,
	}}))
}

// meanCell writes a cell's mean: the number, the marker when hidden, empty
// when nobody answered.
func (rep *Report) meanCell(sw *sheetWriter, sheet string, col, row int, c Cell) {
	switch {
	case c.Suppressed:
		sw.set(sheet, col, row, rep.markerFor(c), sw.st.hidden)
	case c.NotAsked:
		sw.set(sheet, col, row, NotAskedMarker, sw.st.n)
	case c.Mean != nil:
		sw.set(sheet, col, row, c.mean, sw.st.mean)
	default:
		sw.set(sheet, col, row, NoAnswers, sw.st.n)
	}
}

func (rep *Report) nCell(sw *sheetWriter, sheet string, col, row int, c Cell) {
	switch {
	case c.Suppressed:
		sw.set(sheet, col, row, rep.markerFor(c), sw.st.hidden)
	case c.NotAsked:
		sw.set(sheet, col, row, NotAskedMarker, sw.st.n)
	default:
		sw.set(sheet, col, row, c.n, sw.st.n)
	}
}

// Column widths, in characters.
const (
	skillColWide   = 36 // the skill column when it is the only label
	skillColNarrow = 24 // beside an activity column
	activityCol    = 60
	figureCol      = 13
	// A heatmap's columns are narrower, so that the sheet prints large
	// enough to read: a role level's name wraps onto three lines.
	heatCol  = 11
	nHeatCol = 9
	// frameworkCol is the framework column of a report of several
	// frameworks: its short name wraps onto two or three lines.
	frameworkCol = 14
)

// labelColumns writes the framework (in a report of several), the skill
// (and activity) of a row, wrapped, and returns how many lines the row
// needs.
func (rep *Report) labelColumns(sw *sheetWriter, sheet string, row int, framework, skill, activity string, activities bool) int {
	lines, col := 1, 1
	if rep.several() {
		name := rep.frameworkTitle(framework)
		sw.set(sheet, 1, row, name, sw.st.wrap)
		lines, col = wrappedLines(name, frameworkCol), 2
	}
	if !activities {
		sw.set(sheet, col, row, skill, sw.st.wrap)
		return max(lines, wrappedLines(skill, skillColWide))
	}
	sw.set(sheet, col, row, skill, sw.st.wrap)
	sw.set(sheet, col+1, row, activity, sw.st.wrap)
	return max(lines, wrappedLines(skill, skillColNarrow), wrappedLines(activity, activityCol))
}

// labelHeaders writes the headings of the label columns and gives them
// their widths; it returns how many there are.
func (rep *Report) labelHeaders(sw *sheetWriter, sheet string, activities bool) int {
	col := 1
	if rep.several() {
		// One sheet for every framework, with a framework column, rather
		// than a sheet each: a lead sees the whole community on one page
		// with the same role level columns throughout, and can filter or
		// sort by framework as by skill.
		sw.set(sheet, 1, headerRow, "Framework", sw.st.header)
		sw.width(sheet, 1, 1, frameworkCol)
		col = 2
	}
	sw.set(sheet, col, headerRow, "Skill", sw.st.header)
	if activities {
		sw.set(sheet, col+1, headerRow, "Activity", sw.st.header)
		sw.width(sheet, col, col, skillColNarrow)
		sw.width(sheet, col+1, col+1, activityCol)
		return col + 1
	}
	sw.width(sheet, col, col, skillColWide)
	return col
}

// figureBlocks lays out the two blocks of a table of figures after its
// label columns: a column per group for the figure, a narrow gap, then a
// column per group for how many people it is from. It returns where each
// block starts.
func (rep *Report) figureBlocks(sw *sheetWriter, sheet string, labels int, figures, people string) (figCol, nCol int) {
	groups := len(rep.Groups)
	figCol, nCol = labels+1, labels+groups+2
	sw.set(sheet, figCol, headerRow-1, figures, sw.st.key)
	sw.set(sheet, nCol, headerRow-1, people, sw.st.key)
	for i, g := range rep.Groups {
		sw.set(sheet, figCol+i, headerRow, g.Name, sw.st.header)
		sw.set(sheet, nCol+i, headerRow, g.Name, sw.st.header)
	}
	sw.height(sheet, headerRow, 3)
	sw.width(sheet, figCol, figCol+groups-1, heatCol)
	sw.width(sheet, figCol+groups, figCol+groups, 2)
	sw.width(sheet, nCol, nCol+groups-1, nHeatCol)
	return figCol, nCol
}

// heatmap writes one table: label columns, a mean per group under a colour
// scale fixed to the rating scale (so colours compare across reports), then
// the n of each group.
func (rep *Report) heatmap(sw *sheetWriter, sheet, what string, rows []Row, activities bool) {
	groups := len(rep.Groups)
	rep.titles(sw, sheet, what+": mean self-rating by role level", rep.scaleNote()+" "+rep.privacyNote())
	labels := rep.labelHeaders(sw, sheet, activities)
	meanCol, nCol := rep.figureBlocks(sw, sheet, labels, "Mean rating", "People who answered (n)")
	for ri, row := range rows {
		r := headerRow + 1 + ri
		sw.height(sheet, r, rep.labelColumns(sw, sheet, r, row.FrameworkID, row.Skill, row.Activity, activities))
		for i, c := range row.Cells {
			rep.meanCell(sw, sheet, meanCol+i, r, c)
			rep.nCell(sw, sheet, nCol+i, r, c)
		}
	}
	if len(rows) > 0 {
		block := ref(meanCol, headerRow+1) + ":" + ref(meanCol+groups-1, headerRow+len(rows))
		sw.colourScale(sheet, block, float64(rep.lo), float64(rep.lo+rep.hi)/2, float64(rep.hi), colourLow, colourMid, colourHigh)
	}
	sw.freeze(sheet, labels, headerRow)
	last := nCol + groups - 1
	rep.wrapNote(sw, sheet, last, rep.labelChars(activities)+float64(groups)*(heatCol+nHeatCol))
	end := headerRow + len(rows)
	var cs []excelize.ChartSeries
	if !activities {
		cs = rep.skillChartSeries(sw, rows)
	}
	if len(cs) > 0 {
		// Below the skills, a bar chart as wide as the table, on the
		// same page.
		end += 2
		sw.do(sw.f.AddChart(sheet, ref(1, end), &excelize.Chart{
			Type:      excelize.Col,
			Series:    cs,
			Title:     chartTitle("Skill means by role level"),
			Legend:    excelize.ChartLegend{Position: "bottom", Font: &axisFont},
			XAxis:     excelize.ChartAxis{Font: axisFont},
			YAxis:     rep.meanAxis(),
			Dimension: excelize.ChartDimension{Width: skillsChartWidth, Height: skillsChartHeight},
			Format:    excelize.GraphicOptions{AltText: "Bar chart of the mean self-rating of each skill, a bar per role level"},
		}))
		end += sw.chartSpace(sheet, end, skillsChartHeight)
	}
	if activities {
		// Skills has a chart, which a print area by cells could cut.
		sw.printArea(sheet, last, end)
	}
	sw.fitToWidth(sheet, "landscape")
}

// meanAxis is a chart axis over the whole rating scale.
func (rep *Report) meanAxis() excelize.ChartAxis {
	lo, hi := float64(rep.lo), float64(rep.hi)
	return excelize.ChartAxis{Minimum: &lo, Maximum: &hi, MajorGridLines: true, MajorUnit: 1, Font: axisFont}
}

// labelChars is the width of the label columns, in characters.
func (rep *Report) labelChars(activities bool) float64 {
	w := float64(skillColWide)
	if activities {
		w = skillColNarrow + activityCol
	}
	if rep.several() {
		w += frameworkCol
	}
	return w
}

// summary writes the first sheet: headline figures, completion by role
// level, skill means with a radar and a bar chart, and each role level's
// strongest and weakest activities.
func (rep *Report) summary(sw *sheetWriter) {
	const sheet = SheetSummary
	st := sw.st
	rep.titles(sw, sheet, "Summary", rep.privacyNote())
	if rep.Individuals != nil {
		sw.set(sheet, 1, 3, "This workbook contains personal data: each participant's own answers, by name (sheet Individuals). "+
			"Share it only with people entitled to see them, and delete it when done.", st.warning)
	}
	r := 4
	sw.set(sheet, 1, r, "Participants", st.key)
	sw.set(sheet, 2, r, rep.Participants, st.n)
	r++
	sw.set(sheet, 1, r, "Responses (rated at least one activity)", st.key)
	sw.set(sheet, 2, r, rep.Responses, st.n)
	r += 2

	sw.set(sheet, 1, r, "Completion by role level", st.section)
	r++
	// Completion is of everyone who rated every activity, as status and
	// round list count it; those who rated some are shown beside.
	for i, h := range []string{"Role level", "Participants", "Rated any", "Rated all", "Completion"} {
		sw.set(sheet, 1+i, r, h, st.header)
	}
	r++
	for _, g := range rep.Groups {
		sw.set(sheet, 1, r, g.Name, st.text)
		sw.set(sheet, 2, r, g.Participants, st.n)
		sw.set(sheet, 3, r, g.Responses, st.n)
		sw.set(sheet, 4, r, g.Complete, st.n)
		if g.Participants > 0 {
			sw.set(sheet, 5, r, float64(g.Complete)/float64(g.Participants), st.percent)
		}
		r++
	}
	r++

	// Skill means: the table people read, with markers. The numbers the
	// charts draw go on the hidden chart-data sheet, where hidden groups
	// are left blank so that no chart draws a hidden figure (or a zero in
	// its place).
	// A report of several frameworks has a table, a radar and a list of
	// strongest and weakest activities per framework: each framework is
	// for its own audience, and its skills read together.
	for _, fw := range rep.Frameworks {
		r = rep.summarySkillTable(sw, fw, r)
	}
	for _, fw := range rep.Frameworks {
		r = rep.summaryRadar(sw, fw, r)
	}

	sw.set(sheet, 1, r, "Strongest and weakest activities by role level", st.section)
	r++
	actCols := len(rep.Groups) - 2 // the activity spans the middle group columns
	sw.set(sheet, 1, r, "Role level", st.header)
	sw.set(sheet, 2, r, "", st.header)
	sw.set(sheet, 3, r, "Activity", st.header)
	for c := 4; c < 3+actCols; c++ {
		sw.set(sheet, c, r, "", st.header)
	}
	sw.set(sheet, 3+actCols, r, "Mean", st.header)
	r++
	// A role level's activities stay on one page (the section starts a
	// page, after the chart or the tables).
	pg := pager{sheet: sheet, budget: summaryPage}
	pg.rows(sw, r-2, r-1)
	framework := ""
	for _, rr := range rep.Rankings {
		name := rep.groupName(rr.Role)
		first := r
		if rep.several() && rr.FrameworkID != framework {
			// The framework's name heads its role levels, on their page.
			framework = rr.FrameworkID
			sw.set(sheet, 1, r, rep.frameworkTitle(framework), st.section)
			r++
		}
		for i, a := range rr.Strongest {
			rep.rankRow(sw, sheet, r, name, "Strongest", i == 0, i, a)
			r++
		}
		for i, a := range rr.Weakest[:min(topN, len(rr.Weakest))] {
			rep.rankRow(sw, sheet, r, name, "Weakest", false, i, a)
			r++
		}
		pg.block(sw, first, r-1)
	}
	if len(rep.Rankings) == 0 {
		sw.set(sheet, 1, r, "No role level or band has enough answers to show.", st.note)
	}
	sw.width(sheet, 1, 1, 34)
	sw.width(sheet, 2, 1+len(rep.Groups), figureCol)
	rep.wrapNote(sw, sheet, 1+len(rep.Groups), 34+float64(len(rep.Groups))*figureCol)
	// No print area: a spreadsheet program prints the cells and the chart,
	// and a print area by cells would cut the chart where its own column
	// widths differ.
	sw.fitToWidth(sheet, "landscape")
}

// forFramework adds a framework's name to a heading in a report of
// several frameworks.
func (rep *Report) forFramework(heading string, fw ReportFramework) string {
	if rep.several() {
		return heading + ": " + fw.Title
	}
	return heading
}

// summarySkillTable writes Summary's table of one framework's skill means
// by role level from row r, and returns the row after it.
func (rep *Report) summarySkillTable(sw *sheetWriter, fw ReportFramework, r int) int {
	const sheet = SheetSummary
	st := sw.st
	skills := rowsOf(rep.Skills, fw.ID)
	sw.set(sheet, 1, r, rep.forFramework("Mean self-rating by skill and role level", fw), st.section)
	r++
	tableTop := r
	sw.set(sheet, 1, r, "Skill", st.header)
	for i, g := range rep.Groups {
		sw.set(sheet, 2+i, r, g.Name, st.header)
	}
	sw.height(sheet, r, 3)
	r++
	for _, row := range skills {
		sw.set(sheet, 1, r, row.Skill, st.wrap)
		sw.height(sheet, r, wrappedLines(row.Skill, 34))
		for i, c := range row.Cells {
			rep.meanCell(sw, sheet, 2+i, r, c)
		}
		r++
	}
	tableBottom := r - 1
	if len(skills) > 0 {
		sw.colourScale(sheet, ref(2, tableTop+1)+":"+ref(1+len(rep.Groups), tableBottom),
			float64(rep.lo), float64(rep.lo+rep.hi)/2, float64(rep.hi), colourLow, colourMid, colourHigh)
	}
	return r + 1
}

// summaryRadar draws one framework's skill means as a radar chart on a
// page of its own, from row r, and returns the row after it.
func (rep *Report) summaryRadar(sw *sheetWriter, fw ReportFramework, r int) int {
	const sheet = SheetSummary
	cs := rep.skillChartSeries(sw, rowsOf(rep.Skills, fw.ID))
	if len(cs) == 0 {
		return r
	}
	// The radar starts a page of their own, so that it is not cut
	// across pages (the bar chart is on Skills).
	sw.pageBreak(sheet, r)
	sw.set(sheet, 1, r, rep.forFramework("Skill means by role level, as a radar chart", fw), sw.st.section)
	r++
	sw.do(sw.f.AddChart(sheet, ref(1, r), &excelize.Chart{
		Type:      excelize.Radar,
		Series:    cs,
		Title:     chartTitle(rep.forFramework("Skill means by role level (radar)", fw)),
		Legend:    excelize.ChartLegend{Position: "bottom", Font: &axisFont},
		XAxis:     excelize.ChartAxis{Font: axisFont},
		YAxis:     rep.meanAxis(),
		Dimension: excelize.ChartDimension{Width: summaryChartWidth, Height: summaryChartHeight},
		Format:    excelize.GraphicOptions{AltText: rep.forFramework("Radar chart of the mean self-rating of each skill, one line per role level", fw)},
	}))
	r += sw.chartSpace(sheet, r, summaryChartHeight) + 1
	sw.pageBreak(sheet, r)
	return r
}

// skillChartSeries writes the skill means of each role level with any
// figure shown to the chart-data sheet, hidden groups left blank, and
// returns a chart series per role level. rows are the skills to draw.
func (rep *Report) skillChartSeries(sw *sheetWriter, rows []Row) []excelize.ChartSeries {
	if len(rows) == 0 {
		return nil
	}
	roles := rep.h.all() // role levels and bands
	header := []string{"Skill"}
	var shown []int
	for g := 0; g < roles; g++ {
		name := rep.Groups[g].Name
		anyShown, anyHidden := false, false
		for _, row := range rows {
			anyShown = anyShown || row.Cells[g].Mean != nil
			anyHidden = anyHidden || row.Cells[g].Suppressed
		}
		if anyHidden {
			name += " (some hidden)"
		}
		header = append(header, name)
		if anyShown {
			shown = append(shown, g)
		}
	}
	if len(shown) == 0 {
		return nil
	}
	var labels []string
	var values [][]*float64
	for _, row := range rows {
		labels = append(labels, row.Skill)
		vs := make([]*float64, roles)
		for g := 0; g < roles; g++ {
			if c := row.Cells[g]; c.Mean != nil && !c.Suppressed {
				v := c.mean
				vs[g] = &v
			}
		}
		values = append(values, vs)
	}
	h, first, last := sw.chartData(header, labels, values)
	var cs []excelize.ChartSeries
	for _, g := range shown {
		cs = append(cs, excelize.ChartSeries{
			Name:       absRange(SheetChartData, 2+g, h, 2+g, h),
			Categories: absRange(SheetChartData, 1, first, 1, last),
			Values:     absRange(SheetChartData, 2+g, first, 2+g, last),
		})
	}
	return cs
}

// rankRow writes one of a role level's strongest or weakest activities;
// the role and the kind are written on the first row they apply to.
func (rep *Report) rankRow(sw *sheetWriter, sheet string, r int, role, kind string, first bool, i int, a Ranked) {
	if first {
		sw.set(sheet, 1, r, role, sw.st.key)
	}
	if i == 0 {
		sw.set(sheet, 2, r, kind, sw.st.text)
	}
	actCols := len(rep.Groups) - 2
	sw.set(sheet, 3, r, a.Activity, sw.st.wrap)
	sw.do(sw.f.MergeCell(sheet, ref(3, r), ref(2+actCols, r)))
	sw.set(sheet, 3+actCols, r, a.Mean, sw.st.mean)
	sw.height(sheet, r, wrappedLines(a.Activity, figureCol*float64(actCols)))
}

func (rep *Report) groupName(id string) string {
	for _, g := range rep.Groups {
		if g.ID == id {
			return g.Name
		}
	}
	return id
}

func chartTitle(s string) excelize.ChartTitle {
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: s, Font: &excelize.Font{Bold: true, Size: 12, Color: "#000000"}}}}
}

// ratingColours go from the low end of the scale to the high, for the
// stacked bars of the distribution.
var ratingColours = []string{"F8696B", "FBAA77", "FFEB84", "B1D580", "63BE7B"}

// Distribution's columns: the activity, the role level, then a column per
// rating; narrow enough to print at full size on an A4 landscape page.
const (
	distActivityCol = 44
	distGroupCol    = 24
	distValueCol    = 13
)

// pageHeight is how many points of rows Distribution puts on one A4
// landscape page. Printed one page wide, the sheet is scaled to about 80%,
// so a page holds about 600 points of rows; this leaves a margin (checked by
// converting the demo's workbook with LibreOffice).
const pageHeight = 560

// distribution writes, skill by skill, how many people of each role level
// gave each rating to each activity, and a stacked bar chart of everyone's
// ratings. Each skill starts a page, and no activity or chart is cut
// across pages.
func (rep *Report) distribution(sw *sheetWriter) {
	const sheet = SheetDistribution
	st := sw.st
	values := len(rep.Scale)
	groups := len(rep.Groups)
	all := groups - 1
	rep.titles(sw, sheet, "Distribution: how many people gave each rating", rep.scaleNote()+" "+rep.privacyNote())
	cols := 2 + values
	sw.width(sheet, 1, 1, distActivityCol)
	sw.width(sheet, 2, 2, distGroupCol)
	sw.width(sheet, 3, 2+values, distValueCol)
	noteLines := rep.wrapNote(sw, sheet, cols, distActivityCol+distGroupCol+float64(values)*distValueCol)
	used := float64(2*lineHeight + noteLines*lineHeight) // the title rows
	r := headerRow - 1
	heading := func(skill string, cont bool) {
		if cont {
			skill += " (continued)"
		}
		sw.set(sheet, 1, r, skill, st.section)
		sw.do(sw.f.SetRowHeight(sheet, r, 20))
		r++
		sw.set(sheet, 1, r, "Activity", st.header)
		sw.set(sheet, 2, r, "Role level", st.header)
		for vi, v := range rep.Scale {
			sw.set(sheet, 3+vi, r, fmt.Sprintf("%d %s", v, rep.scaleLabels[vi]), st.header)
		}
		sw.height(sheet, r, 2)
		r++
		used += 20 + 2*lineHeight + 2
	}
	newPage := func() {
		sw.pageBreak(sheet, r)
		used = 0
	}
	for si, skill := range rep.skillRows() {
		if si > 0 {
			newPage()
		}
		heading(skill.name, false)
		var labels []string
		var counts [][]*float64
		for _, row := range skill.rows {
			// An activity's rows: one per role level, its text beside them.
			lines := wrappedLines(row.Activity, distActivityCol)
			per := max(lineHeight, float64(lines*lineHeight+2)/float64(groups))
			if used+per*float64(groups) > pageHeight {
				newPage()
				heading(skill.name, true)
			}
			for gi, c := range row.Cells {
				rr := r + gi
				sw.do(sw.f.SetRowHeight(sheet, rr, per))
				sw.set(sheet, 2, rr, rep.Groups[gi].Name, st.text)
				for vi, v := range rep.Scale {
					switch {
					case c.Suppressed:
						sw.set(sheet, 3+vi, rr, rep.markerFor(c), st.hidden)
					case c.NotAsked:
						sw.set(sheet, 3+vi, rr, NotAskedMarker, st.n)
					default:
						sw.set(sheet, 3+vi, rr, c.Counts[strconv.Itoa(v)], st.n)
					}
				}
			}
			sw.set(sheet, 1, r, row.Activity, st.wrap)
			sw.do(sw.f.MergeCell(sheet, ref(1, r), ref(1, r+groups-1)))
			r += groups
			used += per * float64(groups)
			labels = append(labels, clipWords(row.Activity, 45))
			vs := make([]*float64, values)
			if c := row.Cells[all]; !c.Suppressed {
				for vi, v := range rep.Scale {
					n := float64(c.Counts[strconv.Itoa(v)])
					vs[vi] = &n
				}
			}
			counts = append(counts, vs)
		}
		// The chart of everyone's ratings: on this page if it fits, else
		// at the top of the next.
		header := []string{"Activity (short)"}
		for vi, v := range rep.Scale {
			header = append(header, fmt.Sprintf("%d %s", v, rep.scaleLabels[vi]))
		}
		h, first, last := sw.chartData(header, labels, counts)
		var cs []excelize.ChartSeries
		for vi := range rep.Scale {
			cs = append(cs, excelize.ChartSeries{
				Name:       absRange(SheetChartData, 2+vi, h, 2+vi, h),
				Categories: absRange(SheetChartData, 1, first, 1, last),
				Values:     absRange(SheetChartData, 2+vi, first, 2+vi, last),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{ratingColours[vi*len(ratingColours)/values]}},
			})
		}
		height := uint(min(110+34*len(labels), 600))
		r++ // a blank row above the chart
		used += lineHeight
		if used+float64(chartRows(height)*lineHeight) > pageHeight {
			newPage()
		}
		sw.do(sw.f.AddChart(sheet, ref(1, r), &excelize.Chart{
			Type:      excelize.BarStacked,
			Series:    cs,
			Title:     chartTitle("Ratings given, everyone: " + skill.name),
			Legend:    excelize.ChartLegend{Position: "bottom", Font: &axisFont},
			XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: axisFont},
			YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: axisFont},
			Dimension: excelize.ChartDimension{Width: distChartWidth, Height: height},
			Format:    excelize.GraphicOptions{AltText: "Stacked bar chart of how many people gave each rating for the activities of " + skill.name},
		}))
		n := sw.chartSpace(sheet, r, height)
		r += n
		used += float64(n * lineHeight)
	}
	sw.printArea(sheet, cols, r)
	sw.fitToWidth(sheet, "landscape")
}

// distChartWidth is Distribution's page width in pixels.
const distChartWidth = 880

// skillRow is a skill and its activities' rows, in framework order.
type skillRow struct {
	name string
	rows []Row
}

func (rep *Report) skillRows() []skillRow {
	var out []skillRow
	var framework, skill string
	for _, row := range rep.Activities {
		if len(out) == 0 || row.FrameworkID != framework || row.SkillID != skill {
			framework, skill = row.FrameworkID, row.SkillID
			name := row.Skill
			if rep.several() {
				name = rep.frameworkTitle(framework) + ": " + name
			}
			out = append(out, skillRow{name: name})
		}
		out[len(out)-1].rows = append(out[len(out)-1].rows, row)
	}
	return out
}

// wrapNote makes a sheet's explanation (row 2) wrap within the printed
// columns, so that print does not cut it off at the page's edge. It
// returns the lines it takes.
func (rep *Report) wrapNote(sw *sheetWriter, sheet string, cols int, width float64) int {
	text, _ := sw.f.GetCellValue(sheet, "A2")
	sw.do(sw.f.MergeCell(sheet, "A2", ref(cols, 2)))
	sw.do(sw.f.SetCellStyle(sheet, "A2", "A2", sw.st.noteWrap))
	lines := wrappedLines(text, width)
	sw.height(sheet, 2, lines)
	return lines
}

// clipWords shortens text to at most n characters at a word boundary.
func clipWords(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	cut := string([]rune(s)[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:-") + "…"
}

// priorities writes each role level's lowest-rated activities and the
// biggest differences between adjacent role levels.
func (rep *Report) priorities(sw *sheetWriter) {
	const sheet = SheetPriorities
	st := sw.st
	rep.titles(sw, sheet, "Priorities", "Only figures shown elsewhere are used. "+rep.privacyNote())
	r := headerRow - 1
	sw.set(sheet, 1, r, fmt.Sprintf("Development priorities: the %d lowest-rated activities of each role level and band", prioritiesN), st.section)
	r++
	for i, h := range []string{"Role level", "Rank", "Skill", "Activity", "Mean", "n"} {
		sw.set(sheet, 1+i, r, h, st.header)
	}
	r++
	// A role level's activities stay on one page, and so do a step's.
	pg := pager{sheet: sheet, budget: prioritiesPage}
	pg.rows(sw, 1, r-1)
	framework := ""
	for _, rr := range rep.Rankings {
		first := r
		if rep.several() && rr.FrameworkID != framework {
			framework = rr.FrameworkID
			sw.set(sheet, 1, r, rep.frameworkTitle(framework), st.section)
			r++
		}
		for i, a := range rr.Weakest {
			if i == 0 {
				sw.set(sheet, 1, r, rep.groupName(rr.Role), st.keyWrap)
			}
			sw.set(sheet, 2, r, i+1, st.n)
			rep.skillAndActivity(sw, sheet, r, 3, a.FrameworkID, a.SkillID, a.Activity)
			sw.set(sheet, 5, r, a.Mean, st.mean)
			sw.set(sheet, 6, r, a.N, st.n)
			r++
		}
		pg.block(sw, first, r-1)
	}
	if len(rep.Rankings) == 0 {
		sw.set(sheet, 1, r, "No role level or band has enough answers to show.", st.note)
		r++
	}
	r++
	sw.set(sheet, 1, r, fmt.Sprintf("Where the step up is hardest: the %d biggest differences between adjacent role levels (and bands)", prioritiesN), st.section)
	r++
	for i, h := range []string{"From", "To", "Skill", "Activity", "From mean", "To mean", "Difference"} {
		sw.set(sheet, 1+i, r, h, st.header)
	}
	r++
	// The heading and the first step go to a new page together.
	heading := r - 2
	framework = ""
	for si, step := range rep.Steps {
		first := r
		if si == 0 {
			first = heading
		}
		if rep.several() && step.FrameworkID != framework {
			framework = step.FrameworkID
			sw.set(sheet, 1, r, rep.frameworkTitle(framework), st.section)
			r++
		}
		for i, d := range step.Activities {
			if i == 0 {
				sw.set(sheet, 1, r, rep.groupName(step.From), st.keyWrap)
				sw.set(sheet, 2, r, rep.groupName(step.To), st.keyWrap)
			}
			rep.skillAndActivity(sw, sheet, r, 3, d.FrameworkID, d.SkillID, d.Activity)
			sw.set(sheet, 5, r, d.From, st.mean)
			sw.set(sheet, 6, r, d.To, st.mean)
			sw.set(sheet, 7, r, d.Difference, st.change)
			r++
		}
		pg.block(sw, first, r-1)
	}
	if len(rep.Steps) == 0 {
		sw.set(sheet, 1, r, "No two adjacent role levels or bands both have enough answers to compare.", st.note)
	}
	sw.width(sheet, 1, 2, priorityRoleCol)
	sw.width(sheet, 3, 3, skillColNarrow)
	sw.width(sheet, 4, 4, activityCol)
	sw.width(sheet, 5, 7, 11)
	rep.wrapNote(sw, sheet, 7, 2*priorityRoleCol+skillColNarrow+activityCol+33)
	sw.printArea(sheet, 7, r)
	sw.fitToWidth(sheet, "landscape")
}

// skillAndActivity writes a skill's name and an activity's text side by
// side from column col, and gives the row the height they need.
// A role level's name wraps within it (never running into the next
// column).
func (rep *Report) skillAndActivity(sw *sheetWriter, sheet string, r, col int, framework, skillID, activity string) {
	skill := rep.skillName(framework, skillID)
	sw.set(sheet, col, r, skill, sw.st.wrap)
	sw.set(sheet, col+1, r, activity, sw.st.wrap)
	lines := max(wrappedLines(skill, skillColNarrow), wrappedLines(activity, activityCol))
	for c := 1; c < col; c++ {
		if v, _ := sw.f.GetCellValue(sheet, ref(c, r)); v != "" {
			lines = max(lines, wrappedLines(v, priorityRoleCol))
		}
	}
	sw.height(sheet, r, lines)
}

// priorityRoleCol is the width of Priorities' role level columns.
const priorityRoleCol = 22

// skillName is a skill's name, by its framework and id (skill ids are
// unique only within a framework).
func (rep *Report) skillName(framework, id string) string {
	for _, s := range rep.Skills {
		if s.FrameworkID == framework && s.SkillID == id {
			return s.Skill
		}
	}
	return id
}

// Change colours: red for down, white for no change, green for up.
const (
	colourDown = "#F8696B"
	colourSame = "#FFFFFF"
	colourUp   = "#63BE7B"
)

// change writes the difference in mean since the compared state, laid out
// as Activities, with how many answered in both.
func (rep *Report) change(sw *sheetWriter) {
	const sheet = SheetChange
	st := sw.st
	ch := rep.Change
	groups := len(rep.Groups)
	rep.titles(sw, sheet, "Change in mean self-rating since "+ch.Label,
		fmt.Sprintf("Compared with %s, revision %s (%s). A change is shown only where both figures are shown. %s",
			ch.Label, short(ch.Revision), ch.Date.Format("2 January 2006"), rep.privacyNote()))
	labels := rep.labelHeaders(sw, sheet, true)
	meanCol, nCol := rep.figureBlocks(sw, sheet, labels, "Change in mean (+ up, − down)", "Answered in both")
	rows := append(append([]ChangeRow{}, ch.Skills...), ch.Activities...)
	for ri, row := range rows {
		r := headerRow + 1 + ri
		activity := row.Activity
		if row.ActivityID == "" {
			activity = "All activities of the skill"
		}
		sw.height(sheet, r, rep.labelColumns(sw, sheet, r, row.FrameworkID, row.Skill, activity, true))
		for i, c := range row.Cells {
			switch {
			case c.Change != nil:
				sw.set(sheet, meanCol+i, r, c.change, st.change)
				sw.set(sheet, nCol+i, r, *c.NBoth, st.n)
			case c.Suppressed:
				sw.set(sheet, meanCol+i, r, ComplementMarker, st.hidden)
				sw.set(sheet, nCol+i, r, ComplementMarker, st.hidden)
			case c.NotAsked:
				sw.set(sheet, meanCol+i, r, NotAskedMarker, st.n)
			default:
				sw.set(sheet, meanCol+i, r, NoAnswers, st.n)
			}
		}
	}
	if len(rows) > 0 {
		block := ref(meanCol, headerRow+1) + ":" + ref(meanCol+groups-1, headerRow+len(rows))
		sw.colourScale(sheet, block, -1, 0, 1, colourDown, colourSame, colourUp)
	}
	sw.freeze(sheet, labels, headerRow)
	rep.wrapNote(sw, sheet, nCol+groups-1, rep.labelChars(true)+float64(groups)*(heatCol+nHeatCol))
	sw.printArea(sheet, nCol+groups-1, headerRow+len(rows))
	sw.fitToWidth(sheet, "landscape")
}

func (rep *Report) about(sw *sheetWriter) {
	const sheet = SheetAbout
	st := sw.st
	sw.set(sheet, 1, 1, "About this report", st.title)
	r := 3
	const keyWidth, valueWidth = 40, 90
	kv := func(k string, v any) {
		sw.set(sheet, 1, r, k, st.key)
		sw.set(sheet, 2, r, v, st.wrap)
		if s, ok := v.(string); ok {
			sw.height(sheet, r, wrappedLines(s, valueWidth))
		}
		r++
	}
	kv("Workshop", rep.Workshop)
	if rep.several() || rep.anyNotAsked() || len(rep.Frameworks[0].Optional) > 0 {
		// Each framework, and whom the workshop asks it of.
		for _, fw := range rep.Frameworks {
			kv("Framework", fmt.Sprintf("%s (%s): %s", fw.Title, fw.ID, rep.askedOf(fw)))
		}
	} else {
		kv("Framework", fmt.Sprintf("%s (%s)", rep.Framework, rep.FrameworkID))
	}
	kv("State reported", rep.state())
	kv("Revision", rep.Revision)
	kv("Revision date", rep.RevisionDate.Format("2006-01-02 15:04 MST"))
	if rep.Change != nil {
		kv("Compared with", fmt.Sprintf("%s, revision %s (%s)", rep.Change.Label, rep.Change.Revision, rep.Change.Date.Format("2006-01-02 15:04 MST")))
	}
	kv("Smallest group shown (min_group)", rep.MinGroup)
	if rep.held {
		waiting := "none: every answer is in these figures"
		if rep.Waiting > 0 {
			waiting = rep.WaitingNote()
			var by []string
			for _, g := range rep.Groups {
				if n := rep.WaitingByRole[g.ID]; n > 0 {
					by = append(by, fmt.Sprintf("%s %d", g.Name, n))
				}
			}
			if len(by) > 0 {
				waiting += " (" + strings.Join(by, ", ") + ")"
			}
		}
		kv("Answers waiting", waiting)
	}
	for _, l := range rep.SettingsLowered {
		kv("Setting lowered", l)
	}
	kv("Participants", rep.Participants)
	kv("Responses (rated at least one activity)", rep.Responses)
	kv("Files skipped", len(rep.Skipped))
	audit := "none: every response was changed only by its participant or a facilitator, and the settings did not change after the first response"
	if rep.AuditFailed == nil {
		audit = "not checked for this report: the history is long and was not audited before; run skillmap audit, then report again"
		if rep.AuditNote != "" {
			audit = rep.AuditNote
		}
	} else if n := len(rep.AuditFailed); n > 0 {
		audit = fmt.Sprintf("%d (%s): run skillmap audit to see who changed what", n, strings.Join(rep.AuditFailed, ", "))
	}
	kv("Files that failed the audit", audit)
	if n := len(rep.Unverified); n > 0 {
		kv("Left out, unverified", fmt.Sprintf("%d response %s that the audit cannot vouch for (listed below, without their answers); report --include-unverified counts them", n, map[bool]string{true: "file", false: "files"}[n == 1]))
	}
	if rep.several() {
		for _, fw := range rep.Frameworks {
			if fw.source != "" {
				kv("Source of "+fw.Title, fw.source)
			}
			if fw.licence != "" {
				kv("Licence of "+fw.Title, fw.licence)
			}
		}
	} else {
		if rep.source != "" {
			kv("Framework source", rep.source)
		}
		if rep.licence != "" {
			kv("Framework licence", rep.licence)
		}
	}
	r++
	sw.set(sheet, 1, r, "Method", st.section)
	r++
	kv("Ratings", fmt.Sprintf("Each participant rates themselves on every activity, from %d (%s) to %d (%s). "+
		"An empty rating means not answered: it is left out, not counted as %d.",
		rep.lo, rep.scaleLabels[0], rep.hi, rep.scaleLabels[len(rep.scaleLabels)-1], rep.lo))
	kv("Groups", "Each participant belongs to one role level; \"All\" is everyone. Responses are read from the Git history at the revision above, not from anyone's working copy.")
	if bands := rep.bandsText(); bands != "" {
		kv("Bands", bands)
	}
	kv("Activity means", "For an activity and a group: the mean of the ratings given, over the n members who rated it. The distribution counts how many gave each rating.")
	skillHidden := "A group hidden in any of a skill's activities is hidden in the skill too, so a skill's figure never tells more than its activities'."
	if rep.held {
		skillHidden = "It pools the activity figures shown only, so it never tells more than they do."
	}
	kv("Skill means", "For a skill and a group: the mean of every rating the group gave the skill's activities, pooled; n is how many members rated any of them. "+skillHidden)
	kv("Privacy", fmt.Sprintf("No individual's answers are shown. A group of fewer than %d people shows %q instead of figures, in tables and charts alike. "+
		"No hidden figure may follow from the figures shown beside it: a band less its role levels shown, or All less the bands and role levels shown, "+
		"is either nobody or at least %d people; where it would be 1 to %d, the next smallest group is hidden too (or the band, or All) and shows %q. "+
		"%q means nobody in the group answered.",
		rep.MinGroup, rep.Marker(), rep.MinGroup, rep.MinGroup-1, ComplementMarker, NoAnswers))
	if why := rep.pooledText(); why != "" {
		kv("Why role levels are hidden", why)
	}
	if rep.held {
		kv("Across reports", fmt.Sprintf("Figures move in steps of at least %d people, so no two reports can be subtracted to give one person's answers. "+
			"For each role level and activity, the figures keep the answers as they last moved; once at least %d people's answers there differ from those (added, changed, removed, or moved to or from the role level), they all move together. "+
			"Until then newer answers wait (see Answers waiting). A role level and activity whose answers moved with fewer than %d people shows %q and is counted nowhere. "+
			"A role level counted in its band moves with the band's other such role levels, as one group.", rep.MinGroup, rep.MinGroup, rep.MinGroup, rep.Marker()))
		all := "Everyone in the role levels shown: All is the sum of the role level figures beside it, nobody else."
		if len(rep.Groups) > rep.h.roles+1 {
			all = "Everyone counted in a role level or band: a band is the sum of its role levels shown and of those counted in it, All the sum of the bands and of the role levels outside them; nobody else."
		}
		kv("All", all)
	}
	kv("Priorities", fmt.Sprintf("The lowest means of each role level and band, and the biggest differences between the means of adjacent role levels (and of adjacent bands), among figures that are shown (top %d).", prioritiesN))
	if rep.Change != nil {
		kv("Change", fmt.Sprintf("The mean now minus the mean then, for each group, as each state's report shows them (people in the role they had at the time), "+
			"only where both are shown and at least %d people were in the group and rated it both times; \"Answered in both\" counts them. "+
			"A change is never more than the two reports say.", rep.MinGroup))
	}
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
		kvReason := strings.TrimSpace(s.Reason)
		sw.set(sheet, 2, r, kvReason, st.wrap)
		sw.height(sheet, r, wrappedLines(kvReason, valueWidth))
		r++
	}
	if len(rep.Unverified) > 0 {
		r++
		sw.set(sheet, 1, r, "Unverified file", st.header)
		sw.set(sheet, 2, r, "Why it is left out", st.header)
		r++
		for _, u := range rep.Unverified {
			sw.set(sheet, 1, r, u.File, st.text)
			sw.set(sheet, 2, r, u.Reason, st.wrap)
			sw.height(sheet, r, wrappedLines(u.Reason, valueWidth))
			r++
		}
	}
	sw.width(sheet, 1, 1, keyWidth)
	sw.width(sheet, 2, 2, valueWidth)
	sw.width(sheet, 3, 3, 12)
	sw.fitToWidth(sheet, "landscape")
}

// notesSheet writes the notes of large enough role levels, without names.
func (rep *Report) notesSheet(sw *sheetWriter) {
	const sheet = SheetNotes
	st := sw.st
	rep.titles(sw, sheet, "Notes", fmt.Sprintf("Participants' own words, without names, only from role levels of at least %d people, in no particular order.", rep.NotesMinGroup))
	for i, h := range []string{"Skill", "Activity", "Role level", "Note"} {
		sw.set(sheet, 1+i, headerRow, h, st.header)
	}
	notes := rep.Notes
	if len(notes) > maxNoteRows {
		// More notes than a sheet has rows: the JSON has them all.
		notes = notes[:maxNoteRows]
		sw.set(sheet, 1, headerRow+1+maxNoteRows, fmt.Sprintf("%d more notes do not fit in a sheet: skillmap report --json --notes lists every note.", len(rep.Notes)-maxNoteRows), st.note)
	}
	for i, n := range notes {
		r := headerRow + 1 + i
		skill := rep.skillName(n.FrameworkID, n.SkillID)
		sw.set(sheet, 1, r, skill, st.wrap)
		sw.set(sheet, 2, r, n.Activity, st.wrap)
		sw.set(sheet, 3, r, rep.groupName(n.Group), st.text)
		sw.set(sheet, 4, r, n.Text, st.wrap)
		sw.height(sheet, r, max(wrappedLines(skill, skillColNarrow), wrappedLines(n.Activity, activityCol), wrappedLines(n.Text, activityCol)))
	}
	if len(rep.Notes) == 0 {
		why := "No notes from role levels large enough to show them."
		if rep.NotesWithheld != "" {
			why = rep.NotesWithheld
		}
		sw.set(sheet, 1, headerRow+1, why, st.note)
	}
	sw.width(sheet, 1, 1, skillColNarrow)
	sw.width(sheet, 2, 2, activityCol)
	sw.width(sheet, 3, 3, 22)
	sw.width(sheet, 4, 4, activityCol)
	sw.freeze(sheet, 0, headerRow)
	sw.fitToWidth(sheet, "landscape")
}

// individualsSheet writes each participant's ratings: personal data, only
// with --individuals.
func (rep *Report) individualsSheet(sw *sheetWriter) {
	const sheet = SheetIndividuals
	st := sw.st
	rep.titles(sw, sheet, "Individuals: personal data", "Each participant's own ratings. Share only with people entitled to see them.")
	for i, h := range []string{"Name", "Id", "Role level"} {
		sw.set(sheet, 1+i, headerRow, h, st.header)
	}
	longest := 10
	for i, a := range rep.Activities {
		key := individualKey(rep.several(), a.FrameworkID, a.ActivityID)
		sw.set(sheet, 4+i, headerRow, key, st.vheader)
		longest = max(longest, len(key))
	}
	sw.do(sw.f.SetRowHeight(sheet, headerRow, float64(longest)*6.5))
	for i, ind := range rep.Individuals {
		r := headerRow + 1 + i
		sw.set(sheet, 1, r, ind.Name, st.text)
		sw.set(sheet, 2, r, ind.ID, st.text)
		sw.set(sheet, 3, r, rep.groupName(ind.Role), st.text)
		for j, a := range rep.Activities {
			if v, ok := ind.Ratings[individualKey(rep.several(), a.FrameworkID, a.ActivityID)]; ok {
				sw.set(sheet, 4+j, r, v, st.n)
			}
		}
	}
	if n := len(rep.Activities); n > 0 && len(rep.Individuals) > 0 {
		block := ref(4, headerRow+1) + ":" + ref(3+n, headerRow+len(rep.Individuals))
		sw.colourScale(sheet, block, float64(rep.lo), float64(rep.lo+rep.hi)/2, float64(rep.hi), colourLow, colourMid, colourHigh)
	}
	sw.width(sheet, 1, 2, 24)
	sw.width(sheet, 3, 3, 22)
	sw.width(sheet, 4, 3+len(rep.Activities), 9)
	sw.freeze(sheet, 2, headerRow)
	sw.fitToWidth(sheet, "landscape")
}
