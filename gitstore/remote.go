package gitstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp/capability"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/memory"
)

// OriginName is the remote a workshop is shared through.
const OriginName = "origin"

// Origin returns the URL of the workshop's remote, if it has one.
func (r *Repo) Origin() (string, bool) {
	rem, err := r.git.Remote(OriginName)
	if err != nil || len(rem.Config().URLs) == 0 {
		return "", false
	}
	return rem.Config().URLs[0], true
}

// SetOrigin makes url the workshop's remote, and the current branch track
// the branch of the same name there, as git clone would.
func (r *Repo) SetOrigin(rawURL string) error {
	if _, err := transport.NewEndpoint(rawURL); err != nil {
		return fmt.Errorf("%q is not a Git URL: %w", RedactURL(rawURL), err)
	}
	unlock, err := r.lock()
	if err != nil {
		return err
	}
	defer unlock()
	cfg, err := r.git.Config()
	if err != nil {
		return err
	}
	cfg.Remotes[OriginName] = &config.RemoteConfig{
		Name:  OriginName,
		URLs:  []string{rawURL},
		Fetch: []config.RefSpec{config.RefSpec("+refs/heads/*:refs/remotes/" + OriginName + "/*")},
	}
	if branch, _, err := r.headState(); err == nil {
		cfg.Branches[branch.Short()] = &config.Branch{Name: branch.Short(), Remote: OriginName, Merge: branch}
	}
	return r.writeConfig(cfg)
}

// upstream is the branch on the remote that the local branch tracks: the
// one git's branch.<name>.merge names, or the same name.
func (r *Repo) upstream(branch plumbing.ReferenceName) plumbing.ReferenceName {
	if cfg, err := r.git.Config(); err == nil {
		if b, ok := cfg.Branches[branch.Short()]; ok && b.Remote == OriginName && b.Merge.IsBranch() {
			return b.Merge
		}
	}
	return branch
}

func trackingRef(upstream plumbing.ReferenceName) plumbing.ReferenceName {
	return plumbing.NewRemoteReferenceName(OriginName, upstream.Short())
}

// overlay is the repository's storage with references kept in memory:
// go-git's fetch and push rewrite ref files in place, which a killed
// process could leave empty. skillmap writes the refs it needs itself, in
// one step each.
type overlay struct {
	*filesystem.Storage
	refs    memory.ReferenceStorage
	wd      *watchdog // of the fetch under way
	objects string    // the objects folder (a linked worktree's is the main one's)
}

// PackfileWriter takes a fetched pack and indexes it with skillmap's own
// code (see packReceiver), bounded by the fetch's limits.
func (o *overlay) PackfileWriter() (io.WriteCloser, error) {
	return newPackReceiver(o.Storage, o.objects, o.wd)
}

func (r *Repo) newOverlay() (*overlay, error) {
	fs, ok := r.git.Storer.(*filesystem.Storage)
	if !ok {
		return nil, errors.New("this repository is not on disk")
	}
	o := &overlay{Storage: fs, refs: memory.ReferenceStorage{}, objects: r.objectsDir()}
	iter, err := fs.IterReferences()
	if err != nil {
		return nil, err
	}
	err = iter.ForEach(func(ref *plumbing.Reference) error { return o.refs.SetReference(ref) })
	return o, err
}

func (o *overlay) SetReference(ref *plumbing.Reference) error { return o.refs.SetReference(ref) }
func (o *overlay) CheckAndSetReference(n, old *plumbing.Reference) error {
	return o.refs.CheckAndSetReference(n, old)
}
func (o *overlay) Reference(n plumbing.ReferenceName) (*plumbing.Reference, error) {
	return o.refs.Reference(n)
}
func (o *overlay) IterReferences() (storer.ReferenceIter, error) { return o.refs.IterReferences() }
func (o *overlay) RemoveReference(n plumbing.ReferenceName) error {
	return o.refs.RemoveReference(n)
}
func (o *overlay) CountLooseRefs() (int, error) { return o.refs.CountLooseRefs() }
func (o *overlay) PackRefs() error              { return nil }

// fetched is what a fetch found on the remote.
type fetched struct {
	head       plumbing.Hash // the upstream branch; zero when the remote has none
	remoteTags map[plumbing.ReferenceName]plumbing.Hash
}

// remoteTagsNS is where, in memory only, a fetch puts the remote's tags,
// so that skillmap knows which the remote has without taking any of them
// over a local tag of the same name.
const remoteTagsNS = "refs/skillmap-fetch/tags/"

// fetch brings the remote's branch and its tags into the object store.
// No ref is written here: the caller writes the remote-tracking ref and
// new tags.
func (r *Repo) fetch(ctx context.Context, rawURL string, cred Credentials, upstream plumbing.ReferenceName) (fetched, error) {
	out := fetched{remoteTags: map[plumbing.ReferenceName]plumbing.Hash{}}
	ctx, wd, stop, err := guard(ctx)
	if err != nil {
		return out, err
	}
	defer stop()
	ov, err := r.newOverlay()
	if err != nil {
		return out, err
	}
	ov.wd = wd
	auth, err := cred.auth(rawURL)
	if err != nil {
		return out, err
	}
	track := trackingRef(upstream)
	_ = ov.refs.RemoveReference(track) // so that the fetch always says where the remote is
	rem := git.NewRemote(ov, &config.RemoteConfig{Name: OriginName, URLs: []string{rawURL}})
	_, err = bounded(ctx, func() (struct{}, error) {
		return struct{}{}, rem.FetchContext(ctx, &git.FetchOptions{
			RemoteName: OriginName,
			RefSpecs: []config.RefSpec{
				config.RefSpec(fmt.Sprintf("+%s:%s", upstream, track)),
				config.RefSpec("+refs/tags/*:" + remoteTagsNS + "*"),
			},
			Auth:     auth,
			Tags:     git.NoTags,
			Progress: wd,
		})
	})
	switch {
	case err == nil, errors.Is(err, git.NoErrAlreadyUpToDate):
	case errors.Is(err, transport.ErrEmptyRemoteRepository), errors.Is(err, git.NoMatchingRefSpecError{}):
		return out, nil
	default:
		return out, fetchErr(wd, rawURL, err)
	}
	if ref, err := ov.refs.Reference(track); err == nil {
		out.head = ref.Hash()
	}
	for name, ref := range ov.refs {
		if tag, ok := strings.CutPrefix(name.String(), remoteTagsNS); ok && ref.Type() == plumbing.HashReference {
			out.remoteTags[plumbing.NewTagReferenceName(tag)] = ref.Hash()
		}
	}
	return out, nil
}

// storeFetched records where the remote's branch is, and the tags it has
// that this repository lacks (a tag of the same name here is left alone).
func (r *Repo) storeFetched(upstream plumbing.ReferenceName, f fetched) error {
	if !f.head.IsZero() {
		if err := r.writeRef(trackingRef(upstream), plumbing.ZeroHash, f.head, false); err != nil {
			return err
		}
	}
	for name, h := range f.remoteTags {
		if cur, err := r.refHash(name); err != nil || !cur.IsZero() {
			continue
		}
		if r.git.Storer.HasEncodedObject(h) != nil {
			continue
		}
		if err := r.writeRef(name, plumbing.ZeroHash, h, true); err != nil {
			return err
		}
	}
	return nil
}

// pushRejected means the remote's refs were not where the push expected
// them: someone else pushed in between (status is empty), or the server
// turned an update down (status says why, server holds what its hooks
// said).
type pushRejected struct {
	ref    plumbing.ReferenceName
	status string
	server []string
}

func (e *pushRejected) Error() string {
	if e.status == "" {
		return fmt.Sprintf("%s moved on since it was fetched", e.ref.Short())
	}
	return fmt.Sprintf("%s: %s", e.ref.Short(), e.status)
}

// pushSession is a receive-pack session whose advertisement (where the
// remote's refs are) has been read, so that a sync learns where the
// remote's branch is and pushes on the same connection.
type pushSession struct {
	rawURL string
	sess   transport.ReceivePackSession
	refs   map[plumbing.ReferenceName]*plumbing.Reference
	caps   *capability.List
}

// openPush connects to the remote to push, and reads where its refs are.
func (r *Repo) openPush(ctx context.Context, rawURL string, cred Credentials) (*pushSession, error) {
	auth, err := cred.auth(rawURL)
	if err != nil {
		return nil, err
	}
	ep, err := transport.NewEndpoint(rawURL)
	if err != nil {
		return nil, err
	}
	cl, err := client.NewClient(ep)
	if err != nil {
		return nil, err
	}
	ctx, wd, stop, err := guard(ctx)
	if err != nil {
		return nil, err
	}
	defer stop()
	type opened struct {
		sess transport.ReceivePackSession
		ar   *packp.AdvRefs
	}
	o, err := bounded(ctx, func() (opened, error) {
		sess, err := cl.NewReceivePackSession(ep, auth)
		if err != nil {
			return opened{}, err
		}
		ar, err := sess.AdvertisedReferencesContext(ctx)
		return opened{sess, ar}, err
	})
	sess, ar := o.sess, o.ar
	if sess == nil || err != nil && !errors.Is(err, transport.ErrEmptyRemoteRepository) {
		if sess != nil {
			sess.Close()
		}
		if err == nil {
			err = ctx.Err()
		}
		return nil, remoteErr("push to", rawURL, wd.err("push to", rawURL, err))
	}
	ps := &pushSession{rawURL: rawURL, sess: sess, refs: map[plumbing.ReferenceName]*plumbing.Reference{}}
	if ar != nil {
		ps.caps = ar.Capabilities
		if ps.refs, err = ar.AllReferences(); err != nil {
			sess.Close()
			return nil, remoteErr("push to", rawURL, err)
		}
	}
	return ps, nil
}

func (ps *pushSession) close() { _ = ps.sess.Close() }

// head is where the remote's ref is, as advertised; zero when it has none.
func (ps *pushSession) head(name plumbing.ReferenceName) plumbing.Hash {
	if ref, ok := ps.refs[name]; ok && ref.Type() == plumbing.HashReference {
		return ref.Hash()
	}
	return plumbing.ZeroHash
}

// fetched is what the advertisement says a fetch of upstream would find,
// for a sync that needs no fetch.
func (ps *pushSession) fetched(upstream plumbing.ReferenceName) fetched {
	f := fetched{head: ps.head(upstream), remoteTags: map[plumbing.ReferenceName]plumbing.Hash{}}
	for name, ref := range ps.refs {
		if name.IsTag() && ref.Type() == plumbing.HashReference {
			f.remoteTags[name] = ref.Hash()
		}
	}
	return f
}

// push sends commits (and the trees and files they add) plus any extra
// objects, and applies the commands: each ref moves from Old to New only
// if it is still at Old, so nothing on the remote is ever overwritten.
func (r *Repo) push(ctx context.Context, rawURL string, cred Credentials, cmds []*packp.Command, commits []*object.Commit, extra []plumbing.Hash) error {
	ps, err := r.openPush(ctx, rawURL, cred)
	if err != nil {
		return err
	}
	defer ps.close()
	for _, c := range cmds {
		if ps.head(c.Name) != c.Old {
			return &pushRejected{ref: c.Name}
		}
	}
	return r.send(ctx, ps, cmds, commits, extra)
}

// send pushes on an open session. The server checks each command's Old
// against its ref under its lock, whatever it advertised: a ref moved
// meanwhile comes back as a rejection in git's words for a race.
func (r *Repo) send(ctx context.Context, ps *pushSession, cmds []*packp.Command, commits []*object.Commit, extra []plumbing.Hash) error {
	ctx, wd, stop, err := guard(ctx)
	if err != nil {
		return err
	}
	defer stop()
	caps := ps.caps
	pack, err := r.packCommits(commits, extra, caps == nil || !caps.Supports(capability.OFSDelta))
	if err != nil {
		return err
	}
	req := packp.NewReferenceUpdateRequest()
	if caps != nil {
		req = packp.NewReferenceUpdateRequestFromCapabilities(caps)
		if caps.Supports(capability.Sideband64k) {
			// So that what the server's hooks print (git's "remote:"
			// lines) reaches the participant when a hook refuses.
			req.Capabilities.Set(capability.Sideband64k)
		}
	}
	var said serverText
	req.Progress = touchWriter{&said, wd}
	req.Commands = cmds
	req.Packfile = io.NopCloser(touchReader{bytes.NewReader(pack), wd})
	rs, err := bounded(ctx, func() (*packp.ReportStatus, error) {
		return ps.sess.ReceivePack(ctx, req)
	})
	err = wd.err("push to", ps.rawURL, err)
	if rs != nil {
		// The server's report, which go-git also returns as an error.
		if rs.UnpackStatus != "ok" {
			return &RemoteError{Op: "push to", URL: ps.rawURL, Kind: KindRefused,
				Err: &PushRefusal{Reason: "unpack: " + clip(rs.UnpackStatus), Server: said.lines()}}
		}
		for _, cs := range rs.CommandStatuses {
			if cs.Status != "ok" {
				return &pushRejected{ref: cs.ReferenceName, status: clip(cs.Status), server: said.lines()}
			}
		}
	}
	return remoteErr("push to", ps.rawURL, err)
}

// packCommits encodes the commits and every tree and file they add over
// their first parents' (which the remote has) into a pack. Working it out
// from the differences, rather than go-git's walk of everything the remote
// already holds, keeps a push fast in a long history.
func (r *Repo) packCommits(commits []*object.Commit, extra []plumbing.Hash, refDeltas bool) ([]byte, error) {
	seen := map[plumbing.Hash]bool{}
	var hashes []plumbing.Hash
	add := func(h plumbing.Hash) {
		if !seen[h] {
			seen[h] = true
			hashes = append(hashes, h)
		}
	}
	for _, h := range extra {
		add(h)
	}
	for _, c := range commits {
		add(c.Hash)
		var parentTree plumbing.Hash
		if len(c.ParentHashes) > 0 {
			t, err := r.treeOf(c.ParentHashes[0])
			if err != nil {
				return nil, err
			}
			parentTree = t
		}
		if err := r.newObjects(c.TreeHash, parentTree, add); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if _, err := packfile.NewEncoder(&buf, r.git.Storer, refDeltas).Encode(hashes, 10); err != nil {
		return nil, fmt.Errorf("pack the commits to push: %w", err)
	}
	return buf.Bytes(), nil
}

// newObjects reports tree t and every tree and blob under it that the tree
// old does not hold at the same place.
func (r *Repo) newObjects(t, old plumbing.Hash, add func(plumbing.Hash)) error {
	if t == old {
		return nil
	}
	add(t)
	te, err := r.treeEntries(t)
	if err != nil {
		return err
	}
	oe, err := r.treeEntries(old)
	if err != nil {
		return err
	}
	for name, e := range te {
		o, ok := oe[name]
		if ok && o.Hash == e.Hash {
			continue
		}
		switch e.Mode {
		case filemode.Dir:
			var oldSub plumbing.Hash
			if ok && o.Mode == filemode.Dir {
				oldSub = o.Hash
			}
			if err := r.newObjects(e.Hash, oldSub, add); err != nil {
				return err
			}
		case filemode.Submodule:
			// another repository's commit: not ours to send
		default:
			add(e.Hash)
		}
	}
	return nil
}

// ErrRemoteEmpty means the remote has no commits on the branch to clone.
var ErrRemoteEmpty = errors.New("the remote has no commits yet")

// remoteBranch asks the remote which branch its HEAD names (main, for a
// workshop), falling back to main, then to its only branch.
func remoteBranch(ctx context.Context, rawURL string, auth transport.AuthMethod) (plumbing.ReferenceName, error) {
	ctx, wd, stop, err := guard(ctx)
	if err != nil {
		return "", err
	}
	defer stop()
	rem := git.NewRemote(memory.NewStorage(), &config.RemoteConfig{Name: OriginName, URLs: []string{rawURL}})
	refs, err := bounded(ctx, func() ([]*plumbing.Reference, error) {
		return rem.ListContext(ctx, &git.ListOptions{Auth: auth})
	})
	if errors.Is(err, transport.ErrEmptyRemoteRepository) {
		return "", ErrRemoteEmpty
	}
	if err != nil {
		return "", remoteErr("fetch from", rawURL, wd.err("fetch from", rawURL, err))
	}
	var branches []plumbing.ReferenceName
	var head plumbing.ReferenceName
	for _, ref := range refs {
		switch {
		case ref.Name() == plumbing.HEAD && ref.Type() == plumbing.SymbolicReference:
			head = ref.Target()
		case ref.Name().IsBranch():
			branches = append(branches, ref.Name())
		}
	}
	sort.Slice(branches, func(i, j int) bool { return branches[i] < branches[j] })
	for _, want := range []plumbing.ReferenceName{head, plumbing.NewBranchReferenceName(DefaultBranch)} {
		for _, b := range branches {
			if want != "" && b == want {
				return b, nil
			}
		}
	}
	if len(branches) == 1 {
		return branches[0], nil
	}
	if len(branches) == 0 {
		return "", ErrRemoteEmpty
	}
	return "", fmt.Errorf("%s has several branches and no default one: %v", RedactURL(rawURL), branches)
}

// Clone copies the workshop at url into dir (which must be empty or not
// exist), with its working copy. It writes the files itself rather than
// through go-git's checkout, the same way sync does.
func Clone(ctx context.Context, rawURL, dir string, cred Credentials) (repo *Repo, err error) {
	auth, err := cred.auth(rawURL)
	if err != nil {
		return nil, err
	}
	branch, err := remoteBranch(ctx, rawURL, auth)
	if err != nil {
		return nil, err
	}
	_, statErr := os.Stat(dir)
	r, err := Init(dir)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil && errors.Is(statErr, os.ErrNotExist) {
			_ = os.RemoveAll(dir)
		}
	}()
	if branch.Short() != DefaultBranch {
		if err := r.git.Storer.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, branch)); err != nil {
			return nil, err
		}
	}
	if err := r.SetOrigin(rawURL); err != nil {
		return nil, err
	}
	unlock, err := r.lock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	f, err := r.fetch(ctx, rawURL, cred, branch)
	if err != nil {
		return nil, err
	}
	if f.head.IsZero() {
		return nil, ErrRemoteEmpty
	}
	if err := r.storeFetched(branch, f); err != nil {
		return nil, err
	}
	if _, err := r.moveBranch(branch, plumbing.ZeroHash, f.head, nil); err != nil {
		return nil, err
	}
	return r, nil
}

// ReadRemoteOptions say how much of a remote ReadRemote brings.
type ReadRemoteOptions struct {
	Credentials Credentials
	// Full brings the branch's whole history and the tags (rounds), for
	// reading past states and auditing; otherwise only the branch's last
	// commit and its files are fetched (a shallow fetch of depth 1), all a
	// report of the current state needs.
	Full bool
}

// RemoteCopy is a workshop fetched to read once: a bare repository in a
// temporary folder, removed by Close.
type RemoteCopy struct {
	*Repo
	// Shallow is true when only the last commit was fetched: there is no
	// history to read or audit.
	Shallow bool
	dir     string
}

// Close removes the copy.
func (c *RemoteCopy) Close() error { return os.RemoveAll(c.dir) }

// ReadRemote fetches the workshop at url into a temporary folder, to read
// it once (skillmap report --from). It brings only what o asks for, onto
// disk rather than into memory, so that a report of a large workshop reads
// a few megabytes and holds little of it at a time.
func ReadRemote(ctx context.Context, rawURL string, o ReadRemoteOptions) (_ *RemoteCopy, err error) {
	auth, err := o.Credentials.auth(rawURL)
	if err != nil {
		return nil, err
	}
	branch, err := remoteBranch(ctx, rawURL, auth)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "skillmap-remote-")
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	g, err := git.PlainInit(dir, true)
	if err != nil {
		return nil, err
	}
	fs, ok := g.Storer.(*filesystem.Storage)
	if !ok {
		return nil, errors.New("the temporary copy is not on disk")
	}
	ctx, wd, stop, err := guard(ctx)
	if err != nil {
		return nil, err
	}
	defer stop()
	ov := &overlay{Storage: fs, refs: memory.ReferenceStorage{}, wd: wd, objects: filepath.Join(dir, "objects")}
	specs := []config.RefSpec{config.RefSpec(fmt.Sprintf("+%s:%s", branch, branch))}
	depth := 1
	if o.Full {
		depth = 0
		specs = append(specs, "+refs/tags/*:refs/tags/*")
	}
	rem := git.NewRemote(ov, &config.RemoteConfig{Name: OriginName, URLs: []string{rawURL}})
	_, err = bounded(ctx, func() (struct{}, error) {
		return struct{}{}, rem.FetchContext(ctx, &git.FetchOptions{
			RemoteName: OriginName,
			RefSpecs:   specs,
			Depth:      depth,
			Auth:       auth,
			Tags:       git.NoTags,
			Progress:   wd,
		})
	})
	if errors.Is(err, transport.ErrEmptyRemoteRepository) || errors.Is(err, git.NoMatchingRefSpecError{}) {
		return nil, ErrRemoteEmpty
	}
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return nil, fetchErr(wd, rawURL, err)
	}
	// The copy is thrown away: its refs are written as they are.
	for _, ref := range ov.refs {
		if ref.Name().IsBranch() || ref.Name().IsTag() {
			if err := fs.SetReference(ref); err != nil {
				return nil, err
			}
		}
	}
	if err := fs.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, branch)); err != nil {
		return nil, err
	}
	if _, err := fs.Reference(branch); err != nil {
		return nil, ErrRemoteEmpty
	}
	g, err = git.Open(fs, nil)
	if err != nil {
		return nil, err
	}
	return &RemoteCopy{Repo: &Repo{git: g, root: dir}, Shallow: !o.Full, dir: dir}, nil
}

// fetchErr is the error of a failed fetch: a file over the size limit as
// it is (trying again will not help), anything else as a RemoteError.
func fetchErr(wd *watchdog, rawURL string, err error) error {
	var big *blobTooLarge
	if errors.As(err, &big) {
		return fmt.Errorf("fetch from %s: %w", RedactURL(rawURL), big)
	}
	return remoteErr("fetch from", rawURL, wd.err("fetch from", rawURL, err))
}

// AbsRemoteURL makes a local path URL absolute against base, so that it means the same from
// any folder.
func AbsRemoteURL(rawURL, base string) string {
	ep, err := transport.NewEndpoint(rawURL)
	if err != nil || ep.Protocol != "file" || strings.HasPrefix(rawURL, "file://") || filepath.IsAbs(rawURL) {
		return rawURL
	}
	abs, err := filepath.Abs(filepath.Join(base, rawURL))
	if err != nil {
		return rawURL
	}
	return abs
}
