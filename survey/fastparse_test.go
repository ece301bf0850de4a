package survey

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// handEdits are changes people make to a rendered response file that the
// fast path still reads itself.
var handEdits = []struct{ old, new string }{
	{"      rating: 3", "      rating: 3   # was 2"},
	{"      rating: 3", "      rating:    3"},
	{"      rating: 3", "      rating: -1"},
	{"      rating: 3", "      rating: 0"},
	{`note: ""`, "note: Did this twice."},
	{`note: ""`, "note: 42"},
	{`note: ""`, "note:"},
	{`note: ""`, "note: # nothing to say"},
	{`note: ""`, `note: "tab\tand \"quotes\", a back\\slash, a \u00e9 and a\nbreak"  # ok`},
	{`note: ""`, `note: "Sinéad’s ✓ note"`},
	{"  id: sinead-obrien", "  id: \"sinead-obrien\""},
	{"line:  name:", "  name: Sinead O'Brien # plain"},
	{"line:  name:", "  name: Sinéad Ó Briain"},
	{"line:  name:", "  name: \"Sinéad O'Brien\""},
	{"line:  name:", "  name: 陈 静"},
	{"  email: sinead.obrien@example.org\n", ""},
	{"schema: 1", "\n   \n# a comment\n      # an indented one\nschema: 1 # the format"},
	{"    design-and-build-product-teams:\n      rating: 3\n      note: \"\"\n", "    design-and-build-product-teams:\n"},
	{"      note: \"\"\n", ""},
	{"ratings:", "ratings:   # mine"},
	{"      rating: 3", "      rating: 7"},
	{"  role: senior-product-manager", "  role: chief"},
	{"    design-and-build-product-teams:", "    no-such-activity:"},
	{"  develop-and-manage-product-people:", "  no-such-skill:"},
	{"  id: sinead-obrien", "  id: someone-else"},
	{"  email: sinead.obrien@example.org", "  email: nobody"},
}

// fallbacks are inputs the fast path leaves to the YAML parser.
var fallbacks = []struct{ old, new string }{
	{"      rating: 3", "      rating: 3.5"},
	{"      rating: 3", "      rating: 03"},
	{"      rating: 3", "      rating: \"3\""},
	{"      rating: 3", "      rating:\t3"},
	{"      rating: 3", "      rating: 3\r"},
	{"      rating: 3", "      rating: &a 3"},
	{"      rating: 3", "      rating: [3]"},
	{`note: ""`, "note: 'single'"},
	{`note: ""`, "note: |\n        block"},
	{`note: ""`, "note: \"\\x41\""},
	{`note: ""`, "note: yes"},
	{`note: ""`, "note: a#b"},
	{`note: ""`, "note: \"two\n        lines\""},
	{"  id: sinead-obrien", "  id: null"},
	{"  id: sinead-obrien", "  id:"},
	{"  id: sinead-obrien", "  id: jo\n  id: jo"},
	{"line:  name:", "  name: Sinéad\u2028O'Brien"},
	{"line:  name:", "  name: Siné\u0301ad"},
	{"line:  name:", "  name: ½ O'Brien"},
	{"  role: senior-product-manager", "  role: senior-product-manager\n  team: x"},
	{"schema: 1", "schema: 2"},
	{"schema: 1", "---\nschema: 1"},
	{"schema: 1", "# comment\u0085schema: 2\nschema: 1"},
	{"schema: 1", "# comment\rschema: 2\nschema: 1"},
	{"schema: 1", "schema: 1\nretired:\n  s:\n    a:\n      rating: 1"},
	{"      rating: 3", "       rating: 3"},
	{"participant:", "participant: {}\nx:"},
}

func renderedGolden(t testing.TB) string {
	t.Helper()
	golden, err := os.ReadFile(filepath.Join("testdata", "response.golden"))
	if err != nil {
		t.Fatal(err)
	}
	return string(golden)
}

// edit applies one edit, failing the test if it no longer applies. An old
// text "line:PREFIX" stands for the first whole line that starts with
// PREFIX.
func edit(t testing.TB, s, old, new string) string {
	t.Helper()
	if prefix, ok := strings.CutPrefix(old, "line:"); ok {
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, prefix) {
				old = l
				break
			}
		}
	}
	if !strings.Contains(s, old) {
		t.Fatalf("edit %q: not in the file", old)
	}
	return strings.Replace(s, old, new, 1)
}

func TestParseFastReadsRenderedAndHandEditedFiles(t *testing.T) {
	w, fw := testWorkshop(), embeddedFramework(t)
	var inputs []string
	for _, s := range Synthesize(w, fw, 40, 3) {
		inputs = append(inputs, string(RenderResponse(w, fw, s.Response)))
	}
	inputs = append(inputs, string(RenderResponse(w, fw, NewResponse(Participant{ID: "123", Name: "Jo", Role: "product-manager"}))))
	golden := renderedGolden(t)
	inputs = append(inputs, golden, strings.TrimSuffix(golden, "\n"))
	for _, e := range handEdits {
		inputs = append(inputs, edit(t, golden, e.old, e.new))
	}
	for _, in := range inputs {
		fast := parseFast("responses/x.yaml", []byte(in), true)
		if fast == nil {
			t.Errorf("fast path refused:\n%s", in)
			continue
		}
		compareWithYAML(t, w, fw, []byte(in), fast)
	}
}

func TestParseFastLeavesTheRestToYAML(t *testing.T) {
	golden := renderedGolden(t)
	for _, e := range fallbacks {
		in := edit(t, golden, e.old, e.new)
		if r := parseFast("responses/x.yaml", []byte(in), true); r != nil {
			t.Errorf("fast path accepted %q → %q", e.old, e.new)
		}
	}
}

// compareWithYAML fails unless the YAML parser reads data as fast.
func compareWithYAML(t *testing.T, w *Workshop, fw *Framework, data []byte, fast *Response) {
	t.Helper()
	slow, ps := parseYAML(fast.File, data)
	if len(ps) != 0 {
		t.Fatalf("fast path accepted a file with problems %v:\n%s", ps.Error(), data)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("fast path read\n%#v\nYAML read\n%#v\nfrom:\n%s", fast, slow, data)
	}
	if a, b := fast.Check(w, fw), slow.Check(w, fw); !reflect.DeepEqual(a, b) {
		t.Fatalf("Check differs: fast %v, YAML %v", a, b)
	}
	if fits, ps := fast.fits(w, fw, fw.buildIDs()), fast.problems(w, fw, fw.buildIDs()); fits != (len(ps) == 0) {
		t.Fatalf("fits says %v, but the long way finds %v", fits, ps)
	}
}

// FuzzParseFastMatchesYAML proves the fast path safe: whenever it accepts a
// file, what it read (participant, answers, the line of every field, the
// problems Check finds) is what the YAML parser reads. Run with:
//
//	go test ./survey -run='^$' -fuzz=FuzzParseFastMatchesYAML -fuzztime=2m
func FuzzParseFastMatchesYAML(f *testing.F) {
	w, fw := testWorkshop(), embeddedFramework(f)
	golden := renderedGolden(f)
	f.Add([]byte(golden))
	f.Add([]byte(golden + planBlock))
	f.Add([]byte(golden + "plan:\n  focus:\n  text: \"\"\n"))
	for _, s := range Synthesize(w, fw, 5, 9) {
		f.Add(RenderResponse(w, fw, s.Response))
	}
	for _, e := range append(handEdits, fallbacks...) {
		f.Add([]byte(edit(f, golden, e.old, e.new)))
	}
	f.Add([]byte(respGood))
	f.Add([]byte(respHead + "ratings:\n  s:\n    a:\n      rating: 9\n  t:\n"))
	if several, err := os.ReadFile(filepath.Join("testdata", "response-several.golden")); err == nil {
		f.Add(several)
	}
	f.Add([]byte(strings.Replace(respHead, "schema: 1", "schema: 2", 1) + "frameworks:\n  f:\n    s:\n      a:\n        rating: 9\n  g:\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// ParseResponse only tries the fast path on files that pass these.
		if len(data) > MaxFileSize || !utf8.Valid(data) {
			return
		}
		refused, plainASCII := scanText(data)
		if want := bytes.IndexFunc(data, yamlRefuses); refused != want {
			t.Fatalf("scanText found a refused character at %d, bytes.IndexFunc at %d", refused, want)
		}
		if refused >= 0 {
			return
		}
		if plainASCII && (bytes.ContainsRune(data, '\r') || !isASCII(data)) {
			t.Fatal("scanText called a file plain ASCII that is not")
		}
		fast := parseFast("responses/x.yaml", data, !plainASCII)
		if fast == nil {
			return
		}
		compareWithYAML(t, w, fw, data, fast)
	})
}

func isASCII(data []byte) bool {
	for _, c := range data {
		if c >= 0x80 {
			return false
		}
	}
	return true
}
