package aggregate

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/skillmap/skillmap/survey"
)

// A workshop at every limit survey allows (roles, scale levels, skills,
// activities, text lengths), with a note far longer than a spreadsheet
// cell holds, gives a workbook with every sheet that excelize opens: every
// sheet fits a spreadsheet's columns, rows, cell and row-height limits.
func TestWorkbookAtLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a large workbook")
	}
	long := strings.Repeat("word ", survey.MaxTextLength/5)
	ws := survey.NewWorkshop(long, "limits", nil)
	ws.Roles = nil
	for i := range survey.MaxRoles {
		ws.Roles = append(ws.Roles, survey.Role{ID: fmt.Sprintf("role-%d", i), Name: fmt.Sprintf("Role %d", i)})
	}
	ws.Roles[0].Name = long
	ws.Scale = nil
	for v := range survey.MaxScaleLevels {
		ws.Scale = append(ws.Scale, survey.Level{Value: v, Label: fmt.Sprintf("Level %d", v)})
	}
	ws.Scale[0].Label, ws.Scale[0].Meaning = long, long
	fw := &survey.Framework{Schema: survey.FrameworkSchema, ID: "limits", Title: long, Description: long}
	perSkill := survey.MaxActivities / survey.MaxSkills
	for s := range survey.MaxSkills {
		sk := survey.Skill{ID: fmt.Sprintf("s%d", s), Name: fmt.Sprintf("Skill %d", s)}
		for a := range perSkill {
			sk.Activities = append(sk.Activities, survey.Activity{ID: fmt.Sprintf("s%d-a%d", s, a), Text: fmt.Sprintf("Activity %d of skill %d", a, s)})
		}
		fw.Skills = append(fw.Skills, sk)
	}
	fw.Skills[0].Name, fw.Skills[0].Description, fw.Skills[0].Activities[0].Text = long, long, long
	if fw.ActivityCount() != survey.MaxActivities {
		t.Fatalf("%d activities", fw.ActivityCount())
	}
	// Enough people in a few role levels for their figures to show, one in
	// each of the others.
	var rs []*survey.Response
	for ri, role := range ws.Roles {
		n := 1
		if ri < 3 {
			n = survey.DefaultNotesMinGroup
		}
		for p := range n {
			id := fmt.Sprintf("p%d-%d", ri, p)
			r := survey.NewResponse(survey.Participant{ID: id, Name: long[:100], Role: role.ID})
			for _, sk := range fw.Skills {
				r.Ratings[sk.ID] = map[string]*survey.Answer{}
				for ai, a := range sk.Activities {
					v := (ri + p + ai) % survey.MaxScaleLevels
					ans := &survey.Answer{Rating: &v}
					if ai == 0 && p == 0 {
						ans.Note = strings.Repeat("a long note ", 4000)
					}
					r.Ratings[sk.ID][a.ID] = ans
				}
			}
			rs = append(rs, r)
		}
	}
	in := Input{Workshop: ws, Framework: fw, Responses: rs, Revision: strings.Repeat("a", 40), Date: time.Now(), Label: "HEAD",
		Notes: true, Individuals: true, AuditFailed: []string{}}
	rep := Compute(in)
	base := in
	base.Responses = rs[1:]
	rep.Compare(in, base, "earlier")
	// And more notes than the Notes sheet has rows (lowered here, to keep
	// the test small).
	defer func(n int) { maxNoteRows = n }(maxNoteRows)
	maxNoteRows = len(rep.Notes) - 2
	var buf bytes.Buffer
	if err := rep.WriteXLSX(&buf); err != nil {
		t.Fatalf("workbook at the limits: %v", err)
	}
	size := buf.Len()
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("excelize cannot open the workbook: %v", err)
	}
	defer f.Close()
	for _, sheet := range []string{SheetSummary, SheetSkills, SheetActivities, SheetDistribution, SheetPriorities, SheetChange, SheetNotes, SheetIndividuals, SheetAbout} {
		if idx, err := f.GetSheetIndex(sheet); err != nil || idx < 0 {
			t.Errorf("no sheet %s", sheet)
		}
	}
	last, err := f.GetCellValue(SheetNotes, fmt.Sprintf("A%d", headerRow+1+maxNoteRows))
	if err != nil || !strings.HasPrefix(last, "2 more notes do not fit") {
		t.Errorf("the last row of Notes reads %q (%v)", last, err)
	}
	t.Logf("workbook of %d bytes, %d notes", size, len(rep.Notes))
}
