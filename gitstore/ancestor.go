package gitstore

import "fmt"

// IsAncestor reports whether commit a is b or one of b's ancestors: a
// round closed on the history of a state, as opposed to after it or on
// another branch.
func (r *Repo) IsAncestor(a, b Hash) (bool, error) {
	if a == b {
		return true, nil
	}
	ca, err := r.git.CommitObject(a)
	if err != nil {
		return false, fmt.Errorf("read commit %s: %w", a, err)
	}
	cb, err := r.git.CommitObject(b)
	if err != nil {
		return false, fmt.Errorf("read commit %s: %w", b, err)
	}
	return ca.IsAncestor(cb)
}
