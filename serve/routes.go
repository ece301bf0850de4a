package serve

import (
	"net/http"
	"strconv"
	"time"

	"github.com/skillmap/skillmap/survey"
)

// routes lists every page. The participant's pages live under their link,
// /p/ID/TOKEN/; the facilitator's under /f/TOKEN/.
func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /static/{file}", s.serveStatic)
	mux.HandleFunc("GET /f/{token}/links", s.facilitator(s.linksPage))
	mux.HandleFunc("GET /p/{id}/{token}/{$}", s.participant(s.start))
	mux.HandleFunc("GET /p/{id}/{token}/skill/{n}", s.participant(s.skillPage))
	mux.HandleFunc("POST /p/{id}/{token}/skill/{n}", s.participant(s.saveSkill))
	mux.HandleFunc("GET /p/{id}/{token}/check", s.participant(s.checkPage))
	mux.HandleFunc("POST /p/{id}/{token}/check", s.participant(s.submit))
	mux.HandleFunc("GET /p/{id}/{token}/done", s.participant(s.done))
	mux.HandleFunc("GET /f/{token}/{$}", s.facilitator(s.progressView))
	s.roomRoutes(mux)
	mux.HandleFunc("/", s.notFound)
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	s.render(w, http.StatusOK, "home", page{Title: "Your self-assessment"})
}

// tokenOK checks a link's token, counting bad ones against the client's
// address; it writes the refusal itself when the token is not good.
func (s *Server) tokenOK(w http.ResponseWriter, r *http.Request, kind, id string) (keyring, bool) {
	addr := clientAddr(r)
	if wait := s.throttle.blocked(addr); wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
		s.fail(w, r, http.StatusTooManyRequests, "Too many wrong links", "This device tried too many links that do not work. Wait a minute, then open your personal link again.")
		return keyring{}, false
	}
	k, err := loadKeys(s.repo, false)
	if err != nil {
		s.log.Printf("links key: %v", err)
		s.fail(w, r, http.StatusInternalServerError, "Sorry, there is a problem with the service", "Tell the facilitator.")
		return keyring{}, false
	}
	tok := r.PathValue("token")
	if (kind == kindParticipant && !survey.ValidID(id)) || !k.check(kind, id, tok) {
		s.throttle.bad(addr)
		s.log.Printf("refused a %s link that does not work (%s) from %s", kind, redactPath(r.URL.Path), addr)
		s.fail(w, r, http.StatusNotFound, "This link does not work", "Check you copied the whole link. Links change when the facilitator makes new ones: ask them for yours again.")
		return keyring{}, false
	}
	return k, true
}

// facilitator guards the facilitator's pages with their link's token.
func (s *Server) facilitator(h func(http.ResponseWriter, *http.Request, keyring)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		k, ok := s.tokenOK(w, r, kindFacilitator, "")
		if !ok {
			return
		}
		h(w, r, k)
	}
}
