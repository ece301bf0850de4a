package serve

import (
	"net/http"

	"github.com/skillmap/skillmap/room"
)

// The facilitator's pages (package room) hang off their link: progress at
// /f/TOKEN/, the room view for the projector at /f/TOKEN/room, beside the
// printable page of participants' links (/f/TOKEN/links). The links
// between them are relative, so that no page writes the token out again.
const (
	progressURL   = "./"
	roomURL       = "room"
	linksURL      = "links"
	roomStyleURL  = "/static/room.css"
	roomViewTitle = "Room view"
)

// roomRoutes adds the facilitator's pages to the server's routes.
func (s *Server) roomRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /f/{token}/room", s.facilitator(s.roomView))
	mux.HandleFunc("GET "+roomStyleURL, room.ServeStylesheet)
}

// newViews makes the facilitator's pages of the server's workshop. They
// read HEAD under the server's write lock, and the figures from that
// commit's objects without it.
func (s *Server) newViews() *room.Views {
	v := room.NewViews(s.repo)
	v.Lock = &s.mu
	v.ErrorLog = s.log
	return v
}

func roomNav(current string) room.Page {
	return room.Page{Stylesheet: roomStyleURL, Nav: []room.Link{
		{Text: "Progress", URL: progressURL, Current: current == progressURL},
		{Text: roomViewTitle, URL: roomURL, Current: current == roomURL},
		{Text: "Participants' links", URL: linksURL},
	}}
}

// progressView is the facilitator's page: how far each role level has
// got, and who has not started; never a rating.
func (s *Server) progressView(w http.ResponseWriter, r *http.Request, _ keyring) {
	s.views.ServeProgress(w, r, roomNav(progressURL))
}

// roomView is the heatmap for the projector, by every rule of skillmap
// report.
func (s *Server) roomView(w http.ResponseWriter, r *http.Request, _ keyring) {
	s.views.ServeHeatmap(w, r, roomNav(roomURL))
}
