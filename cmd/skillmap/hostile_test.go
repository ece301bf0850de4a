package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// lineRefs are the line numbers a shared reason may give.
var lineRefs = regexp.MustCompile(`line \d+: `)

// gitIn runs the real git in dir as a plain-git participant would.
func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=Plain Git", "-c", "user.email=plain@example.org"}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// TestHostileResponses commits one file per kind of bad input (the corpus
// in testdata/hostile, plus a file over the size cap, a symbolic link, a
// submodule and a file outside responses/), and checks that each is
// reported with its exact line, that the good files are still reported,
// and that --strict fails and writes nothing.
func TestHostileResponses(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	ws := filepath.Join(t.TempDir(), "ws")
	skillmapIn(t, "init", ws, "--title", "Hostile", "--facilitator", "Ana Ruiz <ana@example.org>", "--facilitator", "Plain Git <plain@example.org>", "--min-group", "3")
	corpus, err := filepath.Glob(filepath.Join("testdata", "hostile", "*.yaml"))
	if err != nil || len(corpus) < 15 {
		t.Fatalf("corpus: %v, %v", corpus, err)
	}
	for _, f := range corpus {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(ws, "responses", filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	big := bytes.Repeat([]byte("# padding\n"), 110_000) // over 1 MiB
	if err := os.WriteFile(filepath.Join(ws, "responses", "too-big.yaml"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../workshop.yaml", filepath.Join(ws, "responses", "link.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(ws, "elsewhere"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, "elsewhere", "stray.yaml"), []byte("not: [a response"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, ws, "add", "-A")
	head := strings.TrimSpace(gitIn(t, ws, "rev-parse", "HEAD"))
	gitIn(t, ws, "update-index", "--add", "--cacheinfo", "160000,"+head+",responses/submodule.yaml")
	gitIn(t, ws, "commit", "-q", "-m", "hostile input")

	var out, errb bytes.Buffer
	code := run([]string{"-C", ws, "report", "--json"}, &streams{In: strings.NewReader(""), Out: &out, Err: &errb})
	if code != 0 {
		t.Fatalf("report: exit %d\n%s", code, errb.String())
	}
	var rep struct {
		Participants int `json:"participants"`
		Activities   []struct {
			ActivityID string `json:"activity_id"`
			Cells      []struct {
				N    *int     `json:"n"`
				Mean *float64 `json:"mean"`
			} `json:"cells"`
		} `json:"activities"`
		Skipped []struct{ File, Reason string } `json:"skipped"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	// Where each problem is, and what it says.
	want := map[string]string{
		"alias-bomb.yaml":       `line 1: unknown field "x0"`,
		"deep-nesting.yaml":     "exceeded max depth",
		"duplicate-key.yaml":    `line 11: "rating" appears twice in activity design-and-build-product-teams (first on line 10)`,
		"fraction-rating.yaml":  `line 10: rating for design-and-build-product-teams should be a whole number on the scale, or empty; not the value "2.5"`,
		"id-mismatch.yaml":      `line 3: participant id "good-one" does not match the file name (expected "id-mismatch")`,
		"invalid-yaml.yaml":     "line 11: ",
		"link.yaml":             "a symbolic link, not a regular file",
		"list-rating.yaml":      "line 10: rating for design-and-build-product-teams should be a whole number on the scale, or empty; not a list",
		"not-utf8.yaml":         "line 4: not UTF-8 text",
		"off-scale.yaml":        "line 10: rating 7 for design-and-build-product-teams is not on the scale (0 to 4)",
		"submodule.yaml":        "a submodule, not a regular file",
		"too-big.yaml":          "the limit is 1048576",
		"unknown-activity.yaml": `line 9: unknown activity "juggle" in skill develop-and-manage-product-people`,
		"unknown-role.yaml":     `line 6: unknown role "chief-juggler"`,
		"unknown-skill.yaml":    `line 8: unknown skill "make-the-tea"`,
		"word-rating.yaml":      `line 10: rating for design-and-build-product-teams should be a whole number on the scale, or empty; not the value "three"`,
	}
	// The detail, values and all, is on stderr only.
	got := map[string]string{}
	for _, l := range strings.Split(errb.String(), "\n") {
		if f, r, ok := strings.Cut(strings.TrimPrefix(l, "skipped responses/"), ": "); ok && strings.HasPrefix(l, "skipped ") {
			got[f] = r
		}
	}
	for file, w := range want {
		if r, ok := got[file]; !ok {
			t.Errorf("%s was not reported on stderr", file)
		} else if !strings.Contains(r, w) || (strings.HasPrefix(w, "line ") && !strings.HasPrefix(r, w)) {
			t.Errorf("%s: reason %q, want %q", file, r, w)
		}
	}
	for file := range got {
		if _, ok := want[file]; !ok {
			t.Errorf("%s reported but not expected: %s", file, got[file])
		}
	}
	if !strings.Contains(got["alias-bomb.yaml"], "line 17: skill develop-and-manage-product-people uses a YAML alias") {
		t.Errorf("the alias is not reported where it is used: %s", got["alias-bomb.yaml"])
	}
	// The shared JSON names the problem and its line, and quotes nothing
	// from the file: the file's name is its participant's id.
	wantShared := map[string]string{
		"alias-bomb.yaml":       "line 1: unknown field … (expected schema, participant, ratings, plan)",
		"deep-nesting.yaml":     "line 10: not valid YAML",
		"duplicate-key.yaml":    "line 11: a key appears twice",
		"fraction-rating.yaml":  "line 10: a rating is not a whole number on the scale",
		"id-mismatch.yaml":      "line 3: participant id … does not match the file name (expected …)",
		"invalid-yaml.yaml":     "line 11: not valid YAML",
		"link.yaml":             "cannot be read: not a regular file, or too large",
		"list-rating.yaml":      "line 10: a rating is not a whole number on the scale",
		"not-utf8.yaml":         "line 4: not UTF-8 text (save the file as UTF-8)",
		"off-scale.yaml":        "line 10: a rating is not on the scale",
		"submodule.yaml":        "cannot be read: not a regular file, or too large",
		"too-big.yaml":          "cannot be read: not a regular file, or too large",
		"unknown-activity.yaml": "line 9: unknown activity … in skill …",
		"unknown-role.yaml":     "line 6: the role is not one of the workshop's",
		"unknown-skill.yaml":    "line 8: unknown skill … in framework …",
		"word-rating.yaml":      "line 10: a rating is not a whole number on the scale",
	}
	shared := map[string]string{}
	for _, s := range rep.Skipped {
		shared[strings.TrimPrefix(s.File, "responses/")] = s.Reason
	}
	for file, w := range wantShared {
		if r := shared[file]; !strings.HasPrefix(r, w) {
			t.Errorf("%s: shared reason %q, want %q", file, r, w)
		}
	}
	for file, r := range shared {
		if _, ok := wantShared[file]; !ok {
			t.Errorf("%s skipped but not expected: %s", file, r)
		}
		if bare := strings.ReplaceAll(lineRefs.ReplaceAllString(r, ""), "UTF-8", ""); strings.ContainsAny(bare, "\"0123456789") || strings.Contains(bare, "juggle") || strings.Contains(bare, "three") {
			t.Errorf("%s: shared reason %q quotes the file", file, r)
		}
	}
	// The workbook's About sheet and skipped.csv say the same as the JSON.
	skillmapIn(t, "-C", ws, "report", "-o", "shared.xlsx", "--csv", "tables")
	x, err := excelize.OpenFile(filepath.Join(ws, "shared.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	about, err := x.GetRows("About")
	if err != nil {
		t.Fatal(err)
	}
	inAbout := map[string]string{}
	for _, row := range about {
		if len(row) >= 2 && strings.HasPrefix(row[0], "responses/") {
			inAbout[row[0]] = row[1]
		}
	}
	f, err := os.Open(filepath.Join(ws, "tables", "skipped.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	inCSV := map[string]string{}
	for _, rec := range records[1:] {
		inCSV[rec[0]] = rec[1]
	}
	for _, sk := range rep.Skipped {
		if inAbout[sk.File] != sk.Reason || inCSV[sk.File] != sk.Reason {
			t.Errorf("%s: About says %q, skipped.csv %q, JSON %q", sk.File, inAbout[sk.File], inCSV[sk.File], sk.Reason)
		}
	}
	if len(inAbout) != len(rep.Skipped) || len(inCSV) != len(rep.Skipped) {
		t.Errorf("About lists %d skipped files, skipped.csv %d, JSON %d", len(inAbout), len(inCSV), len(rep.Skipped))
	}

	// The good files are still counted (their figures are hidden: two
	// people are fewer than min_group 3).
	if rep.Participants != 2 {
		t.Errorf("participants = %d, want the 2 good files", rep.Participants)
	}

	// --strict: every bad file is fatal, and nothing is written.
	out.Reset()
	errb.Reset()
	code = run([]string{"-C", ws, "report", "--strict", "-o", "strict.xlsx"}, &streams{In: strings.NewReader(""), Out: &out, Err: &errb})
	if code != exitFailed {
		t.Errorf("report --strict: exit %d, want %d", code, exitFailed)
	}
	if !strings.Contains(errb.String(), "responses/off-scale.yaml:10: rating 7") || !strings.Contains(errb.String(), "nothing written") {
		t.Errorf("report --strict stderr:\n%s", errb.String())
	}
	if _, err := os.Stat(filepath.Join(ws, "strict.xlsx")); err == nil {
		t.Error("report --strict wrote a workbook")
	}
}
