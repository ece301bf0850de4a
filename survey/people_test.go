package survey

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestReadPeopleCSV(t *testing.T) {
	w := testWorkshop()
	data := "\uFEFFRole, Name ,id,EMAIL\r\n" +
		"product-manager,Sinéad O'Brien,,sinead@example.org\r\n" +
		"head-of-product,  Jo Bloggs  ,jo,\r\n" +
		"\r\n" +
		"senior-product-manager,\"Smith, Sam\",,\"sam@example.org\"\r\n" +
		"lead-product-manager,Sam Smith,sam-smith-2,sam2@example.org\r\n"
	got, err := ReadPeopleCSV("people.csv", []byte(data), w)
	if err != nil {
		t.Fatal(err)
	}
	want := []Participant{
		{ID: "sinead-obrien", Name: "Sinéad O'Brien", Email: "sinead@example.org", Role: "product-manager"},
		{ID: "jo", Name: "Jo Bloggs", Role: "head-of-product"},
		{ID: "smith-sam", Name: "Smith, Sam", Email: "sam@example.org", Role: "senior-product-manager"},
		{ID: "sam-smith-2", Name: "Sam Smith", Email: "sam2@example.org", Role: "lead-product-manager"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}

	// The minimal header: no email, no id.
	got, err = ReadPeopleCSV("people.csv", []byte("name,role\nJane Doe,product-manager\n"), w)
	if err != nil || len(got) != 1 || got[0] != (Participant{ID: "jane-doe", Name: "Jane Doe", Role: "product-manager"}) {
		t.Errorf("got %+v, %v", got, err)
	}
}

func TestReadPeopleCSVRefusals(t *testing.T) {
	const head = "name,email,role\n"
	tests := []struct {
		name string
		data string
		want []string // each a whole line of the error
	}{
		{"unknown role", head + "Jane Doe,jane@example.org,product-manager\nSam Smith,,cto\n",
			[]string{`people.csv:3: unknown role "cto" (expected one of: associate-product-manager, product-manager, senior-product-manager, lead-product-manager, head-of-product)`}},
		{"duplicate id", head + "Jane Doe,jane@example.org,product-manager\nSam Smith,,product-manager\nJane  Doe,jane2@example.org,product-manager\n",
			[]string{`people.csv:4: id "jane-doe" is already used on line 2 (add an id column to tell them apart)`}},
		{"duplicate given id", "name,id,role\nJane Doe,jd,product-manager\nJohn Doe,jd,product-manager\n",
			[]string{`people.csv:3: id "jd" is already used on line 2 (add an id column to tell them apart)`}},
		{"bad email", head + "Jane Doe,jane.example.org,product-manager\n",
			[]string{`people.csv:2: "jane.example.org" is not an email address`}},
		{"wrong field count", head + "Jane Doe,product-manager\nSam Smith,sam@example.org,product-manager,extra\n",
			[]string{"people.csv:2: 2 fields; the header has 3", "people.csv:3: 4 fields; the header has 3"}},
		{"every bad row", head + "Jane Doe,jane.example.org,product-manager\nOK Person,,product-manager\n<Bad>,,product-manager\n,,product-manager\n",
			[]string{`people.csv:2: "jane.example.org" is not an email address`, `people.csv:4: name "<Bad>" may not contain <, > or control characters`, "people.csv:5: name is empty"}},
		{"bad id", "name,role,id\nJane Doe,product-manager,../jane\n",
			[]string{`people.csv:2: id "../jane" is not a valid id`}},
		{"unknown column", "name,email,role,team\n", []string{`people.csv:1: unknown column "team" (expected name, email, role and optionally id)`}},
		{"column twice", "name,email,role,Name\n", []string{`people.csv:1: column "name" appears twice`}},
		{"no role column", "name,email\nJane,jane@example.org\n", []string{`people.csv:1: no "role" column`}},
		{"no header", "Jane Doe,jane@example.org,product-manager\n", []string{`people.csv:1: unknown column "jane doe"`}},
		{"empty file", "", []string{"people.csv: file is empty (expected a header row: name,email,role)"}},
		{"only a BOM", "\uFEFF", []string{"people.csv: file is empty"}},
		{"header only", head + "\n\n", []string{"people.csv: no people listed under the header"}},
		{"non-UTF-8", head + "Jane Doe,jane@example.org,product-manager\nSin\xe9ad,,product-manager\n", []string{"people.csv:3: not UTF-8 text (save the file as UTF-8 CSV)"}},
		{"bare quote in the first field", head + "Jane Doe,jane@example.org,product-manager\nJa\"ne,,product-manager\n", []string{`people.csv:3: bare " in non-quoted-field`}},
		{"unclosed quote", head + "\"Jane Doe,jane@example.org,product-manager\n", []string{`people.csv:2: extraneous or missing " in quoted-field`}},
		{"too big", head + strings.Repeat("x", MaxFileSize*16), []string{"the limit is 16777216"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadPeopleCSV("people.csv", []byte(tt.data), testWorkshop())
			if err == nil {
				t.Fatalf("no error; got %+v", got)
			}
			if got != nil {
				t.Errorf("people came back with the error: %+v", got)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(lines), len(tt.want), err)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(lines[i], w) && !strings.Contains(lines[i], w) {
					t.Errorf("problem %d: got %q, want %q", i, lines[i], w)
				}
			}
		})
	}
}

// Row problems come back as Problems, so callers can show each with its line.
func TestReadPeopleCSVProblems(t *testing.T) {
	_, err := ReadPeopleCSV("p.csv", []byte("name,role\nJane,cto\nJo,boss\n"), testWorkshop())
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 2 || ps[0].Line != 2 || ps[1].Line != 3 || ps[0].File != "p.csv" {
		t.Errorf("got %#v", err)
	}
}

func TestNewParticipant(t *testing.T) {
	w := testWorkshop()
	long := strings.Repeat("Abcdefghi ", 10) // slug of 99 characters
	tests := []struct {
		name, email, role, id string
		want                  Participant
	}{
		{"Jane Doe", "", "product-manager", "", Participant{ID: "jane-doe", Name: "Jane Doe", Role: "product-manager"}},
		{"  Sinéad O'Brien ", " s@example.org ", "head-of-product", "", Participant{ID: "sinead-obrien", Name: "Sinéad O'Brien", Email: "s@example.org", Role: "head-of-product"}},
		{"Jane Doe", "", "product-manager", "jd2", Participant{ID: "jd2", Name: "Jane Doe", Role: "product-manager"}},
		{"Zoë Ågren-Ünal", "", "product-manager", "", Participant{ID: "zoe-agren-unal", Name: "Zoë Ågren-Ünal", Role: "product-manager"}},
		{long, "", "product-manager", "", Participant{ID: strings.TrimRight(Slug(long)[:64], "-"), Name: strings.TrimSpace(long), Role: "product-manager"}},
	}
	for _, tt := range tests {
		got, err := NewParticipant(w, tt.name, tt.email, tt.role, tt.id)
		if err != nil || got != tt.want {
			t.Errorf("NewParticipant(%q, %q, %q, %q) = %+v, %v; want %+v", tt.name, tt.email, tt.role, tt.id, got, err, tt.want)
		}
		if err == nil && !ValidID(got.ID) {
			t.Errorf("id %q is not valid", got.ID)
		}
	}

	refused := []struct {
		name, email, role, id, want string
	}{
		{"Jane Doe", "", "product-manager", "../../etc/passwd", `id "../../etc/passwd" is not a valid id`},
		{"Jane Doe", "", "product-manager", "Jane", `id "Jane" is not a valid id`},
		{"Jane Doe", "", "product-manager", "jane doe", `id "jane doe" is not a valid id`},
		{"Jane Doe", "", "product-manager", "-rf", `id "-rf" is not a valid id`},
		{"Jane Doe", "", "product-manager", "a--b", `id "a--b" is not a valid id`},
		{"Jane Doe", "", "product-manager", "con.yaml", `id "con.yaml" is not a valid id`},
		{"Jane Doe", "", "product-manager", strings.Repeat("a", 65), "is not a valid id"},
		{"张伟", "", "product-manager", "", `id "" is not a valid id`},
		{"", "", "product-manager", "", "name is empty"},
		{"Jane\tDoe", "", "product-manager", "", "may not contain"},
		{"Jane Doe", "jane", "product-manager", "", `"jane" is not an email address`},
		{"Jane Doe", "a@b@c", "product-manager", "", "is not an email address"},
		{"Jane Doe", "", "Product Manager", "", `unknown role "Product Manager"`},
		{"Jane Doe", "", "", "", `unknown role ""`},
	}
	for _, tt := range refused {
		got, err := NewParticipant(w, tt.name, tt.email, tt.role, tt.id)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewParticipant(%q, %q, %q, %q) = %+v, %v; want error %q", tt.name, tt.email, tt.role, tt.id, got, err, tt.want)
		}
	}
}

func TestCheckEmailAndName(t *testing.T) {
	for _, e := range []string{"a@b", "jane.doe+tag@example.org", "x@localhost"} {
		if err := CheckEmail(e); err != nil {
			t.Errorf("CheckEmail(%q): %v", e, err)
		}
	}
	for _, e := range []string{"", "@b", "a@", "a@@b", "a@b@c", "a b@c", "<a@b>", "a@b,c@d", "a;b@c", `"a"@b`, "a@b\n", strings.Repeat("a", 251) + "@b.c"} {
		if err := CheckEmail(e); err == nil {
			t.Errorf("CheckEmail(%q) accepted it", e)
		}
	}
	for _, n := range []string{" Jane", "Jane ", "", "  ", "a<b", "a\nb", "a\x00b", strings.Repeat("x", 201)} {
		if err := CheckName(n); err == nil {
			t.Errorf("CheckName(%q) accepted it", n)
		}
	}
	if err := CheckName("Sinéad O'Brien"); err != nil {
		t.Error(err)
	}
}

func TestParsePerson(t *testing.T) {
	p, err := ParsePerson("Jane Doe <jane@example.org>")
	if err != nil || p != (Person{Name: "Jane Doe", Email: "jane@example.org"}) || p.String() != "Jane Doe <jane@example.org>" {
		t.Errorf("got %+v, %v", p, err)
	}
	p, err = ParsePerson("jane@example.org")
	if err != nil || p != (Person{Name: "jane", Email: "jane@example.org"}) {
		t.Errorf("got %+v, %v", p, err)
	}
	for _, s := range []string{"", "Jane Doe", "Jane <not an address>"} {
		if _, err := ParsePerson(s); err == nil {
			t.Errorf("ParsePerson(%q) accepted it", s)
		}
	}
}

func TestParticipantAuthor(t *testing.T) {
	if got := (Participant{ID: "jo", Name: "Jo"}).Author(); got != (Person{Name: "Jo", Email: "jo@participants.invalid"}) {
		t.Errorf("got %+v", got)
	}
	if got := (Participant{ID: "jo", Name: "Jo", Email: "jo@example.org"}).Author(); got.Email != "jo@example.org" {
		t.Errorf("got %+v", got)
	}
}

// Participants' files must check out on Windows, where con, nul, com1 and
// the like are devices whatever their extension.
func TestWindowsDeviceNamesAreNotIDs(t *testing.T) {
	w := NewWorkshop("T", "product-leadership", []Person{{Name: "Ana", Email: "ana@example.org"}})
	role := w.RoleIDs()[0]
	p, err := NewParticipant(w, "Con", "", role, "")
	if err != nil || p.ID != "con-1" {
		t.Errorf("a person named Con gets %q, %v; want con-1", p.ID, err)
	}
	if _, err := NewParticipant(w, "Null", "", role, "nul"); err == nil || !strings.Contains(err.Error(), "Windows") {
		t.Errorf("--id nul: %v", err)
	}
	for id, want := range map[string]bool{"com1": true, "lpt9": true, "aux": true, "com": false, "com10": false, "connor": false} {
		if WindowsDeviceName(id) != want {
			t.Errorf("WindowsDeviceName(%q) = %v", id, !want)
		}
	}
}
