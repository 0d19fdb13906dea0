package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"convex-workos-lint": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
		// As convex-workos-lint, but every file --fix writes is saved by "an editor" (a line
		// appended) after the linter read it and before the rename: the save must survive.
		"convex-workos-lint-racy": func() {
			beforeRename = func(path string) {
				f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
				if err != nil {
					panic(err)
				}
				f.WriteString("// saved by the editor\n")
				f.Close()
			}
			os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// TestCLI runs the end-to-end scripts in testdata/*.txtar: exit codes, formats, config,
// suppressions, stdin.
func TestCLI(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata"})
}
