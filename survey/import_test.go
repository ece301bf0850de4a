package survey

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/skillmap/skillmap/templates"
)

const oglAcknowledgement = "Contains public sector information licensed under the Open Government Licence v3.0 (https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/)."

// builtinImports are the options each built-in framework is imported with,
// as templates/frameworks/NOTICE.md records them.
var builtinImports = map[string]ImportOptions{
	"product-leadership": productLeadership,
	"product-management": {
		ID:          "product-management",
		Title:       "Product Management: learn by doing",
		Description: "Things to do to learn the product management craft, for associate product managers and product managers.",
		Source:      "https://github.com/alphagov/Product-Managers-Learn-By-Doing",
		Licence:     oglAcknowledgement,
		Skills:      []string{"Lifecycle perspective"},
	},
}

func builtin(t testing.TB, id string) *Framework {
	t.Helper()
	data, err := templates.Framework(id)
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseFramework(id+".yaml", data)
	if err != nil {
		t.Fatalf("built-in %s: %v", id, err)
	}
	return f
}

// Every built-in framework is exactly what importing its published text
// gives, so the YAML can always be rebuilt from the source.
func TestEveryBuiltinFrameworkIsItsImport(t *testing.T) {
	ids := templates.FrameworkIDs()
	if len(ids) < 2 {
		t.Fatalf("built-in frameworks: %v", ids)
	}
	for _, id := range ids {
		opt, ok := builtinImports[id]
		if !ok {
			t.Errorf("built-in framework %s has no import options in this test", id)
			continue
		}
		src, err := templates.FrameworkSource(id)
		if err != nil {
			t.Fatalf("%s: no source text: %v", id, err)
		}
		got, _, err := ImportMarkdown(id+".md", src, opt)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		want := builtin(t, id)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: import differs from the embedded framework\n got:\n%s\nwant:\n%s", id, got.Marshal(), want.Marshal())
		}
		data, _ := templates.Framework(id)
		if !bytes.Equal(got.Marshal(), data) {
			t.Errorf("%s: the embedded YAML is not what import writes", id)
		}
	}
}

func TestImportLearnByDoing(t *testing.T) {
	src, err := templates.FrameworkSource("product-management")
	if err != nil {
		t.Fatal(err)
	}
	f, warns, err := ImportMarkdown("product-management.md", src, builtinImports["product-management"])
	if err != nil {
		t.Fatal(err)
	}
	// The two misspellings are each reported once, where they first appear.
	wantWarns := []struct {
		line int
		msg  string
	}{
		{38, `skill "Lifecyle perspective" (3 rows) is read as "Lifecycle perspective", the spelling given with --skill`},
		{81, `skill "DDigital perspective" (1 row) looks like a misspelling of "Digital perspective" (6 rows) and is read as it`},
	}
	if len(warns) != len(wantWarns) {
		t.Fatalf("got %d warnings, want %d:\n%v", len(warns), len(wantWarns), warns.Error())
	}
	for i, w := range wantWarns {
		if warns[i].Line != w.line || !strings.Contains(warns[i].Msg, w.msg) {
			t.Errorf("warning %d: got %s\nwant line %d: %s", i, warns[i], w.line, w.msg)
		}
	}

	want := []struct {
		id, name string
		acts     int
		descr    string // how the description starts
	}{
		{"agile-working", "Agile Working", 6, "A product Manager is able to identify and compare"},
		{"lifecycle-perspective", "Lifecycle perspective", 3, "A Product Manager recognises when to move"},
		{"operational-management", "Operational management", 7, "A Product Manager is able to design operational"},
		{"problem-ownership", "Problem ownership", 2, "A Product Manager ensures that the right actions"},
		{"product-ownership", "Product ownership", 8, "A Product Manager is experienced in applying tools"},
		{"strategic-ownership", "Strategic ownership", 8, "A Product Manager is able to get buy-in"},
		{"user-focus", "User focus", 9, "A Product Manager is able to collaborate with user researchers"},
		{"digital-perspective", "Digital perspective", 7, "A Product Manager is able to demonstrate a working understanding"},
		{"financial-ownership", "Financial ownership", 2, "A Product Manager understands the market place"},
		{"understanding-constraints", "Understanding constraints", 2, "A Product Manager can identify and understand constraints"},
	}
	if len(f.Skills) != len(want) || f.ActivityCount() != 54 {
		t.Fatalf("%d skills, %d activities; want 10 and 54", len(f.Skills), f.ActivityCount())
	}
	ids := map[string]bool{}
	for i, w := range want {
		s := f.Skills[i]
		if s.ID != w.id || s.Name != w.name || len(s.Activities) != w.acts || !strings.HasPrefix(s.Description, w.descr) {
			t.Errorf("skill %d: %s %q, %d activities, description %.50q...; want %s %q, %d, %q...",
				i, s.ID, s.Name, len(s.Activities), s.Description, w.id, w.name, w.acts, w.descr)
		}
		for _, a := range s.Activities {
			// Ids may grow past maxActivitySlug only to tell two apart.
			if !ValidID(a.ID) || ids[a.ID] {
				t.Errorf("activity id %q is invalid or used twice", a.ID)
			}
			ids[a.ID] = true
		}
	}
	// The activity that was under "DDigital perspective" is the last of
	// Digital perspective.
	dp := f.Skill("digital-perspective")
	if last := dp.Activities[len(dp.Activities)-1]; !strings.HasPrefix(last.Text, "Understood the web content accessibility guidelines") {
		t.Errorf("last activity of digital-perspective: %q", last.Text)
	}
}

// The built-in source text is a verbatim copy of the published README. The
// shared copy lives outside the repository and may not be there (in CI).
func TestLearnByDoingSourceIsVerbatim(t *testing.T) {
	shared, err := os.ReadFile(filepath.Join("..", "..", "shared", "frameworks", "product-managers-learn-by-doing.README.md"))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("no ../shared/frameworks copy beside the repository")
	}
	if err != nil {
		t.Skipf("cannot read the shared copy: %v", err)
	}
	src, err := templates.FrameworkSource("product-management")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(src, shared) {
		t.Errorf("templates/frameworks/product-management.md differs from the published README")
	}
	notice, err := templates.Notice()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"product-management.md", "alphagov/Product-Managers-Learn-By-Doing", "0da025f", "Open Government Licence v3.0"} {
		if !strings.Contains(string(notice), s) {
			t.Errorf("NOTICE.md does not mention %q", s)
		}
	}
}

func TestImportSimilarSkillNames(t *testing.T) {
	type warn struct {
		line int
		msg  string
	}
	tests := []struct {
		name  string
		rows  string
		opt   ImportOptions
		want  []string
		warns []warn
	}{{
		name: "a misspelling is merged into the more frequent spelling",
		rows: "| Digital perspective | Shadow roles |\n| DDigital perspective | Learn WCAG |\n| Digital perspective | Hire |\n",
		want: []string{"digital-perspective: Shadow roles; Learn WCAG; Hire"},
		warns: []warn{{8, `skill "DDigital perspective" (1 row) looks like a misspelling of "Digital perspective" (2 rows) and is read as it; ` +
			`to choose the spelling pass --skill "NAME", to keep them apart pass --keep-similar-skills`}},
	}, {
		name:  "even when the misspelling comes first",
		rows:  "| Stratgeic ownership | Vision |\n| Strategic ownership | Roadmap |\n| Strategic ownership | Comms |\n",
		want:  []string{"strategic-ownership: Vision; Roadmap; Comms"},
		warns: []warn{{7, `skill "Stratgeic ownership" (1 row) looks like a misspelling of "Strategic ownership" (2 rows)`}},
	}, {
		name:  "on a tie the first spelling wins",
		rows:  "| User focus group | Observe |\n| User focus groups | Plan |\n",
		want:  []string{"user-focus-group: Observe; Plan"},
		warns: []warn{{8, `skill "User focus groups" (1 row) looks like a misspelling of "User focus group" (1 row)`}},
	}, {
		name:  "case and spacing differences are near-duplicates at any length",
		rows:  "| Lead | Set direction |\n| LEAD | Hire people |\n| Lead | Fire nobody |\n",
		want:  []string{"lead: Set direction; Hire people; Fire nobody"},
		warns: []warn{{8, `skill "LEAD" (1 row) looks like a misspelling of "Lead" (2 rows)`}},
	}, {
		name: "short names one letter apart are different skills",
		rows: "| Lead | Set direction |\n| Lean | Cut waste |\n",
		want: []string{"lead: Set direction", "lean: Cut waste"},
	}, {
		name: "two slips apart are different skills",
		rows: "| Product ownership | Backlog |\n| Project ownership | Plan |\n",
		want: []string{"product-ownership: Backlog", "project-ownership: Plan"},
	}, {
		name:  "--skill gives the right spelling of a name always misspelt",
		rows:  "| Lifecyle perspective | Move phases |\n| Lifecyle perspective | Pivot |\n| Agile working | Plan |\n",
		opt:   ImportOptions{Skills: []string{"Lifecycle perspective"}},
		want:  []string{"lifecycle-perspective: Move phases; Pivot", "agile-working: Plan"},
		warns: []warn{{7, `skill "Lifecyle perspective" (2 rows) is read as "Lifecycle perspective", the spelling given with --skill`}},
	}, {
		name:  "--skill can choose the rarer spelling",
		rows:  "| Digital perspective | Shadow roles |\n| DDigital perspective | Learn WCAG |\n| Digital perspective | Hire |\n",
		opt:   ImportOptions{Skills: []string{"DDigital perspective"}},
		want:  []string{"ddigital-perspective: Shadow roles; Learn WCAG; Hire"},
		warns: []warn{{7, `skill "Digital perspective" (2 rows) is read as "DDigital perspective", the spelling given with --skill`}},
	}, {
		name:  "--keep-similar-skills keeps them apart, and still says so",
		rows:  "| Digital perspective | Shadow roles |\n| DDigital perspective | Learn WCAG |\n",
		opt:   ImportOptions{KeepSimilar: true},
		want:  []string{"digital-perspective: Shadow roles", "ddigital-perspective: Learn WCAG"},
		warns: []warn{{8, `skill "DDigital perspective" (1 row) looks like a misspelling of "Digital perspective" (1 row); kept apart as asked (--keep-similar-skills)`}},
	}, {
		name:  "--keep-similar-skills cannot keep case variants apart: they would share an id",
		rows:  "| Lead | Set direction |\n| lead | Hire people |\n",
		opt:   ImportOptions{KeepSimilar: true},
		want:  []string{"lead: Set direction; Hire people"},
		warns: []warn{{8, `skill "lead" (1 row) looks like a misspelling of "Lead" (1 row)`}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opt.ID = "test"
			f, warns, err := ImportMarkdown("t.md", []byte(tableHead+tt.rows), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := shape(f); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if len(warns) != len(tt.warns) {
				t.Fatalf("got %d warnings, want %d:\n%v", len(warns), len(tt.warns), warns.Error())
			}
			for i, w := range tt.warns {
				if warns[i].File != "t.md" || warns[i].Line != w.line || !strings.Contains(warns[i].Msg, w.msg) {
					t.Errorf("warning %d:\n got %s\nwant line %d: %s", i, warns[i], w.line, w.msg)
				}
			}
		})
	}
}

func TestImportSkillOptionRefusals(t *testing.T) {
	for _, tt := range []struct {
		skill, want string
	}{
		{"Coaching people", `--skill "Coaching people" matches no skill name in the table`},
		{"***", `skill name "***" cannot be used`},
		{" Lead", `skill name " Lead" cannot be used`},
	} {
		_, _, err := ImportMarkdown("t.md", []byte(tableHead+"| Lead | Set direction |\n"), ImportOptions{ID: "test", Skills: []string{tt.skill}})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("--skill %q: error %v, want %q", tt.skill, err, tt.want)
		}
	}
}

func TestImportDescriptions(t *testing.T) {
	md := tableHead + "| Lead | Set direction |\n| Coach | Give feedback |\n| Hire | Interview |\n" +
		"\n## Not descriptions\n\n| Skill | Level |\n|---|---|\n| Lead | 3 |\n" + // lines 10-15
		"\n## Skill descriptions\n\n| Skill | Skill description |\n|:---:|:---|\n" + // lines 16-20
		"| LEAD | Sets the direction. |\n" + // 21: case variant of a skill
		"| Coach | Helps people grow. |\n" +
		"| Coach | Said twice. |\n" + // 23
		"| Juggling | Not a skill here. |\n" + // 24
		"| Hire |\n" + // 25
		"\n| Skill | Another description |\n|---|---|\n| Hire | Only the first description table is read. |\n"
	f, warns, err := ImportMarkdown("t.md", []byte(md), ImportOptions{ID: "test"})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, s := range f.Skills {
		got = append(got, s.ID+": "+s.Description)
	}
	want := []string{"lead: Sets the direction.", "coach: Helps people grow.", "hire: "}
	if !slices.Equal(got, want) {
		t.Errorf("descriptions\n got %q\nwant %q", got, want)
	}
	wantWarns := []string{
		`t.md:23: a second description of skill "Coach" is ignored`,
		`t.md:24: skill "Juggling" in the description table has no activities; its description is ignored`,
		`t.md:25: a skill description row needs two cells, a skill and its description; ignored`,
	}
	var gotWarns []string
	for _, w := range warns {
		gotWarns = append(gotWarns, w.String())
	}
	if !slices.Equal(gotWarns, wantWarns) {
		t.Errorf("warnings\n got %q\nwant %q", gotWarns, wantWarns)
	}
	if _, err := ParseFramework("t.yaml", f.Marshal()); err != nil {
		t.Errorf("imported framework does not parse: %v", err)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"lifecyle", "lifecycle", 1},
		{"ddigital", "digital", 1},
		{"stratgeic", "strategic", 1}, // a swap
		{"product", "project", 2},
		{"abc", "abc", 0},
		{"", "ab", 2},
		{"kitten", "sitting", 2}, // over the limit of 1: limit+1
	} {
		want := min(tt.want, 2)
		if got := editDistance([]rune(tt.a), []rune(tt.b), 1); got != want {
			t.Errorf("editDistance(%q, %q, 1) = %d, want %d", tt.a, tt.b, got, want)
		}
		if got := editDistance([]rune(tt.a), []rune(tt.b), 5); got != tt.want && tt.a != "kitten" {
			t.Errorf("editDistance(%q, %q, 5) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if got := editDistance([]rune("kitten"), []rune("sitting"), 5); got != 3 {
		t.Errorf("editDistance(kitten, sitting) = %d, want 3", got)
	}
}
