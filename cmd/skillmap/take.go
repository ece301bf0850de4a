package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/workshop"
)

type takeOptions struct {
	as         string
	accessible bool
	plan       bool
}

func newTakeCmd(g *globals) *cobra.Command {
	o := &takeOptions{}
	cmd := &cobra.Command{
		Use:   "take [--as ID] [--accessible] [--plan]",
		Short: "Fill in your self-assessment, one skill at a time",
		Long: `Walks you through your self-assessment: one page per skill, each activity
with its full text, a rating on the workshop's scale (or skip), and an
optional note. Your earlier answers are filled in, and every answer is saved
into your response file as you go, so you can stop at any time and carry on
later. Only the values you change are rewritten: your own comments and the
file's layout stay as they are. After the last activity it asks for your
focus and plan (not when the answers are piped in: use --plan), for the
conversation with your line manager: the
activities you mean to work on (up to 10), a short plan, and your line
manager's name (not in a pseudonymous workshop); --plan goes straight
there. They go into the plan section of your file, which everyone who can
read the workshop's repository can read, as they can your ratings. At the
end it offers to submit (as skillmap submit does).

In a terminal it shows a form: arrow keys (or h/l) or the rating's digit
choose a rating, Enter or Tab goes on (from the rating to its note, then to
the next activity), Shift+Tab goes back, Ctrl+C stops (what you entered is
saved). At the end, Enter submits.
With --accessible, or when the input is not a terminal, it asks one plain
question a line instead, for screen readers and scripts: type a number from
the scale, s to skip, or press Enter to keep the answer shown in brackets;
q stops. Piped in, a rating typed where it asks which activities to go
through starts on the first unanswered one.

Without --as, you are the participant whose email is your Git user.email.`,
		Example: `  skillmap take
  skillmap take --as jane-smith
  skillmap take --as jane-smith --accessible
  skillmap take --plan
  printf '3\nled two teams\n2\n\nq\n' | skillmap take --as jane-smith`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return runTake(g, o) },
	}
	cmd.Flags().StringVar(&o.as, "as", "", "take the survey as participant `ID` (default: the one with your Git user.email)")
	cmd.Flags().BoolVar(&o.accessible, "accessible", false, "ask plain questions, one a line (for screen readers)")
	cmd.Flags().BoolVar(&o.plan, "plan", false, "set your focus and plan only, then offer to submit")
	_ = cmd.RegisterFlagCompletionFunc("as", completeParticipants(g))
	return cmd
}

// answer is a participant's answer as the survey holds it.
type answer struct {
	rating *int
	note   string
}

// takeSession is one participant's survey: the framework, their answers
// so far, and where they are saved.
type takeSession struct {
	g    *globals
	w    *checkout
	id   string
	path string // slash-separated, in the workshop
	name string // the participant's name
	role string // the participant's role name
	// roleID is the participant's role level, as workshop.yaml names it.
	roleID string
	// only is the framework whose skills the form's menu shows, in a
	// workshop of several ("" for all).
	only string
	// answers of every activity of the framework, by skill key and
	// activity id
	answers  map[[2]string]answer
	warnedRe bool // told the user the file had to be re-encoded
	// plan is the participant's focus and plan (take_plan.go), nil for none.
	plan *survey.Plan
	// planOnly goes straight to the plan (--plan).
	planOnly bool
}

func runTake(g *globals, o *takeOptions) error {
	w, err := openWorkshop(g.workdir())
	if err != nil {
		return err
	}
	id, err := w.participant(o.as)
	if err != nil {
		return err
	}
	s := &takeSession{g: g, w: w, id: id, path: survey.ResponsePath(id), answers: map[[2]string]answer{}, planOnly: o.plan}
	sf := workshop.WorktreeResponse(w.repo, s.path)
	if sf.Err != nil {
		if errors.Is(sf.Err, os.ErrNotExist) {
			return fmt.Errorf("no participant %q: %s does not exist (skillmap status lists participants)", id, s.path)
		}
		return fmt.Errorf("%s: %w", s.path, sf.Err)
	}
	r, ps := survey.ParseResponse(s.path, sf.Data)
	if len(ps) == 0 {
		ps = r.Check(w.ws, w.fw)
	}
	if len(ps) > 0 {
		for _, p := range ps {
			fmt.Fprintln(g.io.Err, p)
		}
		fmt.Fprintf(g.io.Err, "fix the %s above in %s first (skillmap validate checks it), then run skillmap take again\n", plural(len(ps), "problem"), s.path)
		return exitError{exitFailed}
	}
	r = r.KeyedFor(w.fw)
	s.name = termtext.Line(r.Participant.Name)
	s.plan = r.Plan
	s.role, s.roleID = r.Participant.Role, r.Participant.Role
	if role := w.ws.Role(r.Participant.Role); role != nil {
		s.role = termtext.Line(role.Name)
	}
	// From here on the session shows the framework and settings with their
	// control characters escaped (anyone who can push writes them), and
	// writes answers by id.
	shown := *w
	// In a workshop of several frameworks, those asked of the
	// participant's role level.
	shown.fw, shown.ws = w.fw.AskedOf(w.ws, r.Participant.Role).MapTexts(termtext.Line), w.ws.MapTexts(termtext.Line)
	s.w = &shown
	for _, sk := range w.fw.Skills {
		for _, a := range sk.Activities {
			var ans answer
			if old := r.Answer(sk.Key(), a.ID); old != nil {
				ans = answer{old.Rating, old.Note}
			}
			s.answers[[2]string{sk.Key(), a.ID}] = ans
		}
	}
	if o.accessible || !isTerminal(g.io.In) || !isTerminal(os.Stderr) || os.Getenv("TERM") == "dumb" {
		return s.runPlain()
	}
	return s.runForm()
}

// isTerminal reports whether r is a terminal.
func isTerminal(r any) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func (s *takeSession) total() int { return s.w.fw.ActivityCount() }

func (s *takeSession) answered() int {
	n := 0
	for _, a := range s.answers {
		if a.rating != nil {
			n++
		}
	}
	return n
}

// save writes changed answers into the response file as it is on disk now
// (so edits made to it meanwhile in an editor are kept), changing only
// their values.
func (s *takeSession) save(changed map[[2]string]answer) error {
	if len(changed) == 0 {
		return nil
	}
	full := filepath.Join(s.w.repo.Root(), filepath.FromSlash(s.path))
	data, err := os.ReadFile(full)
	if err != nil {
		return err
	}
	var edits []survey.AnswerEdit
	for _, sk := range s.w.fw.Skills {
		for _, a := range sk.Activities {
			if ans, ok := changed[[2]string{sk.Key(), a.ID}]; ok {
				edits = append(edits, survey.AnswerEdit{Skill: sk.Key(), Activity: a.ID, Rating: ans.rating, Note: ans.note})
			}
		}
	}
	out, mode, err := survey.EditResponse(s.path, data, s.w.ws, s.w.fw, edits)
	if err != nil {
		return fmt.Errorf("your answers were not saved: %w", err)
	}
	if mode == survey.Unchanged {
		return nil
	}
	switch {
	case mode != survey.Reencoded || s.warnedRe:
	case s.w.fw.Several() && !bytes.Contains(data, []byte("\nframeworks:")):
		// A file of the one-framework layout, answering another framework.
		s.warnedRe = true
		fmt.Fprintf(s.g.io.Err, "note: %s had the layout of a workshop of one framework, so it was written out again with a section per framework: your answers are kept, comments of your own are not (they stay in the history)\n", s.path)
	default:
		s.warnedRe = true
		fmt.Fprintf(s.g.io.Err, "note: %s is laid out in a way skillmap cannot edit in place, so it was written out again: your answers and comments are kept, spacing may differ\n", s.path)
	}
	return gitstore.WriteFileAtomic(full, out)
}

// scaleText describes a rating, "3 = Confident (done on my own)".
func (s *takeSession) scaleText(v int) string {
	for _, l := range s.w.ws.Scale {
		if l.Value == v {
			t := fmt.Sprintf("%d = %s", l.Value, l.Label)
			if l.Meaning != "" {
				t += " (" + l.Meaning + ")"
			}
			return t
		}
	}
	return strconv.Itoa(v)
}

// submitHint tells how to submit later.
func (s *takeSession) submitHint() string {
	return fmt.Sprintf("When you are ready: skillmap submit --as %s", s.id)
}

// ---- Plain questions, one a line (--accessible, or input not a terminal).

// lineReader reads answers a line at a time from one buffered reader, so
// piped input is never read ahead and lost between questions.
// When the answers are piped in, nothing echoes them, so it writes each
// back after its question: a transcript then reads as a dialogue.
type lineReader struct {
	r    *bufio.Reader
	echo io.Writer // nil on a terminal, which echoes by itself
	eof  bool
	// again is a line read for one question that answers the next.
	again    string
	hasAgain bool
}

// unread gives a line back, for the next question.
func (l *lineReader) unread(line string) { l.again, l.hasAgain = line, true }

func (l *lineReader) readLine() (string, bool) {
	if l.hasAgain {
		l.hasAgain = false
		if l.echo != nil {
			fmt.Fprintln(l.echo, l.again)
		}
		return l.again, true
	}
	if l.eof {
		return "", false
	}
	line, err := l.r.ReadString('\n')
	if err != nil {
		l.eof = true
		if line == "" {
			return "", false
		}
	}
	line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
	if l.echo != nil {
		fmt.Fprintln(l.echo, line)
	}
	return line, true
}

func (s *takeSession) runPlain() error {
	out := s.g.io.Out
	in := &lineReader{r: bufio.NewReader(s.g.io.In)}
	if !isTerminal(s.g.io.In) {
		in.echo = out
	}
	fw, ws := s.w.fw, s.w.ws
	lo, hi := ws.ScaleRange()
	fmt.Fprintf(out, "Self-assessment of %s (%s) for %s.\n", s.name, s.role, ws.Title)
	several := fw.Several() && len(s.askedFrameworks()) > 1
	switch {
	case several:
		fmt.Fprintf(out, "Frameworks: %s. Your file: %s.\n", strings.Join(s.frameworkLines(), "; "), s.path)
	case fw.Several():
		// One framework of several asked of this role level.
		fmt.Fprintf(out, "Framework: %s. Your file: %s.\n", strings.Join(s.frameworkLines(), "; "), s.path)
	default:
		fmt.Fprintf(out, "Framework: %s, %d activities in %d skills. Your file: %s.\n", fw.Title, s.total(), len(fw.Skills), s.path)
	}
	fmt.Fprintf(out, "Answered so far: %d of %d.\n", s.answered(), s.total())
	if s.planOnly {
		more, err := s.planPlain(in)
		if err != nil || !more {
			return err
		}
		return s.finishPlain(in, true)
	}
	fmt.Fprintln(out)
	fmt.Fprintln(out, "For each activity, type your rating and press Enter:")
	for _, l := range ws.Scale {
		fmt.Fprintf(out, "  %s\n", s.scaleText(l.Value))
	}
	fmt.Fprintln(out, "  s = skip (no rating)")
	fmt.Fprintln(out, "Press Enter alone to keep the answer shown in brackets. Then type a note if you")
	fmt.Fprintln(out, "like (- clears it), or press Enter. Each answer is saved at once.")
	fmt.Fprintln(out, "Type q at any question to stop; run skillmap take again to carry on.")

	// Piped answers are written for the activities, whether or not the
	// file has some already: a rating (or s) where the first question
	// asks which to go through starts with the first activity to answer,
	// so that one script works on a new file and on one half done.
	piped := in.echo != nil
	rating := func(line string) bool {
		l := strings.ToLower(line)
		v, err := strconv.Atoi(line)
		return l == "s" || l == "skip" || err == nil && ws.OnScale(v)
	}
	onlyUnanswered := false
	switch n := s.total() - s.answered(); {
	case s.answered() == 0:
	case n == 0:
		fmt.Fprintf(out, "\nAll %d activities are answered. Go through them again? (y/N): ", s.total())
		line, ok := in.readLine()
		if !ok {
			fmt.Fprintln(out)
		}
		if piped && rating(line) {
			fmt.Fprintln(out, "(a rating: going through them again, from the first)")
			in.unread(line)
			break
		}
		if !yes(line) {
			return s.finishPlain(in, true)
		}
	default:
		for {
			fmt.Fprintf(out, "\nGo through %s only (u), or all %d (a)? [u]: ", unanswered(n), s.total())
			line, ok := in.readLine()
			if !ok {
				fmt.Fprintln(out)
				return s.stopPlain()
			}
			if piped && rating(line) {
				fmt.Fprintln(out, "(a rating: going through the unanswered ones, from the first)")
				in.unread(line)
				onlyUnanswered = true
				break
			}
			// Anything but u, a or Enter is asked again, so that an answer
			// meant for a later question is never taken for this one.
			switch strings.ToLower(strings.TrimSpace(line)) {
			case "", "u":
				onlyUnanswered = true
			case "a":
			case "q":
				return s.stopPlain()
			default:
				fmt.Fprintln(out, "Type u, a or q.")
				continue
			}
			break
		}
	}

	num := 0
	lastFw := ""
	for si, sk := range fw.Skills {
		shown := false
		for _, a := range sk.Activities {
			num++
			key := [2]string{sk.Key(), a.ID}
			cur := s.answers[key]
			if onlyUnanswered && cur.rating != nil {
				continue
			}
			if !shown {
				shown = true
				if several && sk.Framework != lastFw {
					lastFw = sk.Framework
					fmt.Fprintf(out, "\n== Framework: %s ==\n", s.frameworkLine(sk.Framework))
				}
				fmt.Fprintf(out, "\nSkill %d of %d: %s (%s)\n", si+1, len(fw.Skills), sk.Name, activities(len(sk.Activities)))
				if sk.Description != "" {
					// One line, which a screen reader reads as one.
					fmt.Fprintln(out, sk.Description)
				}
			}
			fmt.Fprintf(out, "\nActivity %d of %d: %s\n", num, s.total(), a.Text)
			next := cur
			for {
				shownRating := "not rated"
				if cur.rating != nil {
					shownRating = s.scaleText(*cur.rating)
				}
				fmt.Fprintf(out, "Rating (%d to %d, s to skip) [%s]: ", lo, hi, shownRating)
				line, ok := in.readLine()
				if !ok {
					fmt.Fprintln(out)
					return s.stopPlain()
				}
				lower := strings.ToLower(line)
				if lower == "q" || lower == "quit" {
					return s.stopPlain()
				}
				if line == "" {
					break
				}
				if lower == "s" || lower == "skip" {
					next.rating = nil
					break
				}
				if v, err := strconv.Atoi(line); err == nil && ws.OnScale(v) {
					next.rating = &v
					break
				}
				fmt.Fprintf(out, "%q is not on the scale. Type a number from %d to %d, s to skip, q to stop, or press Enter to keep [%s].\n", line, lo, hi, shownRating)
			}
			shownNote := "none"
			if cur.note != "" {
				shownNote = strconv.Quote(cur.note)
			}
			fmt.Fprintf(out, "Note (optional) [%s]: ", shownNote)
			line, ok := in.readLine()
			quit := strings.EqualFold(line, "q") || strings.EqualFold(line, "quit")
			switch {
			case quit:
			case line == "-":
				next.note = ""
			case line != "":
				next.note = line
			}
			if next != cur {
				if err := s.save(map[[2]string]answer{key: next}); err != nil {
					return err
				}
				s.answers[key] = next
			}
			fmt.Fprintf(out, "Answered %d of %d.\n", s.answered(), s.total())
			if !ok || quit {
				return s.stopPlain()
			}
		}
	}
	return s.finishPlain(in, false)
}

// frameworkLine describes one framework asked of the participant: "Product
// Leadership, 30 activities in 4 skills, optional for your role level".
func (s *takeSession) frameworkLine(id string) string {
	p := s.w.fw.Part(id)
	if p == nil {
		return id
	}
	line := fmt.Sprintf("%s, %s in %s", p.Title, activities(p.ActivityCount()), plural(len(p.Skills), "skill"))
	if !s.w.ws.Required(s.roleID, id) {
		line += ", optional for your role level"
	}
	return line
}

// frameworkLines describes each framework asked of the participant.
func (s *takeSession) frameworkLines() []string {
	var out []string
	seen := map[string]bool{}
	for _, sk := range s.w.fw.Skills {
		if !seen[sk.Framework] {
			seen[sk.Framework] = true
			out = append(out, s.frameworkLine(sk.Framework))
		}
	}
	return out
}

// unanswered says "the 1 unanswered activity", "the 3 unanswered activities".
func unanswered(n int) string {
	if n == 1 {
		return "the 1 unanswered activity"
	}
	return fmt.Sprintf("the %d unanswered activities", n)
}

func activities(n int) string {
	if n == 1 {
		return "1 activity"
	}
	return fmt.Sprintf("%d activities", n)
}

func yes(line string) bool {
	l := strings.ToLower(strings.TrimSpace(line))
	return l == "y" || l == "yes"
}

func (s *takeSession) stopPlain() error {
	fmt.Fprintf(s.g.io.Out, "\nStopped. %s holds %d of %d answers; run skillmap take again to carry on.\n%s\n",
		s.path, s.answered(), s.total(), s.submitHint())
	return nil
}

// finishPlain says where the answers are and offers to submit them.
func (s *takeSession) finishPlain(in *lineReader, unchanged bool) error {
	out := s.g.io.Out
	if !unchanged {
		fmt.Fprintf(out, "\nThat was the last activity. %s holds %d of %d answers.\n", s.path, s.answered(), s.total())
	}
	// Asked of a person at a terminal; piped answers (a script written for
	// the questions before this one) go on to the submit question as they
	// always did, and set a plan with take --plan.
	if !s.planOnly && in.echo == nil {
		fmt.Fprint(out, "Set your focus and plan now, for the conversation with your line manager? (y/N): ")
		line, ok := in.readLine()
		if !ok {
			fmt.Fprintln(out)
		}
		if yes(line) {
			more, err := s.planPlain(in)
			if err != nil {
				return err
			}
			if !more {
				return s.stopPlain()
			}
		}
	}
	fmt.Fprintf(out, "Submit now? This commits %s as you, %s; you can change it and submit again later. (y/N): ", s.path, s.name)
	line, ok := in.readLine()
	if !ok {
		fmt.Fprintln(out)
	}
	if !yes(line) {
		fmt.Fprintf(out, "Not submitted. %s\n", s.submitHint())
		return nil
	}
	return runSubmit(s.g, &submitOptions{as: s.id})
}
