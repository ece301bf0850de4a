//go:build !windows

package gitstore

// systemConfigFiles are where git installations keep the system-wide
// configuration: /etc for most, Homebrew's prefixes on macOS.
func systemConfigFiles() []string {
	return []string{"/etc/gitconfig", "/opt/homebrew/etc/gitconfig", "/usr/local/etc/gitconfig"}
}
