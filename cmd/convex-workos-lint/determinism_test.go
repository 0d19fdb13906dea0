package main

import (
	"bytes"
	"runtime"
	"testing"
)

// TestDeterministicOutput: the same tree gives byte-identical reports in every format, run
// after run, whatever the parallelism (the engine's worker pool and the graph's parse pool).
func TestDeterministicOutput(t *testing.T) {
	t.Chdir("../..")
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, format := range []string{"text", "json", "sarif", "github"} {
		var first []byte
		for i, procs := range []int{1, 8, 1, 8} {
			runtime.GOMAXPROCS(procs)
			var out, errOut bytes.Buffer
			run([]string{"--no-color", "--format", format, "examples/nextjs-app", "examples/vite-app", "examples/tanstack-app"}, nil, &out, &errOut)
			if i == 0 {
				first = out.Bytes()
				if len(first) == 0 {
					t.Fatalf("%s: empty report (stderr %s)", format, errOut.String())
				}
				continue
			}
			if !bytes.Equal(out.Bytes(), first) {
				t.Errorf("%s: run %d with GOMAXPROCS=%d differs from the first run", format, i+1, procs)
			}
		}
	}
}
