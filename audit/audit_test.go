package audit

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/gittest"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/templates"
)

var (
	ana  = survey.Person{Name: "Ana Ruiz", Email: "ana@example.org"}
	jane = survey.Person{Name: "Jane Smith", Email: "jane@example.org"}
	omar = survey.Person{Name: "Omar Khan", Email: "omar@example.org"}
)

// workshop is a small workshop made as skillmap init and add make it,
// with Ana as its facilitator: the repository's folder, its settings, and
// each participant's file as added.
type workshop struct {
	dir   string
	ws    *survey.Workshop
	fw    *survey.Framework
	files map[string][]byte
}

func newWorkshop(t *testing.T) *workshop {
	t.Helper()
	gittest.Need(t)
	dir := t.TempDir()
	fwData, err := templates.Framework("product-leadership")
	if err != nil {
		t.Fatal(err)
	}
	fw, err := survey.ParseFramework(frameworkFile, fwData)
	if err != nil {
		t.Fatal(err)
	}
	ws := survey.NewWorkshop("Audit", fw.ID, []survey.Person{ana})
	ws.MinGroup = 1
	repo, err := gitstore.Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	sig := gitstore.Signature{Name: ana.Name, Email: ana.Email}
	if _, err := repo.Commit([]gitstore.File{{Path: workshopFile, Data: ws.Marshal()}, {Path: frameworkFile, Data: fw.Marshal()}}, sig, "Start"); err != nil {
		t.Fatal(err)
	}
	w := &workshop{dir: dir, ws: ws, fw: fw, files: map[string][]byte{}}
	var rs []*survey.Response
	for _, p := range []struct{ name, email, role string }{{jane.Name, jane.Email, "senior-product-manager"}, {omar.Name, omar.Email, "lead-product-manager"}} {
		pt, err := survey.NewParticipant(ws, p.name, p.email, p.role, "")
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, survey.NewResponse(pt))
	}
	var files []gitstore.File
	for i, data := range survey.RenderResponses(ws, fw, rs) {
		path := survey.ResponsePath(rs[i].Participant.ID)
		w.files[path] = data
		files = append(files, gitstore.File{Path: path, Data: data})
	}
	if _, err := repo.Commit(files, sig, "Add participants"); err != nil {
		t.Fatal(err)
	}
	return w
}

// git runs the real git in the workshop as who, author and committer.
func (w *workshop) git(t *testing.T, who survey.Person, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = w.dir
	cmd.Env = append(gittest.Env(t.TempDir()), "GIT_AUTHOR_NAME="+who.Name, "GIT_AUTHOR_EMAIL="+who.Email,
		"GIT_COMMITTER_NAME="+who.Name, "GIT_COMMITTER_EMAIL="+who.Email)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// write changes a file of the working tree.
func (w *workshop) write(t *testing.T, path string, data []byte) {
	t.Helper()
	full := filepath.Join(w.dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// rated is a participant's file as added, with a first rating.
func (w *workshop) rated(t *testing.T, path, rating string) []byte {
	t.Helper()
	s := string(w.files[path])
	i := strings.Index(s, "rating:\n")
	if i < 0 {
		t.Fatalf("%s has no empty rating", path)
	}
	return []byte(s[:i] + "rating: " + rating + "\n" + s[i+len("rating:\n"):])
}

// audit runs an audit of HEAD, keeping state as skillmap does.
func (w *workshop) audit(t *testing.T) *Result {
	t.Helper()
	repo, err := gitstore.Open(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := repo.At("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(repo, snap, w.ws, w.fw, Options{Build: []byte("test"), MaxNew: -1})
	if err != nil {
		t.Fatal(err)
	}
	// Taken up or from scratch, the answer is the same.
	fresh, err := Run(repo, snap, w.ws, w.fw, Options{MaxNew: -1})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(res.Findings) != fmt.Sprint(fresh.Findings) || !reflect.DeepEqual(res.files, fresh.files) {
		t.Fatalf("taken up:\n%v\n%v\nfrom scratch:\n%v\n%v", res.Findings, res.files, fresh.Findings, fresh.files)
	}
	return res
}

func kinds(res *Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Kind+" "+f.File+" "+f.AuthorEmail)
	}
	return out
}

// A settings change made on a branch from before any answer, merged after
// answers came in, changes what they mean: the merge is reported.
func TestSettingsBroughtInByAMergeAfterSubmissions(t *testing.T) {
	w := newWorkshop(t)
	if res := w.audit(t); len(res.Findings) != 0 {
		t.Fatalf("a clean start: %v", kinds(res))
	}
	w.git(t, ana, "switch", "-q", "-c", "settings")
	ws := *w.ws
	ws.Title = "Audit, retitled"
	w.write(t, workshopFile, ws.Marshal())
	w.git(t, ana, "commit", "-q", "-am", "Retitle")
	w.git(t, ana, "switch", "-q", "main")
	w.write(t, "responses/jane-smith.yaml", w.rated(t, "responses/jane-smith.yaml", "3"))
	w.git(t, jane, "commit", "-q", "-am", "Jane answers")
	w.audit(t)
	w.git(t, ana, "merge", "-q", "--no-ff", "--no-edit", "settings")
	got := kinds(w.audit(t))
	want := []string{KindSettingsChanged + " workshop.yaml ana@example.org"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings %v, want %v", got, want)
	}
}

// A history of someone's own, merged in, lists nobody as facilitator: a
// response file it adds is reported and unverified, whatever its own
// workshop.yaml says.
func TestAnUnrelatedHistoryMergedInVouchesForNothing(t *testing.T) {
	w := newWorkshop(t)
	w.git(t, omar, "switch", "-q", "--orphan", "mine")
	fake := strings.ReplaceAll(strings.ReplaceAll(string(w.rated(t, "responses/jane-smith.yaml", "4")), "jane-smith", "fake-one"), "jane@example.org", "fake@example.org")
	w.write(t, "responses/fake-one.yaml", []byte(fake))
	ws := *w.ws
	ws.Facilitators = []survey.Person{omar}
	w.write(t, workshopFile, ws.Marshal())
	w.git(t, omar, "add", "-A")
	w.git(t, omar, "commit", "-q", "-m", "My own workshop")
	w.git(t, ana, "switch", "-q", "main")
	w.git(t, ana, "merge", "-q", "--allow-unrelated-histories", "-X", "ours", "--no-edit", "mine")
	res := w.audit(t)
	got := kinds(res)
	want := []string{KindNotAdded + " responses/fake-one.yaml omar@example.org", KindSettingsByOther + " workshop.yaml omar@example.org"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("findings %v, want %v", got, want)
	}
	resp, ps := survey.ParseResponse("responses/fake-one.yaml", []byte(fake))
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	unv := res.Unverified([]*survey.Response{resp})
	if len(unv) != 1 || unv[0].Reason != ReasonNotAdded {
		t.Errorf("unverified: %v", unv)
	}
	// Omar is no facilitator after the merge either.
	w.write(t, "responses/jane-smith.yaml", w.rated(t, "responses/jane-smith.yaml", "0"))
	w.git(t, omar, "commit", "-q", "-am", "Helping Jane")
	if got := kinds(w.audit(t)); len(got) != 3 || got[2] != KindOtherAuthor+" responses/jane-smith.yaml omar@example.org" {
		t.Errorf("findings %v", got)
	}
}

// GitHub's web editor commits as GitHub for the signed-in author: Jane's
// own edit is hers, but GitHub never vouches for a new participant file.
func TestHostCommitterIsJudgedByTheAuthor(t *testing.T) {
	w := newWorkshop(t)
	gh := survey.Person{Name: "GitHub", Email: "noreply@github.com"}
	w.write(t, "responses/jane-smith.yaml", w.rated(t, "responses/jane-smith.yaml", "3"))
	w.git(t, jane, "add", "-A")
	w.gitAs(t, jane, gh, "commit", "-q", "-m", "Jane answers in the web editor")
	if res := w.audit(t); len(res.Findings) != 0 {
		t.Fatalf("Jane's own edit through GitHub: %v", kinds(res))
	}
	w.write(t, "responses/omar-khan.yaml", w.rated(t, "responses/omar-khan.yaml", "1"))
	w.git(t, jane, "add", "-A")
	w.gitAs(t, jane, gh, "commit", "-q", "-m", "Jane edits Omar's file in the web editor")
	fake := strings.ReplaceAll(string(w.files["responses/jane-smith.yaml"]), "jane", "fake")
	w.write(t, "responses/fake-smith.yaml", []byte(fake))
	w.git(t, jane, "add", "-A")
	fakeP := survey.Person{Name: "Fake", Email: "fake@example.org"}
	w.gitAs(t, fakeP, gh, "commit", "-q", "-m", "A fake participant through the web editor")
	got := kinds(w.audit(t))
	want := []string{KindOtherAuthor + " responses/omar-khan.yaml jane@example.org", KindNotAdded + " responses/fake-smith.yaml fake@example.org"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings %v, want %v", got, want)
	}
}

// gitAs runs the real git with author and committer set apart.
func (w *workshop) gitAs(t *testing.T, author, committer survey.Person, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = w.dir
	cmd.Env = append(gittest.Env(t.TempDir()), "GIT_AUTHOR_NAME="+author.Name, "GIT_AUTHOR_EMAIL="+author.Email,
		"GIT_COMMITTER_NAME="+committer.Name, "GIT_COMMITTER_EMAIL="+committer.Email)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}
