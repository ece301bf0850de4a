package survey

import (
	"fmt"
	"strings"
	"testing"
)

// wideFramework is a framework of n activities in one skill: the worst case
// for a check that searches a skill's activities.
func wideFramework(n int) *Framework {
	f := &Framework{Schema: FrameworkSchema, ID: "wide", Title: "Wide", Skills: []Skill{{ID: "everything", Name: "Everything"}}}
	for i := range n {
		f.Skills[0].Activities = append(f.Skills[0].Activities, Activity{ID: fmt.Sprintf("a%d", i), Text: fmt.Sprintf("Activity %d", i)})
	}
	return f
}

// frameworkYAML writes a framework of n activities compactly, one a line,
// so that a framework beyond the limits still fits in MaxFileSize.
func frameworkYAML(n int) []byte {
	var b strings.Builder
	b.WriteString("schema: 1\nid: wide\ntitle: Wide\nskills:\n  - id: everything\n    name: Everything\n    activities:\n")
	for i := range n {
		fmt.Fprintf(&b, "      - {id: a%d, text: x}\n", i)
	}
	return []byte(b.String())
}

func TestFrameworkLimits(t *testing.T) {
	if _, err := ParseFramework("framework.yaml", frameworkYAML(MaxActivities)); err != nil {
		t.Fatalf("a framework at the limit was refused: %v", err)
	}
	_, err := ParseFramework("framework.yaml", frameworkYAML(30000))
	want := fmt.Sprintf("framework.yaml: the framework has 30000 activities; the limit is %d", MaxActivities)
	if err == nil || err.Error() != want {
		t.Fatalf("30,000 activities: got %v, want %q", err, want)
	}
	f := wideFramework(3)
	f.Skills[0].Activities[1].Text = strings.Repeat("x", MaxTextLength+1)
	err = f.check("f.yaml").Err()
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf(`f.yaml: the text of activity "a1" is %d characters long; the limit is %d`, MaxTextLength+1, MaxTextLength)) {
		t.Errorf("long text: %v", err)
	}
	var many strings.Builder
	many.WriteString("schema: 1\nid: many\ntitle: Many\nskills:\n")
	for i := range MaxSkills + 1 {
		fmt.Fprintf(&many, "  - {id: s%d, name: S, activities: [{id: a%d, text: x}]}\n", i, i)
	}
	if _, err := ParseFramework("framework.yaml", []byte(many.String())); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%d skills; the limit is %d", MaxSkills+1, MaxSkills)) {
		t.Errorf("too many skills: %v", err)
	}
}

func TestWorkshopLimits(t *testing.T) {
	w := NewWorkshop("T", "f", nil)
	w.Roles = nil
	for i := range MaxRoles {
		w.Roles = append(w.Roles, Role{ID: fmt.Sprintf("r%d", i), Name: "R"})
	}
	if ps := w.check("workshop.yaml"); len(ps) > 0 {
		t.Fatalf("a workshop at the limit was refused: %v", ps)
	}
	w.Roles = append(w.Roles, Role{ID: "one-more", Name: "R"})
	if ps := w.check("workshop.yaml"); ps.Err() == nil || ps.Error() != fmt.Sprintf("workshop.yaml: the workshop has %d roles; the limit is %d", MaxRoles+1, MaxRoles) {
		t.Errorf("too many roles: %v", ps)
	}
	w.Roles = w.Roles[:1]
	w.Scale = nil
	for v := range MaxScaleLevels + 1 {
		w.Scale = append(w.Scale, Level{Value: v, Label: "L"})
	}
	if ps := w.check("workshop.yaml"); ps.Err() == nil || !strings.Contains(ps.Error(), fmt.Sprintf("the rating scale has %d levels; the limit is %d", MaxScaleLevels+1, MaxScaleLevels)) {
		t.Errorf("too many levels: %v", ps)
	}
}

// BenchmarkCheckWideResponse checks fully answered responses to a framework
// of one skill at a quarter of MaxActivities and at the limit: with a
// check linear in the size of a response, the throughput (MB/s) is the
// same at both sizes. (Searching the skill's activities for each answer
// made the larger one several times slower per byte.)
func BenchmarkCheckWideResponse(b *testing.B) {
	for _, n := range []int{MaxActivities / 4, MaxActivities} {
		b.Run(fmt.Sprintf("activities=%d", n), func(b *testing.B) {
			w, fw := testWorkshop(), wideFramework(n)
			var files []SourceFile
			var size int64
			for _, s := range Synthesize(w, fw, 8, 1) {
				data := RenderResponse(w, fw, s.Response)
				files = append(files, SourceFile{Name: s.Response.File, Data: data})
				size += int64(len(data))
			}
			b.SetBytes(size)
			for b.Loop() {
				if c := CheckResponses(w, fw, files); len(c.Valid) != len(files) {
					b.Fatalf("%d valid of %d: %v", len(c.Valid), len(files), c.Problems())
				}
			}
		})
	}
}
