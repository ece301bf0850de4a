package survey

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// AnswerEdit is a new answer to one activity. Skill is the key of the
// skill's answers as the file holds them: the skill id in a file of schema
// 1, "framework/skill" in one of schema 2 (EditResponse takes Skill.Key
// and works out which).
type AnswerEdit struct {
	Skill, Activity string
	Rating          *int // nil: no rating
	Note            string
}

// EditMode says how EditAnswers changed a file.
type EditMode int

// How EditAnswers changed a file.
const (
	// Unchanged: every answer was as edited already.
	Unchanged EditMode = iota
	// InPlace: only the values that changed were rewritten, or lines
	// added under an activity; every other byte is as it was.
	InPlace
	// Reencoded: the file's layout was beyond in-place edits (an activity
	// missing, a value over several lines, flow style), so it was written
	// anew from its YAML tree. Comments are kept; spacing and quoting may
	// change.
	Reencoded
)

// EditAnswers returns the text of a response file with some answers
// changed, keeping the participant's own comments and layout: a file is a
// thing a person wrote, and a tool that rewrites it whole loses their
// notes to themselves. Only the rating and note values that differ are
// rewritten, in place; an activity with nothing under it gets its rating
// and note lines. When that is not possible, the file is re-encoded from
// its YAML tree. Either way the result is parsed back and checked to hold
// exactly the old answers with the edits applied (the retired section and
// the participant unchanged), or an error is returned and nothing is lost.
// data must be a response file ParseResponse accepts.
// A file with CRLF line endings (a Windows editor, core.autocrlf) keeps
// them.
func EditAnswers(file string, data []byte, edits []AnswerEdit) ([]byte, EditMode, error) {
	if allCRLF(data) {
		out, mode, err := editAnswers(file, bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), edits)
		if err != nil {
			return nil, mode, err
		}
		if mode == Unchanged {
			return data, mode, nil
		}
		return bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n")), mode, nil
	}
	return editAnswers(file, data, edits)
}

// allCRLF says whether data has lines and every one ends in CRLF.
func allCRLF(data []byte) bool {
	n := bytes.Count(data, []byte("\n"))
	return n > 0 && bytes.Count(data, []byte("\r\n")) == n
}

func editAnswers(file string, data []byte, edits []AnswerEdit) ([]byte, EditMode, error) {
	r, ps := ParseResponse(file, data)
	if len(ps) > 0 {
		return nil, Unchanged, ps
	}
	var todo []AnswerEdit
	for _, e := range edits {
		if fw, _ := fileKey(r.prefixed, e.Skill); r.prefixed && fw == "" {
			return nil, Unchanged, fmt.Errorf("%s has a section per framework: the answer to %s/%s needs its framework (framework/skill)", file, e.Skill, e.Activity)
		}
		e.Note = strings.ToValidUTF8(e.Note, "\uFFFD")
		if !sameAnswer(r.Answer(e.Skill, e.Activity), e.Rating, e.Note) {
			todo = append(todo, e)
		}
	}
	if len(todo) == 0 {
		return data, Unchanged, nil
	}
	if out, ok := editInPlace(data, r, todo); ok {
		if err := checkEdited(file, data, out, r, todo); err == nil {
			return out, InPlace, nil
		}
	}
	out, err := editTree(data, r.prefixed, todo)
	if err != nil {
		return nil, Unchanged, err
	}
	if err := checkEdited(file, data, out, r, todo); err != nil {
		return nil, Unchanged, fmt.Errorf("%s: could not write the answers into the file: %w", file, err)
	}
	return out, Reencoded, nil
}

func sameAnswer(a *Answer, rating *int, note string) bool {
	var have *int
	haveNote := ""
	if a != nil {
		have, haveNote = a.Rating, a.Note
	}
	if (have == nil) != (rating == nil) || have != nil && *have != *rating {
		return false
	}
	return haveNote == note
}

// checkEdited checks that out holds r's answers with the edits applied,
// r's participant, and the retired answers of before.
func checkEdited(file string, before, out []byte, r *Response, edits []AnswerEdit) error {
	got, ps := ParseResponse(file, out)
	if len(ps) > 0 {
		return ps
	}
	if got.Participant != r.Participant || got.Schema != r.Schema {
		return errors.New("the participant or schema changed")
	}
	if !got.Plan.Equal(r.Plan) {
		return errors.New("the plan changed")
	}
	want := map[[2]string][2]string{}
	show := func(a *Answer) [2]string {
		if a == nil || a.Rating == nil && a.Note == "" {
			return [2]string{}
		}
		v := ""
		if a.Rating != nil {
			v = strconv.Itoa(*a.Rating)
		}
		return [2]string{v, a.Note}
	}
	for s, acts := range r.Ratings {
		for a, ans := range acts {
			want[[2]string{s, a}] = show(ans)
		}
	}
	for _, e := range edits {
		want[[2]string{e.Skill, e.Activity}] = show(&Answer{Rating: e.Rating, Note: e.Note})
	}
	for s, acts := range got.Ratings {
		for a, ans := range acts {
			k := [2]string{s, a}
			if show(ans) != want[k] {
				return fmt.Errorf("%s/%s reads back as %q, want %q", s, a, show(ans), want[k])
			}
			delete(want, k)
		}
	}
	for k, v := range want {
		if v != [2]string{} {
			return fmt.Errorf("%s/%s is missing", k[0], k[1])
		}
	}
	oldRet, ps1 := ReadRetired(file, before)
	newRet, ps2 := ReadRetired(file, out)
	if len(ps1)+len(ps2) > 0 || fmt.Sprint(flatAnswers(oldRet)) != fmt.Sprint(flatAnswers(newRet)) {
		return errors.New("the retired answers changed")
	}
	return nil
}

func flatAnswers(m map[string]map[string]*Answer) []string {
	var out []string
	for _, s := range sortedKeys(m) {
		for _, a := range sortedKeys(m[s]) {
			ans := m[s][a]
			v := "-"
			if ans.Rating != nil {
				v = strconv.Itoa(*ans.Rating)
			}
			out = append(out, s+"/"+a+"="+v+"/"+ans.Note)
		}
	}
	return out
}

// fileKey is where a key of Ratings is in a file: in a file of schema 2
// (prefixed), the framework's section and the skill; in a file of schema
// 1, the key is the skill, under ratings.
func fileKey(prefixed bool, key string) (framework, skill string) {
	if !prefixed {
		return "", key
	}
	return SplitKey(key)
}

// textLines is a file as lines, to edit some of them and add others.
type textLines struct {
	lines   []string         // without line ends
	replace map[int]string   // 0-based line → new text
	insert  map[int][]string // new lines to put before a 0-based line
	eol     string           // "\n" or "\r\n", as the file has it
	final   bool             // the file ends with a line end
}

func splitLines(data []byte) *textLines {
	t := &textLines{replace: map[int]string{}, insert: map[int][]string{}, eol: "\n"}
	if bytes.Contains(data, []byte("\r\n")) {
		t.eol = "\r\n"
	}
	s := string(data)
	t.final = strings.HasSuffix(s, "\n")
	s = strings.TrimSuffix(s, "\n")
	for _, l := range strings.Split(s, "\n") {
		t.lines = append(t.lines, strings.TrimSuffix(l, "\r"))
	}
	return t
}

func (t *textLines) join() []byte {
	var b strings.Builder
	for i := 0; i <= len(t.lines); i++ {
		for _, l := range t.insert[i] {
			b.WriteString(l + t.eol)
		}
		if i == len(t.lines) {
			break
		}
		l, ok := t.replace[i]
		if !ok {
			l = t.lines[i]
		}
		b.WriteString(l)
		if i < len(t.lines)-1 || t.final {
			b.WriteString(t.eol)
		}
	}
	return []byte(b.String())
}

// valueSpan finds, on the line of key k, where its single-line scalar value
// v is: the text before the value (up to and including the colon), and
// what follows it (the space and the comment, if any). ok is false for
// anything else: a quoted key, a value on several lines, a block scalar.
func valueSpan(line string, k, v *yaml.Node) (prefix, gap, comment string, ok bool) {
	col := k.Column - 1
	if k.Style != 0 || col < 0 || col > len(line) || !strings.HasPrefix(line[col:], k.Value) ||
		strings.TrimLeft(line[:col], " ") != "" {
		return "", "", "", false
	}
	i := col + len(k.Value)
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if i >= len(line) || line[i] != ':' {
		return "", "", "", false
	}
	start := i + 1
	j := start
	for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
		j++
	}
	end := j
	switch {
	case v.Kind != yaml.ScalarNode:
		return "", "", "", false
	case j == len(line) || line[j] == '#' && j > start:
		if v.Value != "" || v.Tag != "!!null" {
			return "", "", "", false // the value is on a later line
		}
		end = start
	case v.Style == yaml.DoubleQuotedStyle && line[j] == '"':
		end = j + 1
		for end < len(line) && line[end] != '"' {
			if line[end] == '\\' {
				end++
			}
			end++
		}
		if end >= len(line) {
			return "", "", "", false
		}
		end++
	case v.Style == yaml.SingleQuotedStyle && line[j] == '\'':
		end = j + 1
		for end < len(line) && !(line[end] == '\'' && (end+1 == len(line) || line[end+1] != '\'')) {
			if line[end] == '\'' {
				end++
			}
			end++
		}
		if end >= len(line) {
			return "", "", "", false
		}
		end++
	case v.Style == 0:
		for end < len(line) && !(line[end] == '#' && (line[end-1] == ' ' || line[end-1] == '\t')) {
			end++
		}
		if strings.TrimRight(line[j:end], " \t") != v.Value {
			return "", "", "", false // a plain value that goes on
		}
		end = j + len(v.Value)
	default:
		return "", "", "", false
	}
	rest := line[end:]
	trimmed := strings.TrimLeft(rest, " \t")
	if trimmed != "" && trimmed[0] != '#' {
		return "", "", "", false
	}
	return line[:start], rest[:len(rest)-len(trimmed)], trimmed, true
}

// setLine puts a line back together with a new value, keeping its comment.
func setLine(prefix, gap, comment, value string) string {
	out := prefix
	if value != "" {
		out += " " + value
	}
	if comment != "" {
		if gap == "" {
			gap = " "
		}
		out += gap + comment
	}
	return out
}

func entry(m *yaml.Node, key string) (k, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

func ratingText(r *int) string {
	if r == nil {
		return ""
	}
	return strconv.Itoa(*r)
}

// editInPlace rewrites only the values that change. It gives up (ok false)
// on any layout it does not expect; the caller then re-encodes.
func editInPlace(data []byte, r *Response, edits []AnswerEdit) ([]byte, bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		return nil, false
	}
	block := func(n *yaml.Node) bool { return n != nil && n.Kind == yaml.MappingNode && n.Style&yaml.FlowStyle == 0 }
	t := splitLines(data)
	for _, e := range edits {
		fw, skill := fileKey(r.prefixed, e.Skill)
		var ratings *yaml.Node
		if !r.prefixed {
			_, ratings = entry(doc.Content[0], "ratings")
		} else if _, fws := entry(doc.Content[0], "frameworks"); block(fws) {
			_, ratings = entry(fws, fw)
		}
		if !block(ratings) {
			return nil, false
		}
		sk, sv := entry(ratings, skill)
		if !block(sv) {
			return nil, false
		}
		ak, av := entry(sv, e.Activity)
		if ak == nil || ak.Line < 1 || ak.Line > len(t.lines) {
			return nil, false
		}
		old := r.Answer(e.Skill, e.Activity)
		if old == nil {
			old = &Answer{}
		}
		step := ak.Column - sk.Column
		if step <= 0 {
			step = 2
		}
		if isNull(av) {
			// "activity:" with nothing under it: give it its lines.
			prefix, gap, comment, ok := valueSpan(t.lines[ak.Line-1], ak, av)
			if !ok {
				return nil, false
			}
			indent := strings.Repeat(" ", ak.Column-1+step)
			t.replace[ak.Line-1] = setLine(prefix, gap, comment, "")
			t.insert[ak.Line] = append(t.insert[ak.Line],
				strings.TrimRight(indent+"rating: "+ratingText(e.Rating), " "),
				indent+"note: "+quote(e.Note))
			continue
		}
		if !block(av) || len(av.Content) == 0 {
			return nil, false
		}
		first := av.Content[0]
		indent := strings.Repeat(" ", first.Column-1)
		var after int // 0-based line after which a missing note goes
		rk, rv := entry(av, "rating")
		switch {
		case rk != nil:
			prefix, gap, comment, ok := valueSpan(t.lines[rk.Line-1], rk, rv)
			if !ok {
				return nil, false
			}
			if (old.Rating == nil) != (e.Rating == nil) || old.Rating != nil && *old.Rating != *e.Rating {
				t.replace[rk.Line-1] = setLine(prefix, gap, comment, ratingText(e.Rating))
			}
			after = rk.Line
		case e.Rating != nil:
			t.insert[first.Line-1] = append(t.insert[first.Line-1], indent+"rating: "+ratingText(e.Rating))
			after = first.Line - 1
		default:
			after = first.Line - 1
		}
		nk, nv := entry(av, "note")
		switch {
		case old.Note == e.Note:
		case nk != nil:
			prefix, gap, comment, ok := valueSpan(t.lines[nk.Line-1], nk, nv)
			if !ok {
				return nil, false
			}
			t.replace[nk.Line-1] = setLine(prefix, gap, comment, quote(e.Note))
		default:
			t.insert[after] = append(t.insert[after], indent+"note: "+quote(e.Note))
		}
	}
	return t.join(), true
}

// editTree sets the answers in the file's YAML tree and encodes it again,
// adding skills and activities the file lacks.
func editTree(data []byte, prefixed bool, edits []AnswerEdit) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	root := doc.Content[0]
	child := func(m *yaml.Node, key string) *yaml.Node {
		k, v := entry(m, key)
		if k == nil {
			k = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}
			v = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			m.Content = append(m.Content, k, v)
		}
		if v.Kind != yaml.MappingNode {
			*v = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", HeadComment: v.HeadComment, LineComment: v.LineComment, FootComment: v.FootComment}
		}
		v.Style &^= yaml.FlowStyle
		return v
	}
	set := func(m *yaml.Node, key string, v *yaml.Node) {
		k, old := entry(m, key)
		if k == nil {
			m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
			return
		}
		v.HeadComment, v.LineComment, v.FootComment = old.HeadComment, old.LineComment, old.FootComment
		*old = *v
	}
	for _, e := range edits {
		fw, skill := fileKey(prefixed, e.Skill)
		var section *yaml.Node
		if !prefixed {
			section = child(root, "ratings")
		} else {
			section = child(child(root, "frameworks"), fw)
		}
		act := child(child(section, skill), e.Activity)
		if e.Rating != nil {
			set(act, "rating", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(*e.Rating)})
		} else {
			set(act, "rating", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: ""})
		}
		set(act, "note", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: e.Note, Style: yaml.DoubleQuotedStyle})
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// EditResponse is EditAnswers for a workshop: edits name skills by their
// key in f (Skill.Key), and the file may be of either layout. A file of
// the one-framework layout in a workshop of several is edited in place
// while the edits touch only the first framework, whose answers it holds;
// an edit to another framework has no place in it, so the file is then
// written anew in the layout of several (mode Reencoded: every answer and
// retired answer kept, the participant's own comments not).
func EditResponse(file string, data []byte, w *Workshop, f *Framework, edits []AnswerEdit) ([]byte, EditMode, error) {
	r, ps := ParseResponse(file, data)
	if len(ps) > 0 {
		return nil, Unchanged, ps
	}
	several := f.Several()
	inFile := make([]AnswerEdit, 0, len(edits))
	fits := true
	for _, e := range edits {
		switch {
		case several && !r.prefixed: // a file of schema 1: the first framework's answers
			rest, ok := strings.CutPrefix(e.Skill, f.Parts()[0].ID+"/")
			fits = fits && ok
			e.Skill = rest
		case !several && r.prefixed: // a file of schema 2 in a workshop of one
			e.Skill = f.ID + "/" + e.Skill
		}
		inFile = append(inFile, e)
	}
	if fits {
		return EditAnswers(file, data, inFile)
	}
	full, ps := ParseForRewrite(file, data)
	if len(ps) > 0 {
		return nil, Unchanged, ps
	}
	full = full.KeyedFor(f)
	for _, e := range edits {
		if full.Ratings[e.Skill] == nil {
			full.Ratings[e.Skill] = map[string]*Answer{}
		}
		full.Ratings[e.Skill][e.Activity] = &Answer{Rating: e.Rating, Note: strings.ToValidUTF8(e.Note, "\uFFFD")}
	}
	out := RenderResponse(w, f, full)
	if allCRLF(data) {
		out = bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n"))
	}
	return out, Reencoded, nil
}

// SetWorkshopFramework returns workshop.yaml's text with its framework id
// changed in place, keeping the facilitator's comments and layout; ok is
// false when the value cannot be changed in place (then re-marshal it).
func SetWorkshopFramework(data []byte, id string) ([]byte, bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		return nil, false
	}
	k, v := entry(doc.Content[0], "framework")
	if k == nil {
		return nil, false
	}
	t := splitLines(data)
	if k.Line < 1 || k.Line > len(t.lines) {
		return nil, false
	}
	prefix, gap, comment, ok := valueSpan(t.lines[k.Line-1], k, v)
	if !ok {
		return nil, false
	}
	t.replace[k.Line-1] = setLine(prefix, gap, comment, scalar(id))
	out := t.join()
	before, err1 := ParseWorkshop(workshopName, data)
	after, err2 := ParseWorkshop(workshopName, out)
	if err1 != nil || err2 != nil || !slices.Equal(after.FrameworkIDs(), []string{id}) {
		return nil, false
	}
	before.Frameworks = []FrameworkUse{{ID: id}}
	if !bytes.Equal(before.Marshal(), after.Marshal()) {
		return nil, false
	}
	return out, true
}

const workshopName = "workshop.yaml"

// OwnComments lists the comments of a response file that skillmap's own
// rendering of it (rendered) does not hold: what a participant wrote for
// themselves, which re-rendering the file would drop.
func OwnComments(file string, data, rendered []byte) Problems {
	have := map[string]int{}
	for _, c := range comments(rendered) {
		have[c.text]++
	}
	var ps Problems
	for _, c := range comments(data) {
		if have[c.text] > 0 {
			have[c.text]--
			continue
		}
		ps = append(ps, Problem{File: file, Line: c.line, Msg: clip(c.text)})
	}
	return ps
}

type commentLine struct {
	line int
	text string
}

// comments finds the comments of a YAML text: a # at the start of a line
// or after white space, outside quotes (which may run over lines).
func comments(data []byte) []commentLine {
	var out []commentLine
	inDouble, inSingle := false, false
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		for i := 0; i < len(line); i++ {
			c := line[i]
			switch {
			case inDouble:
				if c == '\\' {
					i++
				} else if c == '"' {
					inDouble = false
				}
			case inSingle:
				if c == '\'' {
					if i+1 < len(line) && line[i+1] == '\'' {
						i++
					} else {
						inSingle = false
					}
				}
			case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
				out = append(out, commentLine{n + 1, strings.TrimSpace(line[i:])})
				i = len(line)
			case c == '"' && (i == 0 || strings.ContainsRune(" \t:-[{,", rune(line[i-1]))):
				inDouble = true
			case c == '\'' && (i == 0 || strings.ContainsRune(" \t:-[{,", rune(line[i-1]))):
				inSingle = true
			}
		}
	}
	return out
}

// AddWorkshopFramework returns workshop.yaml's text with a framework added
// to it, keeping the facilitator's comments and layout: "framework: ID"
// becomes a list of the two, and an entry is added to a block list of
// frameworks. ok is false when the text cannot be changed so (a list in
// flow style, say); then re-marshal the settings.
func AddWorkshopFramework(data []byte, u FrameworkUse) ([]byte, bool) {
	before, err := ParseWorkshop(workshopName, data)
	if err != nil {
		return nil, false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, false
	}
	root := doc.Content[0]
	item := []string{"  - id: " + u.ID}
	if len(u.Optional) > 0 {
		item = append(item, "    optional: ["+strings.Join(u.Optional, ", ")+"]")
	}
	if len(u.NotAsked) > 0 {
		item = append(item, "    not_asked: ["+strings.Join(u.NotAsked, ", ")+"]")
	}
	t := splitLines(data)
	if k, v := entry(root, "framework"); k != nil {
		if k.Line < 1 || k.Line > len(t.lines) || k.Column != 1 || v.Kind != yaml.ScalarNode || v.Line != k.Line {
			return nil, false
		}
		t.replace[k.Line-1] = "frameworks:"
		t.insert[k.Line] = append([]string{"  - id: " + v.Value}, item...)
	} else if k, v := entry(root, "frameworks"); k != nil && v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0 && k.Column == 1 {
		// Before the key that follows the list, or at the end.
		at := len(t.lines)
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i] == k && i+2 < len(root.Content) {
				at = root.Content[i+2].Line - 1
			}
		}
		// Comments just above the next key stay with it.
		for at > 0 && strings.HasPrefix(strings.TrimSpace(t.lines[at-1]), "#") {
			at--
		}
		if !t.final && at == len(t.lines) {
			return nil, false
		}
		t.insert[at] = append(t.insert[at], item...)
	} else {
		return nil, false
	}
	out := t.join()
	after, err := ParseWorkshop(workshopName, out)
	if err != nil {
		return nil, false
	}
	before.AddFramework(u.ID)
	before.Frameworks[len(before.Frameworks)-1] = u
	if !bytes.Equal(before.Marshal(), after.Marshal()) {
		return nil, false
	}
	return out, true
}

// RenameWorkshopFramework returns workshop.yaml's text with one framework
// of its list given another id, keeping the facilitator's comments and
// layout; ok is false when that cannot be done in place (then re-marshal).
func RenameWorkshopFramework(data []byte, old, new string) ([]byte, bool) {
	before, err := ParseWorkshop(workshopName, data)
	if err != nil || before.Use(old) == nil {
		return nil, false
	}
	t := splitLines(data)
	at := -1
	for i, l := range t.lines {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "- id:"); ok && strings.TrimSpace(rest) == old {
			if at >= 0 {
				return nil, false // twice: not sure which
			}
			at = i
		}
	}
	if at < 0 {
		return nil, false
	}
	i := strings.LastIndex(t.lines[at], old) // the value: the line ends with it
	t.replace[at] = t.lines[at][:i] + new + t.lines[at][i+len(old):]
	out := t.join()
	after, err := ParseWorkshop(workshopName, out)
	if err != nil {
		return nil, false
	}
	before.Use(old).ID = new
	if !bytes.Equal(before.Marshal(), after.Marshal()) {
		return nil, false
	}
	return out, true
}
