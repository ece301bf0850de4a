package survey

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/skillmap/skillmap/templates"
)

// Fuzz targets for every parser of what people write. Run one with, e.g.:
//
//	go test ./survey -run='^$' -fuzz=FuzzParseResponse -fuzztime=20s
//
// Without -fuzz, "go test" runs each on its seeds and on testdata/fuzz.

func FuzzParseResponse(f *testing.F) {
	w, fw := testWorkshop(), embeddedFramework(f)
	golden, err := os.ReadFile(filepath.Join("testdata", "response.golden"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(golden)
	f.Add([]byte(string(golden) + planBlock))
	f.Add(RenderResponse(w, fw, NewResponse(Participant{ID: "jo", Name: "Jo", Role: "product-manager"})))
	// Schema 2: a section per framework, with retired answers.
	w2, fw2 := severalWorkshop(f)
	several, err := os.ReadFile(filepath.Join("testdata", "response-several.golden"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(several)
	f.Add([]byte(strings.Replace(string(several), "schema: 2", "schema: 2\nretired:\n  product-management:\n    s:\n      a:\n        rating: 1", 1)))
	f.Add([]byte(strings.Replace(string(several), "schema: 2", "schema: 1", 1)))
	f.Add([]byte(strings.Replace(string(several), "\n  product-leadership:", "\n  product-management:", 1)))
	gs := string(golden)
	for _, broken := range []string{
		strings.Replace(gs, "rating: 3", "rating: 3.5", 1),
		strings.Replace(gs, "rating: 3", "rating: [3]", 1),
		strings.Replace(gs, "rating: 3", "rating: &a 3", 1) + "  x: *a\n",
		strings.Replace(gs, "rating: 3", "rating:3", 1),
		strings.Replace(gs, "  name:", "  name: x\n  name:", 1),
		strings.Replace(gs, "  id: sinead-obrien", "  id: [", 1),
		strings.Replace(gs, `note: ""`, "note: \"a\\x85b\\u2028c\\x7fd\\0\"", 1),
		strings.Replace(gs, `note: ""`, "note: |\n        two\n        lines", 1),
		strings.Replace(gs, "schema: 1", "schema: 1\nretired:\n  s:\n    a:\n      rating: 1", 1),
		gs[:len(gs)/2],
		"{}", "[]", "~", "", "\xff", "schema: 1\nparticipant: {}\nratings: {}\n",
		respGood, respHead + "ratings:\n  ? [a]\n  : b\n",
		"schema: 1\n---\nschema: 2\n",
		"a: &a [*a]\n",
		"<<: {schema: 1}\nparticipant: {id: a, name: b, role: c}\nratings:\n",
	} {
		f.Add([]byte(broken))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, ps := ParseResponse("responses/x.yaml", data)
		if (r == nil) == (len(ps) == 0) {
			t.Fatalf("response %v with problems %v", r, ps)
		}
		// The lenient reader of the participant block takes any bytes.
		_ = ReadParticipantBlock(data)
		for _, p := range ps {
			if p.File != "responses/x.yaml" || p.Line < 0 || p.Msg == "" {
				t.Errorf("bad problem %#v", p)
			}
		}
		cr, cps := CheckResponse("responses/x.yaml", data, w, fw)
		if cr != nil && cr.Participant.ID == "" || cr == nil && len(cps) == 0 {
			t.Errorf("CheckResponse: response %v with problems %v", cr, cps)
		}
		if r == nil {
			if len(cps) == 0 {
				t.Errorf("CheckResponse found no problem where ParseResponse found %v", ps)
			}
			return
		}
		if checked := r.Check(w, fw); !reflect.DeepEqual(checked, cps) {
			t.Errorf("CheckResponse %v, Check %v", cps, checked)
		}
		_ = r.Answered()
		// What was read can be written and read back unchanged (answers
		// to activities the framework lacks come back from "retired").
		out := RenderResponse(w, fw, r)
		back, ps := ParseForRewrite("responses/x.yaml", out)
		if len(ps) != 0 {
			t.Fatalf("rendered file does not parse: %v\n%s", ps.Error(), out)
		}
		if back.Participant != r.Participant {
			t.Errorf("participant %+v came back as %+v", r.Participant, back.Participant)
		}
		if !back.Plan.Equal(r.Plan) {
			t.Errorf("plan %+v came back as %+v", r.Plan, back.Plan)
		}
		sameAnswers(t, fw, r.KeyedFor(fw), back)
		if again := RenderResponse(w, fw, back); !bytes.Equal(again, out) {
			t.Errorf("render is not stable:\n%s\n---\n%s", out, again)
		}
		// In a workshop of several frameworks too: a file of either layout
		// is checked, and rendered in schema 2 with every answer kept.
		if cr, cps := CheckResponse("responses/x.yaml", data, w2, fw2); cr == nil && len(cps) == 0 {
			t.Errorf("CheckResponse (several): no response and no problem")
		}
		full, ps := ParseForRewrite("responses/x.yaml", data)
		if len(ps) > 0 {
			return
		}
		out2 := RenderResponse(w2, fw2, full)
		back2, ps := ParseForRewrite("responses/x.yaml", out2)
		if len(ps) != 0 {
			t.Fatalf("rendered file (several) does not parse: %v\n%s", ps.Error(), out2)
		}
		sameAnswers(t, fw2, full.KeyedFor(fw2), back2.KeyedFor(fw2))
		if again := RenderResponse(w2, fw2, back2); !bytes.Equal(again, out2) {
			t.Errorf("render (several) is not stable:\n%s\n---\n%s", out2, again)
		}
	})
}

func FuzzImportMarkdown(f *testing.F) {
	src, err := templates.FrameworkSource("product-leadership")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(src)
	for _, s := range []string{
		tableHead + "| Lead | Set direction | Lead | Hire |\nLead | Set direction\n|  | Be \\| coached |\n",
		"| a | b |\n|---|---|\n| x | y | z |\n| | |\n|---|---|\n",
		"|---|\n|",
		"| S |\n|:-:|\n| \\|",
		tableHead + "| Ünïcode ✓ | 🙂 \x7f\u0085 |\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fw, warns, err := ImportMarkdown("in.md", data, ImportOptions{ID: "fuzz"})
		for _, p := range warns {
			if p.File != "in.md" || p.Line < 1 {
				t.Errorf("bad warning %#v", p)
			}
		}
		if err != nil {
			if fw != nil {
				t.Error("a framework came back with the error")
			}
			return
		}
		// An imported framework is always one skillmap can read back.
		if ps := fw.check("in.md"); len(ps) != 0 {
			t.Fatalf("imported framework is not valid: %v", ps.Error())
		}
		back, err := ParseFramework("in.yaml", fw.Marshal())
		if err != nil {
			t.Fatalf("marshalled framework does not parse: %v\n%s", err, fw.Marshal())
		}
		if !bytes.Equal(back.Marshal(), fw.Marshal()) {
			t.Errorf("framework changed on the way through YAML:\n%s\n---\n%s", fw.Marshal(), back.Marshal())
		}
	})
}

func FuzzReadPeopleCSV(f *testing.F) {
	for _, s := range []string{
		"\uFEFFname,email,role,id\nJane Doe,jane@example.org,product-manager,\nJo,,head-of-product,jo\n",
		"role,name\nproduct-manager,\"Smith, Sam\"\n",
		"name,email,role\nJa\"ne,,product-manager\n",
		"name,email,role\n\"Jane\n",
		"name,role\nJane,cto\nJane,product-manager\nJane,product-manager\n",
		"", "\xff", "name,name\n",
	} {
		f.Add([]byte(s))
	}
	w, fw := testWorkshop(), embeddedFramework(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		people, err := ReadPeopleCSV("p.csv", data, w)
		if (err == nil) == (people == nil) {
			t.Fatalf("people %v with error %v", people, err)
		}
		ids := map[string]bool{}
		for _, p := range people {
			if ids[p.ID] {
				t.Errorf("id %q twice", p.ID)
			}
			ids[p.ID] = true
			again, err := NewParticipant(w, p.Name, p.Email, p.Role, p.ID)
			if err != nil || again != p {
				t.Errorf("%+v does not stand as a participant: %+v, %v", p, again, err)
			}
			// Everyone read can have a response file written and read back.
			r := NewResponse(p)
			back, ps := ParseResponse(r.File, RenderResponse(w, fw, r))
			if len(ps) != 0 || back.Participant != p {
				t.Errorf("%+v: response file: %v, %+v", p, ps, back)
			}
		}
	})
}

func FuzzParseWorkshop(f *testing.F) {
	f.Add(NewWorkshop("T", "product-leadership", []Person{{Name: "Jo", Email: "jo@example.org"}}).Marshal())
	f.Add([]byte("schema: 1\ntitle: x\nframework: y\nmin_group: 1\nroles: [{id: a, name: A}]\nscale: [{value: 1, label: a}, {value: 2, label: b}]\n"))
	f.Add([]byte("schema: 1\ntitle: x\nscale: [{value: 9223372036854775807}, {value: -9223372036854775808}]\n"))
	f.Add([]byte("schema: 1\nschema: 1\n"))
	f.Add(expectationsYAML("  - skill: develop-and-manage-product-people\n    expected: {product-manager: 2, head-of-product: 4}\n" +
		"  - activity: participate-in-executive-management-teams\n    expected: {head-of-product: 3}\n"))
	f.Add(expectationsYAML("  - {framework: product-leadership, skill: x, activity: y, expected: {a: 1}}\n  - [1]\n  - expected: [a]\n"))
	f.Add([]byte(severalYAML))
	f.Add([]byte("schema: 1\ntitle: x\nframeworks: [{id: a, optional: [r], not_asked: [r]}, {id: a}]\nmin_group: 5\nroles: [{id: r, name: R}]\nscale: [{value: 1, label: a}, {value: 2, label: b}]\n"))
	fw := embeddedFramework(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := ParseWorkshop("workshop.yaml", data)
		if err != nil {
			if w != nil {
				t.Error("a workshop came back with the error")
			}
			return
		}
		lo, hi := w.ScaleRange()
		if lo >= hi || !w.OnScale(lo) || !w.OnScale(hi) || len(w.RoleIDs()) == 0 {
			t.Errorf("scale %d to %d, roles %v", lo, hi, w.RoleIDs())
		}
		back, err := ParseWorkshop("workshop.yaml", w.Marshal())
		if err != nil {
			t.Fatalf("marshalled workshop does not parse: %v\n%s", err, w.Marshal())
		}
		if !bytes.Equal(back.Marshal(), w.Marshal()) {
			t.Errorf("workshop changed on the way through YAML")
		}
		// Expectations that fit the framework give ratings on the scale.
		if ps := w.CheckExpectations("workshop.yaml", fw); len(ps) == 0 {
			for _, s := range fw.Skills {
				for _, a := range s.Activities {
					for _, role := range w.RoleIDs() {
						if v, ok := w.Expected(role, s.ID, a.ID); ok && !w.OnScale(v) {
							t.Errorf("expected %d for %s is off the scale", v, role)
						}
					}
				}
			}
		}
		// Its texts end up in comments of every response file.
		r := NewResponse(Participant{ID: "jo", Name: "Jo", Role: w.Roles[0].ID})
		if _, ps := ParseResponse(r.File, RenderResponse(w, fw, r)); len(ps) != 0 {
			t.Errorf("response file for this workshop does not parse: %v", ps.Error())
		}
		if len(w.FrameworkIDs()) == 0 || w.Framework != "" {
			t.Errorf("frameworks %v, framework %q after parsing", w.FrameworkIDs(), w.Framework)
		}
		for _, id := range w.FrameworkIDs() {
			if !ValidID(id) || w.Use(id) == nil {
				t.Errorf("framework %q", id)
			}
		}
	})
}

func FuzzParseFramework(f *testing.F) {
	data, err := templates.Framework("product-leadership")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("schema: 1\nid: x\ntitle: \"X\\x85\"\nskills:\n  - id: s\n    name: \"a\\nb: c\"\n    activities:\n      - {id: a, text: \"\\x7f\\u2028#\"}\n"))
	f.Add([]byte("schema: 1\nid: x\nskills: [{id: s, activities: [{id: a}, {id: a}]}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fw, err := ParseFramework("f.yaml", data)
		if err != nil {
			if fw != nil {
				t.Error("a framework came back with the error")
			}
			return
		}
		back, err := ParseFramework("f.yaml", fw.Marshal())
		if err != nil {
			t.Fatalf("marshalled framework does not parse: %v\n%s", err, fw.Marshal())
		}
		if !bytes.Equal(back.Marshal(), fw.Marshal()) {
			t.Errorf("framework changed on the way through YAML")
		}
		// Its texts end up in comments of every response file.
		w := testWorkshop()
		r := NewResponse(Participant{ID: "jo", Name: "Jo", Role: "product-manager"})
		for _, s := range fw.Skills {
			r.Ratings[s.ID] = map[string]*Answer{s.Activities[0].ID: {Rating: intp(1), Note: s.Name}}
		}
		out := RenderResponse(w, fw, r)
		got, ps := ParseResponse(r.File, out)
		if len(ps) != 0 {
			t.Fatalf("response file does not parse: %v\n%s", ps.Error(), out)
		}
		if ps := got.Check(w, fw); len(ps) != 0 {
			t.Errorf("response file does not check: %v", ps.Error())
		}
		sameAnswers(t, fw, r, got)
	})
}
