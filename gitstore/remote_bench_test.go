package gitstore

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/skillmap/skillmap/internal/gittest"
)

// BenchmarkSubmitOnBusyRemote is one participant's submit in a workshop of
// 2,000 participants with a commit each, when someone else pushed since
// the last sync: commit, fetch, rebuild on the new head, push, move the
// working copy. It should not grow with the history.
func BenchmarkSubmitOnBusyRemote(b *testing.B) {
	const people = 2000
	root := b.TempDir()
	bare := gittest.Bare(b, root, "ws")
	var stream bytes.Buffer
	when := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC).Unix()
	for i := 0; i < people; i++ {
		data := fmt.Sprintf("participant: p%04d\nratings: {}\n", i)
		fmt.Fprintf(&stream, "commit refs/heads/main\ncommitter P%04d <p%04d@example.org> %d +0000\ndata 7\nSubmit\n", i, i, when+int64(i))
		fmt.Fprintf(&stream, "M 100644 inline responses/p%04d.yaml\ndata %d\n%s\n", i, len(data), data)
	}
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir = bare
	cmd.Env = gittest.Env(b.TempDir())
	cmd.Stdin = &stream
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("fast-import: %v\n%s", err, out)
	}
	d := gittest.StartDaemon(b, root)
	me, err := Clone(ctx, d.URL("ws"), filepath.Join(b.TempDir(), "me"), Credentials{})
	if err != nil {
		b.Fatal(err)
	}
	other, err := Clone(ctx, d.URL("ws"), filepath.Join(b.TempDir(), "other"), Credentials{})
	if err != nil {
		b.Fatal(err)
	}
	sig := Signature{Name: "P0001", Email: "p0001@example.org"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if _, err := other.Commit([]File{{Path: "responses/p0002.yaml", Data: fmt.Appendf(nil, "round: %d\n", i)}}, sig, "Other"); err != nil {
			b.Fatal(err)
		}
		if _, err := other.Sync(ctx, SyncOptions{}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := me.Commit([]File{{Path: "responses/p0001.yaml", Data: fmt.Appendf(nil, "mine: %d\n", i)}}, sig, "Mine"); err != nil {
			b.Fatal(err)
		}
		res, err := me.Sync(ctx, SyncOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if res.Rebuilt != 1 || res.Pushed != 1 {
			b.Fatalf("rebuilt %d, pushed %d", res.Rebuilt, res.Pushed)
		}
	}
}
