package gitstore

import (
	"errors"
	"net"
	"strings"
)

// HostNotFound says whether a remote failed because its host name could
// not be found (a typing slip in the URL, or a host that does not exist),
// which trying again later will not mend; and which host.
func HostNotFound(err error) (string, bool) {
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound {
		return dns.Name, true
	}
	// Some transports keep only the text of the resolver's error.
	msg := err.Error()
	if i := strings.Index(msg, ": no such host"); i >= 0 {
		if j := strings.LastIndex(msg[:i], "lookup "); j >= 0 {
			host, _, _ := strings.Cut(msg[j+len("lookup "):i], " ")
			return host, true
		}
		return "", true
	}
	return "", false
}
