package main

import (
	"strings"

	"github.com/skillmap/skillmap/gitstore"
)

// lookPastUpgrades replaces the log of each file whose last change was a
// framework upgrade (which re-renders every response file, and is nobody's
// submission) with its log as of just before that commit, so that status
// reports when the participant last submitted. An upgrade changes
// framework.yaml, so only the commits that did are read for its trailer
// (a cached walk); upgrades are rare, and each costs one more walk of the
// history.
func lookPastUpgrades(repo *gitstore.Repo, snap *gitstore.Snapshot, dir string, logs map[string]*gitstore.FileLog) map[string]*gitstore.FileLog {
	upgrade := map[gitstore.Hash]bool{}
	if changes, err := snap.WalkChanges(frameworkFile); err == nil {
		for _, c := range changes {
			if strings.Contains(c.Message, "\n"+upgradeTrailer+" ") {
				upgrade[c.Commit] = true
			}
		}
	}
	if len(upgrade) == 0 {
		return logs
	}
	isUpgrade := func(h gitstore.Hash) bool { return upgrade[h] }
	before := map[gitstore.Hash]map[string]*gitstore.FileLog{}
	logsBefore := func(h gitstore.Hash) map[string]*gitstore.FileLog {
		if l, ok := before[h]; ok {
			return l
		}
		var l map[string]*gitstore.FileLog
		if snap, err := repo.At(h.String() + "^"); err == nil {
			l, _ = snap.FolderHistory(dir)
		}
		before[h] = l
		return l
	}
	out := make(map[string]*gitstore.FileLog, len(logs))
	for name, l := range logs {
		for l != nil && isUpgrade(l.LastAt) {
			prev := logsBefore(l.LastAt)[name]
			if prev == nil {
				break // the upgrade made the file: keep what we have
			}
			l = prev
		}
		out[name] = l
	}
	return out
}
