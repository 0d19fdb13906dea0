//go:build bench

// Command gen prepares and inspects the benchmark corpus for bench/bench.sh.
//
//	gen corpus -src DIR -app DIR -out DIR   copy real package sources (unpacked npm tarballs
//	                                        under -src) and the example app into a corpus
//	gen synth -out DIR [-mb N]              generate a corpus of ordinary TSX (no npm needed)
//	gen dense -out DIR [-src DIR] [-scale N] a trigger-dense tree: whole npm packages unpacked
//	                                        under -src (optional) plus a generated Convex +
//	                                        WorkOS app of N times the base size
//	gen count DIR                           lint DIR as the CLI does; print files read and parsed
//	gen parseall DIR                        lint DIR with a rule that parses and walks every JS file
//	gen floor DIR                           read every file and scan it for every rule's trigger
//	                                        words, as the CLI does, and run no check: our floor
//	gen measure -spec FILE [-base NAME] [-ms] [-json FILE]
//	                                        run commands round-robin; print a markdown table of
//	                                        wall time, CPU time and peak RSS
//
// BENCH_CPUPROFILE=file writes a CPU profile of the run, BENCH_MEMPROFILE=file a heap profile
// taken before the run's result is dropped (what is alive at its end), BENCH_REPEAT=n lints n
// times (a steadier profile on a busy machine). BENCH_STDIN=1 makes count lint its one file as an
// editor buffer, as --stdin-filename does (the on-save case).
// The corpus must look like a real repository to every linter, so directory names that
// linters skip by default (dist, build, out, node_modules, dot dirs...) are renamed with a
// trailing underscore, and generated or huge files are left out.
package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/bench/synth"
	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// maxFileSize keeps every file under Biome's default files.maxSize (1 MiB), so that each
// tool sees the same files with its default settings.
const maxFileSize = 1 << 20

// selection is one subtree of an unpacked npm package copied into the corpus.
type selection struct {
	pkg     string   // directory under -src (the package name)
	dir     string   // subtree of the package to copy
	exclude []string // subtrees of dir left out (bundled or vendored code, not ordinary sources)
}

// selections are packages with many files of ordinary code: compiled JS (Next.js without its
// vendored bundles and prebuilt bundle-analyzer app, Monaco),
// hand-written TS (Effect) and React TSX (Blueprint, Radix Themes, TanStack Query).
var selections = []selection{
	{pkg: "next", dir: "dist", exclude: []string{"compiled", "bundle-analyzer"}},
	{pkg: "effect", dir: "src"},
	{pkg: "monaco-editor", dir: "esm", exclude: []string{"vs/languages/features/typescript/lib"}},
	{pkg: "@blueprintjs/core", dir: "src"},
	{pkg: "@radix-ui/themes", dir: "src"},
	{pkg: "@tanstack/react-query", dir: "src"},
}

// skipped are directory names that at least one of the linters skips by default.
var skipped = map[string]bool{
	"node_modules": true, "dist": true, "build": true, "out": true, "coverage": true,
	"_generated": true, "vendor": true, "bower_components": true,
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	// The same GC target as the CLI (cmd/convex-workos-lint/main.go), so that count and
	// parseall measure what the CLI would do.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if p := os.Getenv("BENCH_CPUPROFILE"); p != "" {
		f, err := os.Create(p)
		if err == nil && pprof.StartCPUProfile(f) == nil {
			defer pprof.StopCPUProfile()
		}
	}
	var err error
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "corpus":
		err = corpusCmd(args)
	case "synth":
		err = synthCmd(args)
	case "dense":
		err = denseCmd(args)
	case "count":
		err = lintCmd(args, false)
	case "parseall":
		err = lintCmd(args, true)
	case "floor":
		err = floorCmd(args)
	case "measure":
		err = measureCmd(args)
	default:
		usage()
	}
	if err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: gen corpus -src DIR -app DIR -out DIR | gen synth -out DIR [-mb N] | gen dense -out DIR [-src DIR] [-scale N] | gen count DIR | gen parseall DIR | gen measure -spec FILE")
	os.Exit(2)
}

func corpusCmd(args []string) error {
	flags := flag.NewFlagSet("corpus", flag.ExitOnError)
	src := flags.String("src", "", "directory holding the unpacked packages, one directory per package name")
	app := flags.String("app", "", "a Convex + WorkOS app copied to app/ (the linter's real target)")
	out := flags.String("out", "", "corpus directory (replaced)")
	_ = flags.Parse(args)
	if *src == "" || *out == "" {
		return fmt.Errorf("corpus needs -src and -out")
	}
	if err := os.RemoveAll(*out); err != nil {
		return err
	}
	var st stats
	for _, s := range selections {
		from := filepath.Join(*src, filepath.FromSlash(s.pkg))
		to := filepath.Join(*out, "packages", safeName(s.pkg))
		if err := copyFile(filepath.Join(from, "package.json"), filepath.Join(to, "package.json")); err != nil {
			return err
		}
		if err := copyTree(filepath.Join(from, s.dir), filepath.Join(to, renamed(s.dir)), s.exclude, &st); err != nil {
			return err
		}
	}
	if *app != "" {
		if err := copyAll(*app, filepath.Join(*out, "app")); err != nil {
			return err
		}
	}
	root := `{
  "name": "bench-corpus",
  "private": true,
  "workspaces": ["app", "packages/*"]
}
`
	if err := os.WriteFile(filepath.Join(*out, "package.json"), []byte(root), 0o644); err != nil {
		return err
	}
	st.print()
	return nil
}

// safeName turns a package name into one directory: @scope/name -> scope-name.
func safeName(pkg string) string {
	return strings.ReplaceAll(strings.TrimPrefix(pkg, "@"), "/", "-")
}

// renamed renames the path components that linters skip by default.
func renamed(rel string) string {
	parts := strings.Split(filepath.ToSlash(rel), "/")
	for i, p := range parts {
		if skipped[p] {
			parts[i] = p + "_"
		} else if strings.HasPrefix(p, ".") && p != "." && p != ".." {
			parts[i] = "_" + p[1:]
		}
	}
	return filepath.FromSlash(strings.Join(parts, "/"))
}

// isSource says whether a file is ordinary JS/TS source worth linting.
func isSource(name string) bool {
	for _, s := range []string{".d.ts", ".d.mts", ".d.cts", ".min.js", ".min.mjs"} {
		if strings.HasSuffix(name, s) {
			return false
		}
	}
	return parser.IsJS(name)
}

func copyTree(from, to string, exclude []string, st *stats) error {
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if d.IsDir() {
			for _, x := range exclude {
				if filepath.ToSlash(rel) == x {
					return filepath.SkipDir
				}
			}
			return nil
		}
		if !d.Type().IsRegular() || !isSource(d.Name()) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Size() > maxFileSize {
			st.tooBig++
			return nil
		}
		st.add(d.Name(), info.Size())
		return copyFile(path, filepath.Join(to, renamed(rel)))
	})
}

// copyAll copies every regular file of a small tree as is (the example app).
func copyAll(from, to string) error {
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !d.Type().IsRegular() {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		return copyFile(path, filepath.Join(to, rel))
	})
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// stats counts the copied files by extension.
type stats struct {
	files, tooBig int
	bytes         int64
	byExt         map[string][2]int64
}

func (s *stats) add(name string, size int64) {
	if s.byExt == nil {
		s.byExt = map[string][2]int64{}
	}
	ext := filepath.Ext(name)
	e := s.byExt[ext]
	s.byExt[ext] = [2]int64{e[0] + 1, e[1] + size}
	s.files++
	s.bytes += size
}

func (s *stats) print() {
	var exts []string
	for e := range s.byExt {
		exts = append(exts, e)
	}
	sort.Strings(exts)
	var parts []string
	for _, e := range exts {
		parts = append(parts, fmt.Sprintf("%s %d files %.1f MB", e, s.byExt[e][0], float64(s.byExt[e][1])/1e6))
	}
	fmt.Printf("corpus: %d source files, %.1f MB (%s); %d files over 1 MiB left out\n",
		s.files, float64(s.bytes)/1e6, strings.Join(parts, ", "), s.tooBig)
}

func synthCmd(args []string) error {
	flags := flag.NewFlagSet("synth", flag.ExitOnError)
	out := flags.String("out", "", "corpus directory (replaced)")
	mb := flags.Int("mb", 55, "approximate size in MB")
	app := flags.String("app", "", "a Convex + WorkOS app copied to app/")
	_ = flags.Parse(args)
	if *out == "" {
		return fmt.Errorf("synth needs -out")
	}
	if err := os.RemoveAll(*out); err != nil {
		return err
	}
	var st stats
	for i := 0; st.bytes < int64(*mb)*1e6; i++ {
		name := filepath.Join(*out, "packages", fmt.Sprintf("pkg%02d", i/500), "src", fmt.Sprintf("widget%d", i%500/50), fmt.Sprintf("Widget%d.tsx", i))
		content := synth.Component(i)
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			return err
		}
		st.add(name, int64(len(content)))
	}
	if *app != "" {
		if err := copyAll(*app, filepath.Join(*out, "app")); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(*out, "package.json"), []byte(`{"name":"bench-corpus","private":true}`+"\n"), 0o644); err != nil {
		return err
	}
	st.print()
	return nil
}

// densePkgs are the npm packages of the trigger-dense tree, copied whole (every JS/TS source,
// whatever the directory): the code a Convex + WorkOS monorepo vendors or a linter meets when
// node_modules is not ignored, dense with the words our rules look for.
var densePkgs = []string{"convex", "@workos-inc/authkit-nextjs", "@workos-inc/authkit-react", "react", "react-dom", "typescript", "jose", "valibot"}

func denseCmd(args []string) error {
	flags := flag.NewFlagSet("dense", flag.ExitOnError)
	src := flags.String("src", "", "directory holding the unpacked packages (none: the generated app alone)")
	out := flags.String("out", "", "tree directory (replaced)")
	scale := flags.Int("scale", 1, "size of each generated app, in multiples of about 300 files")
	apps := flags.Int("apps", 1, "generated apps under apps/ (with -src)")
	_ = flags.Parse(args)
	if *out == "" {
		return fmt.Errorf("dense needs -out")
	}
	if err := os.RemoveAll(*out); err != nil {
		return err
	}
	var st stats
	appDir := *out
	if *src != "" {
		for _, pkg := range densePkgs {
			from := filepath.Join(*src, filepath.FromSlash(pkg))
			to := filepath.Join(*out, "packages", safeName(pkg))
			if err := copyFile(filepath.Join(from, "package.json"), filepath.Join(to, "package.json")); err != nil {
				return err
			}
			if err := copyTree(from, to, nil, &st); err != nil {
				return err
			}
		}
		root := `{
  "name": "bench-dense",
  "private": true,
  "workspaces": ["apps/*", "packages/*"]
}
`
		if err := os.WriteFile(filepath.Join(*out, "package.json"), []byte(root), 0o644); err != nil {
			return err
		}
	}
	for a := range max(1, *apps) {
		name := "web"
		dir := appDir
		if *src != "" {
			name = fmt.Sprintf("web%d", a)
			dir = filepath.Join(*out, "apps", name)
		} else if a > 0 {
			break
		}
		if err := writeApp(dir, synth.DenseApp(name, *scale), &st); err != nil {
			return err
		}
	}
	st.print()
	return nil
}

// writeApp writes a generated app's files under dir.
func writeApp(dir string, files map[string]string, st *stats) error {
	for rel, content := range files {
		name := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			return err
		}
		if parser.IsJS(rel) && !strings.Contains(rel, "_generated") {
			st.add(rel, int64(len(content)))
		}
	}
	return nil
}

// lintCmd runs the engine on a directory as the CLI does and prints what it read and parsed:
// the CLI itself does not say how many files it processed. With parseAll it runs only a rule
// without trigger words, so that every JS/TS file is parsed and walked once (the prefilter
// off): the linter's raw throughput on the corpus.
func lintCmd(args []string, parseAll bool) error {
	return runLint(args, parseAll, false)
}

// floorCmd is lintCmd with every rule's checks removed and its trigger words kept: each file is
// read and scanned once for all of them and nothing is parsed. A whole-project run cannot be
// cheaper than this.
func floorCmd(args []string) error { return runLint(args, false, true) }

func runLint(args []string, parseAll, floor bool) error {
	if len(args) != 1 {
		usage()
	}
	dir, err := filepath.Abs(args[0])
	if err != nil {
		return err
	}
	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	cfg, err := lint.FindConfig(cwd)
	if err != nil {
		return err
	}
	opts := lint.Options{Base: cwd, Paths: []string{dir}, Config: cfg}
	if os.Getenv("BENCH_STDIN") != "" {
		b, err := os.ReadFile(dir)
		if err != nil {
			return err
		}
		opts.Stdin = &project.Buffer{Path: dir, Content: string(b)}
	}
	if parseAll {
		r := &rules.Rule{
			ID: "bench-parse-all", Title: "Parse and walk every JS/TS file", Severity: rules.Warning,
			Doc:   rules.Doc{Why: "Benchmark only: measures the parser without the prefilter."},
			Kinds: rules.KindJS,
			CheckFile: func(c *rules.FileContext) {
				parser.Inspect(c.AST, func(parser.Node, *parser.Cursor) bool { return true })
			},
		}
		rules.Register(r)
		opts.Rules = []*rules.Rule{r}
	}
	if floor {
		for _, r := range rules.All() {
			c := *r
			c.CheckFile, c.CheckProject = nil, nil
			opts.Rules = append(opts.Rules, &c)
		}
	}
	repeat, _ := strconv.Atoi(os.Getenv("BENCH_REPEAT"))
	var res *lint.Result
	for range max(1, repeat) {
		if res, err = lint.Run(opts); err != nil {
			return err
		}
	}
	if p := os.Getenv("BENCH_MEMPROFILE"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			return err
		}
		runtime.GC()
		if err := pprof.WriteHeapProfile(f); err != nil {
			return err
		}
		f.Close()
	}
	unparsed := 0
	for _, d := range res.Diagnostics {
		if d.Rule == rules.ParseErrorID {
			unparsed++
		}
	}
	fmt.Printf("files=%d parsed=%d diagnostics=%d parse_errors=%d\n", res.Files, res.Parsed, len(res.Diagnostics), unparsed)
	return nil
}
