package serve

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/templates"
)

// The facilitator who sets up the test workshops and runs their server.
const (
	facName  = "Ana Ruiz"
	facEmail = "ana@example.org"
)

// fixture is a workshop in a temporary folder, with participants.
type fixture struct {
	t      testing.TB
	repo   *gitstore.Repo
	ws     *survey.Workshop
	fw     *survey.Framework
	people []survey.Participant
	srv    *Server
	h      http.Handler
}

// newFixture makes a workshop of the product-management framework (54
// activities) with n participants, served with the facilitator's
// identity as the repository's Git user.
func newFixture(t testing.TB, n int) *fixture {
	t.Helper()
	fwData, err := templates.Framework("product-management")
	if err != nil {
		t.Fatal(err)
	}
	return newFixtureFramework(t, n, fwData, nil)
}

// newFixtureFramework is newFixture with a framework of one's own; edit,
// when set, changes the settings first.
func newFixtureFramework(t testing.TB, n int, fwData []byte, edit func(*survey.Workshop)) *fixture {
	t.Helper()
	fw, err := survey.ParseFramework("framework.yaml", fwData)
	if err != nil {
		t.Fatal(err)
	}
	ws := survey.NewWorkshop("PM skills", fw.ID, []survey.Person{{Name: facName, Email: facEmail}})
	if edit != nil {
		edit(ws)
	}
	dir := t.TempDir()
	repo, err := gitstore.Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := []gitstore.File{{Path: "workshop.yaml", Data: ws.Marshal()}, {Path: "framework.yaml", Data: fwData}}
	f := &fixture{t: t, repo: repo, ws: ws, fw: fw}
	for i := range n {
		p, err := survey.NewParticipant(ws, fmt.Sprintf("Person %02d", i), fmt.Sprintf("p%02d@example.org", i), ws.Roles[i%len(ws.Roles)].ID, "")
		if err != nil {
			t.Fatal(err)
		}
		f.people = append(f.people, p)
		files = append(files, gitstore.File{Path: survey.ResponsePath(p.ID), Data: survey.RenderResponse(ws, fw, survey.NewResponse(p))})
	}
	fac := gitstore.Signature{Name: facName, Email: facEmail}
	if _, err := repo.Commit(files, fac, "Start workshop"); err != nil {
		t.Fatal(err)
	}
	setUser(t, dir, facName, facEmail)
	f.srv, err = New(repo, Options{})
	if err != nil {
		t.Fatal(err)
	}
	f.h = f.srv.Handler()
	return f
}

// setUser sets the repository's own user.name and user.email.
func setUser(t testing.TB, dir, name, email string) {
	t.Helper()
	cfg := filepath.Join(dir, ".git", "config")
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, fmt.Sprintf("[user]\n\tname = %s\n\temail = %s\n", name, email)...)
	if err := os.WriteFile(cfg, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// keys returns the workshop's links key.
func (f *fixture) keys() keyring {
	k, err := loadKeys(f.repo, false)
	if err != nil {
		f.t.Fatal(err)
	}
	return k
}

// link is participant i's link path.
func (f *fixture) link(i int) string { return participantPath(f.keys(), f.people[i].ID) }

// csrf is participant i's CSRF token.
func (f *fixture) csrf(i int) string { return f.keys().token(kindCSRF, f.people[i].ID) }

// get requests a path from the handler.
func (f *fixture) get(path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = "192.0.2.1:1234"
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, req)
	return w
}

// post sends a form to the handler.
func (f *fixture) post(path string, form url.Values) *httptest.ResponseRecorder {
	return f.postRaw(path, form.Encode())
}

func (f *fixture) postRaw(path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = "192.0.2.1:1234"
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, req)
	return w
}

// answers is a form that rates every activity of skill n (from 1) of
// participant i with rating, noting note.
func (f *fixture) answers(i, n, rating int, note string) url.Values {
	v := url.Values{"csrf": {f.csrf(i)}}
	for _, a := range f.fw.Skills[n-1].Activities {
		v.Set("r-"+a.ID, fmt.Sprint(rating))
		v.Set("n-"+a.ID, note)
	}
	return v
}

// file reads participant i's response as committed at HEAD.
func (f *fixture) committed(i int) *survey.Response {
	f.t.Helper()
	return committedIn(f.t, f.repo, f.people[i].ID)
}

func committedIn(t testing.TB, repo *gitstore.Repo, id string) *survey.Response {
	t.Helper()
	snap, err := repo.At("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	data, err := snap.ReadFile(survey.ResponsePath(id))
	if err != nil {
		t.Fatal(err)
	}
	r, ps := survey.ParseResponse(survey.ResponsePath(id), data)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	return r
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]*)"`)

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
