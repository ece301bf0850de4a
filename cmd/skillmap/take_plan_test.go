package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillmap/skillmap/survey"
)

// TestTakeOffersPlanAtATerminal answers take's plain questions as a person
// at a terminal does (input that is not echoed back): after the last
// activity it offers the focus and plan, saves them into the file, then
// asks whether to submit. Piped input never sees the offer (take.txtar).
func TestTakeOffersPlanAtATerminal(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	ws := filepath.Join(t.TempDir(), "ws")
	skillmapIn(t, "init", ws, "--title", "Plan", "--facilitator", "Ana Ruiz <ana@example.org>")
	skillmapIn(t, "-C", ws, "add", "Jo Bloggs", "--role", "product-manager")
	var out bytes.Buffer
	g := &globals{dir: ws, io: &streams{In: strings.NewReader(""), Out: &out, Err: &out}}
	w, err := openWorkshop(ws)
	if err != nil {
		t.Fatal(err)
	}
	s := &takeSession{g: g, w: w, id: "jo-bloggs", path: survey.ResponsePath("jo-bloggs"), name: "Jo Bloggs", answers: map[[2]string]answer{}}
	in := &lineReader{r: bufio.NewReader(strings.NewReader("y\n31 2\n2 8 8\nFind a mentor\nSam Jones\nn\n"))}
	if err := s.finishPlain(in, false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Set your focus and plan now, for the conversation with your line manager? (y/N): ",
		`"31" is not an activity's number: type numbers from 1 to 30.`,
		"Saved your plan in responses/jo-bloggs.yaml: 2 focus activities.",
		"Not submitted.",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("take did not say %q:\n%s", want, out.String())
		}
	}
	data, err := os.ReadFile(filepath.Join(ws, "responses", "jo-bloggs.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	r, ps := survey.CheckResponse("responses/jo-bloggs.yaml", data, w.ws, w.fw)
	if len(ps) != 0 {
		t.Fatal(ps)
	}
	refs, _ := s.activityRefs()
	want := &survey.Plan{Focus: []survey.ActivityRef{refs[1], refs[7]}, Text: "Find a mentor", LineManager: "Sam Jones"}
	if !r.Plan.Equal(want) {
		t.Errorf("plan %+v, want %+v", r.Plan, want)
	}
}

// TestTakePlanPseudonymous: a pseudonymous workshop's plan has no line
// manager, and take does not ask for one.
func TestTakePlanPseudonymous(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	skillmapIn(t, "init", ws, "--title", "Anon", "--pseudonymous", "--facilitator", "Ana Ruiz <ana@example.org>")
	skillmapIn(t, "-C", ws, "add", "Jo Bloggs", "--role", "product-manager")
	entries, err := os.ReadDir(filepath.Join(ws, "responses"))
	if err != nil {
		t.Fatal(err)
	}
	id := ""
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "p-") {
			id = strings.TrimSuffix(e.Name(), ".yaml")
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-C", ws, "take", "--as", id, "--plan"}, &streams{In: strings.NewReader("1\nMy plan\nn\n"), Out: &out, Err: &errb}); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
	}
	if strings.Contains(out.String(), "line manager's name") {
		t.Errorf("take asked for a line manager in a pseudonymous workshop:\n%s", out.String())
	}
	data, err := os.ReadFile(filepath.Join(ws, "responses", id+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("line_manager")) || !bytes.Contains(data, []byte(`text: "My plan"`)) {
		t.Errorf("file:\n%s", data)
	}
	skillmapIn(t, "-C", ws, "validate")
}
