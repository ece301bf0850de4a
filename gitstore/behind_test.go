package gitstore

import (
	"errors"
	"testing"
)

// A clone learns that the remote has commits it lacks: by a look that
// fetches nothing (OriginHead, then Behind), and by a fetch that moves
// nothing but the remote-tracking branch (FetchOrigin). Its own unpushed
// commits are not "behind".
func TestBehindOrigin(t *testing.T) {
	url, _, _ := shared(t)
	lead, _ := clone(t, url)
	other, _ := clone(t, url)
	behind := func(want bool, commits int) {
		t.Helper()
		h, err := lead.OriginHead(ctx, Credentials{})
		if err != nil {
			t.Fatal(err)
		}
		st, err := lead.Behind(h)
		if err != nil {
			t.Fatal(err)
		}
		if st.Behind != want || st.Commits != commits {
			t.Errorf("behind %v by %d, want %v by %d", st.Behind, st.Commits, want, commits)
		}
	}
	behind(false, 0)

	commitFile(t, other, "responses/b.yaml", "b: 2\n", "bob")
	if _, err := other.Sync(ctx, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	// Not fetched yet: behind, by a count it cannot know.
	behind(true, 0)
	_, before, _ := lead.headState()
	st, err := lead.FetchOrigin(ctx, Credentials{})
	if err != nil {
		t.Fatal(err)
	}
	if !st.Behind || st.Commits != 1 {
		t.Errorf("after the fetch: behind %v by %d, want by 1", st.Behind, st.Commits)
	}
	if _, after, _ := lead.headState(); after != before {
		t.Error("FetchOrigin moved the branch")
	}
	behind(true, 1)

	if _, err := lead.Sync(ctx, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	commitFile(t, lead, "responses/a.yaml", "a: 3\n", "lead")
	behind(false, 0)
	if st, err := lead.FetchOrigin(ctx, Credentials{}); err != nil || st.Behind {
		t.Errorf("only local commits: %+v, %v", st, err)
	}

	alone, _ := newRepo(t)
	if _, err := alone.FetchOrigin(ctx, Credentials{}); !errors.Is(err, ErrNoRemote) {
		t.Errorf("no remote: %v", err)
	}
	if _, err := alone.OriginHead(ctx, Credentials{}); !errors.Is(err, ErrNoRemote) {
		t.Errorf("no remote: %v", err)
	}
}
