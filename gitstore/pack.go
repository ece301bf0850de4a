package gitstore

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"crypto/sha1"
	"encoding/binary"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
)

// packWriter writes objects into one new packfile, so that thousands of
// commits cost one file rather than four loose objects each; and it writes
// a tree that differs from an earlier one by a few entries as a delta
// against it, so that ten thousand versions of a folder of ten thousand
// files take megabytes rather than gigabytes. The pack becomes visible to
// Git only when finish writes its index.
type packWriter struct {
	dir     string // objects/pack
	f       *os.File
	w       *bufio.Writer
	off     int64 // where the next object starts
	entries []packEntry
	offsets map[plumbing.Hash]int64
	zw      *zlib.Writer // for blobs and commits
	zstore  *zlib.Writer // for trees and deltas: stored, not compressed
	zbuf    bytes.Buffer
	crc     hash.Hash32
}

type packEntry struct {
	hash plumbing.Hash
	off  int64
	crc  uint32
}

// The pack object types of the pack format.
const (
	packCommit   = 1
	packTree     = 2
	packBlob     = 3
	packOfsDelta = 6
)

const packHeaderSize = 12

func newPackWriter(objectsDir string) (*packWriter, error) {
	dir := filepath.Join(objectsDir, "pack")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, "tmp_pack_skillmap_")
	if err != nil {
		return nil, err
	}
	p := &packWriter{dir: dir, f: f, w: bufio.NewWriterSize(f, 1<<20), off: packHeaderSize,
		offsets: map[plumbing.Hash]int64{}, crc: crc32.NewIEEE()}
	p.zw, _ = zlib.NewWriterLevel(&p.zbuf, zlib.BestSpeed)
	// Trees are mostly object ids, which do not compress, and every walk
	// of the history inflates each version of a large folder: stored
	// blocks cost a few more megabytes and inflate at the speed of a copy.
	p.zstore, _ = zlib.NewWriterLevel(&p.zbuf, zlib.NoCompression)
	// The header holds the object count, written by finish.
	if _, err := p.w.Write(make([]byte, packHeaderSize)); err != nil {
		p.abort()
		return nil, err
	}
	return p, nil
}

// has reports whether the pack already holds an object.
func (p *packWriter) has(h plumbing.Hash) bool {
	_, ok := p.offsets[h]
	return ok
}

// add writes a whole object and returns where it starts.
func (p *packWriter) add(typ int, h plumbing.Hash, content []byte) (int64, error) {
	return p.write(typ, h, len(content), nil, content)
}

// addDelta writes an object as a delta against the object at baseOff.
func (p *packWriter) addDelta(h plumbing.Hash, baseOff int64, delta []byte) (int64, error) {
	return p.write(packOfsDelta, h, len(delta), ofsDeltaOffset(p.off-baseOff), delta)
}

func (p *packWriter) write(typ int, h plumbing.Hash, size int, extra, data []byte) (int64, error) {
	zw := p.zw
	if typ == packTree || typ == packOfsDelta {
		zw = p.zstore
	}
	p.zbuf.Reset()
	zw.Reset(&p.zbuf)
	if _, err := zw.Write(data); err != nil {
		return 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	return p.writeCompressed(typ, h, size, extra, p.zbuf.Bytes())
}

// blobCompressor compresses blobs as add would, so that many can be
// compressed at once, away from the pack; one per goroutine.
type blobCompressor struct {
	buf bytes.Buffer
	zw  *zlib.Writer
}

func (c *blobCompressor) compress(data []byte) []byte {
	c.buf.Reset()
	if c.zw == nil {
		c.zw, _ = zlib.NewWriterLevel(&c.buf, zlib.BestSpeed)
	} else {
		c.zw.Reset(&c.buf)
	}
	_, _ = c.zw.Write(data) // a bytes.Buffer does not fail
	_ = c.zw.Close()
	return bytes.Clone(c.buf.Bytes())
}

// writeCompressed writes an object whose content (of size bytes before
// compression) is compressed already.
func (p *packWriter) writeCompressed(typ int, h plumbing.Hash, size int, extra, compressed []byte) (int64, error) {
	start := p.off
	var hdr [16]byte
	n := 0
	c := byte(typ<<4) | byte(size&0x0f)
	size >>= 4
	for size > 0 {
		hdr[n] = c | 0x80
		n++
		c = byte(size & 0x7f)
		size >>= 7
	}
	hdr[n] = c
	n++
	p.crc.Reset()
	for _, b := range [][]byte{hdr[:n], extra, compressed} {
		p.crc.Write(b)
		if _, err := p.w.Write(b); err != nil {
			return 0, err
		}
		p.off += int64(len(b))
	}
	p.entries = append(p.entries, packEntry{hash: h, off: start, crc: p.crc.Sum32()})
	p.offsets[h] = start
	return start, nil
}

// ofsDeltaOffset encodes how far back a delta's base starts, as the pack
// format does: big-endian 7-bit groups, each but the last one less.
func ofsDeltaOffset(d int64) []byte {
	var buf [10]byte
	i := len(buf) - 1
	buf[i] = byte(d & 0x7f)
	for d >>= 7; d > 0; d >>= 7 {
		d--
		i--
		buf[i] = 0x80 | byte(d&0x7f)
	}
	return buf[i:]
}

// finish completes the pack (header, checksum), writes its index and puts
// both in place, synced to disk, so that a crash leaves either no pack or a
// whole one. With no objects it leaves nothing behind.
func (p *packWriter) finish() error {
	if len(p.entries) == 0 {
		p.abort()
		return nil
	}
	if err := p.w.Flush(); err != nil {
		p.abort()
		return err
	}
	var hdr [packHeaderSize]byte
	copy(hdr[:], "PACK")
	binary.BigEndian.PutUint32(hdr[4:], 2)
	binary.BigEndian.PutUint32(hdr[8:], uint32(len(p.entries)))
	if _, err := p.f.WriteAt(hdr[:], 0); err != nil {
		p.abort()
		return err
	}
	// The trailer is the checksum of everything before it.
	sum := sha1.New()
	if _, err := p.f.Seek(0, io.SeekStart); err != nil {
		p.abort()
		return err
	}
	if _, err := io.Copy(sum, bufio.NewReaderSize(p.f, 1<<20)); err != nil {
		p.abort()
		return err
	}
	var packHash plumbing.Hash
	copy(packHash[:], sum.Sum(nil))
	if _, err := p.f.Write(packHash[:]); err != nil {
		p.abort()
		return err
	}
	if err := p.f.Sync(); err != nil {
		p.abort()
		return err
	}
	if err := p.f.Close(); err != nil {
		os.Remove(p.f.Name())
		return err
	}
	base := filepath.Join(p.dir, "pack-"+packHash.String())
	if err := os.Chmod(p.f.Name(), 0o444); err != nil {
		os.Remove(p.f.Name())
		return err
	}
	if err := renameOver(p.f.Name(), base+".pack"); err != nil {
		os.Remove(p.f.Name())
		return err
	}
	if err := p.writeIndex(base+".idx", packHash); err != nil {
		os.Remove(base + ".pack")
		return err
	}
	return nil
}

func (p *packWriter) writeIndex(name string, packHash plumbing.Hash) error {
	return writePackIndex(p.dir, name, p.entries, packHash)
}

// writePackIndex writes the index (version 2) of a pack in dir.
func writePackIndex(dir, name string, entries []packEntry, packHash plumbing.Hash) error {
	w := new(idxfile.Writer)
	if err := w.OnHeader(uint32(len(entries))); err != nil {
		return err
	}
	for _, e := range entries {
		w.Add(e.hash, uint64(e.off), e.crc)
	}
	if err := w.OnFooter(packHash); err != nil {
		return err
	}
	idx, err := w.Index()
	if err != nil {
		return err
	}
	return writeAndRename(dir, "tmp_idx_skillmap_", name, 0o444, true, func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		if _, err := idxfile.NewEncoder(bw).Encode(idx); err != nil {
			return err
		}
		return bw.Flush()
	})
}

// abort throws the unfinished pack away.
func (p *packWriter) abort() {
	p.f.Close()
	os.Remove(p.f.Name())
}

// objectHash is the Git object id of content of a type, computed with the
// standard library's SHA-1, several times faster than go-git's
// collision-detecting one for the megabytes of trees a batch hashes.
func objectHash(t plumbing.ObjectType, content []byte) plumbing.Hash {
	h := sha1.New()
	h.Write([]byte(t.String()))
	h.Write([]byte{' '})
	h.Write(strconv.AppendInt(nil, int64(len(content)), 10))
	h.Write([]byte{0})
	h.Write(content)
	var out plumbing.Hash
	copy(out[:], h.Sum(nil))
	return out
}

// deltaBuilder writes a delta in the pack format: the sizes of base and
// result, then copy (from the base) and insert (literal) instructions.
type deltaBuilder struct{ buf []byte }

func newDelta(baseSize, size int) *deltaBuilder {
	d := &deltaBuilder{}
	d.buf = binary.AppendUvarint(d.buf, uint64(baseSize))
	d.buf = binary.AppendUvarint(d.buf, uint64(size))
	return d
}

// copyFrom copies n bytes of the base from off, in pieces of at most 64 KiB
// as Git itself writes them.
func (d *deltaBuilder) copyFrom(off, n int) {
	for n > 0 {
		size := min(n, 0x10000)
		op := byte(0x80)
		start := len(d.buf)
		d.buf = append(d.buf, 0)
		for i := range 4 {
			if b := byte(off >> (8 * i)); b != 0 {
				op |= 1 << i
				d.buf = append(d.buf, b)
			}
		}
		if size != 0x10000 {
			for i := range 3 {
				if b := byte(size >> (8 * i)); b != 0 {
					op |= 0x10 << i
					d.buf = append(d.buf, b)
				}
			}
		}
		d.buf[start] = op
		off += size
		n -= size
	}
}

// insert adds literal bytes, at most 127 per instruction.
func (d *deltaBuilder) insert(data []byte) {
	for len(data) > 0 {
		n := min(len(data), 127)
		d.buf = append(d.buf, byte(n))
		d.buf = append(d.buf, data[:n]...)
		data = data[n:]
	}
}
