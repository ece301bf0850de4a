package gitstore

// TestHook, when set, is called at the named points of a sync, so that
// tests can stop a server or kill the process there and check that nothing
// is lost. Only skillmap's own tests set it; a released binary never does.
//
// The points, in order: "after-fetch" (the remote's commits are in the
// object store, nothing else changed), "before-push" (the commits to push
// are built), "after-push" (the remote has them, the local branch has not
// moved yet), "before-index" (working-tree files of a move are written,
// the index is not), "before-ref" (files and index written, the branch not
// moved). The command layer adds its own ("after-commit").
var TestHook func(point string)

// Checkpoint calls TestHook, if set, with the name of the point reached.
func Checkpoint(point string) {
	if TestHook != nil {
		TestHook(point)
	}
}
