package serve

import (
	"fmt"
	"html/template"
	"net"
	"net/http"
	"strings"

	qr "github.com/piglig/go-qr"
)

// qrQuiet is the light margin round a QR code, in modules, that scanners
// need (the standard's four).
const qrQuiet = 4

// qrSVG draws a QR code of text as an SVG element, for inline use in a
// page: one path of the dark modules, row by row (a run of dark modules is
// one rectangle). It is markup the server writes from numbers alone, so
// it is safe to put in a page as it is; the CSP needs nothing more.
func qrSVG(text, label string) (template.HTML, error) {
	code, err := qr.EncodeText(text, qr.Medium)
	if err != nil {
		return "", err
	}
	var d strings.Builder
	n := code.Size()
	for y := 0; y < n; y++ {
		for x := 0; x < n; {
			if !code.Module(x, y) {
				x++
				continue
			}
			run := 1
			for x+run < n && code.Module(x+run, y) {
				run++
			}
			fmt.Fprintf(&d, "M%d %dh%dv1h-%dz", x+qrQuiet, y+qrQuiet, run, run)
			x += run
		}
	}
	size := n + 2*qrQuiet
	svg := fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" class="qr" viewBox="0 0 %d %d" role="img" aria-label="%s" shape-rendering="crispEdges"><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		size, size, template.HTMLEscapeString(label), size, size, d.String())
	return template.HTML(svg), nil // numbers, and the label escaped
}

// requestBase is the address the facilitator reached the server at,
// which the room reaches it at too: the Host of the request, over HTTPS
// when the request came so, or through a proxy on this machine that says
// so.
func requestBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	} else if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
			scheme = "https"
		}
	}
	return scheme + "://" + r.Host
}

// linkCard is a participant's link on the printable page.
type linkCard struct {
	Name, Role, URL string
	QR              template.HTML
}

// linksPage is a printable page of every participant's link, each with a
// QR code, to cut up and hand out in the room. It is the facilitator's
// alone: it holds everyone's links.
func (s *Server) linksPage(w http.ResponseWriter, r *http.Request, _ keyring) {
	ws, _, err := s.load()
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "Sorry, there is a problem with the service", "The workshop's settings cannot be read.")
		return
	}
	links, _, problems, err := Links(s.repo, requestBase(r), false)
	if err != nil {
		s.log.Printf("links page: %v", err)
		s.fail(w, r, http.StatusBadRequest, "The links cannot be made", "Open this page at the address the room uses.")
		return
	}
	cards := make([]linkCard, 0, len(links))
	for _, l := range links {
		role := l.Role
		if rl := ws.Role(role); rl != nil {
			role = rl.Name
		}
		svg, err := qrSVG(l.URL, "QR code of the link for "+l.Name)
		if err != nil {
			s.log.Printf("QR code for %s: %v", l.ID, err)
		}
		cards = append(cards, linkCard{Name: l.Name, Role: role, URL: l.URL, QR: svg})
	}
	s.render(w, http.StatusOK, "links", page{Title: "Participants' links", Workshop: ws.Title,
		Data: struct {
			Cards    []linkCard
			Problems []string
		}{cards, problems}})
}
