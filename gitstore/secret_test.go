package gitstore

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestSecretKey: a key is made once, kept outside the working tree, read
// back the same, and renewed only when asked; many callers at once all
// get the one key.
func TestSecretKey(t *testing.T) {
	dir := t.TempDir()
	r, err := Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([][]byte, 16)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k, err := r.SecretKey("test", 32, false)
			if err != nil {
				t.Error(err)
			}
			keys[i] = k
		}()
	}
	wg.Wait()
	for _, k := range keys {
		if len(k) != 32 || !bytes.Equal(k, keys[0]) {
			t.Fatalf("keys differ: %x, %x", k, keys[0])
		}
	}
	path := filepath.Join(dir, ".git", "skillmap-test.key")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm()&0o077 != 0 && os.PathSeparator == '/' {
		t.Errorf("the key file is %v: readable by others", fi.Mode().Perm())
	}
	renewed, err := r.SecretKey("test", 32, true)
	if err != nil || bytes.Equal(renewed, keys[0]) {
		t.Fatalf("renew: %v", err)
	}
	again, err := r.SecretKey("test", 32, false)
	if err != nil || !bytes.Equal(again, renewed) {
		t.Fatalf("after renewing: %x, want %x (%v)", again, renewed, err)
	}
	if err := os.WriteFile(path, []byte("not hex\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := r.SecretKey("test", 32, false); err == nil {
		t.Error("a damaged key was accepted")
	}
	matches, _ := filepath.Glob(filepath.Join(dir, ".git", ".skillmap-key-*"))
	if len(matches) > 0 {
		t.Errorf("temporary files left: %v", matches)
	}
}
