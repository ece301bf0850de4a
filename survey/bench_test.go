package survey

import (
	"fmt"
	"testing"
)

// Benchmarks of reading response files; see docs/performance.md. CI runs
// them once each (-benchtime=1x), so each iteration is kept small.

func benchFiles(b *testing.B, n int) (*Workshop, *Framework, []SourceFile) {
	b.Helper()
	w, fw := testWorkshop(), embeddedFramework(b)
	var files []SourceFile
	for _, s := range Synthesize(w, fw, n, 1) {
		files = append(files, SourceFile{Name: s.Response.File, Data: RenderResponse(w, fw, s.Response)})
	}
	return w, fw, files
}

func BenchmarkParseResponse(b *testing.B) {
	_, _, files := benchFiles(b, 1)
	b.SetBytes(int64(len(files[0].Data)))
	for b.Loop() {
		if _, ps := ParseResponse(files[0].Name, files[0].Data); ps != nil {
			b.Fatal(ps)
		}
	}
}

// BenchmarkParseResponseYAML is the YAML path, for comparison: what every
// file cost before the fast path, and what a hand-edited file costs now.
func BenchmarkParseResponseYAML(b *testing.B) {
	_, _, files := benchFiles(b, 1)
	b.SetBytes(int64(len(files[0].Data)))
	for b.Loop() {
		if _, ps := parseYAML(files[0].Name, files[0].Data); ps != nil {
			b.Fatal(ps)
		}
	}
}

func BenchmarkCheckResponses(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			w, fw, files := benchFiles(b, n)
			var size int64
			for _, f := range files {
				size += int64(len(f.Data))
			}
			b.SetBytes(size)
			for b.Loop() {
				if c := CheckResponses(w, fw, files); len(c.Valid) != n {
					b.Fatalf("%d valid of %d", len(c.Valid), n)
				}
			}
		})
	}
}
