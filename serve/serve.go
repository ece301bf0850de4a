// Package serve is skillmap's web server for a workshop room. Each
// participant fills in their self-assessment through a personal link, in
// a plain HTML form that works without JavaScript, and every save is a
// commit of their own response file, authored by them, with the server's
// user as committer; the server then pushes to the workshop's remote, if
// it has one, as skillmap submit does. The facilitator's views hang off a
// link of their own.
//
// Everything the pages need (templates, CSS) is embedded in the binary.
// The pages are rendered with html/template, served with a strict
// Content-Security-Policy, and every form carries a CSRF token.
package serve

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/room"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/workshop"
)

// DefaultAddr is where serve listens unless told otherwise: this machine
// only, so that nothing is exposed to a network by surprise.
const DefaultAddr = "127.0.0.1:8080"

// Limits on what a client may send and how long it may take: a room's
// network is shared, and one slow or hostile client must not hold the
// server.
const (
	maxBodyBytes      = 1 << 20 // a page's post: up to 500 activities' ratings and notes
	maxHeaderBytes    = 16 << 10
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 60 * time.Second // a submit waits up to pushWait for the remote
	idleTimeout       = 2 * time.Minute
	// pushWait is how long a submit waits for its push before telling the
	// participant their answers are saved and will be sent.
	pushWait = 20 * time.Second
	// pushRetryFor is how long one push keeps trying while others push
	// first, and pushIdle how long the remote may stay silent.
	pushRetryFor = 20 * time.Second
	pushIdle     = 30 * time.Second
	// shutdownWait is how long a stopping server waits for requests in
	// flight (commits among them) to finish.
	shutdownWait = 30 * time.Second
	// finalPushWait is how long a stopping server spends on its last push.
	finalPushWait = time.Minute
)

// Options are a server's settings.
type Options struct {
	// Log is told what the server does: where it listens, commits,
	// pushes, refused requests. Nil discards it.
	Log io.Writer
	// Credentials sign in to the workshop's remote when pushing.
	Credentials gitstore.Credentials
	// Sync tunes the pushes (zero values: gitstore's defaults). Its
	// Credentials and Status are set by the server.
	Sync gitstore.SyncOptions
}

// Server serves one workshop's working copy.
type Server struct {
	repo      *gitstore.Repo
	committer gitstore.Signature
	log       *log.Logger
	pages     *pages
	throttle  *throttle
	pusher    *pusher
	views     *room.Views // the facilitator's pages (serve/room.go)
	// headerWait is how long a client may take to send a request's
	// header (readHeaderTimeout; shorter in tests).
	headerWait time.Duration

	// mu serialises every write to the repository and its working copy
	// (commits and syncs): go-git keeps no index.lock of its own, and a
	// participant's file is read, edited and committed as one step.
	mu sync.Mutex

	settingsMu sync.Mutex
	settings   *settings
}

// settings are the workshop's settings as the working copy has them, kept
// as long as the files' bytes stay the same.
type settings struct {
	wsData []byte
	paths  []string // the frameworks' files
	fwData [][]byte // their bytes
	ws     *survey.Workshop
	fw     *survey.Framework
}

// New returns a server for the workshop whose working copy repo is. The
// committer of every form submission is the Git user of the repository
// (whoever runs serve); without one, New says how to set it.
func New(repo *gitstore.Repo, o Options) (*Server, error) {
	s := &Server{repo: repo, log: log.New(io.Discard, "", 0), throttle: newThrottle(), headerWait: readHeaderTimeout}
	if o.Log != nil {
		s.log = log.New(o.Log, "", log.Ltime)
	}
	ws, _, err := s.load()
	if err != nil {
		return nil, err
	}
	name, email := repo.User()
	if ws.Pseudonymous && len(ws.Facilitators) > 0 {
		// A pseudonymous workshop keeps every name out of its history.
		f := ws.Facilitators[0]
		name, email = f.Name, f.Email
	}
	if name == "" || email == "" || survey.CheckName(name) != nil || survey.CheckEmail(email) != nil {
		return nil, errors.New("skillmap serve commits each participant's answers with you as committer: set your Git identity first (git config user.name \"Your Name\"; git config user.email you@example.org)")
	}
	s.committer = gitstore.Signature{Name: name, Email: email}
	// The links' key is made now, if it is not there yet, rather than by
	// the first requests, all at once.
	if _, err := loadKeys(repo, false); err != nil {
		return nil, err
	}
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	so := o.Sync
	// A sync holds the write lock, so every save waits for it: the
	// server gives up on a busy remote sooner than submit does, keeps its
	// commits, and tries again later (retryAfter).
	if so.RetryFor == 0 {
		so.RetryFor = pushRetryFor
	}
	if so.Timeout == 0 {
		so.Timeout = pushIdle
	}
	so.Credentials = o.Credentials
	so.Status = func(msg string) { s.log.Printf("push: %s", msg) }
	s.pusher = newPusher(s, so)
	s.views = s.newViews()
	return s, nil
}

// Committer is who commits the form's submissions.
func (s *Server) Committer() gitstore.Signature { return s.committer }

// load returns the workshop's settings as the working copy has them now;
// a sync may change them while the server runs.
func (s *Server) load() (*survey.Workshop, *survey.Framework, error) {
	wsData, err := s.repo.WorktreeFile(workshop.WorkshopFile)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", workshop.WorkshopFile, err)
	}
	s.settingsMu.Lock()
	defer s.settingsMu.Unlock()
	// The frameworks' files as the settings name them, kept with their
	// bytes: the next request compares rather than parses.
	if c := s.settings; c != nil && string(c.wsData) == string(wsData) {
		same := true
		for i, p := range c.paths {
			if data, err := s.repo.WorktreeFile(p); err != nil || string(data) != string(c.fwData[i]) {
				same = false
				break
			}
		}
		if same {
			return c.ws, c.fw, nil
		}
	}
	var paths []string
	var files [][]byte
	read := func(path string) ([]byte, error) {
		data, err := s.repo.WorktreeFile(path)
		paths, files = append(paths, path), append(files, data)
		return data, err
	}
	ws, fw, err := workshop.ReadSettings(wsData, read)
	if err != nil {
		return nil, nil, err
	}
	s.settings = &settings{wsData: wsData, paths: paths, fwData: files, ws: ws, fw: fw}
	return ws, fw, nil
}

// Handler is the server's routes, behind the security headers, the
// request limits and cross-origin protection.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.routes(mux)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log.Printf("refused a cross-origin %s %s from %s", r.Method, redactPath(r.URL.Path), clientAddr(r))
		s.fail(w, r, http.StatusForbidden, "This form was sent from another site", "Go back to your link and try again.")
	}))
	return secure(cop.Handler(limitBody(mux)))
}

// Serve answers on ln until ctx is done, then stops taking requests,
// waits for those in flight (commits among them) and pushes what is not
// pushed yet. With certFile and keyFile it serves HTTPS.
func (s *Server) Serve(ctx context.Context, ln net.Listener, certFile, keyFile string) error {
	srv := s.httpServer(ctx)
	go s.pusher.run()
	errc := make(chan error, 1)
	go func() {
		if certFile != "" {
			errc <- srv.ServeTLS(ln, certFile, keyFile)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		s.log.Printf("stopping: finishing the requests in flight")
		sctx, cancel := context.WithTimeout(context.Background(), shutdownWait)
		err = srv.Shutdown(sctx)
		cancel()
		if err != nil {
			err = fmt.Errorf("stop the server: %w", err)
		}
	}
	if perr := s.pusher.stop(finalPushWait); perr != nil && err == nil {
		err = perr
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// httpServer is the HTTP server with the limits and timeouts. Requests
// run in a context that stopping does not cancel: a save in flight is
// committed, not abandoned.
func (s *Server) httpServer(ctx context.Context) *http.Server {
	return &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: s.headerWait,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          s.log,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
		TLSConfig:         &tls.Config{MinVersion: tls.VersionTLS12},
	}
}

// Listen opens addr (host:port) for Serve.
func Listen(addr string) (net.Listener, error) {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return nil, fmt.Errorf("--addr %q: give a host and port, such as %s or 0.0.0.0:8080", addr, DefaultAddr)
	}
	return net.Listen("tcp", addr)
}

// redactPath keeps a link's token out of the server's log.
func redactPath(p string) string {
	parts := strings.Split(p, "/")
	switch {
	case len(parts) > 3 && parts[1] == "p":
		parts[3] = "…"
	case len(parts) > 2 && parts[1] == "f":
		parts[2] = "…"
	}
	return strings.Join(parts, "/")
}

// BaseURLs are the addresses people may reach a server listening on addr
// at: the address itself, or, when it listens on every network, this
// machine's address on each (loopback last).
func BaseURLs(scheme string, addr net.Addr) []string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return []string{scheme + "://" + addr.String()}
	}
	var out []string
	if ifaces, err := net.InterfaceAddrs(); err == nil {
		for _, a := range ifaces {
			if ipn, ok := a.(*net.IPNet); ok && ipn.IP.To4() != nil && !ipn.IP.IsLoopback() && !ipn.IP.IsLinkLocalUnicast() {
				out = append(out, fmt.Sprintf("%s://%s", scheme, net.JoinHostPort(ipn.IP.String(), fmt.Sprint(tcp.Port))))
			}
		}
	}
	return append(out, fmt.Sprintf("%s://127.0.0.1:%d", scheme, tcp.Port))
}
