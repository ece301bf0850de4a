package serve

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/skillmap/skillmap/audit"
	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
)

// runAudit audits the fixture's history.
func (f *fixture) audit(t *testing.T) *audit.Result {
	t.Helper()
	snap, err := f.repo.At("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	res, err := audit.Run(f.repo, snap, f.ws, f.fw, audit.Options{MaxNew: -1})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestAuditShowsForm: the audit counts the form's commits and passes
// them when a facilitator ran the server; when someone else did, every
// one is a finding, marked as from the form; and a participant who writes
// the trailer into a commit of someone else's file gains nothing by it.
func TestAuditShowsForm(t *testing.T) {
	f := newFixture(t, 3)
	base := f.link(0)
	for n := 1; n <= 2; n++ {
		if w := f.post(base+"skill/"+strconv.Itoa(n), f.answers(0, n, 3, "")); w.Code != http.StatusSeeOther {
			t.Fatalf("save: %d", w.Code)
		}
	}
	res := f.audit(t)
	if res.Form != 2 || len(res.Findings) != 0 {
		t.Fatalf("facilitator's server: %d form commits, findings %v", res.Form, res.Findings)
	}

	// The server run by someone who is not a facilitator.
	setUser(t, f.repo.Root(), "Mal Lory", "mal@example.org")
	srv, err := New(f.repo, Options{})
	if err != nil {
		t.Fatal(err)
	}
	f.srv, f.h = srv, srv.Handler()
	if w := f.post(f.link(1)+"skill/1", f.answers(1, 1, 4, "")); w.Code != http.StatusSeeOther {
		t.Fatalf("save: %d", w.Code)
	}
	res = f.audit(t)
	if res.Form != 3 || len(res.Findings) != 1 || !res.Findings[0].Form || res.Findings[0].Kind != audit.KindOtherAuthor ||
		res.Findings[0].CommitterEmail != "mal@example.org" {
		t.Fatalf("someone else's server: %d form commits, findings %+v", res.Form, res.Findings)
	}

	// A participant forging the trailer on another's file.
	other := f.people[2]
	data := survey.RenderResponse(f.ws, f.fw, survey.NewResponse(other))
	data = append(data, "# changed by someone else\n"...)
	p := f.people[1]
	forger := gitstore.Signature{Name: p.Name, Email: p.Email}
	if _, err := f.repo.Commit([]gitstore.File{{Path: survey.ResponsePath(other.ID), Data: data}}, forger,
		"Save self-assessment\n\n"+audit.FormTrailer+": "+audit.FormTrailerValue); err != nil {
		t.Fatal(err)
	}
	res = f.audit(t)
	if res.Form != 4 || len(res.Findings) != 2 || res.Findings[1].AuthorEmail != p.Email || res.Findings[1].Participant != other.ID {
		t.Fatalf("forged trailer: %d form commits, findings %+v", res.Form, res.Findings)
	}
	if s := res.Findings[1].String(); !strings.Contains(s, "[web form]") {
		t.Errorf("finding %q does not say it claims the form", s)
	}
}

func TestIsForm(t *testing.T) {
	for msg, want := range map[string]bool{
		"Save\n\n1 of 54 rated.\n\nSkillmap-Form: link token checked\n": true,
		"Save\n\nSkillmap-Form: link token checked":                     true,
		"Save\r\n\r\nskillmap-form:  link token checked\r\n":            true,
		"Skillmap-Form: link token checked":                             false, // a subject, not a trailer
		"Save\n\nSkillmap-Form: link token checked\n\nmore text":        false, // not the last paragraph
		"Save\n\nSkillmap-Form: yes":                                    false,
	} {
		if got := audit.IsForm(msg); got != want {
			t.Errorf("IsForm(%q) = %v, want %v", msg, got, want)
		}
	}
}
