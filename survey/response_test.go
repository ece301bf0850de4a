package survey

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

const respFile = "responses/jane-doe.yaml"

// respHead is lines 1 to 5 of a response file; ratings start on line 6.
const respHead = "schema: 1\nparticipant:\n  id: jane-doe\n  name: Jane Doe\n  role: product-manager\n"

// respGood is a whole valid response: the rating is on line 9.
const respGood = respHead + "ratings:\n  develop-and-manage-product-people:\n    be-coached-and-mentored:\n      rating: 3\n      note: \"\"\n"

func TestParseResponseGood(t *testing.T) {
	r, ps := ParseResponse(respFile, []byte(respGood))
	if len(ps) != 0 {
		t.Fatalf("problems: %v", ps.Error())
	}
	want := Participant{ID: "jane-doe", Name: "Jane Doe", Role: "product-manager"}
	if r.File != respFile || r.Schema != 1 || r.Participant != want {
		t.Errorf("got file %q schema %d participant %+v", r.File, r.Schema, r.Participant)
	}
	a := r.Answer("develop-and-manage-product-people", "be-coached-and-mentored")
	if a == nil || a.Rating == nil || *a.Rating != 3 || a.Note != "" || a.Line != 8 {
		t.Fatalf("answer = %+v", a)
	}
	if r.Answered() != 1 {
		t.Errorf("Answered() = %d", r.Answered())
	}
	if r.Answer("develop-and-manage-product-people", "coach-and-mentor-other-product") != nil || r.Answer("nope", "nope") != nil {
		t.Error("Answer found an activity the file does not have")
	}
	if ps := r.Check(testWorkshop(), embeddedFramework(t)); len(ps) != 0 {
		t.Errorf("Check: %v", ps.Error())
	}
}

func TestResponseProblems(t *testing.T) {
	ratings := func(body string) string {
		return respHead + "ratings:\n  develop-and-manage-product-people:\n    be-coached-and-mentored:\n" + body
	}
	tests := []struct {
		name  string
		file  string // respFile when empty
		data  string
		check bool // found by Check, not ParseResponse
		line  int
		msg   string
	}{
		// Not YAML.
		{name: "invalid YAML: unclosed list", data: respHead + "ratings: [\n  x\n", line: 7, msg: "did not find expected ',' or ']'"},
		{name: "invalid YAML: colon in a value", data: ratings("      rating: 3\n      note: a: b\n"), line: 10, msg: "mapping values are not allowed in this context"},
		{name: "invalid YAML: bad indentation", data: ratings("      rating: 3\n     note: x\n"), line: 10, msg: "did not find expected key"},
		{name: "invalid YAML: tab indentation", data: ratings("      rating: 3\n\tnote: x\n"), line: 10, msg: "found a tab character"},
		{name: "invalid YAML: unclosed quote", data: ratings("      rating: 3\n      note: \"it's\n"), line: 10, msg: "found unexpected end of stream"},
		{name: "invalid YAML: undefined alias", data: ratings("      rating: *three\n"), line: 9, msg: "unknown anchor 'three' referenced"},
		{name: "non-UTF-8 bytes", data: "schema: 1\nparticipant:\n  id: jane-doe\n  name: Sin\xe9ad\n", line: 4, msg: "not UTF-8 text"},
		{name: "control character", data: ratings("      rating: 3\n      note: \"a\vb\"\n"), line: 10, msg: "invisible control character U+000B"},
		{name: "empty file", data: "", line: 0, msg: "file is empty"},
		{name: "only white space", data: " \n\n", line: 0, msg: "file is empty"},
		{name: "only comments", data: "# nothing yet\n", line: 0, msg: "file is empty"},
		{name: "over MaxFileSize", data: respGood + "#" + strings.Repeat("x", MaxFileSize), line: 0, msg: "the limit is 1048576"},

		// YAML, but not a response file.
		{name: "not a mapping", data: "- schema: 1\n", line: 1, msg: "the file should be a mapping"},
		{name: "duplicate top-level key", data: respHead + "schema: 1\nratings:\n", line: 6, msg: `"schema" appears twice in the file (first on line 1)`},
		{name: "duplicate participant key", data: respHead + "  name: Jane\nratings:\n", line: 6, msg: `"name" appears twice in participant (first on line 4)`},
		{name: "duplicate activity", data: ratings("      rating: 3\n    be-coached-and-mentored:\n      rating: 2\n"), line: 10, msg: `"be-coached-and-mentored" appears twice in skill develop-and-manage-product-people (first on line 8)`},
		{name: "duplicate skill", data: ratings("      rating: 3\n  develop-and-manage-product-people:\n"), line: 10, msg: `"develop-and-manage-product-people" appears twice in ratings (first on line 7)`},
		{name: "duplicate rating", data: ratings("      rating: 3\n      rating: 4\n"), line: 10, msg: `"rating" appears twice in activity be-coached-and-mentored (first on line 9)`},
		{name: "list where a rating goes", data: ratings("      rating: [3]\n"), line: 9, msg: "rating for be-coached-and-mentored should be a whole number on the scale, or empty; not a list"},
		{name: "list under a rating", data: ratings("      rating:\n        - 3\n"), line: 10, msg: "not a list"},
		{name: "mapping where a rating goes", data: ratings("      rating: {value: 3}\n"), line: 9, msg: "not a mapping"},
		{name: "rating 2.5", data: ratings("      rating: 2.5\n"), line: 9, msg: `not the value "2.5"`},
		{name: "rating three", data: ratings("      rating: three\n"), line: 9, msg: `not the value "three"`},
		{name: "rating quoted", data: ratings("      rating: \"3\"\n"), line: 9, msg: `is in quotes; write the number without them: rating: 3`},
		{name: "rating hex", data: ratings("      rating: 0x3\n"), line: 9, msg: `not the value "0x3"`},
		{name: "rating true", data: ratings("      rating: true\n"), line: 9, msg: `not the value "true"`},
		{name: "rating too big for an int", data: ratings("      rating: 99999999999999999999\n"), line: 9, msg: `not the value "99999999999999999999"`},
		{name: "YAML alias", data: ratings("      rating: &r 3\n    coach-and-mentor-other-product: *r\n"), line: 10, msg: "activity coach-and-mentor-other-product uses a YAML alias; write the value out in full"},
		{name: "YAML alias for a skill", data: ratings("      rating: &x 3\n  understand-your-organisation: *x\n"), line: 10, msg: "skill understand-your-organisation uses a YAML alias"},
		{name: "YAML alias for a rating", data: ratings("      rating: &r 3\n      note: *r\n"), line: 10, msg: "note should be text, not an alias"},
		{name: "activity is not a mapping", data: ratings("      3\n"), line: 9, msg: `activity be-coached-and-mentored should be a mapping of "key: value" lines, not the value "3"`},
		{name: "ratings is a list", data: respHead + "ratings:\n  - 3\n", line: 7, msg: "ratings should be a mapping"},
		{name: "note is a list", data: ratings("      note: [a, b]\n"), line: 9, msg: "note should be text, not a list"},
		{name: "unknown activity field", data: ratings("      rank: 3\n"), line: 9, msg: `unknown field "rank" in activity be-coached-and-mentored (expected rating, note)`},
		{name: "unknown top-level field", data: respGood + "ratingz:\n", line: 11, msg: `unknown field "ratingz" (expected schema, participant, ratings, plan)`},
		{name: "unknown participant field", data: respHead + "  team: Blue\nratings:\n", line: 6, msg: `unknown participant field "team"`},
		{name: "participant field not text", data: respHead + "  email: [a@b.c]\nratings:\n", line: 6, msg: "participant email should be text, not a list"},
		{name: "missing participant", data: "schema: 1\nratings:\n", line: 1, msg: `missing field "participant"`},
		{name: "missing ratings", data: respHead, line: 1, msg: `missing field "ratings"`},
		{name: "missing schema", data: strings.TrimPrefix(respGood, "schema: 1\n"), line: 1, msg: `missing field "schema"`},
		{name: "participant without a name", data: "schema: 1\nparticipant:\n  id: jane-doe\n  role: product-manager\nratings:\n", line: 3, msg: `participant has no "name"`},
		{name: "participant empty", data: "schema: 1\nparticipant:\nratings:\n", line: 2, msg: "participant should be a mapping"},
		{name: "schema 2 with ratings", data: strings.Replace(respGood, "schema: 1", "schema: 2", 1), line: 1, msg: "schema is 2 but the file has no frameworks section"},
		{name: "schema 3", data: strings.Replace(respGood, "schema: 1", "schema: 3", 1), line: 1, msg: "schema is 3; this skillmap reads response schemas 1 and 2"},
		{name: "schema not a number", data: strings.Replace(respGood, "schema: 1", "schema: one", 1), line: 1, msg: `schema should be a whole number, not the value "one"`},

		// A response file, but not one for this workshop.
		{name: "rating off the scale", data: ratings("      rating: 7\n"), check: true, line: 9, msg: "rating 7 for be-coached-and-mentored is not on the scale (0 to 4)"},
		{name: "rating below the scale", data: ratings("      rating: -1\n"), check: true, line: 9, msg: "rating -1 for be-coached-and-mentored is not on the scale (0 to 4)"},
		{name: "unknown skill id", data: respHead + "ratings:\n  develop-people:\n    be-coached-and-mentored:\n      rating: 3\n", check: true, line: 7, msg: `unknown skill "develop-people" in framework product-leadership`},
		{name: "unknown activity id", data: ratings("      rating: 3\n    be-coached:\n      rating: 3\n"), check: true, line: 10, msg: `unknown activity "be-coached" in skill develop-and-manage-product-people`},
		{name: "id does not match file name", file: "responses/jane-smith.yaml", data: respGood, check: true, line: 3, msg: `participant id "jane-doe" does not match the file name (expected "jane-smith")`},
		{name: "invalid id", file: "elsewhere", data: strings.Replace(respGood, "jane-doe", "Jane_Doe", 1), check: true, line: 3, msg: `participant id "Jane_Doe" is not a valid id`},
		{name: "unknown role", data: strings.Replace(respGood, "product-manager", "cto", 1), check: true, line: 5, msg: `unknown role "cto" (expected one of: associate-product-manager, product-manager, senior-product-manager, lead-product-manager, head-of-product)`},
		{name: "bad email", data: respHead + "  email: jane at example.org\n" + strings.TrimPrefix(respGood, respHead), check: true, line: 6, msg: `participant email: "jane at example.org" is not an email address`},
		{name: "bad name", data: strings.Replace(respGood, "Jane Doe", "\"<Jane>\"", 1), check: true, line: 4, msg: "participant name \"<Jane>\" may not contain <, >"},
	}
	w, f := testWorkshop(), embeddedFramework(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if file == "" {
				file = respFile
			}
			r, ps := ParseResponse(file, []byte(tt.data))
			if !tt.check {
				if r != nil {
					t.Error("a response came back with problems")
				}
				wantProblem(t, ps, file, tt.line, tt.msg)
				return
			}
			if len(ps) != 0 {
				t.Fatalf("ParseResponse: %v", ps.Error())
			}
			wantProblem(t, r.Check(w, f), file, tt.line, tt.msg)
		})
	}
}

// A file that is an empty mapping has every field missing; it must not come
// back as neither a response nor a problem.
func TestParseResponseEmptyMapping(t *testing.T) {
	for _, data := range []string{"{}", "{}\n# comment\n", "schema: 1\nparticipant: {}\nratings: {}\n"} {
		r, ps := ParseResponse(respFile, []byte(data))
		if r != nil || len(ps) == 0 {
			t.Errorf("%q: got response %v and problems %v", data, r, ps)
		}
	}
	_, ps := ParseResponse(respFile, []byte("schema: 1\nparticipant: {}\nratings: {}\n"))
	var msgs []string
	for _, p := range ps {
		if p.Line != 2 {
			t.Errorf("problem not on line 2: %s", p)
		}
		msgs = append(msgs, p.Msg)
	}
	want := []string{`participant has no "id"`, `participant has no "name"`, `participant has no "role"`}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("got %q\nwant %q", msgs, want)
	}
}

func TestParseResponseReportsEveryProblem(t *testing.T) {
	data := "schema: two\nparticipant:\n  id: jane-doe\n  role: product-manager\n  role: product-manager\nratings:\n  s:\n    a:\n      rating: 2.5\n      note: [x]\n    b:\n      rating: x\n"
	_, ps := ParseResponse(respFile, []byte(data))
	want := []int{1, 5, 3, 9, 10, 12}
	var got []int
	for _, p := range ps {
		got = append(got, p.Line)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problem lines %v, want %v:\n%v", got, want, ps.Error())
	}
}

func TestCheckSortsProblems(t *testing.T) {
	data := "schema: 1\nparticipant:\n  id: jane-doe\n  name: Jane Doe\n  role: cto\nratings:\n" +
		"  understand-your-organisation:\n    nope:\n      rating: 1\n" +
		"  develop-and-manage-product-people:\n    be-coached-and-mentored:\n      rating: 9\n"
	r, ps := ParseResponse("responses/someone-else.yaml", []byte(data))
	if len(ps) != 0 {
		t.Fatal(ps)
	}
	ps = r.Check(testWorkshop(), embeddedFramework(t))
	var got []int
	for _, p := range ps {
		got = append(got, p.Line)
	}
	if want := []int{3, 5, 8, 12}; !reflect.DeepEqual(got, want) {
		t.Errorf("problem lines %v, want %v:\n%v", got, want, ps.Error())
	}
	if !strings.HasPrefix(ps.Error(), "responses/someone-else.yaml:3: participant id") || strings.Count(ps.Error(), "\n") != 3 {
		t.Errorf("Error() = %q", ps.Error())
	}
}

func TestUnansweredRatings(t *testing.T) {
	for _, v := range []string{"rating:\n", "rating: \"\"\n", "rating: ~\n", "rating: null\n", "rating: ''\n", "rating: \"  \"\n", "rating:   # not sure yet\n"} {
		data := respHead + "ratings:\n  develop-and-manage-product-people:\n    be-coached-and-mentored:\n      " + v + "      note: ask Sam\n"
		r, ps := ParseResponse(respFile, []byte(data))
		if len(ps) != 0 {
			t.Errorf("%q: %v", v, ps.Error())
			continue
		}
		a := r.Answer("develop-and-manage-product-people", "be-coached-and-mentored")
		if a == nil || a.Rating != nil || a.Note != "ask Sam" || r.Answered() != 0 {
			t.Errorf("%q: answer %+v, answered %d", v, a, r.Answered())
		}
		if ps := r.Check(testWorkshop(), embeddedFramework(t)); len(ps) != 0 {
			t.Errorf("%q: Check: %v", v, ps.Error())
		}
	}
	// No answers at all, in each way a file can say so.
	for _, body := range []string{"ratings:\n", "ratings: {}\n", "ratings:\n  develop-and-manage-product-people:\n", "ratings:\n  develop-and-manage-product-people:\n    be-coached-and-mentored:\n"} {
		r, ps := ParseResponse(respFile, []byte(respHead+body))
		if len(ps) != 0 {
			t.Errorf("%q: %v", body, ps.Error())
			continue
		}
		if r.Answered() != 0 {
			t.Errorf("%q: Answered() = %d", body, r.Answered())
		}
	}
}

func TestRenderParseRoundTrip(t *testing.T) {
	w, f := testWorkshop(), embeddedFramework(t)
	tests := []Participant{
		{ID: "sinead-obrien", Name: "Sinéad O'Brien", Email: "sinead.obrien@example.org", Role: "senior-product-manager"},
		{ID: "jo", Name: "Jo", Role: "head-of-product"},
		{ID: "123", Name: "\"Quoted\" # not a comment: really", Email: "x+y@example.org", Role: "product-manager"},
		{ID: "no", Name: "No", Role: "product-manager"},
		{ID: "odd", Name: "- starts with a dash, ends with a colon:", Role: "product-manager"},
		{ID: "zhang-wei", Name: "张伟 🙂", Role: "product-manager"},
		{ID: "nel", Name: "Odd\u0085chars\u007f\u2028here\uFEFF\u00a0too", Role: "product-manager"},
	}
	notes := []string{
		"",
		`She said "yes", then 'no'.`,
		"line one\nline two\n\ttabbed\r\n",
		"=SUM(A1:A9)",
		"Ünïcödé ✓ — ½ 日本語 🙂",
		"# not a comment",
		"key: value",
		"  leading and trailing spaces  ",
		"back\\slash and <html> & \u2028 \u0085 \x7f \x01 \uFFFE",
		"null",
		"~",
		"3",
	}
	for _, p := range tests {
		t.Run(p.ID, func(t *testing.T) {
			r := NewResponse(p)
			i := 0
			for _, s := range f.Skills {
				r.Ratings[s.ID] = map[string]*Answer{}
				for _, a := range s.Activities {
					ans := &Answer{Note: notes[i%len(notes)]}
					if i%4 != 3 {
						ans.Rating = intp(i % 5)
					}
					r.Ratings[s.ID][a.ID] = ans
					i++
				}
			}
			data := RenderResponse(w, f, r)
			got, ps := ParseResponse(ResponsePath(p.ID), data)
			if len(ps) != 0 {
				t.Fatalf("ParseResponse: %v\n%s", ps.Error(), data)
			}
			if got.Participant != p {
				t.Errorf("participant\n got %+v\nwant %+v", got.Participant, p)
			}
			if got.Schema != ResponseSchema || got.File != ResponsePath(p.ID) {
				t.Errorf("schema %d file %q", got.Schema, got.File)
			}
			sameAnswers(t, f, r, got)
			if got.Answered() != r.Answered() || got.Answered() != 23 {
				t.Errorf("answered %d, want %d", got.Answered(), r.Answered())
			}
			if ps := got.Check(w, f); len(ps) != 0 {
				t.Errorf("Check: %v", ps.Error())
			}
			if again := RenderResponse(w, f, got); string(again) != string(data) {
				t.Errorf("render, parse, render is not stable:\n%s\n---\n%s", data, again)
			}
		})
	}
}

// sameAnswers compares the answers of two responses for every activity of
// the framework.
func sameAnswers(t *testing.T, f *Framework, want, got *Response) {
	t.Helper()
	for _, s := range f.Skills {
		for _, a := range s.Activities {
			w, g := want.Answer(s.Key(), a.ID), got.Answer(s.Key(), a.ID)
			wr, wn := answerParts(w)
			gr, gn := answerParts(g)
			if wr != gr || wn != gn {
				t.Errorf("%s/%s: got rating %s note %q, want rating %s note %q", s.ID, a.ID, gr, gn, wr, wn)
			}
		}
	}
}

func answerParts(a *Answer) (rating, note string) {
	rating = "none"
	if a == nil {
		return rating, ""
	}
	if a.Rating != nil {
		rating = strconv.Itoa(*a.Rating)
	}
	return rating, a.Note
}

func TestCheckResponse(t *testing.T) {
	w, f := testWorkshop(), embeddedFramework(t)
	r, ps := CheckResponse(respFile, []byte(respGood), w, f)
	if r == nil || len(ps) != 0 || r.Answered() != 1 {
		t.Fatalf("good file: %v, %v", r, ps)
	}

	// Problems of form and of fit, in one go and in line order; the
	// response still says whose file it is.
	data := strings.Replace(respGood, "product-manager", "cto", 1)
	data = strings.Replace(data, "rating: 3", "rating: 2.5", 1) + "  nope:\n"
	r, ps = CheckResponse(respFile, []byte(data), w, f)
	var got []string
	for _, p := range ps {
		got = append(got, strconv.Itoa(p.Line)+": "+p.Msg)
	}
	want := []string{
		`5: unknown role "cto" (expected one of: associate-product-manager, product-manager, senior-product-manager, lead-product-manager, head-of-product)`,
		`9: rating for be-coached-and-mentored should be a whole number on the scale, or empty; not the value "2.5"`,
		`11: unknown skill "nope" in framework product-leadership`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if r == nil || r.Participant.ID != "jane-doe" {
		t.Errorf("response %v", r)
	}

	// Nobody to name: no response.
	for _, data := range []string{"schema: 1\nratings:\n", "not: [valid\n", "{}", "schema: 1\nparticipant:\n  name: Jo\nratings:\n"} {
		r, ps := CheckResponse(respFile, []byte(data), w, f)
		if r != nil || len(ps) == 0 {
			t.Errorf("%q: response %v, problems %v", data, r, ps)
		}
	}
}

func TestCountCompletion(t *testing.T) {
	fw := &Framework{Skills: []Skill{{ID: "s", Activities: []Activity{{ID: "a"}, {ID: "b"}}}}}
	three := 3
	resp := func(ids ...string) *Response {
		r := &Response{Ratings: map[string]map[string]*Answer{"s": {}}}
		for _, id := range ids {
			r.Ratings["s"][id] = &Answer{Rating: &three}
		}
		return r
	}
	c := CountCompletion(fw, []*Response{resp("a", "b"), resp("a"), resp()}, 2)
	if c != (Completion{Participants: 5, Complete: 1, Partial: 1}) || c.Empty() != 3 {
		t.Fatalf("got %+v, empty %d", c, c.Empty())
	}
}

// A key written with no space after its colon is reported on its own line,
// with the fix, wherever in an activity it is.
func TestColonSlip(t *testing.T) {
	head := "schema: 1\nparticipant:\n  id: jane\n  name: Jane\n  email: jane@example.org\n  role: pm\nratings:\n  skill:\n    act:\n"
	for _, tc := range []struct{ body, want string }{
		{"      rating:3\n      note: \"\"\n", `f.yaml:10: write "rating: 3" with a space after the colon`},
		{"      rating: 3\n      note:\"led a team\"\n    other:\n      rating: 2\n", `f.yaml:11: write "note: "led a team"" with a space after the colon`},
		{"      rating:3\n    other:\n      rating: 2\n", `f.yaml:10: write "rating: 3" with a space after the colon`},
	} {
		_, ps := ParseResponse("f.yaml", []byte(head+tc.body))
		if len(ps) != 1 || ps[0].String() != tc.want {
			t.Errorf("%q:\n got %v\nwant %s", tc.body, ps, tc.want)
		}
	}
}

// A broken file still says whose it is.
func TestReadParticipantBlock(t *testing.T) {
	data := "schema: 1\r\nparticipant:   # who\n  id: jane-smith\n  name: \"Jane Smith\"  # her name\n  email: Jane@Example.org\n  role: senior-product-manager\nratings:\n  s:\n    a:\n      rating:3\n      note: x\n"
	want := Participant{ID: "jane-smith", Name: "Jane Smith", Email: "Jane@Example.org", Role: "senior-product-manager"}
	if got := ReadParticipantBlock([]byte(data)); got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if got := ReadParticipantBlock([]byte("participant: {id: x}\n  id: y\n")); got != (Participant{}) {
		t.Fatalf("a flow mapping is not a block: got %+v", got)
	}
}
