package fix_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convex-workos-lint/convex-workos-lint/fix"
	"github.com/convex-workos-lint/convex-workos-lint/internal/fixture"
	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// TestFixProperties runs --fix over every rule fixture (../testdata/**/*.txtar) and checks
// what must hold whatever the rule: the passes converge; a rule whose fixes were applied has
// no finding left but those it offered no fix for; fixing the fixed project again changes
// nothing; and every fixed JS/TS file still parses.
func TestFixProperties(t *testing.T) {
	var archives []string
	filepath.WalkDir("../testdata", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".txtar") {
			archives = append(archives, path)
		}
		return err
	})
	if len(archives) == 0 {
		t.Fatal("no fixtures")
	}
	fixedSome := 0
	for _, path := range archives {
		name := strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(path), "../testdata/"), ".txtar")
		dir, _ := fixture.Extract(t, path)
		opts := lint.Options{Base: dir, Paths: []string{dir}}
		if _, err := os.Stat(filepath.Join(dir, lint.ConfigFileName)); err == nil {
			cfg, err := lint.LoadConfig(filepath.Join(dir, lint.ConfigFileName))
			if err != nil {
				t.Fatal(err)
			}
			opts.Config = cfg
		}
		t.Run(name, func(t *testing.T) {
			before, err := lint.Run(opts)
			if err != nil {
				t.Fatal(err)
			}
			res, err := fix.Run(opts)
			if err != nil {
				t.Fatal(err)
			}
			if !res.Converged {
				t.Fatalf("fixes still apply after %d passes", fix.MaxPasses)
			}
			if len(res.Dropped) > 0 {
				t.Errorf("fixes dropped: %v", res.Dropped)
			}
			if !res.Changed() {
				return
			}
			fixedSome++
			unfixable := map[string]int{}
			offered := map[string]bool{}
			for _, d := range before.Diagnostics {
				if len(d.Fixes) == 0 {
					unfixable[d.Rule]++
				} else {
					offered[d.Rule] = true
				}
			}
			left := map[string]int{}
			for _, d := range res.Last.Diagnostics {
				left[d.Rule]++
				if len(d.Fixes) > 0 {
					t.Errorf("%s:%d: a fix is still offered: %s [%s]", d.DisplayPath, d.Start.Line, d.Message, d.Rule)
				}
			}
			for id := range offered {
				if left[id] > unfixable[id] {
					t.Errorf("%s: %d findings after --fix, but only %d had no fix", id, left[id], unfixable[id])
				}
			}
			overlay := map[string]string{}
			for _, f := range res.Files {
				overlay[f.Path] = f.After
				if kind, _ := project.KindOf(f.Path); kind == project.KindJS {
					if _, problems := parser.ParseJS(f.Path, f.After); problems != nil {
						t.Errorf("fixed %s does not parse: %v\n%s", f.Rel, problems, f.After)
					}
				}
			}
			again := opts
			again.Overlay = overlay
			res2, err := fix.Run(again)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range res2.Files {
				t.Errorf("fixing again changed %s:\n%s", f.Rel, fix.Diff(f.Rel, f.Before, f.After))
			}
		})
	}
	if fixedSome == 0 {
		t.Error("no fixture was changed by --fix")
	}
	t.Logf("%d of %d fixtures changed by --fix", fixedSome, len(archives))
}
