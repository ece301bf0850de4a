package gitstore

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/skillmap/skillmap/internal/pool"
)

// packReceiver takes the pack a fetch brings, writes it to a file as it
// arrives and indexes it itself when it ends. go-git's own indexer
// resolves a delta's base again each time it falls out of a small cache,
// and so hashed the 10,000 versions of a workshop's responses/ folder many
// times over: most of the time of a join. This one reads the pack twice,
// hashes every object once, resolves each delta chain from its base
// downwards with only the chain in memory, on every processor, and checks
// every object's size from its header before inflating it.
type packReceiver struct {
	st   *filesystem.Storage
	dir  string
	f    *os.File
	w    *bufio.Writer
	wd   *watchdog
	err  error
	pipe *io.PipeWriter // to the scan, which runs as the pack arrives
	scan chan scanResult
}

type scanResult struct {
	objs []received
	sum  plumbing.Hash
	err  error
}

func newPackReceiver(st *filesystem.Storage, objects string, wd *watchdog) (*packReceiver, error) {
	dir := filepath.Join(objects, "pack")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, "tmp_pack_skillmap_")
	if err != nil {
		return nil, err
	}
	p := &packReceiver{st: st, dir: dir, f: f, w: bufio.NewWriterSize(f, 1<<20), wd: wd, scan: make(chan scanResult, 1)}
	pr, pw := io.Pipe()
	p.pipe = pw
	go func() {
		objs, sum, err := scanPack(pr, p.maxBlob())
		if err == nil {
			// Take the rest, so that a pack with trailing bytes still ends.
			_, _ = io.Copy(io.Discard, pr)
		}
		pr.CloseWithError(err)
		p.scan <- scanResult{objs, sum, err}
	}()
	return p, nil
}

func (p *packReceiver) maxBlob() int64 {
	if p.wd != nil {
		return p.wd.maxBlob
	}
	return DefaultMaxBlob
}

func (p *packReceiver) Write(b []byte) (int, error) {
	if p.wd != nil {
		p.wd.touch()
	}
	if p.err != nil {
		return 0, p.err
	}
	n, err := p.w.Write(b)
	if err == nil {
		// The scan stops the fetch as soon as it finds the pack bad or an
		// object too large: the rest is never downloaded.
		_, err = p.pipe.Write(b)
	}
	if err != nil {
		p.err = err
	}
	return n, err
}

// Close indexes the pack and puts it in place.
func (p *packReceiver) Close() error {
	defer func() {
		p.f.Close()
		os.Remove(p.f.Name())
	}()
	p.pipe.Close()
	scan := <-p.scan
	if scan.err != nil {
		return scan.err
	}
	if p.err != nil {
		return p.err
	}
	if err := p.w.Flush(); err != nil {
		return err
	}
	entries, sum, err := finishIndex(p.f, scan.objs, scan.sum, p.maxBlob())
	if errors.Is(err, errThinPack) {
		// Bases outside the pack, in the repository: they are added to
		// the pack, as git's index-pack --fix-thin does, so that it stands
		// on its own.
		objs, sum2, err2 := p.fixThin(scan.objs)
		if err2 != nil {
			return err2
		}
		entries, sum, err = finishIndex(p.f, objs, sum2, p.maxBlob())
	}
	if err != nil {
		return err
	}
	if err := p.f.Sync(); err != nil {
		return err
	}
	// Closed before the rename, which Windows refuses for an open file.
	if err := p.f.Close(); err != nil {
		return err
	}
	base := filepath.Join(p.dir, "pack-"+sum.String())
	if err := os.Chmod(p.f.Name(), 0o444); err != nil {
		return err
	}
	if err := renameOver(p.f.Name(), base+".pack"); err != nil {
		return err
	}
	if err := writePackIndex(p.dir, base+".idx", entries, sum); err != nil {
		os.Remove(base + ".pack")
		return err
	}
	p.st.ObjectStorage.Reindex()
	return nil
}

// packFile is a pack on disk (or, in tests, in memory).
type packFile interface {
	io.Reader
	io.ReaderAt
	io.Seeker
}

// fixThin appends to the pack the bases its deltas name that it lacks,
// read from the repository, and rewrites its header and checksum.
func (p *packReceiver) fixThin(objs []received) ([]received, plumbing.Hash, error) {
	var sum plumbing.Hash
	have := map[Hash]bool{}
	for _, o := range objs {
		if o.done {
			have[o.id] = true
		}
	}
	var missing []Hash
	for _, o := range objs {
		if o.ref && !have[o.baseID] {
			have[o.baseID] = true
			missing = append(missing, o.baseID)
		}
	}
	end, err := p.f.Seek(-20, io.SeekEnd)
	if err != nil {
		return nil, sum, err
	}
	if err := p.f.Truncate(end); err != nil {
		return nil, sum, err
	}
	var zbuf bytes.Buffer
	for _, id := range missing {
		obj, err := p.st.EncodedObject(plumbing.AnyObject, id)
		if err != nil {
			return nil, sum, fmt.Errorf("the pack the server sent needs object %s, which this repository lacks: %w", id, err)
		}
		content, err := readAll(obj)
		if err != nil {
			return nil, sum, err
		}
		zbuf.Reset()
		zw := zlib.NewWriter(&zbuf)
		zw.Write(content)
		if err := zw.Close(); err != nil {
			return nil, sum, err
		}
		typ := int8(obj.Type())
		size := int64(len(content))
		hdr := []byte{byte(typ)<<4 | byte(size&0x0f)}
		for rest := size >> 4; rest > 0; rest >>= 7 {
			hdr[len(hdr)-1] |= 0x80
			hdr = append(hdr, byte(rest&0x7f))
		}
		crc := crc32.NewIEEE()
		crc.Write(hdr)
		crc.Write(zbuf.Bytes())
		if _, err := p.f.WriteAt(append(hdr, zbuf.Bytes()...), end); err != nil {
			return nil, sum, err
		}
		objs = append(objs, received{off: end, dataOff: end + int64(len(hdr)), size: size, typ: typ, id: id, crc: crc.Sum32(), done: true})
		end += int64(len(hdr) + zbuf.Len())
	}
	var count [4]byte
	binary.BigEndian.PutUint32(count[:], uint32(len(objs)))
	if _, err := p.f.WriteAt(count[:], 8); err != nil {
		return nil, sum, err
	}
	h := sha1.New()
	if _, err := io.Copy(h, io.NewSectionReader(p.f, 0, end)); err != nil {
		return nil, sum, err
	}
	copy(sum[:], h.Sum(nil))
	if _, err := p.f.WriteAt(sum[:], end); err != nil {
		return nil, sum, err
	}
	return objs, sum, nil
}

// errThinPack means a delta's base is not in the pack.
var errThinPack = errors.New("thin pack")

// maxPackObjects bounds the entries a pack may claim (Git's own limit is
// 2^32; this keeps a lying header from allocating gigabytes up front).
const maxPackObjects = 50_000_000

// received is one object of a pack being indexed.
type received struct {
	off     int64
	dataOff int64 // where the zlib stream starts
	size    int64 // inflated size of the data (the delta for a delta)
	typ     int8  // pack type; after resolution, a delta's resolved type
	delta   bool
	ref     bool  // a ref-delta: its base is named by id
	baseOff int64 // ofs-delta
	baseID  Hash  // ref-delta
	id      Hash
	crc     uint32
	done    bool
}

// countingReader reads the pack, counting bytes and feeding the entry's
// CRC-32 and the pack's checksum; it is an io.ByteReader so that zlib
// reads exactly the stream and no further.
type countingReader struct {
	r   *bufio.Reader
	n   int64
	crc hash.Hash32
	sum hash.Hash
	one [1]byte
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.crc.Write(p[:n])
	c.sum.Write(p[:n])
	c.n += int64(n)
	return n, err
}

func (c *countingReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err != nil {
		return 0, err
	}
	c.one[0] = b
	c.crc.Write(c.one[:])
	c.sum.Write(c.one[:])
	c.n++
	return b, nil
}

// indexPack reads the pack in f and works out every object's id, CRC-32
// and offset, and the pack's checksum. An object over maxBlob bytes (≥ 0)
// is an error; nothing over it is ever held in memory.
func indexPack(f packFile, maxBlob int64) ([]packEntry, plumbing.Hash, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, plumbing.ZeroHash, err
	}
	objs, sum, err := scanPack(f, maxBlob)
	if err != nil {
		return nil, sum, err
	}
	return finishIndex(f, objs, sum, maxBlob)
}

// finishIndex resolves the deltas scanPack found and lists the entries.
func finishIndex(f io.ReaderAt, objs []received, sum plumbing.Hash, maxBlob int64) ([]packEntry, plumbing.Hash, error) {
	if err := resolveDeltas(f, objs, maxBlob); err != nil {
		return nil, sum, err
	}
	entries := make([]packEntry, len(objs))
	for i, o := range objs {
		entries[i] = packEntry{hash: o.id, off: o.off, crc: o.crc}
	}
	return entries, sum, nil
}

// scanPack reads a pack once, from start to end (so as it arrives): it
// finds where each object starts, its CRC-32, its base if it is a delta,
// and the id of every object that is not; and checks the pack's checksum.
// An object whose header says it is over the limit stops it there.
func scanPack(r io.Reader, maxBlob int64) ([]received, plumbing.Hash, error) {
	var sum plumbing.Hash
	bad := func(format string, a ...any) error {
		return fmt.Errorf("the pack the server sent is damaged: "+format, a...)
	}
	cr := &countingReader{r: bufio.NewReaderSize(r, 1<<20), crc: crc32.NewIEEE(), sum: sha1.New()}
	var hdr [12]byte
	if _, err := io.ReadFull(cr, hdr[:]); err != nil || string(hdr[:4]) != "PACK" {
		return nil, sum, bad("no pack header")
	}
	if v := binary.BigEndian.Uint32(hdr[4:]); v != 2 && v != 3 {
		return nil, sum, bad("version %d", v)
	}
	count := binary.BigEndian.Uint32(hdr[8:])
	if count > maxPackObjects {
		return nil, sum, bad("%d objects", count)
	}
	objs := make([]received, 0, min(count, 4096)) // a header may lie
	var zr io.ReadCloser
	for range count {
		o := received{off: cr.n}
		cr.crc.Reset()
		c, err := cr.ReadByte()
		if err != nil {
			return nil, sum, bad("cut short")
		}
		o.typ = int8((c >> 4) & 7)
		o.size = int64(c & 0x0f)
		for shift := 4; c&0x80 != 0; shift += 7 {
			if c, err = cr.ReadByte(); err != nil || shift > 56 {
				return nil, sum, bad("object header at %d", o.off)
			}
			o.size |= int64(c&0x7f) << shift
		}
		switch o.typ {
		case packOfsDelta:
			c, err := cr.ReadByte()
			if err != nil {
				return nil, sum, bad("cut short")
			}
			d := int64(c & 0x7f)
			for c&0x80 != 0 {
				if c, err = cr.ReadByte(); err != nil || d > 1<<48 {
					return nil, sum, bad("delta offset at %d", o.off)
				}
				d = ((d + 1) << 7) | int64(c&0x7f)
			}
			if d <= 0 || d > o.off {
				return nil, sum, bad("delta offset at %d", o.off)
			}
			o.delta, o.baseOff = true, o.off-d
		case 7:
			if _, err := io.ReadFull(cr, o.baseID[:]); err != nil {
				return nil, sum, bad("cut short")
			}
			o.delta, o.ref = true, true
		case packCommit, packTree, packBlob, 4:
		default:
			return nil, sum, bad("object type %d at %d", o.typ, o.off)
		}
		o.dataOff = cr.n
		// A delta is about as long as what it makes; a tag, commit or tree
		// over the limit is no workshop's either.
		limit := maxBlob
		if o.delta {
			limit += maxBlob/64 + 1024 // a delta is a little longer than what it makes, at worst
		}
		if maxBlob >= 0 && o.size > limit {
			return nil, sum, &blobTooLarge{size: o.size, max: maxBlob, incomplete: true}
		}
		if err := resetZlib(&zr, cr); err != nil {
			return nil, sum, bad("object at %d: %v", o.off, err)
		}
		var dst io.Writer = io.Discard
		var hasher plumbing.Hasher
		if !o.delta {
			hasher = plumbing.NewHasher(plumbing.ObjectType(o.typ), o.size)
			dst = hasher
		}
		n, err := io.Copy(dst, io.LimitReader(zr, o.size+1))
		if err != nil || n != o.size {
			return nil, sum, bad("object at %d does not inflate to its size", o.off)
		}
		// Read to the end of the stream, so that its checksum is read and
		// checked.
		if _, err := zr.Read(make([]byte, 1)); err != io.EOF {
			return nil, sum, bad("object at %d does not end", o.off)
		}
		if !o.delta {
			o.id, o.done = hasher.Sum(), true
		}
		o.crc = cr.crc.Sum32()
		objs = append(objs, o)
	}
	copy(sum[:], cr.sum.Sum(nil))
	var trailer Hash
	if _, err := io.ReadFull(cr.r, trailer[:]); err != nil || trailer != sum {
		return nil, sum, bad("its checksum does not match")
	}
	return objs, sum, nil
}

func resetZlib(zr *io.ReadCloser, src io.Reader) error {
	if *zr == nil {
		z, err := zlib.NewReader(src)
		if err != nil {
			return err
		}
		*zr = z
		return nil
	}
	return (*zr).(zlib.Resetter).Reset(src, nil)
}

// resolveDeltas works out the ids of the deltas, each chain from its base
// down, the bases shared out among the processors.
func resolveDeltas(f io.ReaderAt, objs []received, maxBlob int64) error {
	byOff := func(off int64) int {
		i := sort.Search(len(objs), func(i int) bool { return objs[i].off >= off })
		if i < len(objs) && objs[i].off == off {
			return i
		}
		return -1
	}
	ofsChildren := map[int][]int{}
	refChildren := map[Hash][]int{}
	deltas := 0
	for i, o := range objs {
		if !o.delta {
			continue
		}
		deltas++
		if !o.ref {
			b := byOff(o.baseOff)
			if b < 0 {
				return fmt.Errorf("the pack the server sent is damaged: a delta at %d has no base", o.off)
			}
			ofsChildren[b] = append(ofsChildren[b], i)
		} else {
			refChildren[o.baseID] = append(refChildren[o.baseID], i)
		}
	}
	if deltas == 0 {
		return nil
	}
	var roots []int
	for i, o := range objs {
		if !o.delta && (len(ofsChildren[i]) > 0 || len(refChildren[o.id]) > 0) {
			roots = append(roots, i)
		}
	}
	var next atomic.Int64
	var resolved atomic.Int64
	var firstErr error
	var mu sync.Mutex
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
	}
	work := func() {
		var zr io.ReadCloser
		read := func(o *received) ([]byte, error) {
			sr := io.NewSectionReader(f, o.dataOff, o.size+o.size/64+1<<16)
			if err := resetZlib(&zr, bufio.NewReaderSize(sr, 64<<10)); err != nil {
				return nil, err
			}
			out := make([]byte, o.size)
			if _, err := io.ReadFull(zr, out); err != nil {
				return nil, err
			}
			return out, nil
		}
		var walk func(i int, content []byte) error
		walk = func(i int, content []byte) error {
			kids := append(slices.Clip(ofsChildren[i]), refChildren[objs[i].id]...)
			for _, k := range kids {
				c := &objs[k]
				delta, err := read(c)
				if err != nil {
					return fmt.Errorf("the pack the server sent is damaged: object at %d: %v", c.off, err)
				}
				if _, n := binary.Uvarint(delta); n > 0 {
					if target, m := binary.Uvarint(delta[n:]); m > 0 && maxBlob >= 0 && target > uint64(maxBlob) {
						return &blobTooLarge{size: int64(target), max: maxBlob, incomplete: true}
					}
				}
				data, err := applyDelta(content, delta)
				if err != nil {
					return fmt.Errorf("the pack the server sent is damaged: object at %d: %v", c.off, err)
				}
				c.typ = objs[i].typ
				c.id = objectHashCD(plumbing.ObjectType(c.typ), data)
				c.done = true
				resolved.Add(1)
				if len(ofsChildren[k]) > 0 || len(refChildren[c.id]) > 0 {
					if err := walk(k, data); err != nil {
						return err
					}
				}
			}
			return nil
		}
		for {
			n := int(next.Add(1)) - 1
			if n >= len(roots) {
				return
			}
			mu.Lock()
			stop := firstErr != nil
			mu.Unlock()
			if stop {
				return
			}
			o := &objs[roots[n]]
			content, err := read(o)
			if err != nil {
				fail(fmt.Errorf("the pack the server sent is damaged: object at %d: %v", o.off, err))
				return
			}
			if err := walk(roots[n], content); err != nil {
				fail(err)
				return
			}
		}
	}
	pool.Each(runtime.GOMAXPROCS(0), work)
	if firstErr != nil {
		return firstErr
	}
	if int(resolved.Load()) != deltas {
		return errThinPack
	}
	return nil
}

// objectHashCD is the id of an object received from others, with the
// collision-detecting SHA-1 that Git uses too: anyone who can push is
// untrusted.
func objectHashCD(t plumbing.ObjectType, content []byte) Hash {
	h := plumbing.NewHasher(t, int64(len(content)))
	h.Write(content)
	return h.Sum()
}
