package gitstore

import (
	"container/list"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
)

// objectReader reads objects one after another, straight from the packs
// and loose objects, resolving deltas itself and keeping the last few
// objects it resolved by their place in the pack. Walking a long history
// reads each version of a large folder once, and each is a delta of one
// read just before (Git's packs and ours both store them so); go-git would
// resolve each from scratch, hash it and cache it, several times slower.
// Anything it does not know how to read goes through go-git. Not safe for
// concurrent use.
type objectReader struct {
	r     *Repo
	packs []*packReader
	zr    io.ReadCloser
	cache *objectCache
}

func (r *Repo) newObjectReader() *objectReader {
	packs, err := r.openAllPacks()
	if err != nil {
		packs = nil
	}
	return &objectReader{r: r, packs: packs, cache: newObjectCache(16 << 20)}
}

func (o *objectReader) close() {
	for _, p := range o.packs {
		p.f.Close()
	}
}

// read returns an object's content, checking its type.
func (o *objectReader) read(t plumbing.ObjectType, h Hash) ([]byte, error) {
	for _, p := range o.packs {
		off, err := p.idx.FindOffset(h)
		if err != nil {
			continue
		}
		typ, data, err := o.packed(p, off, 0)
		if err == nil {
			if typ != t {
				return nil, fmt.Errorf("object %s is a %s, not a %s", h, typ, t)
			}
			return data, nil
		}
		if !errors.Is(err, errUnusual) {
			return nil, err
		}
		break
	}
	data, err := o.loose(t, h)
	if !errors.Is(err, errUnusual) {
		return data, err
	}
	obj, err := o.r.encodedObject(t, h)
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", t, h, err)
	}
	return readAll(obj)
}

// maxDeltaDepth stops a corrupt pack's delta loop.
const maxDeltaDepth = 10000

// packed reads the object at off, resolving deltas.
func (o *objectReader) packed(p *packReader, off int64, depth int) (plumbing.ObjectType, []byte, error) {
	if c, ok := o.cache.get(p, off); ok {
		return c.typ, c.data, nil
	}
	if depth > maxDeltaDepth {
		return 0, nil, errUnusual
	}
	typ, size, rest, err := p.entry(off, -1)
	if err != nil {
		return 0, nil, err
	}
	var t plumbing.ObjectType
	var data []byte
	switch typ {
	case packCommit, packTree, packBlob, 4:
		content, err := inflate(rest, size, &o.zr)
		if err != nil {
			return 0, nil, err
		}
		t, data = plumbing.ObjectType(typ), content
	case packOfsDelta, 7:
		var baseOff int64
		if typ == packOfsDelta {
			d, used := readOfsDeltaOffset(rest)
			if used == 0 || d <= 0 || d > off {
				return 0, nil, errUnusual
			}
			baseOff, rest = off-d, rest[used:]
		} else {
			if len(rest) < 20 {
				return 0, nil, errUnusual
			}
			var base Hash
			copy(base[:], rest[:20])
			rest = rest[20:]
			bo, err := p.idx.FindOffset(base)
			if err != nil {
				return 0, nil, errUnusual // base in another pack: leave it to go-git
			}
			baseOff = int64(bo)
		}
		delta, err := inflate(rest, size, &o.zr)
		if err != nil {
			return 0, nil, err
		}
		bt, base, err := o.packed(p, baseOff, depth+1)
		if err != nil {
			return 0, nil, err
		}
		if data, err = applyDelta(base, delta); err != nil {
			return 0, nil, errUnusual
		}
		t = bt
	default:
		return 0, nil, errUnusual
	}
	o.cache.put(p, off, t, data)
	return t, data, nil
}

// loose reads a loose object.
func (o *objectReader) loose(t plumbing.ObjectType, h Hash) ([]byte, error) {
	data, kind, err := o.r.readLoose(h, -1, &o.zr)
	if err != nil {
		return nil, err
	}
	if kind != t.String() {
		return nil, fmt.Errorf("object %s is a %s, not a %s", h, kind, t)
	}
	return data, nil
}

func readOfsDeltaOffset(b []byte) (int64, int) {
	if len(b) == 0 {
		return 0, 0
	}
	c := b[0]
	d := int64(c & 0x7f)
	n := 1
	for c&0x80 != 0 {
		if n >= len(b) || n > 9 {
			return 0, 0
		}
		c = b[n]
		n++
		d = ((d + 1) << 7) | int64(c&0x7f)
	}
	return d, n
}

// applyDelta rebuilds an object from its base and a delta.
func applyDelta(base, delta []byte) ([]byte, error) {
	bad := errors.New("bad delta")
	baseSize, n := binary.Uvarint(delta)
	if n <= 0 || baseSize != uint64(len(base)) {
		return nil, bad
	}
	delta = delta[n:]
	size, n := binary.Uvarint(delta)
	if n <= 0 || size > 1<<32 {
		return nil, bad
	}
	delta = delta[n:]
	// size is untrusted: room for it is made as the output grows, past
	// what the base and delta could plausibly make.
	out := make([]byte, 0, min(size, uint64(len(base))+4*uint64(len(delta))+64))
	for len(delta) > 0 {
		op := delta[0]
		delta = delta[1:]
		switch {
		case op&0x80 != 0:
			var off, sz uint64
			for i := range 4 {
				if op&(1<<i) != 0 {
					if len(delta) == 0 {
						return nil, bad
					}
					off |= uint64(delta[0]) << (8 * i)
					delta = delta[1:]
				}
			}
			for i := range 3 {
				if op&(0x10<<i) != 0 {
					if len(delta) == 0 {
						return nil, bad
					}
					sz |= uint64(delta[0]) << (8 * i)
					delta = delta[1:]
				}
			}
			if sz == 0 {
				sz = 0x10000
			}
			if off+sz > uint64(len(base)) || uint64(len(out))+sz > size {
				return nil, bad
			}
			out = append(out, base[off:off+sz]...)
		case op != 0:
			if int(op) > len(delta) || uint64(len(out))+uint64(op) > size {
				return nil, bad
			}
			out = append(out, delta[:op]...)
			delta = delta[op:]
		default:
			return nil, bad
		}
	}
	if uint64(len(out)) != size {
		return nil, bad
	}
	return out, nil
}

// objectCache keeps recently read objects up to a number of bytes.
type objectCache struct {
	max, size int
	order     *list.List // of *cached, most recent first
	byKey     map[cacheKey]*list.Element
}

type cacheKey struct {
	p   *packReader
	off int64
}

type cached struct {
	key  cacheKey
	typ  plumbing.ObjectType
	data []byte
}

func newObjectCache(max int) *objectCache {
	return &objectCache{max: max, order: list.New(), byKey: map[cacheKey]*list.Element{}}
}

func (c *objectCache) get(p *packReader, off int64) (*cached, bool) {
	e, ok := c.byKey[cacheKey{p, off}]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cached), true
}

func (c *objectCache) put(p *packReader, off int64, t plumbing.ObjectType, data []byte) {
	if len(data) > c.max/4 {
		return
	}
	k := cacheKey{p, off}
	if _, ok := c.byKey[k]; ok {
		return
	}
	c.byKey[k] = c.order.PushFront(&cached{key: k, typ: t, data: data})
	c.size += len(data)
	for c.size > c.max {
		last := c.order.Back()
		old := last.Value.(*cached)
		c.order.Remove(last)
		delete(c.byKey, old.key)
		c.size -= len(old.data)
	}
}
