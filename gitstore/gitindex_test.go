package gitstore

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/skillmap/skillmap/internal/gittest"
)

// ewah encodes words as git's EWAH bitmaps: bit size, word count, words,
// and the position of the last run word.
func ewah(bitSize uint32, words ...uint64) []byte {
	b := binary.BigEndian.AppendUint32(nil, bitSize)
	b = binary.BigEndian.AppendUint32(b, uint32(len(words)))
	for _, w := range words {
		b = binary.BigEndian.AppendUint64(b, w)
	}
	return binary.BigEndian.AppendUint32(b, 0)
}

func TestParseEWAH(t *testing.T) {
	// A run of two words of ones, then one literal word: bits 0-127, then
	// 128 and 130.
	rlw := uint64(1) | uint64(2)<<1 | uint64(1)<<33
	got, err := parseEWAH(ewah(131, rlw, 0b101), 1000)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]int, 0, 130)
	for i := range 128 {
		want = append(want, i)
	}
	want = append(want, 128, 130)
	if !slices.Equal(got, want) {
		t.Fatalf("bits %v", got)
	}
	// A run of zeros skips; bits past the index it describes are refused.
	if got, err := parseEWAH(ewah(200, uint64(2)<<1|uint64(1)<<33, 0b1), 1000); err != nil || !slices.Equal(got, []int{128}) {
		t.Fatalf("bits %v, %v", got, err)
	}
	if _, err := parseEWAH(ewah(1<<31, uint64(1)|uint64(1<<31)<<1), 100); err == nil {
		t.Fatal("a run of ones past the index was accepted")
	}
}

// A split index over a shared one of more than 64 entries, most of them
// replaced (a run in the bitmap), read as git reads it.
func TestSplitIndexWithRuns(t *testing.T) {
	_, dir := newRepo(t)
	for i := range 300 {
		write(t, dir, fmt.Sprintf("many/f%03d.txt", i), "v1\n")
	}
	runGit(t, dir, "add", "-A")
	runGit(t, dir, "commit", "-q", "-m", "many")
	runGit(t, dir, "config", "core.splitIndex", "true")
	runGit(t, dir, "config", "splitIndex.maxPercentChange", "100")
	runGit(t, dir, "update-index", "--split-index")
	// Entries 64 to 255 are all replaced: whole words of ones, which
	// EWAH writes as a run.
	for i := 1; i < 300; i++ {
		write(t, dir, fmt.Sprintf("many/f%03d.txt", i), "v2\n")
	}
	runGit(t, dir, "rm", "-q", "many/f000.txt")
	runGit(t, dir, "add", "-A")
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".git/sharedindex.*")); len(m) == 0 {
		t.Fatal("git wrote no shared index")
	}
	raw, _ := os.ReadFile(filepath.Join(dir, ".git/index"))
	_, link, err := decodeIndex(raw)
	if err != nil || link == nil || len(link.replace) < 20 {
		t.Fatalf("not a split index with replacements: %v", err)
	}
	words := int(binary.BigEndian.Uint32(link.replace[4:]))
	run := false
	for i := 0; i < words; {
		rlw := binary.BigEndian.Uint64(link.replace[8+8*i:])
		run = run || (rlw&1 != 0 && rlw>>1&0xffffffff != 0)
		i += 1 + int(rlw>>33)
	}
	if !run {
		t.Fatalf("the replacements have no run of ones (%x): the test needs one", link.replace)
	}
	idx, err := r.readIndex()
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for _, e := range idx.Entries {
		fmt.Fprintf(&got, "%o %s %d\t%s\n", e.Mode, e.Hash, e.Stage, e.Name)
	}
	if want := gittest.Git(t, dir, "ls-files", "--stage"); got.String() != want {
		t.Fatalf("the index read:\n%s\ngit ls-files --stage:\n%s", got.String(), want)
	}
	if _, err := r.Commit([]File{{Path: "responses/a.yaml", Data: []byte("a: 9\n")}}, ana, "Submit"); err != nil {
		t.Fatal(err)
	}
	runGit(t, dir, "commit", "-q", "-m", "the staged changes")
	checkRepo(t, dir)
}
