package survey

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Plan is a participant's focus and plan: the optional top-level "plan"
// section of their response file, written by hand or with skillmap take,
// for the conversation with their line manager that the personal report
// prepares. It is as readable as the ratings: by everyone who can read the
// repository.
type Plan struct {
	// Focus lists the activities they mean to work on, in their order.
	Focus []ActivityRef
	// Text is their plan, in their words.
	Text string
	// LineManager optionally names who they talk it through with; a
	// pseudonymous workshop refuses it (it would put a name in the
	// repository).
	LineManager string

	line        int   // of the "plan:" key
	focusLines  []int // of each focus entry
	textLine    int
	managerLine int
}

// ActivityRef names one activity of a workshop's framework: "skill/activity"
// in a response file, or "framework/skill/activity" where a workshop asks
// several frameworks (Framework is empty otherwise).
type ActivityRef struct {
	Framework string `json:"framework_id,omitempty"`
	Skill     string `json:"skill_id"`
	Activity  string `json:"activity_id"`
}

// String is the reference as a response file writes it.
func (a ActivityRef) String() string {
	if a.Framework != "" {
		return a.Framework + "/" + a.Skill + "/" + a.Activity
	}
	return a.Skill + "/" + a.Activity
}

// ParseActivityRef reads "skill/activity" or "framework/skill/activity".
func ParseActivityRef(s string) (ActivityRef, bool) {
	parts := strings.Split(s, "/")
	for _, p := range parts {
		if !ValidID(p) {
			return ActivityRef{}, false
		}
	}
	switch len(parts) {
	case 2:
		return ActivityRef{Skill: parts[0], Activity: parts[1]}, true
	case 3:
		return ActivityRef{Framework: parts[0], Skill: parts[1], Activity: parts[2]}, true
	}
	return ActivityRef{}, false
}

// Empty reports whether a plan says nothing.
func (p *Plan) Empty() bool {
	return p == nil || len(p.Focus) == 0 && p.Text == "" && p.LineManager == ""
}

// Equal reports whether two plans say the same (where each was read from
// does not count); nil and an empty plan are equal.
func (p *Plan) Equal(q *Plan) bool {
	if p.Empty() || q.Empty() {
		return p.Empty() == q.Empty()
	}
	return p.Text == q.Text && p.LineManager == q.LineManager && slices.Equal(p.Focus, q.Focus)
}

// plan reads the "plan" section (YAML path).
func (p *parser) plan(k, n *yaml.Node, r *Response) {
	if isNull(n) {
		return // "plan:" with nothing under it: no plan
	}
	kvs := p.mapping(n, "plan")
	if n.Kind != yaml.MappingNode {
		return
	}
	pl := &Plan{line: k.Line}
	r.Plan = pl
	for _, kv := range kvs {
		k, v := kv[0], kv[1]
		switch k.Value {
		case "focus":
			if isNull(v) {
				continue
			}
			if v.Kind != yaml.SequenceNode {
				p.add(v.Line, "plan focus should be a list of activities (\"- skill/activity\" lines), not %s", kindName(v))
				continue
			}
			if len(v.Content) > MaxFocus*4 {
				// Far over the limit: say so once rather than read on.
				p.add(v.Line, "plan focus lists %d activities; the limit is %d", len(v.Content), MaxFocus)
				continue
			}
			for _, item := range v.Content {
				s, ok := p.text(item, "a plan focus entry")
				if !ok {
					continue
				}
				ref, ok := ParseActivityRef(s)
				if !ok {
					p.add(item.Line, "plan focus entry %q should be skill-id/activity-id", clip(s))
					continue
				}
				pl.Focus = append(pl.Focus, ref)
				pl.focusLines = append(pl.focusLines, item.Line)
			}
		case "text":
			if s, ok := p.text(v, "plan text"); ok {
				pl.Text, pl.textLine = s, v.Line
			}
		case "line_manager":
			if s, ok := p.text(v, "plan line_manager"); ok {
				pl.LineManager, pl.managerLine = s, v.Line
			}
		default:
			p.add(k.Line, "unknown field %q in plan (expected focus, text, line_manager)", k.Value)
		}
	}
}

// checkPlan reports where a plan does not fit its workshop: focus
// activities the framework lacks or named twice, too many of them, a text
// over its limit, a line manager's name that is no name, or one at all in a
// pseudonymous workshop.
func (r *Response) checkPlan(w *Workshop, f *Framework, ids frameworkIDs) Problems {
	pl := r.Plan
	if pl == nil {
		return nil
	}
	var ps Problems
	bad := func(line int, format string, a ...any) {
		ps = append(ps, problemf(r.File, line, format, a...))
	}
	if len(pl.Focus) > MaxFocus {
		bad(pl.line, "the plan has %d focus activities; the limit is %d", len(pl.Focus), MaxFocus)
	}
	seen := map[ActivityRef]bool{}
	for i, ref := range pl.Focus {
		line := pl.focusLines[i]
		switch {
		case !ids.hasRef(f, ref):
			bad(line, "plan focus %q is not an activity of framework %s", ref.String(), f.ID)
		case seen[ref]:
			bad(line, "plan focus %q is listed twice", ref.String())
		}
		seen[ref] = true
	}
	if n := utf8.RuneCountInString(pl.Text); n > MaxPlanText {
		bad(pl.textLine, "the plan text is %d characters long; the limit is %d", n, MaxPlanText)
	}
	if pl.LineManager != "" {
		if w.Pseudonymous {
			bad(pl.managerLine, "this workshop is pseudonymous: leave line_manager out (it would put a name in the repository)")
		} else if err := CheckName(pl.LineManager); err != nil {
			bad(pl.managerLine, "plan line_manager: %v", err)
		}
	}
	return ps
}

// planFits is checkPlan without building its problems.
func (r *Response) planFits(w *Workshop, f *Framework, ids frameworkIDs) bool {
	pl := r.Plan
	if pl == nil {
		return true
	}
	if len(pl.Focus) > MaxFocus || utf8.RuneCountInString(pl.Text) > MaxPlanText {
		return false
	}
	if pl.LineManager != "" && (w.Pseudonymous || CheckName(pl.LineManager) != nil) {
		return false
	}
	for i, ref := range pl.Focus {
		if !ids.hasRef(f, ref) || slices.Contains(pl.Focus[:i], ref) {
			return false
		}
	}
	return true
}

// hasRef reports whether the framework has the activity.
func (ids frameworkIDs) hasRef(f *Framework, ref ActivityRef) bool {
	k, ok := ref.SkillKey(f)
	return ok && ids[k][ref.Activity]
}

// SkillKey is the key (Skill.Key) of the skill the reference names in f,
// the workshop's combined view: in a workshop of one framework the skill
// id (a reference may name that framework); in one of several,
// "framework/skill", a reference without a framework naming the first, as
// an answer in the one-framework layout does (Response.KeyedFor). ok is
// false when the reference names a framework f does not have.
func (a ActivityRef) SkillKey(f *Framework) (key string, ok bool) {
	if !f.Several() {
		return a.Skill, a.Framework == "" || a.Framework == f.ID
	}
	fw := a.Framework
	if fw == "" {
		fw = f.Parts()[0].ID
	}
	if f.Part(fw) == nil {
		return "", false
	}
	return fw + "/" + a.Skill, true
}

// writePlan writes the plan section, with a comment that says what it is
// for and who can read it. A pseudonymous workshop's file has no
// line_manager line to fill in.
func writePlan(b *bytes.Buffer, w *Workshop, pl *Plan) {
	b.WriteString("\n")
	comment(b, "", "Your focus and plan (optional), for the conversation with your line manager: list up to "+
		fmt.Sprint(MaxFocus)+" activities to work on as skill-id/activity-id, and write your plan as the text. "+
		"Everyone who can read this repository can read it, as they can your ratings.")
	b.WriteString("plan:\n")
	if len(pl.Focus) == 0 {
		b.WriteString("  focus:\n")
	} else {
		b.WriteString("  focus:\n")
		for _, ref := range pl.Focus {
			fmt.Fprintf(b, "    - %s\n", ref.String())
		}
	}
	fmt.Fprintf(b, "  text: %s\n", quote(pl.Text))
	if !w.Pseudonymous || pl.LineManager != "" {
		fmt.Fprintf(b, "  line_manager: %s\n", quote(pl.LineManager))
	}
}

// refRe matches a focus entry as RenderResponse writes it, which reads the
// same as a plain YAML scalar.
var refRe = regexp.MustCompile(`^[a-z0-9-]+(/[a-z0-9-]+){1,2}$`)

// EditPlan returns the text of a response file with its plan replaced by
// pl (nil or empty: an empty plan), every other line as it was: the plan
// section is rewritten, or added before the retired section (or at the
// end) when the file has none. The result is parsed back and checked to
// hold the same participant, answers and retired answers, and the new
// plan, or an error is returned and nothing is lost. data must be a
// response file ParseResponse accepts. CRLF line endings are kept.
func EditPlan(file string, w *Workshop, data []byte, pl *Plan) ([]byte, EditMode, error) {
	if allCRLF(data) {
		out, mode, err := editPlan(file, w, bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), pl)
		if err != nil || mode == Unchanged {
			return data, mode, err
		}
		return bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n")), mode, nil
	}
	return editPlan(file, w, data, pl)
}

func editPlan(file string, w *Workshop, data []byte, pl *Plan) ([]byte, EditMode, error) {
	r, ps := ParseResponse(file, data)
	if len(ps) > 0 {
		return nil, Unchanged, ps
	}
	if pl == nil {
		pl = &Plan{}
	}
	if r.Plan.Equal(pl) {
		return data, Unchanged, nil
	}
	if out, ok := planInPlace(w, data, pl); ok && checkPlanEdit(file, data, out, r, pl) == nil {
		return out, InPlace, nil
	}
	// A layout beyond line edits (flow style, the plan on one line): the
	// file is written anew from its YAML tree, comments kept.
	out, err := planTree(w, data, pl)
	if err == nil {
		err = checkPlanEdit(file, data, out, r, pl)
	}
	if err != nil {
		return nil, Unchanged, fmt.Errorf("%s: could not write the plan into the file: %w", file, err)
	}
	return out, Reencoded, nil
}

// planInPlace replaces the plan section's lines, or adds them; ok is false
// for a layout it does not expect.
func planInPlace(w *Workshop, data []byte, pl *Plan) (out []byte, ok bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		return nil, false
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode || root.Style&yaml.FlowStyle != 0 {
		return nil, false
	}
	var block bytes.Buffer
	writePlan(&block, w, pl)
	lines := splitLines(data)
	// The plan's lines: from its key to the next top-level key, less the
	// comments and blank lines at column 0 just before that key, which
	// belong to it.
	start, end, retired := -1, len(lines.lines), -1
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		switch {
		case k.Value == "plan":
			if k.Column != 1 || k.Line < 1 || k.Line > len(lines.lines) {
				return nil, false
			}
			start = k.Line - 1
			if i+2 < len(root.Content) {
				end = root.Content[i+2].Line - 1
			}
		case k.Value == "retired":
			retired = k.Line - 1
		}
	}
	if end < start || end > len(lines.lines) || retired > len(lines.lines) {
		return nil, false
	}
	topComment := func(l string) bool { return l == "" || strings.HasPrefix(l, "#") }
	if start >= 0 {
		for end > start+1 && topComment(lines.lines[end-1]) {
			end--
		}
		// Keep the comment already above the section: write the key on.
		_, keyOn, _ := bytes.Cut(block.Bytes(), []byte("\nplan:\n"))
		for i := start; i < end; i++ {
			lines.replace[i] = "\x00" // dropped below
		}
		lines.replace[start] = "plan:\n" + strings.TrimSuffix(string(keyOn), "\n")
		return dropMarked(lines), true
	}
	at := len(lines.lines)
	if retired >= 0 {
		at = retired
		for at > 0 && topComment(lines.lines[at-1]) {
			at--
		}
	}
	// Each inserted line ends with a line end, which also ends a last
	// line that had none.
	text := strings.TrimSuffix(block.String(), "\n")
	lines.insert[at] = append(lines.insert[at], strings.Split(text, "\n")...)
	return lines.join(), true
}

// planTree writes the plan into the file's YAML tree and encodes it anew.
func planTree(w *Workshop, data []byte, pl *Plan) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("the file is not a mapping")
	}
	root := doc.Content[0]
	root.Style &^= yaml.FlowStyle
	str := func(v string) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v, Style: yaml.DoubleQuotedStyle}
	}
	focus := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, ref := range pl.Focus {
		focus.Content = append(focus.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: ref.String()})
	}
	if len(pl.Focus) == 0 {
		focus = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
	}
	node := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{
		{Kind: yaml.ScalarNode, Tag: "!!str", Value: "focus"}, focus,
		{Kind: yaml.ScalarNode, Tag: "!!str", Value: "text"}, str(pl.Text),
	}}
	if !w.Pseudonymous || pl.LineManager != "" {
		node.Content = append(node.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "line_manager"}, str(pl.LineManager))
	}
	if k, old := entry(root, "plan"); k != nil {
		node.HeadComment, node.LineComment, node.FootComment = old.HeadComment, old.LineComment, old.FootComment
		*old = *node
	} else {
		key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "plan"}
		at := len(root.Content)
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == "retired" {
				at = i
			}
		}
		root.Content = slices.Insert(root.Content, at, key, node)
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

// dropMarked joins lines, leaving out those replaced by "\x00".
func dropMarked(t *textLines) []byte {
	var keep []string
	for i, l := range t.lines {
		if rep, ok := t.replace[i]; ok {
			if rep == "\x00" {
				continue
			}
			l = rep
		}
		keep = append(keep, l)
	}
	s := strings.Join(keep, "\n")
	if t.final {
		s += "\n"
	}
	return []byte(s)
}

// checkPlanEdit checks that out is before with the plan pl and nothing
// else changed.
func checkPlanEdit(file string, before, out []byte, r *Response, pl *Plan) error {
	got, ps := ParseResponse(file, out)
	if len(ps) > 0 {
		return ps
	}
	if got.Participant != r.Participant || got.Schema != r.Schema {
		return errors.New("the participant or schema changed")
	}
	if fmt.Sprint(flatAnswers(got.Ratings)) != fmt.Sprint(flatAnswers(r.Ratings)) {
		return errors.New("the answers changed")
	}
	if !got.Plan.Equal(pl) {
		return errors.New("the plan reads back differently")
	}
	oldRet, ps1 := ReadRetired(file, before)
	newRet, ps2 := ReadRetired(file, out)
	if len(ps1)+len(ps2) > 0 || fmt.Sprint(flatAnswers(oldRet)) != fmt.Sprint(flatAnswers(newRet)) {
		return errors.New("the retired answers changed")
	}
	return nil
}
