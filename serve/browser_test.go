package serve

import (
	"context"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/browsertest"
	"github.com/skillmap/skillmap/internal/gittest"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/templates"
	"github.com/skillmap/skillmap/workshop"
)

// The browser tests share one Chromium (internal/browsertest), stopped
// when the package's tests end.
func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }

// browserRoom is a workshop served on loopback for the browser tests: made
// as skillmap init and add make it, with Ana, its facilitator, running
// serve in her copy.
type browserRoom struct {
	dir    string
	repo   *gitstore.Repo
	ws     *survey.Workshop
	fw     *survey.Framework
	people []survey.Synthetic // their answers, for those the test submits directly
	links  map[string]string  // participant id → personal link
	fac    string             // the facilitator's link
}

var browserAna = survey.Person{Name: "Ana Ruiz", Email: "ana@example.org"}

func startBrowserRoom(t *testing.T, n int) *browserRoom {
	t.Helper()
	gittest.Need(t)
	dir := t.TempDir()
	fwData, err := templates.Framework("product-leadership")
	if err != nil {
		t.Fatal(err)
	}
	fw, err := survey.ParseFramework(workshop.FrameworkFile, fwData)
	if err != nil {
		t.Fatal(err)
	}
	ws := survey.NewWorkshop("Browser room", fw.ID, []survey.Person{browserAna})
	repo, err := gitstore.Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	gittest.Git(t, dir, "config", "user.name", browserAna.Name)
	gittest.Git(t, dir, "config", "user.email", browserAna.Email)
	sig := gitstore.Signature{Name: browserAna.Name, Email: browserAna.Email, When: time.Now()}
	if _, err := repo.Commit([]gitstore.File{{Path: workshop.WorkshopFile, Data: ws.Marshal()}, {Path: workshop.FrameworkFile, Data: fw.Marshal()}}, sig, "Start"); err != nil {
		t.Fatal(err)
	}
	b := &browserRoom{dir: dir, repo: repo, ws: ws, fw: fw, people: survey.Synthesize(ws, fw, n, 15), links: map[string]string{}}
	var rs []*survey.Response
	for _, p := range b.people {
		rs = append(rs, survey.NewResponse(p.Response.Participant))
	}
	var files []gitstore.File
	for i, data := range survey.RenderResponses(ws, fw, rs) {
		files = append(files, gitstore.File{Path: survey.ResponsePath(rs[i].Participant.ID), Data: data})
	}
	if _, err := repo.Commit(files, sig, "Add participants"); err != nil {
		t.Fatal(err)
	}

	srv, err := New(repo, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, "", "") }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	links, fac, problems, err := Links(repo, "http://"+ln.Addr().String(), false)
	if err != nil || len(problems) > 0 {
		t.Fatalf("links: %v %v", err, problems)
	}
	for _, l := range links {
		b.links[l.ID] = l.URL
	}
	b.fac = fac
	return b
}

// submitDirectly commits participant i's synthetic answers as they would
// with skillmap submit, so that the room fills in.
func (b *browserRoom) submitDirectly(t *testing.T, i int) {
	t.Helper()
	r := b.people[i].Response
	data := survey.RenderResponses(b.ws, b.fw, []*survey.Response{r})[0]
	sig := gitstore.Signature{Name: r.Participant.Name, Email: r.Participant.Email, When: time.Now()}
	if _, err := b.repo.Commit([]gitstore.File{{Path: survey.ResponsePath(r.Participant.ID), Data: data}}, sig, "Submit"); err != nil {
		t.Fatal(err)
	}
}

// waitPath waits until the tab's address ends with suffix.
func waitPath(t *testing.T, ctx context.Context, suffix string) {
	t.Helper()
	for {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err == nil && strings.HasSuffix(strings.SplitN(loc, "?", 2)[0], suffix) {
			err = chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS("footer")))
			if err == nil {
				return
			}
		}
		if err != nil && !navigating(err) {
			t.Fatalf("waiting for …%s: %v", suffix, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// navigating reports whether err is Chromium saying the page went away
// under the question because a navigation began (CDP error -32000): the
// question is asked again of the new page; a test's deadline bounds it.
func navigating(err error) bool {
	return strings.Contains(err.Error(), "Inspected target navigated or closed")
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// rating is the rating the test gives the k-th activity of the framework.
func (b *browserRoom) rating(k int) int { return b.ws.Scale[(k*7+3)%len(b.ws.Scale)].Value }

// fill rates activities [from, to) of skill n (from 1) by clicking their
// radio buttons, and types a note for the first.
func (b *browserRoom) fill(t *testing.T, ctx context.Context, n, from, to int) {
	t.Helper()
	sk := b.fw.Skills[n-1]
	first := 0
	for _, s := range b.fw.Skills[:n-1] {
		first += len(s.Activities)
	}
	for i := from; i < to; i++ {
		a := sk.Activities[i]
		do(t, ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name="r-%s"][value="%d"]`, a.ID, b.rating(first+i)))))
		if i == 0 {
			do(t, ctx, chromedp.SendKeys(chromedp.CSS("#n-"+a.ID), "Did this on the <b>Tax</b> programme & more"))
		}
	}
}

// checked lists the checked rating of each activity of the page, "" for
// none.
func checked(t *testing.T, ctx context.Context, sk survey.Skill) []string {
	t.Helper()
	var out []string
	for _, a := range sk.Activities {
		v := run(t, ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector('input[name="r-%s"]:checked') || {value: ""}).value`, a.ID)))
		out = append(out, v)
	}
	return out
}

// TestBrowserParticipantEndToEnd drives a participant through every page
// of the form in a real browser: rating by clicking, going back, leaving
// and coming back, checking and submitting; then the repository holds
// their answers as their own commit, git is content with it, and the
// report counts them.
func TestBrowserParticipantEndToEnd(t *testing.T) {
	b := startBrowserRoom(t, 12)
	ctx := browsertest.Tab(t, 2*time.Minute)
	me := b.people[0].Response.Participant
	link := b.links[me.ID]
	skills := b.fw.Skills

	// The start page, then skill 1 in full.
	do(t, ctx, chromedp.Navigate(link))
	browsertest.Screenshot(t, ctx, "form-start", link)
	do(t, ctx, chromedp.Click(chromedp.CSS("a.button--start")))
	waitPath(t, ctx, "/skill/1")
	b.fill(t, ctx, 1, 0, len(skills[0].Activities))
	do(t, ctx, chromedp.Click(chromedp.CSS(`button[type="submit"]`)))
	waitPath(t, ctx, "/skill/2")

	// Back to skill 1: every answer saved is there.
	do(t, ctx, chromedp.Click(chromedp.CSS("a.back-link")))
	waitPath(t, ctx, "/skill/1")
	for i, v := range checked(t, ctx, skills[0]) {
		if want := strconv.Itoa(b.rating(i)); v != want {
			t.Errorf("back on skill 1, activity %d shows %q, want %q", i+1, v, want)
		}
	}
	note := run(t, ctx, chromedp.Value(chromedp.CSS("#n-"+skills[0].Activities[0].ID)))
	if note != "Did this on the <b>Tax</b> programme & more" {
		t.Errorf("note comes back as %q", note)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`button[type="submit"]`)))
	waitPath(t, ctx, "/skill/2")

	// Half of skill 2, saved; then the participant leaves.
	half := len(skills[1].Activities) / 2
	b.fill(t, ctx, 2, 0, half)
	do(t, ctx, chromedp.Click(chromedp.CSS(`button[type="submit"]`)))
	waitPath(t, ctx, "/skill/3")
	do(t, ctx, chromedp.Navigate("about:blank"))

	// Coming back with the same link resumes at skill 2, half answered.
	do(t, ctx, chromedp.Navigate(link))
	progress := run(t, ctx, chromedp.Text(chromedp.CSS("#progress")))
	if want := fmt.Sprintf("You have rated %d of %d", len(skills[0].Activities)+half, b.fw.ActivityCount()); !strings.Contains(progress, want) {
		t.Errorf("start page says %q, want %q", progress, want)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("a.button--start")))
	waitPath(t, ctx, "/skill/2")
	got := checked(t, ctx, skills[1])
	for i, v := range got {
		want := ""
		if i < half {
			want = strconv.Itoa(b.rating(len(skills[0].Activities) + i))
		}
		if v != want {
			t.Errorf("resumed skill 2, activity %d shows %q, want %q", i+1, v, want)
		}
	}
	browsertest.Screenshot(t, ctx, "form-skill", run(t, ctx, chromedp.Location()))
	b.fill(t, ctx, 2, half, len(skills[1].Activities))
	do(t, ctx, chromedp.Click(chromedp.CSS(`button[type="submit"]`)))
	for n := 3; n <= len(skills); n++ {
		waitPath(t, ctx, "/skill/"+strconv.Itoa(n))
		b.fill(t, ctx, n, 0, len(skills[n-1].Activities))
		do(t, ctx, chromedp.Click(chromedp.CSS(`button[type="submit"]`)))
	}

	// Check your answers: everything rated; submit.
	waitPath(t, ctx, "/check")
	page := run(t, ctx, chromedp.Text(chromedp.CSS("main")))
	if strings.Contains(page, "Not rated") {
		t.Error("the check page shows an activity not rated")
	}
	browsertest.Screenshot(t, ctx, "form-check", run(t, ctx, chromedp.Location()))
	do(t, ctx, chromedp.Click(chromedp.CSS(`form button[type="submit"]`)))
	waitPath(t, ctx, "/done")
	if done := run(t, ctx, chromedp.Text(chromedp.CSS(".panel"))); !strings.Contains(done, fmt.Sprintf("%d of %d", b.fw.ActivityCount(), b.fw.ActivityCount())) {
		t.Errorf("done page says %q", done)
	}

	// The repository: the participant's commit, which git is content
	// with, and a clean working copy.
	gittest.Fsck(t, b.dir)
	if st := gittest.Git(t, b.dir, "status", "--porcelain"); strings.TrimSpace(st) != "" {
		t.Errorf("git status is not clean:\n%s", st)
	}
	who := strings.Fields(gittest.Git(t, b.dir, "log", "-1", "--format=%ae %ce"))
	if len(who) != 2 || who[0] != me.Email || who[1] != browserAna.Email {
		t.Errorf("last commit by %v, want author %s, committer %s", who, me.Email, browserAna.Email)
	}
	if body := gittest.Git(t, b.dir, "log", "-1", "--format=%B"); !strings.Contains(body, "Skillmap-Form:") {
		t.Errorf("last commit has no form trailer:\n%s", body)
	}
	s, err := workshop.Load(b.repo, "HEAD", nil)
	if err != nil {
		t.Fatal(err)
	}
	var mine *survey.Response
	for _, r := range s.Checked.Valid {
		if r.Participant.ID == me.ID {
			mine = r
		}
	}
	if mine == nil {
		t.Fatalf("%s's file is not valid at HEAD: %v", me.ID, s.Checked.Skipped)
	}
	k := 0
	for _, sk := range skills {
		for _, a := range sk.Activities {
			ans := mine.Answer(skillKey(&sk), a.ID)
			if ans == nil || ans.Rating == nil || *ans.Rating != b.rating(k) {
				t.Errorf("%s/%s committed as %+v, want %d", sk.ID, a.ID, ans, b.rating(k))
			}
			k++
		}
	}
	if n := mine.Answer(skillKey(&skills[0]), skills[0].Activities[0].ID); n == nil || n.Note != "Did this on the <b>Tax</b> programme & more" {
		t.Errorf("note committed as %+v", n)
	}
	f, err := workshop.ReportFigures(b.repo, s, workshop.FiguresOptions{})
	if err != nil {
		t.Fatal(err)
	}
	all := f.Report.Groups[len(f.Report.Groups)-1]
	if all.Responses != 1 || all.Complete != 1 || len(f.Unverified) != 0 || len(f.Audit.Files) != 0 {
		t.Errorf("report counts %d responses, %d complete, unverified %v, audit %v; want the one submitted, complete, vouched for",
			all.Responses, all.Complete, f.Unverified, f.Audit.Files)
	}
}

// focusInfo is what has the keyboard's focus, and whether it shows.
type focusInfo struct {
	Tag   string `json:"tag"`
	ID    string `json:"id"`
	Type  string `json:"type"`
	Text  string `json:"text"`
	Shown bool   `json:"shown"`
}

// focusJS describes document.activeElement: its focus is shown when it,
// or for a radio button the circle drawn on its label, carries the yellow
// focus colour (outline, shadow or background).
const focusJS = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {tag: "body", shown: false};
  const y = "rgb(255, 221, 0)";
  const has = s => s.outlineColor === y || s.boxShadow.includes(y) || s.backgroundColor === y || s.borderColor === y;
  let shown = has(getComputedStyle(e));
  if (e.type === "radio" && e.labels.length) shown = has(getComputedStyle(e.labels[0], "::before"));
  const r = e.getBoundingClientRect();
  shown = shown && r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight;
  return {tag: e.tagName.toLowerCase(), id: e.id, type: e.type || "", text: (e.innerText || e.value || "").slice(0, 40), shown};
})()`

// tab presses Tab and returns what has the focus then, failing the test
// when the focus is not shown.
func tab(t *testing.T, ctx context.Context) focusInfo {
	t.Helper()
	do(t, ctx, chromedp.KeyEvent(kb.Tab))
	f := run(t, ctx, chromedp.Evaluate[focusInfo](focusJS))
	if !f.Shown {
		t.Errorf("focus on %+v is not visible", f)
	}
	return f
}

// TestBrowserKeyboardOnly fills in a page with the keyboard alone: Tab to
// every control, Space and the arrow keys on the ratings, typing a note,
// Enter on the button; the focus shows at every stop.
func TestBrowserKeyboardOnly(t *testing.T) {
	b := startBrowserRoom(t, 4)
	ctx := browsertest.Tab(t, time.Minute)
	me := b.people[1].Response.Participant
	sk := b.fw.Skills[0]
	do(t, ctx, chromedp.Navigate(b.links[me.ID]+"skill/1"))
	if f := tab(t, ctx); !strings.Contains(f.Text, "Skip to main content") {
		t.Errorf("first Tab stop is %+v, want the skip link", f)
	}
	first := "r-" + sk.Activities[0].ID
	f := focusInfo{}
	for range 5 {
		if f = tab(t, ctx); f.ID == first {
			break
		}
	}
	if f.ID != first {
		t.Fatalf("Tab did not reach the first rating (%s); it is on %+v", first, f)
	}
	// Space picks the first rating, the arrow keys move along the scale.
	do(t, ctx, chromedp.KeyEvent(" "), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	if f := tab(t, ctx); f.ID != "n-"+sk.Activities[0].ID {
		t.Fatalf("Tab after the ratings is on %+v, want the note", f)
	}
	do(t, ctx, chromedp.KeyEvent("Typed with the keyboard"))
	if f := tab(t, ctx); f.ID != "r-"+sk.Activities[1].ID {
		t.Fatalf("Tab after the note is on %+v, want the next activity's ratings", f)
	}
	do(t, ctx, chromedp.KeyEvent(" "))
	// On through the page to the button, every stop visible.
	for i := 0; ; i++ {
		if i > 4*len(sk.Activities)+10 {
			t.Fatal("Tab never reached the Save and continue button")
		}
		if f := tab(t, ctx); f.Tag == "button" {
			break
		}
	}
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitPath(t, ctx, "/skill/2")

	s, err := workshop.Load(b.repo, "HEAD", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s.Checked.Valid {
		if r.Participant.ID != me.ID {
			continue
		}
		a0, a1 := r.Answer(skillKey(&sk), sk.Activities[0].ID), r.Answer(skillKey(&sk), sk.Activities[1].ID)
		if a0 == nil || a0.Rating == nil || *a0.Rating != b.ws.Scale[2].Value || a0.Note != "Typed with the keyboard" {
			t.Errorf("first activity saved as %+v, want %d with the typed note", a0, b.ws.Scale[2].Value)
		}
		if a1 == nil || a1.Rating == nil || *a1.Rating != b.ws.Scale[0].Value {
			t.Errorf("second activity saved as %+v, want %d", a1, b.ws.Scale[0].Value)
		}
		return
	}
	t.Fatalf("%s's file is not valid at HEAD", me.ID)
}

// TestBrowserFacilitatorViews opens the facilitator's link: progress
// counts, and the room view shows figures only where a group reaches
// min_group, filling in as people submit.
func TestBrowserFacilitatorViews(t *testing.T) {
	b := startBrowserRoom(t, 24)
	ctx := browsertest.Tab(t, time.Minute)
	b.submitDirectly(t, 0)
	b.submitDirectly(t, 1)

	do(t, ctx, chromedp.Navigate(b.fac))
	all := run(t, ctx, chromedp.Text(chromedp.CSS("tfoot tr")))
	if f := strings.Fields(all); len(f) < 5 || f[1] != "24" || f[4] != "22" {
		t.Errorf("progress totals %q, want 24 people, 22 not started", all)
	}
	// Two people: no group reaches min_group, nothing is shown.
	do(t, ctx, chromedp.Click(chromedp.CSS(`a[href="room"]`)))
	waitPath(t, ctx, "/room")
	if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('td.sm-cell:not(.sm-hidden-cell):not(.sm-empty-cell)').length`)); n != 0 {
		t.Errorf("room view shows %d figures for 2 people", n)
	}
	for i := 2; i < 22; i++ {
		b.submitDirectly(t, i)
	}
	do(t, ctx, chromedp.Reload())
	if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('td.sm-cell:not(.sm-hidden-cell):not(.sm-empty-cell)').length`)); n == 0 {
		t.Error("room view shows no figure for 22 people")
	}
	// Every figure shown carries its number, and none is on a cell the
	// report hides.
	bad := run(t, ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('td.sm-cell')].filter(td => /\bh\d\b/.test(td.className) !== /^\d+\.\d/.test(td.textContent)).length`))
	if bad != 0 {
		t.Errorf("%d cells show a colour without a number, or a number without a colour", bad)
	}
	// The keyboard reaches the links and each table's scrolling region,
	// the focus shown at each.
	do(t, ctx, chromedp.Reload())
	var stops []string
	for regions := 0; regions < 2; {
		if len(stops) > 8 {
			t.Fatalf("Tab through the room view: %v, and no second table", stops)
		}
		f := tab(t, ctx)
		stops = append(stops, f.Tag+" "+f.Text)
		if f.Tag == "div" {
			regions++
		}
	}
	if len(stops) != 6 {
		t.Errorf("Tab stops on the room view: %q, want the skip link, three links and two tables", stops)
	}
	browsertest.Screenshot(t, ctx, "facilitator", b.fac)
	browsertest.Screenshot(t, ctx, "room", b.fac+"room")
}
