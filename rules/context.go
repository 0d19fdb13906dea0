package rules

import (
	"io"

	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// FileContext is what a per-file check sees.
type FileContext struct {
	Rule    *Rule
	Project *project.Project
	File    *project.File
	Source  string           // the file's content
	AST     *shim.AST        // parsed tree of a KindJS file; nil for other kinds
	Env     *project.EnvFile // the parsed env file of a KindEnv file
	report  func(Diagnostic)
}

// NewFileContext is for the engine and tests.
func NewFileContext(r *Rule, p *project.Project, f *project.File, src string, tree *shim.AST, env *project.EnvFile, report func(Diagnostic)) *FileContext {
	return &FileContext{Rule: r, Project: p, File: f, Source: src, AST: tree, Env: env, report: report}
}

// Report records a finding of this rule in this file's byte range [start, end).
func (c *FileContext) Report(start, end int, message string, opts ...Option) {
	d := Diagnostic{Rule: c.Rule.ID, Location: At(c.File, start, end), Message: message}
	for _, o := range opts {
		o(&d)
	}
	c.report(d)
}

// LargeFileContext is what CheckLarge sees: a file over the size cap, as a reader.
type LargeFileContext struct {
	Rule    *Rule
	Project *project.Project
	File    *project.File
	Reader  io.Reader
	report  func(Diagnostic)
}

// NewLargeFileContext is for the engine and tests.
func NewLargeFileContext(r *Rule, p *project.Project, f *project.File, rd io.Reader, report func(Diagnostic)) *LargeFileContext {
	return &LargeFileContext{Rule: r, Project: p, File: f, Reader: rd, report: report}
}

// Report records a finding at byte offset start, length n, on one line at line:col (UTF-16).
func (c *LargeFileContext) Report(start int64, n, line, col int, message string) {
	d := Diagnostic{Rule: c.Rule.ID, Location: Location{Path: c.File.Path, StartOffset: int(start), EndOffset: int(start) + n,
		Start: Position{line, col}, End: Position{line, col + n}}, Message: message}
	c.report(d)
}

// ProjectContext is what a per-project check sees.
type ProjectContext struct {
	Rule    *Rule
	Project *project.Project
	report  func(Diagnostic)
}

// NewProjectContext is for the engine and tests.
func NewProjectContext(r *Rule, p *project.Project, report func(Diagnostic)) *ProjectContext {
	return &ProjectContext{Rule: r, Project: p, report: report}
}

// Report records a finding of this rule at the byte range [start, end) of f.
func (c *ProjectContext) Report(f *project.File, start, end int, message string, opts ...Option) {
	d := Diagnostic{Rule: c.Rule.ID, Location: At(f, start, end), Message: message}
	for _, o := range opts {
		o(&d)
	}
	c.report(d)
}

// Option adds detail to a diagnostic as it is reported.
type Option func(*Diagnostic)

// WithRelated adds a secondary location.
func WithRelated(f *project.File, start, end int, message string) Option {
	return func(d *Diagnostic) {
		d.Related = append(d.Related, Related{Location: At(f, start, end), Message: message})
	}
}

// AtMost caps the finding's severity at s (see Diagnostic.MaxSeverity).
func AtMost(s Severity) Option {
	return func(d *Diagnostic) { d.MaxSeverity = s }
}

// WithFix offers a fix made of edits.
func WithFix(message string, edits ...Edit) Option {
	return func(d *Diagnostic) { d.Fixes = append(d.Fixes, Fix{Message: message, Edits: edits}) }
}

// Replace is an edit replacing [start, end) of f.
func Replace(f *project.File, start, end int, text string) Edit {
	return Edit{Location: At(f, start, end), NewText: text}
}

// At is the location of [start, end) in f.
func At(f *project.File, start, end int) Location {
	if end < start {
		end = start
	}
	return Location{Path: f.Path, StartOffset: start, EndOffset: end}
}
