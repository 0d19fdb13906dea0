// Command convex-workos-lint checks Convex + WorkOS AuthKit apps for the integration mistakes
// in the Convex WorkOS guide. This file is flags, exit codes and wiring only.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/convex-workos-lint/convex-workos-lint/internal/fsread"
	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	"github.com/convex-workos-lint/convex-workos-lint/report"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
	"github.com/convex-workos-lint/convex-workos-lint/sarif"
)

const (
	exitClean    = 0
	exitFindings = 1
	exitError    = 2
)

const usage = `usage: convex-workos-lint [flags] [paths...] [-- paths...]
       convex-workos-lint rules [--format text|json]
       convex-workos-lint explain RULE
       convex-workos-lint lsp

Lints Convex + WorkOS AuthKit projects. Paths default to the current directory. Flags may
follow paths; after -- every argument is a path. To lint a directory named rules, explain or lsp,
write ./rules or put it after --. lsp serves the Language Server Protocol on stdio (editors).

Flags:
`

func main() {
	// esbuild's ASTs are short-lived garbage; a higher GC target cuts a full-parse run by a
	// quarter at a small, bounded heap. GOGC in the environment still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	// Editors kill stale runs with SIGTERM: leave quietly, without half-written output, with
	// the shell's status for the signal (143 for SIGTERM, 130 for Ctrl-C).
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, os.Interrupt)
	go func() {
		sig := <-sigs
		runExitHooks()
		if sig == os.Interrupt {
			os.Exit(128 + 2)
		}
		os.Exit(128 + 15)
	}()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

type options struct {
	format, output, config, stdinFilename, category string
	color, printConfig                              string
	quiet, exitZero, showVersion, noColor           bool
	forceExclude, debug                             bool
	fix, diff                                       bool
	maxWarnings                                     int
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "convex-workos-lint: "+format+"\n", a...)
		return exitError
	}
	if len(args) > 0 && args[0] == "lsp" {
		return runLSP(args[1:], stdin, stdout, stderr) // its own arguments (clients add --stdio)
	}
	var o options
	fs := flag.NewFlagSet("convex-workos-lint", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.format, "format", "text", "output format: text, json, sarif, github, gitlab, junit, checkstyle")
	fs.StringVar(&o.output, "output", "", "write the report to `file` instead of standard output")
	fs.StringVar(&o.config, "config", "", "config `file` for every linted file (default: the nearest .convex-workos-lint.json above each file, else in the working directory or above)")
	fs.BoolVar(&o.debug, "debug", false, "print the context of the run on stderr: config, apps and deployments, env files read, file counts, time per phase")
	fs.StringVar(&o.printConfig, "print-config", "", "print the config that applies to `file` as JSON and exit")
	fs.StringVar(&o.stdinFilename, "stdin-filename", "", "lint standard input as if it were the file at `path` (editors)")
	fs.StringVar(&o.category, "category", "", "SARIF automationDetails.id, to tell several uploads apart in GitHub code scanning")
	fs.BoolVar(&o.forceExclude, "force-exclude", false, "skip named files (and --stdin-filename) that the config's ignore globs match (pre-commit, editors)")
	fs.BoolVar(&o.quiet, "quiet", false, "report errors only")
	fs.IntVar(&o.maxWarnings, "max-warnings", -1, "exit 1 when there are more than `n` warnings (-1: no limit)")
	fs.BoolVar(&o.exitZero, "exit-zero", false, "exit 0 even when there are findings (2 still means the run failed)")
	fs.StringVar(&o.color, "color", "auto", "colour in text output: `when` auto (on a terminal; NO_COLOR turns it off, FORCE_COLOR on), always or never")
	fs.BoolVar(&o.noColor, "no-color", false, "same as --color=never")
	fs.BoolVar(&o.showVersion, "version", false, "print the version and exit")
	fs.BoolVar(&o.fix, "fix", false, "apply the safe fixes, then report what remains (with --stdin-filename: print the fixed buffer, findings on stderr)")
	fs.BoolVar(&o.diff, "diff", false, "print the safe fixes as a unified diff and write nothing; exit 1 when there are any")
	cl, err := parseArgs(fs, args)
	if err != nil {
		return fail("%v", err)
	}
	if cl.help {
		fmt.Fprint(stdout, usage)
		printFlags(stdout, fs)
		return exitClean
	}
	paths := cl.paths
	if o.showVersion {
		fmt.Fprintf(stdout, "convex-workos-lint %s\n", currentVersion())
		return exitClean
	}
	if cl.subcommand {
		switch paths[0] {
		case "rules":
			switch o.format {
			case "text":
				return listRules(stdout)
			case "json":
				return listRulesJSON(stdout)
			}
			return fail("unknown --format %q for rules (want text or json)", o.format)
		case "explain":
			if len(paths) != 2 {
				return fail("usage: convex-workos-lint explain RULE")
			}
			r, ok := rules.Lookup(paths[1])
			if !ok {
				return fail("unknown rule %q (run `convex-workos-lint rules` for the list)", paths[1])
			}
			fmt.Fprint(stdout, rules.Markdown(r))
			return exitClean
		}
	}
	switch o.color {
	case "auto", "always", "never":
	default:
		return fail("unknown --color %q (want auto, always or never)", o.color)
	}
	switch o.format {
	case "text", "json", "sarif", "github", "gitlab", "junit", "checkstyle":
	default:
		return fail("unknown --format %q (want text, json, sarif, github, gitlab, junit or checkstyle)", o.format)
	}

	start := time.Now()
	cwd, err := os.Getwd()
	if err != nil {
		return fail("%v", err)
	}
	var output *outputFile
	if o.output != "" {
		if output, err = createOutput(o.output); err != nil {
			return fail("--output %s: %s", o.output, fsread.Describe(err))
		}
		defer output.abort()
	}
	var cfg *lint.Config
	if o.config != "" {
		cfg, err = lint.LoadConfig(o.config)
	} else {
		cfg, err = lint.FindConfig(cwd)
	}
	if err != nil {
		return fail("%v", err)
	}
	if o.printConfig != "" {
		return printConfig(cfg, o.printConfig, stdout, fail)
	}
	var abs []string
	for _, p := range paths {
		a, err := filepath.Abs(p)
		if err != nil {
			return fail("%v", err)
		}
		if _, err := os.Stat(a); err != nil {
			return fail("%s: %s", p, fsread.Describe(err))
		}
		abs = append(abs, a)
	}
	var buf *project.Buffer
	if o.stdinFilename != "" {
		if len(abs) > 0 {
			return fail("--stdin-filename lints standard input: give no paths with it")
		}
		p, err := filepath.Abs(o.stdinFilename)
		if err != nil {
			return fail("%v", err)
		}
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			return fail("--stdin-filename %s is a directory: name the file the buffer is saved as", o.stdinFilename)
		}
		b, err := io.ReadAll(stdin)
		if err != nil {
			return fail("reading standard input: %v", err)
		}
		buf = &project.Buffer{Path: p, Content: string(b)}
		abs = []string{p}
	}

	lopts := lint.Options{Base: cwd, Paths: abs, Config: cfg, Stdin: buf}
	if o.forceExclude && len(abs) > 0 {
		if lopts.Paths = notIgnored(cfg, abs); len(lopts.Paths) == 0 {
			// Everything named is ignored: report nothing, not the whole directory.
			if o.debug {
				printDebug(stderr, cfg, &lint.Result{}, debugTimes{Setup: time.Since(start)})
			}
			if buf != nil && o.fix && !o.diff {
				// The editor replaces its buffer with stdout: give it back unchanged, not empty.
				if _, err := io.WriteString(stdout, buf.Content); err != nil {
					return fail("%v", err)
				}
				return finish(o, cfg, &lint.Result{}, output, stderr, stderr)
			}
			return finish(o, cfg, &lint.Result{}, output, stdout, stderr)
		}
	}
	if o.fix || o.diff {
		return runFix(o, cfg, lopts, output, stdout, stderr, time.Since(start))
	}
	runStart := time.Now()
	res, err := lint.Run(lopts)
	if err != nil {
		return fail("%v", err)
	}
	if !o.debug {
		return finish(o, cfg, res, output, stdout, stderr)
	}
	reportStart := time.Now()
	code := finish(o, cfg, res, output, stdout, stderr)
	printDebug(stderr, cfg, res, debugTimes{Setup: runStart.Sub(start), Report: time.Since(reportStart)})
	return code
}

// finish prints the findings of res (to --output, or w) and returns the exit code they give.
func finish(o options, cfg *lint.Config, res *lint.Result, output *outputFile, w, stderr io.Writer) int {
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "convex-workos-lint: "+format+"\n", a...)
		return exitError
	}
	var err error
	diags := res.Diagnostics
	if o.quiet {
		kept := diags[:0:0]
		for _, d := range diags {
			if d.Severity == rules.Error {
				kept = append(kept, d)
			}
		}
		diags = kept
	}
	for _, n := range res.Notices {
		fmt.Fprintf(stderr, "%s: warning: %s\n", report.Clean(n.Path), report.Clean(n.Message))
	}

	var out bytes.Buffer
	switch o.format {
	case "sarif":
		// Code scanning maps %SRCROOT%-relative URIs onto the repository: from its root.
		rooted := *res
		var rdiags []rules.Diagnostic
		rdiags, rooted.Notices = fromRepoRoot(repoPrefix(res.Project.Base), diags, res.Notices)
		err = sarif.Write(&out, sarif.FromResult(&rooted, rdiags, cfg, currentVersion(), o.category))
	case "json":
		err = report.JSON{}.Print(&out, diags)
	case "gitlab":
		// Code Quality resolves location.path from the repository root.
		rdiags, _ := fromRepoRoot(repoPrefix(res.Project.Base), diags, nil)
		err = report.GitLab{}.Print(&out, rdiags)
	case "junit":
		err = report.JUnit{}.Print(&out, diags)
	case "checkstyle":
		err = report.Checkstyle{}.Print(&out, diags)
	case "github":
		// Workflow commands resolve file= from the repository root (GITHUB_WORKSPACE).
		rdiags, _ := fromRepoRoot(repoPrefix(res.Project.Base), diags, nil)
		err = report.GitHub{}.Print(&out, rdiags)
	default:
		color := useColor(o, w)
		err = report.Text{Color: color}.Print(&out, diags)
	}
	if err != nil {
		return fail("%v", err)
	}
	if o.output != "" {
		if err := output.commit(out.Bytes()); err != nil {
			return fail("--output %s: %s", o.output, fsread.Describe(err))
		}
	} else if _, err := w.Write(out.Bytes()); err != nil {
		return fail("%v", err)
	}

	if len(res.Internal) > 0 {
		// The report stands (every other rule and file ran), but a partial result must not pass.
		return fail("internal error: %s; please report it", strings.Join(res.Internal, "; "))
	}

	errorsFound, warnings := 0, 0
	for _, d := range diags {
		if d.Severity == rules.Error {
			errorsFound++
		} else {
			warnings++
		}
	}
	switch {
	case o.exitZero:
		return exitClean
	case errorsFound > 0:
		return exitFindings
	case !o.quiet && o.maxWarnings >= 0 && warnings > o.maxWarnings:
		fmt.Fprintf(stderr, "convex-workos-lint: %d warnings, more than --max-warnings %d\n", warnings, o.maxWarnings)
		return exitFindings
	}
	return exitClean
}

// ruleJSON is one element of `rules --format json`; like JSONFinding, a stable interface.
type ruleJSON struct {
	ID       string   `json:"id"`
	Severity string   `json:"severity"`
	Fixable  bool     `json:"fixable"`
	Tags     []string `json:"tags"`
	Title    string   `json:"title"`
	DocsURL  string   `json:"docsUrl"`
}

func listRulesJSON(w io.Writer) int {
	out := []ruleJSON{}
	for _, r := range rules.All() {
		tags := r.Tags
		if tags == nil {
			tags = []string{}
		}
		out = append(out, ruleJSON{ID: r.ID, Severity: r.Severity.String(), Fixable: r.Fixable, Tags: tags,
			Title: r.Title, DocsURL: sarif.DocsURL(currentVersion(), r.ID)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return exitError
	}
	return exitClean
}

func listRules(w io.Writer) int {
	for _, r := range rules.All() {
		fix := ""
		if r.Fixable {
			fix = " (fixable)"
		}
		fmt.Fprintf(w, "%-40s %-8s %s%s\n", r.ID, r.Severity, r.Title, fix)
	}
	return exitClean
}

// notIgnored drops the paths that the config's ignore globs match (lint.IgnoresPath).
func notIgnored(cfg *lint.Config, paths []string) []string {
	var kept []string
	for _, p := range paths {
		if !lint.IgnoresPath(cfg, p) {
			kept = append(kept, p)
		}
	}
	return kept
}

// useColor: --color always/never (--no-color is never) win; auto colours a terminal, not an
// --output file, with FORCE_COLOR (not 0/false) forcing it on and NO_COLOR off, FORCE_COLOR
// first as in Node.js.
func useColor(o options, w io.Writer) bool {
	switch {
	case o.noColor || o.color == "never":
		return false
	case o.color == "always":
		return true
	}
	if fc, ok := os.LookupEnv("FORCE_COLOR"); ok && fc != "0" && fc != "false" {
		return true
	}
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	return o.output == "" && isTerminal(w)
}

// isTerminal reports whether w is a character device (a terminal), without a dependency.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
