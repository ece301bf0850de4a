package gitstore

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// maxAlternateDepth is how deep git follows alternates of alternates.
const maxAlternateDepth = 5

// objectDirs are the folders objects are read from: the repository's own,
// then those objects/info/alternates names (git clone --shared and
// --reference leave the objects in the repository cloned from), and
// theirs in turn. Relative paths are relative to the objects folder that
// names them, as git reads them. New objects go to the first only.
func (r *Repo) objectDirs() []string {
	r.dirsOnce.Do(func() { r.dirs = r.findObjectDirs() })
	return r.dirs
}

func (r *Repo) findObjectDirs() []string {
	if _, onDisk := r.git.Storer.(*filesystem.Storage); !onDisk {
		return nil // a repository in memory has no folders to read
	}
	dirs := []string{r.objectsDir()}
	seen := map[string]bool{dirs[0]: true}
	for depth, start := 0, 0; depth < maxAlternateDepth && start < len(dirs); depth++ {
		end := len(dirs)
		for _, dir := range dirs[start:end] {
			f, err := os.Open(filepath.Join(dir, "info", "alternates"))
			if err != nil {
				continue
			}
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				line := strings.TrimSpace(sc.Text())
				if line == "" || strings.HasPrefix(line, "#") {
					continue
				}
				if !filepath.IsAbs(line) {
					line = filepath.Join(dir, line)
				}
				line = filepath.Clean(line)
				if fi, err := os.Stat(line); err == nil && fi.IsDir() && !seen[line] {
					seen[line] = true
					dirs = append(dirs, line)
				}
			}
			f.Close()
		}
		start = end
	}
	return dirs
}

// openAllPacks opens the packs of every object folder.
func (r *Repo) openAllPacks() ([]*packReader, error) {
	var all []*packReader
	for _, dir := range r.objectDirs() {
		packs, err := openPacks(dir)
		if err != nil {
			for _, p := range all {
				p.f.Close()
			}
			return nil, err
		}
		all = append(all, packs...)
	}
	return all, nil
}

// ErrMissingObject means an object the repository refers to is not in it.
// In a partial clone (git clone --filter) that is by design: git fetches
// file contents from the remote when it needs them, and skillmap cannot;
// the error's text says what to do. Test for it with IsMissingObject.
var ErrMissingObject = errors.New("object missing from the repository")

// missingObject is ErrMissingObject for one object.
type missingObject struct {
	hash    plumbing.Hash
	root    string
	partial string // the promisor remote of a partial clone; "" if not one
}

func (e *missingObject) Error() string {
	if e.partial == "" {
		return fmt.Sprintf("object %s is missing from the repository at %s, which may be damaged: run 'git fsck' there", e.hash, e.root)
	}
	return fmt.Sprintf("object %s is not in this clone: %s is a partial clone (git clone --filter), "+
		"which leaves file contents on the remote until git needs them, and skillmap cannot fetch them; "+
		"fetch them all with 'git config --unset remote.%s.partialclonefilter && git fetch --refetch %s' (git 2.36 or later), "+
		"or clone the workshop again without --filter, or read the remote itself with 'skillmap report --from URL'",
		e.hash, e.root, e.partial, e.partial)
}

// Unwrap makes the error both ErrMissingObject and go-git's
// plumbing.ErrObjectNotFound, which it stands for.
func (e *missingObject) Unwrap() []error {
	return []error{ErrMissingObject, plumbing.ErrObjectNotFound}
}

// missing turns go-git's "object not found" for h into ErrMissingObject,
// saying whether this is a partial clone; other errors pass unchanged.
func (r *Repo) missing(h plumbing.Hash, err error) error {
	if !errors.Is(err, plumbing.ErrObjectNotFound) {
		return err
	}
	return &missingObject{hash: h, root: r.root, partial: r.promisor()}
}

// promisor returns the remote a partial clone fetches missing objects
// from ("" when it is not a partial clone): extensions.partialClone, or
// a remote with promisor = true, or a pack git marked as a promisor's.
func (r *Repo) promisor() string {
	r.promisorOnce.Do(func() { r.promisorName = r.findPromisor() })
	return r.promisorName
}

func (r *Repo) findPromisor() string {
	name := ""
	if cfg, err := r.git.Config(); err == nil {
		name = cfg.Raw.Section("extensions").Options.Get("partialclone")
		if name == "" {
			for _, s := range cfg.Raw.Section("remote").Subsections {
				if on, err := parseBool(s.Options.Get("promisor")); err == nil && on && s.Options.Get("promisor") != "" {
					name = s.Name
				}
			}
		}
	}
	if name == "" {
		if _, isDisk := r.git.Storer.(*filesystem.Storage); !isDisk {
			return ""
		}
		if m, _ := filepath.Glob(filepath.Join(r.objectsDir(), "pack", "*.promisor")); len(m) > 0 {
			name = OriginName
		}
	}
	return name
}

// checkPresent makes sure, in a partial clone, that every file a move from
// one commit to another writes is in the repository, before anything is
// written: a move that stopped halfway for want of a file would leave the
// working copy between the two.
func (r *Repo) checkPresent(from, to plumbing.Hash) error {
	if r.promisor() == "" {
		return nil
	}
	fromTree, err := r.treeOf(from)
	if err != nil {
		return err
	}
	toTree, err := r.treeOf(to)
	if err != nil {
		return err
	}
	changes := map[string]change{}
	if err := r.diffTrees(fromTree, toTree, "", changes); err != nil {
		return err
	}
	packs, err := r.openAllPacks()
	if err != nil {
		return err
	}
	defer func() {
		for _, p := range packs {
			p.f.Close()
		}
	}()
	for p, c := range changes {
		if c.To.absent() || c.To.Mode == filemode.Submodule || r.hasObject(packs, c.To.Hash) {
			continue
		}
		return fmt.Errorf("%s: %w", p, &missingObject{hash: c.To.Hash, root: r.root, partial: r.promisor()})
	}
	return nil
}

// hasObject says whether an object is in one of the packs or loose in one
// of the object folders, without reading it.
func (r *Repo) hasObject(packs []*packReader, h plumbing.Hash) bool {
	for _, p := range packs {
		if _, err := p.idx.FindOffset(h); err == nil {
			return true
		}
	}
	s := h.String()
	for _, dir := range r.objectDirs() {
		if _, err := os.Stat(filepath.Join(dir, s[:2], s[2:])); err == nil {
			return true
		}
	}
	return false
}

// encodedObject reads an object through go-git. go-git lists the packs
// once: when git has packed or repacked objects since (a fetch, a gc
// running beside skillmap), an object not found is looked for again in
// the packs as they are now.
func (r *Repo) encodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	obj, err := r.git.Storer.EncodedObject(t, h)
	if errors.Is(err, plumbing.ErrObjectNotFound) && r.packsChanged() {
		r.git.Storer.(*filesystem.Storage).Reindex()
		obj, err = r.git.Storer.EncodedObject(t, h)
	}
	if err != nil {
		return nil, r.missing(h, err)
	}
	return obj, nil
}

// packsChanged says whether the pack folder changed since go-git last
// listed it (as far as this Repo knows), so that a partial clone missing
// thousands of objects does not make go-git reread every pack index for
// each.
func (r *Repo) packsChanged() bool {
	if _, ok := r.git.Storer.(*filesystem.Storage); !ok {
		return false
	}
	fi, err := os.Stat(filepath.Join(r.objectsDir(), "pack"))
	if err != nil {
		return false
	}
	r.packsMu.Lock()
	defer r.packsMu.Unlock()
	if fi.ModTime().Equal(r.packsSeen) {
		return false
	}
	r.packsSeen = fi.ModTime()
	return true
}

// isShallow says whether a commit is where a shallow clone's history is
// cut (git clone --depth): its parents are not in the repository, and git
// reads it as a first commit.
func (r *Repo) isShallow(h plumbing.Hash) bool {
	r.shallowOnce.Do(func() {
		hashes, err := r.git.Storer.Shallow()
		if err != nil || len(hashes) == 0 {
			return
		}
		r.shallow = make(map[plumbing.Hash]bool, len(hashes))
		for _, s := range hashes {
			r.shallow[s] = true
		}
	})
	return r.shallow[h]
}
