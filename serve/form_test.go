package serve

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillmap/skillmap/internal/gittest"
	"github.com/skillmap/skillmap/survey"
)

// TestPages: every page answers, with the security headers, and shows
// what it should.
func TestPages(t *testing.T) {
	f := newFixture(t, 2)
	base := f.link(0)
	for _, c := range []struct {
		path   string
		status int
		want   string
	}{
		{"/", 200, "Open the personal link"},
		{base, 200, "Start now"},
		{base + "skill/1", 200, f.fw.Skills[0].Activities[0].Text},
		{base + "skill/" + fmt.Sprint(len(f.fw.Skills)), 200, f.fw.Skills[len(f.fw.Skills)-1].Name},
		{base + "check", 200, "Check your answers before submitting"},
		{base + "done", 200, "Self-assessment submitted"},
		{base + "skill/0", 404, "Page not found"},
		{base + "skill/01", 404, "Page not found"},
		{base + "skill/99", 404, "Page not found"},
		{base + "skill/x", 404, "Page not found"},
		{"/nowhere", 404, "Page not found"},
		{"/static/app.css", 200, ".radios__input"},
		{"/static/none.css", 404, "Page not found"},
		{facilitatorPath(f.keys()), 200, `<h1 class="sm-heading-l">Progress</h1>`},
	} {
		w := f.get(c.path)
		if w.Code != c.status || !strings.Contains(w.Body.String(), c.want) {
			t.Errorf("GET %s: %d, want %d with %q:\n%.500s", c.path, w.Code, c.status, c.want, w.Body.String())
		}
		h := w.Header()
		if h.Get("Content-Security-Policy") != contentSecurityPolicy || h.Get("X-Frame-Options") != "DENY" ||
			h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("GET %s: security headers missing: %v", c.path, h)
		}
		if strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			page := w.Body.String()
			// No script, and no inline style, which the CSP would block.
			for _, bad := range []string{"<script", "style=", "<style"} {
				if strings.Contains(page, bad) {
					t.Errorf("GET %s: the page has %q", c.path, bad)
				}
			}
		}
	}
	if got := f.get("/static/app.css").Header().Get("Content-Type"); got != "text/css; charset=utf-8" {
		t.Errorf("stylesheet served as %q", got)
	}
}

// TestSaveAndResume: a saved page is a commit of the participant's file
// alone, authored by them, committed by the server's user, with the
// trailer; the file keeps its layout; coming back shows the answers and
// goes on where they stopped.
func TestSaveAndResume(t *testing.T) {
	gittest.Need(t)
	f := newFixture(t, 2)
	base := f.link(0)
	path := filepath.Join(f.repo.Root(), filepath.FromSlash(survey.ResponsePath(f.people[0].ID)))
	before, _ := os.ReadFile(path)
	w := f.post(base+"skill/1", f.answers(0, 1, 3, "led two teams"))
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != base+"skill/2" {
		t.Fatalf("save: %d %s\n%s", w.Code, w.Header().Get("Location"), w.Body)
	}
	r := f.committed(0)
	sk := f.fw.Skills[0]
	for _, a := range sk.Activities {
		ans := r.Answer(sk.ID, a.ID)
		if ans == nil || ans.Rating == nil || *ans.Rating != 3 || ans.Note != "led two teams" {
			t.Fatalf("%s/%s committed as %+v", sk.ID, a.ID, ans)
		}
	}
	if r.Answered() != len(sk.Activities) {
		t.Errorf("answered %d, want %d", r.Answered(), len(sk.Activities))
	}
	// Only rating and note lines changed: the file is as a person would
	// have edited it.
	after, _ := os.ReadFile(path)
	bl, al := strings.Split(string(before), "\n"), strings.Split(string(after), "\n")
	if len(bl) != len(al) {
		t.Fatalf("the file's layout changed: %d lines, was %d", len(al), len(bl))
	}
	for i := range bl {
		if l := strings.TrimSpace(al[i]); bl[i] != al[i] && !strings.HasPrefix(l, "rating:") && !strings.HasPrefix(l, "note:") {
			t.Errorf("line %d changed: %q, was %q", i+1, al[i], bl[i])
		}
	}
	dir := f.repo.Root()
	log := gittest.Git(t, dir, "log", "-1", "--format=%an <%ae>|%cn <%ce>|%(trailers:key=Skillmap-Form,valueonly)")
	want := fmt.Sprintf("%s <%s>|%s <%s>|link token checked", f.people[0].Name, f.people[0].Email, facName, facEmail)
	if strings.TrimSpace(log) != want {
		t.Errorf("commit: %q, want %q", strings.TrimSpace(log), want)
	}
	if files := strings.Fields(gittest.Git(t, dir, "show", "--name-only", "--format=", "HEAD")); len(files) != 1 || files[0] != survey.ResponsePath(f.people[0].ID) {
		t.Errorf("the commit changed %v", files)
	}
	gittest.Fsck(t, dir)
	if st := gittest.Git(t, dir, "status", "--porcelain"); st != "" {
		t.Errorf("git status after a save:\n%s", st)
	}
	// Resume: the start page goes on with skill 2; skill 1 shows the
	// answers.
	if page := f.get(base).Body.String(); !strings.Contains(page, base+"skill/2") || !strings.Contains(page, fmt.Sprintf("You have rated %d of 54", len(sk.Activities))) {
		t.Errorf("start page after a save:\n%s", page)
	}
	page := f.get(base + "skill/1").Body.String()
	if strings.Count(page, " checked") != len(sk.Activities) || strings.Count(page, "led two teams</textarea>") != len(sk.Activities) {
		t.Errorf("skill 1 does not show the saved answers:\n%s", page)
	}
	// The other participant's page shows none of it.
	if page := f.get(f.link(1) + "skill/1").Body.String(); strings.Contains(page, "led two teams") || strings.Contains(page, " checked") {
		t.Errorf("another participant's page shows the answers")
	}
	// Clearing a rating ("No rating") and a note.
	v := f.answers(0, 1, 3, "led two teams")
	v.Set("r-"+sk.Activities[0].ID, "none")
	v.Set("n-"+sk.Activities[0].ID, "")
	if w := f.post(base+"skill/1", v); w.Code != http.StatusSeeOther {
		t.Fatalf("save: %d", w.Code)
	}
	if a := f.committed(0).Answer(sk.ID, sk.Activities[0].ID); a != nil && (a.Rating != nil || a.Note != "") {
		t.Errorf("cleared answer committed as %+v", a)
	}
	// Saving the same again commits nothing new.
	head := gittest.Git(t, dir, "rev-parse", "HEAD")
	if w := f.post(base+"skill/1", v); w.Code != http.StatusSeeOther {
		t.Fatalf("save: %d", w.Code)
	}
	if gittest.Git(t, dir, "rev-parse", "HEAD") != head {
		t.Error("an unchanged page made a commit")
	}
	// The last skill goes on to check your answers; submit to done.
	n := len(f.fw.Skills)
	if w := f.post(fmt.Sprintf("%sskill/%d", base, n), f.answers(0, n, 2, "")); w.Header().Get("Location") != base+"check" {
		t.Errorf("last skill goes to %q", w.Header().Get("Location"))
	}
	w = f.post(base+"check", url.Values{"csrf": {f.csrf(0)}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != base+"done?s=saved" {
		t.Errorf("submit: %d %s", w.Code, w.Header().Get("Location"))
	}
}

// TestBadTokens: a wrong token, a token of another participant, an id
// that is not one: all "this link does not work", and after enough of
// them the address is slowed down, good token or not, until the window
// passes.
func TestBadTokens(t *testing.T) {
	f := newFixture(t, 2)
	now := time.Now()
	f.srv.throttle.now = func() time.Time { return now }
	good := f.link(0)
	tok := f.keys().token(kindParticipant, f.people[1].ID)
	bad := []string{
		"/p/" + f.people[0].ID + "/AAAAAAAAAAAAAAAAAAAAAA/",
		"/p/" + f.people[0].ID + "/" + tok + "/", // another's token
		"/p/Person/" + tok + "/",
		"/p/nobody/" + tok + "/",
		"/p/" + f.people[0].ID + "/" + tok[:10] + "/",
		"/f/" + tok + "/",
	}
	for _, p := range bad {
		if w := f.get(p); w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "This link does not work") {
			t.Errorf("GET %s: %d\n%s", p, w.Code, w.Body)
		}
	}
	for range badTokens - len(bad) {
		f.get(bad[0])
	}
	w := f.get(good)
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
		t.Errorf("after %d bad tokens: %d, want 429 with Retry-After", badTokens, w.Code)
	}
	// Another address is not slowed down.
	req, _ := http.NewRequest(http.MethodGet, good, nil)
	req.RemoteAddr = "198.51.100.7:5555"
	rec := newRecorder()
	f.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("another address: %d", rec.Code)
	}
	now = now.Add(badWindow)
	if w := f.get(good); w.Code != http.StatusOK {
		t.Errorf("after the window: %d", w.Code)
	}
}

// TestRotatedLinks: links --rotate invalidates every link at once, the
// running server's too.
func TestRotatedLinks(t *testing.T) {
	f := newFixture(t, 2)
	old := f.link(0)
	oldFac := facilitatorPath(f.keys())
	links, fac, problems, err := Links(f.repo, "http://room.example:8080/", true)
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	if len(links) != 2 || links[0].ID != f.people[0].ID || links[0].Name != f.people[0].Name || links[0].Role != f.people[0].Role {
		t.Fatalf("links: %+v", links)
	}
	if !strings.HasPrefix(links[0].URL, "http://room.example:8080/p/"+f.people[0].ID+"/") || !strings.HasPrefix(fac, "http://room.example:8080/f/") {
		t.Errorf("links %s, facilitator %s", links[0].URL, fac)
	}
	for _, p := range []string{old, oldFac} {
		if w := f.get(p); w.Code != http.StatusNotFound {
			t.Errorf("old link %s after rotating: %d", p, w.Code)
		}
	}
	for _, u := range []string{links[0].URL, fac} {
		if w := f.get(strings.TrimPrefix(u, "http://room.example:8080")); w.Code != http.StatusOK {
			t.Errorf("new link %s: %d", u, w.Code)
		}
	}
	// A file whose name is no participant id gets no link, and says so.
	if err := os.WriteFile(filepath.Join(f.repo.Root(), "responses", "Not An Id.yaml"), []byte("x: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if l, _, problems, err := Links(f.repo, "http://room.example:8080", false); err != nil || len(l) != 2 || len(problems) != 1 || !strings.Contains(problems[0], "Not An Id.yaml") {
		t.Errorf("a file named with no id: %v, %v, %v", l, problems, err)
	}
	// The same links again without rotating.
	again, _, _, err := Links(f.repo, "http://room.example:8080", false)
	if err != nil || again[0].URL != links[0].URL {
		t.Errorf("links changed without --rotate: %v %v", again, err)
	}
	for _, b := range []string{"room.example", "ftp://x", "http://", "http://x/?a=b"} {
		if _, _, _, err := Links(f.repo, b, false); err == nil {
			t.Errorf("base URL %q accepted", b)
		}
	}
}

// TestCSRF: a post without the form's token, with another participant's,
// or from another site saves nothing.
func TestCSRF(t *testing.T) {
	gittest.Need(t)
	f := newFixture(t, 2)
	base := f.link(0)
	head := gittest.Git(t, f.repo.Root(), "rev-parse", "HEAD")
	for name, csrf := range map[string]string{"none": "", "wrong": "x", "another's": f.csrf(1), "truncated": f.csrf(0)[:5]} {
		v := f.answers(0, 1, 3, "")
		v.Set("csrf", csrf)
		for _, p := range []string{base + "skill/1", base + "check"} {
			if w := f.post(p, v); w.Code != http.StatusForbidden {
				t.Errorf("%s CSRF token to %s: %d", name, p, w.Code)
			}
		}
	}
	req, _ := http.NewRequest(http.MethodPost, base+"skill/1", strings.NewReader(f.answers(0, 1, 3, "").Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	rec := newRecorder()
	f.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("cross-site post: %d", rec.Code)
	}
	if gittest.Git(t, f.repo.Root(), "rev-parse", "HEAD") != head {
		t.Error("a refused post made a commit")
	}
	// The page's own token works.
	m := csrfField.FindStringSubmatch(f.get(base + "skill/1").Body.String())
	if m == nil || m[1] != f.csrf(0) {
		t.Fatalf("the form's CSRF token: %v", m)
	}
}

// TestBadPosts: oversized and malformed posts, ratings off the scale and
// notes too long are refused, with an error summary linking to the field,
// and save nothing.
func TestBadPosts(t *testing.T) {
	gittest.Need(t)
	f := newFixture(t, 1)
	base := f.link(0)
	head := gittest.Git(t, f.repo.Root(), "rev-parse", "HEAD")
	big := f.answers(0, 1, 3, strings.Repeat("x", maxBodyBytes))
	if w := f.post(base+"skill/1", big); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized post: %d", w.Code)
	}
	if w := f.postRaw(base+"skill/1", "csrf=%zz&r-x=%"); w.Code != http.StatusBadRequest {
		t.Errorf("malformed post: %d", w.Code)
	}
	act := f.fw.Skills[0].Activities[1].ID
	for _, val := range []string{"7", "-1", "abc", "3.0", "03", " 3"} {
		v := f.answers(0, 1, 3, "")
		v.Set("r-"+act, val)
		w := f.post(base+"skill/1", v)
		page := w.Body.String()
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(page, `<a href="#r-`+act+`">Choose a rating for activity 2`) ||
			!strings.Contains(page, "<title>Error: ") || !strings.Contains(page, `id="e-`+act+`"`) {
			t.Errorf("rating %q: %d\n%s", val, w.Code, page)
		}
		// What was entered is shown again, not lost.
		if !strings.Contains(page, `value="3" checked`) {
			t.Errorf("rating %q: the other answers are not shown again", val)
		}
	}
	v := f.answers(0, 1, 3, "")
	v.Set("n-"+act, strings.Repeat("é", survey.MaxTextLength+1))
	if w := f.post(base+"skill/1", v); w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `<a href="#n-`+act+`">`) {
		t.Errorf("long note: %d", w.Code)
	}
	// A GET with a body, unknown fields, a method not allowed.
	if w := f.postRaw(base, "csrf="+f.csrf(0)); w.Code != http.StatusMethodNotAllowed && w.Code != http.StatusNotFound {
		t.Errorf("POST to the start page: %d", w.Code)
	}
	if gittest.Git(t, f.repo.Root(), "rev-parse", "HEAD") != head {
		t.Error("a refused post made a commit")
	}
	// Unknown fields are ignored; the page's own are saved.
	v = f.answers(0, 1, 2, "")
	v.Set("r-not-an-activity", "4")
	v.Set("skill", "../../workshop")
	if w := f.post(base+"skill/1", v); w.Code != http.StatusSeeOther {
		t.Errorf("post with unknown fields: %d", w.Code)
	}
	if f.committed(0).Answered() != len(f.fw.Skills[0].Activities) {
		t.Error("the page's answers were not saved")
	}
}

// TestHostileTextsInert: names, notes, framework texts and titles with
// markup are shown as text, never as markup; notes with control
// characters are saved without them.
func TestHostileTextsInert(t *testing.T) {
	gittest.Need(t)
	const evil = `<script>alert(1)</script><img src=x onerror=alert(2)>"'&`
	fwData := []byte(`schema: 1
id: hostile
title: "` + `<b>Framework</b>` + `"
skills:
  - id: s1
    name: "<i>Skill</i> \"one\""
    description: "<script>alert(3)</script>"
    activities:
      - id: a1
        text: "<a href=javascript:alert(4)>Do</a> things"
      - id: a2
        text: "Other things"
`)
	f := newFixtureFramework(t, 1, fwData, func(ws *survey.Workshop) {
		ws.Title = "<title>Room</title>"
		ws.Scale[3].Label = "<u>Confident</u>"
	})
	base := f.link(0)
	v := url.Values{"csrf": {f.csrf(0)}, "r-a1": {"3"}, "n-a1": {evil + "\x00\x1b[31m\r\nsecond line"}, "r-a2": {"1"}, "n-a2": {"</textarea><script>x</script>"}}
	if w := f.post(base+"skill/1", v); w.Code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", w.Code, w.Body)
	}
	note := f.committed(0).Answer("s1", "a1").Note
	if note != evil+"[31m\nsecond line" {
		t.Errorf("note saved as %q", note)
	}
	gittest.Fsck(t, f.repo.Root())
	for _, p := range []string{base, base + "skill/1", base + "check", base + "done"} {
		page := f.get(p).Body.String()
		for _, bad := range []string{"<script", "<img", "<b>", "<i>", "<u>", "<a href=javascript", "<title>Room", "</textarea><"} {
			if strings.Contains(page, bad) {
				t.Errorf("%s shows %q as markup", p, bad)
			}
		}
	}
	if page := f.get(base + "check").Body.String(); !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("check page does not show the note as text")
	}
}

// TestBrokenFile: a participant whose file has a mistake is told so,
// with the problem, and nothing is saved over it.
func TestBrokenFile(t *testing.T) {
	f := newFixture(t, 1)
	path := filepath.Join(f.repo.Root(), filepath.FromSlash(survey.ResponsePath(f.people[0].ID)))
	data, _ := os.ReadFile(path)
	broken := strings.Replace(string(data), "ratings:", "ratings: [", 1)
	if err := os.WriteFile(path, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	base := f.link(0)
	if w := f.get(base); w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), survey.ResponsePath(f.people[0].ID)) {
		t.Errorf("broken file: %d\n%s", w.Code, w.Body)
	}
	if w := f.post(base+"skill/1", f.answers(0, 1, 3, "")); w.Code != http.StatusConflict {
		t.Errorf("save over a broken file: %d", w.Code)
	}
	if got, _ := os.ReadFile(path); string(got) != broken {
		t.Error("the broken file was changed")
	}
	// A participant removed from the workshop: the link no longer works.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if w := f.get(base); w.Code != http.StatusNotFound {
		t.Errorf("removed participant: %d", w.Code)
	}
}
