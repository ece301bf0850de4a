package aggregate

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Sheets of role expectations and of the trend across rounds.
const (
	SheetGaps  = "Gaps"
	SheetTrend = "Trend"
)

// Gap colours: red where a role level is below its expectation, white at
// it, green above.
const (
	colourBelow = "#F8696B"
	colourAt    = "#FFFFFF"
	colourAbove = "#63BE7B"
)

// The size of each skill's line chart, in pixels, and a column of the
// default width, in pixels and in characters.
const (
	trendChartWidth  = 720
	trendChartHeight = 320
	defaultColPixels = 64
	defaultColChars  = 8.43
)

// gapsSheet writes the gap heatmap: per skill and activity and role level,
// the expectation, the mean less it, and how many ratings met it.
func (rep *Report) gapsSheet(sw *sheetWriter) {
	const sheet = SheetGaps
	st := sw.st
	g := rep.Gaps
	// The role levels, as the rows' cells have them.
	var roles []string
	if len(g.Skills) > 0 {
		for _, c := range g.Skills[0].Cells {
			roles = append(roles, rep.groupName(c.Group))
		}
	}
	rep.titles(sw, sheet, "Gaps: mean self-rating less the role level's expectation",
		"Expectations are set in workshop.yaml (a skill's: the mean of its activities'). Gap: the mean of each rating less its expectation (below 0: under it). "+
			"Met: how many ratings reached it, of those compared (a skill pools its activities' ratings). Blank: no expectation; figures only where the mean is shown. "+rep.privacyNote())
	sw.set(sheet, 1, headerRow, "Skill", st.header)
	sw.set(sheet, 2, headerRow, "Activity", st.header)
	rep.labelWidths(sw, sheet, true)
	n := len(roles)
	expCol, gapCol, metCol := 3, 3+n+1, 3+2*(n+1)
	for _, b := range []struct {
		col   int
		title string
		width float64
	}{{expCol, "Expected", nHeatCol}, {gapCol, "Gap (mean − expected)", heatCol}, {metCol, "Met expectation (ratings)", heatCol}} {
		sw.set(sheet, b.col, headerRow-1, b.title, st.key)
		for i, name := range roles {
			sw.set(sheet, b.col+i, headerRow, name, st.header)
		}
		sw.width(sheet, b.col, b.col+n-1, b.width)
		if b.col > expCol {
			sw.width(sheet, b.col-1, b.col-1, 2)
		}
	}
	sw.height(sheet, headerRow, 3)
	rows := append(append([]GapRow{}, g.Skills...), g.Activities...)
	for ri, row := range rows {
		r := headerRow + 1 + ri
		activity := row.Activity
		if row.ActivityID == "" {
			activity = "All activities of the skill"
		}
		sw.height(sheet, r, rep.labelColumns(sw, sheet, r, row.Skill, activity, true))
		for i, c := range row.Cells {
			if c.Expected == nil {
				continue // no expectation: left blank
			}
			sw.set(sheet, expCol+i, r, *c.Expected, st.mean)
			switch {
			case c.Gap != nil:
				sw.set(sheet, gapCol+i, r, c.gap, st.change)
				sw.set(sheet, metCol+i, r, fmt.Sprintf("%d of %d", *c.Met, *c.Rated), st.n)
			case c.Hidden != "":
				marker := rep.markerFor(Cell{Hidden: c.Hidden})
				sw.set(sheet, gapCol+i, r, marker, st.hidden)
				sw.set(sheet, metCol+i, r, marker, st.hidden)
			default:
				sw.set(sheet, gapCol+i, r, NoAnswers, st.n)
				sw.set(sheet, metCol+i, r, NoAnswers, st.n)
			}
		}
	}
	if len(rows) > 0 {
		span := float64(rep.hi - rep.lo)
		block := ref(gapCol, headerRow+1) + ":" + ref(gapCol+n-1, headerRow+len(rows))
		sw.colourScale(sheet, block, -span/2, 0, span/2, colourBelow, colourAt, colourAbove)
	}
	sw.freeze(sheet, 2, headerRow)
	last := metCol + n - 1
	rep.wrapNote(sw, sheet, last, rep.labelChars(true)+float64(n)*(2*heatCol+nHeatCol))
	sw.printArea(sheet, last, headerRow+len(rows))
	sw.fitToWidth(sheet, "landscape")
}

// trendSheet writes, skill by skill, each group's mean in every closed
// round, and a line chart of them, a line per group with any figure shown.
func (rep *Report) trendSheet(sw *sheetWriter) {
	const sheet = SheetTrend
	st := sw.st
	t := rep.Trend
	rep.titles(sw, sheet, "Trend: mean self-rating by skill in each closed round",
		"Each round's figures are as its own report shows them, with this report's min_group. "+rep.scaleNote()+" "+rep.privacyNote())
	sw.width(sheet, 1, 1, skillColWide)
	sw.width(sheet, 2, 1+max(len(t.Rounds), 1), figureCol)
	r := headerRow
	if len(t.Rounds) == 0 {
		sw.set(sheet, 1, r, "No round has been closed yet (skillmap round close NAME).", st.note)
		sw.fitToWidth(sheet, "portrait")
		return
	}
	// The chart stands beside the table, one blank column after it, over
	// columns of the default width (64 pixels).
	chartCol := 3 + len(t.Rounds)
	last := chartCol + (trendChartWidth+defaultColPixels-1)/defaultColPixels
	rep.wrapNote(sw, sheet, last, skillColWide+float64(len(t.Rounds))*figureCol+float64(last-chartCol+1)*defaultColChars)
	for _, row := range t.Skills {
		start := r
		sw.set(sheet, 1, r, row.Skill, st.section)
		r++
		sw.set(sheet, 1, r, "Group", st.header)
		for i, rd := range t.Rounds {
			sw.set(sheet, 2+i, r, rd.Name, st.header)
		}
		sw.height(sheet, r, 2)
		r++
		header := []string{"Round"}
		values := make([][]*float64, len(t.Rounds))
		for i := range values {
			values[i] = make([]*float64, len(row.Groups))
		}
		var shown []int
		for gi, s := range row.Groups {
			sw.set(sheet, 1, r, rep.groupName(s.Group), st.text)
			anyShown := false
			for i, p := range s.Points {
				switch {
				case p.Mean != nil:
					sw.set(sheet, 2+i, r, p.mean, st.mean)
					v := p.mean
					values[i][gi] = &v
					anyShown = true
				case p.Hidden != "":
					sw.set(sheet, 2+i, r, rep.markerFor(Cell{Hidden: p.Hidden}), st.hidden)
				default:
					sw.set(sheet, 2+i, r, NoAnswers, st.n)
				}
			}
			header = append(header, rep.groupName(s.Group))
			if anyShown {
				shown = append(shown, gi)
			}
			r++
		}
		block := ref(2, start+2) + ":" + ref(1+len(t.Rounds), r-1)
		sw.colourScale(sheet, block, float64(rep.lo), float64(rep.lo+rep.hi)/2, float64(rep.hi), colourLow, colourMid, colourHigh)
		if len(shown) > 0 {
			labels := make([]string, len(t.Rounds))
			for i, rd := range t.Rounds {
				labels[i] = rd.Name
			}
			h, first, lastData := sw.chartData(header, labels, values)
			var cs []excelize.ChartSeries
			for _, gi := range shown {
				cs = append(cs, excelize.ChartSeries{
					Name:       absRange(SheetChartData, 2+gi, h, 2+gi, h),
					Categories: absRange(SheetChartData, 1, first, 1, lastData),
					Values:     absRange(SheetChartData, 2+gi, first, 2+gi, lastData),
					Marker:     excelize.ChartMarker{Symbol: "circle", Size: 6},
				})
			}
			sw.do(sw.f.AddChart(sheet, ref(chartCol, start), &excelize.Chart{
				Type:      excelize.Line,
				Series:    cs,
				Title:     chartTitle(row.Skill),
				Legend:    excelize.ChartLegend{Position: "bottom", Font: &axisFont},
				XAxis:     excelize.ChartAxis{Font: axisFont},
				YAxis:     rep.meanAxis(),
				Dimension: excelize.ChartDimension{Width: trendChartWidth, Height: trendChartHeight},
				Format:    excelize.GraphicOptions{AltText: "Line chart of the mean self-rating of " + row.Skill + " in each closed round, a line per group"},
			}))
		}
		// The table and its chart, side by side, take the chart's rows.
		r = max(r, start+chartRows(trendChartHeight)) + 1
		sw.pageBreak(sheet, r)
	}
	sw.printArea(sheet, last, r)
	sw.fitToWidth(sheet, "landscape")
}
