package gitignore

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// Paths in test trees use a trailing "/" for directories.

// ruleCases pin each rule from gitignore(5). Where git is on PATH every expectation is
// also checked against git itself, so the table cannot drift from git.
var ruleCases = []struct {
	name  string
	files map[string]string // ignore files and their contents; ".git/info/exclude" allowed
	want  map[string]bool
}{
	{
		name:  "blank lines and comments",
		files: map[string]string{".gitignore": "\n\n# secret\n   \nbar\n#\n"},
		want:  map[string]bool{"# secret": false, "secret": false, "bar": true, "#": false},
	},
	{
		name:  "escaped hash and bang",
		files: map[string]string{".gitignore": "\\#hash\n\\!bang\n"},
		want:  map[string]bool{"#hash": true, "!bang": true, "hash": false, "bang": false},
	},
	{
		name:  "trailing spaces",
		files: map[string]string{".gitignore": "plain   \nesc\\ \nesc2\\  \ntab\t\n"},
		want: map[string]bool{
			"plain": true, "plain ": false,
			"esc ": true, "esc": false,
			"esc2 ": true, "esc2  ": false,
			"tab\t": true, "tab": false,
		},
	},
	{
		name:  "negation",
		files: map[string]string{".gitignore": "*.log\n!keep.log\n"},
		want:  map[string]bool{"a.log": true, "keep.log": false, "d/keep.log": false, "d/b.log": true},
	},
	{
		name:  "later lines win",
		files: map[string]string{".gitignore": "!a.txt\n*.txt\nb.txt\n!b.txt\n"},
		want:  map[string]bool{"a.txt": true, "b.txt": false, "c.txt": true},
	},
	{
		name:  "anchoring",
		files: map[string]string{".gitignore": "/top\nmid/file\nany\n", "d/.gitignore": "/here\n"},
		want: map[string]bool{
			"top": true, "d/top": false,
			"mid/file": true, "x/mid/file": false,
			"any": true, "x/y/any": true,
			"d/here": true, "d/e/here": false, "here": false,
		},
	},
	{
		name:  "directory only",
		files: map[string]string{".gitignore": "build/\n/out/\n"},
		want: map[string]bool{
			"build/": true, "build/x.go": true, "d/build/": true, "d/build/y": true, "e/build": false,
			"out/": true, "out/z": true, "d/out/": false, "e/out": false,
		},
	},
	{
		name:  "wildcards stop at slash",
		files: map[string]string{".gitignore": "/p*q\n/r?s\n/t[/]u\n/v[!a]w\n"},
		want: map[string]bool{
			"pq": true, "pzzq": true, "p/q": false,
			"rxs": true, "r/s": false,
			"t/u": false, "v/w": false, "vbw": true, "vaw": false,
		},
	},
	{
		name:  "character classes",
		files: map[string]string{".gitignore": "*.[oa]\nfile[0-9].txt\nimg[!a-c].png\nx[^y]z\n[[:digit:]]*.num\n[]]br\n[a-]dash\n"},
		want: map[string]bool{
			"m.o": true, "m.a": true, "m.c": false,
			"file3.txt": true, "filex.txt": false, "file10.txt": false,
			"imgd.png": true, "imgb.png": false,
			"xaz": true, "xyz": false,
			"7up.num": true, "up7.num": false,
			"]br": true, "-dash": true, "adash": true, "bdash": false,
		},
	},
	{
		name:  "leading double star",
		files: map[string]string{".gitignore": "**/logs\n**/cache/x\n"},
		want: map[string]bool{
			"logs": true, "a/logs": true, "a/b/logs/f": true,
			"cache/x": true, "a/b/cache/x": true, "a/cachex": false,
		},
	},
	{
		name:  "trailing double star",
		files: map[string]string{".gitignore": "abc/**\n"},
		want:  map[string]bool{"abc/": false, "abc/x": true, "abc/y/z": true, "d/abc/x": false},
	},
	{
		name:  "middle double star",
		files: map[string]string{".gitignore": "a/**/b\n"},
		want: map[string]bool{
			"a/b": true, "a/x/b": true, "a/x/y/b": true, "a/xb": false, "z/a/b": false,
		},
	},
	{
		name: "double star outside a segment is a single star",
		// git globs only after the literal head, so "foo**/bar" behaves like "foo/**/bar"
		// on the remainder; "q**z" stays a single star.
		files: map[string]string{".gitignore": "/q**z\nfoo**/bar\n"},
		want: map[string]bool{
			"qxz": true, "q/z": false,
			"foo/bar": true, "fooX/bar": true, "fooX/Y/bar": true, "fo/bar": false,
		},
	},
	{
		name: "deeper file wins",
		files: map[string]string{
			".gitignore":   "*.txt\n!x.md\n",
			"d/.gitignore": "!*.txt\nx.md\n",
		},
		want: map[string]bool{"a.txt": true, "d/a.txt": false, "d/e/a.txt": false, "x.md": false, "d/x.md": true},
	},
	{
		name: "no re-include under an excluded directory",
		files: map[string]string{
			".gitignore":        "vendor/\n!vendor/keep.go\ndir/*\n!dir/sub/\n",
			"vendor/.gitignore": "!*\n", // never read: vendor/ is excluded
		},
		want: map[string]bool{
			"vendor/": true, "vendor/keep.go": true, "vendor/lib/x.go": true,
			"dir/": false, "dir/a": true, "dir/sub/": false, "dir/sub/b": false, "dir/other/c": true,
		},
	},
	{
		name: "info/exclude has lowest precedence",
		files: map[string]string{
			".git/info/exclude": "*.dat\nprec.txt\nonly.txt\n",
			".gitignore":        "!keep.dat\n!prec.txt\n",
		},
		want: map[string]bool{"a.dat": true, "keep.dat": false, "prec.txt": false, "only.txt": true, "d/only.txt": true},
	},
	{
		name:  "case sensitive",
		files: map[string]string{".gitignore": "*.LOG\nReadme\n"},
		want:  map[string]bool{"a.LOG": true, "a.log": false, "Readme": true, "README": false},
	},
	{
		name:  "CRLF and BOM",
		files: map[string]string{".gitignore": "\uFEFFbom\r\ncrlf\r\n\r\nlast"},
		want:  map[string]bool{"bom": true, "crlf": true, "last": true, "\uFEFFbom": false},
	},
}

func TestRules(t *testing.T) {
	for _, tc := range ruleCases {
		t.Run(tc.name, func(t *testing.T) {
			root := newRepo(t)
			for name, content := range tc.files {
				writeFile(t, root, name, content)
			}
			var paths []string
			for p := range tc.want {
				createPath(t, root, p)
				paths = append(paths, p)
			}
			sort.Strings(paths)
			m := New(root)
			for _, p := range paths {
				if got := m.Ignored(strings.TrimSuffix(p, "/"), strings.HasSuffix(p, "/")); got != tc.want[p] {
					t.Errorf("Ignored(%q) = %v, want %v", p, got, tc.want[p])
				}
			}
			if hasGit() {
				git := gitCheckIgnore(t, root, paths)
				for _, p := range paths {
					if git[p] != tc.want[p] {
						t.Errorf("table disagrees with git on %q: git says %v", p, git[p])
					}
				}
			}
		})
	}
}

// differentialTree exercises every feature at once, nested.
var differentialTree = map[string]string{
	".git/info/exclude": "*.secret\nexcluded-only.txt\nprec.txt\n*.dat\n",
	".gitignore": strings.Join([]string{
		"# comment line",
		"",
		"*.log",
		"!keep.log",
		"/build/",
		"docs/*.tmp",
		"**/cache/",
		"logs/**",
		"!logs/**/",
		"!logs/**/*.keep",
		"a/**/z",
		`\#hash`,
		`\!bang`,
		`trailing\ `,
		"spaces   ",
		"tab\t",
		"*.[oa]",
		"file[0-9].txt",
		"img[!a-c].png",
		"neg[^x].bin",
		"[[:digit:]]*.num",
		"vendor/",
		"!vendor/keep.go",
		"assets/*",
		"!assets/public/",
		"Upper.TXT",
		"foo**/bar",
		"!prec.txt",
		"!keep.dat",
		"",
	}, "\n"),
	"sub/.gitignore":           "\uFEFF!*.log\r\n/local\r\ndeep/\r\n*.txt\r\n",
	"sub/inner/.gitignore":     "*.log\n!important.log\n!notes.txt\n",
	"vendor/.gitignore":        "!*\n",
	"assets/public/.gitignore": "*.psd\n",
}

var differentialPaths = []string{
	"a.log", "keep.log", "x/keep.log", "x/y.log",
	"sub/keep.log", "sub/a.log", "sub/inner/a.log", "sub/inner/important.log",
	"sub/inner/notes.txt", "sub/notes.txt", "sub/local", "sub/x/local", "local",
	"sub/deep/f", "sub/x/deep", "sub/inner/deep/g", "notes.txt",
	"build/out.bin", "sub/build/x", "build.txt",
	"docs/a.tmp", "docs/x/b.tmp", "x/docs/c.tmp", "docs/a.md",
	"cache/f", "a/cache/f", "a/b/cache/g", "cachefile", "x/cache",
	"logs/a.txt", "logs/x/b.keep", "logs/x/c.txt", "logs/y/z/d.keep", "logs/y/z/e",
	"a/z", "a/b/z", "a/b/c/z", "a/bz", "b/a/z",
	"#hash", "!bang", "hash", "bang", "trailing ", "trailing", "spaces", "spaces ", "tab\t", "tab",
	"x.o", "x.a", "x.c", "d/y.o",
	"file1.txt", "filex.txt", "file10.txt", "imgd.png", "imga.png", "negy.bin", "negx.bin",
	"1abc.num", "abc.num", "d/9.num",
	"vendor/keep.go", "vendor/lib.go", "vendor/sub/keep.go",
	"assets/img.png", "assets/public/logo.png", "assets/public/art.psd", "assets/private/key",
	"Upper.TXT", "upper.txt", "UPPER.TXT",
	"foo/bar", "fooX/bar", "fooX/Y/bar", "fo/bar", "foo/baz",
	"x.secret", "sub/y.secret", "excluded-only.txt", "sub/excluded-only.txt", "prec.txt",
	"a.dat", "keep.dat", "sub/keep.dat",
	"emptydir/", "sub/emptydeep/deep/",
}

func TestDifferentialAgainstGit(t *testing.T) {
	requireGit(t)
	root := newRepo(t)
	for name, content := range differentialTree {
		writeFile(t, root, name, content)
	}
	for _, p := range differentialPaths {
		createPath(t, root, p)
	}
	paths := walk(t, root)
	if len(paths) < 60 {
		t.Fatalf("only %d paths", len(paths))
	}
	compareWithGit(t, root, paths)
}

// TestRandomDifferential throws generated patterns at generated paths, one directory
// per pattern set, and checks every answer against git.
func TestRandomDifferential(t *testing.T) {
	requireGit(t)
	randomDifferential(t, 1, 300)
}

func randomDifferential(t *testing.T, seed uint64, dirs int) {
	root := newRepo(t)
	rng := rand.New(rand.NewPCG(seed, 2))
	pieces := []string{
		"a", "b", "c", ".", "-", "*", "**", "?", "/", "[ab]", "[!a]", "[^a]", "[a-c]", "[]a]",
		"[[:alpha:]]", "[[:digit:]]", "[[:punct:]]", "[[:bogus:]]", `\*`, `\a`, `\[`, "[", "]", `\`,
		" ", `\ `, "#", "!", "a/", "/b", "**/", "/**",
	}
	segs := []string{"a", "b", "c", "ab", "ba", "abc", "a.c", "b.a", "cab", "-", "a-b", "1", "*", "[a]", "a b", "#a", "!a", "a "}
	genPattern := func() string {
		var sb strings.Builder
		if rng.IntN(4) == 0 {
			sb.WriteString("!")
		}
		if rng.IntN(4) == 0 {
			sb.WriteString("/")
		}
		for n := 1 + rng.IntN(4); n > 0; n-- {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		if rng.IntN(5) == 0 {
			sb.WriteString("/")
		}
		return sb.String()
	}
	genPath := func() string {
		var parts []string
		for n := 1 + rng.IntN(4); n > 0; n-- {
			parts = append(parts, segs[rng.IntN(len(segs))])
		}
		p := strings.Join(parts, "/")
		if rng.IntN(4) == 0 {
			p += "/"
		}
		return p
	}
	for i := range dirs {
		dir := fmt.Sprintf("r%03d", i)
		var lines []string
		for n := 1 + rng.IntN(3); n > 0; n-- {
			lines = append(lines, genPattern())
		}
		writeFile(t, root, dir+"/.gitignore", strings.Join(lines, "\n")+"\n")
		if rng.IntN(3) == 0 {
			writeFile(t, root, dir+"/a/.gitignore", genPattern()+"\n"+genPattern()+"\n")
		}
		for range 12 {
			p := dir + "/" + genPath()
			if conflicts(root, p) {
				continue
			}
			createPath(t, root, p)
		}
	}
	compareWithGit(t, root, walk(t, root))
}

// conflicts reports whether creating p would need a file where a directory is, or back.
func conflicts(root, p string) bool {
	isDir := strings.HasSuffix(p, "/")
	p = strings.TrimSuffix(p, "/")
	parts := strings.Split(p, "/")
	for i := range parts {
		fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(strings.Join(parts[:i+1], "/"))))
		if err != nil {
			return false
		}
		last := i == len(parts)-1
		if (!last || isDir) != fi.IsDir() {
			return true
		}
	}
	return false
}

func TestConcurrentUse(t *testing.T) {
	root := newRepo(t)
	for name, content := range differentialTree {
		writeFile(t, root, name, content)
	}
	for _, p := range differentialPaths {
		createPath(t, root, p)
	}
	paths := walk(t, root)
	want := map[string]bool{}
	seq := New(root)
	for _, p := range paths {
		want[p] = seq.Ignored(strings.TrimSuffix(p, "/"), strings.HasSuffix(p, "/"))
	}
	m := New(root)
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range paths {
				p := paths[(i*7+g*13)%len(paths)]
				if got := m.Ignored(strings.TrimSuffix(p, "/"), strings.HasSuffix(p, "/")); got != want[p] {
					t.Errorf("concurrent Ignored(%q) = %v, want %v", p, got, want[p])
				}
			}
		})
	}
	wg.Wait()
}

func TestSymlinkedGitignoreIsNotRead(t *testing.T) {
	root := newRepo(t)
	writeFile(t, root, "rules", "*.go\n")
	createPath(t, root, "d/x.go")
	if err := os.Symlink("../rules", filepath.Join(root, "d", ".gitignore")); err != nil {
		t.Skip("no symlinks:", err)
	}
	if New(root).Ignored("d/x.go", false) {
		t.Error("rules from a symlinked .gitignore were applied")
	}
	if hasGit() && gitVersionAtLeast(t, 2, 32) {
		compareWithGit(t, root, []string{"d/x.go", "rules"})
	}
}

func TestWorktreeUsesCommonInfoExclude(t *testing.T) {
	requireGit(t)
	main := newRepo(t)
	runGit(t, main, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "init")
	wt := filepath.Join(t.TempDir(), "wt")
	runGit(t, main, "worktree", "add", "-q", wt)
	writeFile(t, main, ".git/info/exclude", "*.wtx\n")
	createPath(t, wt, "a.wtx")
	createPath(t, wt, "b.txt")
	if root, ok := FindRepoRoot(filepath.Join(wt, "sub")); !ok || root != wt {
		t.Errorf("FindRepoRoot = %q, %v; want %q", root, ok, wt)
	}
	if !New(wt).Ignored("a.wtx", false) {
		t.Error("a.wtx not ignored via the common dir's info/exclude")
	}
	compareWithGit(t, wt, []string{"a.wtx", "b.txt"})
}

func TestFindRepoRoot(t *testing.T) {
	root := t.TempDir()
	createPath(t, root, ".git/")
	createPath(t, root, "a/b/c/")
	got, ok := FindRepoRoot(filepath.Join(root, "a", "b", "c"))
	if !ok || got != root {
		t.Errorf("FindRepoRoot = %q, %v; want %q", got, ok, root)
	}
	// A .git file (submodule, worktree) counts too.
	writeFile(t, root, "a/.git", "gitdir: ../.git/modules/a\n")
	if got, ok := FindRepoRoot(filepath.Join(root, "a", "b")); !ok || got != filepath.Join(root, "a") {
		t.Errorf("FindRepoRoot = %q, %v; want %q", got, ok, filepath.Join(root, "a"))
	}
}

func TestPathNormalisation(t *testing.T) {
	root := newRepo(t)
	writeFile(t, root, ".gitignore", "*\n")
	m := New(root)
	for _, rel := range []string{"", ".", "..", "../x", "/abs"} {
		if m.Ignored(rel, false) {
			t.Errorf("Ignored(%q) = true, want false", rel)
		}
	}
	if !m.Ignored("./a//b/", false) || !m.Ignored("a/", true) {
		t.Error("unclean paths are not normalised")
	}
}

func TestWildmatch(t *testing.T) {
	cases := []struct {
		pat, text string
		pathname  bool
		want      bool
	}{
		{"foo", "foo", true, true},
		{"bar", "foo", true, false},
		{"", "", true, true},
		{"", "a", true, false},
		{"*", "foo", true, true},
		{"f*", "foo", true, true},
		{"*f", "foo", true, false},
		{"*foo*", "foo", true, true},
		{"*ob*a*r*", "foobar", true, true},
		{"*ab", "aaaaaaabababab", true, true},
		{`foo\*`, "foo*", true, true},
		{`foo\*bar`, "foobar", true, false},
		{`f\\oo`, `f\oo`, true, true},
		{`foo\`, "foo", true, false},
		{"*[al]?", "ball", true, true},
		{"[ten]", "ten", true, false},
		{"**[!te]", "ten", true, true},
		{"**[!ten]", "ten", true, false},
		{"t[a-g]n", "ten", true, true},
		{"t[!a-g]n", "ten", true, false},
		{"t[^a-g]n", "ton", true, true},
		{"a[]]b", "a]b", true, true},
		{"a[]-]b", "a-b", true, true},
		{"a[]-]b", "aab", true, false},
		{"a[]a-]b", "aab", true, true},
		{"foo*bar", "foo/baz/bar", true, false},
		{"foo**bar", "foo/baz/bar", true, false},
		{"foo*bar", "foo/baz/bar", false, true},
		{"foo/**/bar", "foo/bar", true, true},
		{"foo/**/bar", "foo/b/a/z/bar", true, true},
		{"foo/**/**/bar", "foo/bar", true, true},
		{"foo?bar", "foo/bar", true, false},
		{"foo[/]bar", "foo/bar", true, false},
		{"foo[^a-z]bar", "foo/bar", true, false},
		{"**/foo", "foo", true, true},
		{"**/foo", "a/b/foo", true, true},
		{"*/foo", "a/b/foo", true, false},
		{"**/bar*", "foo/bar/baz", true, false},
		{"**/bar/*", "deep/foo/bar/baz", true, true},
		{"**/bar/*", "deep/foo/bar/baz/", true, false},
		{"**/bar/**", "deep/foo/bar/baz/", true, true},
		{"**/bar/*", "deep/foo/bar", true, false},
		{"*/bar/**", "foo/bar/baz/x", true, true},
		{"*/bar/**", "deep/foo/bar/baz/x", true, false},
		{"*/*/*", "foo/bba/arr", true, true},
		{"*/*/*", "foo/bb/aa/rr", true, false},
		{"**/**/**", "foo/bb/aa/rr", true, true},
		{"**/*a*b*g*n*t", "abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txt", true, true},
		{"**/*a*b*g*n*t", "abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txtz", true, false},
		{"[[:alpha:]][[:digit:]][[:upper:]]", "a1B", true, true},
		{"[[:digit:][:upper:][:space:]]", "a", true, false},
		{"[[:digit:][:upper:][:space:]]", " ", true, true},
		{"[[:digit:][:upper:][:spaci:]]", "1", true, false},
		{"[[:space:]]", "\v", true, false},
		{"[a-c[:digit:]x-z]", "5", true, true},
		{"[a-c[:digit:]x-z]", "y", true, true},
		{"[a-c[:digit:]x-z]", "q", true, false},
		{`[\]]`, "]", true, true},
		{`[\]]`, `\`, true, false},
		{"a[]b", "ab", true, false},
		{"ab[", "ab[", true, false},
		{"[-]", "-", true, true},
		{"[a-", "-", true, false},
		{"[--A]", "5", true, true},
		{"[a-e-n]", "j", true, false},
		{"[a-e-n]", "-", true, true},
		{"[]-a]", "^", true, true},
		{"[!]-a]", "^", true, false},
		{"[c-a]", "c", true, true},
		{"[c-a]", "b", true, false},
		{"[[:a]", ":", true, true},
		{`[A-\\]`, "G", true, true},
		{"-*-*-*-*-*-*-12-*-*-*-m-*-*-*", "-adobe-courier-bold-o-normal--12-120-75-75-m-70-iso8859-1", true, true},
		{"*a*a*a*a*a*a*a*a*a*a*b", strings.Repeat("a", 60), true, false},
	}
	for _, c := range cases {
		if got := wildmatch(c.pat, c.text, c.pathname); got != c.want {
			t.Errorf("wildmatch(%q, %q, pathname=%v) = %v, want %v", c.pat, c.text, c.pathname, got, c.want)
		}
	}
}

func TestTrimTrailingSpaces(t *testing.T) {
	for in, want := range map[string]string{
		"a  ":    "a",
		`a\ `:    `a\ `,
		`a\  `:   `a\ `,
		"a \t":   "a \t",
		`a \`:    `a \`,
		"  ":     "",
		`\\  `:   `\\`,
		"a b  ":  "a b",
		`a\\\ `:  `a\\\ `,
		"a\\ b ": "a\\ b",
	} {
		if got := trimTrailingSpaces(in); got != want {
			t.Errorf("trimTrailingSpaces(%q) = %q, want %q", in, got, want)
		}
	}
}

// --- helpers ---

// gitEnv isolates git from the user's and system's configuration; set by TestMain.
var gitEnv []string

func TestMain(m *testing.M) {
	home, err := os.MkdirTemp("", "gitignore-test-home")
	if err != nil {
		panic(err)
	}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") && !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "XDG_CONFIG_HOME=") {
			gitEnv = append(gitEnv, kv)
		}
	}
	gitEnv = append(gitEnv, "HOME="+home, "XDG_CONFIG_HOME="+home, "GIT_CONFIG_NOSYSTEM=1")
	code := m.Run()
	os.RemoveAll(home)
	os.Exit(code)
}

func hasGit() bool {
	_, err := exec.LookPath("git")
	return err == nil
}

func requireGit(t *testing.T) {
	t.Helper()
	if !hasGit() {
		t.Skip("git not on PATH")
	}
}

func runGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnv
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func gitVersionAtLeast(t *testing.T, major, minor int) bool {
	var a, b int
	fmt.Sscanf(runGit(t, t.TempDir(), "version"), "git version %d.%d", &a, &b)
	return a > major || a == major && b >= minor
}

// newRepo makes an empty repository (a bare .git/info when git is missing).
func newRepo(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if hasGit() {
		runGit(t, root, "init", "-q")
	} else {
		createPath(t, root, ".git/info/")
	}
	return root
}

func writeFile(t *testing.T, root, rel, content string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// createPath makes an empty file, or a directory when rel ends in "/".
func createPath(t *testing.T, root, rel string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if strings.HasSuffix(rel, "/") {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		return
	}
	if _, err := os.Lstat(p); err == nil {
		return
	}
	writeFile(t, root, rel, "")
}

// walk lists every path under root except .git, directories with a trailing "/".
func walk(t *testing.T, root string) []string {
	t.Helper()
	var paths []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		if rel == ".git" {
			return filepath.SkipDir
		}
		if d.IsDir() {
			rel += "/"
		}
		paths = append(paths, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return paths
}

// gitCheckIgnore asks git about each path (trailing "/" = directory, which must exist).
func gitCheckIgnore(t *testing.T, root string, paths []string) map[string]bool {
	t.Helper()
	var in strings.Builder
	for _, p := range paths {
		in.WriteString(strings.TrimSuffix(p, "/"))
		in.WriteByte(0)
	}
	cmd := exec.Command("git", "-c", "core.excludesFile=/dev/null", "-c", "core.ignoreCase=false",
		"check-ignore", "--no-index", "--verbose", "--non-matching", "-z", "--stdin")
	cmd.Dir = root
	cmd.Env = gitEnv
	cmd.Stdin = strings.NewReader(in.String())
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); err != nil && !(ok && ee.ExitCode() == 1) {
		t.Fatalf("git check-ignore: %v\n%s", err, stderr.String())
	}
	// -v -n -z: source, line, pattern, path, each NUL-terminated, for every input.
	f := strings.Split(string(out), "\x00")
	if len(f) != 4*len(paths)+1 {
		t.Fatalf("git check-ignore: %d fields for %d paths\n%s", len(f), len(paths), stderr.String())
	}
	got := map[string]bool{}
	for i, p := range paths {
		src, pat, echoed := f[4*i], f[4*i+2], f[4*i+3]
		if echoed != strings.TrimSuffix(p, "/") {
			t.Fatalf("git check-ignore answered %q for %q", echoed, p)
		}
		got[p] = src != "" && !strings.HasPrefix(pat, "!")
	}
	return got
}

func compareWithGit(t *testing.T, root string, paths []string) {
	t.Helper()
	git := gitCheckIgnore(t, root, paths)
	m := New(root)
	ignored := 0
	for _, p := range paths {
		got := m.Ignored(strings.TrimSuffix(p, "/"), strings.HasSuffix(p, "/"))
		if got != git[p] {
			t.Errorf("Ignored(%q) = %v, git says %v", p, got, git[p])
		}
		if git[p] {
			ignored++
		}
	}
	t.Logf("%d paths agree with git (%d ignored)", len(paths), ignored)
}

// TestListed checks that a walker's listing spares looking for missing ignore files and
// changes no answer.
func TestListed(t *testing.T) {
	root := t.TempDir()
	for name, data := range map[string]string{".gitignore": "*.log\n", "a/.gitignore": "x\n", "a/b/keep": ""} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	plain, listed := New(root), New(root)
	listed.Listed(".", true)
	listed.Listed("a", true)
	listed.Listed("a/b", false)
	for _, rel := range []string{"e.log", "a/x", "a/b/x", "a/b/e.log", "a/b/y", "a/y"} {
		if got, want := listed.Ignored(rel, false), plain.Ignored(rel, false); got != want {
			t.Errorf("Ignored(%q) after Listed = %v, without = %v", rel, got, want)
		}
	}
	// A listing that saw no ignore file is believed.
	m := New(root)
	m.Listed("a", false)
	if m.Ignored("a/x", false) {
		t.Errorf("a/.gitignore was read although the listing saw none")
	}
}

// TestWildmatchBounded: a pattern with many "**/" against a deep path is exponential in
// git's algorithm; here one match is bounded by maxGlobSteps and ends as no match.
func TestWildmatchBounded(t *testing.T) {
	pat := strings.Repeat("**/", 30) + "x"
	text := strings.Repeat("a/", 40) + "y"
	steps := 0
	budget := maxGlobSteps
	if glob(pat, text, true, &budget) == matched {
		t.Fatal("matched")
	}
	steps = maxGlobSteps - budget
	if steps > maxGlobSteps+len(pat) { // the bound, plus the calls that unwind once it is hit
		t.Errorf("%d steps, over the bound %d", steps, maxGlobSteps)
	}
	// Ordinary patterns are far inside the bound and still match.
	if !wildmatch("**/node_modules/**", "a/b/node_modules/c/d.js", true) || !wildmatch(strings.Repeat("**/", 5)+"x", "a/b/x", true) {
		t.Error("ordinary ** patterns no longer match")
	}
}
