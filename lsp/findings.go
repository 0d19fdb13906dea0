package lsp

import (
	"fmt"
	"sort"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// Source is the diagnostics' source, as editors show it.
const Source = "convex-workos-lint"

// finding is one engine diagnostic of a document, converted once when it is linted.
type finding struct {
	diag  rules.Diagnostic
	lsp   Diagnostic
	fixes []CodeAction // the rule's fixes that can be expressed as edits of known text
}

// converter turns the engine's byte offsets into protocol ranges: the buffer's own text for
// the linted document, each other file's content as the run read it.
type converter struct {
	enc     encoding
	docPath string
	docURI  string
	doc     *text
	proj    *project.Project
	// stale reports a file other than the document whose open buffer differs from what the
	// run read from disk: an edit computed on disk offsets would land in the wrong place.
	stale   func(path, read string) bool
	docsURL func(rule string) string
	texts   map[string]*text
}

func (c *converter) uri(path string) string {
	if path == c.docPath {
		return c.docURI
	}
	return pathToURI(path)
}

// textOf is the text a location's offsets refer to; nil when the run did not read the file.
func (c *converter) textOf(path string) *text {
	if path == c.docPath {
		return c.doc
	}
	if t, ok := c.texts[path]; ok {
		return t
	}
	var t *text
	if f := c.proj.File(path); f != nil {
		if src, err := f.Content(); err == nil {
			t = newText(src, c.enc)
		}
	}
	if c.texts == nil {
		c.texts = map[string]*text{}
	}
	c.texts[path] = t
	return t
}

func (c *converter) location(l rules.Location) (Location, bool) {
	t := c.textOf(l.Path)
	if t == nil {
		return Location{}, false
	}
	return Location{URI: c.uri(l.Path), Range: t.rangeOf(l.StartOffset, l.EndOffset)}, true
}

func (c *converter) finding(d rules.Diagnostic) finding {
	ld := Diagnostic{
		Range:    c.doc.rangeOf(d.StartOffset, d.EndOffset),
		Severity: severityWarning,
		Code:     d.Rule,
		Source:   Source,
		Message:  d.Message,
	}
	if d.Severity == rules.Error {
		ld.Severity = severityError
	}
	if _, ok := rules.Lookup(d.Rule); ok {
		ld.CodeDescription = &codeDescription{Href: c.docsURL(d.Rule)}
	}
	for _, r := range d.Related {
		if loc, ok := c.location(r.Location); ok {
			ld.RelatedInformation = append(ld.RelatedInformation, diagnosticRelatedInformation{Location: loc, Message: r.Message})
		}
	}
	f := finding{diag: d, lsp: ld}
	for i, fx := range d.Fixes {
		if we, ok := c.workspaceEdit(fx.Edits); ok {
			title := fx.Message
			if title == "" {
				title = "Fix " + d.Rule
			}
			f.fixes = append(f.fixes, CodeAction{Title: title, Kind: "quickfix", Diagnostics: []Diagnostic{ld}, IsPreferred: i == 0, Edit: we})
		}
	}
	return f
}

// workspaceEdit converts a fix's edits; ok is false when one lies in a file whose text is not
// known or has unsaved changes in the editor.
func (c *converter) workspaceEdit(edits []rules.Edit) (*WorkspaceEdit, bool) {
	if len(edits) == 0 {
		return nil, false
	}
	we := &WorkspaceEdit{Changes: map[string][]TextEdit{}}
	for _, e := range edits {
		t := c.textOf(e.Path)
		if t == nil || e.Path != c.docPath && c.stale(e.Path, t.s) || e.StartOffset < 0 || e.EndOffset > len(t.s) || e.StartOffset > e.EndOffset {
			return nil, false
		}
		u := c.uri(e.Path)
		we.Changes[u] = append(we.Changes[u], TextEdit{Range: t.rangeOf(e.StartOffset, e.EndOffset), NewText: e.NewText})
	}
	return we, true
}

// suppression is the "disable for this line" edit of finding f of a document: a
// disable-next-line comment (the syntax lint/suppress.go reads) on its own line above the
// finding's line, indented as that line. The second form is for JSX children, where // is text
// (the engine reports a // directive there, so the check of the first form rejects it).
func suppressionEdits(content string, f *finding) (offset int, forms []string, ok bool) {
	d := &f.diag
	if d.Rule == rules.UnusedSuppressionID || d.Rule == rules.InternalErrorID {
		return 0, nil, false // never silenced by a comment
	}
	kind, known := project.KindOf(d.Path)
	if !known || kind != project.KindJS && kind != project.KindEnv {
		return 0, nil, false // JSON has no comments
	}
	// The engine's line numbers (JavaScript's line breaks) are the ones suppressions match.
	lines := parser.NewLines(content)
	line, _ := lines.Position(d.StartOffset)
	start := lines.LineStart(line)
	lineText := lines.Text(line)
	indent := lineText[:len(lineText)-len(strings.TrimLeft(lineText, " \t"))]
	eol := "\n"
	if end := lines.LineEnd(line); strings.HasPrefix(content[end:], "\r\n") {
		eol = "\r\n"
	}
	body := fmt.Sprintf("convex-workos-lint-disable-next-line %s -- %s", d.Rule, reasonPlaceholder)
	if kind == project.KindEnv {
		return start, []string{indent + "# " + body + eol}, true
	}
	return start, []string{indent + "// " + body + eol, indent + "{/* " + body + " */}" + eol}, true
}

// reasonPlaceholder stands for the reason a suppression must give, for the user to replace.
const reasonPlaceholder = "TODO: why this is safe"

// silences reports whether after (the findings of the buffer with a suppression inserted)
// lacks the findings of rule on the suppressed line and adds no other finding, judged by rule
// and message: the comment works there and broke nothing.
func silences(before []finding, after []rules.Diagnostic, rule string, line int) bool {
	count := map[string]int{}
	for _, f := range before {
		count[f.diag.Rule+"\x00"+f.diag.Message]++
	}
	for _, d := range after {
		k := d.Rule + "\x00" + d.Message
		if count[k] == 0 {
			return false
		}
		count[k]--
	}
	for _, f := range before {
		if f.diag.Rule == rule && f.diag.Start.Line == line {
			return true // something of the rule on the line went away (the counts allow no more)
		}
	}
	return false
}

// hoverMarkdown is the doc of the rules whose findings cover p, each once.
func hoverMarkdown(fs []finding, p Position) (string, *Range) {
	var docs []string
	var at *Range
	seen := map[string]bool{}
	for i := range fs {
		r := fs[i].lsp.Range
		if !contains(r, p) || seen[fs[i].diag.Rule] {
			continue
		}
		seen[fs[i].diag.Rule] = true
		rule, ok := rules.Lookup(fs[i].diag.Rule)
		if !ok {
			continue
		}
		if at == nil {
			at = &r
		}
		docs = append(docs, fmt.Sprintf("**%s**\n\n%s", fs[i].diag.Message, rules.Markdown(rule)))
	}
	return strings.Join(docs, "\n---\n\n"), at
}

func before(a, b Position) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Character < b.Character
}

// contains reports whether p lies in r, ends included (the cursor just after a finding is on it).
func contains(r Range, p Position) bool { return !before(p, r.Start) && !before(r.End, p) }

// overlaps reports whether the ranges share a position (an empty range touching counts).
func overlaps(a, b Range) bool { return !before(a.End, b.Start) && !before(b.End, a.Start) }

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
