package survey

import (
	"strings"
	"testing"
)

const bandsHead = `schema: 1
title: T
framework: f
min_group: 5
roles:
  - id: a
    name: A
  - id: b
    name: B
  - id: c
    name: C
scale:
  - value: 0
    label: No
  - value: 1
    label: Yes
`

func TestBandsRead(t *testing.T) {
	w, err := ParseWorkshop("workshop.yaml", []byte(bandsHead+"bands:\n  - id: low\n    name: Low\n    roles: [a, b]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Bands) != 1 || w.BandOf("b") != 0 || w.BandOf("c") != -1 {
		t.Fatalf("bands %+v", w.Bands)
	}
	again, err := ParseWorkshop("workshop.yaml", w.Marshal())
	if err != nil || len(again.Bands) != 1 || strings.Join(again.Bands[0].Roles, ",") != "a,b" {
		t.Fatalf("marshalled bands do not read back: %v %+v", err, again)
	}
}

// TestBandsChecked: each problem names the file and the line of the band
// or role at fault.
func TestBandsChecked(t *testing.T) {
	for _, c := range []struct{ bands, want string }{
		{"  - id: low\n    name: Low\n    roles: [a, x]\n", "workshop.yaml:20: band \"low\" lists role \"x\""},
		{"  - id: low\n    name: Low\n    roles: [a]\n  - id: high\n    name: High\n    roles:\n      - b\n      - a\n", "workshop.yaml:25: role \"a\" is in band \"low\" and in band \"high\""},
		{"  - id: a\n    name: Low\n    roles: [b]\n", "workshop.yaml:18: band id \"a\" is invalid"},
		{"  - id: all\n    name: Low\n    roles: [b]\n", "workshop.yaml:18: band id \"all\" is invalid"},
		{"  - id: Bad Id\n    name: Low\n    roles: [b]\n", "workshop.yaml:18: band id \"Bad Id\" is invalid"},
		{"  - id: low\n    name: Low\n    roles: [a]\n  - id: low\n    name: L\n    roles: [b]\n", "workshop.yaml:21: band id \"low\" is invalid, used twice"},
		{"  - id: low\n    name: \"\"\n    roles: []\n", "workshop.yaml:18: band \"low\" has no name"},
		{"  - id: low\n    name: Low\n    roles: []\n", "workshop.yaml:18: band \"low\" has no roles"},
		{strings.Repeat("  - id: low\n    name: Low\n    roles: [a]\n", MaxRoles+1), "workshop.yaml:18: the workshop has 51 bands; the limit is 50"},
	} {
		_, err := ParseWorkshop("workshop.yaml", []byte(bandsHead+"bands:\n"+c.bands))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("bands\n%s: got %v, want %q", c.bands, err, c.want)
		}
	}
}

func TestNewWorkshopHasTheSeedBands(t *testing.T) {
	w := NewWorkshop("T", "product-leadership", nil)
	if got := strings.Join(w.BandIDs(), ","); got != "product-management,product-leadership" {
		t.Fatalf("bands %s", got)
	}
	if _, err := ParseWorkshop("workshop.yaml", w.Marshal()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(w.Marshal()), "# bands:") {
		t.Error("workshop.yaml does not say what bands are for")
	}
}

func TestMapTextsMapsBandNames(t *testing.T) {
	w := NewWorkshop("T", "product-leadership", nil)
	c := w.MapTexts(strings.ToUpper)
	if c.Bands[0].Name != "PRODUCT MANAGEMENT" || c.Bands[0].ID != "product-management" || w.Bands[0].Name != "Product management" {
		t.Errorf("bands %+v, original %+v", c.Bands, w.Bands)
	}
}
