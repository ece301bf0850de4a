package survey

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/skillmap/skillmap/internal/keptcopy"
)

// ResponseSchema is the response file format version this build writes
// for a workshop of one framework: its answers under "ratings".
const ResponseSchema = 1

// ResponseSchemaSeveral is the response file format version this build
// writes for a workshop of several frameworks: under "frameworks", a
// section per framework laid out as "ratings" is.
const ResponseSchemaSeveral = 2

// ResponsesDir is the folder of a workshop that holds one response file per
// participant.
const ResponsesDir = "responses"

// ResponsePath is where a participant's response file lives in a workshop.
func ResponsePath(id string) string { return ResponsesDir + "/" + id + ".yaml" }

// IDFromPath returns the participant id a response file's name claims, or
// "" when the name is not of the form responses/<id>.yaml.
func IDFromPath(p string) string {
	base := path.Base(p)
	if !strings.HasSuffix(base, ".yaml") {
		return ""
	}
	return strings.TrimSuffix(base, ".yaml")
}

// IsResponseName reports whether a file name in the responses folder is a
// response file: <id>.yaml. <id>.remote.yaml (or .remote-2.yaml) is the
// remote's version that a sync wrote beside a file changed on both sides;
// no id has a dot, so it is never a response.
func IsResponseName(name string) bool {
	return strings.HasSuffix(name, ".yaml") && !strings.HasPrefix(name, ".") && !keptcopy.Is(name)
}

// Participant is a person taking part in a workshop.
type Participant struct {
	ID    string `yaml:"id" json:"id"`
	Name  string `yaml:"name" json:"name"`
	Email string `yaml:"email,omitempty" json:"email,omitempty"`
	Role  string `yaml:"role" json:"role"`
}

// Author is who a participant's commits are written as. A participant with
// no email gets an address that can never be delivered, because a Git
// signature needs one.
func (p Participant) Author() Person {
	email := p.Email
	if email == "" {
		email = p.ID + "@participants.invalid"
	}
	return Person{Name: p.Name, Email: email}
}

// Answer is a participant's answer for one activity.
type Answer struct {
	Rating *int   // nil when not answered
	Note   string // free text, may be empty
	Line   int    // where the activity's entry starts in the file

	ratingLine int
}

// Response is a participant's parsed response file.
type Response struct {
	File        string
	Schema      int
	Participant Participant
	// Ratings maps skill key (Skill.Key) → activity id → answer. As
	// ParseResponse reads a file, the keys are skill ids for a file of
	// schema 1 and "framework/skill" for one of schema 2; checking against
	// a workshop (or KeyedFor) re-keys them to the workshop's keys.
	Ratings map[string]map[string]*Answer
	// Plan is the participant's focus and plan (the "plan" section), nil
	// when the file has none.
	Plan *Plan
	// lines of fields, for problems found after parsing
	lines map[string]int
	// retired holds the file's answers to activities no longer in the
	// framework (its "retired" section), so that re-rendering keeps them.
	retired map[string]map[string]*Answer
	// prefixed says the file has a section per framework (schema 2), so
	// that the keys it was parsed with are "framework/skill".
	prefixed bool
	// parsed is the response as parsed, when this one is KeyedFor's
	// re-keyed copy: what a ParseCache keeps, since the keys of a copy
	// depend on the workshop and the cache's entries must not.
	parsed *Response
}

// KeyedFor returns the response with its answers keyed as f's skills are
// (Skill.Key): r itself when they are already, else a copy. In a workshop
// of several frameworks a key without a framework (a file of the
// one-framework layout, schema 1) is the workshop's first framework's; in
// a workshop of one, the section of its framework (a file of schema 2)
// gives the plain skill ids, and other sections keep their keys, which
// then fit nothing. Keys already right stay as they are, so a response
// built with Skill.Key needs nothing done.
func (r *Response) KeyedFor(f *Framework) *Response {
	var rekey func(string) string
	if f.Several() {
		first := f.Parts()[0].ID + "/"
		rekey = func(k string) string {
			if strings.IndexByte(k, '/') < 0 {
				return first + k
			}
			return k
		}
	} else {
		own := f.ID + "/"
		rekey = func(k string) string { return strings.TrimPrefix(k, own) }
	}
	same := true
	for _, m := range []map[string]map[string]*Answer{r.Ratings, r.retired} {
		for k := range m {
			same = same && rekey(k) == k
		}
	}
	if same {
		return r
	}
	c := *r
	c.parsed = r.original()
	c.lines = make(map[string]int, len(r.lines))
	for k, l := range r.lines {
		if sk, ok := strings.CutPrefix(k, "skill."); ok {
			k = "skill." + rekey(sk)
		}
		c.lines[k] = l
	}
	re := func(m map[string]map[string]*Answer) map[string]map[string]*Answer {
		if m == nil {
			return nil
		}
		out := make(map[string]map[string]*Answer, len(m))
		for k, v := range m {
			out[rekey(k)] = v
		}
		return out
	}
	c.Ratings, c.retired = re(r.Ratings), re(r.retired)
	return &c
}

// original is the response as parsed (see parsed).
func (r *Response) original() *Response {
	if r.parsed != nil {
		return r.parsed
	}
	return r
}

// AnsweredIn counts the activities of one framework of f that have a
// rating; r must be keyed for f (KeyedFor).
func (r *Response) AnsweredIn(f *Framework, framework string) int {
	n := 0
	for _, s := range f.Skills {
		if s.Framework != framework && (s.Framework != "" || framework != f.ID) {
			continue
		}
		for _, a := range s.Activities {
			if ans := r.Answer(s.Key(), a.ID); ans != nil && ans.Rating != nil {
				n++
			}
		}
	}
	return n
}

// Answered counts the activities with a rating.
func (r *Response) Answered() int {
	n := 0
	for _, acts := range r.Ratings {
		for _, a := range acts {
			if a.Rating != nil {
				n++
			}
		}
	}
	return n
}

// Answer returns the answer for an activity, or nil.
func (r *Response) Answer(skill, activity string) *Answer {
	return r.Ratings[skill][activity]
}

// ParseResponse reads a response file. It reports every problem of form it
// can find (bad YAML, wrong types, missing fields), each with its line; the
// response is nil when there are any. Whether the ids and ratings fit the
// workshop is Check's job.
func ParseResponse(file string, data []byte) (*Response, Problems) {
	r, ps := parseResponse(file, data)
	if len(ps) > 0 {
		return nil, ps
	}
	return r, nil
}

// CheckResponse parses a response file and checks it against a workshop,
// reporting every problem in one go: those of form and, for the parts that
// could be read, those of fit. The response is returned whenever the
// participant could be read, even with problems, so callers can say whose
// file it is.
func CheckResponse(file string, data []byte, w *Workshop, f *Framework) (*Response, Problems) {
	return checkData(file, data, w, f, nil)
}

// checkData is CheckResponse with the framework's ids indexed by the
// caller, which checks many files (nil: indexed here, if needed).
func checkData(file string, data []byte, w *Workshop, f *Framework, ids frameworkIDs) (*Response, Problems) {
	r, ps := parseResponse(file, data)
	if r == nil {
		return nil, ps
	}
	return checkParsed(r, ps, w, f, ids)
}

// checkParsed is CheckResponse for a file already parsed, with the
// problems of form parsing found.
func checkParsed(r *Response, ps Problems, w *Workshop, f *Framework, ids frameworkIDs) (*Response, Problems) {
	// With problems of form, the response is partial: add only the problems
	// of fit on lines not already reported (a missing field, line 0, has
	// been reported as missing).
	lines := map[int]bool{}
	for _, p := range ps {
		lines[p.Line] = true
	}
	if ids == nil {
		ids = f.buildIDs()
	}
	r = r.KeyedFor(f)
	for _, p := range r.check(w, f, ids) {
		if len(ps) == 0 || p.Line > 0 && !lines[p.Line] {
			ps = append(ps, p)
		}
	}
	sortProblems(ps)
	if r.Participant.ID == "" {
		return nil, ps
	}
	return r, ps
}

// parseResponse is ParseResponse, returning what it could read of the
// response (nil if not even the top level) along with the problems.
func parseResponse(file string, data []byte) (*Response, Problems) {
	bad := func(line int, format string, a ...any) Problems {
		return Problems{problemf(file, line, format, a...)}
	}
	if len(data) > MaxFileSize {
		return nil, bad(0, "file is %d bytes; the limit is %d", len(data), MaxFileSize)
	}
	if !utf8.Valid(data) {
		return nil, bad(firstInvalidLine(data), "not UTF-8 text (save the file as UTF-8)")
	}
	i, plainASCII := scanText(data)
	if i >= 0 {
		// The YAML library says so too, but without a line.
		r, _ := utf8.DecodeRune(data[i:])
		return nil, bad(1+bytes.Count(data[:i], []byte("\n")), controlCharacter, r)
	}
	if r := parseFast(file, data, !plainASCII); r != nil {
		return r, nil
	}
	return parseYAML(file, data)
}

// parseYAML is ParseResponse for any file: it builds the YAML node tree and
// reports every problem it finds in it.
func parseYAML(file string, data []byte) (*Response, Problems) {
	bad := func(line int, format string, a ...any) Problems {
		return Problems{problemf(file, line, format, a...)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlProblems(file, data, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, bad(0, "file is empty")
	}
	root := doc.Content[0]
	p := &parser{file: file}
	r := &Response{File: file, Ratings: map[string]map[string]*Answer{}, lines: map[string]int{}}
	top := p.mapping(root, "the file")
	if len(p.ps) > 0 {
		// Not a mapping. (An empty mapping, "{}", goes on to report the
		// missing fields rather than return neither response nor problems.)
		return nil, p.ps
	}
	seen := map[string]int{}
	for _, kv := range top {
		seen[kv[0].Value] = kv[0].Line
	}
	// The layout of the answers: one framework's ("ratings", schema 1) or
	// a section per framework ("frameworks", schema 2).
	_, r.prefixed = seen["frameworks"]
	answers := "ratings"
	if r.prefixed {
		answers = "frameworks"
	}
	for _, kv := range top {
		k, v := kv[0], kv[1]
		switch k.Value {
		case "schema":
			n, ok := p.int(v, "schema")
			switch {
			case !ok:
			case n != ResponseSchema && n != ResponseSchemaSeveral:
				p.add(v.Line, "schema is %d; this skillmap reads response schemas %d and %d", n, ResponseSchema, ResponseSchemaSeveral)
			case n == ResponseSchema && r.prefixed:
				p.add(v.Line, "schema is 1 but the file has a section per framework (frameworks:); write schema: 2")
			case n == ResponseSchemaSeveral && !r.prefixed:
				p.add(v.Line, "schema is 2 but the file has no frameworks section; a file of one framework has schema: 1 and ratings:")
			}
			r.Schema = n
		case "participant":
			p.participant(v, r)
		case "ratings":
			if r.prefixed {
				p.add(k.Line, "the file has both ratings (one framework) and frameworks (a section per framework); put the answers under frameworks")
				continue
			}
			p.ratings(v, r, "ratings", "", r.Ratings)
		case "plan":
			p.plan(k, v, r)
		case "frameworks":
			p.frameworks(v, r, "frameworks", r.Ratings)
		case "retired":
			// Answers to activities a framework upgrade removed: kept, not
			// rated, and written out again by RenderResponse.
			r.retired = map[string]map[string]*Answer{}
			if r.prefixed {
				p.frameworks(v, r, "retired", r.retired)
			} else {
				p.ratings(v, r, "retired", "", r.retired)
			}
		default:
			if r.prefixed {
				p.add(k.Line, "unknown field %q (expected schema, participant, frameworks, plan)", k.Value)
			} else {
				p.add(k.Line, "unknown field %q (expected schema, participant, ratings, plan)", k.Value)
			}
		}
	}
	for _, f := range []string{"schema", "participant", answers} {
		if _, ok := seen[f]; !ok {
			p.add(root.Line, "missing field %q", f)
		}
	}
	return r, p.ps
}

// frameworks reads a section of answers by framework (frameworks, or
// retired in a file of schema 2) into into, keyed "framework/skill".
func (p *parser) frameworks(n *yaml.Node, r *Response, section string, into map[string]map[string]*Answer) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // no frameworks at all: nothing answered
	}
	for _, fkv := range p.mapping(n, section) {
		fw := fkv[0].Value
		if strings.Contains(fw, "/") {
			p.add(fkv[0].Line, "%q is not a framework id (lower-case letters, digits and single hyphens)", clip(fw))
			continue
		}
		if section == "frameworks" {
			r.lines["framework."+fw] = fkv[0].Line
		}
		p.ratings(fkv[1], r, section, fw+"/", into)
	}
}

type parser struct {
	file string
	ps   Problems
}

func (p *parser) add(line int, format string, a ...any) {
	p.ps = append(p.ps, problemf(p.file, line, format, a...))
}

// mapping returns the key/value pairs of a mapping node, refusing anything
// else and duplicate keys.
func (p *parser) mapping(n *yaml.Node, what string) [][2]*yaml.Node {
	if n.Kind == yaml.AliasNode {
		p.add(n.Line, "%s uses a YAML alias; write the value out in full", what)
		return nil
	}
	if n.Kind == yaml.ScalarNode && n.Style == 0 {
		if m := slipRe.FindStringSubmatch(n.Value); m != nil && m[1] == "" {
			p.add(n.Line, "write \"%s: %s\" with a space after the colon", m[2], m[3])
			return nil
		}
	}
	if n.Kind != yaml.MappingNode {
		p.add(n.Line, notMapping, what, kindName(n))
		return nil
	}
	var kvs [][2]*yaml.Node
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode {
			p.add(k.Line, "a key in %s is not a plain name", what)
			continue
		}
		if first, dup := seen[k.Value]; dup {
			p.add(k.Line, appearsTwice, k.Value, what, first)
			continue
		}
		seen[k.Value] = k.Line
		kvs = append(kvs, [2]*yaml.Node{k, n.Content[i+1]})
	}
	return kvs
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "empty"
	}
	return fmt.Sprintf("the value %q", clip(n.Value))
}

func (p *parser) int(n *yaml.Node, what string) (int, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		p.add(n.Line, wholeNumber, what, kindName(n))
		return 0, false
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil {
		p.add(n.Line, wholeNumber, what, kindName(n))
		return 0, false
	}
	return v, true
}

func (p *parser) text(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		p.add(n.Line, textField, what, kindName(n))
		return "", false
	}
	if n.Tag == "!!null" {
		return "", true
	}
	return n.Value, true
}

func (p *parser) participant(n *yaml.Node, r *Response) {
	kvs := p.mapping(n, "participant")
	if n.Kind != yaml.MappingNode {
		return // reported by mapping; an empty mapping goes on to report what is missing
	}
	seen := map[string]bool{}
	for _, kv := range kvs {
		k, v := kv[0], kv[1]
		seen[k.Value] = true
		s, ok := p.text(v, "participant "+k.Value)
		if !ok {
			continue
		}
		r.lines["participant."+k.Value] = v.Line
		switch k.Value {
		case "id":
			r.Participant.ID = s
		case "name":
			r.Participant.Name = s
		case "email":
			r.Participant.Email = s
		case "role":
			r.Participant.Role = s
		default:
			p.add(k.Line, "unknown participant field %q (expected id, name, email, role)", k.Value)
		}
	}
	for _, f := range []string{"id", "name", "role"} {
		if !seen[f] {
			p.add(n.Line, "participant has no %q", f)
		}
	}
}

// ratings reads a section of answers (ratings or retired, or one
// framework's under frameworks) into into, each skill's key prefixed.
func (p *parser) ratings(n *yaml.Node, r *Response, section, prefix string, into map[string]map[string]*Answer) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // no skills at all: nothing answered
	}
	what := section
	if prefix != "" {
		what = "framework " + strings.TrimSuffix(prefix, "/")
	}
	for _, skv := range p.mapping(n, what) {
		skill := prefix + skv[0].Value
		acts := map[string]*Answer{}
		into[skill] = acts
		if section != "retired" {
			r.lines["skill."+skill] = skv[0].Line
		}
		if skv[1].Kind == yaml.ScalarNode && skv[1].Tag == "!!null" {
			continue
		}
		for _, akv := range p.mapping(skv[1], "skill "+skv[0].Value) {
			act := akv[0].Value
			a := &Answer{Line: akv[0].Line}
			acts[act] = a
			if akv[1].Kind == yaml.ScalarNode && akv[1].Tag == "!!null" {
				continue // "activity:" with nothing under it: not answered
			}
			for _, fkv := range p.mapping(akv[1], "activity "+act) {
				k, v := fkv[0], fkv[1]
				switch k.Value {
				case "rating":
					p.rating(v, a, act)
				case "note":
					if s, ok := p.text(v, "note"); ok {
						a.Note = s
					}
				default:
					p.add(k.Line, "unknown field %q in activity %s (expected rating, note)", k.Value, act)
				}
			}
		}
	}
}

func (p *parser) rating(v *yaml.Node, a *Answer, act string) {
	if v.Kind == yaml.ScalarNode {
		switch {
		case v.Tag == "!!null", v.Tag == "!!str" && strings.TrimSpace(v.Value) == "":
			return
		case v.Tag == "!!int":
			if n, err := strconv.Atoi(v.Value); err == nil {
				a.Rating = &n
				a.ratingLine = v.Line
				return
			}
		}
	}
	if v.Kind == yaml.ScalarNode && v.Tag == "!!str" {
		if _, err := strconv.Atoi(strings.TrimSpace(v.Value)); err == nil {
			p.add(v.Line, ratingInQuotes, act, strings.TrimSpace(v.Value))
			return
		}
	}
	p.add(v.Line, ratingNotNumber, act, kindName(v))
}

// yamlRefuses reports the characters YAML refuses anywhere in a file.
func yamlRefuses(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' ||
		r >= 0x7f && r <= 0x9f && r != 0x85 || r == 0xfffe || r == 0xffff
}

// scanText returns the index of the first character YAML refuses (see
// yamlRefuses), or -1; and whether data is plain ASCII without a carriage
// return, which the fast path need not search for line breaks. It reads
// ASCII a byte at a time, which is most files, and so costs a fraction of
// bytes.IndexFunc.
func scanText(data []byte) (refused int, plainASCII bool) {
	plainASCII = true
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c >= 0x20 && c < 0x7f || c == '\n' || c == '\t':
			i++
			continue
		case c == '\r':
			plainASCII = false
			i++
			continue
		case c < 0x80:
			return i, plainASCII
		}
		plainASCII = false
		r, size := utf8.DecodeRune(data[i:])
		if yamlRefuses(r) {
			return i, false
		}
		i += size
	}
	return -1, plainASCII
}

func firstInvalidLine(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size == 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

// Check reports where a parsed response does not fit its workshop: an id
// that does not match the file name, an unknown role, unknown skill or
// activity ids, ratings off the scale.
func (r *Response) Check(w *Workshop, f *Framework) Problems {
	return r.KeyedFor(f).check(w, f, f.buildIDs())
}

// check is Check with the framework's ids indexed, so that it costs a map
// lookup per answer: linear in the size of the response.
func (r *Response) check(w *Workshop, f *Framework, ids frameworkIDs) Problems {
	if r.fits(w, f, ids) {
		return nil
	}
	return r.problems(w, f, ids)
}

// problems is Check, the long way.
func (r *Response) problems(w *Workshop, f *Framework, ids frameworkIDs) Problems {
	var ps Problems
	bad := func(line int, format string, a ...any) {
		ps = append(ps, problemf(r.File, line, format, a...))
	}
	pt := r.Participant
	if !ValidID(pt.ID) {
		bad(r.lines["participant.id"], "participant id %q is not a valid id (lower-case letters, digits and single hyphens)", pt.ID)
	} else if want := IDFromPath(r.File); want != "" && want != pt.ID {
		bad(r.lines["participant.id"], "participant id %q does not match the file name (expected %q)", pt.ID, want)
	}
	if err := CheckName(pt.Name); err != nil {
		bad(r.lines["participant.name"], "participant %v", err)
	}
	if pt.Email != "" {
		if err := CheckEmail(pt.Email); err != nil {
			bad(r.lines["participant.email"], "participant email: %v", err)
		}
	}
	if w.Role(pt.Role) == nil {
		bad(r.lines["participant.role"], unknownRole, pt.Role, strings.Join(w.RoleIDs(), ", "))
	}
	lo, hi := w.ScaleRange()
	// Sections of frameworks the workshop does not have, or does not ask
	// of the participant's role level: reported once each, at the section.
	badFramework := map[string]bool{}
	for _, fw := range r.sections() {
		switch {
		case f.Part(fw) == nil:
			badFramework[fw] = true
			bad(r.lines["framework."+fw], "unknown framework %q (the workshop's frameworks: %s)", fw, strings.Join(partIDs(f), ", "))
		case w.Role(pt.Role) != nil && !w.Asked(pt.Role, fw):
			badFramework[fw] = true
			bad(r.lines["framework."+fw], "role level %s is not asked framework %s: remove its section", pt.Role, fw)
		}
	}
	for _, skill := range sortedKeys(r.Ratings) {
		known, ok := ids[skill]
		fw, id := SplitKey(skill)
		if badFramework[fw] {
			continue
		}
		if !ok {
			if fw == "" {
				fw = f.ID
			}
			bad(r.lines["skill."+skill], "unknown skill %q in framework %s", id, fw)
			continue
		}
		if f.Several() && w.Role(pt.Role) != nil && !w.Asked(pt.Role, fw) {
			// Answers of the one-framework layout, to a first framework
			// this role level is not asked.
			badFramework[fw] = true
			bad(r.lines["skill."+skill], "role level %s is not asked framework %s", pt.Role, fw)
			continue
		}
		acts := r.Ratings[skill]
		for _, act := range sortedKeys(acts) {
			a := acts[act]
			if !known[act] {
				if fw != "" {
					bad(a.Line, "unknown activity %q in skill %s of framework %s", act, id, fw)
				} else {
					bad(a.Line, "unknown activity %q in skill %s", act, skill)
				}
				continue
			}
			if a.Rating != nil && !w.OnScale(*a.Rating) {
				bad(a.ratingLine, ratingOffScale, *a.Rating, act, lo, hi)
			}
		}
	}
	ps = append(ps, r.checkPlan(w, f, ids)...)
	sortProblems(ps)
	return ps
}

// sections lists the frameworks the file has a section for, sorted.
func (r *Response) sections() []string {
	var out []string
	for k := range r.lines {
		if fw, ok := strings.CutPrefix(k, "framework."); ok {
			out = append(out, fw)
		}
	}
	slices.Sort(out)
	return out
}

func partIDs(f *Framework) []string {
	var ids []string
	for _, p := range f.Parts() {
		ids = append(ids, p.ID)
	}
	return ids
}

// fits reports whether Check would find nothing, without the sorting and
// formatting Check does to report what it finds: most files fit, and a
// report checks thousands.
func (r *Response) fits(w *Workshop, f *Framework, ids frameworkIDs) bool {
	pt := r.Participant
	if !ValidID(pt.ID) || IDFromPath(r.File) != "" && IDFromPath(r.File) != pt.ID ||
		CheckName(pt.Name) != nil || pt.Email != "" && CheckEmail(pt.Email) != nil || w.Role(pt.Role) == nil {
		return false
	}
	for k := range r.lines {
		if fw, ok := strings.CutPrefix(k, "framework."); ok && !w.Asked(pt.Role, fw) {
			return false
		}
	}
	for skill, acts := range r.Ratings {
		known, ok := ids[skill]
		if !ok {
			return false
		}
		if fw, _ := SplitKey(skill); fw != "" && !w.Asked(pt.Role, fw) {
			return false
		}
		for act, a := range acts {
			if !known[act] || a.Rating != nil && !w.OnScale(*a.Rating) {
				return false
			}
		}
	}
	return r.planFits(w, f, ids)
}
