package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillmap/skillmap/survey"
)

// The terminal form, driven by keystrokes as a terminal would send them:
// pages are filled in from earlier answers, and what the participant
// chooses is what is saved.
func TestTakeFormPage(t *testing.T) {
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	var out, errs bytes.Buffer
	st := &streams{In: strings.NewReader(""), Out: &out, Err: &errs}
	for _, args := range [][]string{
		{"init", ws, "--title", "T", "--framework", "product-management", "--facilitator", "Ana Ruiz <ana@example.org>"},
		{"-C", ws, "add", "Jane Smith", "--role", "product-manager", "--email", "jane@example.org"},
	} {
		if code := run(args, st); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs.String())
		}
	}
	file := filepath.Join(ws, "responses", "jane-smith.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// An earlier answer, and a comment of Jane's own.
	data = bytes.Replace(data, []byte("    defined-the-scope-of-an-mvp:\n      rating:\n      note: \"\""),
		[]byte("    # mine: ask Sam\n    defined-the-scope-of-an-mvp:\n      rating: 2\n      note: \"one MVP\""), 1)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}

	const right, left, enter, ctrlC = "\x1b[C", "\x1b[D", "\r", "\x03"
	keys := []string{
		right, right, right, right, enter, "did a course", enter, // 1: skip → 3, note
		left, left, left, enter, enter, // 2: 2 → skip (rating cleared), note kept
		enter, "later", ctrlC, // 3: stays skipped, a note; then stop
	}
	got, saved := runFormPage(t, ws, file, data, keys)
	check := func(act, want string) {
		t.Helper()
		a := got.Answer("agile-working", act)
		have := "-"
		if a.Rating != nil {
			have = string(rune('0' + *a.Rating))
		}
		if have += " " + a.Note; have != want {
			t.Errorf("%s: %q, want %q", act, have, want)
		}
	}
	check("learnt-about-common-agile", "3 did a course")
	check("defined-the-scope-of-an-mvp", "- one MVP")
	check("set-a-sprint-goal", "- later")
	check("run-a-sprint-review-or-show", "- ")
	if !bytes.Contains(saved, []byte("    # mine: ask Sam\n    defined-the-scope-of-an-mvp:\n      rating:\n      note: \"one MVP\"\n")) {
		t.Errorf("the participant's comment or the layout around it changed:\n%s", saved)
	}

	// A digit picks that rating (one off the scale does nothing); Shift+Tab
	// from a rating goes back to the note of the activity before, and
	// from a note to its rating.
	const shiftTab = "\x1b[Z"
	keys = []string{
		"4", enter, " again", enter, // 1: 4, more to its note
		shiftTab, shiftTab, "9", "1", ctrlC, // back to 1's note, its rating: 1
	}
	got, _ = runFormPage(t, ws, file, saved, keys)
	check("learnt-about-common-agile", "1 did a course again")
	check("defined-the-scope-of-an-mvp", "- one MVP")
}

// runFormPage runs the first page of take's form on a response file with
// the keys given, and returns the file as saved.
func runFormPage(t *testing.T, ws, file string, data []byte, keys []string) (*survey.Response, []byte) {
	t.Helper()
	var out bytes.Buffer
	w, err := openWorkshop(ws)
	if err != nil {
		t.Fatal(err)
	}
	g := &globals{io: &streams{In: &slowReader{keys: keys}, Out: &out, Err: io.Discard}}
	s := &takeSession{g: g, w: w, id: "jane-smith", path: survey.ResponsePath("jane-smith"), answers: map[[2]string]answer{}}
	r, ps := survey.ParseResponse(s.path, data)
	if len(ps) > 0 {
		t.Fatal(ps.Error())
	}
	for _, sk := range w.fw.Skills {
		for _, a := range sk.Activities {
			var ans answer
			if old := r.Answer(sk.Key(), a.ID); old != nil {
				ans = answer{old.Rating, old.Note}
			}
			s.answers[[2]string{sk.Key(), a.ID}] = ans
		}
	}
	done, err := s.page(0)
	if err != nil {
		t.Fatal(err)
	}
	if done {
		t.Error("the page was done, though the participant stopped it")
	}
	saved, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	got, ps := survey.ParseResponse(s.path, saved)
	if len(ps) > 0 {
		t.Fatal(ps.Error())
	}
	return got, saved
}

// slowReader hands out one keystroke a read, a little apart, as a
// terminal delivers what a person types.
type slowReader struct {
	keys []string
}

func (r *slowReader) Read(p []byte) (int, error) {
	if len(r.keys) == 0 {
		time.Sleep(50 * time.Millisecond)
		return 0, io.EOF
	}
	time.Sleep(20 * time.Millisecond)
	n := copy(p, r.keys[0])
	r.keys = r.keys[1:]
	return n, nil
}

// In a workshop of several frameworks, the form opens on a menu of the
// frameworks: choosing one shows its skills only, and answers go to that
// framework's section, though a skill and an activity of the other have
// the same ids.
func TestTakeFormFrameworkMenu(t *testing.T) {
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	craft := "schema: 1\nid: craft\ntitle: Craft\nskills:\n  - id: delivery\n    name: Delivery\n    activities:\n      - id: plan-a-release\n        text: Plan a release\n"
	lead := "schema: 1\nid: lead\ntitle: Leadership\nskills:\n  - id: delivery\n    name: Leading delivery\n    activities:\n      - id: plan-a-release\n        text: Plan a release across teams\n      - id: grow-people\n        text: Grow product people\n"
	for name, text := range map[string]string{"craft.yaml": craft, "lead.yaml": lead} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errs bytes.Buffer
	st := &streams{In: strings.NewReader(""), Out: &out, Err: &errs}
	for _, args := range [][]string{
		{"init", ws, "--title", "T", "--framework", filepath.Join(dir, "craft.yaml"), "--framework", filepath.Join(dir, "lead.yaml"), "--facilitator", "Ana Ruiz <ana@example.org>"},
		{"-C", ws, "add", "Jane Smith", "--role", "senior-product-manager", "--email", "jane@example.org"},
	} {
		if code := run(args, st); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs.String())
		}
	}
	w, err := openWorkshop(ws)
	if err != nil {
		t.Fatal(err)
	}
	const down, enter = "\x1b[B", "\r"
	// Each form is run on its own: a form that ends may have read a key
	// more from a pipe, which a terminal would not lose.
	s := &takeSession{w: w, id: "jane-smith", roleID: "senior-product-manager", path: survey.ResponsePath("jane-smith"), answers: map[[2]string]answer{}}
	with := func(keys ...string) {
		s.g = &globals{io: &streams{In: &slowReader{keys: keys}, Out: &out, Err: io.Discard}}
	}
	for _, sk := range w.fw.Skills {
		for _, a := range sk.Activities {
			s.answers[[2]string{sk.Key(), a.ID}] = answer{}
		}
	}
	ids := s.askedFrameworks()
	if strings.Join(ids, ",") != "craft,lead" {
		t.Fatalf("frameworks %v", ids)
	}
	// The menu of frameworks: the second.
	pick := 0
	with(down, enter)
	if err := s.frameworkMenu(ids, &pick); err != nil || pick != 1 {
		t.Fatalf("framework menu: %d, %v", pick, err)
	}
	// Its skill menu holds its skill only.
	s.only = ids[pick]
	pick = s.nextSkill(0)
	if pick != 1 || s.inView(0) {
		t.Fatalf("the skill menu of lead starts at %d", pick)
	}
	with(enter)
	if err := s.menu(&pick); err != nil || pick != 1 {
		t.Fatalf("skill menu: %d, %v", pick, err)
	}
	// Its page: both activities.
	with("3", enter, enter, "2", enter, enter)
	if done, err := s.page(pick); err != nil || !done {
		t.Fatalf("page: %v %v", done, err)
	}
	if s.nextSkill(pick+1) != menuFinish || s.frameworkAnswered("lead") != 2 || s.frameworkAnswered("craft") != 0 {
		t.Errorf("after the page: next %d, answered %d and %d", s.nextSkill(pick+1), s.frameworkAnswered("lead"), s.frameworkAnswered("craft"))
	}
	saved, err := os.ReadFile(filepath.Join(ws, "responses", "jane-smith.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	r, ps := survey.CheckResponse("responses/jane-smith.yaml", saved, w.ws, w.fw)
	if len(ps) > 0 {
		t.Fatal(ps.Error())
	}
	rating := func(key, act string) string {
		if a := r.Answer(key, act); a != nil && a.Rating != nil {
			return string(rune('0' + *a.Rating))
		}
		return "-"
	}
	if got := rating("lead/delivery", "plan-a-release") + rating("lead/delivery", "grow-people") + rating("craft/delivery", "plan-a-release"); got != "32-" {
		t.Errorf("ratings %s, want 32-:\n%s", got, saved)
	}
}
