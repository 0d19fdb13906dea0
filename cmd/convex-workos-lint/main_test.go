package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"convex-workos-lint": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestCLI runs the end-to-end scripts in testdata/*.txtar: exit codes, formats, config,
// suppressions, stdin.
func TestCLI(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata"})
}
