package gitstore

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"slices"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Fuzz targets for gitstore's own reading of Git's formats, which anyone
// who can push feeds: deltas, pack headers, zlib streams, tree entries,
// commit headers and the index. Where go-git has a parser of its own, the
// result is checked against it.

// FuzzApplyDelta checks applyDelta against go-git's PatchDelta: whatever
// applyDelta accepts, go-git builds the same; and no delta makes it
// allocate more than its input could fill.
func FuzzApplyDelta(f *testing.F) {
	base := []byte("the base object, with enough bytes to copy from in several pieces\n")
	target := []byte("the target object, with enough bytes to copy from in pieces, and more\n")
	f.Add(base, packfile.DiffDelta(base, target))
	d := newDelta(len(base), 10)
	d.copyFrom(4, 4)
	d.insert([]byte("object"))
	f.Add(base, d.buf)
	f.Add([]byte{}, []byte{0, 0})
	f.Add(base, []byte{byte(len(base)), 0xff, 0xff, 0xff, 0x0f, 0x90, 0xff}) // a huge size claimed
	f.Fuzz(func(t *testing.T, base, delta []byte) {
		got, err := applyDelta(base, delta)
		if err != nil || len(base) == 0 || len(delta) < 4 {
			// go-git refuses an empty base and deltas under four bytes
			// outright; git does not, and neither does applyDelta.
			return
		}
		want, err := packfile.PatchDelta(base, delta)
		if err != nil {
			t.Fatalf("applyDelta built %d bytes from a delta go-git refuses: %v", len(got), err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("applyDelta built %q, go-git %q", got, want)
		}
	})
}

// FuzzPackHeader checks the pack object header parser and the bounded
// inflation behind it: a size claimed in a header never allocates more
// than the compressed bytes could fill.
func FuzzPackHeader(f *testing.F) {
	for _, size := range []int{0, 15, 16, 1 << 12} {
		var buf bytes.Buffer
		zw := zlib.NewWriter(&buf)
		zw.Write(bytes.Repeat([]byte("x"), size))
		zw.Close()
		hdr := []byte{byte(packBlob<<4) | byte(size&0x0f)}
		if size > 15 {
			hdr[0] |= 0x80
			for s := size >> 4; s > 0; s >>= 7 {
				b := byte(s & 0x7f)
				if s>>7 > 0 {
					b |= 0x80
				}
				hdr = append(hdr, b)
			}
		}
		f.Add(append(hdr, buf.Bytes()...))
	}
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x78, 0x9c})
	f.Fuzz(func(t *testing.T, data []byte) {
		typ, size, n, ok := parsePackHeader(data)
		if !ok {
			return
		}
		if typ < 0 || typ > 7 || size < 0 || n < 1 || n > len(data) {
			t.Fatalf("header: type %d, size %d, %d bytes of %d", typ, size, n, len(data))
		}
		var zr io.ReadCloser
		out, err := inflate(data[n:], size, &zr)
		if err != nil {
			return
		}
		if int64(len(out)) != size || size > maxInflated(len(data)-n) {
			t.Fatalf("inflated %d bytes for a size of %d from %d", len(out), size, len(data)-n)
		}
	})
}

// FuzzOfsDeltaOffset checks that reading a delta's base offset undoes
// writing it, and that no input makes the reader overrun.
func FuzzOfsDeltaOffset(f *testing.F) {
	f.Add(int64(1), []byte{0x80, 0x00})
	f.Add(int64(1<<40), []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})
	f.Fuzz(func(t *testing.T, d int64, raw []byte) {
		if d > 0 {
			enc := ofsDeltaOffset(d)
			got, n := readOfsDeltaOffset(append(enc, raw...))
			if got != d || n != len(enc) {
				t.Fatalf("offset %d encoded as %x reads as %d (%d bytes)", d, enc, got, n)
			}
		}
		if _, n := readOfsDeltaOffset(raw); n > len(raw) {
			t.Fatalf("read %d bytes of %d", n, len(raw))
		}
	})
}

// canonicalTree encodes entries as git writes a tree.
func canonicalTree(entries []object.TreeEntry) []byte {
	var buf bytes.Buffer
	for _, e := range entries {
		fmt.Fprintf(&buf, "%o %s\x00", uint32(e.Mode), e.Name)
		buf.Write(e.Hash[:])
	}
	return buf.Bytes()
}

// goGitTree decodes a tree's content with go-git.
func goGitTree(raw []byte) (*object.Tree, error) {
	obj := &plumbing.MemoryObject{}
	obj.SetType(plumbing.TreeObject)
	obj.Write(raw)
	t := &object.Tree{}
	return t, t.Decode(obj)
}

// FuzzTreeEntries checks the tree entry parser against go-git's tree
// decoder, and diffTrees (which skips what two trees share without parsing
// it) against comparing every entry.
func FuzzTreeEntries(f *testing.F) {
	h1, h2 := plumbing.NewHash("1111111111111111111111111111111111111111"), plumbing.NewHash("2222222222222222222222222222222222222222")
	a := canonicalTree([]object.TreeEntry{{Name: "a.yaml", Mode: filemode.Regular, Hash: h1}, {Name: "b", Mode: filemode.Dir, Hash: h2}, {Name: "c.yaml", Mode: filemode.Regular, Hash: h1}})
	b := canonicalTree([]object.TreeEntry{{Name: "a.yaml", Mode: filemode.Regular, Hash: h2}, {Name: "b.yaml", Mode: filemode.Regular, Hash: h2}, {Name: "c.yaml", Mode: filemode.Regular, Hash: h1}})
	f.Add(a, b)
	f.Add(b, a)
	f.Add(a, []byte{})
	f.Add([]byte("100644 x\x00short"), a)
	f.Fuzz(func(t *testing.T, cur, prev []byte) {
		parse := func(raw []byte) ([]rawEntry, error) {
			var es []rawEntry
			for i := 0; i < len(raw); {
				e, err := parseEntry(raw, i)
				if err != nil {
					return nil, err
				}
				if e.end <= i {
					t.Fatalf("entry at %d does not advance", i)
				}
				es = append(es, e)
				i = e.end
			}
			return es, nil
		}
		ce, cerr := parse(cur)
		if gt, err := goGitTree(cur); err == nil && len(cur) > 0 {
			if cerr != nil {
				t.Fatalf("go-git reads a tree parseEntry refuses: %v", cerr)
			}
			if len(gt.Entries) != len(ce) {
				t.Fatalf("%d entries, go-git %d", len(ce), len(gt.Entries))
			}
			for i, e := range gt.Entries {
				if string(ce[i].name) != e.Name || !bytes.Equal(ce[i].hash, e.Hash[:]) || ce[i].dir != (e.Mode == filemode.Dir) {
					t.Fatalf("entry %d: %q, go-git %q", i, ce[i].name, e.Name)
				}
			}
		}
		pe, perr := parse(prev)
		if cerr != nil || perr != nil || !canonical(ce) || !canonical(pe) {
			return
		}
		type ch struct{ name, old, new string }
		var got []ch
		_, err := diffTrees(cur, prev, nil, nil, func(name, old, new []byte) {
			got = append(got, ch{string(name), string(old), string(new)})
		})
		if err != nil {
			t.Fatalf("diffTrees: %v", err)
		}
		// Every entry compared: by name (and folder or not), as git orders.
		var want []ch
		byName := map[string]rawEntry{}
		for _, e := range pe {
			byName[entryKey(e)] = e
		}
		seen := map[string]bool{}
		for _, e := range ce {
			seen[entryKey(e)] = true
			if p, ok := byName[entryKey(e)]; !ok {
				want = append(want, ch{string(e.name), "", string(e.hash)})
			} else if !bytes.Equal(p.hash, e.hash) {
				want = append(want, ch{string(e.name), string(p.hash), string(e.hash)})
			}
		}
		for _, e := range pe {
			if !seen[entryKey(e)] {
				want = append(want, ch{string(e.name), string(e.hash), ""})
			}
		}
		key := func(c ch) string { return c.name + "\x00" + c.old + "\x00" + c.new }
		slices.SortFunc(got, func(x, y ch) int { return bytes.Compare([]byte(key(x)), []byte(key(y))) })
		slices.SortFunc(want, func(x, y ch) int { return bytes.Compare([]byte(key(x)), []byte(key(y))) })
		if !slices.Equal(got, want) {
			t.Fatalf("diffTrees found %q, comparing every entry %q", got, want)
		}
	})
}

func entryKey(e rawEntry) string {
	if e.dir {
		return string(e.name) + "/"
	}
	return string(e.name)
}

// canonical says whether entries are in git's order, with no name twice.
func canonical(es []rawEntry) bool {
	names := map[string]bool{}
	for i, e := range es {
		if names[string(e.name)] || (i > 0 && compareEntries(es[i-1], e) >= 0) {
			return false
		}
		names[string(e.name)] = true
	}
	return true
}

// FuzzCommitHeaders checks the commit parser of history walks against
// go-git's commit decoder.
func FuzzCommitHeaders(f *testing.F) {
	f.Add([]byte("tree 1111111111111111111111111111111111111111\nparent 2222222222222222222222222222222222222222\nauthor Ana Ruiz <ana@example.org> 1772359200 +0000\ncommitter Ana Ruiz <ana@example.org> 1772359200 +0000\n\nSubmit ana\n"))
	f.Add([]byte("tree 1111111111111111111111111111111111111111\nparent 2222222222222222222222222222222222222222\nparent 3333333333333333333333333333333333333333\nauthor A <a@b> 1 +0100\ncommitter A <a@b> 1 +0100\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n tree 4444444444444444444444444444444444444444\n -----END PGP SIGNATURE-----\n\nMerge\n"))
	f.Add([]byte("tree zz\n\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		c, err := parseCommit(plumbing.ZeroHash, raw)
		obj := &plumbing.MemoryObject{}
		obj.SetType(plumbing.CommitObject)
		obj.Write(raw)
		var gc object.Commit
		gerr := gc.Decode(obj)
		if err != nil || gerr != nil {
			return
		}
		if c.tree != gc.TreeHash {
			t.Fatalf("tree %s, go-git %s", c.tree, gc.TreeHash)
		}
		if c.hasParent != (len(gc.ParentHashes) > 0) || c.merge != (len(gc.ParentHashes) > 1) ||
			(c.hasParent && c.parent != gc.ParentHashes[0]) {
			t.Fatalf("parent %s (merge %v), go-git %v", c.parent, c.merge, gc.ParentHashes)
		}
		if c.message != gc.Message {
			t.Fatalf("message %q, go-git %q", c.message, gc.Message)
		}
		if c.authorLine != nil && gc.Author.Name+gc.Author.Email != "" {
			a := c.author()
			// Both decode the line with go-git's Signature; only where it
			// starts may differ.
			if a.Name != gc.Author.Name || a.Email != gc.Author.Email {
				t.Fatalf("author %+v, go-git %+v", a, gc.Author)
			}
		}
	})
}

// FuzzIndex checks the index reader (which finds where the entries end to
// take a split index's link out) against go-git's decoder on indexes with
// no link, and that a link's bitmaps cannot make it loop or allocate
// beyond the index.
func FuzzIndex(f *testing.F) {
	for _, version := range []uint32{2, 3, 4} {
		idx := &index.Index{Version: version}
		for _, name := range []string{"a.yaml", "responses/a.yaml", "responses/b.yaml", string(bytes.Repeat([]byte("n"), 0x1000))} {
			idx.Entries = append(idx.Entries, &index.Entry{Name: name, Mode: filemode.Regular, Hash: plumbing.NewHash("1111111111111111111111111111111111111111")})
		}
		var buf bytes.Buffer
		if err := index.NewEncoder(&buf).Encode(idx); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		idx, link, err := decodeIndex(data)
		if err != nil {
			return
		}
		if link != nil {
			// Against a shared index of the same entries.
			_ = mergeSplitIndex(&index.Index{Entries: slices.Clone(idx.Entries)}, idx, link)
			return
		}
		var want index.Index
		if err := index.NewDecoder(bytes.NewReader(data)).Decode(&want); err != nil {
			t.Fatalf("decodeIndex reads an index go-git refuses: %v", err)
		}
		if len(want.Entries) != len(idx.Entries) {
			t.Fatalf("%d entries, go-git %d", len(idx.Entries), len(want.Entries))
		}
	})
}

// FuzzDeltaBuilder checks the deltas the pack writer makes: copies (split
// at 64 KiB, offsets of any width) and inserts chosen by the fuzzer build
// the intended object, both with applyDelta and with go-git.
func FuzzDeltaBuilder(f *testing.F) {
	f.Add([]byte("a base object to copy from"), []byte{0, 4, 5, 1, 3, 2, 0, 0, 30})
	f.Add(bytes.Repeat([]byte("0123456789abcdef"), 4200), []byte{0, 0, 0xff, 0xff, 1, 7, 0, 0, 0x10})
	f.Fuzz(func(t *testing.T, base, ops []byte) {
		if len(base) == 0 {
			return
		}
		var want []byte
		type op struct {
			off, n int
			lit    []byte
		}
		var plan []op
		for len(ops) >= 3 {
			kind, a, b := ops[0], int(ops[1]), int(ops[2])
			ops = ops[3:]
			if kind%2 == 0 {
				// A copy: scaled so that large bases get large copies.
				off := a * len(base) / 256
				n := min(b*(1+len(base)/64), len(base)-off)
				if n > 0 {
					plan = append(plan, op{off: off, n: n})
					want = append(want, base[off:off+n]...)
				}
				continue
			}
			lit := bytes.Repeat([]byte{byte(a)}, b)
			plan = append(plan, op{lit: lit})
			want = append(want, lit...)
		}
		d := newDelta(len(base), len(want))
		for _, o := range plan {
			if o.lit != nil {
				d.insert(o.lit)
			} else {
				d.copyFrom(o.off, o.n)
			}
		}
		got, err := applyDelta(base, d.buf)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("applyDelta: %v; built %d bytes, want %d", err, len(got), len(want))
		}
		if len(d.buf) >= 4 {
			gg, err := packfile.PatchDelta(base, d.buf)
			if err != nil || !bytes.Equal(gg, want) {
				t.Fatalf("go-git: %v; built %d bytes, want %d", err, len(gg), len(want))
			}
		}
	})
}
