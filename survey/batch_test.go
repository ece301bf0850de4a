package survey

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// responseFor renders a checked-in response for a participant with one rating.
func responseFor(t *testing.T, id, name string) []byte {
	t.Helper()
	r := NewResponse(Participant{ID: id, Name: name, Role: "product-manager"})
	r.Ratings["develop-and-manage-product-people"] = map[string]*Answer{"be-coached-and-mentored": {Rating: intp(2)}}
	return RenderResponse(testWorkshop(), embeddedFramework(t), r)
}

func TestCheckResponses(t *testing.T) {
	w, f := testWorkshop(), embeddedFramework(t)
	sam := responseFor(t, "sam-smith", "Sam Smith")
	files := []SourceFile{
		// Given out of order: Valid comes back in file name order.
		{Name: "responses/zoe-park.yaml", Data: responseFor(t, "zoe-park", "Zoe Park")},
		{Name: "responses/jane-doe.yaml", Data: responseFor(t, "jane-doe", "Jane Doe")},
		{Name: "responses/broken.yaml", Data: []byte("schema: 1\nparticipant: [\n")},
		// Two files claim sam-smith; each name agrees with the id, so
		// only the clash sets them aside.
		{Name: "responses/sam-smith.yaml", Data: sam},
		{Name: "responses/old/sam-smith.yaml", Data: sam},
		{Name: "responses/link.yaml", Err: errors.New("a symbolic link, not a file")},
		{Name: "responses/off-scale.yaml", Data: []byte(strings.Replace(string(responseFor(t, "off-scale", "Off Scale")), "rating: 2", "rating: 9", 1))},
	}
	c := CheckResponses(w, f, files)

	var valid []string
	for _, r := range c.Valid {
		valid = append(valid, r.File)
		if r.Answered() != 1 {
			t.Errorf("%s: %d answered", r.File, r.Answered())
		}
	}
	if want := []string{"responses/jane-doe.yaml", "responses/zoe-park.yaml"}; !reflect.DeepEqual(valid, want) {
		t.Errorf("valid %q, want %q", valid, want)
	}

	skipped := map[string]Rejected{}
	var order []string
	for _, r := range c.Skipped {
		skipped[r.File] = r
		order = append(order, r.File)
	}
	// Bad files in input order, then the clashing ones.
	wantOrder := []string{"responses/broken.yaml", "responses/link.yaml", "responses/off-scale.yaml", "responses/sam-smith.yaml", "responses/old/sam-smith.yaml"}
	if !reflect.DeepEqual(order, wantOrder) {
		t.Errorf("skipped %q, want %q", order, wantOrder)
	}
	wantReason := map[string]string{
		"responses/broken.yaml":        "line 2: did not find expected node content",
		"responses/link.yaml":          "a symbolic link, not a file",
		"responses/off-scale.yaml":     "rating 9 for be-coached-and-mentored is not on the scale (0 to 4)",
		"responses/sam-smith.yaml":     `line 20: participant id "sam-smith" is also used by responses/old/sam-smith.yaml`,
		"responses/old/sam-smith.yaml": `line 20: participant id "sam-smith" is also used by responses/sam-smith.yaml`,
	}
	for file, want := range wantReason {
		r, ok := skipped[file]
		if !ok {
			continue // reported above
		}
		if got := r.Reason(); !strings.Contains(got, want) {
			t.Errorf("%s: reason %q, want %q", file, got, want)
		}
		for _, p := range r.Problems {
			if p.File != file {
				t.Errorf("%s: problem names %q", file, p.File)
			}
		}
	}
	if ps := c.Problems(); len(ps) != 5 {
		t.Errorf("Problems() has %d, want 5:\n%v", len(ps), ps.Error())
	}
}

// Files whose names claim no id (no .yaml suffix) are not held to a name,
// but two of them claiming one id are still both set aside.
func TestCheckResponsesUnnamedClash(t *testing.T) {
	w, f := testWorkshop(), embeddedFramework(t)
	sam := responseFor(t, "sam-smith", "Sam Smith")
	c := CheckResponses(w, f, []SourceFile{
		{Name: "inbox/1", Data: sam},
		{Name: "inbox/2", Data: sam},
		{Name: "inbox/3", Data: responseFor(t, "jo", "Jo")},
		{Name: "inbox/4", Data: sam},
	})
	if len(c.Valid) != 1 || c.Valid[0].Participant.ID != "jo" {
		t.Errorf("valid: %v", c.Valid)
	}
	if len(c.Skipped) != 3 {
		t.Fatalf("skipped %d, want 3", len(c.Skipped))
	}
	if got, want := c.Skipped[1].Reason(), `participant id "sam-smith" is also used by inbox/1, inbox/4`; !strings.HasSuffix(got, want) {
		t.Errorf("reason %q, want %q", got, want)
	}
}

func TestCheckResponsesEmpty(t *testing.T) {
	c := CheckResponses(testWorkshop(), embeddedFramework(t), nil)
	if len(c.Valid) != 0 || len(c.Skipped) != 0 || c.Problems().Err() != nil {
		t.Errorf("got %+v", c)
	}
}

func TestRejectedReason(t *testing.T) {
	r := Rejected{File: "f", Problems: Problems{{File: "f", Line: 3, Msg: "one"}, {File: "f", Msg: "two"}}}
	if got := r.Reason(); got != "line 3: one; two" {
		t.Errorf("Reason() = %q", got)
	}
	if got := r.Problems.Error(); got != "f:3: one\nf: two" {
		t.Errorf("Error() = %q", got)
	}
	if got := (Problem{Msg: "bare"}).String(); got != "bare" {
		t.Errorf("String() = %q", got)
	}
	if (Problems{}).Err() != nil || (Problems(nil)).Err() != nil {
		t.Error("no problems should be a nil error")
	}
}
