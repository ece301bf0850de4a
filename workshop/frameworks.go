package workshop

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
)

// FrameworkAdd is the one commit that adds a framework to a workshop.
type FrameworkAdd struct {
	// Workshop and Framework are the settings after: the combined view
	// of every framework.
	Workshop  *survey.Workshop
	Framework *survey.Framework
	// Files are workshop.yaml, each framework in frameworks/<id>.yaml and
	// every response file, re-rendered in the layout of several.
	Files []gitstore.File
	// Remove is framework.yaml, when the workshop had one framework: it
	// moves to frameworks/<id>.yaml in the same commit.
	Remove []string
	// Own lists comments participants wrote themselves, which the
	// re-render does not carry over (they stay in the history).
	Own survey.Problems
	// Responses and Answers count the response files and the answers
	// (ratings or notes, retired ones included) carried over.
	Responses, Answers int
}

// AddFramework works out the commit that adds a framework to a workshop:
// ws and view are its settings now (ReadSettings), wsData the text of its
// workshop.yaml, and files its response files. u says whom the framework
// is asked of. Every answer is kept, each file's answers read back after
// the re-render to prove it; a file that cannot be read is a problem, and
// then nothing is to be written.
func AddFramework(ws *survey.Workshop, wsData []byte, view, add *survey.Framework, u survey.FrameworkUse, files []survey.SourceFile) (*FrameworkAdd, survey.Problems, error) {
	u.ID = add.ID
	if ws.Use(add.ID) != nil {
		return nil, nil, fmt.Errorf("the workshop has framework %s already (to move to a new version of it: skillmap framework upgrade)", add.ID)
	}
	if n := len(ws.FrameworkIDs()) + 1; n > survey.MaxFrameworks {
		return nil, nil, fmt.Errorf("a workshop holds at most %d frameworks", survey.MaxFrameworks)
	}
	for _, r := range append(slices.Clone(u.Optional), u.NotAsked...) {
		if ws.Role(r) == nil {
			return nil, nil, fmt.Errorf("unknown role %q (roles: %v)", r, ws.RoleIDs())
		}
	}
	newWs := *ws
	newWs.Frameworks = slices.Clone(ws.Frameworks)
	newWs.AddFramework(add.ID)
	newWs.Frameworks[len(newWs.Frameworks)-1] = u
	data, ok := survey.AddWorkshopFramework(wsData, u)
	if !ok {
		data = newWs.Marshal()
	}
	check, err := survey.ParseWorkshop(WorkshopFile, data)
	if err != nil {
		return nil, nil, err
	}
	parts := append(slices.Clone(view.Parts()), add)
	res := &FrameworkAdd{Workshop: check, Framework: survey.Combine(parts...)}
	res.Files = append(res.Files, gitstore.File{Path: WorkshopFile, Data: data})
	for _, p := range parts {
		res.Files = append(res.Files, gitstore.File{Path: FrameworkPath(check, p.ID), Data: p.Marshal()})
	}
	if FrameworkPath(ws, view.Parts()[0].ID) == FrameworkFile {
		res.Remove = []string{FrameworkFile}
	}
	var problems survey.Problems
	for _, sf := range files {
		if sf.Err != nil {
			problems = append(problems, survey.Problem{File: sf.Name, Msg: sf.Err.Error()})
			continue
		}
		r, ps := survey.ParseForRewrite(sf.Name, sf.Data)
		if len(ps) > 0 {
			problems = append(problems, ps...)
			continue
		}
		res.Own = append(res.Own, survey.OwnComments(sf.Name, sf.Data, survey.RenderResponse(ws, view, r))...)
		out := survey.RenderResponse(check, res.Framework, r)
		n, err := sameAnswers(sf.Name, sf.Data, out, res.Framework)
		if err != nil {
			return nil, nil, err
		}
		res.Answers += n
		res.Responses++
		if !bytes.Equal(out, sf.Data) {
			res.Files = append(res.Files, gitstore.File{Path: sf.Name, Data: out})
		}
	}
	if len(problems) > 0 {
		return nil, problems, nil
	}
	return res, nil, nil
}

// sameAnswers checks that a re-rendered response file holds every answer
// the file held, retired ones included, and its plan, and counts the
// answers.
func sameAnswers(file string, before, after []byte, newView *survey.Framework) (int, error) {
	a, ps := survey.ParseForRewrite(file, before)
	if len(ps) > 0 {
		return 0, ps
	}
	b, ps := survey.ParseForRewrite(file, after)
	if len(ps) > 0 {
		return 0, fmt.Errorf("%s: re-rendered, the file does not read back: %w", file, ps)
	}
	flat := func(r *survey.Response) map[string]string {
		out := map[string]string{}
		for skill, acts := range r.Ratings {
			for act, ans := range acts {
				if ans.Rating == nil && ans.Note == "" {
					continue
				}
				v := "-"
				if ans.Rating != nil {
					v = strconv.Itoa(*ans.Rating)
				}
				out[skill+"/"+act] = v + "/" + ans.Note
			}
		}
		return out
	}
	if !a.Plan.Equal(b.Plan) {
		return 0, fmt.Errorf("%s: the participant's plan would not be kept; nothing was written", file)
	}
	was, now := flat(a.KeyedFor(newView)), flat(b.KeyedFor(newView))
	for k, v := range was {
		if now[k] != v {
			return 0, fmt.Errorf("%s: the answer to %s would not be kept; nothing was written", file, k)
		}
	}
	if len(now) != len(was) {
		return 0, fmt.Errorf("%s: re-rendered, the file holds %d answers, not %d; nothing was written", file, len(now), len(was))
	}
	return len(was), nil
}
