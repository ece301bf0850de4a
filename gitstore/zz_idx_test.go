package gitstore

import (
	"os"
	"testing"
	"time"
)

func TestZZIndexPack(t *testing.T) {
	p := os.Getenv("PACK")
	if p == "" {
		t.Skip()
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	e, _, err := indexPack(f, DefaultMaxBlob)
	t.Log(len(e), err, time.Since(start))
}
