package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"golang.org/x/term"

	"github.com/skillmap/skillmap/internal/termtext"
)

// The terminal form of take: a menu of skills with what is answered in
// each, and a page per skill. A page is saved when it is done (or when
// the participant stops with Ctrl+C), and the menu comes back with the
// next skill chosen, so Enter, Enter... walks the whole survey, and any
// skill can be revisited.

const (
	menuFinish = -1
	menuStop   = -2
	menuBack   = -3 // back to the menu of frameworks
	menuPlan   = -4 // the focus and plan (take_plan.go), then finish
	skipRating = -1 // the "skip" choice: no rating
)

func (s *takeSession) theme() *huh.Theme {
	if os.Getenv("NO_COLOR") != "" {
		return huh.ThemeBase()
	}
	return huh.ThemeCharm()
}

// newForm makes a full-screen form. Its height is set to the terminal's:
// left to itself, huh v1.0.0 draws a form taller than the terminal one line
// too high, cutting off its first line.
func (s *takeSession) newForm(keys *huh.KeyMap, groups ...*huh.Group) *huh.Form {
	f := huh.NewForm(groups...).WithTheme(s.theme()).WithKeyMap(keys).WithShowHelp(true).
		WithProgramOptions(tea.WithAltScreen()).
		WithInput(s.g.io.In).WithOutput(s.g.io.errRaw())
	if w, h := s.termSize(); h > 4 {
		// Width first: the height left for the fields depends on how the
		// heading wraps.
		f = f.WithWidth(min(w, 100)).WithHeight(h - 1)
	}
	return f
}

// termSize is the terminal's width and height, or zero.
func (s *takeSession) termSize() (int, int) {
	w, h, err := term.GetSize(int(os.Stderr.Fd()))
	if err != nil {
		return 0, 0
	}
	return w, h
}

// keys are huh's keys, with help that says what Enter does here and no
// filtering of the choices (a "/" would only confuse).
func keys(enterDoes string) *huh.KeyMap {
	k := huh.NewDefaultKeyMap()
	k.Select.Filter.SetEnabled(false)
	k.Select.Next.SetHelp("enter", "next")
	k.Select.Submit.SetHelp("enter", enterDoes)
	k.Input.Submit.SetHelp("enter", enterDoes)
	k.Confirm.Submit.SetHelp("enter", enterDoes)
	return k
}

func (s *takeSession) skillAnswered(i int) int {
	n := 0
	sk := s.w.fw.Skills[i]
	for _, a := range sk.Activities {
		if s.answers[[2]string{sk.Key(), a.ID}].rating != nil {
			n++
		}
	}
	return n
}

// inView reports whether skill i is in the skill menu: in the framework
// chosen from the menu of frameworks, if there is one.
func (s *takeSession) inView(i int) bool {
	return s.only == "" || s.w.fw.Skills[i].Framework == s.only
}

// nextSkill is the first skill from i on, in view, with an unanswered
// activity, or menuFinish.
func (s *takeSession) nextSkill(i int) int {
	for ; i < len(s.w.fw.Skills); i++ {
		if s.inView(i) && s.skillAnswered(i) < len(s.w.fw.Skills[i].Activities) {
			return i
		}
	}
	return menuFinish
}

// runForm runs the form: in a workshop of several frameworks, a menu of
// the frameworks asked of the participant, each opening a menu of its
// skills; otherwise the menu of skills.
func (s *takeSession) runForm() error {
	if s.planOnly {
		return s.endForm(menuPlan, nil)
	}
	ids := s.askedFrameworks()
	if len(ids) < 2 {
		return s.endForm(s.skillMenus())
	}
	pick := menuFinish
	for i, id := range ids {
		if s.frameworkAnswered(id) < s.w.fw.Part(id).ActivityCount() {
			pick = i
			break
		}
	}
	for {
		if err := s.frameworkMenu(ids, &pick); err != nil {
			if errors.Is(err, huh.ErrUserAborted) {
				return s.stopForm()
			}
			return err
		}
		if pick < 0 {
			return s.endForm(pick, nil)
		}
		s.only = ids[pick]
		action, err := s.skillMenus()
		s.only = ""
		if err != nil || action != menuBack {
			return s.endForm(action, err)
		}
		if pick+1 < len(ids) && s.frameworkAnswered(ids[pick]) == s.w.fw.Part(ids[pick]).ActivityCount() {
			pick++
		}
	}
}

// endForm stops or finishes the form as the menu's choice says.
func (s *takeSession) endForm(action int, err error) error {
	switch {
	case err != nil:
		return err
	case action == menuFinish:
		return s.finishForm()
	case action == menuPlan:
		if err := s.planForm(); err != nil {
			return err
		}
		return s.finishForm()
	}
	return s.stopForm()
}

// askedFrameworks lists the frameworks whose skills the session shows, in
// order.
func (s *takeSession) askedFrameworks() []string {
	var ids []string
	for _, sk := range s.w.fw.Skills {
		if len(ids) == 0 || ids[len(ids)-1] != sk.Framework {
			ids = append(ids, sk.Framework)
		}
	}
	return ids
}

func (s *takeSession) frameworkAnswered(id string) int {
	n := 0
	for i, sk := range s.w.fw.Skills {
		if sk.Framework == id {
			n += s.skillAnswered(i)
		}
	}
	return n
}

// frameworkMenu is the menu above the skill menus: each framework with
// how much of it is answered.
func (s *takeSession) frameworkMenu(ids []string, pick *int) error {
	var opts []huh.Option[int]
	for i, id := range ids {
		n, all := s.frameworkAnswered(id), s.w.fw.Part(id).ActivityCount()
		mark := " "
		if n == all {
			mark = "✓"
		}
		opts = append(opts, huh.NewOption(fmt.Sprintf("%s %s  %d of %d answered", mark, s.frameworkLine(id), n, all), i))
	}
	opts = append(opts,
		huh.NewOption(s.planLabel(), menuPlan),
		huh.NewOption("  Finish: submit, or leave it for later", menuFinish),
		huh.NewOption("  Stop here (your answers are saved)", menuStop))
	sel := huh.NewSelect[int]().
		Title(fmt.Sprintf("Self-assessment of %s: %d of %d answered", s.name, s.answered(), s.total())).
		Description(fmt.Sprintf("%s\nChoose a framework, then a skill to rate its activities. Answers are saved into %s as you go; Ctrl+C stops.",
			s.w.ws.Title, s.path)).
		Options(opts...).
		Value(pick)
	return s.newForm(keys("open"), huh.NewGroup(sel)).Run()
}

// skillMenus runs the skill menu and its pages until the participant
// finishes, stops, or goes back to the frameworks, and says which.
func (s *takeSession) skillMenus() (int, error) {
	pick := s.nextSkill(0)
	if pick == menuFinish && s.only != "" {
		pick = menuBack
		for i := range s.w.fw.Skills {
			if s.inView(i) {
				pick = i
				break
			}
		}
	}
	for {
		if err := s.menu(&pick); err != nil {
			if errors.Is(err, huh.ErrUserAborted) {
				return menuStop, nil
			}
			return 0, err
		}
		if pick < 0 {
			return pick, nil
		}
		done, err := s.page(pick)
		if err != nil {
			return 0, err
		}
		if !done {
			return menuStop, nil
		}
		end := menuFinish
		if s.only != "" {
			end = menuBack
		}
		if next := s.nextSkill(pick + 1); next != menuFinish {
			pick = next
		} else if pick+1 < len(s.w.fw.Skills) && s.inView(pick+1) {
			pick++
		} else if end == menuFinish && s.plan.Empty() {
			// Rated: the focus and plan come next, then Finish.
			pick = menuPlan
		} else {
			pick = end
		}
	}
}

// planLabel is the menu's line for the focus and plan.
func (s *takeSession) planLabel() string {
	if !s.plan.Empty() {
		return fmt.Sprintf("✓ Focus and plan: %s (then finish)", plural(len(s.plan.Focus), "focus activity"))
	}
	return "  Focus and plan (optional), for the talk with your line manager, then finish"
}

func (s *takeSession) menu(pick *int) error {
	fw := s.w.fw
	width := 0
	for _, sk := range fw.Skills {
		width = max(width, len([]rune(sk.Name)))
	}
	// On a narrow terminal the counts are kept short, on the skill's line.
	w, _ := s.termSize()
	narrow := w > 0 && w < width+24
	var opts []huh.Option[int]
	for i, sk := range fw.Skills {
		if !s.inView(i) {
			continue
		}
		n, all := s.skillAnswered(i), len(sk.Activities)
		mark := " "
		if n == all {
			mark = "✓"
		}
		label := fmt.Sprintf("%s %-*s  %2d of %2d answered", mark, width, sk.Name, n, all)
		if narrow {
			label = fmt.Sprintf("%s %-*s  %d/%d", mark, width, sk.Name, n, all)
		}
		opts = append(opts, huh.NewOption(label, i))
	}
	if s.only != "" {
		opts = append(opts, huh.NewOption("  Back to the frameworks", menuBack))
	}
	opts = append(opts,
		huh.NewOption(s.planLabel(), menuPlan),
		huh.NewOption("  Finish: submit, or leave it for later", menuFinish),
		huh.NewOption("  Stop here (your answers are saved)", menuStop))
	title := fmt.Sprintf("Self-assessment of %s: %d of %d answered", s.name, s.answered(), s.total())
	shown := fw.Title
	if p := fw.Part(s.only); s.only != "" && p != nil {
		shown = p.Title
	}
	sel := huh.NewSelect[int]().
		Title(title).
		Description(fmt.Sprintf("%s · %s\nChoose a skill to rate its activities. Answers are saved into %s as you go; Ctrl+C stops.",
			s.w.ws.Title, shown, s.path)).
		Options(opts...).
		Value(pick)
	return s.newForm(keys("open"), huh.NewGroup(sel)).Run()
}

// page asks every activity of one skill, then saves what changed. done is
// false when the participant stopped (what they entered is saved too).
func (s *takeSession) page(i int) (done bool, err error) {
	fw, ws := s.w.fw, s.w.ws
	sk := fw.Skills[i]
	// What the fields hold while the page is open.
	type vals struct {
		Rating int
		Note   string
	}
	v := make([]vals, len(sk.Activities))
	// A note is shown with its control characters escaped; left as shown,
	// it is kept as it was.
	shownNotes := make([]string, len(sk.Activities))
	first := 0
	for _, earlier := range fw.Skills[:i] {
		first += len(earlier.Activities)
	}
	var opts []huh.Option[int]
	opts = append(opts, huh.NewOption("skip", skipRating))
	for _, l := range ws.Scale {
		opts = append(opts, huh.NewOption(s.scaleText(l.Value), l.Value))
	}
	// The header stays put while the fields scroll, so it holds what the
	// participant needs throughout: the skill, where they are, the scale.
	// On a short terminal it keeps to two lines (the skill's description
	// gives way), so that the activity in hand stays in view below it.
	var scale, values []string
	var scaleValues []int
	for _, l := range ws.Scale {
		scale = append(scale, fmt.Sprintf("%d %s", l.Value, l.Label))
		values = append(values, strconv.Itoa(l.Value))
		scaleValues = append(scaleValues, l.Value)
	}
	_, height := s.termSize()
	header := ""
	if sk.Description != "" && height >= 30 {
		header = sk.Description + "\n\n"
	}
	if height >= 20 {
		header += "Scale: " + strings.Join(scale, " · ") + " (or skip)\n" +
			"←/→ or a digit choose a rating · Enter goes on · Shift+Tab goes back · Ctrl+C stops (answers are kept)"
	} else {
		header += "Scale: " + strings.Join(scale, " · ") + " · ←/→ or " + strings.Join(values, "/") + " · Ctrl+C stops"
	}
	var fields []huh.Field
	back := new(bool)
	for j, a := range sk.Activities {
		ans := s.answers[[2]string{sk.Key(), a.ID}]
		shownNotes[j] = termtext.Line(ans.note)
		v[j] = vals{Rating: skipRating, Note: shownNotes[j]}
		if ans.rating != nil {
			v[j].Rating = *ans.rating
		}
		rating := huh.NewSelect[int]().
			Title(fmt.Sprintf("%d. %s", first+j+1, a.Text)).
			Options(opts...).
			Value(&v[j].Rating).
			Inline(true)
		note := huh.NewInput().
			Title("   Note ").
			Placeholder("optional").
			Value(&v[j].Note).
			Inline(true).
			CharLimit(1000)
		fields = append(fields, newActivityField(rating, &v[j].Rating, note, scaleValues, back))
	}
	group := huh.NewGroup(fields...).
		Title(fmt.Sprintf("%s · skill %d of %d · %d of %d answered so far", sk.Name, i+1, len(fw.Skills), s.answered(), s.total())).
		Description(header)
	runErr := s.newForm(keys("save"), group).Run()
	if runErr != nil && !errors.Is(runErr, huh.ErrUserAborted) {
		return false, runErr
	}
	changed := map[[2]string]answer{}
	for j, a := range sk.Activities {
		key := [2]string{sk.Key(), a.ID}
		next := answer{note: strings.TrimSpace(v[j].Note)}
		if v[j].Note == shownNotes[j] {
			next.note = s.answers[key].note
		}
		if v[j].Rating != skipRating {
			r := v[j].Rating
			next.rating = &r
		}
		if old := s.answers[key]; (old.rating == nil) != (next.rating == nil) || old.rating != nil && *old.rating != *next.rating || old.note != next.note {
			changed[key] = next
		}
	}
	if err := s.save(changed); err != nil {
		return false, err
	}
	for k, a := range changed {
		s.answers[k] = a
	}
	return runErr == nil, nil
}

func (s *takeSession) stopForm() error {
	fmt.Fprintf(s.g.io.Out, "Stopped. %s holds %d of %d answers; run skillmap take again to carry on.\n%s\n",
		s.path, s.answered(), s.total(), s.submitHint())
	return nil
}

func (s *takeSession) finishForm() error {
	// Submit is what the survey was for: it is the choice Enter takes.
	submit := true
	confirm := huh.NewConfirm().
		Title(fmt.Sprintf("Submit now? %d of %d activities answered.", s.answered(), s.total())).
		Description(fmt.Sprintf("This commits %s as you, %s.\nYou can change your answers and submit again later.", s.path, s.name)).
		Affirmative("Submit").
		Negative("Not yet").
		Value(&submit)
	err := s.newForm(keys("done"), huh.NewGroup(confirm)).Run()
	if err != nil && !errors.Is(err, huh.ErrUserAborted) {
		return err
	}
	if !submit {
		fmt.Fprintf(s.g.io.Out, "Not submitted. %s holds %d of %d answers.\n%s\n", s.path, s.answered(), s.total(), s.submitHint())
		return nil
	}
	return runSubmit(s.g, &submitOptions{as: s.id})
}
