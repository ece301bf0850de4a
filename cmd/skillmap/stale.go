package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/termtext"
)

// staleCheckTimeout is how long report waits to learn whether the remote
// has submissions this clone lacks: a hint is not worth a longer wait.
const staleCheckTimeout = 3 * time.Second

// closeFetchTimeout bounds the fetch before a round is closed.
const closeFetchTimeout = 2 * time.Minute

// requireUpToDate fetches a workshop's remote before an action that fixes
// the state for good (closing a round), and refuses when the remote has
// commits this clone lacks: a round closed on a clone that has not synced
// would leave out everyone who submitted since, and cannot be closed
// again. A workshop without a remote costs nothing.
func requireUpToDate(g *globals, repo *gitstore.Repo, what, again string) error {
	if _, ok := repo.Origin(); !ok {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), closeFetchTimeout)
	defer cancel()
	st, err := repo.FetchOrigin(ctx, credentials())
	var re *gitstore.RemoteError
	if errors.As(err, &re) {
		fmt.Fprintf(g.io.Err, "skillmap: %s: could not check that this clone has every submission: %s\n", what, termtext.Line(re.Error()))
		fmt.Fprintf(g.io.Err, "  run skillmap sync when the remote can be reached, then %s; or use --no-fetch to use this clone's state as it is\n", again)
		return exitError{exitRemote}
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if st.Behind {
		return fmt.Errorf("%s: origin has %s this clone has not got (submissions made since it last synced): run skillmap sync, then %s",
			what, plural(st.Commits, "new commit"), again)
	}
	return nil
}

// staleHint looks, in the background, whether the remote has commits this
// clone lacks; the function it returns waits for the answer (at most
// staleCheckTimeout from the start) and prints a hint on stderr. Nothing
// is asked of a workshop without a remote.
func staleHint(g *globals, repo *gitstore.Repo) func() {
	if _, ok := repo.Origin(); !ok {
		return func() {}
	}
	type answer struct {
		head gitstore.Hash
		err  error
	}
	ch := make(chan answer, 1)
	ctx, cancel := context.WithTimeout(context.Background(), staleCheckTimeout)
	go func() {
		h, err := repo.OriginHead(ctx, credentials())
		ch <- answer{h, err}
	}()
	return func() {
		defer cancel()
		var a answer
		select {
		case a = <-ch:
		case <-ctx.Done():
			a.err = ctx.Err()
		}
		st := &gitstore.RemoteState{}
		if a.err == nil {
			st, a.err = repo.Behind(a.head)
		}
		url, _ := repo.Origin()
		switch {
		case a.err != nil:
			reason := a.err.Error()
			var re *gitstore.RemoteError
			if errors.As(a.err, &re) {
				reason = re.Error()
			} else if errors.Is(a.err, context.DeadlineExceeded) {
				reason = fmt.Sprintf("no answer within %s", staleCheckTimeout)
			}
			fmt.Fprintf(g.io.Err, "note: could not check origin (%s) for newer submissions (%s): this report is of this clone as last synced\n",
				termtext.Line(gitstore.RedactURL(url)), termtext.Line(reason))
		case st.Behind && st.Commits > 0:
			fmt.Fprintf(g.io.Err, "note: origin has %s this clone has not got (submissions since it last synced): this report leaves them out; run skillmap sync, then report again\n", plural(st.Commits, "new commit"))
		case st.Behind:
			fmt.Fprintln(g.io.Err, "note: origin has commits this clone has not got (submissions since it last synced): this report leaves them out; run skillmap sync, then report again")
		}
	}
}
