package gitstore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
)

func TestHostNotFound(t *testing.T) {
	wrapped := &RemoteError{Op: "fetch from", URL: "https://nope.invalid/x.git", Err: fmt.Errorf("get: %w", &net.DNSError{Err: "no such host", Name: "nope.invalid", IsNotFound: true})}
	if host, ok := HostNotFound(wrapped); !ok || host != "nope.invalid" {
		t.Errorf("wrapped DNS error: %q %v", host, ok)
	}
	text := errors.New(`Get "https://nope.invalid/x.git/info/refs": dial tcp: lookup nope.invalid on 10.0.0.53:53: no such host`)
	if host, ok := HostNotFound(text); !ok || host != "nope.invalid" {
		t.Errorf("text of a DNS error: %q %v", host, ok)
	}
	if _, ok := HostNotFound(context.DeadlineExceeded); ok {
		t.Error("a timeout is not an unknown host")
	}
}
