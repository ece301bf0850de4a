package serve

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/workshop"
)

// visit is one request of a participant whose link checked out: their
// file as the working copy has it now, and the workshop's settings.
type visit struct {
	id   string
	base string // the link's path, /p/ID/TOKEN/
	csrf string
	ws   *survey.Workshop
	fw   *survey.Framework
	resp *survey.Response
}

// skillKey is the key of a skill's answers in a response (Skill.Key: in
// a workshop of several frameworks, skill ids are unique only within
// one).
func skillKey(sk *survey.Skill) string { return sk.Key() }

// participant guards a participant's pages: the link's token, then their
// file, read and checked afresh on every request so that leaving and
// coming back resumes where the file is, whoever changed it.
func (s *Server) participant(h func(http.ResponseWriter, *http.Request, *visit)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		k, ok := s.tokenOK(w, r, kindParticipant, id)
		if !ok {
			return
		}
		v := &visit{id: id, base: participantPath(k, id), csrf: k.token(kindCSRF, id)}
		var err error
		if v.ws, v.fw, err = s.load(); err != nil {
			s.log.Printf("settings: %v", err)
			s.fail(w, r, http.StatusInternalServerError, "Sorry, there is a problem with the service", "The workshop's settings cannot be read. Tell the facilitator.")
			return
		}
		path := survey.ResponsePath(id)
		sf := workshop.WorktreeResponse(s.repo, path)
		if sf.Err != nil {
			if errors.Is(sf.Err, os.ErrNotExist) {
				s.fail(w, r, http.StatusNotFound, "This link does not work", "You are no longer on this workshop's list of participants. Ask the facilitator.")
				return
			}
			s.log.Printf("%s: %v", path, sf.Err)
			s.fail(w, r, http.StatusInternalServerError, "Sorry, there is a problem with your answers' file", "Tell the facilitator: "+path+" cannot be read.")
			return
		}
		var ps survey.Problems
		if v.resp, ps = survey.CheckResponse(path, sf.Data, v.ws, v.fw); len(ps) > 0 {
			s.render(w, http.StatusConflict, "broken", page{Title: "Your answers' file needs fixing first", Data: ps})
			return
		}
		// The answers keyed as the skills are, and only the skills of the
		// frameworks the participant's role level is asked.
		v.resp = v.resp.KeyedFor(v.fw)
		v.fw = v.fw.AskedOf(v.ws, v.resp.Participant.Role)
		if r.Method == http.MethodPost {
			if err := r.ParseForm(); err != nil {
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					s.fail(w, r, http.StatusRequestEntityTooLarge, "What you sent is too large", "Make your notes shorter and try again.")
					return
				}
				s.fail(w, r, http.StatusBadRequest, "What you sent could not be read", "Go back and try again.")
				return
			}
			got := r.PostForm.Get("csrf")
			if subtle.ConstantTimeCompare([]byte(got), []byte(v.csrf)) != 1 {
				s.log.Printf("refused a post without the form's CSRF token (%s) from %s", redactPath(r.URL.Path), clientAddr(r))
				s.fail(w, r, http.StatusForbidden, "Your answers were not saved", "The form you sent is out of date. Open your personal link again and re-enter them.")
				return
			}
		}
		h(w, r, v)
	}
}

// progress counts a participant's answered activities of the framework.
func (v *visit) progress() (answered, total int) { return countAnswered(v.resp, v.fw) }

// countAnswered counts the activities of fw that r rates, and all of fw's.
func countAnswered(r *survey.Response, fw *survey.Framework) (answered, total int) {
	for i := range fw.Skills {
		sk := &fw.Skills[i]
		for _, a := range sk.Activities {
			total++
			if ans := r.Answer(skillKey(sk), a.ID); ans != nil && ans.Rating != nil {
				answered++
			}
		}
	}
	return answered, total
}

// firstUnanswered is the number (from 1) of the first skill with an
// activity left to rate, or 0 when every one is rated.
func (v *visit) firstUnanswered() int {
	for i := range v.fw.Skills {
		sk := &v.fw.Skills[i]
		for _, a := range sk.Activities {
			if ans := v.resp.Answer(skillKey(sk), a.ID); ans == nil || ans.Rating == nil {
				return i + 1
			}
		}
	}
	return 0
}

type startData struct {
	Base, Name, Role, Framework string
	Answered, Total, Skills     int
	Next                        int // skill to go on with; 0: all rated
	Scale                       []survey.Level
}

func (s *Server) start(w http.ResponseWriter, r *http.Request, v *visit) {
	answered, total := v.progress()
	d := startData{Base: v.base, Name: v.resp.Participant.Name, Role: v.resp.Participant.Role,
		Framework: v.fw.Title, Answered: answered, Total: total, Skills: len(v.fw.Skills), Next: v.firstUnanswered(), Scale: v.ws.Scale}
	if role := v.ws.Role(d.Role); role != nil {
		d.Role = role.Name
	}
	s.render(w, http.StatusOK, "start", page{Title: "Your self-assessment", Workshop: v.ws.Title, Data: d})
}

// option is one radio button of a rating.
type option struct {
	ID, Value, Label, Meaning string
	Checked                   bool
}

// activityView is one activity's question on a skill page.
type activityView struct {
	ID, Text, Note, Error string
	Num                   int // the activity's number within the skill
	Options               []option
	None                  option // "no rating"
}

// fieldError is an error for the summary at the top of a page, linking
// to its field.
type fieldError struct{ Field, Text string }

type skillData struct {
	Base, CSRF, Back  string
	N, Of             int
	Name, Description string
	Framework         string // the skill's framework, in a workshop of several
	Answered, Total   int
	Activities        []activityView
	Errors            []fieldError
}

// skillNumber reads the skill page's number; 0 when there is none such.
func (v *visit) skillNumber(r *http.Request) int {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > len(v.fw.Skills) || strconv.Itoa(n) != r.PathValue("n") {
		return 0
	}
	return n
}

func (s *Server) skillPage(w http.ResponseWriter, r *http.Request, v *visit) {
	n := v.skillNumber(r)
	if n == 0 {
		s.notFound(w, r)
		return
	}
	sk := &v.fw.Skills[n-1]
	answers := map[string]answerForm{}
	for _, a := range sk.Activities {
		if ans := v.resp.Answer(skillKey(sk), a.ID); ans != nil {
			f := answerForm{note: ans.Note}
			if ans.Rating != nil {
				f.rating = strconv.Itoa(*ans.Rating)
			}
			answers[a.ID] = f
		}
	}
	s.renderSkill(w, http.StatusOK, v, n, answers, nil)
}

// answerForm is an answer as the form holds it: text, not yet checked.
type answerForm struct {
	rating, note string
	err          string
}

func (s *Server) renderSkill(w http.ResponseWriter, status int, v *visit, n int, answers map[string]answerForm, errs []fieldError) {
	sk := &v.fw.Skills[n-1]
	answered, total := v.progress()
	d := skillData{Base: v.base, CSRF: v.csrf, N: n, Of: len(v.fw.Skills), Name: sk.Name, Description: sk.Description,
		Answered: answered, Total: total, Errors: errs}
	if v.fw.Several() {
		if part := v.fw.Part(sk.Framework); part != nil {
			d.Framework = part.Title
		}
	}
	d.Back = v.base
	if n > 1 {
		d.Back = fmt.Sprintf("%sskill/%d", v.base, n-1)
	}
	for i, a := range sk.Activities {
		f := answers[a.ID]
		av := activityView{ID: a.ID, Text: a.Text, Note: f.note, Error: f.err, Num: i + 1}
		for j, l := range v.ws.Scale {
			val := strconv.Itoa(l.Value)
			id := "r-" + a.ID
			if j > 0 {
				id += "-" + val
			}
			av.Options = append(av.Options, option{ID: id, Value: val, Label: l.Label, Meaning: l.Meaning, Checked: f.rating == val})
		}
		av.None = option{ID: "r-" + a.ID + "-none", Value: "none", Label: "No rating", Checked: f.rating == "none"}
		d.Activities = append(d.Activities, av)
	}
	title := sk.Name
	s.render(w, status, "skill", page{Title: title, Workshop: v.ws.Title, Errors: len(errs) > 0, Data: d})
}

// readAnswers reads a skill page's post: a rating on the scale (or none)
// and a note for each of the skill's activities. Fields of other
// activities, or unknown ones, are ignored.
func readAnswers(r *http.Request, v *visit, sk *survey.Skill) (map[string]answerForm, []survey.AnswerEdit, []fieldError) {
	answers := map[string]answerForm{}
	var edits []survey.AnswerEdit
	var errs []fieldError
	for i, a := range sk.Activities {
		f := answerForm{rating: r.PostForm.Get("r-" + a.ID), note: cleanNote(r.PostForm.Get("n-" + a.ID))}
		e := survey.AnswerEdit{Skill: skillKey(sk), Activity: a.ID, Note: f.note}
		switch f.rating {
		case "", "none":
		default:
			val, err := strconv.Atoi(f.rating)
			if err != nil || !v.ws.OnScale(val) || strconv.Itoa(val) != f.rating {
				f.err = fmt.Sprintf("Choose a rating for activity %d from the list", i+1)
				errs = append(errs, fieldError{Field: "r-" + a.ID, Text: f.err})
				f.rating = ""
			} else {
				e.Rating = &val
			}
		}
		if n := utf8.RuneCountInString(f.note); n > survey.MaxTextLength {
			f.err = fmt.Sprintf("The note for activity %d must be %d characters or fewer (it has %d)", i+1, survey.MaxTextLength, n)
			errs = append(errs, fieldError{Field: "n-" + a.ID, Text: f.err})
		}
		answers[a.ID] = f
		edits = append(edits, e)
	}
	return answers, edits, errs
}

// cleanNote makes a note from the form fit for the file: line breaks as
// \n, no other control characters, no spaces around it.
func cleanNote(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) || r == 0xfffe || r == 0xffff {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(strings.ToValidUTF8(s, "\uFFFD"))
}

func (s *Server) saveSkill(w http.ResponseWriter, r *http.Request, v *visit) {
	n := v.skillNumber(r)
	if n == 0 {
		s.notFound(w, r)
		return
	}
	sk := &v.fw.Skills[n-1]
	answers, edits, errs := readAnswers(r, v, sk)
	if len(errs) > 0 {
		s.renderSkill(w, http.StatusUnprocessableEntity, v, n, answers, errs)
		return
	}
	if _, err := s.save(v.id, edits, false); err != nil {
		s.log.Printf("save %s: %v", v.id, err)
		s.fail(w, r, http.StatusInternalServerError, "Sorry, your answers were not saved", "Go back and try again in a minute. If it happens again, tell the facilitator.")
		return
	}
	next := v.base + "check"
	if n < len(v.fw.Skills) {
		next = fmt.Sprintf("%sskill/%d", v.base, n+1)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// checkSkill is one skill on the check-your-answers page.
type checkSkill struct {
	N          int
	Name       string
	Framework  string // in a workshop of several
	Activities []checkActivity
}

type checkActivity struct {
	ID, Text, Rating, Note string
}

type checkData struct {
	Base, CSRF, Name string
	Answered, Total  int
	Skills           []checkSkill
}

func (s *Server) checkPage(w http.ResponseWriter, r *http.Request, v *visit) {
	answered, total := v.progress()
	d := checkData{Base: v.base, CSRF: v.csrf, Name: v.resp.Participant.Name, Answered: answered, Total: total}
	labels := map[int]string{}
	for _, l := range v.ws.Scale {
		labels[l.Value] = fmt.Sprintf("%d – %s", l.Value, l.Label)
	}
	for i := range v.fw.Skills {
		sk := &v.fw.Skills[i]
		cs := checkSkill{N: i + 1, Name: sk.Name}
		if part := v.fw.Part(sk.Framework); v.fw.Several() && part != nil {
			cs.Framework = part.Title
		}
		for _, a := range sk.Activities {
			ca := checkActivity{ID: a.ID, Text: a.Text, Rating: "Not rated"}
			if ans := v.resp.Answer(skillKey(sk), a.ID); ans != nil {
				if ans.Rating != nil {
					ca.Rating = labels[*ans.Rating]
				}
				ca.Note = ans.Note
			}
			cs.Activities = append(cs.Activities, ca)
		}
		d.Skills = append(d.Skills, cs)
	}
	s.render(w, http.StatusOK, "check", page{Title: "Check your answers", Workshop: v.ws.Title, Data: d})
}

func (s *Server) submit(w http.ResponseWriter, r *http.Request, v *visit) {
	seq, err := s.save(v.id, nil, true)
	if err != nil {
		s.log.Printf("submit %s: %v", v.id, err)
		s.fail(w, r, http.StatusInternalServerError, "Sorry, your answers were not submitted", "Go back and try again in a minute. If it happens again, tell the facilitator.")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), pushWait)
	defer cancel()
	status := "sent"
	switch err := s.pusher.wait(ctx, seq); {
	case errors.Is(err, errNoRemote):
		status = "saved"
	case err != nil:
		status = "pending"
	}
	http.Redirect(w, r, v.base+"done?s="+status, http.StatusSeeOther)
}

type doneData struct {
	Base            string
	Answered, Total int
	Status          string
}

func (s *Server) done(w http.ResponseWriter, r *http.Request, v *visit) {
	answered, total := v.progress()
	d := doneData{Base: v.base, Answered: answered, Total: total, Status: r.URL.Query().Get("s")}
	s.render(w, http.StatusOK, "done", page{Title: "Self-assessment submitted", Workshop: v.ws.Title, Data: d})
}
