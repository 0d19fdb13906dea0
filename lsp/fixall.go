package lsp

import (
	"unicode/utf8"

	"github.com/convex-workos-lint/convex-workos-lint/fix"
	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// fixAllKind is the kind of the "fix all" action: source.fixAll for editors' fix-on-save
// (VS Code's editor.codeActionsOnSave), with the tool's name as ESLint's server does.
const fixAllKind = "source.fixAll.convex-workos-lint"

// fixAllAction applies every safe fix to the buffer, as `--stdin-filename FILE --fix` prints
// it (several passes: a fix may enable another); ok is false when nothing changes.
func (s *Server) fixAllAction(doc *document) (CodeAction, bool) {
	s.mu.Lock()
	base := s.baseLocked(doc.path)
	cfg, err := s.configLocked(base)
	enc := s.enc
	s.mu.Unlock()
	if err != nil || lint.IgnoresPath(cfg, doc.path) {
		return CodeAction{}, false
	}
	res, err := fix.Run(lint.Options{Base: base, Paths: []string{doc.path}, Config: cfg, Stdin: &project.Buffer{Path: doc.path, Content: doc.text}})
	if err != nil {
		return CodeAction{}, false
	}
	for _, f := range res.Files {
		if f.Path != doc.path || f.After == doc.text {
			continue
		}
		e := minimalEdit(newText(doc.text, enc), f.After)
		return CodeAction{Title: "Fix all convex-workos-lint problems", Kind: fixAllKind,
			Edit: &WorkspaceEdit{Changes: map[string][]TextEdit{doc.uri: {e}}}}, true
	}
	return CodeAction{}, false
}

// minimalEdit is the one edit turning old into new that keeps their common prefix and suffix
// (so the editor's cursor and folds outside the fixes stay), cut at character and line-break
// boundaries.
func minimalEdit(old *text, new string) TextEdit {
	a := old.s
	n := min(len(a), len(new))
	p := 0
	for p < n && a[p] == new[p] {
		p++
	}
	q := 0
	for q < n-p && a[len(a)-1-q] == new[len(new)-1-q] {
		q++
	}
	for p > 0 && (p < len(a) && !utf8.RuneStart(a[p]) || p < len(new) && !utf8.RuneStart(new[p]) || a[p-1] == '\r') {
		p--
	}
	for q > 0 && (!utf8.RuneStart(a[len(a)-q]) || !utf8.RuneStart(new[len(new)-q]) || a[len(a)-q] == '\n') {
		q--
	}
	return TextEdit{Range: old.rangeOf(p, len(a)-q), NewText: new[p : len(new)-q]}
}
