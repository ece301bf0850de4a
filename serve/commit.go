package serve

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/skillmap/skillmap/audit"
	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/survey"
	"github.com/skillmap/skillmap/workshop"
)

// save writes edits into a participant's file as the working copy has it
// (only the values that change; the file stays as a person would edit
// it) and commits that file alone, authored by the participant, with the
// server's user as committer and a trailer saying the link was checked.
// A submit (no edits) commits only what the file holds that is not
// committed yet, usually nothing, since every page saved was. Either way
// it asks for a push, and returns that push's number for pusher.wait.
func (s *Server) save(id string, edits []survey.AnswerEdit, submit bool) (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ws, fw, err := s.load()
	if err != nil {
		return 0, err
	}
	path := survey.ResponsePath(id)
	sf := workshop.WorktreeResponse(s.repo, path)
	if sf.Err != nil {
		return 0, fmt.Errorf("%s: %w", path, sf.Err)
	}
	r, ps := survey.CheckResponse(path, sf.Data, ws, fw)
	if len(ps) > 0 {
		return 0, ps
	}
	if len(edits) > 0 {
		// The bytes on disk, not git's view of them: a file with CRLF
		// endings keeps them (EditAnswers does), as take does.
		full := filepath.Join(s.repo.Root(), filepath.FromSlash(path))
		data, err := os.ReadFile(full)
		if err != nil {
			return 0, err
		}
		out, mode, err := survey.EditResponse(path, data, ws, fw, edits)
		if err != nil {
			return 0, err
		}
		if mode != survey.Unchanged {
			if err := gitstore.WriteFileAtomic(full, out); err != nil {
				return 0, err
			}
			if r, ps = survey.CheckResponse(path, out, ws, fw); len(ps) > 0 {
				return 0, ps
			}
		}
	}
	p := r.Participant
	role := p.Role
	if rl := ws.Role(role); rl != nil {
		role = rl.Name
	}
	verb := "Save"
	if submit {
		verb = "Submit"
	}
	answered, total := countAnswered(r.KeyedFor(fw), fw.AskedOf(ws, p.Role))
	msg := fmt.Sprintf("%s self-assessment of %s (%s) from the web form\n\n%d of %d activities rated.\n\n%s: %s\n",
		verb, p.Name, role, answered, total, audit.FormTrailer, audit.FormTrailerValue)
	a := p.Author()
	hash, err := s.repo.CommitWorktreeAs([]string{path}, gitstore.Signature{Name: a.Name, Email: a.Email}, s.committer, msg)
	switch {
	case errors.Is(err, gitstore.ErrNoChanges):
		// Nothing new; a submit still waits for what is not pushed yet.
	case err != nil:
		return 0, err
	default:
		s.log.Printf("%s: committed %s (%d of %d rated)", id, hash.String()[:7], answered, total)
	}
	return s.pusher.kick(), nil
}

// errNoRemote: the workshop has no remote, so a commit is all there is.
var errNoRemote = errors.New("no remote")

// retryAfter is how long the pusher waits before trying again after a
// push failed.
const retryAfter = 30 * time.Second

// pusher pushes the server's commits to the workshop's remote in the
// background, one sync at a time: commits made while a sync runs go with
// the next, so thirty people saving at once make a few pushes, not thirty.
// Each sync is skillmap sync's (gitstore.Sync): others' pushes are fetched
// and these commits rebuilt on top of them, so nobody's answers are lost.
type pusher struct {
	s *Server
	o gitstore.SyncOptions

	kicks chan struct{}
	quit  chan struct{}
	ended chan struct{}

	mu      sync.Mutex
	asked   uint64        // kicks so far
	covered uint64        // the kicks the last finished sync covered
	err     error         // the last sync's error
	changed chan struct{} // closed when covered changes
}

func newPusher(s *Server, o gitstore.SyncOptions) *pusher {
	return &pusher{s: s, o: o, kicks: make(chan struct{}, 1), quit: make(chan struct{}),
		ended: make(chan struct{}), changed: make(chan struct{})}
}

// kick asks for a push of what is committed now and returns its number.
func (p *pusher) kick() uint64 {
	p.mu.Lock()
	p.asked++
	n := p.asked
	p.mu.Unlock()
	select {
	case p.kicks <- struct{}{}:
	default:
	}
	return n
}

// wait waits until a sync that began after kick n has finished, and
// returns its error (errNoRemote when there is no remote).
func (p *pusher) wait(ctx context.Context, n uint64) error {
	if _, ok := p.s.repo.Origin(); !ok {
		return errNoRemote
	}
	for {
		p.mu.Lock()
		covered, err, changed := p.covered, p.err, p.changed
		p.mu.Unlock()
		if covered >= n {
			return err
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// run pushes whenever asked, and retries a failed push now and then,
// until stop.
func (p *pusher) run() {
	defer close(p.ended)
	var retry <-chan time.Time
	for {
		select {
		case <-p.kicks:
		case <-retry:
		case <-p.quit:
			return
		}
		retry = nil
		if err := p.push(context.Background()); err != nil {
			retry = time.After(retryAfter)
		}
	}
}

// push syncs once, under the server's write lock.
func (p *pusher) push(ctx context.Context) error {
	p.mu.Lock()
	n := p.asked
	p.mu.Unlock()
	var err error
	if _, ok := p.s.repo.Origin(); ok {
		err = p.sync(ctx)
	}
	p.mu.Lock()
	p.covered, p.err = n, err
	close(p.changed)
	p.changed = make(chan struct{})
	p.mu.Unlock()
	return err
}

func (p *pusher) sync(ctx context.Context) error {
	s := p.s
	s.mu.Lock()
	defer s.mu.Unlock()
	res, err := s.repo.Sync(ctx, p.o)
	if err != nil {
		s.log.Printf("push: not pushed (%v); the commits are kept here and pushed later", err)
		return err
	}
	if res.Pushed > 0 || res.Fetched > 0 {
		s.log.Printf("push: %d commits pushed, %d fetched", res.Pushed, res.Fetched)
	}
	for _, c := range res.Conflicts {
		s.log.Printf("push: %s changed on the remote too: the remote's version is kept, the form's is in the working copy (skillmap sync says more)", c.Path)
	}
	if len(res.Conflicts) > 0 {
		return fmt.Errorf("%d files changed on the remote too", len(res.Conflicts))
	}
	return nil
}

// stop ends the pusher after one last push of anything not pushed yet,
// waiting at most timeout for it.
func (p *pusher) stop(timeout time.Duration) error {
	close(p.quit)
	<-p.ended
	if _, ok := p.s.repo.Origin(); !ok {
		return nil
	}
	pending, err := p.s.repo.Unpushed()
	if err != nil || !pending {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	p.s.log.Printf("pushing what is not pushed yet")
	if err := p.push(ctx); err != nil {
		return fmt.Errorf("some answers are committed but not pushed: run skillmap sync to push them: %w", err)
	}
	return nil
}
