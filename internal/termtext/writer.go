package termtext

import (
	"io"
	"sync"
	"unicode/utf8"
)

// Writer guards a stream such as stdout: whatever is written through it
// reaches the terminal with every control character but the line break and
// the tab escaped, as Text escapes them, so that a string no formatter
// thought to escape still cannot move the cursor or write the clipboard.
//
// Its escapes are ones JSON reads back as the same character (\u001b,
// \u009b, \u202e), so JSON written through it stays valid and means the
// same; encoding/json already escapes the C0 controls, and the Writer
// escapes the C1 and bidi controls it leaves. Binary output (a workbook)
// must not go through it.
//
// A character split across two writes is held back until the second; Flush
// writes what is held when no more is coming. Safe for concurrent use.
type Writer struct {
	mu      sync.Mutex
	w       io.Writer
	pending []byte // the start of a character the next write may complete
	buf     []byte
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: w}
}

// Write writes p with its control characters escaped. It reports all of p
// written unless the stream below fails.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	data := p
	if len(w.pending) > 0 {
		data = append(w.pending, p...)
		w.pending = nil
	}
	out := w.buf[:0]
	start := 0 // data[start:i] is safe and not yet copied to out
	i := 0
	for i < len(data) {
		c := data[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' {
			i++
			continue
		}
		if c >= 0x80 && !utf8.FullRune(data[i:]) {
			// The first bytes of a character: hold them for the next write.
			w.pending = append([]byte(nil), data[i:]...)
			break
		}
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			out = append(out, data[start:i]...)
			out = appendByteEscape(out, c)
			start = i + 1
		case unsafe(r, true):
			out = append(out, data[start:i]...)
			out = appendRuneEscape(out, r, true)
			start = i + size
		}
		i += size
	}
	if start == 0 && len(out) == 0 && i == len(p) && len(data) == len(p) {
		// Nothing escaped or held: write p itself.
		_, err := w.w.Write(p)
		return w.result(len(p), err)
	}
	out = append(out, data[start:i]...)
	w.buf = out
	if len(out) == 0 {
		return len(p), nil
	}
	_, err := w.w.Write(out)
	return w.result(len(p), err)
}

func (w *Writer) result(n int, err error) (int, error) {
	if cap(w.buf) > 64<<10 {
		w.buf = nil // do not keep a large buffer for the rest of the run
	}
	if err != nil {
		return 0, err
	}
	return n, nil
}

// Flush writes the bytes held back for a character no write completed, as
// escapes (they are not UTF-8).
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.pending) == 0 {
		return nil
	}
	var out []byte
	for _, c := range w.pending {
		out = appendByteEscape(out, c)
	}
	w.pending = nil
	_, err := w.w.Write(out)
	return err
}
