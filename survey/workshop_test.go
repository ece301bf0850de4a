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
		{"min_group", strings.Replace(good, "min_group: 5", "min_group: 0", 1), 0, "min_group is 0; it must be at least 1"},
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
