package gitstore

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
)

// CertificateError means an HTTPS server's certificate is not trusted
// here: signed by an authority this computer does not know (a private or
// company CA, UnknownCA), or for another name, or out of date.
type CertificateError struct {
	UnknownCA bool
	Err       error // crypto/x509's own words
}

func (e *CertificateError) Error() string {
	if e.UnknownCA {
		return "its certificate is signed by an authority this computer does not trust (a private or company CA)"
	}
	return fmt.Sprintf("its certificate is not valid for it: %v", e.Err)
}

func (e *CertificateError) Unwrap() error { return e.Err }

// classify sorts out the failures that go-git's own words describe badly:
// a host key or certificate that is not trusted (not "try again later"),
// and an HTTP status whose error carries the server's whole error page,
// which is cut to one line.
func classify(rawURL string, err error) (RemoteErrorKind, error, bool) {
	if hk, ok := as[*HostKeyError](err); ok {
		return KindHostKey, hk, true
	}
	if strings.Contains(err.Error(), "no common algorithm for host key") {
		return KindHostKey, hostKeyTypeGone(rawURL), true
	}
	if ua, ok := as[x509.UnknownAuthorityError](err); ok {
		return KindCertificate, &CertificateError{UnknownCA: true, Err: ua}, true
	}
	if he, ok := as[x509.HostnameError](err); ok {
		return KindCertificate, &CertificateError{Err: he}, true
	}
	if ce, ok := as[x509.CertificateInvalidError](err); ok {
		return KindCertificate, &CertificateError{Err: ce}, true
	}
	// go-git appends the body of an HTTP error to these.
	for _, s := range []struct {
		err  error
		kind RemoteErrorKind
	}{
		{transport.ErrAuthenticationRequired, KindAuth},
		{transport.ErrAuthorizationFailed, KindAuth},
		{transport.ErrRepositoryNotFound, KindNotFound},
	} {
		if errors.Is(err, s.err) {
			return s.kind, s.err, true
		}
	}
	if he, ok := as[*githttp.Err](err); ok && he.Response != nil {
		code := he.Response.StatusCode
		return KindUnreachable, fmt.Errorf("the server answered HTTP %d %s", code, http.StatusText(code)), true
	}
	return 0, nil, false
}

// as is errors.As that also looks inside go-git's UnexpectedError and
// PermanentError, which wrap an error without unwrapping to it.
func as[T any](err error) (T, bool) {
	var t T
	for i := 0; err != nil && i < 10; i++ {
		if errors.As(err, &t) {
			return t, true
		}
		var ue *plumbing.UnexpectedError
		var pe *plumbing.PermanentError
		switch {
		case errors.As(err, &ue):
			err = ue.Err
		case errors.As(err, &pe):
			err = pe.Err
		default:
			return t, false
		}
	}
	return t, false
}
