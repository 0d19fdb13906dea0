package main

import (
	"fmt"
	"io"
	"time"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/report"
)

// debugTimes are the CLI's own phases around lint.Run.
type debugTimes struct {
	Setup  time.Duration // config, paths
	Report time.Duration // formatting and writing the findings (zero: not timed)
}

// printDebug writes the context --debug shows on stderr: the config, each package root (app)
// with the Convex deployment it talks to (analysis.BackendOf) and its env files, each
// deployment with its functions directory and auth config, the file counts, and the time per
// phase. Everything but the times is deterministic; env values are never printed, only counts.
func printDebug(w io.Writer, cfg *lint.Config, res *lint.Result, t debugTimes) {
	path := cfg.Path
	if path == "" {
		path = "(none)"
	}
	fmt.Fprintf(w, "debug: config %s\n", report.Clean(path))
	p := res.Project
	if p == nil { // everything named was ignored: no run
		fmt.Fprintln(w, "debug: no files to lint")
		return
	}
	rel := func(abs string) string { return report.Clean(p.RelPath(abs)) }
	for _, r := range p.Roots {
		fmt.Fprintf(w, "debug: app %s", rel(r.Dir))
		if r.Package != nil {
			if v, ok := r.Package.Get("name"); ok {
				if name, ok := parser.String(v); ok && name != "" {
					fmt.Fprintf(w, " (package %s)", report.Clean(name))
				}
			}
		}
		if d := analysis.BackendOf(p, r); d != nil {
			fmt.Fprintf(w, " backend %s", rel(d.Dir))
		} else {
			fmt.Fprint(w, " backend (none)")
		}
		if r.Parent != nil {
			fmt.Fprintf(w, " workspace %s", rel(r.Parent.Dir))
		}
		fmt.Fprintln(w)
		for _, e := range r.EnvFiles {
			n := 0
			if e.Parsed != nil {
				n = len(e.Parsed.Entries)
			}
			fmt.Fprintf(w, "debug:   env file %s (%s)\n", report.Clean(e.Rel), plural(n, "variable", "variables"))
		}
	}
	for _, d := range p.Deployments() {
		auth := "(none)"
		if d.AuthConfig != nil {
			auth = report.Clean(d.AuthConfig.Rel)
		}
		fmt.Fprintf(w, "debug: deployment %s functions %s auth config %s\n", rel(d.Dir), rel(d.FunctionsDir), auth)
	}
	fmt.Fprintf(w, "debug: files walked %d, linted %d, read %d, parsed %d\n", len(p.Files), len(p.Targets), res.Files, res.Parsed)
	ph := res.Phases
	fmt.Fprintf(w, "debug: time setup %s, walk %s, context %s, file pass %s (read %s, parse and per-file rules %s, summed over %d workers), project rules %s, finish %s",
		ms(t.Setup), ms(ph.Walk), ms(ph.Context), ms(ph.FilePass), ms(ph.Read), ms(ph.Check), ph.Workers,
		ms(ph.Project), ms(ph.Finish))
	if t.Report > 0 {
		fmt.Fprintf(w, ", report %s", ms(t.Report))
	}
	fmt.Fprintln(w)
}

// ms is a duration in milliseconds with two decimals: one unit, so that phases compare at a glance.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
}
