package survey

// MapTexts returns a copy of the framework with every text (title,
// description, source, licence, skill names and descriptions, activity
// texts) replaced by f(text), and the ids as they are: a screen shows the
// copy (with its control characters escaped) and writes answers by id.
func (fw *Framework) MapTexts(f func(string) string) *Framework {
	c := *fw
	c.Title, c.Description, c.Source, c.Licence = f(fw.Title), f(fw.Description), f(fw.Source), f(fw.Licence)
	c.Skills = make([]Skill, len(fw.Skills))
	for i, s := range fw.Skills {
		s.Name, s.Description = f(s.Name), f(s.Description)
		acts := make([]Activity, len(s.Activities))
		for j, a := range s.Activities {
			acts[j] = Activity{ID: a.ID, Text: f(a.Text)}
		}
		s.Activities = acts
		c.Skills[i] = s
	}
	if fw.parts != nil {
		c.parts = make([]*Framework, len(fw.parts))
		for i, p := range fw.parts {
			c.parts[i] = p.MapTexts(f)
		}
	}
	return &c
}

// MapTexts returns a copy of the settings with every text (title, role
// names, scale labels and meanings, facilitators' names) replaced by
// f(text), and the ids, values and emails as they are.
func (w *Workshop) MapTexts(f func(string) string) *Workshop {
	c := *w
	c.Title = f(w.Title)
	c.Roles = make([]Role, len(w.Roles))
	for i, r := range w.Roles {
		c.Roles[i] = Role{ID: r.ID, Name: f(r.Name)}
	}
	c.Scale = make([]Level, len(w.Scale))
	for i, l := range w.Scale {
		c.Scale[i] = Level{Value: l.Value, Label: f(l.Label), Meaning: f(l.Meaning)}
	}
	c.Facilitators = make([]Person, len(w.Facilitators))
	for i, p := range w.Facilitators {
		c.Facilitators[i] = Person{Name: f(p.Name), Email: p.Email}
	}
	return &c
}
