package survey

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	tests := map[string]string{
		"Understand the organisation's culture":  "understand-the-organisations-culture",
		"Understand the organisation’s culture":  "understand-the-organisations-culture",
		"Develop and manage product people":      "develop-and-manage-product-people",
		"Sinéad O'Brien":                         "sinead-obrien",
		"  Jo   Bloggs  ":                        "jo-bloggs",
		"Lead and/or support - as appropriate -": "lead-and-or-support-as-appropriate",
		"(e.g. changing strategy)":               "e-g-changing-strategy",
		"Web 2.0, the 3rd wave":                  "web-2-0-the-3rd-wave",
		"ﬁnance ＆ Operations":                    "finance-operations",
		"Zoë Ågren-Ünal":                         "zoe-agren-unal",
		"UPPER case":                             "upper-case",
		"Søren Straße, Łukasz Æsir":              "soren-strasse-lukasz-aesir",
		"":                                       "",
		"...":                                    "",
		"张伟":                                     "",
	}
	for in, want := range tests {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
		if want != "" && !ValidID(Slug(in)) {
			t.Errorf("Slug(%q) is not a valid id", in)
		}
	}
}

func TestActivitySlug(t *testing.T) {
	taken := map[string]bool{}
	next := func(text string) string {
		id := activitySlug(text, taken)
		taken[id] = true
		return id
	}
	steps := []struct{ text, want string }{
		// Four content words; stop words do not count and do not end an id.
		{"Influence other leaders to achieve the best outcomes", "influence-other-leaders-to-achieve"},
		{"Be coached and mentored", "be-coached-and-mentored"},
		{"Work with the", "work"},
		{"Work with others", "work-with-others"},
		// At most 42 characters, unless the first word is longer.
		{"Understand the organisation's governance and assurance processes", "understand-the-organisations-governance"},
		// Taken: one more word at a time, then a number.
		{"Influence other leaders to achieve great things", "influence-other-leaders-to-achieve-great"},
		{"Be coached and mentored", "be-coached-and-mentored-2"},
		{"Be coached and mentored", "be-coached-and-mentored-3"},
		{"Work", "work-2"},
		{"", "activity"},
		{"—", "activity-2"},
	}
	for _, s := range steps {
		if got := next(s.text); got != s.want {
			t.Errorf("activitySlug(%q) = %q, want %q", s.text, got, s.want)
		}
	}
}

// However the texts go, activity ids are valid and never repeat.
func TestActivitySlugsValidAndUnique(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := []string{"the", "and", "to", "of", "a", "lead", "product", "organisation's", "Strategy,", "(e.g.", "x",
		"internationalisationwithoutanyspacesatallwhichgoesonandonforeverandeverandever", "—", "2", "Ünïcode"}
	taken := map[string]bool{}
	for i := 0; i < 3000; i++ {
		words := make([]string, rng.IntN(12))
		for j := range words {
			words[j] = vocab[rng.IntN(len(vocab))]
		}
		text := strings.Join(words, " ")
		id := activitySlug(text, taken)
		if !ValidID(id) {
			t.Fatalf("activitySlug(%q) = %q, not a valid id", text, id)
		}
		if taken[id] {
			t.Fatalf("activitySlug(%q) = %q, already taken", text, id)
		}
		taken[id] = true
	}
}
