package survey

import (
	"fmt"
	"net/mail"
	"strings"
)

// Workshop holds a workshop's settings (workshop.yaml): what is assessed,
// by whom, on which scale, and how small a group may be before its figures
// are hidden.
type Workshop struct {
	Schema int    `yaml:"schema" json:"schema"`
	Title  string `yaml:"title" json:"title"`
	// Framework is the one framework of a workshop in the form every
	// workshop.yaml had before workshops held several ("framework: ID").
	// ParseWorkshop reads it into Frameworks; Marshal writes it back for a
	// workshop of one framework asked of every role level, so that such a
	// workshop.yaml stays as it was.
	Framework string `yaml:"framework,omitempty" json:"framework,omitempty"`
	// Frameworks are the frameworks the workshop rates against, in order:
	// response files, reports and menus follow it.
	Frameworks []FrameworkUse `yaml:"frameworks,omitempty" json:"frameworks,omitempty"`
	MinGroup   int            `yaml:"min_group" json:"min_group"`
	// NotesMinGroup is the smallest role level whose notes a report with
	// --notes shows; 0 means the default (10).
	NotesMinGroup int `yaml:"notes_min_group,omitempty" json:"notes_min_group,omitempty"`
	// Pseudonymous workshops keep no names or emails in the repository.
	Pseudonymous bool     `yaml:"pseudonymous,omitempty" json:"pseudonymous,omitempty"`
	Roles        []Role   `yaml:"roles" json:"roles"`
	Scale        []Level  `yaml:"scale" json:"scale"`
	Facilitators []Person `yaml:"facilitators,omitempty" json:"facilitators,omitempty"`
	// Expectations set the rating each role level is expected to reach
	// (expectations.go); none in a new workshop.
	Expectations []Expectation `yaml:"expectations,omitempty" json:"expectations,omitempty"`

	expected map[expectKey]int // Expectations matched to the framework (CheckExpectations)
}

// FrameworkUse is one framework of a workshop and whom it is asked of:
// every role level, unless it is optional for some (they may answer it; it
// does not count against their completion) or not asked of some (they may
// not answer it at all).
type FrameworkUse struct {
	ID       string   `yaml:"id" json:"id"`
	Optional []string `yaml:"optional,omitempty" json:"optional,omitempty"`
	NotAsked []string `yaml:"not_asked,omitempty" json:"not_asked,omitempty"`
}

// MaxFrameworks caps the frameworks of one workshop: every response file
// holds a section per framework.
const MaxFrameworks = 10

// FrameworkIDs lists the ids of the workshop's frameworks, in order.
func (w *Workshop) FrameworkIDs() []string {
	if len(w.Frameworks) == 0 && w.Framework != "" {
		return []string{w.Framework}
	}
	ids := make([]string, len(w.Frameworks))
	for i, u := range w.Frameworks {
		ids[i] = u.ID
	}
	return ids
}

// Use returns how the workshop uses a framework, or nil when the workshop
// does not have it.
func (w *Workshop) Use(framework string) *FrameworkUse {
	for i := range w.Frameworks {
		if w.Frameworks[i].ID == framework {
			return &w.Frameworks[i]
		}
	}
	if len(w.Frameworks) == 0 && w.Framework == framework && framework != "" {
		return &FrameworkUse{ID: framework}
	}
	return nil
}

// Asked reports whether a role level is asked a framework at all (it must
// or may answer it). An unknown framework is asked of nobody.
func (w *Workshop) Asked(role, framework string) bool {
	u := w.Use(framework)
	return u != nil && !contains(u.NotAsked, role)
}

// Required reports whether a role level must answer a framework: asked,
// and not optional for it. Completion counts only the frameworks a
// participant must answer.
func (w *Workshop) Required(role, framework string) bool {
	u := w.Use(framework)
	return u != nil && !contains(u.NotAsked, role) && !contains(u.Optional, role)
}

// AddFramework adds a framework, asked of every role level, after the
// workshop's others.
func (w *Workshop) AddFramework(id string) {
	if len(w.Frameworks) == 0 && w.Framework != "" {
		w.Frameworks = []FrameworkUse{{ID: w.Framework}}
	}
	w.Framework = ""
	w.Frameworks = append(w.Frameworks, FrameworkUse{ID: id})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Role is a role level, such as senior-product-manager; groups in a report
// are role levels, in this order.
type Role struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
}

// Level is one point on the rating scale.
type Level struct {
	Value   int    `yaml:"value" json:"value"`
	Label   string `yaml:"label" json:"label"`
	Meaning string `yaml:"meaning,omitempty" json:"meaning,omitempty"`
}

// Person is a name and an email address, as in a Git signature.
type Person struct {
	Name  string `yaml:"name" json:"name"`
	Email string `yaml:"email" json:"email"`
}

func (p Person) String() string { return p.Name + " <" + p.Email + ">" }

// WorkshopSchema is the workshop file format version this build writes.
const WorkshopSchema = 1

// DefaultMinGroup is the smallest group whose figures a report shows.
const DefaultMinGroup = 5

// DefaultNotesMinGroup is the smallest role level whose notes a report
// with --notes shows: free text identifies its writer far more easily than
// a number does.
const DefaultNotesMinGroup = 10

// MinGroupFloor is the smallest min_group any report uses, whatever
// workshop.yaml says: with groups of two, each member can subtract their
// own answers and read the other's.
const MinGroupFloor = 3

// ReportMinGroup is the min_group a report uses: the setting, raised to
// MinGroupFloor.
func (w *Workshop) ReportMinGroup() int { return max(w.MinGroup, MinGroupFloor) }

// ReportNotesMinGroup is the notes_min_group a report uses: the setting
// (DefaultNotesMinGroup when not set), raised to ReportMinGroup, since notes
// tell more than figures.
func (w *Workshop) ReportNotesMinGroup() int {
	n := w.NotesMinGroup
	if n <= 0 {
		n = DefaultNotesMinGroup
	}
	return max(n, w.ReportMinGroup())
}

// Warnings lists the settings a report does not use as they are written:
// a min_group or notes_min_group below its floor.
func (w *Workshop) Warnings(file string) Problems {
	var ps Problems
	if w.MinGroup < MinGroupFloor {
		ps = append(ps, Problem{File: file, Msg: fmt.Sprintf("min_group is %d; reports use %d, the least skillmap allows", w.MinGroup, MinGroupFloor)})
	}
	if w.NotesMinGroup > 0 && w.NotesMinGroup < w.ReportMinGroup() {
		ps = append(ps, Problem{File: file, Msg: fmt.Sprintf("notes_min_group is %d, below min_group; reports use %d", w.NotesMinGroup, w.ReportMinGroup())})
	}
	return ps
}

// DefaultRoles are the product manager role levels of the UK government's
// Digital, Data and Technology (DDaT) capability framework.
func DefaultRoles() []Role {
	return []Role{
		{"associate-product-manager", "Associate product manager"},
		{"product-manager", "Product manager"},
		{"senior-product-manager", "Senior product manager"},
		{"lead-product-manager", "Lead product manager"},
		{"head-of-product", "Head of product"},
	}
}

// DefaultScale is the rating scale new workshops use.
func DefaultScale() []Level {
	return []Level{
		{0, "Not yet", ""},
		{1, "Aware", ""},
		{2, "Developing", "done with support"},
		{3, "Confident", "done on my own"},
		{4, "Expert", "could coach others"},
	}
}

// NewWorkshop returns settings with the defaults for a framework, asked of
// every role level (AddFramework adds more).
func NewWorkshop(title, framework string, facilitators []Person) *Workshop {
	return &Workshop{
		Schema:        WorkshopSchema,
		Title:         title,
		Frameworks:    []FrameworkUse{{ID: framework}},
		MinGroup:      DefaultMinGroup,
		NotesMinGroup: DefaultNotesMinGroup,
		Roles:         DefaultRoles(),
		Scale:         DefaultScale(),
		Facilitators:  facilitators,
	}
}

// ParseWorkshop reads workshop.yaml. file names it in problems.
func ParseWorkshop(file string, data []byte) (*Workshop, error) {
	var w Workshop
	if err := decodeStrict(data, &w); err != nil {
		return nil, yamlProblems(file, data, err)
	}
	if ps := w.check(file); len(ps) > 0 {
		return nil, ps
	}
	if len(w.Frameworks) == 0 {
		w.Frameworks = []FrameworkUse{{ID: w.Framework}}
	}
	w.Framework = ""
	return &w, nil
}

func (w *Workshop) check(file string) Problems {
	// Beyond the limits, nothing else is checked (see checkWorkshopLimits).
	if ps := w.checkWorkshopLimits(file); len(ps) > 0 {
		return ps
	}
	var ps Problems
	bad := func(format string, a ...any) { ps = append(ps, Problem{File: file, Msg: fmt.Sprintf(format, a...)}) }
	if w.Schema != WorkshopSchema {
		bad("schema is %d; this skillmap reads workshop schema %d", w.Schema, WorkshopSchema)
	}
	if strings.TrimSpace(w.Title) == "" {
		bad("title is empty")
	}
	// A min_group below MinGroupFloor is raised when used (Warnings), not
	// refused: a commit that lowers it must not stop every report.
	if len(w.Roles) == 0 {
		bad("no roles")
	}
	seen := map[string]bool{}
	for _, r := range w.Roles {
		if !ValidID(r.ID) || seen[r.ID] || r.ID == AllGroup {
			bad("role id %q is invalid or used twice", r.ID)
		}
		seen[r.ID] = true
	}
	switch {
	case w.Framework != "" && len(w.Frameworks) > 0:
		bad("give either framework (one) or frameworks (a list), not both")
	case w.Framework == "" && len(w.Frameworks) == 0:
		bad("no framework: give framework: ID, or frameworks: a list of {id, optional, not_asked}")
	case w.Framework != "" && !ValidID(w.Framework):
		bad("framework id %q is not a valid id (lower-case letters, digits and single hyphens)", w.Framework)
	case len(w.Frameworks) > MaxFrameworks:
		bad("the workshop has %d frameworks; the limit is %d", len(w.Frameworks), MaxFrameworks)
	}
	fws := map[string]bool{}
	for _, u := range w.Frameworks {
		if !ValidID(u.ID) || fws[u.ID] {
			bad("framework id %q is invalid or used twice", u.ID)
		}
		fws[u.ID] = true
		for _, list := range [][]string{u.Optional, u.NotAsked} {
			for _, r := range list {
				if !seen[r] {
					bad("framework %s: unknown role %q (roles: %s)", u.ID, r, strings.Join(w.RoleIDs(), ", "))
				}
			}
		}
		for _, r := range u.Optional {
			if contains(u.NotAsked, r) {
				bad("framework %s: role %q is both optional and not asked", u.ID, r)
			}
		}
	}
	if len(w.Scale) < 2 {
		bad("the rating scale needs at least two levels")
	}
	for i := 1; i < len(w.Scale); i++ {
		if w.Scale[i].Value <= w.Scale[i-1].Value {
			bad("scale values must increase: %d follows %d", w.Scale[i].Value, w.Scale[i-1].Value)
		}
	}
	return append(ps, w.checkExpectations(file)...)
}

// AllGroup is the id of the group of everyone, beside the role levels.
const AllGroup = "all"

// Marshal renders the settings as YAML. A workshop of one framework asked
// of every role level is written "framework: ID", as before workshops
// held several, so that its workshop.yaml does not change.
func (w *Workshop) Marshal() []byte {
	c := *w
	if len(c.Frameworks) == 1 && len(c.Frameworks[0].Optional)+len(c.Frameworks[0].NotAsked) == 0 {
		c.Framework, c.Frameworks = c.Frameworks[0].ID, nil
	}
	head := "# Workshop settings. Roles and the scale are used by every response file;\n" +
		"# min_group: the smallest group whose figures a report shows (notes_min_group: its notes).\n"
	if len(c.Frameworks) > 0 {
		head += "# frameworks: each is asked of every role level, unless listed under optional\n" +
			"# (may answer; does not count against completion) or not_asked (does not answer).\n"
	}
	return append([]byte(head), marshalYAML(&c)...)
}

// Role returns the role with the given id, or nil.
func (w *Workshop) Role(id string) *Role {
	for i := range w.Roles {
		if w.Roles[i].ID == id {
			return &w.Roles[i]
		}
	}
	return nil
}

// RoleIDs lists the role ids, in order.
func (w *Workshop) RoleIDs() []string {
	ids := make([]string, len(w.Roles))
	for i, r := range w.Roles {
		ids[i] = r.ID
	}
	return ids
}

// OnScale reports whether v is a value of the rating scale.
func (w *Workshop) OnScale(v int) bool {
	for _, l := range w.Scale {
		if l.Value == v {
			return true
		}
	}
	return false
}

// ScaleRange returns the lowest and highest values of the scale.
func (w *Workshop) ScaleRange() (lo, hi int) {
	return w.Scale[0].Value, w.Scale[len(w.Scale)-1].Value
}

// ParsePerson reads "Name <email>".
func ParsePerson(s string) (Person, error) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return Person{}, fmt.Errorf("%q is not in the form \"Name <email>\"", s)
	}
	p := Person{Name: a.Name, Email: a.Address}
	if p.Name == "" {
		p.Name = strings.SplitN(p.Email, "@", 2)[0]
	}
	if err := CheckName(p.Name); err != nil {
		return Person{}, err
	}
	if err := CheckEmail(p.Email); err != nil {
		return Person{}, err
	}
	return p, nil
}

// CheckName refuses names that cannot stand as a Git author name.
func CheckName(name string) error {
	if strings.TrimSpace(name) == "" {
		return fmt.Errorf("name is empty")
	}
	if strings.TrimSpace(name) != name {
		return fmt.Errorf("name %q has leading or trailing spaces", name)
	}
	if len(name) > 200 {
		return fmt.Errorf("name is longer than 200 characters")
	}
	if strings.ContainsAny(name, "<>\n\r\t\x00") {
		return fmt.Errorf("name %q may not contain <, > or control characters", name)
	}
	return nil
}

// CheckEmail refuses addresses that cannot stand in a Git signature. It
// checks the shape only: whether the address reaches anyone is not our
// business.
func CheckEmail(email string) error {
	at := strings.IndexByte(email, '@')
	if at < 1 || at != strings.LastIndexByte(email, '@') || at == len(email)-1 ||
		len(email) > 254 || strings.ContainsAny(email, " <>\n\r\t\x00,;\"") {
		return fmt.Errorf("%q is not an email address", email)
	}
	return nil
}
