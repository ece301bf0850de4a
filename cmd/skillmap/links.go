package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/serve"
)

type linksOptions struct {
	asJSON, rotate, facilitator bool
	baseURL                     string
}

func newLinksCmd(g *globals) *cobra.Command {
	o := &linksOptions{}
	cmd := &cobra.Command{
		Use:   "links [--json] [--base-url URL] [--rotate] [--facilitator]",
		Short: "List each participant's personal link to the web form (skillmap serve)",
		Long: `Lists each participant's personal link to skillmap serve's web form, and
the facilitator's link. Give each participant their own link: it opens
their answers, and nobody else's. Keep the facilitator's link to yourself.

The links hold a secret derived from a random key kept in the repository's
Git folder (.git/skillmap-serve.key): it is never committed or pushed, and
only this copy of the workshop makes links that work with its server.
--rotate makes a new key: every link given out before stops working (do it
if a link went to the wrong person), and the new links are listed.

--base-url is the address people open: the machine serve runs on, as the
room reaches it (serve prints it when it starts), or your HTTPS proxy's.`,
		Example: `  skillmap links
  skillmap links --base-url http://192.168.1.20:8080
  skillmap links --json --base-url https://skills.example.org
  skillmap links --rotate
  skillmap links --facilitator`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return runLinks(g, o) },
	}
	cmd.Flags().BoolVar(&o.asJSON, "json", false, "print JSON: a list of id, name, role, url")
	cmd.Flags().StringVar(&o.baseURL, "base-url", "http://"+serve.DefaultAddr, "the server's address as people open it, `URL`")
	cmd.Flags().BoolVar(&o.rotate, "rotate", false, "make a new key: every earlier link stops working")
	cmd.Flags().BoolVar(&o.facilitator, "facilitator", false, "print only the facilitator's link")
	return cmd
}

func runLinks(g *globals, o *linksOptions) error {
	w, err := openWorkshop(g.workdir())
	if err != nil {
		return err
	}
	links, fac, problems, err := serve.Links(w.repo, o.baseURL, o.rotate)
	if err != nil {
		return usageErr(err)
	}
	for _, p := range problems {
		fmt.Fprintf(g.io.Err, "warning: %s (no link)\n", termtext.Line(p))
	}
	if o.rotate {
		fmt.Fprintln(g.io.Err, "made a new key: every link given out before no longer works")
	}
	switch {
	case o.facilitator && o.asJSON:
		return writeJSON(g, struct {
			URL string `json:"url"`
		}{fac})
	case o.facilitator:
		fmt.Fprintln(g.io.Out, fac)
		return nil
	case o.asJSON:
		if links == nil {
			links = []serve.Link{}
		}
		return writeJSON(g, links)
	}
	if len(links) == 0 {
		fmt.Fprintln(g.io.Err, "no participants yet: add them with skillmap add")
	}
	for _, l := range links {
		role := l.Role
		if r := w.ws.Role(role); r != nil {
			role = r.Name
		}
		fmt.Fprintf(g.io.Out, "%s (%s)\n  %s\n", termtext.Line(l.Name), termtext.Line(role), l.URL)
	}
	fmt.Fprintf(g.io.Out, "\nFacilitator (keep to yourself)\n  %s\n", fac)
	fmt.Fprintf(g.io.Out, "Every link with a QR code, to print and hand out (while serve runs)\n  %slinks\n", fac)
	return nil
}
