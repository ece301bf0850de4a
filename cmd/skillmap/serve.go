package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/serve"
)

type serveOptions struct {
	addr, certFile, keyFile string
}

func newServeCmd(g *globals) *cobra.Command {
	o := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT] [--tls-cert FILE --tls-key FILE]",
		Short: "Serve the workshop's web form: each participant fills it in through a personal link",
		Long: `Serves the workshop to a room: each participant opens their personal link
(skillmap links lists them) on a laptop or phone and fills in their
self-assessment in a web form, one skill a page; nothing to install, no Git
account. The facilitator's link opens the facilitator's views.

Every page a participant saves is committed at once: their response file
alone, authored by them, with you (your Git user.name and user.email) as
committer and a "Skillmap-Form: link token checked" trailer, which
skillmap audit shows. When the workshop has a remote, the commits are pushed
as skillmap submit pushes them (others' pushes are fetched first, and
nobody's answers are lost). Run serve in the facilitator's copy of the
workshop, and do not edit its response files while it runs.

By default serve listens on this machine only (127.0.0.1:8080). For a room,
--addr 0.0.0.0:8080 listens on every network this machine is on; give the
room the links of skillmap links --base-url http://THIS-MACHINE:8080. The
form is plain HTTP unless you give --tls-cert and --tls-key, or put it
behind a reverse proxy that serves HTTPS (the README shows one).

Ctrl+C (or SIGTERM) stops it: the saves in flight are committed and what
is not pushed yet is pushed before it exits.`,
		Example: `  skillmap serve
  skillmap serve --addr 0.0.0.0:8080
  skillmap serve --addr 0.0.0.0:8443 --tls-cert cert.pem --tls-key key.pem
  skillmap -C pm-workshop serve`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return runServe(g, o) },
	}
	cmd.Flags().StringVar(&o.addr, "addr", serve.DefaultAddr, "listen on `HOST:PORT` (0.0.0.0:8080 for every network)")
	cmd.Flags().StringVar(&o.certFile, "tls-cert", "", "serve HTTPS with the certificate in `FILE` (PEM; with --tls-key)")
	cmd.Flags().StringVar(&o.keyFile, "tls-key", "", "the certificate's private key in `FILE` (PEM)")
	return cmd
}

func runServe(g *globals, o *serveOptions) error {
	if (o.certFile == "") != (o.keyFile == "") {
		return usageErr(fmt.Errorf("--tls-cert and --tls-key go together"))
	}
	w, err := openWorkshop(g.workdir())
	if err != nil {
		return err
	}
	srv, err := serve.New(w.repo, serve.Options{Log: g.io.Err, Credentials: credentials()})
	if err != nil {
		return err
	}
	if c := srv.Committer(); !w.isFacilitator(c.Email) {
		fmt.Fprintf(g.io.Err, "warning: you (%s) are not a facilitator of this workshop: skillmap audit will report every answer saved in the form\n", c.Email)
	}
	ln, err := serve.Listen(o.addr)
	if err != nil {
		return err
	}
	scheme := "http"
	if o.certFile != "" {
		scheme = "https"
	} else if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		fmt.Fprintln(g.io.Err, "note: plain HTTP on a network: anyone on it can read what is sent; --tls-cert and --tls-key serve HTTPS (the README shows how)")
	}
	fmt.Fprintf(g.io.Err, "serving %s on %s://%s (Ctrl+C stops)\n", termtext.Line(w.ws.Title), scheme, ln.Addr())
	for _, u := range serve.BaseURLs(scheme, ln.Addr()) {
		fmt.Fprintf(g.io.Err, "participants' links: skillmap links --base-url %s\n", u)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := srv.Serve(ctx, ln, o.certFile, o.keyFile); err != nil {
		return err
	}
	fmt.Fprintln(g.io.Err, "stopped")
	return nil
}
