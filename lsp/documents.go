package lsp

import (
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// document is an open buffer and what its last lint found.
type document struct {
	uri, path string
	version   int
	text      string
	stop      func() bool // the pending debounce timer, if any

	// From the last lint published (of linted, the version it read).
	linted   int
	findings []finding
	context  map[string]bool // files the run read: a change to one re-lints this buffer
	roots    []string        // the project's roots: a file created in one may matter too
	// suppress caches the checked suppression action of a rule on a line (nil: none works),
	// as clients ask for code actions on every cursor move.
	suppress map[string]*CodeAction
}

func (s *Server) didOpen(p *didOpenParams) {
	path, ok := uriToPath(p.TextDocument.URI)
	if !ok {
		return
	}
	if _, known := project.KindOf(path); !known {
		return // a file type the linter never reads: no diagnostics, no cost
	}
	s.mu.Lock()
	d := &document{uri: p.TextDocument.URI, path: path, version: p.TextDocument.Version, text: p.TextDocument.Text, linted: -1}
	if old := s.docs[d.uri]; old != nil && old.stop != nil {
		old.stop()
	}
	s.docs[d.uri] = d
	s.enqueueLocked(d.uri)
	s.mu.Unlock()
}

func (s *Server) didChange(p *didChangeParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		return
	}
	for _, c := range p.ContentChanges {
		d.text = applyChange(d.text, c, s.enc)
	}
	d.version = p.TextDocument.Version
	if d.stop != nil {
		d.stop()
	}
	uri := d.uri
	d.stop = s.opts.schedule(s.opts.Debounce, func() {
		s.mu.Lock()
		s.enqueueLocked(uri)
		s.mu.Unlock()
	})
}

func (s *Server) didSave(p *didSaveParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		return
	}
	if p.Text != nil {
		d.text = *p.Text
	}
	if d.stop != nil {
		d.stop()
	}
	s.enqueueLocked(d.uri)
	// The file on disk changed: buffers whose project reads it see the new content now.
	s.relintDependentsLocked(d.path, d.uri)
}

func (s *Server) didClose(p *didCloseParams) {
	s.publishMu.Lock()
	defer s.publishMu.Unlock()
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	if d != nil {
		if d.stop != nil {
			d.stop()
		}
		delete(s.docs, d.uri)
	}
	s.mu.Unlock()
	if d != nil {
		s.notify("textDocument/publishDiagnostics", publishDiagnosticsParams{URI: d.uri, Diagnostics: []Diagnostic{}})
	}
}

func (s *Server) didChangeWatchedFiles(p *didChangeWatchedFilesParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range p.Changes {
		path, ok := uriToPath(e.URI)
		if !ok {
			continue
		}
		if filepath.Base(path) == lint.ConfigFileName {
			s.configs = nil // nested configs too: read them all again
			for uri := range s.docs {
				s.enqueueLocked(uri)
			}
			continue
		}
		s.relintDependentsLocked(path, "")
	}
}

// relintDependentsLocked queues the open buffers (but skip) whose last run read path or whose
// project holds it.
func (s *Server) relintDependentsLocked(path, skip string) {
	for uri, d := range s.docs {
		if uri == skip {
			continue
		}
		depends := d.context[path]
		for _, r := range d.roots {
			depends = depends || within(path, r)
		}
		if depends {
			s.enqueueLocked(uri)
		}
	}
}

func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func (s *Server) enqueueLocked(uri string) {
	if !s.queued[uri] {
		s.queued[uri] = true
		s.pending = append(s.pending, uri)
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// lintLoop lints the queued buffers one at a time (the machine's cores go to the engine's own
// workers) until done closes.
func (s *Server) lintLoop(done chan struct{}) {
	for {
		select {
		case <-done:
			return
		case <-s.wake:
		}
		for {
			s.mu.Lock()
			if len(s.pending) == 0 {
				s.mu.Unlock()
				break
			}
			uri := s.pending[0]
			s.pending = s.pending[1:]
			delete(s.queued, uri)
			d := s.docs[uri]
			var snap document
			if d != nil {
				snap = *d
			}
			s.mu.Unlock()
			if d != nil {
				s.lintAndPublish(snap)
			}
		}
	}
}

// beforeLint runs before each lint of a buffer (tests make it panic).
var beforeLint = func(path string) {}

// lintAndPublish lints a snapshot of a buffer and publishes its findings, unless the buffer
// was closed or changed meanwhile (the newer version has its own lint coming).
func (s *Server) lintAndPublish(snap document) {
	defer func() {
		// A bug here must cost this lint, not the session (the engine recovers rules itself).
		if v := recover(); v != nil {
			s.logf("panic linting %s: %v\n%s", snap.path, v, debug.Stack())
			s.showError(fmt.Sprintf("internal error linting %s: %v (please report this bug)", snap.path, v))
		}
	}()
	beforeLint(snap.path)
	findings, context, roots, err := s.lintDocument(snap.path, snap.uri, snap.text)
	if err != nil {
		s.showError(err.Error())
		return
	}
	// Under publishMu a didClose cannot slip its empty list in between the check and the
	// publish, leaving this result on a closed buffer.
	s.publishMu.Lock()
	defer s.publishMu.Unlock()
	s.mu.Lock()
	d := s.docs[snap.uri]
	if d == nil || d.version != snap.version || d.text != snap.text || s.shutdown {
		s.mu.Unlock()
		return
	}
	d.linted, d.findings, d.context, d.roots, d.suppress = snap.version, findings, context, roots, nil
	s.lastError = ""
	s.mu.Unlock()
	diags := make([]Diagnostic, 0, len(findings))
	for _, f := range findings {
		diags = append(diags, f.lsp)
	}
	v := snap.version
	s.notify("textDocument/publishDiagnostics", publishDiagnosticsParams{URI: snap.uri, Version: &v, Diagnostics: diags})
}

// run lints content as the file at path, exactly as `--stdin-filename path --force-exclude`
// run in the workspace folder holding it does.
func (s *Server) run(path, content string) (*lint.Result, error) {
	s.mu.Lock()
	base := s.baseLocked(path)
	cfg, cfgErr := s.configLocked(base)
	s.mu.Unlock()
	if cfgErr != nil {
		return nil, cfgErr
	}
	if lint.IgnoresPath(cfg, path) {
		return &lint.Result{}, nil
	}
	return lint.Run(lint.Options{Base: base, Paths: []string{path}, Config: cfg, Stdin: &project.Buffer{Path: path, Content: content}})
}

func (s *Server) lintDocument(path, uri, content string) (fs []finding, context map[string]bool, roots []string, err error) {
	res, err := s.run(path, content)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, n := range res.Notices {
		s.logOnce(n.Path + ": " + n.Message)
	}
	context = map[string]bool{}
	if res.Project != nil {
		for _, f := range res.Project.Files {
			context[f.Path] = true
		}
		for _, r := range res.Project.Roots {
			roots = append(roots, r.Dir)
		}
	}
	c := &converter{enc: s.enc, docPath: path, docURI: uri, doc: newText(content, s.enc), proj: res.Project,
		stale: s.staleOnDisk, docsURL: s.opts.DocsURL}
	for _, d := range res.Diagnostics {
		if d.Path == path {
			fs = append(fs, c.finding(d))
		}
	}
	return fs, context, roots, nil
}

// logOnce logs a notice of a run (an unreadable file) the first time a run meets it, not
// on every keystroke.
func (s *Server) logOnce(msg string) {
	s.mu.Lock()
	if s.notices == nil {
		s.notices = map[string]bool{}
	}
	seen := s.notices[msg]
	s.notices[msg] = true
	s.mu.Unlock()
	if !seen {
		s.logf("%s", msg)
	}
}

// staleOnDisk reports whether path is open with other content than the run read from disk.
func (s *Server) staleOnDisk(path, read string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.docs {
		if d.path == path && d.text != read {
			return true
		}
	}
	return false
}

func (s *Server) codeActions(p *codeActionParams) []CodeAction {
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	var snap document
	if d != nil {
		snap = *d
	}
	s.mu.Unlock()
	if d == nil {
		return nil
	}
	var actions []CodeAction
	// The findings' edits are of the text they were linted from: none for a newer one.
	if wantsKind("quickfix", p.Context.Only) && snap.linted == snap.version {
		suppressed := map[string]bool{}
		for i := range snap.findings {
			f := &snap.findings[i]
			if !overlaps(f.lsp.Range, p.Range) {
				continue
			}
			actions = append(actions, f.fixes...)
			key := fmt.Sprintf("%s:%d", f.diag.Rule, f.diag.Start.Line)
			if suppressed[key] {
				continue
			}
			suppressed[key] = true
			if a := s.cachedSuppressAction(&snap, f, key); a != nil {
				actions = append(actions, *a)
			}
		}
	}
	// Fix all: asked for by kind (fix on save), or offered beside the quick fixes when the
	// buffer has a fixable finding. It lints the current text itself.
	if wantsKind(fixAllKind, p.Context.Only) && (len(p.Context.Only) > 0 || hasFixes(snap.findings)) {
		if a, ok := s.fixAllAction(&snap); ok {
			actions = append(actions, a)
		}
	}
	return actions
}

func hasFixes(fs []finding) bool {
	for _, f := range fs {
		if len(f.fixes) > 0 {
			return true
		}
	}
	return false
}

// wantsKind reports whether a code action of kind is among the kinds a client asked for (all
// when it named none): a kind covers its sub-kinds, "source" covers "source.fixAll.x".
func wantsKind(kind string, only []string) bool {
	if len(only) == 0 {
		return true
	}
	for _, k := range only {
		if k == kind || strings.HasPrefix(kind, k+".") {
			return true
		}
	}
	return false
}

func (s *Server) cachedSuppressAction(snap *document, f *finding, key string) *CodeAction {
	s.mu.Lock()
	a, ok := snap.suppress[key]
	s.mu.Unlock()
	if ok {
		return a
	}
	if act, found := s.suppressAction(snap, f); found {
		a = &act
	}
	s.mu.Lock()
	if d := s.docs[snap.uri]; d != nil && d.linted == snap.linted && d.version == snap.version && d.text == snap.text {
		if d.suppress == nil {
			d.suppress = map[string]*CodeAction{}
		}
		d.suppress[key] = a
	}
	s.mu.Unlock()
	return a
}

// suppressAction is "Disable <rule> for this line", offered only in a form that, linted,
// silences the finding and adds no other one (// in code, {/* */} in JSX children, # in env).
func (s *Server) suppressAction(doc *document, f *finding) (CodeAction, bool) {
	offset, forms, ok := suppressionEdits(doc.text, f)
	if !ok {
		return CodeAction{}, false
	}
	for _, form := range forms {
		edited := doc.text[:offset] + form + doc.text[offset:]
		res, err := s.run(doc.path, edited)
		if err != nil {
			return CodeAction{}, false
		}
		var after []rules.Diagnostic
		for _, d := range res.Diagnostics {
			if d.Path == doc.path {
				after = append(after, d)
			}
		}
		if !silences(doc.findings, after, f.diag.Rule, f.diag.Start.Line) {
			continue
		}
		pos := newText(doc.text, s.enc).position(offset)
		return CodeAction{
			Title:       "Disable " + f.diag.Rule + " for this line",
			Kind:        "quickfix",
			Diagnostics: []Diagnostic{f.lsp},
			Edit:        &WorkspaceEdit{Changes: map[string][]TextEdit{doc.uri: {{Range: Range{pos, pos}, NewText: form}}}},
		}, true
	}
	return CodeAction{}, false
}

func (s *Server) hover(p *textDocumentPositionParams) *hover {
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	var fs []finding
	if d != nil && d.linted == d.version {
		fs = d.findings
	}
	s.mu.Unlock()
	md, r := hoverMarkdown(fs, p.Position)
	if md == "" {
		return nil
	}
	return &hover{Contents: markupContent{Kind: "markdown", Value: md}, Range: r}
}
