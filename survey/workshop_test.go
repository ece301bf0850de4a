package survey

import (
	"reflect"
	"strings"
	"testing"
)

func TestWorkshopMarshalRoundTrip(t *testing.T) {
	w := NewWorkshop("Product community workshop", "product-leadership", []Person{{Name: "Jo Bloggs", Email: "jo@example.org"}})
	data := w.Marshal()
	if !strings.HasPrefix(string(data), "# Workshop settings.") {
		t.Errorf("no explaining comment:\n%s", data)
	}
	got, err := ParseWorkshop("workshop.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, w) {
		t.Errorf("got %+v\nwant %+v", got, w)
	}
	if lo, hi := got.ScaleRange(); lo != 0 || hi != 4 || !got.OnScale(2) || got.OnScale(5) || got.OnScale(-1) {
		t.Errorf("scale %d to %d", lo, hi)
	}
	if got.Role("head-of-product") == nil || got.Role("all") != nil || len(got.RoleIDs()) != 5 {
		t.Errorf("roles %v", got.RoleIDs())
	}
}

func TestParseWorkshopErrors(t *testing.T) {
	good := string(NewWorkshop("T", "product-leadership", nil).Marshal())
	tests := []struct {
		name, data string
		line       int
		want       string
	}{
		{"schema", strings.Replace(good, "schema: 1", "schema: 3", 1), 0, "schema is 3; this skillmap reads workshop schema 1"},
		{"empty title", strings.Replace(good, "title: T", "title: \" \"", 1), 0, "title is empty"},
		{"role all", strings.Replace(good, "id: head-of-product", "id: all", 1), 0, `role id "all" is invalid or used twice`},
		{"role twice", strings.Replace(good, "id: head-of-product", "id: product-manager", 1), 0, `role id "product-manager" is invalid or used twice`},
		{"scale order", strings.Replace(good, "value: 4", "value: 1", 1), 0, "scale values must increase: 1 follows 3"},
		{"unknown field", strings.Replace(good, "min_group: 5", "min_group: 5\nmin_groups: 6", 1), 7, "field min_groups not found"},
		{"bad YAML", strings.Replace(good, "title: T", "title: [T", 1), 4, "did not find expected ',' or ']'"},
		{"empty", "", 0, "file is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseWorkshop("workshop.yaml", []byte(tt.data))
			ps, ok := err.(Problems)
			if !ok {
				t.Fatalf("got %T %v", err, err)
			}
			for _, p := range ps {
				if p.File == "workshop.yaml" && p.Line == tt.line && strings.Contains(p.Msg, tt.want) {
					return
				}
			}
			t.Errorf("no problem on line %d containing %q:\n%v\n%s", tt.line, tt.want, err, tt.data)
		})
	}
}

// TestSettingFloors checks that a min_group or notes_min_group below its
// floor is read, raised when used, and warned about.
func TestSettingFloors(t *testing.T) {
	good := string(NewWorkshop("T", "product-leadership", nil).Marshal())
	cases := []struct {
		min, notes         string
		wantMin, wantNotes int
		warnings           int
	}{
		{"5", "10", 5, 10, 0},
		{"1", "1", 3, 3, 2},
		{"0", "2", 3, 3, 2},
		{"-4", "0", 3, 10, 1},
		{"7", "4", 7, 7, 1},
		{"3", "3", 3, 3, 0},
	}
	for _, c := range cases {
		data := strings.Replace(strings.Replace(good, "min_group: 5", "min_group: "+c.min, 1), "notes_min_group: 10", "notes_min_group: "+c.notes, 1)
		w, err := ParseWorkshop("workshop.yaml", []byte(data))
		if err != nil {
			t.Fatalf("min_group %s: %v", c.min, err)
		}
		if w.ReportMinGroup() != c.wantMin || w.ReportNotesMinGroup() != c.wantNotes {
			t.Errorf("min_group %s, notes %s: report uses %d and %d, want %d and %d", c.min, c.notes, w.ReportMinGroup(), w.ReportNotesMinGroup(), c.wantMin, c.wantNotes)
		}
		if ws := w.Warnings("workshop.yaml"); len(ws) != c.warnings {
			t.Errorf("min_group %s, notes %s: warnings %v, want %d", c.min, c.notes, ws, c.warnings)
		}
	}
}
