package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/workshop"
)

type addOptions struct {
	name, role, email, id string
	from                  string
	peopleFile            string
}

func newAddCmd(g *globals) *cobra.Command {
	o := &addOptions{}
	cmd := &cobra.Command{
		Use:   "add NAME --role ROLE [--email EMAIL] [--id ID] | add --from people.csv",
		Short: "Add participants: one response file each, in one commit",
		Long: `Adds participants to the workshop: writes responses/<id>.yaml for each, ready
to fill in, and commits them all in one commit. The id defaults to the name
in lower case with hyphens (jane-smith).

--from reads a CSV file with the header name,email,role (and optionally id).
If any participant is refused (an unsafe id, a duplicate, an unknown role, a
malformed row), nothing is written.`,
		Example: `  skillmap add "Jane Smith" --role senior-product-manager --email jane.smith@example.org
  skillmap add "Sam O'Neill" --role head-of-product --id sam-oneill
  skillmap add --from people.csv`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if len(a) == 1 {
				o.name = a[0]
			}
			switch {
			case o.from != "" && (o.name != "" || o.role != "" || o.email != "" || o.id != ""):
				return usageErr(errors.New("give either NAME with --role, or --from FILE, not both"))
			case o.from == "" && o.name == "":
				return usageErr(errors.New("whom to add? Give NAME --role ROLE, or --from people.csv"))
			case o.from == "" && o.role == "":
				return usageErr(errors.New("--role is required (skillmap add NAME --role ROLE)"))
			}
			return runAdd(g, o)
		},
	}
	cmd.Flags().StringVar(&o.role, "role", "", "role level `ID`, e.g. senior-product-manager")
	cmd.Flags().StringVar(&o.email, "email", "", "the participant's `EMAIL` (used as their commit author)")
	cmd.Flags().StringVar(&o.id, "id", "", "participant `ID` (default: from the name)")
	cmd.Flags().StringVar(&o.from, "from", "", "add everyone listed in a CSV `FILE` (name,email,role[,id])")
	cmd.Flags().StringVar(&o.peopleFile, "people-file", "", "pseudonymous workshops: the `FILE`, outside the repository, that maps ids to people (default: ../<workshop>-people.csv)")
	_ = cmd.RegisterFlagCompletionFunc("role", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		w, err := openWorkshop(g.workdir())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return w.ws.RoleIDs(), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func runAdd(g *globals, o *addOptions) error {
	w, err := openWorkshop(g.workdir())
	if err != nil {
		return err
	}
	var people []survey.Participant
	if o.from != "" {
		data, err := os.ReadFile(g.abs(o.from))
		if err != nil {
			return err
		}
		if people, err = survey.ReadPeopleCSV(o.from, data, w.ws); err != nil {
			return err
		}
	} else {
		p, err := survey.NewParticipant(w.ws, o.name, o.email, o.role, o.id)
		if err != nil {
			return err
		}
		people = []survey.Participant{p}
	}
	if w.ws.Pseudonymous {
		if people, err = w.pseudonymise(g, people, o); err != nil {
			return err
		}
	}
	if err := w.checkNewPeople(people); err != nil {
		return err
	}
	rs := make([]*survey.Response, len(people))
	for i, p := range people {
		rs[i] = survey.NewResponse(p)
	}
	files := make([]gitstore.File, len(people))
	for i, data := range survey.RenderResponses(w.ws, w.fw, rs) {
		files[i] = gitstore.File{Path: survey.ResponsePath(people[i].ID), Data: data}
	}
	msg := fmt.Sprintf("Add participant %s (%s)", people[0].Name, people[0].Role)
	if len(people) > 1 {
		msg = fmt.Sprintf("Add %d participants", len(people))
	}
	op := w.operator()
	if _, err := w.repo.Commit(files, op, msg); err != nil {
		return err
	}
	for _, p := range people {
		fmt.Fprintf(g.io.Out, "added %s (%s): %s\n", termtext.Line(p.Name), termtext.Line(p.Role), survey.ResponsePath(p.ID))
	}
	if !w.isFacilitator(op.Email) {
		// The roster is the facilitators': a file anyone else adds is an
		// audit finding and left out of reports.
		fmt.Fprintf(g.io.Err, "note: you (%s) are not a facilitator in %s: skillmap audit reports these files and reports leave them out, unless a facilitator adds them\n", op.Email, workshopFile)
	}
	if len(people) > 1 {
		fmt.Fprintf(g.io.Out, "%d participants added in one commit\n", len(people))
	}
	if _, ok := w.repo.Origin(); ok {
		fmt.Fprintln(g.io.Err, "not pushed yet: run skillmap sync to share them")
	}
	return nil
}

// pseudonymise gives each person a random id and records who is who in the
// people file, outside the repository, before anything is committed: the
// mapping must never be lost, and never be in the repository.
func (w *checkout) pseudonymise(g *globals, people []survey.Participant, o *addOptions) ([]survey.Participant, error) {
	file := peopleFile(w.repo.Root(), g.abs(o.peopleFile), o.peopleFile != "")
	if rel, err := filepath.Rel(w.repo.Root(), file); err == nil && !strings.HasPrefix(rel, "..") {
		return nil, usageErr(fmt.Errorf("--people-file %s is inside the workshop repository; it must be kept outside it", o.peopleFile))
	}
	if o.id != "" || o.from != "" && csvHasID(g.abs(o.from)) {
		return nil, usageErr(fmt.Errorf("this workshop is pseudonymous: ids are random, so --id and an id column cannot be used"))
	}
	var rows [][]string
	out := make([]survey.Participant, len(people))
	for i, p := range people {
		pseudo, err := survey.Pseudonym(w.ws, p.Role)
		if err != nil {
			return nil, err
		}
		out[i] = pseudo
		rows = append(rows, []string{pseudo.ID, p.Name, p.Email, p.Role})
	}
	if err := appendPeople(file, rows); err != nil {
		return nil, fmt.Errorf("record who is who in %s: %w; nothing was added", file, err)
	}
	fmt.Fprintf(g.io.Err, "who is who: %s (outside the repository; keep it safe, and tell each person their id privately)\n", file)
	return out, nil
}

// csvHasID reports whether a people CSV has an id column.
func csvHasID(file string) bool {
	f, err := os.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	header, err := csv.NewReader(f).Read()
	if err != nil {
		return false
	}
	for _, h := range header {
		if strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")), "id") {
			return true
		}
	}
	return false
}

// peopleFile is where a pseudonymous workshop's mapping of ids to people is
// kept: beside the repository, never in it.
func peopleFile(root, given string, isGiven bool) string {
	if isGiven {
		abs, err := filepath.Abs(given)
		if err == nil {
			return abs
		}
		return given
	}
	return filepath.Join(filepath.Dir(root), filepath.Base(root)+"-people.csv")
}

// appendPeople adds rows to the people file, readable by its owner only.
func appendPeople(file string, rows [][]string) error {
	_, err := os.Stat(file)
	isNew := errors.Is(err, os.ErrNotExist)
	f, err := os.OpenFile(file, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(f)
	if isNew {
		_ = cw.Write([]string{"id", "name", "email", "role"})
	}
	if err := cw.WriteAll(rows); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// checkNewPeople refuses ids that are taken and emails that already belong
// to someone, because "skillmap submit" finds a participant by email.
func (w *checkout) checkNewPeople(people []survey.Participant) error {
	existing, err := workshop.WorktreeResponses(w.repo)
	if err != nil {
		return err
	}
	emails := map[string]string{}
	ids := map[string]bool{}
	for _, sf := range existing {
		ids[survey.IDFromPath(sf.Name)] = true
		if r, ps := survey.ParseResponse(sf.Name, sf.Data); len(ps) == 0 && r.Participant.Email != "" {
			emails[strings.ToLower(r.Participant.Email)] = r.Participant.ID
		}
	}
	var msgs []string
	for _, p := range people {
		if ids[p.ID] {
			msgs = append(msgs, fmt.Sprintf("%s is already a participant (%s exists); if this is someone else, give them another id with --id", p.ID, survey.ResponsePath(p.ID)))
		}
		if p.Email == "" {
			continue
		}
		if other, ok := emails[strings.ToLower(p.Email)]; ok && other != p.ID {
			msgs = append(msgs, fmt.Sprintf("%s: email %s already belongs to %s", p.ID, p.Email, other))
		}
		emails[strings.ToLower(p.Email)] = p.ID
	}
	if len(msgs) > 0 {
		return errors.New(strings.Join(msgs, "\n") + "\nnothing was added")
	}
	return nil
}

// operator is who a facilitator's commits are written as: the Git identity
// of whoever runs skillmap, or else the first facilitator.
func (w *checkout) operator() gitstore.Signature {
	if w.ws.Pseudonymous && len(w.ws.Facilitators) > 0 {
		// Nobody's own name goes into a pseudonymous workshop's history.
		f := w.ws.Facilitators[0]
		return gitstore.Signature{Name: f.Name, Email: f.Email}
	}
	name, email := w.repo.User()
	if name != "" && survey.CheckName(name) == nil && survey.CheckEmail(email) == nil {
		return gitstore.Signature{Name: name, Email: email}
	}
	if len(w.ws.Facilitators) > 0 {
		f := w.ws.Facilitators[0]
		return gitstore.Signature{Name: f.Name, Email: f.Email}
	}
	return gitstore.Signature{Name: "skillmap", Email: "skillmap@localhost.invalid"}
}
