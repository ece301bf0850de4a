package survey

import (
	"bytes"
	cryptorand "crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// NewParticipant checks and completes a participant to add to a workshop:
// the id defaults to a slug of the name.
func NewParticipant(w *Workshop, name, email, role, id string) (Participant, error) {
	name = strings.TrimSpace(name)
	if err := CheckName(name); err != nil {
		return Participant{}, err
	}
	email = strings.TrimSpace(email)
	if email != "" {
		if err := CheckEmail(email); err != nil {
			return Participant{}, err
		}
	}
	if w.Role(role) == nil {
		return Participant{}, fmt.Errorf("unknown role %q (expected one of: %s)", role, strings.Join(w.RoleIDs(), ", "))
	}
	if id == "" {
		id = Slug(name)
		if len(id) > 64 {
			id = strings.TrimRight(id[:64], "-")
		}
		if WindowsDeviceName(id) {
			id += "-1"
		}
	}
	if !ValidID(id) {
		return Participant{}, fmt.Errorf("id %q is not a valid id (1 to 64 lower-case letters, digits and single hyphens)", id)
	}
	if WindowsDeviceName(id) {
		return Participant{}, fmt.Errorf("id %q is a device name on Windows, where the file %s.yaml could not be checked out: choose another id", id, id)
	}
	return Participant{ID: id, Name: name, Email: email, Role: role}, nil
}

// ReadPeopleCSV reads people to add from a CSV file with the header
// name,email,role and an optional id column, in any order. Every bad row
// is reported, with its line; nothing is returned unless all are good.
func ReadPeopleCSV(file string, data []byte, w *Workshop) ([]Participant, error) {
	if len(data) > MaxFileSize*16 {
		return nil, fmt.Errorf("%s: file is %d bytes; the limit is %d", file, len(data), MaxFileSize*16)
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%s:%d: not UTF-8 text (save the file as UTF-8 CSV)", file, firstInvalidLine(data))
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // spreadsheet programs add a byte order mark
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: file is empty (expected a header row: name,email,role)", file)
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("%s:1: column %q appears twice", file, h)
		}
		switch h {
		case "name", "email", "role", "id":
			col[h] = i
		default:
			return nil, fmt.Errorf("%s:1: unknown column %q (expected name, email, role and optionally id)", file, h)
		}
	}
	for _, need := range []string{"name", "role"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%s:1: no %q column (the header must be name,email,role)", file, need)
		}
	}
	var people []Participant
	var ps Problems
	seen := map[string]int{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(file, err)
		}
		line, _ := r.FieldPos(0) // only valid for a record read without error
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(header) {
			ps = append(ps, Problem{File: file, Line: line, Msg: fmt.Sprintf("%d fields; the header has %d", len(rec), len(header))})
			continue
		}
		get := func(k string) string {
			if i, ok := col[k]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		p, err := NewParticipant(w, get("name"), get("email"), get("role"), get("id"))
		if err != nil {
			ps = append(ps, Problem{File: file, Line: line, Msg: err.Error()})
			continue
		}
		if first, dup := seen[p.ID]; dup {
			ps = append(ps, Problem{File: file, Line: line, Msg: fmt.Sprintf("id %q is already used on line %d (add an id column to tell them apart)", p.ID, first)})
			continue
		}
		seen[p.ID] = line
		people = append(people, p)
	}
	if len(ps) > 0 {
		return nil, ps
	}
	if len(people) == 0 {
		return nil, fmt.Errorf("%s: no people listed under the header", file)
	}
	return people, nil
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %v", file, pe.Line, pe.Err)
	}
	return fmt.Errorf("%s: %v", file, err)
}

// PseudonymousDomain is the mail domain of pseudonymous identities: it can
// never deliver mail, and says what it is.
const PseudonymousDomain = "pseudonymous.invalid"

// Pseudonym returns a participant of a pseudonymous workshop: a random id,
// which also stands as their name, and an address that can never be
// delivered, so that nothing in the repository says who they are.
func Pseudonym(w *Workshop, role string) (Participant, error) {
	if w.Role(role) == nil {
		return Participant{}, fmt.Errorf("unknown role %q (expected one of: %s)", role, strings.Join(w.RoleIDs(), ", "))
	}
	var b [5]byte
	if _, err := cryptorand.Read(b[:]); err != nil {
		return Participant{}, err
	}
	id := "p-" + hex.EncodeToString(b[:])
	return Participant{ID: id, Name: id, Email: id + "@" + PseudonymousDomain, Role: role}, nil
}

// WindowsDeviceName says whether id names a device on Windows (con, nul,
// com1 and so on): a file of that name, whatever its extension, cannot be
// written or checked out there.
func WindowsDeviceName(id string) bool {
	switch id {
	case "con", "prn", "aux", "nul":
		return true
	}
	return len(id) == 4 && (strings.HasPrefix(id, "com") || strings.HasPrefix(id, "lpt")) && id[3] >= '0' && id[3] <= '9'
}
