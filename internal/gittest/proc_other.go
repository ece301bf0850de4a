//go:build !unix

package gittest

import "os/exec"

// newProcessGroup does nothing where there are no process groups.
func newProcessGroup(*exec.Cmd) {}

// killProcessGroup kills the process only: git daemon's children end when
// their connection closes.
func killProcessGroup(cmd *exec.Cmd) { _ = cmd.Process.Kill() }
