//go:build unix

package gittest

import (
	"os/exec"
	"syscall"
)

// newProcessGroup starts cmd in a process group of its own, so that it and
// the processes it starts can be stopped together.
func newProcessGroup(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

// killProcessGroup kills cmd's process group.
func killProcessGroup(cmd *exec.Cmd) { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
