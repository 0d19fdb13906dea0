package fix

import (
	"maps"
	"sort"

	"github.com/convex-workos-lint/convex-workos-lint/lint"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
)

// MaxPasses bounds the lint-and-fix passes of one run: a fix may enable another (a provider
// added in one pass gets its applicationID in the next), but a pair of rules that undo each
// other must not loop forever.
const MaxPasses = 10

// File is a file the fixes changed.
type File struct {
	Path   string // absolute
	Rel    string // slash-separated, relative to the base directory
	Before string // the content that was linted first
	After  string // the content with every pass's fixes
	Fixes  int    // fixes applied to it
}

// Result is what a run of fix passes did, in memory: nothing is written (see WriteAll).
type Result struct {
	Files  []*File // changed files, sorted by path
	Fixes  int     // fixes applied in all passes
	Passes int     // passes that applied something
	// Converged is false when fixes were still offered after MaxPasses.
	Converged bool
	// Last is the lint of the fixed content: the findings that remain.
	Last *lint.Result
	// Dropped lists files whose fixes were thrown away because the fixed file no longer
	// parsed (a rule's bug; the file is left as it was).
	Dropped []project.Notice
}

// Changed reports whether any file changed.
func (r *Result) Changed() bool { return len(r.Files) > 0 }

// Run lints opts, applies the safe fixes in the lint targets, and lints again until no fix
// applies or MaxPasses passes ran. Every pass lints the fixed content in memory (an overlay,
// or opts.Stdin for an editor buffer): --diff shows exactly what --fix would write.
func Run(opts lint.Options) (*Result, error) {
	overlay := maps.Clone(opts.Overlay)
	if overlay == nil {
		overlay = map[string]string{}
	}
	var stdin *project.Buffer
	if opts.Stdin != nil {
		b := *opts.Stdin
		stdin = &b
	}
	files := map[string]*File{}
	blocked := map[string]bool{} // files whose fixes broke them
	out := &Result{}
	for pass := 0; ; pass++ {
		o := opts
		o.Overlay, o.Stdin = overlay, stdin
		res, err := lint.Run(o)
		if err != nil {
			return nil, err
		}
		out.Last = res
		p := res.Project
		content := func(path string) (string, bool) {
			f := p.File(path)
			if f == nil {
				return "", false
			}
			s, err := f.Content()
			return s, err == nil
		}
		size := func(path string) (int, bool) { s, ok := content(path); return len(s), ok }
		allow := func(path string) bool { return p.IsTarget(path) && !blocked[path] }
		sel := Select(res.Diagnostics, allow, size)
		if len(sel.Taken) == 0 {
			out.Converged = true
			break
		}
		if pass == MaxPasses {
			break
		}
		out.Passes++
		for _, path := range sortedKeys(sel.Edits) {
			before, _ := content(path)
			after, err := Apply(before, sel.Edits[path])
			if err == nil && breaksParse(p.File(path), before, after) {
				err = errBreaks
			}
			if err != nil {
				blocked[path] = true
				out.Dropped = append(out.Dropped, project.Notice{Path: p.File(path).Rel, Message: "fixes not applied: " + err.Error()})
				continue
			}
			if after == before {
				continue
			}
			f := files[path]
			if f == nil {
				f = &File{Path: path, Rel: p.File(path).Rel, Before: before}
				files[path] = f
			}
			f.After = after
			if stdin != nil && path == stdin.Path {
				stdin.Content = after
			} else {
				overlay[path] = after
			}
		}
		for _, t := range sel.Taken {
			applied := true
			for _, path := range pathsOf(t) {
				applied = applied && !blocked[path]
			}
			if applied {
				out.Fixes++
				for _, path := range pathsOf(t) {
					if f := files[path]; f != nil {
						f.Fixes++
					}
				}
			}
		}
	}
	for _, path := range sortedKeys(files) {
		if f := files[path]; f.After != f.Before {
			out.Files = append(out.Files, f)
		}
	}
	return out, nil
}

type parseError struct{}

func (parseError) Error() string { return "the fixed file would not parse" }

var errBreaks error = parseError{}

// breaksParse reports a JS file that parsed before the edits and does not after.
func breaksParse(f *project.File, before, after string) bool {
	if f == nil || f.Kind != project.KindJS {
		return false
	}
	if _, problems := parser.ParseJS(f.Path, after); problems == nil {
		return false
	}
	_, problems := parser.ParseJS(f.Path, before)
	return problems == nil
}

func pathsOf(t Taken) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range t.Fix.Edits {
		if !seen[e.Path] {
			seen[e.Path] = true
			out = append(out, e.Path)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// WriteError is a changed file that could not be written.
type WriteError struct {
	File *File
	Err  error
}

// WriteAll writes every changed file (Write) and returns those that failed; the others are
// written whatever happens to one.
func WriteAll(files []*File, beforeRename func(path string)) []WriteError {
	var failed []WriteError
	for _, f := range files {
		if err := Write(f.Path, f.Before, f.After, beforeRename); err != nil {
			failed = append(failed, WriteError{File: f, Err: err})
		}
	}
	return failed
}
