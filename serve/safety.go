package serve

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// contentSecurityPolicy allows the pages nothing but their own stylesheet
// and images, and forms that post back to the server: no script at all,
// inline or not, no framing, no other origin.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// secure sets the headers every response carries.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		// A link's token is in its path: no page may hand it to another
		// site.
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("X-Robots-Tag", "noindex, nofollow")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody caps what a request may send.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// clientAddr is the address a request came from, for the slow-down after
// bad tokens. Behind a reverse proxy on this machine every request comes
// from loopback, so there the last address the proxy added to
// X-Forwarded-For is used instead; a client connecting directly cannot
// pose as another that way.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if last := net.ParseIP(strings.TrimSpace(parts[len(parts)-1])); last != nil {
				return last.String()
			}
		}
	}
	return host
}

// Slow-down after bad tokens: an address that sent badTokens bad tokens
// within badWindow is refused (429, Retry-After) for the rest of that
// window, good token or not, so that guessing a token is slow.
const (
	badTokens  = 10
	badWindow  = time.Minute
	maxClients = 10000 // addresses remembered at once; the oldest are forgotten first
)

// throttle counts bad tokens per client address.
type throttle struct {
	mu      sync.Mutex
	clients map[string]*strikes
	now     func() time.Time
}

type strikes struct {
	n     int
	since time.Time
}

func newThrottle() *throttle {
	return &throttle{clients: map[string]*strikes{}, now: time.Now}
}

// blocked says how long addr must wait before trying a token again (zero
// when it may now).
func (t *throttle) blocked(addr string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.clients[addr]
	if s == nil {
		return 0
	}
	left := badWindow - t.now().Sub(s.since)
	if left <= 0 {
		delete(t.clients, addr)
		return 0
	}
	if s.n < badTokens {
		return 0
	}
	return left
}

// bad counts a bad token from addr.
func (t *throttle) bad(addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	s := t.clients[addr]
	if s == nil || now.Sub(s.since) >= badWindow {
		if len(t.clients) >= maxClients {
			t.forget(now)
		}
		t.clients[addr] = &strikes{n: 1, since: now}
		return
	}
	s.n++
}

// forget drops the addresses whose window has passed, or, when none has,
// the one that started longest ago: the table stays bounded whoever sends.
func (t *throttle) forget(now time.Time) {
	var oldest string
	var at time.Time
	for a, s := range t.clients {
		if now.Sub(s.since) >= badWindow {
			delete(t.clients, a)
			continue
		}
		if oldest == "" || s.since.Before(at) {
			oldest, at = a, s.since
		}
	}
	if len(t.clients) >= maxClients {
		delete(t.clients, oldest)
	}
}
