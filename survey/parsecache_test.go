package survey

import (
	"bytes"
	"crypto/sha1"
	"reflect"
	"testing"
)

func cacheKey(file string, data []byte) ParseKey {
	return ParseKey{Blob: sha1.Sum(data), File: file}
}

func TestParseCacheRoundTrip(t *testing.T) {
	w, fw := testWorkshop(), embeddedFramework(t)
	c := NewParseCache()
	want := map[ParseKey]*Response{}
	inputs := [][]byte{[]byte(renderedGolden(t)), []byte(edit(t, renderedGolden(t), `note: ""`, `note: "ünïcode \"q\""`))}
	for _, s := range Synthesize(w, fw, 30, 4) {
		inputs = append(inputs, RenderResponse(w, fw, s.Response))
	}
	for i, data := range inputs {
		file := "responses/x.yaml"
		if i%2 == 1 {
			file = "responses/y.yaml"
		}
		r, ps := ParseResponse(file, data)
		if ps != nil {
			t.Fatal(ps)
		}
		k := cacheKey(file, data)
		c.Put(k, r)
		want[k] = r
	}
	if !c.Changed() {
		t.Fatal("a cache with 32 new files does not want writing")
	}
	var buf bytes.Buffer
	if err := c.WriteTo(&buf, []byte("build 1")); err != nil {
		t.Fatal(err)
	}
	back := ReadParseCache(bytes.NewReader(buf.Bytes()), []byte("build 1"))
	for k, r := range want {
		got := back.Get(k)
		if !reflect.DeepEqual(got, r) {
			t.Fatalf("%s came back as\n%#v\nwant\n%#v", k.File, got, r)
		}
	}
	if back.Get(ParseKey{File: "responses/x.yaml"}) != nil {
		t.Error("an unknown blob was found")
	}
	if back.Changed() {
		t.Error("a cache read and used whole wants writing again")
	}
	// Another build, or a damaged file, reads as empty.
	if other := ReadParseCache(bytes.NewReader(buf.Bytes()), []byte("build 2")); len(other.entries) != 0 {
		t.Error("a cache from another build was read")
	}
	for _, cut := range []int{0, 10, len(buf.Bytes()) / 2, len(buf.Bytes()) - 1} {
		if damaged := ReadParseCache(bytes.NewReader(buf.Bytes()[:cut]), []byte("build 1")); len(damaged.entries) != 0 {
			t.Errorf("a cache cut at %d was read", cut)
		}
	}
	// Files not used in a run are dropped when it is written again.
	part := ReadParseCache(bytes.NewReader(buf.Bytes()), []byte("build 1"))
	for k := range want {
		if k.File == "responses/x.yaml" {
			part.Get(k)
		}
	}
	if !part.Changed() {
		t.Error("a cache half unused does not want writing")
	}
	buf.Reset()
	if err := part.WriteTo(&buf, []byte("build 1")); err != nil {
		t.Fatal(err)
	}
	if n := len(ReadParseCache(&buf, []byte("build 1")).entries); n != 16 {
		t.Errorf("%d files kept, want the 16 used", n)
	}
}

// FuzzReadParseCache: whatever is in the cache file, reading it never
// fails or panics, and what it gives back is written and read back alike.
func FuzzReadParseCache(f *testing.F) {
	c := NewParseCache()
	w, fw := testWorkshop(), embeddedFramework(f)
	for _, s := range Synthesize(w, fw, 3, 1) {
		data := RenderResponse(w, fw, s.Response)
		r, _ := ParseResponse(s.Response.File, data)
		c.Put(cacheKey(s.Response.File, data), r)
	}
	var buf bytes.Buffer
	if err := c.WriteTo(&buf, []byte("b")); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(parseCacheMagic + "\x01b\x00\x00"))
	f.Add([]byte(parseCacheMagic + "\x01b\x01\x00\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got := ReadParseCache(bytes.NewReader(data), []byte("b"))
		for k := range got.entries {
			got.Get(k)
		}
		var out bytes.Buffer
		if err := got.WriteTo(&out, []byte("b")); err != nil {
			t.Fatal(err)
		}
		again := ReadParseCache(&out, []byte("b"))
		if !reflect.DeepEqual(again.entries, got.entries) {
			t.Fatalf("entries changed on the way through the file")
		}
	})
}

// TestParseCacheWrittenOnceEnoughIsNew: a program that runs on (skillmap
// serve) and writes its cache after each submission writes it again only
// once enough files are new since the last write, not every time.
func TestParseCacheWrittenOnceEnoughIsNew(t *testing.T) {
	w, fw := testWorkshop(), embeddedFramework(t)
	c := NewParseCache()
	people := Synthesize(w, fw, 40, 9)
	put := func(s Synthetic) {
		data := RenderResponse(w, fw, s.Response)
		r, ps := ParseResponse(s.Response.File, data)
		if ps != nil {
			t.Fatal(ps)
		}
		c.Put(cacheKey(s.Response.File, data), r)
	}
	for _, s := range people[:30] {
		put(s)
	}
	if !c.Changed() {
		t.Fatal("30 new files do not want writing")
	}
	if err := c.WriteTo(&bytes.Buffer{}, []byte("b")); err != nil {
		t.Fatal(err)
	}
	put(people[30])
	if c.Changed() {
		t.Error("one new file since the last write wants the cache written again")
	}
	for _, s := range people[31:] {
		put(s)
	}
	if !c.Changed() {
		t.Error("ten new files since the last write do not want writing")
	}
}
