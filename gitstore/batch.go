package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/skillmap/skillmap/internal/pool"
)

// Batch writes many commits in a row on the current branch, each exactly
// as Repo.Commit would, but keeps the trees in memory and writes all the
// objects into one packfile, so ten thousand commits take seconds instead
// of minutes and megabytes instead of gigabytes. The working tree, the
// branch, the index and Git's view of the objects change only in Finish;
// until then the repository is locked against other skillmap writers.
type Batch struct {
	r        *Repo
	unlock   func()
	pack     *packWriter
	branch   plumbing.ReferenceName
	start    plumbing.Hash // the branch's commit when the batch began (zero: none yet)
	head     plumbing.Hash // the last commit written
	headTree plumbing.Hash
	root     *treeNode
	staged   map[string]plumbing.Hash // path → blob, for the index
	pending  map[string][]byte        // path → content, for the working tree
	dirs     map[string]bool          // folders of the working tree known to exist
	done     bool
}

// NewBatch starts a batch of commits on the current branch.
func (r *Repo) NewBatch() (*Batch, error) {
	unlock, err := r.lock()
	if err != nil {
		return nil, err
	}
	b, err := r.newBatch()
	if err != nil {
		unlock()
		return nil, err
	}
	b.unlock = unlock
	return b, nil
}

// newBatch starts a batch; the caller holds the lock.
func (r *Repo) newBatch() (*Batch, error) {
	branch, parent, err := r.headState()
	if err != nil {
		return nil, err
	}
	b := &Batch{r: r, branch: branch, start: parent, head: parent, root: &treeNode{sorted: true},
		staged: map[string]plumbing.Hash{}, pending: map[string][]byte{}, dirs: map[string]bool{}}
	if !parent.IsZero() {
		c, err := r.git.CommitObject(parent)
		if err != nil {
			return nil, fmt.Errorf("read HEAD commit: %w", err)
		}
		if b.root, err = r.loadTree(c.TreeHash); err != nil {
			return nil, fmt.Errorf("read HEAD tree: %w", err)
		}
		b.headTree = c.TreeHash
	}
	if b.pack, err = newPackWriter(r.objectsDir()); err != nil {
		return nil, fmt.Errorf("write objects: %w", err)
	}
	return b, nil
}

// Commit writes files into the working tree and commits exactly those
// files, on top of the batch's previous commit, as author. Like
// Repo.Commit, it returns ErrNoChanges when the files are as committed.
func (b *Batch) Commit(files []File, author Signature, msg string) (Hash, error) {
	if b.done {
		return plumbing.ZeroHash, errors.New("commit after the batch finished")
	}
	for _, f := range files {
		if err := checkPath(f.Path); err != nil {
			return plumbing.ZeroHash, err
		}
	}
	hashes, compressed := hashBlobs(files)
	for i, f := range files {
		// An object the repository has already is written again rather
		// than looked for: Git allows an object in several places, and
		// looking costs a failed open per file.
		h := hashes[i]
		if !b.pack.has(h) {
			var err error
			if compressed != nil {
				_, err = b.pack.writeCompressed(packBlob, h, len(f.Data), nil, compressed[i])
			} else {
				_, err = b.pack.add(packBlob, h, f.Data)
			}
			if err != nil {
				return plumbing.ZeroHash, fmt.Errorf("write objects: %w", err)
			}
		}
		if err := b.root.set(b.r, f.Path, h); err != nil {
			return plumbing.ZeroHash, err
		}
		b.pending[f.Path] = f.Data
		b.staged[f.Path] = h
	}
	tree, err := b.writeTree(b.root)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if tree == b.headTree && !b.head.IsZero() {
		return plumbing.ZeroHash, ErrNoChanges
	}
	if author.When.IsZero() {
		author.When = time.Now()
	}
	sig := object.Signature{Name: author.Name, Email: author.Email, When: author.When}
	c := &object.Commit{Author: sig, Committer: sig, Message: strings.TrimRight(msg, "\n") + "\n", TreeHash: tree}
	if !b.head.IsZero() {
		c.ParentHashes = []plumbing.Hash{b.head}
	}
	obj := &plumbing.MemoryObject{}
	if err := c.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	content, err := readAll(obj)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	h := objectHash(plumbing.CommitObject, content)
	if _, err := b.pack.add(packCommit, h, content); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("write objects: %w", err)
	}
	b.head, b.headTree = h, tree
	return h, nil
}

// hashBlobs computes the ids of files' contents; for many files it also
// compresses them, on every processor.
func hashBlobs(files []File) (hashes []plumbing.Hash, compressed [][]byte) {
	hashes = make([]plumbing.Hash, len(files))
	if len(files) < 64 {
		for i, f := range files {
			hashes[i] = objectHash(plumbing.BlobObject, f.Data)
		}
		return hashes, nil
	}
	compressed = make([][]byte, len(files))
	pool.Indexes(runtime.GOMAXPROCS(0), len(files), func() func(int) {
		var c blobCompressor
		return func(i int) {
			hashes[i] = objectHash(plumbing.BlobObject, files[i].Data)
			compressed[i] = c.compress(files[i].Data)
		}
	})
	return hashes, compressed
}

// Finish writes the packfile, moves the branch to the last commit and
// records the committed files in the index, so "git status" is clean for
// them. It releases the lock, also on failure.
func (b *Batch) Finish() error {
	if b.done {
		return nil
	}
	b.done = true
	defer b.release()
	// git's index.lock first: if a git command holds it, nothing changes.
	idx, lock, err := b.r.lockIndex()
	if err != nil {
		b.pack.abort()
		return err
	}
	defer lock.release()
	// Each file is written once, as last committed, as Commit writes files
	// before it commits them.
	paths := slices.Sorted(maps.Keys(b.pending))
	for _, p := range paths {
		if err := b.writeFile(p, b.pending[p]); err != nil {
			b.pack.abort()
			return err
		}
	}
	if b.head == b.start {
		b.pack.abort()
		return nil
	}
	if err := b.pack.finish(); err != nil {
		return fmt.Errorf("write objects: %w", err)
	}
	if fs, ok := b.r.git.Storer.(*filesystem.Storage); ok {
		fs.Reindex() // so that go-git sees the new pack
	}
	// In one step, and only if the branch is still where the batch began.
	if err := b.r.setRef(b.branch, b.start, b.head); err != nil {
		return fmt.Errorf("update %s: %w", b.branch.Short(), err)
	}
	files := make([]File, 0, len(b.staged))
	for p := range b.staged {
		files = append(files, File{Path: p})
	}
	if err := b.r.stage(lock, idx, files, b.staged); err != nil {
		return fmt.Errorf("committed %s, but could not update the index (run \"git reset\" to repair it): %w", b.head, err)
	}
	return nil
}

// Abort drops the commits not yet finished: the repository stays as it
// was.
func (b *Batch) Abort() {
	if b.done {
		return
	}
	b.done = true
	b.pack.abort()
	b.release()
}

func (b *Batch) release() {
	if b.unlock != nil {
		b.unlock()
	}
}

// writeFile writes a file of the working tree. A new file is written in
// place; an existing one is replaced in one step, so a reader never sees
// half of it. Unlike Repo.Commit it does not sync each file to disk: the
// committed content is safe in the pack, which is synced, and syncing
// thousands of files would take most of the time.
func (b *Batch) writeFile(path string, data []byte) error {
	data = b.r.toWorktree(path, data) // CRLF where git would check out CRLF
	name := filepath.Join(b.r.root, filepath.FromSlash(path))
	dir := filepath.Dir(name)
	if !b.dirs[dir] {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		b.dirs[dir] = true
	}
	// Plain system calls: os.OpenFile would also try to register each file
	// with the network poller.
	fd, err := syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
	if errors.Is(err, fs.ErrExist) { // EEXIST on Unix, ERROR_FILE_EXISTS on Windows
		return replaceFile(name, data, 0o644)
	}
	if err != nil {
		return &fs.PathError{Op: "create", Path: name, Err: err}
	}
	for rest := data; len(rest) > 0; {
		n, err := syscall.Write(fd, rest)
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			os.Remove(name)
			return &fs.PathError{Op: "write", Path: name, Err: err}
		}
		rest = rest[n:]
	}
	if err := syscall.Close(fd); err != nil {
		os.Remove(name)
		return &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

// objectsDir is where the repository's objects live: for a linked worktree,
// in the main repository's Git folder.
func (r *Repo) objectsDir() string {
	dir := r.gitDir()
	if data, err := os.ReadFile(filepath.Join(dir, "commondir")); err == nil {
		common := strings.TrimSpace(string(data))
		if !filepath.IsAbs(common) {
			common = filepath.Join(dir, common)
		}
		dir = common
	}
	return filepath.Join(dir, "objects")
}

// treeNode is a tree being edited: its entries in Git's order, the
// subtrees loaded so far, and its last encoding, which is updated in place
// when only entries' ids change. It also remembers the last version written
// whole to the pack, so the next versions can be written as small deltas
// against it.
type treeNode struct {
	entries []treeEntry
	pos     map[string]int // name → index in entries, valid while sorted
	sorted  bool
	sub     map[string]*treeNode
	hash    plumbing.Hash
	known   bool // hash is that of entries as they are

	raw      []byte // encoding of entries, but for the ids at touched
	rawValid bool   // names and modes in raw are as in entries
	hashAt   []int  // where each entry's id is in raw
	touched  []int

	base      []byte // the last version written whole
	baseOff   int64
	baseShape bool         // raw differs from base only in ids, at changed
	changed   map[int]bool // entries whose ids changed since base
	deltas    int          // versions written against base
}

type treeEntry struct {
	name string
	mode filemode.FileMode
	hash plumbing.Hash
}

// Trees smaller than this are always written whole; and a base is written
// again whole after this many deltas against it, which bounds how much a
// delta can grow.
const (
	minDeltaTree  = 4096
	maxDeltasBase = 100
)

func (r *Repo) loadTree(h plumbing.Hash) (*treeNode, error) {
	t, err := object.GetTree(r.git.Storer, h)
	if err != nil {
		return nil, err
	}
	n := &treeNode{entries: make([]treeEntry, len(t.Entries)), sorted: true, hash: h, known: true}
	for i, e := range t.Entries {
		n.entries[i] = treeEntry{name: e.Name, mode: e.Mode, hash: e.Hash}
	}
	// Entries from Git are sorted already, but go-git's reader does not
	// check; sorting again costs little and keeps the encoding canonical.
	n.sort()
	return n, nil
}

// set records blob h at path below n.
func (n *treeNode) set(r *Repo, path string, h plumbing.Hash) error {
	name, rest, nested := strings.Cut(path, "/")
	n.known = false
	if !nested {
		delete(n.sub, name) // a folder of that name becomes a file
		n.put(name, filemode.Regular, h)
		return nil
	}
	child := n.sub[name]
	if child == nil {
		i, ok := n.find(name)
		switch {
		case ok && n.entries[i].mode == filemode.Dir:
			t, err := r.loadTree(n.entries[i].hash)
			if err != nil {
				return fmt.Errorf("read tree %s: %w", name, err)
			}
			child = t
		default:
			child = &treeNode{sorted: true}
			// A file of that name becomes a folder.
			n.put(name, filemode.Dir, plumbing.ZeroHash)
		}
		if n.sub == nil {
			n.sub = map[string]*treeNode{}
		}
		n.sub[name] = child
	}
	return child.set(r, rest, h)
}

func (n *treeNode) find(name string) (int, bool) {
	i, ok := n.pos[name]
	return i, ok
}

// put sets an entry, noting whether the encoding can be patched in place.
// New names are appended and sorted once, when the tree is encoded.
func (n *treeNode) put(name string, mode filemode.FileMode, h plumbing.Hash) {
	n.known = false
	i, ok := n.pos[name]
	if !ok {
		if n.pos == nil {
			n.pos = map[string]int{}
		}
		n.pos[name] = len(n.entries)
		n.entries = append(n.entries, treeEntry{name: name, mode: mode, hash: h})
		n.sorted, n.rawValid, n.baseShape = false, false, false
		return
	}
	e := &n.entries[i]
	if e.mode != mode {
		e.mode, e.hash = mode, h
		n.rawValid, n.baseShape = false, false
		return
	}
	if e.hash == h {
		return
	}
	e.hash = h
	n.touched = append(n.touched, i)
	if n.changed == nil {
		n.changed = map[int]bool{}
	}
	n.changed[i] = true
}

func (n *treeNode) sort() {
	slices.SortFunc(n.entries, func(a, b treeEntry) int { return strings.Compare(sortName(a), sortName(b)) })
	n.pos = make(map[string]int, len(n.entries))
	for i, e := range n.entries {
		n.pos[e.name] = i
	}
	n.sorted, n.rawValid, n.baseShape = true, false, false
}

// sortName is how Git orders tree entries: a folder as if its name ended
// in a slash.
func sortName(e treeEntry) string {
	if e.mode == filemode.Dir {
		return e.name + "/"
	}
	return e.name
}

// encode brings raw up to date with entries.
func (n *treeNode) encode() {
	if !n.sorted {
		n.sort()
	}
	if n.rawValid {
		for _, i := range n.touched {
			copy(n.raw[n.hashAt[i]:], n.entries[i].hash[:])
		}
		n.touched = n.touched[:0]
		return
	}
	size := 0
	for _, e := range n.entries {
		size += 7 + len(e.name) + 1 + len(e.hash)
	}
	raw := make([]byte, 0, size)
	n.hashAt = slices.Grow(n.hashAt[:0], len(n.entries))
	for _, e := range n.entries {
		raw = strconv.AppendUint(raw, uint64(e.mode), 8)
		raw = append(raw, ' ')
		raw = append(raw, e.name...)
		raw = append(raw, 0)
		n.hashAt = append(n.hashAt, len(raw))
		raw = append(raw, e.hash[:]...)
	}
	n.raw, n.rawValid, n.touched = raw, true, n.touched[:0]
}

// writeTree writes n and the subtrees changed below it, and returns n's id.
func (b *Batch) writeTree(n *treeNode) (plumbing.Hash, error) {
	if n.known {
		return n.hash, nil
	}
	for name, child := range n.sub {
		if child.known {
			continue
		}
		h, err := b.writeTree(child)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		n.put(name, filemode.Dir, h)
	}
	n.encode()
	h := objectHash(plumbing.TreeObject, n.raw)
	n.hash, n.known = h, true
	if b.pack.has(h) {
		return h, nil
	}
	if n.base != nil && n.baseShape && n.deltas < maxDeltasBase {
		if d := n.delta(); len(d) < len(n.raw)/2 {
			if _, err := b.pack.addDelta(h, n.baseOff, d); err != nil {
				return plumbing.ZeroHash, fmt.Errorf("write objects: %w", err)
			}
			n.deltas++
			return h, nil
		}
	}
	off, err := b.pack.add(packTree, h, n.raw)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("write objects: %w", err)
	}
	if len(n.raw) >= minDeltaTree {
		n.base = bytes.Clone(n.raw)
		n.baseOff, n.baseShape, n.deltas = off, true, 0
		clear(n.changed)
	}
	return h, nil
}

// delta encodes raw against base, which has the same names and modes: copy
// the base but for the ids that changed.
func (n *treeNode) delta() []byte {
	at := make([]int, 0, len(n.changed))
	for i := range n.changed {
		at = append(at, n.hashAt[i])
	}
	slices.Sort(at)
	d := newDelta(len(n.base), len(n.raw))
	cur := 0
	for _, off := range at {
		if off > cur {
			d.copyFrom(cur, off-cur)
		}
		d.insert(n.raw[off : off+len(plumbing.ZeroHash)])
		cur = off + len(plumbing.ZeroHash)
	}
	if cur < len(n.base) {
		d.copyFrom(cur, len(n.base)-cur)
	}
	return d.buf
}

func readAll(obj plumbing.EncodedObject) ([]byte, error) {
	rd, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	var buf bytes.Buffer
	_, err = buf.ReadFrom(rd)
	return buf.Bytes(), err
}
