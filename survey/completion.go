package survey

// Completion counts how far a set of participants got, by one rule for
// every place that shows it (status, round list, the workbook): a
// participant is complete when every activity of the framework has a
// rating, partial when some have, and empty when none has. A file that
// cannot be read counts as a participant who is not complete.
type Completion struct {
	Participants int `json:"participants"`
	Complete     int `json:"complete"`
	Partial      int `json:"partial"`
}

// Add counts one participant who rated answered of total activities.
func (c *Completion) Add(answered, total int) {
	c.Participants++
	switch {
	case total > 0 && answered >= total:
		c.Complete++
	case answered > 0:
		c.Partial++
	}
}

// Empty is how many participants rated nothing (or whose file could not
// be read).
func (c Completion) Empty() int { return c.Participants - c.Complete - c.Partial }

// CountCompletion counts the completion of readable responses against
// every activity of a framework, and unreadable files (which rate
// nothing) beside them. CountCompletionIn counts by a workshop's rule.
func CountCompletion(fw *Framework, valid []*Response, unreadable int) Completion {
	var c Completion
	total := fw.ActivityCount()
	for _, r := range valid {
		c.Add(r.Answered(), total)
	}
	for range unreadable {
		c.Add(0, total)
	}
	return c
}

// CountCompletionIn counts the completion of readable responses against a
// workshop's frameworks (see RequiredAnswered), and unreadable files
// (which rate nothing) beside them.
func CountCompletionIn(w *Workshop, fw *Framework, valid []*Response, unreadable int) Completion {
	var c Completion
	total := fw.ActivityCount()
	for _, r := range valid {
		c.Add(RequiredAnswered(w, fw, r))
	}
	for range unreadable {
		c.Add(0, total)
	}
	return c
}

// RequiredAnswered counts the activities a participant must answer, those
// of the frameworks their role level is asked and not as optional, and
// how many of them they rated: completion counts nothing else, so an
// optional framework never keeps anyone from being complete. In a
// workshop of one framework every activity counts. r must be keyed for f
// (as checked responses are; see Response.KeyedFor).
func RequiredAnswered(w *Workshop, f *Framework, r *Response) (answered, total int) {
	for _, s := range f.Skills {
		if f.Several() && !w.Required(r.Participant.Role, s.Framework) {
			continue
		}
		total += len(s.Activities)
		for _, a := range s.Activities {
			if ans := r.Answer(s.Key(), a.ID); ans != nil && ans.Rating != nil {
				answered++
			}
		}
	}
	return answered, total
}
