package serve

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// content is everything the pages need, in the binary: a page is the
// layout plus one file of templates/, and static/ is served as it is.
//
//go:embed templates/*.html static/*
var content embed.FS

// page is what the layout shows around a page's own content.
type page struct {
	Title    string // the page's heading, first in the window's title
	Workshop string // the workshop's title, in the header
	Errors   bool   // the page shows errors: the window's title says so first
	Data     any    // the page's own
}

// pages are the parsed templates, by file name without .html, and the
// static files.
type pages struct {
	t      map[string]*template.Template
	static map[string]staticFile
}

type staticFile struct {
	data  []byte
	etag  string
	ctype string
}

var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	},
}

// parsePages parses every page with the layout, once, at start.
func parsePages() (*pages, error) {
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(content, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	p := &pages{t: map[string]*template.Template{}, static: map[string]staticFile{}}
	names, err := fs.Glob(content, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(content, n)
		if err != nil {
			return nil, err
		}
		p.t[base] = t
	}
	statics, err := fs.Glob(content, "static/*")
	if err != nil {
		return nil, err
	}
	for _, n := range statics {
		data, err := content.ReadFile(n)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(data)
		ctype := "application/octet-stream"
		switch path.Ext(n) {
		case ".css":
			ctype = "text/css; charset=utf-8"
		case ".svg":
			ctype = "image/svg+xml"
		case ".png":
			ctype = "image/png"
		}
		p.static[path.Base(n)] = staticFile{data: data, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, ctype: ctype}
	}
	return p, nil
}

// render writes a page with the layout. It renders into a buffer first,
// so that a template error is a clean 500, never half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, pg page) {
	t := s.pages.t[name]
	if t == nil {
		s.log.Printf("no page %q", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if pg.Workshop == "" {
		if ws, _, err := s.load(); err == nil {
			pg.Workshop = ws.Title
		}
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", pg); err != nil {
		s.log.Printf("render %s: %v", name, err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Pages hold a participant's answers: no cache keeps them.
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// fail shows an error page: what went wrong and what to do.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, title, advice string) {
	s.render(w, status, "problem", page{Title: title, Data: advice})
}

// serveStatic serves the embedded stylesheet and images.
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := s.pages.static[r.PathValue("file")]
	if !ok {
		s.notFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("ETag", f.etag)
	h.Set("Cache-Control", "public, max-age=3600")
	if r.Header.Get("If-None-Match") == f.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(f.data)))
	_, _ = w.Write(f.data)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, http.StatusNotFound, "Page not found", "If you typed the address, check it is right. If you followed your personal link, ask the facilitator for it again.")
}
