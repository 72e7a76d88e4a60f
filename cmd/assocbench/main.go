// Command assocbench is the self-assessment survey and benchmarking engine
// for library associations: the server, the questionnaire tools, exports,
// demo data and the benchmark harness. main is the only place that wires
// the packages together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/assocbench/assocbench/i18n"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// exit codes
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// env is what a command sees of the outside world, so tests can run it in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// ready, when set, is told the address the server listens on (tests).
	ready func(addr string)
	// seeded, when set, is told the demo seed's progress (tests).
	seeded func(done, total int)
}

// lang is the language of the command's messages: the POSIX locale's
// (LC_ALL, then LC_MESSAGES, then LANG) when the catalog has it, else English.
func (e *env) lang() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := e.getenv(v); l != "" {
			return i18n.FromLocale(l)
		}
	}
	return i18n.Default
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ msg string }

func (u *usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	stop()
	os.Exit(code)
}

func commands() []command {
	return []command{
		{"version", "print the version", runVersion},
		{"questionnaires", "list, show, validate, import and export questionnaires", runQuestionnaires},
		{"serve", "run the web server and API", runServe},
		{"healthcheck", "exit 0 when the running server is ready (container health check)", runHealthcheck},
		{"demo", "seed demo data", runDemo},
		{"bench", "measure each stage against the raw floor of its dependency", runBench},
		{"export", "write workbooks: scorecard, session pack, raw responses, fill-in", runExport},
		{"import", "read a completed fill-in workbook into a draft", runImport},
		{"publish", "make a release of a campaign's publication, or list them", runPublish},
		{"tokens", "issue an administrator or analyst token (access recovery)", runTokens},
		{"invite", "issue an invitation link for an association", runInvite},
		{"meeting", "plan the online meeting's sessions across time zones", runMeeting},
		{"mentoring", "the mentorship pilot: match mentees to mentors", runMentoring},
	}
}

// run executes one command line and returns the exit code.
func run(ctx context.Context, args []string, e *env) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		topUsage(e.stderr, cmds)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range cmds {
		if c.name == args[0] {
			return exitCode(e, c.run(ctx, e, args[1:]))
		}
	}
	fmt.Fprintf(e.stderr, "assocbench: unknown command %q\n\n", args[0])
	topUsage(e.stderr, cmds)
	return exitUsage
}

func exitCode(e *env, err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "assocbench: %s\n", ue.msg)
		return exitUsage
	case errors.Is(err, errReported):
		return exitFail
	default:
		fmt.Fprintf(e.stderr, "assocbench: %v\n", err)
		return exitFail
	}
}

// errReported is a failure whose details were already printed.
var errReported = errors.New("failed")

func topUsage(w io.Writer, cmds []command) {
	fmt.Fprintln(w, "assocbench: self-assessment and peer benchmarking for library associations")
	fmt.Fprintln(w, "\nUsage: assocbench COMMAND [flags]  (assocbench COMMAND --help for details)\n\nCommands:")
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-16s %s\n", c.name, c.summary)
	}
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(e *env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: assocbench %s\n", usage)
		var b strings.Builder
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(e.stderr)
		if b.Len() > 0 {
			fmt.Fprintf(e.stderr, "\nFlags:\n%s", b.String())
		}
	}
	return fs
}

// parse parses flags; a bad flag is a usage error, --help is not an error.
func parse(fs *flag.FlagSet, args []string) error {
	// allow flags after positional arguments: "show profile --lang fr"
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") {
				if f := fs.Lookup(name); f != nil {
					if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !bf.IsBoolFlag() {
						if i+1 < len(args) {
							flags = append(flags, args[i+1])
							i++
						}
					}
				}
			}
			continue
		}
		pos = append(pos, a)
	}
	if err := fs.Parse(append(flags, pos...)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{err.Error()}
	}
	return nil
}

// subcommand dispatches to a group's subcommands.
func subcommand(ctx context.Context, e *env, group string, args []string, subs map[string]func(context.Context, *env, []string) error, summaries map[string]string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintf(e.stderr, "Usage: assocbench %s SUBCOMMAND [flags]\n\nSubcommands:\n", group)
		names := make([]string, 0, len(subs))
		for n := range subs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(e.stderr, "  %-16s %s\n", n, summaries[n])
		}
		if len(args) == 0 {
			return usagef("%s needs a subcommand", group)
		}
		return flag.ErrHelp
	}
	f, ok := subs[args[0]]
	if !ok {
		return usagef("unknown %s subcommand %q", group, args[0])
	}
	return f(ctx, e, args[1:])
}

func runVersion(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "version", "version")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("version takes no arguments")
	}
	fmt.Fprintf(e.stdout, "assocbench %s\n", version)
	return nil
}

func sortStrings(s []string) { sort.Strings(s) }
