package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/skillmap/skillmap/gitstore"
	"github.com/skillmap/skillmap/internal/gittest"
)

// These tests share workshops through real Git servers on loopback: the
// real git daemon (git://) and git http-backend behind net/http/cgi (smart
// HTTP), serving bare repositories. skillmap runs in-process (run), or as
// a subprocess where a process must be killed.

type result struct {
	out, err string
	code     int
}

// sm runs skillmap in-process, as a goroutine may.
func sm(args ...string) result {
	var o, e bytes.Buffer
	code := run(args, &streams{In: strings.NewReader(""), Out: &o, Err: &e})
	return result{o.String(), e.String(), code}
}

func mustSM(t *testing.T, args ...string) result {
	t.Helper()
	r := sm(args...)
	if r.code != 0 {
		t.Fatalf("skillmap %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, r.out, r.err)
	}
	return r
}

// gitHome gives skillmap (go-git) and the real git a home of their own,
// with the identity of testGitConfig.
func gitHome(t *testing.T) string {
	t.Helper()
	gittest.Need(t)
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte(testGitConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	for _, v := range []string{envToken, envUsername, envPassword, envSSHKey, envSSHPassphrase} {
		t.Setenv(v, "")
	}
	return home
}

type person struct{ id, email string }

// sharedWorkshop makes a workshop with n participants and pushes it to the
// empty remote at url, as a facilitator would.
func sharedWorkshop(t *testing.T, url string, n int) (fac string, people []person) {
	t.Helper()
	dir := t.TempDir()
	fac = filepath.Join(dir, "facilitator")
	mustSM(t, "init", fac, "--title", "Shared", "--facilitator", "Ana Ruiz <ana@example.org>", "--facilitator", "Tess Tester <tester@example.org>", "--remote", url)
	roles := []string{"associate-product-manager", "product-manager", "senior-product-manager", "lead-product-manager", "head-of-product"}
	csv := "name,email,role\n"
	for i := 1; i <= n; i++ {
		p := person{fmt.Sprintf("person-%02d", i), fmt.Sprintf("p%02d@example.org", i)}
		people = append(people, p)
		csv += fmt.Sprintf("Person %02d,%s,%s\n", i, p.email, roles[i%len(roles)])
	}
	if err := os.WriteFile(filepath.Join(dir, "people.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	mustSM(t, "-C", fac, "add", "--from", filepath.Join(dir, "people.csv"))
	mustSM(t, "-C", fac, "sync")
	return fac, people
}

var emptyRating = regexp.MustCompile(`(?m)^([ \t]+rating:)[ \t]*$`)

// fill rates every activity in a response file, differently for each seed,
// and returns the new content.
func fill(t *testing.T, file string, seed int) []byte {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	n := seed
	data = emptyRating.ReplaceAllFunc(data, func(m []byte) []byte {
		n++
		return fmt.Appendf(nil, "%s %d", bytes.TrimRight(m, " \t"), n%5)
	})
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}

func rev(t *testing.T, dir, r string) string {
	t.Helper()
	return strings.TrimSpace(gittest.Git(t, dir, "rev-parse", r))
}

func show(t *testing.T, dir, spec string) string {
	t.Helper()
	return gittest.Git(t, dir, "show", spec)
}

func clean(t *testing.T, dir string) {
	t.Helper()
	if st := gittest.Git(t, dir, "status", "--porcelain"); st != "" {
		t.Errorf("git status in %s is not clean:\n%s", dir, st)
	}
}

// TestConcurrentSubmits: 20 participants, each in their own clone, submit
// at the same moment. Every response reaches the remote, no push ever
// replaces what another pushed (every head the remote had is an ancestor
// of the last), and the remote passes git fsck --strict.
func TestConcurrentSubmits(t *testing.T) {
	for _, transport := range []string{"git-daemon", "smart-http", "ssh"} {
		t.Run(transport, func(t *testing.T) {
			gitHome(t)
			root := t.TempDir()
			bare := gittest.Bare(t, root, "ws")
			var url string
			var sshSrv *gittest.SSHServer
			switch transport {
			case "git-daemon":
				url = gittest.StartDaemon(t, root).URL("ws")
			case "smart-http":
				url = gittest.StartHTTP(t, root, gittest.HTTPOptions{}).URL("ws")
			case "ssh":
				key := gittest.NewSSHKey(t, t.TempDir(), "id_ed25519")
				sshSrv = gittest.StartSSH(t, root, key.Public)
				known := filepath.Join(t.TempDir(), "known_hosts")
				writeFile(t, known, []byte(sshSrv.KnownHosts+"\n"))
				t.Setenv("SSH_KNOWN_HOSTS", known)
				t.Setenv("SSH_AUTH_SOCK", "")
				t.Setenv(envSSHKey, key.File)
				url = sshSrv.URL("ws")
			}
			const n = 20
			_, people := sharedWorkshop(t, url, n)
			clones := t.TempDir()
			want := make([][]byte, n)
			dirs := make([]string, n)
			for i, p := range people {
				dirs[i] = filepath.Join(clones, p.id)
				mustSM(t, "join", url, dirs[i])
				want[i] = fill(t, filepath.Join(dirs[i], "responses", p.id+".yaml"), i)
			}
			start := rev(t, bare, "main")

			// Watch the remote's branch while they push.
			var heads []string
			stop := make(chan struct{})
			watched := make(chan struct{})
			go func() {
				defer close(watched)
				seen := map[string]bool{}
				for i := 0; i < 100_000; i++ {
					if out, err := gittest.TryGit(bare, "rev-parse", "main"); err == nil {
						if h := strings.TrimSpace(out); !seen[h] {
							seen[h] = true
							heads = append(heads, h)
						}
					}
					select {
					case <-stop:
						return
					case <-time.After(5 * time.Millisecond):
					}
				}
			}()

			results := make([]result, n)
			took := make([]time.Duration, n)
			var wg sync.WaitGroup
			gate := make(chan struct{})
			var uploads, receives, packs int64
			if sshSrv != nil {
				uploads, receives, packs = sshSrv.Uploads.Load(), sshSrv.Receives.Load(), sshSrv.Packs.Load()
			}
			for i, p := range people {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-gate
					began := time.Now()
					results[i] = sm("-C", dirs[i], "submit", "--as", p.id)
					took[i] = time.Since(began)
				}()
			}
			began := time.Now()
			close(gate)
			wg.Wait()
			close(stop)
			<-watched
			retries := 0
			for _, r := range results {
				retries += strings.Count(r.err, "trying again")
			}
			slices.Sort(took)
			t.Logf("%d concurrent submits over %s took %s (median submit %s, slowest %s); %d retries",
				n, transport, time.Since(began).Round(time.Millisecond), took[n/2].Round(time.Millisecond), took[n-1].Round(time.Millisecond), retries)
			if sshSrv != nil {
				t.Logf("the server ran %d fetches (git-upload-pack) and %d push connections (git-receive-pack), %d of which sent a pack",
					sshSrv.Uploads.Load()-uploads, sshSrv.Receives.Load()-receives, sshSrv.Packs.Load()-packs)
			}

			for i, r := range results {
				if r.code != 0 || !strings.Contains(r.out, "submitted "+people[i].id) || !strings.Contains(r.out, "pushed to origin") {
					t.Errorf("%s: exit %d\n%s%s", people[i].id, r.code, r.out, r.err)
				}
			}
			final := rev(t, bare, "main")
			heads = append([]string{start}, heads...)
			for _, h := range heads {
				if _, err := gittest.TryGit(bare, "merge-base", "--is-ancestor", h, final); err != nil {
					t.Errorf("remote head %s is not an ancestor of the final %s: a push replaced history", h, final)
				}
			}
			for i, p := range people {
				if got := show(t, bare, "main:responses/"+p.id+".yaml"); got != string(want[i]) {
					t.Errorf("%s's response on the remote is not what they wrote", p.id)
				}
			}
			// One commit each, in a straight line: none lost, none twice.
			if got := strings.TrimSpace(gittest.Git(t, bare, "rev-list", "--count", start+".."+final)); got != fmt.Sprint(n) {
				t.Errorf("%s new commits on the remote, want %d", got, n)
			}
			if merges := gittest.Git(t, bare, "rev-list", "--merges", "main"); merges != "" {
				t.Errorf("merge commits on the remote:\n%s", merges)
			}
			authors := gittest.Git(t, bare, "log", "--format=%ae", start+".."+final)
			for _, p := range people {
				if strings.Count(authors, p.email+"\n") != 1 {
					t.Errorf("%s authored %d commits, want 1", p.email, strings.Count(authors, p.email+"\n"))
				}
			}
			gittest.Fsck(t, bare)
			// Every clone is sound and comes up to date with one sync.
			for _, i := range []int{0, n / 2, n - 1} {
				gittest.Fsck(t, dirs[i])
				mustSM(t, "-C", dirs[i], "sync")
				if got := rev(t, dirs[i], "HEAD"); got != final {
					t.Errorf("clone %d at %s after sync, remote at %s", i, got, final)
				}
				clean(t, dirs[i])
			}
		})
	}
}

// TestPlainGitPushInBetween: someone pushes with plain git between
// skillmap's fetch and its push. Their commit stays as it is, in the
// history, and skillmap's goes on top of it.
func TestPlainGitPushInBetween(t *testing.T) {
	gitHome(t)
	root := t.TempDir()
	bare := gittest.Bare(t, root, "ws")
	url := gittest.StartDaemon(t, root).URL("ws")
	_, people := sharedWorkshop(t, url, 2)
	jane, bob := people[0], people[1]
	janeDir := filepath.Join(t.TempDir(), "jane")
	mustSM(t, "join", url, janeDir)
	bobDir := filepath.Join(t.TempDir(), "bob")
	gittest.Git(t, root, "clone", "-q", url, bobDir)
	janeWants := fill(t, filepath.Join(janeDir, "responses", jane.id+".yaml"), 1)
	bobWants := fill(t, filepath.Join(bobDir, "responses", bob.id+".yaml"), 2)

	var bobCommit string
	gitstore.TestHook = func(point string) {
		if point == "before-push" && bobCommit == "" {
			gittest.Git(t, bobDir, "commit", "-qam", "Bob's answers, with plain git")
			gittest.Git(t, bobDir, "push", "-q", "origin", "main")
			bobCommit = rev(t, bobDir, "HEAD")
		}
	}
	t.Cleanup(func() { gitstore.TestHook = nil })
	r := mustSM(t, "-C", janeDir, "submit", "--as", jane.id)
	if !strings.Contains(r.err, "the remote moved on meanwhile: trying again") {
		t.Errorf("no retry reported:\n%s", r.err)
	}
	final := rev(t, bare, "main")
	gittest.Git(t, bare, "merge-base", "--is-ancestor", bobCommit, final)
	if got := rev(t, bare, "main~1"); got != bobCommit {
		t.Errorf("jane's commit is not right on top of bob's: main~1 = %s, bob pushed %s", got, bobCommit)
	}
	if got := show(t, bare, "main:responses/"+bob.id+".yaml"); got != string(bobWants) {
		t.Error("bob's answers were overwritten")
	}
	if got := show(t, bare, "main:responses/"+jane.id+".yaml"); got != string(janeWants) {
		t.Error("jane's answers are not on the remote")
	}
	if got := gittest.Git(t, bare, "log", "-1", "--format=%an <%ae>|%s", "main"); got != "Person 01 <p01@example.org>|Submit self-assessment of Person 01 (product-manager)\n" {
		t.Errorf("jane's commit: %q", got)
	}
	gittest.Fsck(t, bare)
	clean(t, janeDir)
	// Bob's plain git pulls jane's commit without a merge.
	gittest.Git(t, bobDir, "pull", "-q", "--ff-only")
	if got := rev(t, bobDir, "HEAD"); got != final {
		t.Errorf("bob's git pull ended at %s, want %s", got, final)
	}
}

// TestRemoteChangedOwnFile: the facilitator fixes a participant's file on
// the remote; the participant's submit stops with a clear message and
// keeps both versions.
func TestRemoteChangedOwnFile(t *testing.T) {
	gitHome(t)
	root := t.TempDir()
	bare := gittest.Bare(t, root, "ws")
	url := gittest.StartHTTP(t, root, gittest.HTTPOptions{}).URL("ws")
	fac, people := sharedWorkshop(t, url, 2)
	jane := people[0]
	janeDir := filepath.Join(t.TempDir(), "jane")
	mustSM(t, "join", url, janeDir)
	file := "responses/" + jane.id + ".yaml"

	facVersion := bytes.Replace(readFile(t, filepath.Join(fac, file)), []byte("name: Person 01"), []byte("name: Person 01 (fixed)"), 1)
	writeFile(t, filepath.Join(fac, file), facVersion)
	gittest.Git(t, fac, "commit", "-qa", "--author", "Ana Ruiz <ana@example.org>", "-m", "Fix the name of Person 01")
	mustSM(t, "-C", fac, "sync")
	before := rev(t, bare, "main")

	mine := fill(t, filepath.Join(janeDir, file), 3)
	r := sm("-C", janeDir, "submit", "--as", jane.id)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", r.code, r.out, r.err)
	}
	for _, want := range []string{
		"not submitted: " + file + ` was also changed on the remote, by Ana Ruiz ("Fix the name of Person 01")`,
		"your version:         " + file + " (as you left it)",
		"the remote's version: responses/" + jane.id + ".remote.yaml",
		"then run skillmap submit again",
	} {
		if !strings.Contains(r.err, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.err)
		}
	}
	if rev(t, bare, "main") != before {
		t.Error("the remote changed")
	}
	if got := readFile(t, filepath.Join(janeDir, file)); !bytes.Equal(got, mine) {
		t.Error("the participant's answers were overwritten")
	}
	if got := readFile(t, filepath.Join(janeDir, "responses", jane.id+".remote.yaml")); !bytes.Equal(got, facVersion) {
		t.Error("the remote's version was not kept beside it")
	}
	setAside := regexp.MustCompile(`refs/skillmap/set-aside/[0-9a-f]+`).FindString(r.err)
	if got := show(t, janeDir, setAside+":"+file); got != string(mine) {
		t.Error("the set-aside commit does not hold the participant's answers")
	}
	gittest.Fsck(t, janeDir)
	// validate and status pass over the remote's copy.
	mustSM(t, "-C", janeDir, "validate")

	// The participant keeps their own answers (on top of the fix) and
	// submits again.
	mine = bytes.Replace(mine, []byte("name: Person 01"), []byte("name: Person 01 (fixed)"), 1)
	writeFile(t, filepath.Join(janeDir, file), mine)
	if err := os.Remove(filepath.Join(janeDir, "responses", jane.id+".remote.yaml")); err != nil {
		t.Fatal(err)
	}
	mustSM(t, "-C", janeDir, "submit", "--as", jane.id)
	if got := show(t, bare, "main:"+file); got != string(mine) {
		t.Error("the resolved answers are not on the remote")
	}
	gittest.Git(t, bare, "merge-base", "--is-ancestor", before, "main")
	clean(t, janeDir)
	gittest.Fsck(t, bare)
}

// TestServerStoppedDuringSubmit: the server goes away between the fetch
// and the push. The commit stays local, submit exits 3 and says to sync;
// once the server is back, sync delivers it.
func TestServerStoppedDuringSubmit(t *testing.T) {
	gitHome(t)
	root := t.TempDir()
	bare := gittest.Bare(t, root, "ws")
	d := gittest.StartDaemon(t, root)
	url := d.URL("ws")
	_, people := sharedWorkshop(t, url, 2)
	jane, bob := people[0], people[1]
	janeDir := filepath.Join(t.TempDir(), "jane")
	mustSM(t, "join", url, janeDir)
	mine := fill(t, filepath.Join(janeDir, "responses", jane.id+".yaml"), 4)

	gitstore.TestHook = func(point string) {
		if point == "before-push" {
			d.Stop()
		}
	}
	r := sm("-C", janeDir, "submit", "--as", jane.id)
	gitstore.TestHook = nil
	if r.code != exitRemote {
		t.Fatalf("exit %d, want %d\n%s%s", r.code, exitRemote, r.out, r.err)
	}
	if !strings.Contains(r.err, "committed locally, not pushed: ") || !strings.Contains(r.err, "run `skillmap sync` later") {
		t.Errorf("stderr:\n%s", r.err)
	}
	if got := show(t, janeDir, "HEAD:responses/"+jane.id+".yaml"); got != string(mine) {
		t.Error("the local commit does not hold the answers")
	}
	r = sm("-C", janeDir, "sync")
	if r.code != exitRemote {
		t.Errorf("sync with the server down: exit %d, want %d", r.code, exitRemote)
	}
	d.Restart()
	r = mustSM(t, "-C", janeDir, "sync")
	if !strings.Contains(r.out, "pushed 1 commit to origin") {
		t.Errorf("sync after the restart:\n%s", r.out)
	}
	if got := show(t, bare, "main:responses/"+jane.id+".yaml"); got != string(mine) {
		t.Error("sync did not deliver the answers")
	}

	// Down before the submit even fetches: a later submit pushes it.
	bobDir := filepath.Join(t.TempDir(), "bob")
	mustSM(t, "join", url, bobDir)
	bobs := fill(t, filepath.Join(bobDir, "responses", bob.id+".yaml"), 5)
	d.Stop()
	if r := sm("-C", bobDir, "submit", "--as", bob.id); r.code != exitRemote {
		t.Fatalf("exit %d, want %d\n%s", r.code, exitRemote, r.err)
	}
	d.Restart()
	r = mustSM(t, "-C", bobDir, "submit", "--as", bob.id)
	if !strings.Contains(r.out, "pushed your earlier commits") {
		t.Errorf("second submit:\n%s", r.out)
	}
	if got := show(t, bare, "main:responses/"+bob.id+".yaml"); got != string(bobs) {
		t.Error("the second submit did not deliver the answers")
	}
	gittest.Fsck(t, bare)
	clean(t, bobDir)
}

// TestKilledSubmit kills a submit with SIGKILL at each point where it
// writes something (the subprocess stops there and waits to be killed).
// Afterwards the clone passes git fsck --strict, the participant's file
// holds their answers, and the next sync (which must not wait for a lock)
// finishes the job.
func TestKilledSubmit(t *testing.T) {
	exe, err := exec.LookPath("skillmap")
	if err != nil {
		t.Skip("the skillmap test command is not on PATH")
	}
	home := gitHome(t)
	root := t.TempDir()
	d := gittest.StartDaemon(t, root)
	points := []string{"after-commit", "after-fetch", "before-push", "after-push", "before-index", "before-ref"}
	for _, point := range points {
		t.Run(point, func(t *testing.T) {
			name := "ws-" + point
			bare := gittest.Bare(t, root, name)
			url := d.URL(name)
			_, people := sharedWorkshop(t, url, 2)
			jane, bob := people[0], people[1]
			dirs := t.TempDir()
			janeDir, bobDir := filepath.Join(dirs, "jane"), filepath.Join(dirs, "bob")
			mustSM(t, "join", url, janeDir)
			mustSM(t, "join", url, bobDir)
			// Bob submits first, so that jane's submit has to rebuild her
			// commit and bring bob's file into her working copy.
			bobs := fill(t, filepath.Join(bobDir, "responses", bob.id+".yaml"), 6)
			mustSM(t, "-C", bobDir, "submit", "--as", bob.id)
			mine := fill(t, filepath.Join(janeDir, "responses", jane.id+".yaml"), 7)

			marker := filepath.Join(dirs, "reached")
			cmd := exec.Command(exe, "-C", janeDir, "submit", "--as", jane.id)
			cmd.Env = append(os.Environ(), "HOME="+home, "SKILLMAP_TEST_CRASH_AT="+point, "SKILLMAP_TEST_CRASH_FILE="+marker)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			reached := false
			for i := 0; i < 600 && !reached; i++ {
				if _, err := os.Stat(marker); err == nil {
					reached = true
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			_ = cmd.Process.Signal(syscall.SIGKILL)
			err := cmd.Wait()
			if !reached {
				t.Fatalf("the submit never reached %s: %v\n%s", point, err, out.String())
			}
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("the submit was not killed: %v\n%s", err, out.String())
			}

			gittest.Fsck(t, janeDir)
			gittest.Fsck(t, bare)
			if got := readFile(t, filepath.Join(janeDir, "responses", jane.id+".yaml")); !bytes.Equal(got, mine) {
				t.Fatal("the participant's file lost their answers")
			}
			began := time.Now()
			r := mustSM(t, "-C", janeDir, "sync")
			if time.Since(began) > 20*time.Second {
				t.Errorf("sync took %s: waiting for a lock?", time.Since(began))
			}
			final := rev(t, bare, "main")
			if got := show(t, bare, "main:responses/"+jane.id+".yaml"); got != string(mine) {
				t.Errorf("jane's answers are not on the remote after sync:\n%s%s", r.out, r.err)
			}
			if got := show(t, bare, "main:responses/"+bob.id+".yaml"); got != string(bobs) {
				t.Error("bob's answers were lost")
			}
			if got := rev(t, janeDir, "HEAD"); got != final {
				t.Errorf("jane's clone at %s, the remote at %s", got, final)
			}
			if got := readFile(t, filepath.Join(janeDir, "responses", bob.id+".yaml")); !bytes.Equal(got, bobs) {
				t.Error("bob's file did not reach jane's working copy")
			}
			if n := strings.Count(gittest.Git(t, bare, "log", "--format=%ae"), jane.email); n != 1 {
				t.Errorf("jane's answers were committed %d times on the remote", n)
			}
			clean(t, janeDir)
			gittest.Fsck(t, janeDir)
			gittest.Fsck(t, bare)
		})
	}
}

// TestTwoProcessesOneClone: two skillmap processes submit on the same
// clone at once; the lock serializes them and both answers are delivered.
func TestTwoProcessesOneClone(t *testing.T) {
	exe, err := exec.LookPath("skillmap")
	if err != nil {
		t.Skip("the skillmap test command is not on PATH")
	}
	home := gitHome(t)
	root := t.TempDir()
	bare := gittest.Bare(t, root, "ws")
	url := gittest.StartDaemon(t, root).URL("ws")
	_, people := sharedWorkshop(t, url, 4)
	dir := filepath.Join(t.TempDir(), "kiosk")
	mustSM(t, "join", url, dir)
	want := map[string][]byte{}
	for i, p := range people {
		want[p.id] = fill(t, filepath.Join(dir, "responses", p.id+".yaml"), 10+i)
	}
	var wg sync.WaitGroup
	outs := make([]string, len(people))
	errs := make([]error, len(people))
	for i, p := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(exe, "-C", dir, "submit", "--as", p.id)
			cmd.Env = append(os.Environ(), "HOME="+home)
			out, err := cmd.CombinedOutput()
			outs[i], errs[i] = string(out), err
		}()
	}
	wg.Wait()
	for i := range people {
		if errs[i] != nil {
			t.Errorf("%s: %v\n%s", people[i].id, errs[i], outs[i])
		}
	}
	for id, data := range want {
		if got := show(t, bare, "main:responses/"+id+".yaml"); got != string(data) {
			t.Errorf("%s's answers are not on the remote", id)
		}
	}
	gittest.Fsck(t, dir)
	gittest.Fsck(t, bare)
	mustSM(t, "-C", dir, "sync")
	clean(t, dir)
}

// TestReportFrom reads a remote workshop and reports the same figures as a
// synced clone does.
func TestReportFrom(t *testing.T) {
	gitHome(t)
	root := t.TempDir()
	gittest.Bare(t, root, "ws")
	url := gittest.StartHTTP(t, root, gittest.HTTPOptions{User: "lead", Password: "s3cret-token"}).URL("ws")
	t.Setenv(envUsername, "lead")
	t.Setenv(envToken, "s3cret-token")
	fac, people := sharedWorkshop(t, url, 6)
	for i, p := range people {
		dir := filepath.Join(t.TempDir(), p.id)
		mustSM(t, "join", url, dir)
		fill(t, filepath.Join(dir, "responses", p.id+".yaml"), i)
		mustSM(t, "-C", dir, "submit", "--as", p.id)
	}
	mustSM(t, "-C", fac, "sync")
	local := mustSM(t, "-C", fac, "report", "--json")
	remote := mustSM(t, "report", "--from", url, "--json")
	// --from fetches the whole history (figures are made along it), and
	// audits it.
	if local.out != remote.out {
		t.Errorf("report --from differs from the clone's report:\n%s\n---\n%s", remote.out, local.out)
	}
	// With --compare it fetches the whole history, and audits it.
	if local, remote := mustSM(t, "-C", fac, "report", "--json", "--compare", "HEAD~1"), mustSM(t, "report", "--from", url, "--json", "--compare", "HEAD~1"); local.out != remote.out {
		t.Errorf("report --from --compare differs from the clone's report:\n%s\n---\n%s", remote.out, local.out)
	}
	if !strings.Contains(remote.out, `"responses": 6`) {
		t.Errorf("report --from: %s", remote.out)
	}

	// Without credentials: exit 3 and a message that names the remote and
	// what to set.
	t.Setenv(envToken, "")
	r := sm("report", "--from", url, "--json")
	if r.code != exitRemote || !strings.Contains(r.err, "could not sign in to "+url) || !strings.Contains(r.err, "set SKILLMAP_GIT_TOKEN") {
		t.Errorf("report without a token: exit %d\n%s", r.code, r.err)
	}
	dir := filepath.Join(t.TempDir(), "late")
	t.Setenv(envToken, "s3cret-token")
	mustSM(t, "join", url, dir)
	t.Setenv(envToken, "wrong")
	late := filepath.Join(dir, "responses", people[0].id+".yaml")
	writeFile(t, late, bytes.Replace(readFile(t, late), []byte(`note: ""`), []byte(`note: "one more thing"`), 1))
	r = sm("-C", dir, "submit", "--as", people[0].id)
	if r.code != exitRemote || !strings.Contains(r.err, "committed locally, not pushed: could not sign in to "+url) || !strings.Contains(r.err, "SKILLMAP_GIT_TOKEN") {
		t.Errorf("submit with a wrong token: exit %d\n%s", r.code, r.err)
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func writeFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
