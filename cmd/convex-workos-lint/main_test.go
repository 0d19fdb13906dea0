package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"convex-workos-lint": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
		// repeat FILE N TEXT appends TEXT (\n a line break) N times to FILE: generated inputs
		// (deep nesting, long lines) too big to commit.
		"repeat": func() {
			n, err := strconv.Atoi(os.Args[2])
			if len(os.Args) != 4 || err != nil {
				fmt.Fprintln(os.Stderr, "usage: repeat FILE N TEXT")
				os.Exit(2)
			}
			f, err := os.OpenFile(os.Args[1], os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
			if err == nil {
				_, err = f.WriteString(strings.Repeat(strings.ReplaceAll(os.Args[3], `\n`, "\n"), n))
				err = errors.Join(err, f.Close())
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		},
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
