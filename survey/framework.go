package survey

import (
	"bytes"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Framework is a published skills framework: skills, each with the
// activities a person rates themselves on. Ids are stable slugs; texts are
// kept in full so response files and workbooks can quote them.
type Framework struct {
	Schema      int     `yaml:"schema" json:"schema"`
	ID          string  `yaml:"id" json:"id"`
	Title       string  `yaml:"title" json:"title"`
	Description string  `yaml:"description,omitempty" json:"description,omitempty"`
	Source      string  `yaml:"source,omitempty" json:"source,omitempty"`
	Licence     string  `yaml:"licence,omitempty" json:"licence,omitempty"`
	Skills      []Skill `yaml:"skills" json:"skills"`

	// parts are the frameworks a combined view is made of (see Combine);
	// nil for a framework read from its file.
	parts []*Framework
}

// Combine returns the one view of a workshop's frameworks that callers
// work with: the skills of every framework, in workshop order, each
// knowing its framework (Skill.Framework) and the key of its answers in
// Response.Ratings (Skill.Key). With one framework the view is that
// framework, and keys are skill ids as they always were; with several,
// its id and title join theirs, and keys are "framework/skill", since
// skill ids are unique only within a framework.
func Combine(fws ...*Framework) *Framework {
	c := &Framework{Schema: FrameworkSchema, parts: fws}
	var ids, titles []string
	for _, f := range fws {
		ids = append(ids, f.ID)
		titles = append(titles, f.Title)
		for _, s := range f.Skills {
			s.Framework, s.key = f.ID, ""
			if len(fws) > 1 {
				s.key = f.ID + "/" + s.ID
			}
			c.Skills = append(c.Skills, s)
		}
	}
	if len(fws) == 1 {
		f := fws[0]
		c.ID, c.Title, c.Description, c.Source, c.Licence = f.ID, f.Title, f.Description, f.Source, f.Licence
		return c
	}
	c.ID, c.Title = strings.Join(ids, "+"), strings.Join(titles, " and ")
	return c
}

// Parts returns the frameworks a combined view is made of, in workshop
// order; a framework read from its file is its own only part.
func (f *Framework) Parts() []*Framework {
	if f.parts == nil {
		return []*Framework{f}
	}
	return f.parts
}

// Several reports whether the view combines more than one framework: then
// response files have a section per framework (schema 2).
func (f *Framework) Several() bool { return len(f.parts) > 1 }

// Part returns the framework of the view with the given id, or nil.
func (f *Framework) Part(id string) *Framework {
	for _, p := range f.Parts() {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// AskedOf returns the view with only the skills of the frameworks a role
// level is asked (Workshop.Asked): what a participant of that level
// answers. Its parts are still every framework of the workshop, so keys
// and the layout of response files are as in f.
func (f *Framework) AskedOf(w *Workshop, role string) *Framework {
	if !f.Several() {
		return f
	}
	c := *f
	c.Skills = nil
	for _, s := range f.Skills {
		if w.Asked(role, s.Framework) {
			c.Skills = append(c.Skills, s)
		}
	}
	return &c
}

// SkillByKey returns the skill whose answers are under key (Skill.Key), or
// nil.
func (f *Framework) SkillByKey(key string) *Skill {
	for i := range f.Skills {
		if f.Skills[i].Key() == key {
			return &f.Skills[i]
		}
	}
	return nil
}

// SplitKey splits a key of Response.Ratings into framework and skill id;
// framework is "" for a key of a one-framework workshop (a skill id).
func SplitKey(key string) (framework, skill string) {
	if i := strings.IndexByte(key, '/'); i >= 0 {
		return key[:i], key[i+1:]
	}
	return "", key
}

// frameworkIDs maps each skill id to the set of its activity ids, so that
// checking a response costs a map lookup per answer rather than a search
// of the framework (which made checking grow with the square of the
// activities).
type frameworkIDs map[string]map[string]bool

func (f *Framework) buildIDs() frameworkIDs {
	ids := make(frameworkIDs, len(f.Skills))
	for _, s := range f.Skills {
		acts := ids[s.Key()]
		if acts == nil {
			acts = make(map[string]bool, len(s.Activities))
			ids[s.Key()] = acts
		}
		for _, a := range s.Activities {
			acts[a.ID] = true
		}
	}
	return ids
}

// Skill is one skill of a framework and its activities, in published order.
type Skill struct {
	ID          string     `yaml:"id" json:"id"`
	Name        string     `yaml:"name" json:"name"`
	Description string     `yaml:"description,omitempty" json:"description,omitempty"`
	Activities  []Activity `yaml:"activities" json:"activities"`
	// Framework is the id of the framework the skill belongs to, in a
	// combined view (see Combine); "" in a framework read from its file.
	Framework string `yaml:"-" json:"-"`

	key string // see Key
}

// Key is the key of the skill's answers in Response.Ratings: the skill id
// in a workshop of one framework, "framework/skill" in a workshop of
// several. Always look answers up by it (r.Answer(s.Key(), a.ID)), never
// by the skill id alone.
func (s *Skill) Key() string {
	if s.key != "" {
		return s.key
	}
	return s.ID
}

// Activity is one thing a person can rate themselves on.
type Activity struct {
	ID   string `yaml:"id" json:"id"`
	Text string `yaml:"text" json:"text"`
}

// FrameworkSchema is the framework file format version this build writes.
const FrameworkSchema = 1

// ActivityCount is the number of activities over all skills.
func (f *Framework) ActivityCount() int {
	n := 0
	for _, s := range f.Skills {
		n += len(s.Activities)
	}
	return n
}

// Skill returns the skill with the given id, or nil.
func (f *Framework) Skill(id string) *Skill {
	for i := range f.Skills {
		if f.Skills[i].ID == id {
			return &f.Skills[i]
		}
	}
	return nil
}

// Activity returns the activity with the given id, or nil.
func (s *Skill) Activity(id string) *Activity {
	for i := range s.Activities {
		if s.Activities[i].ID == id {
			return &s.Activities[i]
		}
	}
	return nil
}

// ParseFramework reads a framework file. file names it in problems.
func ParseFramework(file string, data []byte) (*Framework, error) {
	var f Framework
	if err := decodeStrict(data, &f); err != nil {
		return nil, yamlProblems(file, data, err)
	}
	if ps := f.check(file); len(ps) > 0 {
		return nil, ps
	}
	return &f, nil
}

// check reports what would make the framework unusable: more than the
// limits allow, missing or duplicate ids, empty skills.
func (f *Framework) check(file string) Problems {
	// Beyond the limits, nothing else is checked: a framework of 30,000
	// activities gets one problem, not one per activity.
	if ps := f.checkFrameworkLimits(file); len(ps) > 0 {
		return ps
	}
	var ps Problems
	bad := func(format string, a ...any) { ps = append(ps, Problem{File: file, Msg: fmt.Sprintf(format, a...)}) }
	if f.Schema != FrameworkSchema {
		bad("schema is %d; this skillmap reads framework schema %d", f.Schema, FrameworkSchema)
	}
	if !ValidID(f.ID) {
		bad("framework id %q is not a valid id (lower-case letters, digits and single hyphens)", f.ID)
	}
	if len(f.Skills) == 0 {
		bad("framework has no skills")
	}
	skills := map[string]bool{}
	acts := map[string]bool{}
	for _, s := range f.Skills {
		if !ValidID(s.ID) || skills[s.ID] {
			bad("skill id %q is invalid or used twice", s.ID)
		}
		skills[s.ID] = true
		if len(s.Activities) == 0 {
			bad("skill %q has no activities", s.ID)
		}
		for _, a := range s.Activities {
			if !ValidID(a.ID) || acts[a.ID] {
				bad("activity id %q (skill %q) is invalid or used twice", a.ID, s.ID)
			}
			acts[a.ID] = true
		}
	}
	return ps
}

// Marshal renders the framework as YAML.
func (f *Framework) Marshal() []byte {
	return marshalYAML(f)
}

func marshalYAML(v any) []byte {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		// Only plain structs of strings and ints are marshalled here.
		panic(fmt.Sprintf("survey: marshal %T: %v", v, err))
	}
	_ = enc.Close()
	return buf.Bytes()
}

// decodeStrict decodes one YAML document into v, refusing unknown fields so
// that a typo in a settings file is reported rather than ignored.
func decodeStrict(data []byte, v any) error {
	if len(data) > MaxFileSize {
		return fmt.Errorf("file is %d bytes; the limit is %d", len(data), MaxFileSize)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if err.Error() == "EOF" {
			return fmt.Errorf("file is empty")
		}
		return err
	}
	return nil
}

// MaxFileSize caps every YAML file skillmap parses, so one bad file cannot
// exhaust memory.
const MaxFileSize = 1 << 20

// ValidID reports whether s is a safe id: 1 to 64 lower-case ASCII letters
// and digits, in words joined by single hyphens. Safe ids are safe file
// names on every system and need no quoting in YAML.
func ValidID(s string) bool {
	if s == "" || len(s) > 64 || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
