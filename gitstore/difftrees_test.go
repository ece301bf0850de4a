package gitstore

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// TestDiffTreesProperty compares diffTrees with a plain map comparison on
// random pairs of trees: a few entries changed, added or removed, names
// that are prefixes of others, folders that sort as if ending in "/", and
// checks the entry boundaries it works out for prev.
func TestDiffTreesProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	names := []string{"a", "a.b", "a-c", "ab", "b", "b0", "c", "zz"}
	for i := range 300 {
		names = append(names, fmt.Sprintf("p%03d.yaml", i))
	}
	randomTree := func() map[string]treeEntry {
		m := map[string]treeEntry{}
		for _, n := range names {
			if rng.IntN(4) > 0 {
				e := treeEntry{name: n, mode: filemode.Regular}
				if rng.IntN(6) == 0 {
					e.mode = filemode.Dir
				}
				e.hash[0], e.hash[19] = byte(rng.IntN(3)), byte(rng.IntN(2))
				m[n] = e
			}
		}
		return m
	}
	mutate := func(m map[string]treeEntry) map[string]treeEntry {
		out := map[string]treeEntry{}
		for k, v := range m {
			out[k] = v
		}
		for range rng.IntN(4) {
			n := names[rng.IntN(len(names))]
			switch rng.IntN(3) {
			case 0:
				delete(out, n)
			case 1:
				e := out[n]
				e.name, e.mode = n, filemode.Regular
				e.hash[5]++
				out[n] = e
			case 2:
				out[n] = treeEntry{name: n, mode: filemode.Dir}
			}
		}
		return out
	}
	encode := func(m map[string]treeEntry) []byte {
		n := &treeNode{}
		for _, e := range m {
			n.entries = append(n.entries, e)
		}
		n.sort()
		n.encode()
		return n.raw
	}
	for i := range 2000 {
		prevM := randomTree()
		curM := mutate(prevM)
		if i%10 == 0 {
			curM = randomTree()
		}
		cur, prev := encode(curM), encode(prevM)
		want := map[string]bool{} // name → existed
		for n, e := range curM {
			if old, ok := prevM[n]; !ok || old.hash != e.hash {
				want[n] = ok
			}
		}
		// Same-name entries whose kind changed sort apart: diffTrees sees
		// them as new, which a name map does not; leave those out.
		for n := range want {
			if old, ok := prevM[n]; ok && (old.mode == filemode.Dir) != (curM[n].mode == filemode.Dir) {
				delete(want, n)
			}
		}
		got := map[string]bool{}
		var curBounds []int
		if i%2 == 0 {
			curBounds, _ = entryBounds(cur, nil)
		}
		gone := map[string]bool{}
		bounds, err := diffTrees(cur, prev, curBounds, nil, func(name, oldID, newID []byte) {
			n := string(name)
			if newID == nil {
				gone[n] = true
				return
			}
			if old, ok := prevM[n]; ok && (old.mode == filemode.Dir) != (curM[n].mode == filemode.Dir) {
				return
			}
			oldH, newH := prevM[n].hash, curM[n].hash
			if oldID != nil && !bytes.Equal(oldID, oldH[:]) || !bytes.Equal(newID, newH[:]) {
				t.Fatalf("case %d: %s: ids %x → %x", i, n, oldID, newID)
			}
			got[n] = oldID != nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("case %d: changed %v, want %v\ncur %v\nprev %v", i, keys(got), keys(want), keys(curM), keys(prevM))
		}
		wantGone := map[string]bool{}
		for n, e := range prevM {
			if c, ok := curM[n]; !ok || (c.mode == filemode.Dir) != (e.mode == filemode.Dir) {
				wantGone[n] = true
			}
		}
		if !reflect.DeepEqual(gone, wantGone) {
			t.Fatalf("case %d: gone %v, want %v", i, keys(gone), keys(wantGone))
		}
		if wantBounds, _ := entryBounds(prev, nil); !slices.Equal(bounds, wantBounds) {
			t.Fatalf("case %d: bounds of prev %v, want %v", i, bounds, wantBounds)
		}
	}
}

func keys[V any](m map[string]V) string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	slices.Sort(k)
	return strings.Join(k, " ")
}
