package gitstore

import "fmt"

// CommitMessage returns the message of a commit.
func (r *Repo) CommitMessage(h Hash) (string, error) {
	c, err := r.git.CommitObject(h)
	if err != nil {
		return "", fmt.Errorf("read commit %s: %w", h, err)
	}
	return c.Message, nil
}
