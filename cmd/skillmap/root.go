package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/skillmap/skillmap/internal/buildinfo"
	"github.com/skillmap/skillmap/internal/termtext"
	"github.com/skillmap/skillmap/workshop"
)

// Exit codes, documented in the README and in `skillmap --help`.
const (
	exitOK     = 0 // success
	exitFailed = 1 // the command ran and found problems, or failed
	exitUsage  = 2 // the command line was wrong
	exitRemote = 3 // the remote could not be reached, refused, or stayed busy; nothing local was lost
)

// version, commit and date are stamped into release builds with
// -ldflags "-X main.version=v1.2.3 -X main.commit=... -X main.date=..."
// (GoReleaser's defaults); otherwise build is what the Go toolchain
// recorded (the module version for "go install module@version").
var version, commit, date string

// build identifies this build of skillmap.
var build = buildinfo.Read(version, commit, date)

// streams are where a command reads and writes, so tests can capture them.
type streams struct {
	In     io.Reader
	Out    io.Writer // results: text or JSON
	Err    io.Writer // progress, status and errors
	errTTY bool
	outTTY bool

	// While a command runs (see run), Out and Err are guards that show
	// every control character but line breaks and tabs escaped: anyone
	// who can push chooses file names, names and framework texts, and no
	// formatter may let one rewrite the lines above or write the
	// clipboard. rawOut and rawErr are the streams themselves, for output
	// that draws with escape sequences of its own (progress bars, take's
	// form) or is data to be kept byte for byte (see dataOut).
	rawOut, rawErr io.Writer
	guards         []*termtext.Writer
}

func defaultStreams() *streams {
	// The progress bar needs a terminal that takes escape codes (on
	// Windows, one asked to).
	return &streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		errTTY: ansiTerminal(os.Stderr), outTTY: term.IsTerminal(int(os.Stdout.Fd()))}
}

// guarded returns a copy of s whose Out and Err escape control characters.
func (s *streams) guarded() *streams {
	c := *s
	c.rawOut, c.rawErr = s.Out, s.Err
	out, errs := termtext.NewWriter(s.Out), termtext.NewWriter(s.Err)
	c.Out, c.Err, c.guards = out, errs, []*termtext.Writer{out, errs}
	return &c
}

// flush writes what the guards hold back at the end of a run.
func (s *streams) flush() {
	for _, g := range s.guards {
		_ = g.Flush()
	}
}

// dataOut is where a command writes a file's bytes to standard output
// (framework import without -o): as they are when stdout is a file or a
// pipe, escaped when a person reads them on a terminal.
func (s *streams) dataOut() io.Writer {
	if s.outTTY || s.rawOut == nil {
		return s.Out
	}
	return s.rawOut
}

// errRaw is stderr itself, for progress bars and the form of skillmap
// take, which draw with escape sequences; every text they show from the
// repository is escaped with termtext first.
func (s *streams) errRaw() io.Writer {
	if s.rawErr == nil {
		return s.Err
	}
	return s.rawErr
}

// globals are the flags every command takes.
type globals struct {
	dir   string // -C
	quiet bool   // --quiet: no progress bars
	io    *streams
}

// abs resolves a path given on the command line against -C, as git does.
func (g *globals) abs(p string) string {
	if filepath.IsAbs(p) || g.dir == "" {
		return p
	}
	return filepath.Join(g.dir, p)
}

func (g *globals) workdir() string {
	if g.dir == "" {
		return "."
	}
	return g.dir
}

// usageError marks a command-line mistake (exit 2). cmd, when set, is the
// command whose --help the user is pointed to.
type usageError struct {
	error
	cmd string
}

func usageErr(err error) error { return usageError{error: err} }

// exitError carries an exit code for failures already reported.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func newRoot(g *globals) *cobra.Command {
	root := &cobra.Command{
		Use:   "skillmap",
		Short: "Run skills self-assessment workshops in Git",
		Long: `skillmap runs skills self-assessment workshops in a Git repository.

A facilitator scaffolds a workshop (skillmap init, skillmap add); each
participant rates themselves on every activity of the framework and commits
(skillmap submit, plain git, or a web editor); a lead turns everyone's
answers into an Excel workbook of heatmaps by skill and role level
(skillmap report), in which small groups are hidden.

A shared workshop lives on a Git remote: the facilitator creates it with
init --remote, participants join it and submit (which pushes), and the lead
reports on it with report --from, or sync then report.

Exit codes: 0 success; 1 the command failed or found problems (validate
lists them); 2 the command line was wrong; 3 the remote could not be reached
or refused you: nothing is lost (a submit stays committed locally); run
skillmap sync, or the command, again later.`,
		Example: `  skillmap demo                                  # a whole workshop and its report, no setup
  skillmap init pm-workshop --title "PM skills 2026" --facilitator "Ana Ruiz <ana@example.org>"
  skillmap -C pm-workshop add "Jane Smith" --role senior-product-manager --email jane@example.org
  skillmap -C pm-workshop submit --as jane-smith
  skillmap -C pm-workshop report -o report.xlsx
  skillmap join https://git.example.org/pm/pm-workshop.git && skillmap -C pm-workshop submit`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       build.String(),
	}
	root.SetVersionTemplate("skillmap {{.Version}}\n")
	root.PersistentFlags().StringVarP(&g.dir, "directory", "C", "", "run as if skillmap was started in `DIR`")
	root.PersistentFlags().BoolVarP(&g.quiet, "quiet", "q", false, "show no progress bars (they show only on a terminal, and not under CI)")
	root.SetIn(g.io.In)
	root.SetOut(g.io.Out)
	root.SetErr(g.io.Err)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{err, c.CommandPath()}
	})
	root.AddCommand(
		newInitCmd(g),
		newAddCmd(g),
		newSubmitCmd(g),
		newTakeCmd(g),
		newJoinCmd(g),
		newSyncCmd(g),
		newServeCmd(g),
		newLinksCmd(g),
		newValidateCmd(g),
		newStatusCmd(g),
		newReportCmd(g),
		newMeCmd(g),
		newDemoCmd(g),
		newRoundCmd(g),
		newAuditCmd(g),
		newFrameworkCmd(g),
		newVersionCmd(g),
	)
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Example = "  source <(skillmap completion bash)\n  skillmap completion zsh > \"${fpath[1]}/_skillmap\""
			groupOnly(c)
		}
	}
	return root
}

// run executes the command line and returns the exit code.
func run(args []string, std *streams) int {
	io := std.guarded()
	defer io.flush()
	g := &globals{io: io}
	root := newRoot(g)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintln(io.Err, "skillmap:", err)
	var ue usageError
	if errors.As(err, &ue) {
		if ue.cmd != "" {
			fmt.Fprintf(io.Err, "Run '%s --help' for usage.\n", ue.cmd)
		}
		return exitUsage
	}
	if isCobraUsage(err) {
		fmt.Fprintf(io.Err, "Run '%s --help' for usage.\n", cmd.CommandPath())
		return exitUsage
	}
	return exitFailed
}

// isCobraUsage recognises cobra's own argument errors, which it does not
// route through the flag error function.
func isCobraUsage(err error) bool {
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "invalid argument", "flag needs an argument", "required flag"} {
		if strings.Contains(err.Error(), p) {
			return true
		}
	}
	return false
}

// args wraps a cobra argument check so its complaint is a usage error.
func args(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		if err := check(cmd, a); err != nil {
			return usageError{err, cmd.CommandPath()}
		}
		return nil
	}
}

// groupOnly makes a command that only groups subcommands refuse unknown
// ones (exit 2) instead of printing its help and succeeding.
func groupOnly(c *cobra.Command) {
	c.Args = args(cobra.NoArgs)
	c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
}

func newVersionCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print skillmap's version",
		Example: "  skillmap version",
		Args:    args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(g.io.Out, "skillmap %s\n", build)
			return nil
		},
	}
}

// The parse cache is keyed by this build, so that no other skillmap reads
// it.
func init() { workshop.Build = build.String() }

// The parse cache is keyed by this build, so that no other skillmap reads
// it.
func init() { workshop.Build = build.String() }
