package lint_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/convex-workos-lint/convex-workos-lint/internal/fixture"
	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// want is one expected diagnostic: a regexp matched against "message [rule-id]" on a line.
type want struct {
	file    string
	line    int
	re      *regexp.Regexp
	matched bool
}

// TestFixtures runs every testdata/**/*.txtar project through the engine. Expectations sit on
// the offending line (`// want "re"` in JS/TS, `# want "re"` in .env) or, for files without
// comments (JSON), in the archive's comment as `want path:line "re"`. Any unexpected
// diagnostic and any unmatched want fails, as in x/tools' analysistest. The linter sees the
// files with their want comments blanked (fixture.BlankWants): a want quotes a message, and
// its words must not be what makes the rule fire.
func TestFixtures(t *testing.T) {
	for _, path := range fixtureArchives(t) {
		name := strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(path), "../testdata/"), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runFixture(t, path)
		})
	}
}

// TestFixturesFileByFile lints every file of every fixture on its own, as pre-commit and
// editors do (named, and as a buffer on stdin), and every package directory on its own, and
// requires exactly the findings the whole-project run reports in that file or package:
// trigger gates and target-driven analysis must never change what a file shows. (As in every
// run, fixture.Write has blanked the `want` comments: the code alone must open the gates.)
func TestFixturesFileByFile(t *testing.T) {
	archives := fixtureArchives(t)
	for _, path := range archives {
		name := strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(path), "../testdata/"), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir, _, cfg := extractFixture(t, path)
			whole, err := lint.Run(lint.Options{Base: dir, Paths: []string{dir}, Config: cfg})
			if err != nil {
				t.Fatal(err)
			}
			byFile := map[string][]string{}
			for _, d := range whole.Diagnostics {
				byFile[d.DisplayPath] = append(byFile[d.DisplayPath], diagKey(d))
			}
			keys := func(opts lint.Options) []string {
				t.Helper()
				one, err := lint.Run(opts)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, d := range one.Diagnostics {
					got = append(got, diagKey(d))
				}
				return got
			}
			for _, f := range whole.Project.Files {
				got := keys(lint.Options{Base: dir, Paths: []string{f.Path}, Config: cfg})
				if want := byFile[f.Rel]; strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("%s linted alone:\n got  %q\n want %q", f.Rel, got, want)
				}
				// As an editor lints it: the buffer on stdin (--stdin-filename).
				if src, err := os.ReadFile(f.Path); err == nil {
					got := keys(lint.Options{Base: dir, Paths: []string{f.Path}, Config: cfg, Stdin: &project.Buffer{Path: f.Path, Content: string(src)}})
					if want := byFile[f.Rel]; strings.Join(got, "\n") != strings.Join(want, "\n") {
						t.Errorf("%s linted from stdin:\n got  %q\n want %q", f.Rel, got, want)
					}
				}
			}
			// Each package named alone (a bounded walk inside a workspace) shows the findings
			// the whole run shows in it.
			for _, r := range whole.Project.Roots {
				if r.Dir == dir {
					continue
				}
				var want []string
				for _, d := range whole.Diagnostics {
					if strings.HasPrefix(d.Path, r.Dir+string(filepath.Separator)) {
						want = append(want, diagKey(d))
					}
				}
				got := keys(lint.Options{Base: dir, Paths: []string{r.Dir}, Config: cfg})
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					rel, _ := filepath.Rel(dir, r.Dir)
					t.Errorf("package %s linted alone:\n got  %q\n want %q", filepath.ToSlash(rel), got, want)
				}
			}
		})
	}
}

func diagKey(d rules.Diagnostic) string {
	return fmt.Sprintf("%s:%d:%d [%s] %s", d.DisplayPath, d.Start.Line, d.Start.Column, d.Rule, d.Message)
}

func fixtureArchives(t *testing.T) []string {
	var archives []string
	err := filepath.WalkDir("../testdata", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".txtar") {
			archives = append(archives, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(archives) == 0 {
		t.Fatal("no fixtures found")
	}
	return archives
}

// extractFixture writes a txtar project to a temp dir and loads its config, if any.
func extractFixture(t *testing.T, path string) (string, *txtar.Archive, *lint.Config) {
	t.Helper()
	dir, ar := fixture.Extract(t, path)
	var cfg *lint.Config
	if _, err := os.Stat(filepath.Join(dir, lint.ConfigFileName)); err == nil {
		if cfg, err = lint.LoadConfig(filepath.Join(dir, lint.ConfigFileName)); err != nil {
			t.Fatal(err)
		}
	}
	return dir, ar, cfg
}

func runFixture(t *testing.T, path string) {
	dir, ar, cfg := extractFixture(t, path)
	if strings.TrimSpace(string(ar.Comment)) == "" {
		t.Errorf("fixture has no comment saying what it shows")
	}
	var wants []*want
	for _, f := range ar.Files {
		wants = append(wants, inlineWants(t, f.Name, string(f.Data))...)
	}
	wants = append(wants, commentWants(t, string(ar.Comment))...)
	res, err := lint.Run(lint.Options{Base: dir, Paths: []string{dir}, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		text := fmt.Sprintf("%s [%s]", d.Message, d.Rule)
		found := false
		for _, w := range wants {
			if !w.matched && w.file == d.DisplayPath && w.line == d.Start.Line && w.re.MatchString(text) {
				w.matched, found = true, true
				break
			}
		}
		if !found {
			t.Errorf("%s:%d:%d: unexpected diagnostic: %s", d.DisplayPath, d.Start.Line, d.Start.Column, text)
		}
	}
	for _, w := range wants {
		if !w.matched {
			t.Errorf("%s:%d: no diagnostic matched want %q", w.file, w.line, w.re)
		}
	}
}

// inlineWants reads `want "re" ["re"...]` from the comments of JS/TS and env files.
func inlineWants(t *testing.T, name, src string) []*want {
	var comments []parser.Comment
	switch kind, _ := project.KindOf(name); kind {
	case project.KindJS:
		comments = parser.ScanComments(src)
	case project.KindEnv:
		comments = parser.ParseEnv(src).Comments
	default:
		return nil
	}
	lines := parser.NewLines(src)
	var out []*want
	for _, c := range comments {
		i := fixture.WantIndex(c.Text)
		if i < 0 {
			continue
		}
		line, _ := lines.Position(c.Start)
		for _, re := range quotedList(t, name, line, c.Text[i+len("want "):]) {
			out = append(out, &want{file: name, line: line, re: re})
		}
	}
	return out
}

var commentWant = regexp.MustCompile(`^want (\S+):(\d+) (.*)$`)

func commentWants(t *testing.T, comment string) []*want {
	var out []*want
	for _, l := range strings.Split(comment, "\n") {
		m := commentWant.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		for _, re := range quotedList(t, m[1], line, m[3]) {
			out = append(out, &want{file: m[1], line: line, re: re})
		}
	}
	return out
}

// quotedList parses Go-quoted regexps separated by spaces.
func quotedList(t *testing.T, file string, line int, s string) []*regexp.Regexp {
	var out []*regexp.Regexp
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			t.Fatalf("%s:%d: bad want %q: %v", file, line, s, err)
		}
		u, _ := strconv.Unquote(q)
		re, err := regexp.Compile(u)
		if err != nil {
			t.Fatalf("%s:%d: bad want regexp %q: %v", file, line, u, err)
		}
		out = append(out, re)
		s = s[len(q):]
	}
	return out
}

// TestEveryRuleHasFixtures: each rule has a testdata/<rule-id>/ directory in which it fires in
// some fixture and stays silent in another (its legitimate look-alikes).
func TestEveryRuleHasFixtures(t *testing.T) {
	dirFor := map[string]string{rules.UnusedSuppressionID: "suppressions"}
	for _, r := range rules.All() {
		if r.ID == rules.InternalErrorID {
			continue // no source makes a rule crash: TestRuleCrashIsAFinding plants a crashing rule
		}
		dir := dirFor[r.ID]
		if dir == "" {
			dir = r.ID
		}
		archives, _ := filepath.Glob(filepath.Join("..", "testdata", dir, "*.txtar"))
		if len(archives) == 0 {
			t.Errorf("%s: no fixtures in testdata/%s", r.ID, dir)
			continue
		}
		fires, silent := false, false
		for _, path := range archives {
			root, _, cfg := extractFixture(t, path)
			res, err := lint.Run(lint.Options{Base: root, Paths: []string{root}, Config: cfg})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, d := range res.Diagnostics {
				if d.Rule == r.ID {
					n++
				}
			}
			fires, silent = fires || n > 0, silent || n == 0
		}
		if !fires {
			t.Errorf("%s: fires in none of testdata/%s", r.ID, dir)
		}
		if !silent && r.ID != rules.ParseErrorID && r.ID != rules.UnusedSuppressionID {
			t.Errorf("%s: no fixture in testdata/%s where it stays silent", r.ID, dir)
		}
	}
}
