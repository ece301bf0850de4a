package gitstore

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-git/go-git/v5/plumbing/format/idxfile"

	"github.com/skillmap/skillmap/internal/pool"
)

// ReadBlobs reads many blobs at once, as ReadBlob would one by one, into
// data[i] or errs[i]. It reads the packfiles and loose objects itself and
// inflates them on every processor, because a report over ten thousand
// files otherwise spends most of its time inflating them one after another
// through go-git. Objects stored as deltas, and anything else out of the
// ordinary, are read through go-git. progress, when not nil, is called
// with how many blobs are read so far, from several goroutines.
func (r *Repo) ReadBlobs(hashes []Hash, max int64, progress func(done int)) (data [][]byte, errs []error) {
	data, errs = make([][]byte, len(hashes)), make([]error, len(hashes))
	if len(hashes) == 0 {
		return data, errs
	}
	packs, err := r.openAllPacks()
	if err != nil {
		packs = nil // go-git reads them all
	}
	defer func() {
		for _, p := range packs {
			p.f.Close()
		}
	}()
	type job struct {
		pack *packReader
		off  int64
	}
	jobs := make([]job, len(hashes))
	for i, h := range hashes {
		for _, p := range packs {
			if off, err := p.idx.FindOffset(h); err == nil {
				jobs[i] = job{p, off}
				break
			}
		}
	}
	var fallback []int
	var mu sync.Mutex
	var next, done atomic.Int64
	work := func() {
		var zr io.ReadCloser
		for {
			i := int(next.Add(1)) - 1
			if i >= len(hashes) {
				return
			}
			var d []byte
			var err error
			if j := jobs[i]; j.pack != nil {
				d, err = j.pack.blob(j.off, max, &zr)
			} else {
				d, err = r.looseBlob(hashes[i], max, &zr)
			}
			if errors.Is(err, errUnusual) {
				mu.Lock()
				fallback = append(fallback, i)
				mu.Unlock()
				continue
			}
			data[i], errs[i] = d, err
			if progress != nil {
				progress(int(done.Add(1)))
			}
		}
	}
	pool.Each(pool.Workers(len(hashes)), work)
	slices.Sort(fallback)
	for _, i := range fallback {
		data[i], errs[i] = r.ReadBlob(hashes[i], max)
		if progress != nil {
			progress(int(done.Add(1)))
		}
	}
	return data, errs
}

// errUnusual means an object is not one ReadBlobs reads itself.
var errUnusual = errors.New("read through go-git")

// packReader reads the objects of one packfile.
type packReader struct {
	f    *os.File // ReadAt is safe from several goroutines
	idx  *idxfile.MemoryIndex
	size int64 // of the pack, checksum included
}

func openPacks(objects string) ([]*packReader, error) {
	idxs, err := filepath.Glob(filepath.Join(objects, "pack", "pack-*.idx"))
	if err != nil {
		return nil, err
	}
	var packs []*packReader
	for _, name := range idxs {
		p, err := openPack(name)
		if err != nil {
			for _, p := range packs {
				p.f.Close()
			}
			return nil, err
		}
		packs = append(packs, p)
	}
	return packs, nil
}

func openPack(idxName string) (*packReader, error) {
	fi, err := os.Open(idxName)
	if err != nil {
		return nil, err
	}
	defer fi.Close()
	idx := idxfile.NewMemoryIndex()
	if err := idxfile.NewDecoder(bufio.NewReader(fi)).Decode(idx); err != nil {
		return nil, fmt.Errorf("read %s: %w", idxName, err)
	}
	f, err := os.Open(strings.TrimSuffix(idxName, ".idx") + ".pack")
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &packReader{f: f, idx: idx, size: st.Size()}, nil
}

// entry reads the header of the object at off and enough of what follows
// to hold it: a zlib stream of size bytes is never much longer than size,
// and ends itself, so the pack's index of offsets is not needed. An object
// over limit bytes (when limit ≥ 0) is not read: rest is nil.
func (p *packReader) entry(off, limit int64) (typ int, size int64, rest []byte, err error) {
	head := make([]byte, 64)
	n, _ := p.f.ReadAt(head, off)
	head = head[:n]
	if n == 0 {
		return 0, 0, nil, errUnusual
	}
	typ, size, h, ok := parsePackHeader(head)
	if !ok {
		return 0, 0, nil, errUnusual
	}
	if limit >= 0 && size > limit {
		return typ, size, nil, nil
	}
	// 20 bytes for a base's id, 10 for a base's offset; zlib adds at most
	// 5 bytes per 16 KiB block and a few more.
	want := min(int64(h)+30+size+size/1024+64, p.size-off)
	raw := make([]byte, want)
	if _, err := p.f.ReadAt(raw, off); err != nil && !errors.Is(err, io.EOF) {
		return 0, 0, nil, errUnusual
	}
	return typ, size, raw[h:], nil
}

// parsePackHeader reads a packed object's header: its type and size
// (before compression), and how many bytes the header took.
func parsePackHeader(head []byte) (typ int, size int64, n int, ok bool) {
	if len(head) == 0 {
		return 0, 0, 0, false
	}
	typ = int((head[0] >> 4) & 7)
	size = int64(head[0] & 0x0f)
	n = 1
	for shift := 4; head[n-1]&0x80 != 0; shift += 7 {
		if n >= len(head) || shift > 56 {
			return 0, 0, 0, false
		}
		size |= int64(head[n]&0x7f) << shift
		n++
	}
	return typ, size, n, true
}

// blob reads and inflates the whole blob at off.
func (p *packReader) blob(off, max int64, zr *io.ReadCloser) ([]byte, error) {
	typ, size, rest, err := p.entry(off, max)
	if err != nil {
		return nil, err
	}
	if typ != packBlob {
		return nil, errUnusual
	}
	if max >= 0 && size > max {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, size, max)
	}
	return inflate(rest, size, zr)
}

// inflate decompresses exactly size bytes, reusing *zr.
func inflate(compressed []byte, size int64, zr *io.ReadCloser) ([]byte, error) {
	src := bytes.NewReader(compressed)
	if *zr == nil {
		r, err := zlib.NewReader(src)
		if err != nil {
			return nil, errUnusual
		}
		*zr = r
	} else if err := (*zr).(zlib.Resetter).Reset(src, nil); err != nil {
		return nil, errUnusual
	}
	if size < 0 || size > maxInflated(len(compressed)) {
		return nil, errUnusual
	}
	out := make([]byte, size)
	if _, err := io.ReadFull(*zr, out); err != nil {
		return nil, errUnusual
	}
	return out, nil
}

// maxInflated is the most that n bytes of zlib stream can inflate to
// (deflate's best ratio is 1032 to 1), so that a size read from an object's
// header, which anyone who can push controls, allocates no more than the
// object's compressed bytes could fill.
func maxInflated(n int) int64 { return int64(n)*1032 + 64 }

// looseBlob reads a blob stored as a loose object.
func (r *Repo) looseBlob(h Hash, max int64, zr *io.ReadCloser) ([]byte, error) {
	data, kind, err := r.readLoose(h, max, zr)
	if err != nil {
		return nil, err
	}
	if kind != "blob" {
		return nil, errUnusual
	}
	return data, nil
}

// readLoose reads a loose object and its kind ("blob", "tree"...). With
// max ≥ 0, a larger object is not read and ErrTooLarge is returned.
func (r *Repo) readLoose(h Hash, max int64, zr *io.ReadCloser) ([]byte, string, error) {
	s := h.String()
	var compressed []byte
	err := os.ErrNotExist
	for _, dir := range r.objectDirs() {
		if compressed, err = os.ReadFile(filepath.Join(dir, s[:2], s[2:])); err == nil {
			break
		}
	}
	if err != nil {
		return nil, "", errUnusual
	}
	src := bytes.NewReader(compressed)
	if *zr == nil {
		z, err := zlib.NewReader(src)
		if err != nil {
			return nil, "", errUnusual
		}
		*zr = z
	} else if err := (*zr).(zlib.Resetter).Reset(src, nil); err != nil {
		return nil, "", errUnusual
	}
	br := bufio.NewReaderSize(*zr, 64)
	hdr, err := br.ReadString(0)
	if err != nil {
		return nil, "", errUnusual
	}
	kind, n, ok := strings.Cut(strings.TrimSuffix(hdr, "\x00"), " ")
	size, err := strconv.ParseInt(n, 10, 64)
	if !ok || err != nil || size < 0 {
		return nil, "", errUnusual
	}
	if max >= 0 && size > max {
		if kind != "blob" {
			return nil, "", errUnusual
		}
		return nil, kind, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, size, max)
	}
	if size > maxInflated(len(compressed)) {
		return nil, "", errUnusual
	}
	out := make([]byte, size)
	if _, err := io.ReadFull(br, out); err != nil {
		return nil, "", errUnusual
	}
	return out, kind, nil
}
