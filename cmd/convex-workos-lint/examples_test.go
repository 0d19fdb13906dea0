package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var updateExamples = flag.Bool("update-examples", false, "rewrite examples/*/expected-findings.txt and expected-after-fix.txt")

// TestExamples keeps the README's quick start honest: each bundled example app yields exactly
// the findings in its expected-findings.txt (regenerate with -update-examples after a rule
// change, and read the diff).
func TestExamples(t *testing.T) {
	t.Chdir("../..")
	dirs, _ := filepath.Glob("examples/*")
	if len(dirs) == 0 {
		t.Fatal("no examples")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var out, errOut bytes.Buffer
			if code := run([]string{"--no-color", dir}, nil, &out, &errOut); code != exitFindings {
				t.Errorf("exit %d, want %d (the examples are meant to have findings); stderr: %s", code, exitFindings, errOut.String())
			}
			golden := filepath.Join(dir, "expected-findings.txt")
			if *updateExamples {
				if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Errorf("findings differ from %s (go test ./cmd/convex-workos-lint -run TestExamples -update-examples):\n%s", golden, out.String())
			}
		})
	}
}

// TestExamplesAfterFix runs --fix on a copy of each example: what remains must be exactly its
// expected-after-fix.txt (the findings without a safe fix), and --diff must then find nothing
// left to fix.
func TestExamplesAfterFix(t *testing.T) {
	t.Chdir("../..")
	dirs, _ := filepath.Glob("examples/*")
	repo, _ := os.Getwd()
	fixed := 0
	defer func() {
		if fixed == 0 {
			t.Error("--fix applied nothing in any example")
		}
	}()
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			tmp := t.TempDir()
			if err := os.CopyFS(filepath.Join(tmp, dir), os.DirFS(dir)); err != nil {
				t.Fatal(err)
			}
			t.Chdir(tmp)
			var out, errOut bytes.Buffer
			if code := run([]string{"--no-color", "--fix", dir}, nil, &out, &errOut); code != exitFindings {
				t.Errorf("exit %d, want %d; stderr: %s", code, exitFindings, errOut.String())
			}
			if bytes.Contains(errOut.Bytes(), []byte("convex-workos-lint: applied ")) {
				fixed++
			}
			var diff bytes.Buffer
			if code := run([]string{"--diff", dir}, nil, &diff, &errOut); code != exitClean || diff.Len() > 0 {
				t.Errorf("--diff after --fix: exit %d, want 0 and no diff:\n%s", code, diff.String())
			}
			golden := filepath.Join(repo, dir, "expected-after-fix.txt")
			if *updateExamples {
				if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Errorf("findings after --fix differ from %s (go test ./cmd/convex-workos-lint -run TestExamples -update-examples):\n%s", golden, out.String())
			}
		})
	}
}
