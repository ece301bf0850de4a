package workshop

import (
	"fmt"
	"testing"
	"time"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/templates"
)

// TestRoundReportsBounded: of many round tags (anyone who can push can add
// them), a trend holds the newest MaxTrendRounds on the history, oldest
// first, and none closed on a commit after the state reported.
func TestRoundReportsBounded(t *testing.T) {
	repo, err := gitstore.Init(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	fw, err := templates.Framework("product-leadership")
	if err != nil {
		t.Fatal(err)
	}
	ws := survey.NewWorkshop("T", "product-leadership", []survey.Person{{Name: "Ana", Email: "ana@example.org"}}).Marshal()
	day := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	sig := func(i int) gitstore.Signature {
		return gitstore.Signature{Name: "Ana", Email: "ana@example.org", When: day.Add(time.Duration(i) * time.Hour)}
	}
	first, err := repo.Commit([]gitstore.File{{Path: WorkshopFile, Data: ws}, {Path: FrameworkFile, Data: fw}}, sig(0), "Set up")
	if err != nil {
		t.Fatal(err)
	}
	n := MaxTrendRounds + 10
	for i := 1; i <= n; i++ {
		if _, err := repo.CreateTag(RoundTag(fmt.Sprintf("r%03d", i)), sig(i), "Close"); err != nil {
			t.Fatal(err)
		}
	}
	// A round closed after a later commit: not on the first state's
	// history.
	if _, err := repo.Commit([]gitstore.File{{Path: "README.md", Data: []byte("later\n")}}, sig(n+1), "Later"); err != nil {
		t.Fatal(err)
	}
	if _, err := repo.CreateTag(RoundTag("later"), sig(n+2), "Close"); err != nil {
		t.Fatal(err)
	}
	snap, err := repo.At(first.String())
	if err != nil {
		t.Fatal(err)
	}
	rounds, err := RoundReports(repo, snap, 5, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rounds) != MaxTrendRounds || rounds[0].Round.Name != fmt.Sprintf("r%03d", n-MaxTrendRounds+1) || rounds[len(rounds)-1].Round.Name != fmt.Sprintf("r%03d", n) {
		t.Fatalf("%d rounds, %s to %s", len(rounds), rounds[0].Round.Name, rounds[len(rounds)-1].Round.Name)
	}
	head, err := repo.At("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	rounds, err = RoundReports(repo, head, 5, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if last := rounds[len(rounds)-1].Round; last.Name != "later" || !last.Date.Equal(day.Add(time.Duration(n+2)*time.Hour)) {
		t.Errorf("the last round at HEAD is %+v", last)
	}
}
