package main

import (
	"fmt"
	"io"
	"time"

	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/report"
)

// printDebug writes the context --debug shows on stderr: the config, each project root (app)
// with its Convex functions directory, auth config and env files, the files read and parsed,
// and how long loading the config and the lint run took.
func printDebug(w io.Writer, cfg *lint.Config, res *lint.Result, configTime, runTime time.Duration) {
	path := cfg.Path
	if path == "" {
		path = "(none)"
	}
	fmt.Fprintf(w, "debug: config %s\n", report.Clean(path))
	for _, r := range res.Project.Roots {
		fmt.Fprintf(w, "debug: app %s", report.Clean(r.Dir))
		if r.HasConvex {
			fmt.Fprintf(w, " convex=%s", report.Clean(r.FunctionsDir))
		}
		if r.AuthConfig != nil {
			fmt.Fprintf(w, " auth-config=%s", report.Clean(r.AuthConfig.Rel))
		}
		fmt.Fprintln(w)
		for _, e := range r.EnvFiles {
			n := 0
			if e.Parsed != nil {
				n = len(e.Parsed.Entries)
			}
			fmt.Fprintf(w, "debug:   env file %s (%d variables)\n", report.Clean(e.Rel), n)
		}
	}
	fmt.Fprintf(w, "debug: files read %d, parsed %d\n", res.Files, res.Parsed)
	fmt.Fprintf(w, "debug: time setup (config, paths) %s, lint (walk, parse, checks) %s\n", configTime.Round(time.Microsecond), runTime.Round(time.Microsecond))
}
