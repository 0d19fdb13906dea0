package lint_test

// Benchmarks of the engine and the parser; no timing thresholds. Run with
//
//	go test ./lint/ -run '^$' -bench . -benchmem
//
// bench/bench.sh compares the CLI with other linters; bench/README.md has the numbers.

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/bench/synth"
	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

const benchFiles = 1000 // about 3.5 MB of TSX

// BenchmarkEngine lints a generated project of ordinary React components. "prefilter": no
// file holds a rule's trigger word, so files are read and scanned but never parsed (most
// files of a real repository). "triggered": every file holds every trigger word (in a
// comment), so every file is parsed and every per-file rule runs on it: the worst case.
// BenchmarkParseJS is the parser alone. gogc=400 is the CLI's own GC target
// (cmd/convex-workos-lint), gogc=100 Go's default.
func BenchmarkEngine(b *testing.B) {
	for _, mode := range []string{"prefilter", "triggered"} {
		for _, gc := range []int{100, 400} {
			b.Run(fmt.Sprintf("%s/gogc=%d", mode, gc), func(b *testing.B) {
				header := ""
				if mode == "triggered" {
					header = "// " + strings.Join(allTriggers(), " ") + "\n"
				}
				dir, size := writeProject(b, benchFiles, header)
				defer debug.SetGCPercent(debug.SetGCPercent(gc))
				b.SetBytes(size)
				b.ReportAllocs()
				b.ResetTimer()
				var parsed int
				for b.Loop() {
					res, err := lint.Run(lint.Options{Base: dir, Paths: []string{dir}})
					if err != nil {
						b.Fatal(err)
					}
					parsed = res.Parsed
				}
				b.ReportMetric(float64(parsed), "parsed/op")
				if mode == "prefilter" && parsed != 0 {
					b.Logf("%d generated files hold a trigger word: the prefilter case parses them", parsed)
				}
			})
		}
	}
}

// BenchmarkDense lints the generated trigger-dense Convex + WorkOS app (bench/synth.DenseApp)
// at 1x, 2x, 4x and 8x its base size: nearly every file holds a trigger word and is parsed,
// and the project checks follow render sites and imports across the whole app. Cost should
// grow with the app, linearly; MB/s is the JS/TS bytes per second.
func BenchmarkDense(b *testing.B) {
	for _, scale := range []int{1, 2, 4, 8} {
		b.Run(fmt.Sprintf("app=%dx", scale), func(b *testing.B) {
			dir := b.TempDir()
			var size int64
			for rel, content := range synth.DenseApp("web", scale) {
				p := filepath.Join(dir, filepath.FromSlash(rel))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					b.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					b.Fatal(err)
				}
				if parser.IsJS(rel) {
					size += int64(len(content))
				}
			}
			defer debug.SetGCPercent(debug.SetGCPercent(400))
			b.SetBytes(size)
			b.ReportAllocs()
			b.ResetTimer()
			var parsed, findings int
			for b.Loop() {
				res, err := lint.Run(lint.Options{Base: dir, Paths: []string{dir}})
				if err != nil {
					b.Fatal(err)
				}
				parsed, findings = res.Parsed, len(res.Diagnostics)
			}
			b.ReportMetric(float64(parsed), "parsed/op")
			if findings != 0 {
				b.Logf("%d findings on the generated app, which is meant to be clean", findings)
			}
		})
	}
}

// BenchmarkParseJS is the esbuild front end alone, on one generated TSX file of about 1 MB
// and, when bench/bench.sh has unpacked it, on TypeScript's own 9 MB typescript.js.
func BenchmarkParseJS(b *testing.B) {
	var big strings.Builder
	for i := 0; big.Len() < 1<<20; i++ {
		big.WriteString(strings.ReplaceAll(synth.Component(i), "import ", "// import "))
	}
	inputs := []struct{ name, path, src string }{{"generated-tsx-1MB", "big.tsx", big.String()}}
	tsJS := filepath.Join("..", ".bench", "corpus-src", "typescript", "lib", "typescript.js")
	if src, err := os.ReadFile(tsJS); err == nil {
		inputs = append(inputs, struct{ name, path, src string }{"typescript.js", tsJS, string(src)})
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			defer debug.SetGCPercent(debug.SetGCPercent(400))
			b.SetBytes(int64(len(in.src)))
			b.ReportAllocs()
			for b.Loop() {
				if tree, problems := parser.ParseJS(in.path, in.src); tree == nil {
					b.Fatalf("%s does not parse: %v", in.name, problems)
				}
			}
		})
	}
	if len(inputs) == 1 {
		b.Run("typescript.js", func(b *testing.B) {
			b.Skipf("%s not found: run bash bench/bench.sh once to unpack it", tsJS)
		})
	}
}

// allTriggers is every trigger word of every registered rule, sorted.
func allTriggers() []string {
	seen := map[string]bool{}
	var words []string
	for _, r := range rules.All() {
		for _, w := range r.Triggers {
			if !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	sort.Strings(words)
	return words
}

// writeProject writes a package with n component files under src/, each starting with header;
// it returns the directory and the total size of the source files.
func writeProject(b *testing.B, n int, header string) (string, int64) {
	b.Helper()
	dir := b.TempDir()
	write := func(rel, content string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write("package.json", `{"name":"bench-app","private":true,"dependencies":{"react":"^19.1.0"}}`+"\n")
	var size int64
	for i := range n {
		src := header + synth.Component(i)
		write(fmt.Sprintf("src/widgets%d/Widget%d.tsx", i/50, i), src)
		size += int64(len(src))
	}
	return dir, size
}
