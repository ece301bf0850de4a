package gitstore

// TrustAdvice says how to make this computer trust a private or company
// certificate authority. On Windows Go asks the system to verify
// certificates, and SSL_CERT_FILE is not read.
const TrustAdvice = "to trust its certificate authority, add the CA's certificate to the Windows certificate store (Trusted Root Certification Authorities, with certmgr or by opening the .crt file); your IT team may do this for you"
