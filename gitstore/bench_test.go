package gitstore

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Benchmarks of the Git side at a size CI can afford once (-benchtime=1x);
// scripts/bench.sh measures the full-size workshop. See docs/performance.md.

const (
	benchFiles   = 1000
	benchCommits = 1000
)

// benchRepo makes a repository of benchFiles response files and
// benchCommits single-file commits, written as the demo writes them.
func benchRepo(b *testing.B) (*Repo, string) {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "ws")
	r, err := Init(dir)
	if err != nil {
		b.Fatal(err)
	}
	batch, err := r.NewBatch()
	if err != nil {
		b.Fatal(err)
	}
	var files []File
	for i := range benchFiles {
		files = append(files, File{Path: fmt.Sprintf("responses/participant-%05d.yaml", i), Data: benchData(i, 0)})
	}
	when := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := batch.Commit(files, Signature{Name: "F", Email: "f@example.org", When: when}, "add"); err != nil {
		b.Fatal(err)
	}
	for i := range benchCommits {
		f := File{Path: fmt.Sprintf("responses/participant-%05d.yaml", i%benchFiles), Data: benchData(i, 1+i/benchFiles)}
		if _, err := batch.Commit([]File{f}, Signature{Name: "P", Email: "p@example.org", When: when.Add(time.Duration(i) * time.Minute)}, "submit"); err != nil {
			b.Fatal(err)
		}
	}
	if err := batch.Finish(); err != nil {
		b.Fatal(err)
	}
	return r, dir
}

func benchData(i, version int) []byte {
	return fmt.Appendf(nil, "schema: 1\nparticipant:\n  id: participant-%05d\nratings: %d\n%s", i, version, "")
}

func BenchmarkBatchCommits(b *testing.B) {
	for b.Loop() {
		benchRepo(b)
	}
}

// BenchmarkCommitOneFile is "submit": one file into a repository of
// benchFiles files, which must not scan the working tree.
func BenchmarkCommitOneFile(b *testing.B) {
	r, _ := benchRepo(b)
	i := 0
	for b.Loop() {
		i++
		if _, err := r.Commit([]File{{Path: "responses/participant-00007.yaml", Data: benchData(7, 100+i)}}, ana, "submit"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFolderHistory(b *testing.B) {
	r, _ := benchRepo(b)
	s, err := r.At("HEAD")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			os.RemoveAll(r.CacheDir())
			if logs, err := s.FolderHistory("responses"); err != nil || len(logs) != benchFiles {
				b.Fatal(len(logs), err)
			}
		}
	})
	b.Run("one-more-commit", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			b.StopTimer()
			cur, err := r.At("HEAD")
			if err != nil {
				b.Fatal(err)
			}
			if _, err := cur.FolderHistory("responses"); err != nil {
				b.Fatal(err)
			}
			if _, err := r.Commit([]File{{Path: "responses/participant-00001.yaml", Data: fmt.Appendf(nil, "version %d", i)}}, ana, "one more"); err != nil {
				b.Fatal(err)
			}
			next, err := r.At("HEAD")
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if _, err := next.FolderHistory("responses"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkReadBlobs(b *testing.B) {
	r, _ := benchRepo(b)
	s, err := r.At("HEAD")
	if err != nil {
		b.Fatal(err)
	}
	entries, err := s.Dir("responses")
	if err != nil {
		b.Fatal(err)
	}
	var hashes []Hash
	for _, e := range entries {
		hashes = append(hashes, e.Hash)
	}
	b.Run("ReadBlobs", func(b *testing.B) {
		for b.Loop() {
			r.ReadBlobs(hashes, -1, nil)
		}
	})
	b.Run("ReadBlob-each", func(b *testing.B) {
		for b.Loop() {
			for _, h := range hashes {
				if _, err := r.ReadBlob(h, -1); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
