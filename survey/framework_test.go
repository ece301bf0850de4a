package survey

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/skillmap/skillmap/templates"
)

// productLeadership names the built-in framework exactly as
// templates/frameworks/product-leadership.yaml does.
var productLeadership = ImportOptions{
	ID:      "product-leadership",
	Title:   "Product Leadership",
	Source:  "https://github.com/alphagov/Product-Leadership-skills",
	Licence: "Contains public sector information licensed under the Open Government Licence v3.0 (https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/).",
}

func TestImportPublishedTableGivesEmbeddedFramework(t *testing.T) {
	src, err := templates.FrameworkSource("product-leadership")
	if err != nil {
		t.Fatal(err)
	}
	got, warns, err := ImportMarkdown("product-leadership.md", src, productLeadership)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	want := embeddedFramework(t)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("imported framework differs from the embedded one\n got:\n%s\nwant:\n%s", got.Marshal(), want.Marshal())
	}

	// The published table is broken in known ways; each is tolerated and
	// said so, on its line.
	wantWarns := []struct {
		line int
		msg  string
	}{
		{53, "line holds 2 skill/activity pairs"},
		{55, "line holds 2 skill/activity pairs"},
		{62, "line holds 2 skill/activity pairs"},
		{63, `duplicate of an earlier activity, dropped: "Participate in the development`},
	}
	if len(warns) != len(wantWarns) {
		t.Fatalf("got %d warnings, want %d:\n%v", len(warns), len(wantWarns), warns.Error())
	}
	for i, w := range wantWarns {
		if warns[i].File != "product-leadership.md" || warns[i].Line != w.line || !strings.Contains(warns[i].Msg, w.msg) {
			t.Errorf("warning %d: got %s, want line %d: %s", i, warns[i], w.line, w.msg)
		}
	}
}

func TestEmbeddedFrameworkShape(t *testing.T) {
	f := embeddedFramework(t)
	if f.Schema != FrameworkSchema || f.ID != "product-leadership" || f.Title != "Product Leadership" {
		t.Errorf("header: schema %d id %q title %q", f.Schema, f.ID, f.Title)
	}
	wantSkills := []struct {
		id, name string
		acts     int
	}{
		{"develop-and-manage-product-people", "Develop and manage product people", 9},
		{"define-portfolio-vision-and-strategy", "Define portfolio vision and strategy", 8},
		{"understand-your-organisation", "Understand your organisation", 5},
		{"participate-in-executive-management-teams", "Participate in executive management teams", 8},
	}
	if len(f.Skills) != len(wantSkills) {
		t.Fatalf("%d skills, want %d", len(f.Skills), len(wantSkills))
	}
	for i, w := range wantSkills {
		s := f.Skills[i]
		if s.ID != w.id || s.Name != w.name || len(s.Activities) != w.acts {
			t.Errorf("skill %d: %s %q with %d activities, want %s %q with %d", i, s.ID, s.Name, len(s.Activities), w.id, w.name, w.acts)
		}
	}
	if n := f.ActivityCount(); n != 30 {
		t.Errorf("ActivityCount = %d, want 30", n)
	}
	ids := map[string]string{}
	use := func(id, what string) {
		if !ValidID(id) {
			t.Errorf("%s id %q is not valid", what, id)
		}
		if len(id) > maxActivitySlug {
			t.Errorf("%s id %q is longer than %d characters", what, id, maxActivitySlug)
		}
		if prev, dup := ids[what+id]; dup {
			t.Errorf("%s id %q used twice (%s)", what, id, prev)
		}
		ids[what+id] = id
	}
	for _, s := range f.Skills {
		use(s.ID, "skill")
		if f.Skill(s.ID) == nil || f.Skill(s.ID).Name != s.Name {
			t.Errorf("Skill(%q) does not find it", s.ID)
		}
		for _, a := range s.Activities {
			use(a.ID, "activity")
			if strings.TrimSpace(a.Text) != a.Text || strings.Contains(a.Text, "  ") || a.Text == "" {
				t.Errorf("activity %s text is not tidy: %q", a.ID, a.Text)
			}
			if s.Activity(a.ID) == nil || s.Activity(a.ID).Text != a.Text {
				t.Errorf("Activity(%q) does not find it", a.ID)
			}
		}
	}
	if f.Skill("nope") != nil || f.Skills[0].Activity("nope") != nil {
		t.Error("lookup of an unknown id found something")
	}
}

func TestEmbeddedFrameworkMarshalRoundTrip(t *testing.T) {
	f := embeddedFramework(t)
	g, err := ParseFramework("again.yaml", f.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f, g) {
		t.Errorf("Marshal then ParseFramework changed the framework:\n%s", g.Marshal())
	}
}

// The built-in source text is a verbatim copy of the published seed. The
// seed lives outside the repository and may not be there (in CI, say).
func TestEmbeddedSourceMatchesSeed(t *testing.T) {
	seed, err := os.ReadFile(filepath.Join("..", "..", "shared", "seeds", "product-leadership-framework.md"))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			t.Skip("no ../shared/seeds/product-leadership-framework.md beside the repository")
		}
		t.Skipf("cannot read the seed: %v", err)
	}
	src, err := templates.FrameworkSource("product-leadership")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(src, seed) {
		t.Errorf("templates/frameworks/product-leadership.md (%d bytes) differs from the seed (%d bytes)", len(src), len(seed))
	}
}

const tableHead = "# Skills\n\nSome text | with a pipe before the table.\n\n| Skill | Activity |\n|---|---|\n"

// importTable imports tableHead+rows, whose first row is on line 7.
func importTable(t *testing.T, rows string) (*Framework, Problems) {
	t.Helper()
	f, warns, err := ImportMarkdown("t.md", []byte(tableHead+rows), ImportOptions{ID: "test"})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return f, warns
}

// shape lists a framework as "skill-id: activity text; activity text".
func shape(f *Framework) []string {
	var out []string
	for _, s := range f.Skills {
		var texts []string
		for _, a := range s.Activities {
			texts = append(texts, a.Text)
		}
		out = append(out, s.ID+": "+strings.Join(texts, "; "))
	}
	return out
}

func TestImportTolerance(t *testing.T) {
	type warn struct {
		line int
		msg  string
	}
	tests := []struct {
		name  string
		rows  string
		want  []string
		warns []warn
	}{{
		name: "well formed",
		rows: "| Lead | Set direction |\n| Lead | Hire people |\n| Coach | Give feedback |\n",
		want: []string{"lead: Set direction; Hire people", "coach: Give feedback"},
	}, {
		name: "missing leading and trailing pipes",
		rows: "| Lead | Set direction |\nLead | Hire people |\n| Lead | Fire nobody\nCoach|Give feedback\n",
		want: []string{"lead: Set direction; Hire people; Fire nobody", "coach: Give feedback"},
	}, {
		name:  "two pairs on a line",
		rows:  "| Lead | Set direction | Lead | Hire people |\n| Coach | Give feedback |\n",
		want:  []string{"lead: Set direction; Hire people", "coach: Give feedback"},
		warns: []warn{{7, "line holds 2 skill/activity pairs"}},
	}, {
		name:  "exact duplicates dropped",
		rows:  "| Lead | Set direction |\n| Lead | Hire people |\n|  lead  |  Set   direction |\n| Lead | Set direction. |\n",
		want:  []string{"lead: Set direction; Hire people; Set direction."},
		warns: []warn{{9, `duplicate of an earlier activity, dropped: "Set direction"`}},
	}, {
		name: "escaped pipe",
		rows: "| Lead | Choose A \\| B |\n| Lead \\| Manage | Decide |\n",
		want: []string{"lead: Choose A | B", "lead-manage: Decide"},
	}, {
		name: "blank skill cell continues the previous skill",
		rows: "| Lead | Set direction |\n|  | Hire people |\n| | Fire nobody |\n| Coach | Give feedback |\n",
		want: []string{"lead: Set direction; Hire people; Fire nobody", "coach: Give feedback"},
	}, {
		name:  "empty cells",
		rows:  "|  | Orphan |\n| Lead |  |\n| Lead | Set direction |\n",
		want:  []string{"lead: Set direction"},
		warns: []warn{{7, "a pair with an empty cell is ignored"}, {8, "a pair with an empty cell is ignored"}},
	}, {
		name:  "odd number of cells",
		rows:  "| Lead | Set direction | stray |\n",
		want:  []string{"lead: Set direction"},
		warns: []warn{{7, `odd number of cells (3); the last one, "stray", is ignored`}},
	}, {
		name: "table ends at the first line without a pipe",
		rows: "| Lead | Set direction |\n\n| Coach | Give feedback |\n",
		want: []string{"lead: Set direction"},
	}, {
		name: "white space folded, CRLF line ends",
		rows: "|\tLead  \t| Set \t  direction |\r\n| Lead | Hire\u00a0people |\r\n",
		want: []string{"lead: Set direction; Hire people"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, warns := importTable(t, tt.rows)
			if got := shape(f); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if len(warns) != len(tt.warns) {
				t.Fatalf("got %d warnings, want %d:\n%v", len(warns), len(tt.warns), warns.Error())
			}
			for i, w := range tt.warns {
				if warns[i].File != "t.md" || warns[i].Line != w.line || !strings.Contains(warns[i].Msg, w.msg) {
					t.Errorf("warning %d: got %s, want line %d: %s", i, warns[i], w.line, w.msg)
				}
			}
			if f.Schema != FrameworkSchema || f.ID != "test" || f.Title != "test" {
				t.Errorf("header: schema %d id %q title %q (title should default to the id)", f.Schema, f.ID, f.Title)
			}
			// Whatever was tolerated, the result is a framework skillmap
			// can read back.
			if _, err := ParseFramework("t.yaml", f.Marshal()); err != nil {
				t.Errorf("imported framework does not parse: %v", err)
			}
		})
	}
}

func TestImportIDs(t *testing.T) {
	long := "Understand the organisation's culture and everything else about how it works in detail"
	rows := "| Lead | " + long + " |\n| Coach | " + long + " |\n| Mentor | " + long + " |\n" +
		"| Lead | Be coached and mentored |\n| Coach | Be coached and mentored |\n" +
		"| Lead | Internationalisationwithoutanyspacesatallwhichgoesonandonforeverandeverandever |\n" +
		"| Coach | Internationalisationwithoutanyspacesatallwhichgoesonandonforeverandeverandever |\n" +
		"| Lead | The |\n| Coach | ... |\n"
	f, warns := importTable(t, rows)
	if len(warns) != 0 {
		t.Errorf("warnings: %v", warns.Error())
	}
	var got []string
	seen := map[string]bool{}
	for _, s := range f.Skills {
		for _, a := range s.Activities {
			got = append(got, a.ID)
			if !ValidID(a.ID) {
				t.Errorf("activity id %q is not valid", a.ID)
			}
			if seen[a.ID] {
				t.Errorf("activity id %q used twice", a.ID)
			}
			seen[a.ID] = true
		}
	}
	want := []string{
		// lead
		"understand-the-organisations-culture",
		"be-coached-and-mentored",
		"internationalisationwithoutanyspacesatallwhichgoesonandonforever",
		"the",
		// coach: longer ids where they tell it apart, numbers after that
		"understand-the-organisations-culture-and-everything",
		"be-coached-and-mentored-2",
		"internationalisationwithoutanyspacesatallwhichgoesonandonforev-2",
		"activity",
		// mentor
		"understand-the-organisations-culture-and-everything-else",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ids\n got %q\nwant %q", got, want)
	}
	if _, err := ParseFramework("t.yaml", f.Marshal()); err != nil {
		t.Errorf("imported framework does not parse: %v", err)
	}
}

func TestImportRefusals(t *testing.T) {
	ok := ImportOptions{ID: "test"}
	tests := []struct {
		name string
		data string
		opt  ImportOptions
		want string
	}{
		{"no table", "# Skills\n\nJust | some text with pipes\n\n- a list\n", ok, "t.md: no markdown table found"},
		{"empty file", "", ok, "t.md: no markdown table found"},
		{"header but no rows", "| Skill | Activity |\n|---|---|\n\nText.\n", ok, "t.md: the table has no skill | activity rows"},
		{"invalid id", tableHead + "| Lead | Set direction |\n", ImportOptions{ID: "Product Leadership"}, `framework id "Product Leadership" is not a valid id`},
		{"empty id", tableHead + "| Lead | Set direction |\n", ImportOptions{}, `framework id "" is not a valid id`},
		{"skill without a usable id", tableHead + "| *** | Set direction |\n", ok, `t.md:7: skill "***" has no usable id`},
		{"two skills, one id", tableHead + "| Lead | Set direction |\n| Lead! | Hire people |\n", ok, `t.md:8: skills "Lead!" and "Lead" have the same id "lead"`},
		{"not UTF-8", tableHead + "| Lead | Set dir\xffection |\n", ok, "t.md: not UTF-8 text"},
		{"too big", tableHead + strings.Repeat("| Lead | Set direction |\n", MaxFileSize/20), ok, "the limit is 1048576"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, err := ImportMarkdown("t.md", []byte(tt.data), tt.opt)
			if err == nil {
				t.Fatalf("no error; got %q", shape(f))
			}
			if f != nil {
				t.Errorf("a framework came back with the error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestImportKeepsOptions(t *testing.T) {
	opt := ImportOptions{ID: "x", Title: "X framework", Description: "What X is.", Source: "https://example.org/x", Licence: "CC BY 4.0"}
	f, _, err := ImportMarkdown("t.md", []byte(tableHead+"| Lead | Set direction |\n"), opt)
	if err != nil {
		t.Fatal(err)
	}
	want := &Framework{Schema: 1, ID: "x", Title: "X framework", Description: "What X is.", Source: "https://example.org/x", Licence: "CC BY 4.0",
		Skills: []Skill{{ID: "lead", Name: "Lead", Activities: []Activity{{ID: "set-direction", Text: "Set direction"}}}}}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("got %+v\nwant %+v", f, want)
	}
}

func TestParseFrameworkErrors(t *testing.T) {
	const file = "frameworks/broken.yaml"
	const good = "schema: 1\nid: test\ntitle: Test\nskills:\n  - id: lead\n    name: Lead\n    activities:\n      - id: set-direction\n        text: Set direction\n"
	if _, err := ParseFramework(file, []byte(good)); err != nil {
		t.Fatalf("good framework refused: %v", err)
	}
	tests := []struct {
		name string
		data string
		line int
		want string
	}{
		{"duplicate activity id", good + "      - id: set-direction\n        text: Again\n", 0, `activity id "set-direction" (skill "lead") is invalid or used twice`},
		{"duplicate skill id", good + "  - id: lead\n    name: Lead again\n    activities:\n      - id: other\n        text: Other\n", 0, `skill id "lead" is invalid or used twice`},
		{"invalid activity id", strings.Replace(good, "id: set-direction", "id: Set_Direction", 1), 0, `activity id "Set_Direction" (skill "lead") is invalid`},
		{"skill without activities", strings.Replace(good, "    activities:\n      - id: set-direction\n        text: Set direction\n", "    activities: []\n", 1), 0, `skill "lead" has no activities`},
		{"no skills", "schema: 1\nid: test\ntitle: Test\nskills: []\n", 0, "framework has no skills"},
		{"invalid framework id", strings.Replace(good, "id: test", "id: Test", 1), 0, `framework id "Test" is not a valid id`},
		{"unknown field", strings.Replace(good, "title: Test\n", "title: Test\nauthor: Me\n", 1), 4, "field author not found"},
		{"unknown nested field", strings.Replace(good, "        text: Set direction\n", "        text: Set direction\n        level: 3\n", 1), 10, "field level not found"},
		{"duplicate key", strings.Replace(good, "title: Test\n", "title: Test\ntitle: Again\n", 1), 4, `mapping key "title" already defined at line 3`},
		{"schema mismatch", strings.Replace(good, "schema: 1", "schema: 2", 1), 0, "schema is 2; this skillmap reads framework schema 1"},
		{"wrong type", strings.Replace(good, "schema: 1", "schema: one", 1), 1, "cannot unmarshal !!str `one`"},
		{"bad YAML", "schema: 1\nid: test\ntitle: [Test\n", 3, "did not find expected ',' or ']'"},
		{"empty", "", 0, "file is empty"},
		{"too big", good + "#" + strings.Repeat("x", MaxFileSize), 0, "the limit is 1048576"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseFramework(file, []byte(tt.data))
			if err == nil {
				t.Fatalf("no error; got %+v", f)
			}
			if f != nil {
				t.Error("a framework came back with the error")
			}
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error is %T, want Problems: %v", err, err)
			}
			for _, p := range ps {
				if p.File != file {
					t.Errorf("problem does not name the file: %s", p)
				}
			}
			if !strings.HasPrefix(err.Error(), file+":") {
				t.Errorf("error does not start with the file name: %q", err)
			}
			found := false
			for _, p := range ps {
				if p.Line == tt.line && strings.Contains(p.Msg, tt.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("no problem on line %d containing %q in:\n%v", tt.line, tt.want, err)
			}
		})
	}
}

func TestValidID(t *testing.T) {
	good := []string{"a", "0", "jane-doe", "a1-b2-c3", strings.Repeat("a", 64)}
	bad := []string{"", "-a", "a-", "a--b", "A", "jane_doe", "jane doe", "jané", "a.b", "../x", "a/b", strings.Repeat("a", 65)}
	for _, s := range good {
		if !ValidID(s) {
			t.Errorf("ValidID(%q) = false", s)
		}
	}
	for _, s := range bad {
		if ValidID(s) {
			t.Errorf("ValidID(%q) = true", s)
		}
	}
}
