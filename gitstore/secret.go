package gitstore

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// SecretKey returns the random key of size bytes kept in the repository's
// Git folder as skillmap-<name>.key: never committed, never pushed, shared
// by the repository's worktrees, readable by its owner only. It makes one
// when there is none, or a new one when renew is set (which invalidates
// whatever was derived from the old). The key never leaves this machine:
// whoever holds it can make every link derived from it.
func (r *Repo) SecretKey(name string, size int, renew bool) ([]byte, error) {
	path := filepath.Join(r.commonDir(), "skillmap-"+name+".key")
	if !renew {
		data, err := os.ReadFile(path)
		if err == nil {
			key, err := hex.DecodeString(strings.TrimSpace(string(data)))
			if err != nil || len(key) != size {
				return nil, fmt.Errorf("%s is not a key skillmap wrote (%d hex bytes expected); delete it to make a new one, which changes every link", path, size)
			}
			return key, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
	}
	key := make([]byte, size)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	write := func(w io.Writer) error {
		_, err := io.WriteString(w, hex.EncodeToString(key)+"\n")
		return err
	}
	if renew {
		if err := writeAndRename(filepath.Dir(path), ".skillmap-*.tmp", path, 0o600, true, write); err != nil {
			return nil, fmt.Errorf("keep the key in %s: %w", path, err)
		}
		return key, nil
	}
	// A new key is linked into place, never renamed over: two commands
	// (or two requests) starting at once must not each hand out links of a
	// key the other replaced. The one that loses reads the winner's.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".skillmap-key-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("keep the key in %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	err = write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o600)
	}
	if err != nil {
		return nil, fmt.Errorf("keep the key in %s: %w", path, err)
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, os.ErrExist) {
		return r.SecretKey(name, size, false)
	} else if err != nil {
		return nil, fmt.Errorf("keep the key in %s: %w", path, err)
	}
	return key, nil
}
