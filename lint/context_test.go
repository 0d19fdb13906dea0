package lint_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// writeArchive writes the txtar archive at path into dir.
func writeArchive(t *testing.T, path, dir string) {
	t.Helper()
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		dst := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// findings lints paths from base and returns each finding as "abs-path:line:col [rule]",
// followed by " message" when withMessage (messages name files relative to base, so only
// runs from one base compare them).
func findings(t *testing.T, base string, withMessage bool, paths ...string) ([]string, *lint.Result) {
	t.Helper()
	res, err := lint.Run(lint.Options{Base: base, Paths: paths})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range res.Diagnostics {
		k := fmt.Sprintf("%s:%d:%d [%s]", d.Path, d.Start.Line, d.Start.Column, d.Rule)
		if withMessage {
			k += " " + d.Message
		}
		out = append(out, k)
	}
	return out, res
}

func under(keys []string, dir string) []string {
	var out []string
	for _, k := range keys {
		if strings.HasPrefix(k, dir+string(filepath.Separator)) {
			out = append(out, k)
		}
	}
	return out
}

func sameList(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got  %q\n want %q", what, got, want)
	}
}

// TestContextSameFromEveryDirectory lints a repository with two apps and two Convex backends
// (testdata/missing-auth-config/two-backends.txtar) next to an unrelated project, from the
// repository root, from each package, by naming each package from the root and from the
// folder above, and from that folder as a whole: each package shows the same findings every
// time, and the unrelated neighbour changes none of them.
func TestContextSameFromEveryDirectory(t *testing.T) {
	parent := t.TempDir()
	repo := filepath.Join(parent, "acme")
	other := filepath.Join(parent, "other")
	writeArchive(t, "../testdata/missing-auth-config/two-backends.txtar", repo)
	writeArchive(t, "../testdata/missing-auth-config/unrelated-siblings.txtar", other)
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}

	root, _ := findings(t, repo, true, repo)
	for _, rule := range []string{"missing-auth-config", "shared-dev-prod-client-id", "missing-env-var"} {
		if !slices.ContainsFunc(root, func(k string) bool { return strings.Contains(k, "["+rule+"]") }) {
			t.Fatalf("the repository run reports no %s finding; the comparison would prove nothing: %q", rule, root)
		}
	}
	rootLoc, _ := findings(t, repo, false, repo)

	// From the folder above: messages name files from there, so "acme/" is dropped.
	fromParent, _ := findings(t, parent, true, parent)
	for i, k := range fromParent {
		loc, msg, _ := strings.Cut(k, "] ")
		fromParent[i] = loc + "] " + strings.ReplaceAll(msg, "acme/", "")
	}
	sameList(t, "the repository's findings, linted from the folder above", under(fromParent, repo), root)
	otherAlone, _ := findings(t, other, false, other)
	parentLoc, _ := findings(t, parent, false, parent)
	sameList(t, "the neighbour's findings, linted from the folder above", under(parentLoc, other), otherAlone)

	for _, pkg := range []string{"apps/web", "apps/admin", "packages/backend", "packages/ops"} {
		dir := filepath.Join(repo, filepath.FromSlash(pkg))
		named, _ := findings(t, repo, true, dir)
		sameList(t, "convex-workos-lint "+pkg, named, under(root, dir))
		inside, _ := findings(t, dir, false, dir)
		sameList(t, "convex-workos-lint run inside "+pkg, inside, under(rootLoc, dir))
		above, res := findings(t, parent, false, dir)
		sameList(t, "convex-workos-lint acme/"+pkg+" from the folder above", above, under(rootLoc, dir))
		for _, f := range res.Project.Files {
			if strings.HasPrefix(f.Path, other+string(filepath.Separator)) {
				t.Errorf("naming acme/%s from the folder above read the unrelated project's %s", pkg, f.Rel)
				break
			}
		}
	}
}

// TestContextLoneFile: a file outside any package and repository is its own context; the
// directory around it (the working directory, $HOME, /) is not walked.
func TestContextLoneFile(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"x.ts", "y.ts", "sub/z.ts", ".env.local"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("export const k = process.env.WORKOS_API_KEY;\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	target := filepath.Join(dir, "x.ts")
	res, err := lint.Run(lint.Options{Base: dir, Paths: []string{target}})
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range res.Project.Files {
		files = append(files, f.Rel)
	}
	sameList(t, "files read for a lone file", files, []string{"x.ts"})
}

// TestContextBoundedWorkspace lints a workspace whose packages' findings depend on other
// members (testdata/missing-auth-config/bounded-workspace.txtar: a workspace dependency holding
// the backend, a tsconfig path alias, a dependent app) as a whole, each package by name from
// the root, from inside it and from the folder above, and each file as a buffer on stdin: the
// findings in a package are the same every time. Naming apps/web (or one of its files) reads
// the packages it depends on and no file of apps/other, a member nothing of it reaches.
func TestContextBoundedWorkspace(t *testing.T) {
	parent := t.TempDir()
	repo := filepath.Join(parent, "acme")
	writeArchive(t, "../testdata/missing-auth-config/bounded-workspace.txtar", repo)
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	abs := func(rel string) string { return filepath.Join(repo, filepath.FromSlash(rel)) }
	root, whole := findings(t, repo, true, repo)
	rootLoc, _ := findings(t, repo, false, repo)
	for _, pkg := range []string{"apps/web", "packages/ui", "apps/other"} {
		if len(under(root, abs(pkg))) == 0 {
			t.Fatalf("the whole run reports nothing in %s; the comparison would prove nothing: %q", pkg, root)
		}
	}
	for _, pkg := range []string{"apps/web", "apps/other", "packages/ui", "packages/shared", "packages/backend"} {
		dir := abs(pkg)
		named, _ := findings(t, repo, true, dir)
		sameList(t, "convex-workos-lint "+pkg, named, under(root, dir))
		inside, _ := findings(t, dir, false, dir)
		sameList(t, "convex-workos-lint run inside "+pkg, inside, under(rootLoc, dir))
		above, _ := findings(t, parent, false, dir)
		sameList(t, "convex-workos-lint acme/"+pkg+" from the folder above", above, under(rootLoc, dir))
		for _, f := range whole.Project.Files {
			if !strings.HasPrefix(f.Path, dir+string(filepath.Separator)) {
				continue
			}
			src, err := os.ReadFile(f.Path)
			if err != nil {
				t.Fatal(err)
			}
			res, err := lint.Run(lint.Options{Base: repo, Paths: []string{f.Path}, Stdin: &project.Buffer{Path: f.Path, Content: string(src)}})
			if err != nil {
				t.Fatal(err)
			}
			var got, want []string
			for _, d := range res.Diagnostics {
				got = append(got, fmt.Sprintf("%s:%d:%d [%s] %s", d.Path, d.Start.Line, d.Start.Column, d.Rule, d.Message))
			}
			for _, k := range root {
				if strings.HasPrefix(k, f.Path+":") {
					want = append(want, k)
				}
			}
			sameList(t, "--stdin-filename "+f.Rel, got, want)
		}
	}

	// The bound: what naming a package reads.
	read := func(paths ...string) map[string]bool {
		t.Helper()
		res, err := lint.Run(lint.Options{Base: repo, Paths: paths})
		if err != nil {
			t.Fatal(err)
		}
		pkgs := map[string]bool{}
		for _, f := range res.Project.Files {
			rel, _ := filepath.Rel(repo, f.Path)
			parts := strings.SplitN(filepath.ToSlash(rel), "/", 3)
			if len(parts) == 3 {
				pkgs[parts[0]+"/"+parts[1]] = true
			}
		}
		return pkgs
	}
	for _, tc := range []struct {
		path       string
		want, none []string
	}{
		{"apps/web", []string{"apps/web", "packages/backend", "packages/shared", "packages/ui"}, []string{"apps/other"}},
		{"apps/web/app/providers.tsx", []string{"apps/web", "packages/backend", "packages/shared", "packages/ui"}, []string{"apps/other"}},
		{"packages/ui", []string{"packages/ui", "apps/web", "packages/shared", "packages/backend"}, []string{"apps/other"}},
		{"apps/other", []string{"apps/other"}, []string{"apps/web", "packages/ui", "packages/shared", "packages/backend"}},
	} {
		got := read(abs(tc.path))
		for _, p := range tc.want {
			if !got[p] {
				t.Errorf("naming %s did not read %s, which its findings depend on (read: %v)", tc.path, p, got)
			}
		}
		for _, p := range tc.none {
			if got[p] {
				t.Errorf("naming %s read files of %s, which none of its findings depends on", tc.path, p)
			}
		}
	}
}
