package gitstore

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp"
)

// ErrNoRemote means the workshop has no remote to sync with.
var ErrNoRemote = errors.New("this workshop has no remote (origin)")

// ErrUnrelated means the remote's branch and the local one share no
// commit: it is another repository's history, and syncing would mix them.
var ErrUnrelated = errors.New("the remote's history and this one have no commit in common")

// DefaultRetryFor is how long a sync keeps retrying when others push first.
const DefaultRetryFor = 3 * time.Minute

// SyncOptions tune a sync.
type SyncOptions struct {
	Credentials Credentials
	// RetryFor is how long to keep trying when the remote moves on between
	// a fetch and a push (others pushing at the same time). Zero means
	// DefaultRetryFor.
	RetryFor time.Duration
	// Status, when set, is told about retries, for a progress line.
	Status func(msg string)
	// Timeout is how long the server may stay silent during a fetch or a
	// push (before it answers, or between two pieces of what it sends), so
	// that a server that stops answering does not hang the command. Zero
	// means SKILLMAP_GIT_TIMEOUT, or DefaultIdleTimeout.
	Timeout time.Duration
}

// maxDropped is how many times a sync tries again after a fetch or push
// failed on the network.
const maxDropped = 3

// idlePush is how long a push connection may wait for a fetch before a
// fresh one is opened instead: servers drop connections idle for long.
const idlePush = 10 * time.Second

// network runs one fetch or push with the idle timeout: a large fetch
// may take long, a silent server may not.
func (o SyncOptions) network(ctx context.Context, f func(context.Context) error) error {
	if o.Timeout > 0 {
		ctx = withIdle(ctx, o.Timeout)
	}
	return f(ctx)
}

// Conflict is a file that a local commit changed and that the remote
// changed too, differently, since: that change of the local commit is not
// delivered. The working copy keeps the local version and the remote's is
// written beside it.
type Conflict struct {
	Path       string
	RemoteCopy string    // the remote's version, untracked; "" when the remote deleted the file
	By         Signature // who last changed it on the remote
	Subject    string    // the first line of that commit's message
}

// SyncResult says what a sync did.
type SyncResult struct {
	URL           string
	Branch        string
	Before, After Hash // the local branch
	Remote        Hash // the remote's branch at the end
	Fetched       int  // commits the remote had that the local branch lacked
	Pushed        int  // commits pushed
	Rebuilt       int  // local commits re-applied on top of newer remote commits
	Attempts      int  // pushes tried
	Recovered     bool // a sync killed earlier was finished first
	Updated       []string
	Kept          []KeptFile // uncommitted local changes left alone, the remote's version beside them
	Conflicts     []Conflict
	SetAside      string   // a ref that keeps the local commits as they were, when some change was not delivered
	Skipped       []string // paths of the remote not safe to write to the working copy
	TagsPushed    []string
	Warnings      []string
}

func (res *SyncResult) add(u *worktreeUpdate) {
	if u == nil {
		return
	}
	res.Updated = append(res.Updated, u.Updated...)
	res.Kept = append(res.Kept, u.Kept...)
	res.Skipped = append(res.Skipped, u.Skipped...)
}

// Sync brings the local branch and the remote's together, under the
// repository's lock: it fetches, fast-forwards the local branch and the
// working copy to the remote's new commits, and pushes the local commits
// the remote lacks. When the remote has moved on, each local commit is
// rebuilt on top of it (its files as it changed them, every other file as
// the remote has it; author, date and message kept) and the push is tried
// again, with backoff, until RetryFor has passed. It never force-pushes.
// A file that a local commit changed and the remote changed too is a
// Conflict: the remote's version stays in the branch, the local one in the
// working copy, and the local commits are kept under SetAside.
func (r *Repo) Sync(ctx context.Context, o SyncOptions) (*SyncResult, error) {
	rawURL, ok := r.Origin()
	if !ok {
		return nil, ErrNoRemote
	}
	unlock, err := r.lock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	res := &SyncResult{URL: rawURL}
	u, err := r.recoverMove()
	if err != nil {
		return res, fmt.Errorf("finish the update a stopped sync began: %w", err)
	}
	if u != nil {
		res.Recovered = true
		res.add(u)
	}
	branch, local, err := r.headState()
	if err != nil {
		return res, err
	}
	res.Branch, res.Before, res.After = branch.Short(), local, local
	up := r.upstream(branch)
	retryFor := o.RetryFor
	if retryFor <= 0 {
		retryFor = DefaultRetryFor
	}
	deadline := time.Now().Add(retryFor)
	// A push the server turned down in words that say another push won the
	// race (a lock held, a ref not where expected) is tried again; but if
	// the remote's head has not moved after a few of those, it is a rule of
	// the server's after all. A racing push may still be finishing when we
	// fetch again, hence a few.
	var refusedAt plumbing.Hash
	refusals := 0
	var refusedWhy *pushRejected
	// A connection dropped halfway (a busy server resets some) is worth a
	// couple more tries; a server that stays unreachable is not.
	dropped := 0
	retryNetwork := func(err error) bool {
		var re *RemoteError
		// A server that stayed silent for the whole timeout is not asked again.
		if !errors.As(err, &re) || re.Kind != KindUnreachable || errors.Is(err, ErrTimeout) || dropped >= maxDropped || ctx.Err() != nil {
			return false
		}
		dropped++
		if o.Status != nil {
			o.Status(fmt.Sprintf("%v: trying again", err))
		}
		return sleep(ctx, backoff(dropped+1)) == nil
	}
	// moved is set when another push came first: the next attempt fetches
	// and puts the local commits on top before it connects to push, so
	// that the push follows the remote's answer at once.
	moved := false
	// again waits before the next attempt, or gives up when others have
	// kept pushing first for too long.
	again := func(attempt int) error {
		if time.Now().After(deadline) {
			return &RemoteError{Op: "push to", URL: rawURL, Kind: KindBusy,
				Err: fmt.Errorf("others kept pushing first; gave up after %d tries in %s", attempt, retryFor.Round(time.Second))}
		}
		if o.Status != nil {
			o.Status(fmt.Sprintf("the remote moved on meanwhile: trying again (%d)", attempt))
		}
		moved = true
		return sleep(ctx, backoff(attempt))
	}
	reopened := false // once: see idlePush
	for attempt := 1; ; attempt++ {
		var planned *plan // worked out before connecting, for plannedFor
		var plannedFor plumbing.Hash
		if moved {
			var f fetched
			err := o.network(ctx, func(ctx context.Context) (err error) {
				f, err = r.fetch(ctx, rawURL, o.Credentials, up)
				return err
			})
			if err != nil && retryNetwork(err) {
				continue
			}
			if err != nil {
				return res, err
			}
			if err := r.storeFetched(up, f); err != nil {
				return res, err
			}
			if planned, err = r.plan(local, f.head); err != nil {
				return res, err
			}
			plannedFor, moved = f.head, false
		}
		// Where the remote's branch is comes from the connection that
		// pushes: when this clone already has that commit (a participant
		// who joined and submits, nobody having pushed since; or a fetch
		// just now), no fetch is needed and the push follows at once, on
		// the same connection, so another push can hardly come in between.
		// A clone behind fetches while that connection waits.
		var ps *pushSession
		err := o.network(ctx, func(ctx context.Context) (err error) {
			ps, err = r.openPush(ctx, rawURL, o.Credentials)
			return err
		})
		if err != nil && retryNetwork(err) {
			continue
		}
		if err != nil {
			return res, err
		}
		f := ps.fetched(up)
		if r.needFetch(f) && planned != nil {
			// Others pushed again while this one fetched: no pack is sent
			// that the server would turn down.
			ps.close()
			refusals = 0
			if err := again(attempt); err != nil {
				return res, err
			}
			continue
		}
		if r.needFetch(f) {
			began := time.Now()
			err = o.network(ctx, func(ctx context.Context) (err error) {
				f, err = r.fetch(ctx, rawURL, o.Credentials, up)
				return err
			})
			if err != nil {
				ps.close()
				if retryNetwork(err) {
					continue
				}
				return res, err
			}
			if time.Since(began) > idlePush && !reopened {
				// A long fetch (a clone far behind): the push connection
				// has waited long enough for a server to drop it as idle.
				// A fresh one finds the commit fetched, and pushes at once.
				ps.close()
				if err := r.storeFetched(up, f); err != nil {
					return res, err
				}
				reopened = true
				attempt--
				continue
			}
		}
		if err := r.storeFetched(up, f); err != nil {
			ps.close()
			return res, err
		}
		Checkpoint("after-fetch")
		if refusals >= 5 {
			ps.close()
			// Turned down five times at the same remote head, in git's
			// words for a race (a lock that stays taken): a rule or a
			// fault of the server's after all.
			return res, &RemoteError{Op: "push to", URL: rawURL, Kind: KindRefused, Err: refusedWhy.refusal()}
		}
		p := planned
		if p == nil || plannedFor != f.head {
			if p, err = r.plan(local, f.head); err != nil {
				ps.close()
				return res, err
			}
		}
		res.Remote = f.head
		if !p.push {
			ps.close()
		} else {
			res.Attempts = attempt
			Checkpoint("before-push")
			err := o.network(ctx, func(ctx context.Context) error {
				return r.send(ctx, ps, []*packp.Command{{Name: up, Old: f.head, New: p.head}}, p.commits, nil)
			})
			ps.close()
			var rej *pushRejected
			if errors.As(err, &rej) && rej.status != "" && !raced(rej.status) {
				// A hook, a protected branch, a size limit: the server's
				// rule, which trying again does not change.
				return res, &RemoteError{Op: "push to", URL: rawURL, Kind: KindRefused, Err: rej.refusal()}
			}
			if errors.As(err, &rej) {
				switch {
				case rej.status == "":
					refusals = 0
				case refusals > 0 && refusedAt == f.head:
					refusals++
				default:
					refusedAt, refusals = f.head, 1
				}
				refusedWhy = rej
				if err := again(attempt); err != nil {
					return res, err
				}
				continue
			}
			if err != nil && retryNetwork(err) {
				// The push may have landed before the connection dropped:
				// the next fetch tells, and the rebuild then drops what
				// the remote already has.
				continue
			}
			if err != nil {
				return res, err
			}
			Checkpoint("after-push")
			if err := r.writeRef(trackingRef(up), plumbing.ZeroHash, p.head, false); err != nil {
				return res, err
			}
			res.Remote = p.head
			res.Pushed = len(p.commits)
		}
		if p.head != local {
			if len(p.conflicts) > 0 {
				res.SetAside = "refs/skillmap/set-aside/" + local.String()[:12]
				if err := r.writeRef(plumbing.ReferenceName(res.SetAside), plumbing.ZeroHash, local, false); err != nil {
					return res, err
				}
			}
			u, err := r.moveBranch(branch, local, p.head, p.keep)
			if err != nil {
				return res, err
			}
			res.add(u)
			for _, c := range p.conflicts {
				for _, k := range u.Kept {
					if k.Path == c.Path {
						c.RemoteCopy = k.RemoteCopy
						res.Conflicts = append(res.Conflicts, c)
					}
				}
			}
			res.Kept = slices.DeleteFunc(res.Kept, func(k KeptFile) bool { return p.keep[k.Path] })
		}
		res.After, res.Fetched, res.Rebuilt = p.head, p.fetched, p.rebuilt
		var tags []string
		err = o.network(ctx, func(ctx context.Context) (err error) {
			tags, err = r.pushRoundTags(ctx, rawURL, o.Credentials, f, res.Remote)
			return err
		})
		if err != nil {
			res.Warnings = append(res.Warnings, fmt.Sprintf("round tags not pushed: %v", err))
		} else {
			res.TagsPushed = tags
		}
		return res, nil
	}
}

// needFetch says whether the remote, as its advertisement shows it, has
// what this repository lacks: its branch's commit, or a tag of a name
// that is not here.
func (r *Repo) needFetch(f fetched) bool {
	if !f.head.IsZero() && r.git.Storer.HasEncodedObject(f.head) != nil {
		return true
	}
	for name := range f.remoteTags {
		if cur, err := r.refHash(name); err != nil || cur.IsZero() {
			return true
		}
	}
	return false
}

// backoff is how long to wait before the attempt after the given one.
// The wait is drawn from zero up to a bound that doubles with each attempt
// ("full jitter"): pushers who collided spread out over the whole range,
// where a wait of half the bound and more keeps them in step, and a lower
// cap (2 s) keeps the last of a crowd from waiting long after the crowd
// has gone.
func backoff(attempt int) time.Duration {
	d := 100 * time.Millisecond << min(attempt-1, 5)
	d = min(d, 2*time.Second)
	return rand.N(d) + time.Millisecond
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// plan is what a sync will do, worked out from the two heads.
type plan struct {
	head      plumbing.Hash    // where the local branch ends
	push      bool             // head goes to the remote
	commits   []*object.Commit // the commits the remote lacks
	fetched   int
	rebuilt   int
	keep      map[string]bool // conflicting files: the working copy keeps them
	conflicts []Conflict
}

func (r *Repo) plan(local, remote plumbing.Hash) (*plan, error) {
	p := &plan{head: local}
	switch {
	case local == remote:
		return p, nil
	case remote.IsZero():
		// An empty remote: everything goes.
		all, err := r.reachable(local, nil)
		p.push, p.commits = true, all
		return p, err
	case local.IsZero():
		p.head = remote
		p.fetched = r.countFirstParent(remote, plumbing.ZeroHash)
		return p, nil
	}
	chain, base, remoteSeen, err := r.localChain(local, remote)
	if err != nil {
		return nil, err
	}
	if len(chain) == 0 {
		// Nothing local: fast-forward.
		p.head = remote
		p.fetched = r.countFirstParent(remote, local)
		return p, nil
	}
	if base == remote {
		// Only local commits: push them as they are.
		commits, err := r.reachable(local, remoteSeen)
		p.push, p.commits = true, commits
		return p, err
	}
	p.fetched = r.countFirstParent(remote, base)
	return p, r.rebuild(p, chain, base, remote)
}

// localChain walks the local branch's first parents back to the newest
// commit the remote also has, and returns the local commits oldest first,
// that commit, and the remote commits looked at. The remote's history is
// walked breadth-first at the same pace, so that the usual case (a few
// local commits on a remote that moved on by a few) reads a few commits,
// whatever the length of the history.
func (r *Repo) localChain(local, remote plumbing.Hash) ([]*object.Commit, plumbing.Hash, map[plumbing.Hash]bool, error) {
	seen := map[plumbing.Hash]bool{remote: true}
	queue := []plumbing.Hash{remote}
	var chain []*object.Commit
	pos := map[plumbing.Hash]int{}
	next := local
	found := func(h plumbing.Hash) ([]*object.Commit, plumbing.Hash, map[plumbing.Hash]bool, error) {
		c := chain[:pos[h]]
		slices.Reverse(c)
		return c, h, seen, nil
	}
	for !next.IsZero() || len(queue) > 0 {
		if !next.IsZero() {
			if seen[next] {
				pos[next] = len(chain)
				return found(next)
			}
			c, err := r.git.CommitObject(next)
			if err != nil {
				return nil, plumbing.ZeroHash, nil, fmt.Errorf("read commit %s: %w", next, err)
			}
			pos[next] = len(chain)
			chain = append(chain, c)
			next = plumbing.ZeroHash
			if len(c.ParentHashes) > 0 {
				next = c.ParentHashes[0]
			}
		}
		if len(queue) > 0 {
			h := queue[0]
			queue = queue[1:]
			if _, ok := pos[h]; ok {
				return found(h)
			}
			c, err := r.git.CommitObject(h)
			if err != nil {
				return nil, plumbing.ZeroHash, nil, fmt.Errorf("read commit %s: %w", h, err)
			}
			for _, ph := range c.ParentHashes {
				if !seen[ph] {
					seen[ph] = true
					queue = append(queue, ph)
				}
				if _, ok := pos[ph]; ok {
					return found(ph)
				}
			}
		}
	}
	return nil, plumbing.ZeroHash, nil, ErrUnrelated
}

// reachable lists the commits reachable from head that are not in stop
// (whose ancestors are taken as known too).
func (r *Repo) reachable(head plumbing.Hash, stop map[plumbing.Hash]bool) ([]*object.Commit, error) {
	var out []*object.Commit
	seen := map[plumbing.Hash]bool{head: true}
	queue := []plumbing.Hash{head}
	for len(queue) > 0 {
		h := queue[0]
		queue = queue[1:]
		if stop[h] {
			continue
		}
		c, err := r.git.CommitObject(h)
		if err != nil {
			return nil, fmt.Errorf("read commit %s: %w", h, err)
		}
		out = append(out, c)
		for _, ph := range c.ParentHashes {
			if !seen[ph] {
				seen[ph] = true
				queue = append(queue, ph)
			}
		}
	}
	return out, nil
}

// countFirstParent counts the commits from head back to stop, first
// parents only.
func (r *Repo) countFirstParent(head, stop plumbing.Hash) int {
	n := 0
	for h := head; !h.IsZero() && h != stop && n < 1_000_000; n++ {
		c, err := r.git.CommitObject(h)
		if err != nil || len(c.ParentHashes) == 0 {
			return n + 1
		}
		h = c.ParentHashes[0]
	}
	return n
}

// rebuild re-applies the local commits (oldest first, each one's changes
// against its first parent) on top of the remote's head. A file is taken
// from a local commit only where the tip still holds what that commit
// started from; where the remote changed it too, differently, the file is
// a conflict and is left out (and so in every later local commit). A
// commit left with nothing to change is dropped; the others keep author,
// date and message, and get a line naming what was left out.
func (r *Repo) rebuild(p *plan, chain []*object.Commit, base, remote plumbing.Hash) error {
	tip := remote
	tipTree, err := r.treeOf(remote)
	if err != nil {
		return err
	}
	conflicted := map[string]bool{}
	now := time.Now()
	for _, c := range chain {
		parentTree, err := r.treeOf(c.ParentHashes[0])
		if err != nil {
			return err
		}
		changes := map[string]change{}
		if err := r.diffTrees(parentTree, c.TreeHash, "", changes); err != nil {
			return err
		}
		edits := map[string]fileEntry{}
		var left []string
		for path, ch := range changes {
			at, err := r.entryAt(tipTree, path)
			if err != nil {
				return err
			}
			if at == ch.To {
				continue // the remote has it so already
			}
			if !conflicted[path] && at == ch.From {
				blocked := false
				if !ch.To.absent() {
					if blocked, err = r.blocked(tipTree, path); err != nil {
						return err
					}
				}
				if !blocked {
					edits[path] = ch.To
					continue
				}
			}
			conflicted[path] = true
			left = append(left, path)
		}
		if len(edits) == 0 {
			continue
		}
		newTree, err := r.rootTree(tipTree, edits)
		if err != nil {
			return err
		}
		if newTree == tipTree {
			continue
		}
		msg := c.Message
		if len(left) > 0 {
			sort.Strings(left)
			msg = strings.TrimRight(msg, "\n") + "\n\nLeft out, as the remote changed them too: " + strings.Join(left, ", ") + "\n"
		}
		nc := &object.Commit{
			Author:       c.Author,
			Committer:    object.Signature{Name: c.Committer.Name, Email: c.Committer.Email, When: now},
			Message:      msg,
			TreeHash:     newTree,
			ParentHashes: []plumbing.Hash{tip},
		}
		obj := r.git.Storer.NewEncodedObject()
		if err := nc.Encode(obj); err != nil {
			return err
		}
		h, err := r.git.Storer.SetEncodedObject(obj)
		if err != nil {
			return fmt.Errorf("write commit: %w", err)
		}
		nc.Hash = h
		p.commits = append(p.commits, nc)
		p.rebuilt++
		tip, tipTree = h, newTree
	}
	p.head, p.push = tip, tip != remote
	if len(conflicted) == 0 {
		return nil
	}
	localTree, err := r.treeOf(chain[len(chain)-1].Hash)
	if err != nil {
		return err
	}
	p.keep = map[string]bool{}
	paths := make([]string, 0, len(conflicted))
	for path := range conflicted {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		mine, err := r.entryAt(localTree, path)
		if err != nil {
			return err
		}
		theirs, err := r.entryAt(tipTree, path)
		if err != nil {
			return err
		}
		if mine == theirs {
			continue // a later local commit came to the remote's version
		}
		p.keep[path] = true
		cf := Conflict{Path: path}
		cf.By, cf.Subject = r.lastChange(remote, base, path)
		p.conflicts = append(p.conflicts, cf)
	}
	return nil
}

// lastChange finds who last changed a path on the remote's first-parent
// line since base.
func (r *Repo) lastChange(head, base plumbing.Hash, path string) (Signature, string) {
	for h, n := head, 0; !h.IsZero() && h != base && n < 100_000; n++ {
		c, err := r.git.CommitObject(h)
		if err != nil || len(c.ParentHashes) == 0 {
			break
		}
		here, err1 := r.entryAt(c.TreeHash, path)
		parentTree, err2 := r.treeOf(c.ParentHashes[0])
		before, err3 := r.entryAt(parentTree, path)
		if err1 != nil || err2 != nil || err3 != nil {
			break
		}
		if here != before {
			subject, _, _ := strings.Cut(c.Message, "\n")
			return Signature{Name: c.Author.Name, Email: c.Author.Email, When: c.Author.When}, subject
		}
		h = c.ParentHashes[0]
	}
	return Signature{}, ""
}

// RoundTagPrefix starts the name of every tag that closes a round
// (refs/tags/round/NAME): the tags sync shares with the remote.
const RoundTagPrefix = "round/"

// pushRoundTags pushes the round tags (refs/tags/round/*) the remote lacks
// and whose commits it has: closing a round is the facilitator's to share.
func (r *Repo) pushRoundTags(ctx context.Context, rawURL string, cred Credentials, f fetched, remoteHead plumbing.Hash) ([]string, error) {
	if remoteHead.IsZero() {
		return nil, nil
	}
	iter, err := r.git.Tags()
	if err != nil {
		return nil, err
	}
	var cmds []*packp.Command
	var names []string
	var objs []plumbing.Hash
	err = iter.ForEach(func(ref *plumbing.Reference) error {
		if !strings.HasPrefix(ref.Name().String(), "refs/tags/"+RoundTagPrefix) {
			return nil
		}
		if _, ok := f.remoteTags[ref.Name()]; ok {
			return nil
		}
		target := ref.Hash()
		if t, err := r.git.TagObject(ref.Hash()); err == nil {
			target = t.Target
			objs = append(objs, ref.Hash())
		}
		if _, err := r.git.CommitObject(target); err != nil {
			return nil
		}
		cmds = append(cmds, &packp.Command{Name: ref.Name(), New: ref.Hash()})
		names = append(names, ref.Name().Short())
		return nil
	})
	if err != nil || len(cmds) == 0 {
		return nil, err
	}
	// Only tags on commits the remote has: its branch's history.
	seen, err := r.reachable(remoteHead, nil)
	if err != nil {
		return nil, err
	}
	onRemote := map[plumbing.Hash]bool{}
	for _, c := range seen {
		onRemote[c.Hash] = true
	}
	var keepCmds []*packp.Command
	var keepNames []string
	for i, c := range cmds {
		target := c.New
		if t, err := r.git.TagObject(c.New); err == nil {
			target = t.Target
		}
		if onRemote[target] {
			keepCmds = append(keepCmds, c)
			keepNames = append(keepNames, names[i])
		}
	}
	if len(keepCmds) == 0 {
		return nil, nil
	}
	if err := r.push(ctx, rawURL, cred, keepCmds, nil, objs); err != nil {
		return nil, err
	}
	return keepNames, nil
}

// Unpushed says whether the local branch has moved since it was last
// synced with the remote (commits the remote may lack). It does not
// contact the remote.
func (r *Repo) Unpushed() (bool, error) {
	if _, ok := r.Origin(); !ok {
		return false, nil
	}
	branch, local, err := r.headState()
	if err != nil {
		return false, err
	}
	remote, err := r.refHash(trackingRef(r.upstream(branch)))
	if err != nil {
		return false, err
	}
	if local == remote {
		return false, nil
	}
	if local.IsZero() {
		return false, nil
	}
	// Behind the remote only (a fetch without a move) is nothing to push.
	if !remote.IsZero() {
		if c, err := r.git.CommitObject(remote); err == nil {
			if l, err := r.git.CommitObject(local); err == nil {
				if ok, err := l.IsAncestor(c); err == nil && ok {
					return false, nil
				}
			}
		}
	}
	return true, nil
}
