package main

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/convex-workos-lint/convex-workos-lint/fix"
	"github.com/convex-workos-lint/convex-workos-lint/lint"
)

// beforeRename, when set (by tests only), runs between writing a fixed file's temporary copy
// and renaming it over the file: the moment another program's save would be lost.
var beforeRename func(path string)

// runFix is --fix and --diff: fix passes in memory, then a diff (--diff), the fixed buffer
// (--stdin-filename), or the files written atomically; the findings that remain are reported
// as without --fix and decide the exit code (at least 1 when a file could not be written).
func runFix(o options, cfg *lint.Config, lopts lint.Options, output *outputFile, stdout, stderr io.Writer, setup time.Duration) int {
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "convex-workos-lint: "+format+"\n", a...)
		return exitError
	}
	fixStart := time.Now()
	res, err := fix.Run(lopts)
	if err != nil {
		return fail("%v", err)
	}
	if o.debug && res.Last != nil {
		fmt.Fprintf(stderr, "debug: fix passes %d applied %s in %s (what follows is the last lint of the fixed content)\n", res.Passes, plural(res.Fixes, "fix", "fixes"), ms(time.Since(fixStart)))
		printDebug(stderr, cfg, res.Last, debugTimes{Setup: setup})
	}
	for _, n := range res.Dropped {
		fmt.Fprintf(stderr, "%s: warning: %s\n", n.Path, n.Message)
	}
	if !res.Converged {
		fmt.Fprintf(stderr, "convex-workos-lint: fixes still apply after %d passes; run --fix again and report this\n", fix.MaxPasses)
	}

	if o.diff {
		var out bytes.Buffer
		for _, f := range res.Files {
			out.Write(fix.Diff(f.Rel, f.Before, f.After))
		}
		if _, err := stdout.Write(out.Bytes()); err != nil {
			return fail("%v", err)
		}
		if res.Changed() {
			return exitFindings
		}
		return exitClean
	}

	if lopts.Stdin != nil {
		// The editor replaces its buffer with stdout: print it whole even when nothing changed.
		fixed := lopts.Stdin.Content
		for _, f := range res.Files {
			if f.Path == lopts.Stdin.Path {
				fixed = f.After
			}
		}
		if _, err := io.WriteString(stdout, fixed); err != nil {
			return fail("%v", err)
		}
		return finish(o, cfg, res.Last, output, stderr, stderr)
	}

	failed := fix.WriteAll(res.Files, beforeRename)
	for _, w := range failed {
		fmt.Fprintf(stderr, "%s: error: %v\n", w.File.Rel, w.Err)
	}
	last := res.Last
	if len(failed) > 0 {
		// What remains is what is on disk now: lint it again.
		if last, err = lint.Run(lopts); err != nil {
			return fail("%v", err)
		}
	}
	if n := len(res.Files) - len(failed); n > 0 {
		fixes := res.Fixes
		for _, w := range failed {
			fixes -= w.File.Fixes
		}
		fmt.Fprintf(stderr, "convex-workos-lint: applied %s in %s\n", plural(fixes, "fix", "fixes"), plural(n, "file", "files"))
	}
	code := finish(o, cfg, last, output, stdout, stderr)
	if len(failed) > 0 && code == exitClean && !o.exitZero {
		code = exitFindings // a file left unfixed is not a clean run, even when only warnings remain
	}
	return code
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
