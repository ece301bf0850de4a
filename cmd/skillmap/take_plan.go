package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
)

// The focus and plan step of take: after rating, the participant may mark
// the activities they mean to work on, write a short plan, and name their
// line manager (not in a pseudonymous workshop); it goes into the plan
// section of their response file (survey.EditPlan), every other line as it
// was.

// activityRefs lists the framework's activities in survey order, numbered
// from 1 as the plain questions show them.
func (s *takeSession) activityRefs() ([]survey.ActivityRef, []string) {
	var refs []survey.ActivityRef
	var texts []string
	for _, sk := range s.w.fw.Skills {
		for _, a := range sk.Activities {
			ref := survey.ActivityRef{Skill: sk.ID, Activity: a.ID}
			if s.w.fw.Several() {
				// Skill ids are unique only within a framework.
				ref.Framework = sk.Framework
			}
			refs = append(refs, ref)
			texts = append(texts, a.Text)
		}
	}
	return refs, texts
}

// savePlan writes the plan into the response file as it is on disk now.
func (s *takeSession) savePlan(pl *survey.Plan) error {
	full := filepath.Join(s.w.repo.Root(), filepath.FromSlash(s.path))
	data, err := os.ReadFile(full)
	if err != nil {
		return err
	}
	out, mode, err := survey.EditPlan(s.path, s.w.ws, data, pl)
	if err != nil {
		return fmt.Errorf("your plan was not saved: %w", err)
	}
	s.plan = pl
	if mode == survey.Unchanged {
		return nil
	}
	return gitstore.WriteFileAtomic(full, out)
}

func (s *takeSession) currentPlan() survey.Plan {
	if s.plan == nil {
		return survey.Plan{}
	}
	return *s.plan
}

// planPlain asks for the focus and plan, one question a line. ok is false
// when the input ended or the participant stopped.
func (s *takeSession) planPlain(in *lineReader) (ok bool, err error) {
	out := s.g.io.Out
	refs, _ := s.activityRefs()
	cur := s.currentPlan()
	fmt.Fprintln(out, "\nYour focus and plan, for the conversation with your line manager. Everyone who")
	fmt.Fprintln(out, "can read the workshop's repository can read them, as they can your ratings.")
	num := map[survey.ActivityRef]int{}
	for i, r := range refs {
		num[r] = i + 1
	}
	var shown []string
	for _, f := range cur.Focus {
		if n, ok := num[f]; ok {
			shown = append(shown, strconv.Itoa(n))
		}
	}
	next := cur
	for {
		keep := "none"
		if len(shown) > 0 {
			keep = strings.Join(shown, " ")
		}
		fmt.Fprintf(out, "Focus activities: their numbers (1 to %d), up to %d, separated by spaces; - clears [%s]: ", len(refs), survey.MaxFocus, keep)
		line, more := in.readLine()
		if !more || strings.EqualFold(line, "q") {
			if !more {
				fmt.Fprintln(out)
			}
			return false, nil
		}
		if line == "" {
			break
		}
		if line == "-" {
			next.Focus = nil
			break
		}
		focus, msg := parseFocus(line, refs)
		if msg != "" {
			fmt.Fprintln(out, msg)
			continue
		}
		next.Focus = focus
		break
	}
	keepText := "none"
	if cur.Text != "" {
		keepText = strconv.Quote(cur.Text)
	}
	fmt.Fprintf(out, "Your plan, in a line or two (up to %d characters; - clears) [%s]: ", survey.MaxPlanText, keepText)
	line, more := in.readLine()
	switch {
	case !more:
		fmt.Fprintln(out)
	case line == "-":
		next.Text = ""
	case line != "":
		next.Text = string([]rune(line)[:min(len([]rune(line)), survey.MaxPlanText)])
	}
	if more && !s.w.ws.Pseudonymous {
		keepName := "none"
		if cur.LineManager != "" {
			keepName = cur.LineManager
		}
		for {
			fmt.Fprintf(out, "Your line manager's name (optional; - clears) [%s]: ", keepName)
			line, more = in.readLine()
			if !more {
				fmt.Fprintln(out)
				break
			}
			if line == "-" {
				next.LineManager = ""
				break
			}
			if line == "" {
				break
			}
			if err := survey.CheckName(line); err != nil {
				fmt.Fprintf(out, "That cannot be saved: %v.\n", err)
				continue
			}
			next.LineManager = line
			break
		}
	}
	if err := s.savePlan(&next); err != nil {
		return false, err
	}
	fmt.Fprintf(out, "Saved your plan in %s: %s.\n", s.path, plural(len(next.Focus), "focus activity"))
	return more, nil
}

// parseFocus reads activity numbers, or says what is wrong with them.
func parseFocus(line string, refs []survey.ActivityRef) ([]survey.ActivityRef, string) {
	fields := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == ',' })
	if len(fields) > survey.MaxFocus {
		return nil, fmt.Sprintf("Choose up to %d activities.", survey.MaxFocus)
	}
	var out []survey.ActivityRef
	seen := map[int]bool{}
	for _, f := range fields {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > len(refs) {
			return nil, fmt.Sprintf("%q is not an activity's number: type numbers from 1 to %d.", f, len(refs))
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, refs[n-1])
		}
	}
	return out, ""
}

// planForm is the focus and plan page of the terminal form.
func (s *takeSession) planForm() error {
	refs, texts := s.activityRefs()
	cur := s.currentPlan()
	var opts []huh.Option[int]
	chosen := map[survey.ActivityRef]bool{}
	for _, f := range cur.Focus {
		chosen[f] = true
	}
	var picked []int
	for i, r := range refs {
		opts = append(opts, huh.NewOption(fmt.Sprintf("%d. %s", i+1, texts[i]), i).Selected(chosen[r]))
		if chosen[r] {
			picked = append(picked, i)
		}
	}
	text, manager := cur.Text, cur.LineManager
	fields := []huh.Field{
		huh.NewMultiSelect[int]().
			Title("Focus activities").
			Description(fmt.Sprintf("Up to %d activities to work on. Space marks one, Enter goes on.", survey.MaxFocus)).
			Options(opts...).
			Limit(survey.MaxFocus).
			Value(&picked),
		huh.NewText().
			Title("Your plan").
			Description("How you mean to work on them. Everyone who can read the workshop's repository can read it.").
			CharLimit(survey.MaxPlanText).
			Value(&text),
	}
	if !s.w.ws.Pseudonymous {
		fields = append(fields, huh.NewInput().
			Title("Your line manager's name (optional)").
			Value(&manager).
			Validate(func(v string) error {
				if strings.TrimSpace(v) == "" {
					return nil
				}
				return survey.CheckName(strings.TrimSpace(v))
			}))
	}
	err := s.newForm(keys("save"), huh.NewGroup(fields...).Title("Focus and plan, for the conversation with your line manager")).Run()
	if errors.Is(err, huh.ErrUserAborted) {
		return nil // nothing saved
	}
	if err != nil {
		return err
	}
	next := survey.Plan{Text: strings.TrimSpace(text), LineManager: strings.TrimSpace(manager)}
	for _, i := range picked {
		next.Focus = append(next.Focus, refs[i])
	}
	return s.savePlan(&next)
}
