package gitstore

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// The index is read and written here rather than through go-git's
// storage, for two reasons. git's split index (core.splitIndex) keeps most
// entries in a shared file and only the changes in .git/index, tied by a
// "link" extension that go-git refuses ("unknown extension"); skillmap
// reads both and merges them as git does. And it writes the index whole,
// with no link, under git's own index.lock: git reads a whole index as
// well as a split one, and splits it again the next time it writes.

// errBadIndex means the index file is not one git would read.
var errBadIndex = errors.New("malformed index")

// readIndex reads the index of the working tree; a missing index is
// empty.
func (r *Repo) readIndex() (*index.Index, error) {
	name := filepath.Join(r.gitDir(), "index")
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return &index.Index{Version: 2}, nil
	}
	if err != nil {
		return nil, err
	}
	idx, link, err := decodeIndex(data)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if link == nil {
		return idx, nil
	}
	sharedName := filepath.Join(r.gitDir(), "sharedindex."+link.shared.String())
	sharedData, err := os.ReadFile(sharedName)
	if err != nil {
		return nil, fmt.Errorf("read the split index: %w", err)
	}
	base, baseLink, err := decodeIndex(sharedData)
	if err == nil && baseLink != nil {
		err = fmt.Errorf("%w: a shared index links to another", errBadIndex)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", sharedName, err)
	}
	if err := mergeSplitIndex(idx, base, link); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return idx, nil
}

// lockIndex takes git's index.lock and reads the index, for a change
// that writeIndex then puts in place; the caller releases the lock.
func (r *Repo) lockIndex() (*index.Index, *lockFile, error) {
	lock, err := lockGitFile(filepath.Join(r.gitDir(), "index"), r.gitDir())
	if err != nil {
		return nil, nil, err
	}
	idx, err := r.readIndex()
	if err != nil {
		lock.release()
		return nil, nil, err
	}
	return idx, lock, nil
}

// writeIndex writes the index whole, through the lock lockIndex took, so
// that it is replaced in one step (go-git writes it in place, which a
// process killed halfway would leave truncated).
func (r *Repo) writeIndex(lock *lockFile, idx *index.Index) error {
	if idx.Version == 0 {
		idx.Version = 2
	}
	// go-git drops the index extensions (the cached trees among them)
	// when it writes: git rebuilds them, and stale ones would be worse.
	idx.Cache, idx.ResolveUndo, idx.EndOfIndexEntry = nil, nil, nil
	var buf bytes.Buffer
	if err := index.NewEncoder(&buf).Encode(idx); err != nil {
		return err
	}
	return lock.commit(buf.Bytes(), 0o644)
}

// splitLink is an index's link extension: the shared index it builds on,
// and which of the shared entries it deletes and replaces.
type splitLink struct {
	shared          plumbing.Hash
	delete, replace []byte // EWAH bitmaps of positions in the shared index
}

const indexEntryHeader = 62 // stat data, id and flags

// decodeIndex decodes an index file, taking out its link extension (which
// go-git refuses) and returning it apart.
func decodeIndex(data []byte) (*index.Index, *splitLink, error) {
	extStart, err := indexEntriesEnd(data)
	if err != nil {
		return nil, nil, err
	}
	var link *splitLink
	body := data[:len(data)-sha1.Size]
	for off := extStart; off < len(body); {
		if len(body)-off < 8 {
			return nil, nil, fmt.Errorf("%w: extension cut short", errBadIndex)
		}
		sig := string(body[off : off+4])
		size := int(binary.BigEndian.Uint32(body[off+4:]))
		if size < 0 || size > len(body)-off-8 {
			return nil, nil, fmt.Errorf("%w: extension %q cut short", errBadIndex, sig)
		}
		if sig == "link" {
			if link, err = parseLink(body[off+8 : off+8+size]); err != nil {
				return nil, nil, err
			}
			// Decoded without it: a copy with the rest, checksummed anew.
			rest := append(bytes.Clone(body[:off]), body[off+8+size:]...)
			sum := sha1.Sum(rest)
			data = append(rest, sum[:]...)
			break
		}
		off += 8 + size
	}
	idx := &index.Index{}
	if err := index.NewDecoder(bytes.NewReader(data)).Decode(idx); err != nil {
		return nil, nil, err
	}
	return idx, link, nil
}

// indexEntriesEnd returns where an index file's entries end and its
// extensions begin, checking the header and that every entry fits.
func indexEntriesEnd(data []byte) (int, error) {
	if len(data) < 12+sha1.Size || string(data[:4]) != "DIRC" {
		return 0, fmt.Errorf("%w: no index header", errBadIndex)
	}
	version := binary.BigEndian.Uint32(data[4:])
	if version < 2 || version > 4 {
		return 0, fmt.Errorf("%w: index version %d", errBadIndex, version)
	}
	count := binary.BigEndian.Uint32(data[8:])
	end := len(data) - sha1.Size
	off := 12
	for range count {
		if end-off < indexEntryHeader {
			return 0, fmt.Errorf("%w: entries cut short", errBadIndex)
		}
		flags := binary.BigEndian.Uint16(data[off+60:])
		n := indexEntryHeader
		if flags&0x4000 != 0 && version >= 3 {
			n += 2
		}
		if end-off < n {
			return 0, fmt.Errorf("%w: entries cut short", errBadIndex)
		}
		switch {
		case version == 4:
			// A varint (how much of the previous name to drop), then the
			// rest of the name up to a NUL; no padding.
			i := off + n
			for i < end && data[i]&0x80 != 0 {
				i++
			}
			i++
			nul := bytes.IndexByte(data[min(i, end):end], 0)
			if i > end || nul < 0 {
				return 0, fmt.Errorf("%w: entries cut short", errBadIndex)
			}
			off = i + nul + 1
		default:
			nameLen := int(flags & 0xfff)
			if nameLen == 0xfff {
				nul := bytes.IndexByte(data[off+n:end], 0)
				if nul < 0 {
					return 0, fmt.Errorf("%w: entries cut short", errBadIndex)
				}
				nameLen = nul
			}
			// Padded with one to eight NULs to a multiple of eight.
			size := (n + nameLen + 8) &^ 7
			if end-off < size {
				return 0, fmt.Errorf("%w: entries cut short", errBadIndex)
			}
			off += size
		}
	}
	return off, nil
}

// parseLink parses a link extension: the shared index's id, then (when
// anything is deleted or replaced) two EWAH bitmaps.
func parseLink(b []byte) (*splitLink, error) {
	if len(b) < sha1.Size {
		return nil, fmt.Errorf("%w: link extension cut short", errBadIndex)
	}
	l := &splitLink{}
	copy(l.shared[:], b)
	b = b[sha1.Size:]
	if len(b) == 0 {
		return l, nil
	}
	// Split apart here, decoded against the shared index's size later.
	var err error
	if l.delete, b, err = ewahSpan(b); err != nil {
		return nil, err
	}
	if l.replace, _, err = ewahSpan(b); err != nil {
		return nil, err
	}
	return l, nil
}

// ewahSpan splits off the EWAH bitmap at the start of b.
func ewahSpan(b []byte) (bitmap, rest []byte, err error) {
	if len(b) < 8 {
		return nil, nil, fmt.Errorf("%w: bad bitmap in the link extension", errBadIndex)
	}
	words := int64(binary.BigEndian.Uint32(b[4:]))
	n := 8 + 8*words + 4
	if n > int64(len(b)) {
		return nil, nil, fmt.Errorf("%w: bad bitmap in the link extension", errBadIndex)
	}
	return b[:n], b[n:], nil
}

// parseEWAH decodes an EWAH compressed bitmap as git writes it (bit size,
// word count, 64-bit words, position of the last run word) into the
// positions of its set bits, each below limit: a bit beyond is an error,
// so a corrupt bitmap cannot make it loop or allocate beyond the index it
// describes.
func parseEWAH(b []byte, limit int) ([]int, error) {
	bad := fmt.Errorf("%w: bad bitmap in the link extension", errBadIndex)
	if len(b) < 12 {
		return nil, bad
	}
	bitSize := int64(binary.BigEndian.Uint32(b))
	words := int64(binary.BigEndian.Uint32(b[4:]))
	if words > int64(len(b)-12)/8 {
		return nil, bad
	}
	w := b[8 : 8+8*words]
	var bits []int
	set := func(p int64) error {
		if p >= int64(limit) {
			return bad
		}
		bits = append(bits, int(p))
		return nil
	}
	var pos int64
	for i := int64(0); i < words; {
		rlw := binary.BigEndian.Uint64(w[8*i:])
		i++
		run := int64(rlw >> 1 & 0xffffffff)
		lits := int64(rlw >> 33)
		if lits > words-i {
			return nil, bad
		}
		if rlw&1 != 0 {
			for p := pos; p < pos+run*64 && p < bitSize; p++ {
				if err := set(p); err != nil {
					return nil, err
				}
			}
		}
		pos += run * 64
		for range lits {
			lit := binary.BigEndian.Uint64(w[8*i:])
			i++
			for k := range int64(64) {
				if lit&(1<<k) != 0 && pos+k < bitSize {
					if err := set(pos + k); err != nil {
						return nil, err
					}
				}
			}
			pos += 64
		}
		if pos > bitSize+64 {
			return nil, bad
		}
	}
	return bits, nil
}

// mergeSplitIndex makes idx, the entries of a split index, into the whole
// index, as git does: the shared entries but those deleted, those replaced
// taking in turn the split index's first entries (nameless there), and the
// split index's other entries added, replacing any of the same name and
// stage.
func mergeSplitIndex(idx, base *index.Index, l *splitLink) error {
	entries := make([]*index.Entry, len(base.Entries))
	copy(entries, base.Entries)
	var deleted, replaced []int
	if l.delete != nil {
		var err error
		if deleted, err = parseEWAH(l.delete, len(entries)); err != nil {
			return err
		}
		if replaced, err = parseEWAH(l.replace, len(entries)); err != nil {
			return err
		}
	}
	for _, p := range deleted {
		if p >= len(entries) {
			return fmt.Errorf("%w: link deletes entry %d of %d", errBadIndex, p, len(entries))
		}
		entries[p] = nil
	}
	split := idx.Entries
	k := 0
	for _, p := range replaced {
		if p >= len(entries) || entries[p] == nil || k >= len(split) || split[k].Name != "" {
			return fmt.Errorf("%w: link replaces entry %d wrongly", errBadIndex, p)
		}
		e := *split[k]
		e.Name = entries[p].Name
		entries[p] = &e
		k++
	}
	type key struct {
		name  string
		stage index.Stage
	}
	byKey := map[key]*index.Entry{}
	for _, e := range entries {
		if e != nil {
			byKey[key{e.Name, e.Stage}] = e
		}
	}
	for _, e := range split[k:] {
		if e.Name == "" {
			return fmt.Errorf("%w: an entry with no name", errBadIndex)
		}
		byKey[key{e.Name, e.Stage}] = e
	}
	merged := make([]*index.Entry, 0, len(byKey))
	for _, e := range byKey {
		merged = append(merged, e)
	}
	sort.Slice(merged, func(i, j int) bool {
		if merged[i].Name != merged[j].Name {
			return merged[i].Name < merged[j].Name
		}
		return merged[i].Stage < merged[j].Stage
	})
	idx.Entries = merged
	if idx.Version < base.Version {
		idx.Version = base.Version
	}
	return nil
}
