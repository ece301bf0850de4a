package gitstore

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Tag is an annotated tag and the commit it marks.
type Tag struct {
	Name    string // without refs/tags/
	Commit  Hash
	Tagger  Signature
	Message string
}

// ErrTagExists means a tag of that name is already there.
var ErrTagExists = errors.New("tag already exists")

// CreateTag makes an annotated tag on the current HEAD commit.
func (r *Repo) CreateTag(name string, tagger Signature, message string) (Tag, error) {
	unlock, err := r.lock()
	if err != nil {
		return Tag{}, err
	}
	defer unlock()
	_, head, err := r.headState()
	if err != nil {
		return Tag{}, err
	}
	if head.IsZero() {
		return Tag{}, ErrNoCommits
	}
	if tagger.When.IsZero() {
		tagger.When = time.Now()
	}
	// The tag object, then the ref under git's own lock, only if no tag
	// of that name exists (go-git's CreateTag writes the ref in place).
	ref := plumbing.NewTagReferenceName(name)
	if err := ref.Validate(); err != nil {
		return Tag{}, fmt.Errorf("create tag %s: %w", name, err)
	}
	if cur, err := r.refHash(ref); err != nil {
		return Tag{}, err
	} else if !cur.IsZero() {
		return Tag{}, fmt.Errorf("%s: %w", name, ErrTagExists)
	}
	if strings.TrimSpace(message) == "" {
		return Tag{}, fmt.Errorf("create tag %s: %w", name, git.ErrMissingMessage)
	}
	tag := &object.Tag{
		Name:       name,
		Tagger:     object.Signature{Name: tagger.Name, Email: tagger.Email, When: tagger.When},
		Message:    strings.TrimSpace(message) + "\n",
		TargetType: plumbing.CommitObject,
		Target:     head,
	}
	obj := r.git.Storer.NewEncodedObject()
	if err := tag.Encode(obj); err != nil {
		return Tag{}, fmt.Errorf("create tag %s: %w", name, err)
	}
	h, err := r.git.Storer.SetEncodedObject(obj)
	if err != nil {
		return Tag{}, fmt.Errorf("create tag %s: %w", name, err)
	}
	if err := r.setRef(ref, plumbing.ZeroHash, h); errors.Is(err, errRefMoved) {
		return Tag{}, fmt.Errorf("%s: %w", name, ErrTagExists)
	} else if err != nil {
		return Tag{}, fmt.Errorf("create tag %s: %w", name, err)
	}
	return Tag{Name: name, Commit: head, Tagger: tagger, Message: message}, nil
}

// Tags lists the annotated tags whose names start with prefix, oldest
// first (by tagger date). Lightweight tags are passed over: a round is
// closed by someone, at a time.
func (r *Repo) Tags(prefix string) ([]Tag, error) {
	iter, err := r.git.Tags()
	if err != nil {
		return nil, err
	}
	var tags []Tag
	err = iter.ForEach(func(ref *plumbing.Reference) error {
		name := ref.Name().Short()
		if !strings.HasPrefix(name, prefix) {
			return nil
		}
		t, err := r.git.TagObject(ref.Hash())
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			return nil // lightweight
		}
		if err != nil {
			return err
		}
		c, err := t.Commit()
		if err != nil {
			return nil // a tag of something other than a commit
		}
		tags = append(tags, Tag{
			Name:    name,
			Commit:  c.Hash,
			Tagger:  Signature{Name: t.Tagger.Name, Email: t.Tagger.Email, When: t.Tagger.When},
			Message: strings.TrimSpace(t.Message),
		})
		return nil
	})
	sort.SliceStable(tags, func(i, j int) bool { return tags[i].Tagger.When.Before(tags[j].Tagger.When) })
	return tags, err
}

// HasTag reports whether refs/tags/name exists.
func (r *Repo) HasTag(name string) bool {
	_, err := r.git.Reference(plumbing.NewTagReferenceName(name), false)
	return err == nil
}

// AtTime returns the snapshot of the newest commit on the first-parent
// history of HEAD committed at or before t: the state of the workshop at
// that moment, as the branch saw it.
func (r *Repo) AtTime(t time.Time) (*Snapshot, error) {
	head, err := r.At("HEAD")
	if err != nil {
		return nil, err
	}
	c, err := r.git.CommitObject(head.Commit)
	if err != nil {
		return nil, err
	}
	for {
		if !c.Committer.When.After(t) {
			return r.At(c.Hash.String())
		}
		if len(c.ParentHashes) == 0 {
			return nil, fmt.Errorf("the workshop has no commits before %s (the first is from %s)",
				t.Format("2006-01-02 15:04 MST"), c.Committer.When.Format("2006-01-02 15:04 MST"))
		}
		if c, err = r.git.CommitObject(c.ParentHashes[0]); err != nil {
			return nil, err
		}
	}
}

// FirstParents counts the commits on the first-parent history of the
// snapshot, reading no more than limit of them: enough to tell whether a
// history is short without walking a long one.
func (s *Snapshot) FirstParents(limit int) (n int, err error) {
	h := s.Commit
	for n < limit {
		c, err := s.repo.git.CommitObject(h)
		if err != nil {
			return n, err
		}
		n++
		if len(c.ParentHashes) == 0 {
			break
		}
		h = c.ParentHashes[0]
	}
	return n, nil
}
