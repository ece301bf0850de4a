package room

import (
	"bytes"
	"embed"
	"html/template"
	"io"
	"time"
)

//go:embed templates/*.tmpl
var templateFiles embed.FS

//go:embed static/room.css
var stylesheet []byte

// Stylesheet is the CSS of the facilitator's pages, for the server to
// serve from its own origin (the Content-Security-Policy allows no inline
// style).
func Stylesheet() []byte { return stylesheet }

// Page is what a page needs beyond its figures: its title, where its
// stylesheet and the other pages are, and how often it refreshes itself.
type Page struct {
	Title string
	// Refresh is how many seconds the page waits before it loads itself
	// again (a meta refresh: no script); 0 does not refresh.
	Refresh int
	// Stylesheet is the URL of Stylesheet.
	Stylesheet string
	// Nav links the facilitator's pages to each other.
	Nav []Link
	// Now is when the page was made.
	Now time.Time
	// Wide lets the page use the whole width of the screen (a projector).
	Wide bool
}

// Link is an entry of a page's navigation.
type Link struct {
	Text, URL string
	Current   bool
}

var funcs = template.FuncMap{
	"short": func(rev string) string { return rev[:min(7, len(rev))] },
	"tens":  func(p int) int { return min(10, max(0, p/10)) },
	"cellArgs": func(c Cell, minGroup int, g Group) cellArgs {
		return cellArgs{Cell: c, MinGroup: minGroup, Group: g}
	},
}

// cellArgs is what the cell template needs: the cell, the rule it is
// hidden by, and its column.
type cellArgs struct {
	Cell     Cell
	MinGroup int
	Group    Group
}

var (
	progressPage = template.Must(template.New("progress").Funcs(funcs).ParseFS(templateFiles, "templates/layout.tmpl", "templates/progress.tmpl"))
	heatmapPage  = template.Must(template.New("heatmap").Funcs(funcs).ParseFS(templateFiles, "templates/layout.tmpl", "templates/heatmap.tmpl"))
)

// WriteProgress writes the facilitator view as an HTML page. The page is
// made in full before any of it is written, so that a failure never
// leaves half a page.
func WriteProgress(w io.Writer, p *Progress, pg Page) error {
	return execute(w, progressPage, struct {
		*Progress
		Page Page
	}{p, pg})
}

// WriteHeatmap writes the room view as an HTML page.
func WriteHeatmap(w io.Writer, h *Heatmap, pg Page) error {
	pg.Wide = true
	return execute(w, heatmapPage, struct {
		*Heatmap
		Page Page
	}{h, pg})
}

func execute(w io.Writer, t *template.Template, data any) error {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
