package gitstore

import (
	"context"
	"errors"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/storage/memory"
)

// RemoteState says where the local branch stands against the remote's:
// whether the remote has commits this clone has not got yet (submissions
// made since it last synced).
type RemoteState struct {
	URL string
	// Behind: the remote's branch has commits the local branch lacks.
	Behind bool
	// Commits is how many (first parent), when known: a look without a
	// fetch cannot count commits it has not got.
	Commits int
}

// FetchOrigin fetches the remote's branch and tags, as the first step of a
// sync does, and says whether the local branch is behind it. It moves
// neither the local branch nor the working copy: only the
// remote-tracking branch and tags this repository lacks are written.
// ErrNoRemote when the workshop has no remote.
func (r *Repo) FetchOrigin(ctx context.Context, cred Credentials) (*RemoteState, error) {
	rawURL, ok := r.Origin()
	if !ok {
		return nil, ErrNoRemote
	}
	unlock, err := r.lock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	branch, local, err := r.headState()
	if err != nil {
		return nil, err
	}
	up := r.upstream(branch)
	f, err := r.fetch(ctx, rawURL, cred, up)
	if err != nil {
		return nil, err
	}
	if err := r.storeFetched(up, f); err != nil {
		return nil, err
	}
	st := &RemoteState{URL: rawURL}
	st.Behind, st.Commits, err = r.behind(local, f.head)
	return st, err
}

// OriginHead asks the remote where the branch the local one tracks is,
// without fetching anything (one round trip, a few hundred bytes). It
// reads only the configuration and HEAD here, never the object store, so
// it may run beside other reads of the repository; Behind then compares.
// ErrNoRemote when the workshop has no remote; a zero hash when the remote
// has no such branch.
func (r *Repo) OriginHead(ctx context.Context, cred Credentials) (Hash, error) {
	rawURL, ok := r.Origin()
	if !ok {
		return Hash{}, ErrNoRemote
	}
	branch, _, err := r.headState()
	if err != nil {
		return Hash{}, err
	}
	up := r.upstream(branch)
	auth, err := cred.auth(rawURL)
	if err != nil {
		return Hash{}, err
	}
	rem := git.NewRemote(memory.NewStorage(), &config.RemoteConfig{Name: OriginName, URLs: []string{rawURL}})
	refs, err := rem.ListContext(ctx, &git.ListOptions{Auth: auth})
	if errors.Is(err, transport.ErrEmptyRemoteRepository) {
		return Hash{}, nil
	}
	if err != nil {
		return Hash{}, remoteErr("fetch from", rawURL, err)
	}
	for _, ref := range refs {
		if ref.Name() == up && ref.Type() == plumbing.HashReference {
			return ref.Hash(), nil
		}
	}
	return Hash{}, nil
}

// Behind says whether the remote's branch, at the commit OriginHead
// returned, has commits the local branch lacks.
func (r *Repo) Behind(remote Hash) (*RemoteState, error) {
	url, _ := r.Origin()
	st := &RemoteState{URL: url}
	_, local, err := r.headState()
	if err != nil {
		return nil, err
	}
	h := remote
	if !h.IsZero() && r.git.Storer.HasEncodedObject(h) != nil {
		// A commit this clone has never seen: behind, by how many is for
		// a fetch to tell.
		st.Behind = true
		return st, nil
	}
	st.Behind, st.Commits, err = r.behind(local, h)
	return st, err
}

// behind says whether remote holds commits that local lacks, and how
// many on its first-parent line. Only local commits (the remote's head
// is in local's history) is not behind.
func (r *Repo) behind(local, remote plumbing.Hash) (bool, int, error) {
	switch {
	case remote.IsZero() || local == remote:
		return false, 0, nil
	case local.IsZero():
		return true, r.countFirstParent(remote, plumbing.ZeroHash), nil
	}
	_, base, _, err := r.localChain(local, remote)
	if err != nil {
		return false, 0, err
	}
	if base == remote {
		return false, 0, nil
	}
	return true, r.countFirstParent(remote, base), nil
}
