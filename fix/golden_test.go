package fix_test

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/convex-workos-lint/convex-workos-lint/fix"
	"github.com/convex-workos-lint/convex-workos-lint/internal/fixture"
	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

var update = flag.Bool("update", false, "rewrite the fixed/ files and the remaining section of testdata/**/*.txtar")

// TestGolden runs --fix on each testdata/<rule-id>/*.txtar project: every file with a
// `fixed/<path>` twin must read exactly that afterwards, every other file must be unchanged,
// and the findings left must be those of the `remaining` section (path:line [rule], one a line).
func TestGolden(t *testing.T) {
	for _, path := range goldenArchives(t) {
		name := strings.TrimSuffix(filepath.ToSlash(strings.TrimPrefix(path, "testdata"+string(filepath.Separator))), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if strings.TrimSpace(string(ar.Comment)) == "" {
				t.Error("golden case has no comment saying what it shows")
			}
			project, fixed, remaining := split(ar)
			tr := transformOf(ar)
			project = tr.archive(project)
			for k, v := range fixed {
				fixed[k] = tr.apply(k, v)
			}
			dir := fixture.Write(t, project)
			res, err := fix.Run(lint.Options{Base: dir, Paths: []string{dir}})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Converged {
				t.Errorf("fixes still apply after %d passes", fix.MaxPasses)
			}
			after := map[string]string{}
			for _, f := range res.Files {
				after[f.Rel] = f.After
			}
			got := remainingOf(res.Last)
			if *update {
				for k, v := range after {
					after[k] = tr.undo(k, v)
				}
				rewrite(t, path, ar, project, after, got)
				return
			}
			for _, f := range project.Files {
				a, changed := after[f.Name]
				want, ok := fixed[f.Name]
				switch {
				case ok && !changed:
					t.Errorf("%s: not changed, want the fixed/ version", f.Name)
				case ok && a != want:
					t.Errorf("%s after --fix:\n%s\nwant:\n%s", f.Name, a, want)
				case !ok && changed:
					t.Errorf("%s changed, but the case has no fixed/%s:\n%s", f.Name, f.Name, a)
				}
			}
			if got != remaining {
				t.Errorf("remaining findings:\n%s\nwant:\n%s", got, remaining)
			}
			if len(fixed) == 0 {
				t.Error("the case fixes nothing")
			}
		})
	}
}

// TestEveryFixableRuleHasGolden: a rule marked Fixable has golden cases in testdata/<rule-id>/
// in which one of its findings is fixed; a rule that offers fixes is marked Fixable.
func TestEveryFixableRuleHasGolden(t *testing.T) {
	fixedBy := map[string]bool{}
	for _, path := range goldenArchives(t) {
		ar, _ := txtar.ParseFile(path)
		project, _, _ := split(ar)
		res, err := lint.Run(lint.Options{Base: fixture.Write(t, project), Config: nil})
		if err != nil {
			t.Fatal(err)
		}
		rule := filepath.Base(filepath.Dir(path))
		for _, d := range res.Diagnostics {
			if d.Rule == rule && len(d.Fixes) > 0 {
				fixedBy[rule] = true
			}
		}
	}
	for _, r := range rules.All() {
		if r.Fixable && !fixedBy[r.ID] {
			t.Errorf("%s is Fixable but no case in fix/testdata/%s has a finding of it with a fix", r.ID, r.ID)
		}
		if !r.Fixable && fixedBy[r.ID] {
			t.Errorf("%s offers fixes but is not marked Fixable", r.ID)
		}
	}
}

func goldenArchives(t *testing.T) []string {
	var out []string
	filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".txtar") {
			out = append(out, path)
		}
		return err
	})
	if len(out) == 0 {
		t.Fatal("no golden cases")
	}
	return out
}

const fixedPrefix, remainingName = "fixed/", "remaining"

// split separates a case's project files from its expectations.
func split(ar *txtar.Archive) (project *txtar.Archive, fixed map[string]string, remaining string) {
	project = &txtar.Archive{Comment: ar.Comment}
	fixed = map[string]string{}
	for _, f := range ar.Files {
		switch {
		case strings.HasPrefix(f.Name, fixedPrefix):
			fixed[strings.TrimPrefix(f.Name, fixedPrefix)] = string(f.Data)
		case f.Name == remainingName:
			remaining = string(f.Data)
		default:
			project.Files = append(project.Files, f)
		}
	}
	return project, fixed, remaining
}

func remainingOf(res *lint.Result) string {
	var b strings.Builder
	for _, d := range res.Diagnostics {
		fmt.Fprintf(&b, "%s:%d [%s]\n", d.DisplayPath, d.Start.Line, d.Rule)
	}
	return b.String()
}

func rewrite(t *testing.T, path string, ar, project *txtar.Archive, after map[string]string, remaining string) {
	tr := transformOf(ar)
	out := &txtar.Archive{Comment: ar.Comment}
	for _, f := range project.Files {
		out.Files = append(out.Files, txtar.File{Name: f.Name, Data: []byte(tr.undo(f.Name, string(f.Data)))})
	}
	for _, f := range project.Files {
		if a, ok := after[f.Name]; ok {
			out.Files = append(out.Files, txtar.File{Name: fixedPrefix + f.Name, Data: []byte(a)})
		}
	}
	out.Files = append(out.Files, txtar.File{Name: remainingName, Data: []byte(remaining)})
	if err := os.WriteFile(path, txtar.Format(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

// transform is a case's `transform: crlf bom` comment line: its JS files (and their fixed/
// twins) are tested with CRLF line ends and a byte order mark, which a txtar cannot keep
// readable.
type transform struct{ crlf, bom bool }

func transformOf(ar *txtar.Archive) transform {
	var tr transform
	for _, l := range strings.Split(string(ar.Comment), "\n") {
		if rest, ok := strings.CutPrefix(l, "transform:"); ok {
			for _, w := range strings.Fields(rest) {
				tr.crlf = tr.crlf || w == "crlf"
				tr.bom = tr.bom || w == "bom"
			}
		}
	}
	return tr
}

func (tr transform) applies(name string) bool {
	kind, _ := project.KindOf(name)
	return kind == project.KindJS
}

func (tr transform) apply(name, s string) string {
	if !tr.applies(name) {
		return s
	}
	if tr.crlf {
		s = strings.ReplaceAll(s, "\n", "\r\n")
	}
	if tr.bom {
		s = "\uFEFF" + s
	}
	return s
}

func (tr transform) undo(name, s string) string {
	if !tr.applies(name) {
		return s
	}
	s = strings.TrimPrefix(s, "\uFEFF")
	return strings.ReplaceAll(s, "\r\n", "\n")
}

func (tr transform) archive(ar *txtar.Archive) *txtar.Archive {
	out := &txtar.Archive{Comment: ar.Comment}
	for _, f := range ar.Files {
		out.Files = append(out.Files, txtar.File{Name: f.Name, Data: []byte(tr.apply(f.Name, string(f.Data)))})
	}
	return out
}
