package workshop

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/templates"
)

func builtin(t *testing.T, id string) []byte {
	t.Helper()
	data, err := templates.Framework(id)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestReadSettingsAndAddFramework: a workshop of one framework reads
// framework.yaml; adding one moves it to frameworks/, keeps every answer
// of every file, and the result reads back as a workshop of two.
func TestReadSettingsAndAddFramework(t *testing.T) {
	pl, pm := builtin(t, "product-leadership"), builtin(t, "product-management")
	wsData := survey.NewWorkshop("T", "product-leadership", nil).Marshal()
	files := map[string][]byte{WorkshopFile: wsData, FrameworkFile: pl}
	read := func(p string) ([]byte, error) {
		if d, ok := files[p]; ok {
			return d, nil
		}
		return nil, os.ErrNotExist
	}
	ws, view, err := ReadSettings(wsData, read)
	if err != nil || view.Several() || view.ID != "product-leadership" {
		t.Fatalf("%v %v", view, err)
	}
	// A file with answers, and one with a retired answer.
	r := survey.NewResponse(survey.Participant{ID: "jo", Name: "Jo", Role: "head-of-product"})
	three := 3
	r.Ratings[view.Skills[0].Key()] = map[string]*survey.Answer{view.Skills[0].Activities[0].ID: {Rating: &three, Note: "yes"}}
	jo := survey.RenderResponse(ws, view, r)
	old := strings.Replace(string(jo), "schema: 1", "schema: 1\nretired:\n  gone:\n    went:\n      rating: 1\n      note: \"\"", 1)
	pmFw, err := survey.ParseFramework("pm.yaml", pm)
	if err != nil {
		t.Fatal(err)
	}
	res, ps, err := AddFramework(ws, wsData, view, pmFw, survey.FrameworkUse{NotAsked: []string{"head-of-product"}},
		[]survey.SourceFile{{Name: "responses/jo.yaml", Data: jo}, {Name: "responses/old.yaml", Data: []byte(strings.Replace(old, "id: jo", "id: old", 1))}})
	if err != nil || len(ps) > 0 {
		t.Fatal(err, ps)
	}
	if len(res.Remove) != 1 || res.Remove[0] != FrameworkFile || res.Answers != 3 || res.Responses != 2 {
		t.Errorf("remove %v, %d answers in %d files", res.Remove, res.Answers, res.Responses)
	}
	after := map[string][]byte{}
	for _, f := range res.Files {
		after[f.Path] = f.Data
	}
	for _, p := range []string{WorkshopFile, "frameworks/product-leadership.yaml", "frameworks/product-management.yaml", "responses/jo.yaml"} {
		if after[p] == nil {
			t.Errorf("%s is not in the commit", p)
		}
	}
	ws2, view2, err := ReadSettings(after[WorkshopFile], func(p string) ([]byte, error) {
		if d, ok := after[p]; ok {
			return d, nil
		}
		return nil, errors.New("missing " + p)
	})
	if err != nil || !view2.Several() || ws2.Asked("head-of-product", "product-management") {
		t.Fatalf("%v %v", view2, err)
	}
	got, cps := survey.CheckResponse("responses/jo.yaml", after["responses/jo.yaml"], ws2, view2)
	if len(cps) > 0 {
		t.Fatal(cps.Error())
	}
	k := view2.Skills[0].Key()
	if a := got.Answer(k, view2.Skills[0].Activities[0].ID); a == nil || a.Rating == nil || *a.Rating != 3 || a.Note != "yes" || k != "product-leadership/"+view2.Skills[0].ID {
		t.Errorf("answer under %s: %+v", k, a)
	}
	if strings.Contains(string(after["responses/jo.yaml"]), "\n  product-management:") {
		t.Error("a head of product is given a section of a framework not asked of them")
	}
	ret, _ := survey.ReadRetired("responses/old.yaml", after["responses/old.yaml"])
	if ret["product-leadership/gone"]["went"] == nil {
		t.Errorf("the retired answer is lost:\n%s", after["responses/old.yaml"])
	}
	// Adding it again is refused.
	if _, _, err := AddFramework(ws2, after[WorkshopFile], view2, pmFw, survey.FrameworkUse{}, nil); err == nil {
		t.Error("added twice")
	}
	// A framework file that holds another framework than workshop.yaml
	// names is an error naming both files.
	after["frameworks/product-management.yaml"] = pl
	_, _, err = ReadSettings(after[WorkshopFile], func(p string) ([]byte, error) { return after[p], nil })
	if err == nil || !strings.Contains(err.Error(), "frameworks/product-management.yaml") {
		t.Errorf("mismatch: %v", err)
	}
}
