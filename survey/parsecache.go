package survey

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
)

// ParseCache remembers parsed response files by the hash of their content
// and their name, the only things ParseResponse's result depends on, so
// that a file read before is not read or parsed again: a status or report
// over ten thousand files after one more submission parses one. Only files
// that parse without problems are kept. It is safe for concurrent use.
//
// A cache is written by one build of skillmap and read back only by the
// same build (see ReadParseCache), so a change to the parser can never be
// answered from an older parser's results.
type ParseCache struct {
	mu      sync.Mutex
	entries map[ParseKey]*Response
	used    map[ParseKey]bool
	added   int // entries put that were not there
}

// ParseKey names a parsed file: the Git blob id of its content, and its
// path.
type ParseKey struct {
	Blob [20]byte
	File string
}

// NewParseCache returns an empty cache.
func NewParseCache() *ParseCache {
	return &ParseCache{entries: map[ParseKey]*Response{}, used: map[ParseKey]bool{}}
}

// Get returns the parsed file, or nil. The response is shared: callers
// must not change it.
func (c *ParseCache) Get(k ParseKey) *Response {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.entries[k]
	if r != nil {
		c.used[k] = true
	}
	return r
}

// Put remembers a parsed file. A response checked against a workshop is
// kept as it was parsed, before its answers were keyed for the workshop
// (Response.KeyedFor): a parsed file does not depend on the workshop.
func (c *ParseCache) Put(k ParseKey, r *Response) {
	r = r.original()
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[k]; !ok {
		c.added++
		c.entries[k] = r
	}
	c.used[k] = true
}

// Changed reports whether the cache is worth writing again: enough files
// were added, or enough were not used, that the next run would gain. A
// file or two parsed again next time costs less than rewriting the cache
// each time one participant submits.
func (c *ParseCache) Changed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	slack := max(8, len(c.used)/50)
	stale := len(c.entries) - len(c.used)
	return c.added > slack || stale > slack
}

const parseCacheMagic = "skillmap parse cache 3\n" // 3: keyed answers and plans

// WriteTo writes the files used since the cache was read (so it holds as
// many files as the last run read, not every version ever seen), for a
// program identified by build.
func (c *ParseCache) WriteTo(w io.Writer, build []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	bw := bufio.NewWriter(w)
	e := &cacheEncoder{w: bw, index: map[string]int{}}
	// Strings first, so the reader can share them between responses.
	var keys []ParseKey
	for k := range c.used {
		keys = append(keys, k)
		r := c.entries[k]
		e.intern(k.File, r.Participant.ID, r.Participant.Name, r.Participant.Email, r.Participant.Role)
		for f := range r.lines {
			e.intern(f)
		}
		for s, acts := range r.Ratings {
			e.intern(s)
			for a, ans := range acts {
				e.intern(a, ans.Note)
			}
		}
		if pl := r.Plan; pl != nil {
			e.intern(pl.Text, pl.LineManager)
			for _, f := range pl.Focus {
				e.intern(f.Framework, f.Skill, f.Activity)
			}
		}
	}
	bw.WriteString(parseCacheMagic)
	e.bytes(build)
	e.uint(len(e.strings))
	for _, s := range e.strings {
		e.bytes([]byte(s))
	}
	e.uint(len(keys))
	for _, k := range keys {
		r := c.entries[k]
		bw.Write(k.Blob[:])
		e.str(k.File)
		e.int(r.Schema)
		e.bool(r.prefixed)
		e.str(r.Participant.ID)
		e.str(r.Participant.Name)
		e.str(r.Participant.Email)
		e.str(r.Participant.Role)
		e.uint(len(r.lines))
		for f, l := range r.lines {
			e.str(f)
			e.int(l)
		}
		e.uint(len(r.Ratings))
		for s, acts := range r.Ratings {
			e.str(s)
			e.uint(len(acts))
			for a, ans := range acts {
				e.str(a)
				e.int(ans.Line)
				if ans.Rating != nil {
					e.uint(1)
					e.int(*ans.Rating)
					e.int(ans.ratingLine)
				} else {
					e.uint(0)
				}
				e.str(ans.Note)
			}
		}
		e.plan(r.Plan)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	// What is written is the cache now: a program that runs on (skillmap
	// serve, working out its room view after each submission) writes it
	// again only once enough is new, not on every file added.
	c.added = 0
	return nil
}

// ReadParseCache reads a cache written by WriteTo. A cache written by
// another build, or damaged, reads as an empty cache.
func ReadParseCache(r io.Reader, build []byte) *ParseCache {
	c := NewParseCache()
	d := &cacheDecoder{r: bufio.NewReaderSize(r, 1<<16)}
	magic := make([]byte, len(parseCacheMagic))
	if _, err := io.ReadFull(d.r, magic); err != nil || string(magic) != parseCacheMagic {
		return c
	}
	if string(d.bytes()) != string(build) || d.err != nil {
		return c
	}
	n := d.uint()
	if d.err != nil || n > 1<<24 {
		return c
	}
	d.strings = make([]string, 0, min(n, 1<<16)) // n is not trusted until read
	for range n {
		d.strings = append(d.strings, string(d.bytes()))
	}
	entries := map[ParseKey]*Response{}
	count := d.uint()
	for i := 0; i < count && d.err == nil; i++ {
		var k ParseKey
		if _, err := io.ReadFull(d.r, k.Blob[:]); err != nil {
			return c
		}
		k.File = d.str()
		r := &Response{File: k.File, Schema: d.int(), Ratings: map[string]map[string]*Answer{}}
		r.prefixed = d.uint() == 1
		r.Participant = Participant{ID: d.str(), Name: d.str(), Email: d.str(), Role: d.str()}
		nl := d.uint()
		r.lines = make(map[string]int, min(nl, 16))
		for j := 0; j < nl && d.err == nil; j++ {
			f := d.str()
			r.lines[f] = d.int()
		}
		ns := d.uint()
		for j := 0; j < ns && d.err == nil; j++ {
			s := d.str()
			na := d.uint()
			acts := make(map[string]*Answer, min(na, 256))
			for m := 0; m < na && d.err == nil; m++ {
				a := d.str()
				ans := &Answer{Line: d.int()}
				if d.uint() == 1 {
					v := d.int()
					ans.Rating, ans.ratingLine = &v, d.int()
				}
				ans.Note = d.str()
				acts[a] = ans
			}
			r.Ratings[s] = acts
		}
		r.Plan = d.plan()
		entries[k] = r
	}
	if d.err != nil {
		return c
	}
	c.entries = entries
	return c
}

type cacheEncoder struct {
	w       *bufio.Writer
	strings []string
	index   map[string]int
	buf     [binary.MaxVarintLen64]byte
}

func (e *cacheEncoder) intern(ss ...string) {
	for _, s := range ss {
		if _, ok := e.index[s]; !ok {
			e.index[s] = len(e.strings)
			e.strings = append(e.strings, s)
		}
	}
}

func (e *cacheEncoder) uint(v int) { e.w.Write(binary.AppendUvarint(e.buf[:0], uint64(v))) }
func (e *cacheEncoder) bool(v bool) {
	if v {
		e.uint(1)
	} else {
		e.uint(0)
	}
}
func (e *cacheEncoder) int(v int) { e.w.Write(binary.AppendVarint(e.buf[:0], int64(v))) }
func (e *cacheEncoder) str(s string) {
	e.uint(e.index[s])
}
func (e *cacheEncoder) bytes(b []byte) {
	e.uint(len(b))
	e.w.Write(b)
}

// plan writes a response's plan: a 0 for none, or 1 and its fields.
func (e *cacheEncoder) plan(pl *Plan) {
	if pl == nil {
		e.uint(0)
		return
	}
	e.uint(1)
	e.int(pl.line)
	e.uint(len(pl.Focus))
	for i, f := range pl.Focus {
		e.str(f.Framework)
		e.str(f.Skill)
		e.str(f.Activity)
		e.int(pl.focusLines[i])
	}
	e.str(pl.Text)
	e.int(pl.textLine)
	e.str(pl.LineManager)
	e.int(pl.managerLine)
}

type cacheDecoder struct {
	r       *bufio.Reader
	strings []string
	err     error
}

var errBadCache = errors.New("damaged parse cache")

func (d *cacheDecoder) uint() int {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(d.r)
	if err != nil || v > 1<<40 {
		d.err = errBadCache
		return 0
	}
	return int(v)
}

func (d *cacheDecoder) int() int {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadVarint(d.r)
	if err != nil {
		d.err = errBadCache
		return 0
	}
	return int(v)
}

// plan reads what cacheEncoder.plan wrote.
func (d *cacheDecoder) plan() *Plan {
	if d.uint() != 1 || d.err != nil {
		return nil
	}
	pl := &Plan{line: d.int()}
	n := d.uint()
	if n > MaxFocus*4 {
		d.err = errBadCache
		return nil
	}
	for i := 0; i < n && d.err == nil; i++ {
		pl.Focus = append(pl.Focus, ActivityRef{Framework: d.str(), Skill: d.str(), Activity: d.str()})
		pl.focusLines = append(pl.focusLines, d.int())
	}
	pl.Text, pl.textLine = d.str(), d.int()
	pl.LineManager, pl.managerLine = d.str(), d.int()
	return pl
}

func (d *cacheDecoder) str() string {
	i := d.uint()
	if d.err != nil || i >= len(d.strings) {
		d.err = fmt.Errorf("%w: string %d of %d", errBadCache, i, len(d.strings))
		return ""
	}
	return d.strings[i]
}

func (d *cacheDecoder) bytes() []byte {
	n := d.uint()
	if d.err != nil || n > MaxFileSize {
		d.err = errBadCache
		return nil
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.err = errBadCache
	}
	return b
}
