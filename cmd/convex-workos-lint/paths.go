package main

import (
	"path"
	"path/filepath"

	"github.com/convex-workos-lint/convex-workos-lint/project"
	"github.com/convex-workos-lint/convex-workos-lint/project/gitignore"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// repoPrefix is the working directory relative to its git repository's root, slash-separated
// ("" at the root or outside a repository). Code scanning and workflow annotations resolve
// paths from the repository root, whatever directory the linter ran in.
func repoPrefix(base string) string {
	root, ok := gitignore.FindRepoRoot(base)
	if !ok {
		return ""
	}
	rel, err := filepath.Rel(root, base)
	if err != nil || rel == "." {
		return ""
	}
	return filepath.ToSlash(rel)
}

// fromRepoRoot rewrites display paths (relative to the working directory) to be relative to
// the repository root, in copies: the text and JSON reports keep the working directory's.
func fromRepoRoot(prefix string, diags []rules.Diagnostic, notices []project.Notice) ([]rules.Diagnostic, []project.Notice) {
	if prefix == "" {
		return diags, notices
	}
	re := func(p string) string {
		if p == "" {
			return p
		}
		return path.Join(prefix, p)
	}
	out := make([]rules.Diagnostic, len(diags))
	for i, d := range diags {
		d.DisplayPath = re(d.DisplayPath)
		d.Related = append([]rules.Related(nil), d.Related...)
		for j := range d.Related {
			d.Related[j].DisplayPath = re(d.Related[j].DisplayPath)
		}
		d.Fixes = append([]rules.Fix(nil), d.Fixes...)
		for j := range d.Fixes {
			edits := append([]rules.Edit(nil), d.Fixes[j].Edits...)
			for k := range edits {
				edits[k].DisplayPath = re(edits[k].DisplayPath)
			}
			d.Fixes[j].Edits = edits
		}
		out[i] = d
	}
	ns := make([]project.Notice, len(notices))
	for i, n := range notices {
		n.Path = re(n.Path)
		ns[i] = n
	}
	return out, ns
}
