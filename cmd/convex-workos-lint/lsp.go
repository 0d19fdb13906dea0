package main

import (
	"fmt"
	"io"

	"github.com/convex-workos-lint/convex-workos-lint/lsp"
	"github.com/convex-workos-lint/convex-workos-lint/sarif"
)

// runLSP serves the Language Server Protocol on stdin/stdout until the client's exit.
func runLSP(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		// Clients often pass --stdio; it is the only transport, so it is accepted and ignored.
		for _, a := range args {
			if a != "--stdio" {
				fmt.Fprintf(stderr, "convex-workos-lint: lsp takes no arguments but --stdio, got %q\n", a)
				return exitError
			}
		}
	}
	v := currentVersion()
	srv := lsp.NewServer(stdout, lsp.Options{
		Version: v,
		Stderr:  stderr,
		DocsURL: func(rule string) string { return sarif.DocsURL(v, rule) },
	})
	return srv.Serve(stdin)
}
