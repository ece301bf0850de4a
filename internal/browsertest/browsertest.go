// Package browsertest gives tests a real browser: Chromium (or Chrome)
// driven by chromedp, one browser per test binary shared by every test, a
// tab each. The browser tests of skillmap serve (the form, the keyboard,
// the facilitator's pages) use it; where no browser is installed they are
// skipped with a message that says so, unless SKILLMAP_REQUIRE_BROWSER is
// set (CI sets it, having installed Chromium), when they fail.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// RequireEnv names the variable that makes a missing browser a failure
// rather than a skip.
const RequireEnv = "SKILLMAP_REQUIRE_BROWSER"

// candidates are the names Chromium and Chrome are installed under, and
// where Debian keeps the binary behind its wrapper script.
var candidates = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "/usr/lib/chromium/chromium"}

// Path is the browser's executable, or "" when none is installed.
func Path() string {
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	return ""
}

var shared struct {
	once    sync.Once
	path    string
	browser context.Context
	cancel  []context.CancelFunc
	err     error
}

// start runs the one browser of this test binary.
func start() {
	shared.path = Path()
	if shared.path == "" {
		return
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(shared.path),
		// CI runs as root in a container, where Chromium's sandbox
		// cannot start; the pages are the tests' own.
		chromedp.NoSandbox,
		chromedp.WindowSize(1280, 900),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	shared.cancel = []context.CancelFunc{cancelBrowser, cancelAlloc}
	// The first run starts the browser; it must not carry a timeout,
	// which would stop the browser with it.
	if err := chromedp.Do(browser, chromedp.Navigate("about:blank")); err != nil {
		shared.err = err
		return
	}
	shared.browser = browser
}

// Tab opens a new tab in the shared browser, closed when the test ends,
// with a deadline of its own so that a stuck page fails the test rather
// than hanging it. Without a browser it skips the test, saying why (or
// fails it when RequireEnv is set).
func Tab(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	shared.once.Do(start)
	switch {
	case shared.path == "" && os.Getenv(RequireEnv) != "":
		t.Fatalf("no Chromium or Chrome found (looked for %v), and %s is set", candidates, RequireEnv)
	case shared.path == "":
		t.Skipf("browser test skipped: no Chromium or Chrome installed (looked for %v); on Debian or Ubuntu: apt-get install chromium", candidates)
	case shared.err != nil:
		t.Fatalf("start %s: %v", shared.path, shared.err)
	}
	tab, closeTab := chromedp.NewContext(shared.browser)
	// The tab's first run opens it, again without a deadline.
	if err := chromedp.Do(tab, chromedp.Navigate("about:blank")); err != nil {
		closeTab()
		t.Fatalf("open a tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(tab, timeout)
	t.Cleanup(func() { cancel(); closeTab() })
	return ctx
}

// Main runs a package's tests, then stops the shared browser: call it
// from TestMain, as os.Exit(browsertest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	for _, c := range shared.cancel {
		c()
	}
	return code
}

// ShotsEnv names the folder Screenshot saves into; unset, it saves none.
const ShotsEnv = "SKILLMAP_SCREENSHOTS"

// Sizes are the screens Screenshot takes: a phone's width and a desktop's.
var Sizes = []struct {
	Name          string
	Width, Height int64
}{{"phone", 375, 812}, {"desktop", 1280, 900}}

// Screenshot saves full-page PNGs of the page at url at each of Sizes, as
// NAME-phone.png and NAME-desktop.png (and NAME-phone-top.png and
// NAME-desktop-top.png, the first screenful) in the folder ShotsEnv names, for
// people to look at (nothing when it is unset). It loads the page afresh
// at each size and leaves the tab at the desktop size.
func Screenshot(t testing.TB, ctx context.Context, name, url string) {
	t.Helper()
	dir := os.Getenv(ShotsEnv)
	if dir == "" {
		return
	}
	for _, size := range Sizes {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(size.Width, size.Height), chromedp.Navigate(url)); err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		img, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+"-"+size.Name+".png"), img, 0o644); err != nil {
			t.Fatal(err)
		}
		// What fits on the screen, as a person first sees it.
		top, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+"-"+size.Name+"-top.png"), top, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
