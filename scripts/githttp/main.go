// Command githttp serves the Git repositories under a folder over smart
// HTTP on loopback, through the real `git http-backend` run as a CGI
// program, for scripts/bench.sh: a server as people have behind nginx or
// Apache, with nothing to install but git.
//
//	go run ./scripts/githttp -root DIR -addr 127.0.0.1:0 -url-file FILE
//
// It writes its base URL (http://127.0.0.1:PORT) to the url file once it
// listens, and serves until it is stopped.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/cgi"
	"os"
	"os/exec"
	"path/filepath"
)

func main() {
	root := flag.String("root", "", "serve the repositories under `DIR`")
	addr := flag.String("addr", "127.0.0.1:0", "listen on `ADDR`")
	urlFile := flag.String("url-file", "", "write the base URL to `FILE` once listening")
	flag.Parse()
	if *root == "" {
		log.Fatal("githttp: -root is required")
	}
	abs, err := filepath.Abs(*root)
	if err != nil {
		log.Fatal(err)
	}
	git, err := exec.LookPath("git")
	if err != nil {
		log.Fatal("githttp: git is not installed")
	}
	backend := &cgi.Handler{
		Path: git,
		Args: []string{"http-backend"},
		Env: []string{
			"GIT_PROJECT_ROOT=" + abs,
			"GIT_HTTP_EXPORT_ALL=1",
			"REMOTE_USER=bench", // lets receive-pack accept pushes
			"HOME=" + os.TempDir(),
		},
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(url+"\n"), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Fprintln(os.Stderr, "githttp: serving", abs, "at", url)
	log.Fatal(http.Serve(ln, backend))
}
