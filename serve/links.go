package serve

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/workshop"
)

// keyName names the links' key in the Git folder (gitstore.SecretKey).
const keyName = "serve"

// keySize is the links' key's size in bytes.
const keySize = 32

// tokenLen is a token's length in base64url characters: 132 bits, beyond
// guessing, and short enough to type from a projector.
const tokenLen = 22

// What a token or CSRF token is for: each kind of token is derived apart,
// so that none can stand for another.
const (
	kindParticipant = "participant"
	kindFacilitator = "facilitator"
	kindCSRF        = "csrf"
)

// keyring derives the links' tokens from the workshop's key.
type keyring struct{ key []byte }

// loadKeys reads the workshop's links key, making it the first time;
// rotate makes a new one, which invalidates every link.
func loadKeys(repo *gitstore.Repo, rotate bool) (keyring, error) {
	key, err := repo.SecretKey(keyName, keySize, rotate)
	return keyring{key}, err
}

// token is the secret of a link of a kind, for a participant id ("" for
// the facilitator): an HMAC of the two under the key, so that nothing but
// the key needs keeping and a new key changes every link.
func (k keyring) token(kind, id string) string {
	m := hmac.New(sha256.New, k.key)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(id))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))[:tokenLen]
}

// check says whether tok is the token of a kind for id, in time that does
// not depend on how much of it is right.
func (k keyring) check(kind, id, tok string) bool {
	want := k.token(kind, id)
	return subtle.ConstantTimeCompare([]byte(want), []byte(tok)) == 1
}

// Link is a participant's personal link to the form.
type Link struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
	URL  string `json:"url"`
}

// Links lists the personal link of every participant of the working copy,
// sorted by id, and the facilitator's link, under baseURL (the address
// people reach the server at). With rotate a new key is made first,
// which invalidates every link given out before. A response file that
// cannot be read is reported in problems and left out.
func Links(repo *gitstore.Repo, baseURL string, rotate bool) (links []Link, facilitator string, problems []string, err error) {
	base, err := parseBase(baseURL)
	if err != nil {
		return nil, "", nil, err
	}
	k, err := loadKeys(repo, rotate)
	if err != nil {
		return nil, "", nil, err
	}
	files, err := workshop.WorktreeResponses(repo)
	if err != nil {
		return nil, "", nil, err
	}
	for _, sf := range files {
		id := survey.IDFromPath(sf.Name)
		if !survey.ValidID(id) {
			problems = append(problems, fmt.Sprintf("%s: the file's name is not a participant id (lower-case letters, digits and hyphens)", sf.Name))
			continue
		}
		if sf.Err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", sf.Name, sf.Err))
			continue
		}
		// The participant block is read leniently: a file with a mistake
		// further down still gets its link, and the form says what is
		// wrong.
		p := survey.ReadParticipantBlock(sf.Data)
		if r, ps := survey.ParseResponse(sf.Name, sf.Data); len(ps) == 0 {
			p = r.Participant
		}
		links = append(links, Link{ID: id, Name: p.Name, Role: p.Role, URL: base + participantPath(k, id)})
	}
	sort.Slice(links, func(i, j int) bool { return links[i].ID < links[j].ID })
	return links, base + facilitatorPath(k), problems, nil
}

// parseBase checks a base URL and returns it without a trailing slash.
func parseBase(baseURL string) (string, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("--base-url %q: give the address people open, such as http://192.168.1.20:8080 or https://skills.example.org", baseURL)
	}
	return strings.TrimRight(baseURL, "/"), nil
}

// participantPath is the path of a participant's form.
func participantPath(k keyring, id string) string {
	return "/p/" + id + "/" + k.token(kindParticipant, id) + "/"
}

// facilitatorPath is the path of the facilitator's views.
func facilitatorPath(k keyring) string {
	return "/f/" + k.token(kindFacilitator, "") + "/"
}
