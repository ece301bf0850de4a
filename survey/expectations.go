package survey

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Expectation is one entry of workshop.yaml's expectations: the rating
// each role level named is expected to reach on every activity of a skill,
// or on one activity. An activity's own entry wins over its skill's. A
// facilitator writes them by hand, one line of roles per skill:
//
//	expectations:
//	  - skill: strategy
//	    expected: {product-manager: 2, senior-product-manager: 3}
//	  - activity: set-the-vision
//	    expected: {senior-product-manager: 4}
//
// Framework names the framework of the skill or activity, needed only
// where a workshop's frameworks use the same id.
type Expectation struct {
	Framework string      `yaml:"framework,omitempty" json:"framework,omitempty"`
	Skill     string      `yaml:"skill,omitempty" json:"skill,omitempty"`
	Activity  string      `yaml:"activity,omitempty" json:"activity,omitempty"`
	Expected  RoleRatings `yaml:"expected" json:"expected"`

	line int // where the entry starts in workshop.yaml, for problems
}

// RoleRating is the rating one role level is expected to reach.
type RoleRating struct {
	Role   string `json:"role"`
	Rating int    `json:"rating"`

	line int
}

// RoleRatings are an expectation's ratings by role level, in the order
// written: a YAML mapping of role id to rating.
type RoleRatings []RoleRating

// MaxExpectations caps the entries of expectations: with a skill or an
// activity per entry, more than any workshop's frameworks can have.
const MaxExpectations = 2 * (MaxSkills + MaxActivities)

// maxExpectationProblems is how many problems with expectations are
// listed one by one; the rest are counted, so that a file of thousands of
// mistakes gives a page, not thousands of lines.
const maxExpectationProblems = 20

var expectationKeys = []string{"framework", "skill", "activity", "expected"}

// UnmarshalYAML reads one entry, keeping its line and refusing keys it
// does not know (KnownFields does not reach a custom unmarshaler).
func (e *Expectation) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: an expectation should be a mapping of skill (or activity) and expected", n.Line)
	}
	*e = Expectation{line: n.Line}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		var dst *string
		switch k.Value {
		case "framework":
			dst = &e.Framework
		case "skill":
			dst = &e.Skill
		case "activity":
			dst = &e.Activity
		case "expected":
			if err := v.Decode(&e.Expected); err != nil {
				return err
			}
			continue
		default:
			return fmt.Errorf("line %d: field %s not found in an expectation (it takes %s)", k.Line, clip(k.Value), strings.Join(expectationKeys, ", "))
		}
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			return fmt.Errorf("line %d: %s should be an id", v.Line, k.Value)
		}
		*dst = v.Value
	}
	return nil
}

// MarshalYAML writes an entry with its ratings on one line, as a
// facilitator would write it.
func (e Expectation) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.MappingNode}
	add := func(k string, v *yaml.Node) {
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, v)
	}
	for _, kv := range [][2]string{{"framework", e.Framework}, {"skill", e.Skill}, {"activity", e.Activity}} {
		if kv[1] != "" {
			add(kv[0], &yaml.Node{Kind: yaml.ScalarNode, Value: kv[1]})
		}
	}
	m := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	for _, r := range e.Expected {
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: r.Role},
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(r.Rating)})
	}
	add("expected", m)
	return n, nil
}

// UnmarshalYAML reads role id: rating pairs, keeping each one's line.
func (rs *RoleRatings) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: expected should be a mapping of role id to rating, such as {senior-product-manager: 3}", n.Line)
	}
	*rs = nil
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		var rating int
		if v.Kind != yaml.ScalarNode || v.Tag != "!!int" || v.Decode(&rating) != nil {
			return fmt.Errorf("line %d: the expected rating for %s should be a whole number on the scale, not %s", v.Line, clip(k.Value), clip(v.Value))
		}
		*rs = append(*rs, RoleRating{Role: k.Value, Rating: rating, line: k.Line})
	}
	return nil
}

// MarshalJSON keeps the role order written, as an object would not.
func (rs RoleRatings) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, r := range rs {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%s:%d", strconv.Quote(r.Role), r.Rating)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

// checkExpectations checks what workshop.yaml alone can tell: known role
// levels, ratings on the scale, one target per entry, within the limits.
func (w *Workshop) checkExpectations(file string) (ps Problems) {
	more := 0
	bad := func(line int, format string, a ...any) {
		if len(ps) < maxExpectationProblems {
			ps = append(ps, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, a...)})
		} else {
			more++
		}
	}
	defer func() {
		if more > 0 {
			ps = append(ps, Problem{File: file, Msg: fmt.Sprintf("and %d more problems with expectations", more)})
		}
	}()
	if n := len(w.Expectations); n > MaxExpectations {
		bad(0, "expectations has %d entries; the limit is %d", n, MaxExpectations)
		return ps
	}
	lo, hi := 0, 0
	if len(w.Scale) > 0 {
		lo, hi = w.ScaleRange()
	}
	for _, e := range w.Expectations {
		if e.Skill == "" && e.Activity == "" {
			bad(e.line, "an expectation needs skill: or activity: (which skill or activity it sets)")
		}
		for _, id := range []string{e.Framework, e.Skill, e.Activity} {
			if id != "" && !ValidID(id) {
				bad(e.line, "%q is not a valid id", clip(id))
			}
		}
		if len(e.Expected) == 0 {
			bad(e.line, "an expectation needs expected: with a rating for at least one role level")
		}
		if n := len(e.Expected); n > MaxRoles {
			bad(e.line, "expected has %d ratings; the limit is %d, one per role level", n, MaxRoles)
			continue
		}
		seen := map[string]bool{}
		for _, r := range e.Expected {
			switch {
			case w.Role(r.Role) == nil:
				bad(r.line, unknownRole, clip(r.Role), strings.Join(w.RoleIDs(), ", "))
			case seen[r.Role]:
				bad(r.line, "role %s has two expected ratings here", r.Role)
			case !w.OnScale(r.Rating):
				bad(r.line, "expected rating %d for %s is not on the scale (%d to %d)", r.Rating, r.Role, lo, hi)
			}
			seen[r.Role] = true
		}
	}
	return ps
}

// expectKey is where Expected finds a rating: role, skill key, activity
// id ("" for the skill's own expectation).
type expectKey struct{ role, skill, activity string }

// CheckExpectations matches the expectations to the framework the
// workshop rates (for a workshop of several frameworks, their combined
// view): each must name a skill or activity there, and none twice. It
// keeps what it matched for Expected, so call it once the framework is
// known (workshop.ParseSettings does); until then Expected knows nothing.
func (w *Workshop) CheckExpectations(file string, f *Framework) (ps Problems) {
	more := 0
	bad := func(line int, format string, a ...any) {
		if len(ps) < maxExpectationProblems {
			ps = append(ps, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, a...)})
		} else {
			more++
		}
	}
	defer func() {
		if more > 0 {
			ps = append(ps, Problem{File: file, Msg: fmt.Sprintf("and %d more problems with expectations", more)})
		}
	}()
	index := map[expectKey]int{}
	first := map[expectKey]int{} // target → the line that set it first
	for _, e := range w.Expectations {
		var targets []expectKey // the skill, or the activity, it sets
		for si := range f.Skills {
			s := &f.Skills[si]
			if e.Framework != "" && e.Framework != skillFramework(s, f) {
				continue
			}
			if e.Skill != "" && e.Skill != s.ID {
				continue
			}
			if e.Activity == "" {
				targets = append(targets, expectKey{skill: skillKey(s)})
				continue
			}
			if s.Activity(e.Activity) != nil {
				targets = append(targets, expectKey{skill: skillKey(s), activity: e.Activity})
			}
		}
		what := "skill " + e.Skill
		if e.Activity != "" {
			what = "activity " + e.Activity
			if e.Skill != "" {
				what += " of skill " + e.Skill
			}
		}
		if e.Framework != "" {
			what += " in framework " + e.Framework
		}
		switch {
		case len(targets) == 0:
			bad(e.line, "%s is not in the framework", clip(what))
			continue
		case len(targets) > 1:
			bad(e.line, "%s is in more than one framework; add framework: to say which", clip(what))
			continue
		}
		for _, r := range e.Expected {
			k := targets[0]
			k.role = r.Role
			if l, ok := first[k]; ok {
				bad(r.line, "%s already has an expectation for %s (line %d)", clip(what), r.Role, l)
				continue
			}
			first[k] = r.line
			index[k] = r.Rating
		}
	}
	if len(ps) > 0 {
		return ps
	}
	w.expected = index
	return nil
}

// Expected is the rating a role level is expected to reach on an activity
// (skillKey as Skill.Key gives it): the activity's own expectation, else
// its skill's; ok is false when the workshop sets none.
func (w *Workshop) Expected(role, skillKey, activityID string) (rating int, ok bool) {
	if v, ok := w.expected[expectKey{role, skillKey, activityID}]; ok {
		return v, true
	}
	v, ok := w.expected[expectKey{role, skillKey, ""}]
	return v, ok
}

// HasExpectations reports whether the workshop sets any expectation.
func (w *Workshop) HasExpectations() bool { return len(w.expected) > 0 }

// skillKey is the key of a skill's answers, as Expected takes it.
func skillKey(s *Skill) string { return s.Key() }

// skillFramework is the id of the framework a skill belongs to: its own
// in a combined view, else the framework's.
func skillFramework(s *Skill, f *Framework) string {
	if s.Framework != "" {
		return s.Framework
	}
	return f.ID
}

// ExpectationsExample is the commented example skillmap init writes at
// the end of workshop.yaml, with the workshop's own role ids and the
// framework's own ids so that uncommenting it gives valid settings: a
// built-in framework carries no expectations, and a facilitator who wants
// a gap heatmap sets their own.
func ExpectationsExample(w *Workshop, f *Framework) string {
	if len(w.Roles) == 0 || len(f.Skills) == 0 || len(w.Scale) == 0 {
		return ""
	}
	lo, hi := w.ScaleRange()
	mid := w.Scale[len(w.Scale)/2].Value
	var b strings.Builder
	b.WriteString("\n# expectations: the rating each role level is expected to reach, per skill\n" +
		"# (every activity of it) or per activity (an activity's own wins over its\n" +
		"# skill's). Reports then add a gap heatmap (mean minus expectation) and how\n" +
		"# many ratings met it. Uncomment and edit: role ids as in roles above, skill\n" +
		fmt.Sprintf("# and activity ids as in the framework, ratings on the scale (%d to %d).\n#\n", lo, hi))
	b.WriteString("# expectations:\n")
	roles := []string{w.Roles[0].ID}
	if n := len(w.Roles); n > 1 {
		roles = append(roles, w.Roles[n-1].ID)
	}
	ratings := []int{lo, hi}
	// In a workshop of several frameworks ids may repeat: each entry says
	// its framework.
	fwLine := func(s *Skill) string {
		if f.Several() {
			return "#     framework: " + skillFramework(s, f) + "\n"
		}
		return ""
	}
	fmt.Fprintf(&b, "#   - skill: %s\n%s#     expected: {", f.Skills[0].ID, fwLine(&f.Skills[0]))
	for i, r := range roles {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %d", r, ratings[i])
	}
	b.WriteString("}\n")
	s := f.Skills[len(f.Skills)-1]
	if len(s.Activities) > 0 {
		fmt.Fprintf(&b, "#   - activity: %s\n%s#     expected: {%s: %d}\n", s.Activities[0].ID, fwLine(&s), w.Roles[len(w.Roles)-1].ID, mid)
	}
	return b.String()
}
