//go:build !darwin && !windows

package gitstore

// TrustAdvice says how to make this computer trust a private or company
// certificate authority. Go reads SSL_CERT_FILE and SSL_CERT_DIR here,
// and the system's CA bundle.
const TrustAdvice = "to trust its certificate authority, set SSL_CERT_FILE to the CA's certificate (a PEM file), or SSL_CERT_DIR to a folder holding it; or add it to the system's trust store (update-ca-certificates on Debian and Ubuntu)"
