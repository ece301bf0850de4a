package survey

import (
	"strings"
	"testing"

	"github.com/skillmap/skillmap/templates"
)

// embeddedFramework parses the built-in product-leadership framework.
func embeddedFramework(t testing.TB) *Framework {
	t.Helper()
	data, err := templates.Framework("product-leadership")
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseFramework("frameworks/product-leadership.yaml", data)
	if err != nil {
		t.Fatalf("embedded framework: %v", err)
	}
	return f
}

// testWorkshop is a workshop with the defaults of a new one.
func testWorkshop() *Workshop {
	return NewWorkshop("Product community workshop, spring 2025", "product-leadership", nil)
}

func intp(v int) *int { return &v }

// wantProblem fails unless ps holds exactly one problem, on line, whose
// message contains msg.
func wantProblem(t *testing.T, ps Problems, file string, line int, msg string) {
	t.Helper()
	if len(ps) != 1 {
		t.Fatalf("want 1 problem (line %d: %q), got %d:\n%v", line, msg, len(ps), ps.Error())
	}
	p := ps[0]
	if p.File != file || p.Line != line || !strings.Contains(p.Msg, msg) {
		t.Errorf("got %s:%d: %s\nwant %s:%d: ...%s...", p.File, p.Line, p.Msg, file, line, msg)
	}
}
