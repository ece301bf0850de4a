package gitstore

// TrustAdvice says how to make this computer trust a private or company
// certificate authority. On macOS Go asks the system to verify
// certificates, and SSL_CERT_FILE is not read.
const TrustAdvice = "to trust its certificate authority, add the CA's certificate to the macOS keychain (open it in Keychain Access, in the System keychain, and set it to Always Trust); your IT team may do this for you"
