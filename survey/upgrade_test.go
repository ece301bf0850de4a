package survey

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// fw builds a framework from "skill: act=text; act=text" lines.
func fw(t *testing.T, id string, skills ...string) *Framework {
	t.Helper()
	f := &Framework{Schema: FrameworkSchema, ID: id, Title: id}
	for _, line := range skills {
		name, acts, _ := strings.Cut(line, ": ")
		s := Skill{ID: Slug(name), Name: name}
		for _, a := range strings.Split(acts, "; ") {
			aid, text, _ := strings.Cut(a, "=")
			s.Activities = append(s.Activities, Activity{ID: aid, Text: text})
		}
		f.Skills = append(f.Skills, s)
	}
	if ps := f.check(id); len(ps) > 0 {
		t.Fatalf("test framework %s: %v", id, ps.Error())
	}
	return f
}

func refs(rs []ChangedActivity) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Skill+"/"+r.ID)
	}
	return out
}

var (
	oldSkills = []string{
		"Lead: set-direction=Set direction; hire=Hire people; fire=Fire nobody",
		"Coach: feedback=Give feedback; mentor=Mentor a colleague; retro=Run a retro",
	}
	newSkills = []string{
		"Lead: set-direction=Set the direction of the team; hire=Hire people; plan-budget=Plan a budget",
		"Coach: feedback=Give feedback; mentor-someone=Mentor a colleague; run-retros=Run retrospectives",
		"Deliver: fire=Fire nobody; ship=Ship a release",
	}
)

func TestCompareFrameworks(t *testing.T) {
	old, new := fw(t, "v1", oldSkills...), fw(t, "v2", newSkills...)
	c, err := CompareFrameworks(old, new, map[string]string{"retro": "run-retros"})
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, got, want []string) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q, want %q", what, got, want)
		}
	}
	check("added", refs(c.Added), []string{"lead/plan-budget", "deliver/ship"})
	check("removed", refs(c.Removed), nil)
	check("reworded", refs(c.Reworded), []string{"lead/set-direction"})
	check("moved", refs(c.Moved), []string{"deliver/fire"})
	var renamed []string
	for _, r := range c.Renamed {
		renamed = append(renamed, r.From.ID+">"+r.To.ID+map[bool]string{true: " (same text)"}[r.ByText])
	}
	check("renamed", renamed, []string{"retro>run-retros", "mentor>mentor-someone (same text)"})
	if c.Unchanged() {
		t.Error("Unchanged() is true")
	}

	// Without the rename, the retro activity is removed and its new id is
	// a new activity.
	c, err = CompareFrameworks(old, new, nil)
	if err != nil {
		t.Fatal(err)
	}
	check("removed without --rename", refs(c.Removed), []string{"coach/retro"})
	check("added without --rename", refs(c.Added), []string{"lead/plan-budget", "coach/run-retros", "deliver/ship"})

	same, err := CompareFrameworks(old, fw(t, "v1b", oldSkills...), nil)
	if err != nil || !same.Unchanged() {
		t.Errorf("a framework compared with a copy of itself: %+v, %v", same, err)
	}
}

func TestCompareFrameworksRefusesBadRenames(t *testing.T) {
	old, new := fw(t, "v1", oldSkills...), fw(t, "v2", newSkills...)
	for _, tt := range []struct {
		renames map[string]string
		want    string
	}{
		{map[string]string{"nope": "ship"}, "--rename nope=ship: nope is not an activity of the workshop's framework (v1)"},
		{map[string]string{"hire": "ship"}, "hire is still in the new framework"},
		{map[string]string{"retro": "nope"}, "nope is not an activity of the new framework (v2)"},
		{map[string]string{"retro": "feedback"}, "feedback is already in the workshop's framework"},
		{map[string]string{"retro": "ship", "mentor": "ship"}, "ship is also the new id of"},
	} {
		if _, err := CompareFrameworks(old, new, tt.renames); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("renames %v: error %v, want %q", tt.renames, err, tt.want)
		}
	}
}

func TestUpgradeResponse(t *testing.T) {
	old, new := fw(t, "v1", oldSkills...), fw(t, "v2", newSkills...)
	w := NewWorkshop("Upgrade test", "v1", nil)
	r := NewResponse(Participant{ID: "jane", Name: "Jane", Role: "product-manager"})
	r.Ratings["lead"] = map[string]*Answer{
		"set-direction": {Rating: intp(3)}, // reworded: kept
		"hire":          {Rating: intp(2), Note: "two hires"},
		"fire":          {Rating: intp(4)}, // moved to deliver: kept
	}
	r.Ratings["coach"] = map[string]*Answer{
		"feedback": {},                               // unanswered
		"mentor":   {Rating: intp(1)},                // renamed by text
		"retro":    {Rating: intp(0), Note: "never"}, // removed: retired
	}
	retired := map[string]map[string]*Answer{"lead": {"plan-budget": {Rating: intp(2), Note: "from 2024"}}, "old": {"gone": {Note: "kept"}}}

	c, err := CompareFrameworks(old, new, nil)
	if err != nil {
		t.Fatal(err)
	}
	up, moves := UpgradeResponse(r, retired, c, old, new)
	if want := (AnswerMoves{Kept: 4, Retired: 1, Restored: 1, Archived: 1}); moves != want {
		t.Errorf("moves %+v, want %+v", moves, want)
	}
	w.Framework = "v2"
	data := RenderResponse(w, new, up)
	got, ps := ParseResponse(ResponsePath("jane"), data)
	if len(ps) > 0 {
		t.Fatalf("upgraded file does not parse: %v\n%s", ps.Error(), data)
	}
	if ps := got.Check(w, new); len(ps) > 0 {
		t.Errorf("upgraded file does not check against the new framework: %v", ps.Error())
	}
	answer := func(skill, act string) string {
		a := got.Answer(skill, act)
		if a == nil || a.Rating == nil {
			return "-"
		}
		return strings.TrimSpace(strings.Join([]string{strconv.Itoa(*a.Rating), a.Note}, " "))
	}
	for _, tt := range []struct{ skill, act, want string }{
		{"lead", "set-direction", "3"},
		{"lead", "hire", "2 two hires"},
		{"lead", "plan-budget", "2 from 2024"}, // restored from retired
		{"coach", "feedback", "-"},
		{"coach", "mentor-someone", "1"},
		{"coach", "run-retros", "-"}, // a new activity: blank
		{"deliver", "fire", "4"},
		{"deliver", "ship", "-"},
	} {
		if got := answer(tt.skill, tt.act); got != tt.want {
			t.Errorf("%s/%s: %q, want %q", tt.skill, tt.act, got, tt.want)
		}
	}
	ret, ps := ReadRetired("jane.yaml", data)
	if len(ps) > 0 {
		t.Fatal(ps.Error())
	}
	wantRet := map[string]string{"coach/retro": "0 never", "old/gone": " kept"}
	gotRet := map[string]string{}
	for s, acts := range ret {
		for a, ans := range acts {
			v := ""
			if ans.Rating != nil {
				v = strconv.Itoa(*ans.Rating)
			}
			gotRet[s+"/"+a] = v + " " + ans.Note
		}
	}
	if !reflect.DeepEqual(gotRet, wantRet) {
		t.Errorf("retired: %q, want %q", gotRet, wantRet)
	}

	// Going back to the old framework restores every answer: nothing is
	// ever lost on the way.
	back, err := CompareFrameworks(new, old, nil)
	if err != nil {
		t.Fatal(err)
	}
	down, _ := UpgradeResponse(got, ret, back, new, old)
	w.Framework = "v1"
	data2 := RenderResponse(w, old, down)
	again, ps := ParseResponse(ResponsePath("jane"), data2)
	if len(ps) > 0 {
		t.Fatal(ps.Error())
	}
	sameAnswers(t, old, r, again)
	ret2, _ := ReadRetired("jane.yaml", data2)
	if a := ret2["lead"]["plan-budget"]; a == nil || a.Note != "from 2024" {
		t.Errorf("the restored answer was not retired again: %v\n%s", ret2, data2)
	}
}

func TestReadRetired(t *testing.T) {
	head := "schema: 1\nparticipant:\n  id: j\n  name: J\n  role: r\nratings:\n"
	ret, ps := ReadRetired("j.yaml", []byte(head))
	if len(ps) > 0 || len(ret) != 0 {
		t.Errorf("no section: %v %v", ret, ps)
	}
	ret, ps = ReadRetired("j.yaml", []byte(head+"retired:\n  s:\n    a:\n      rating: 2\n      note: \"n\"\n    b:\n    c:\n      rating: \"\"\n"))
	if len(ps) > 0 || ret["s"]["a"].Note != "n" || *ret["s"]["a"].Rating != 2 || ret["s"]["b"] == nil || ret["s"]["c"].Rating != nil {
		t.Errorf("got %v %v", ret, ps)
	}
	_, ps = ReadRetired("j.yaml", []byte(head+"retired:\n  s:\n    a:\n      rating: many\n"))
	wantProblem(t, ps, "j.yaml", 10, `retired activity a: cannot read "rating"`)
	_, ps = ReadRetired("j.yaml", []byte(head+"retired: [1]\n"))
	wantProblem(t, ps, "j.yaml", 7, "retired should be a mapping of skills, not a list")
}
