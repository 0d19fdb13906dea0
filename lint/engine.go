package lint

import (
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	"github.com/convex-workos-lint/convex-workos-lint/rules"
)

// Options is one lint run.
type Options struct {
	Base   string   // absolute; display paths are relative to it
	Paths  []string // absolute files or directories; default Base
	Config *Config
	Stdin  *project.Buffer // an editor buffer linted as if saved at Stdin.Path
	// Overlay replaces the content of files on disk (absolute path → content), for --fix passes.
	Overlay map[string]string
	// Rules restricts the run to these rules (tests); nil means every registered rule.
	Rules []*rules.Rule
}

// afterWalk, set by tests only, runs between the walk and the reads: a file that vanishes there
// is what a concurrent checkout or build does to a running lint.
var afterWalk func()

// Result is what a run found.
type Result struct {
	Diagnostics []rules.Diagnostic // sorted by path, line, column, rule
	Notices     []project.Notice   // input problems that are not findings
	Files       int                // files read
	Parsed      int                // JS files parsed in the file pass
	Project     *project.Project
	Phases      Phases // time per phase (--debug)
	// Internal lists the rules that crashed (exit code 2); their other findings still stand.
	Internal []string
}

// LineText is the text of 1-based line n of the file at path (SARIF fingerprints).
func (r *Result) LineText(path string, n int) string {
	if f := r.Project.File(path); f != nil {
		return f.Lines().Text(n)
	}
	return ""
}

type activeRule struct {
	rule     *rules.Rule
	severity rules.Severity
}

// Run lints the project(s) holding opts.Paths.
func Run(opts Options) (*Result, error) {
	cfg := opts.Config
	if cfg == nil {
		cfg = &Config{Dir: opts.Base}
	}
	paths := opts.Paths
	if len(paths) == 0 {
		paths = []string{opts.Base}
	}
	all := opts.Rules
	if all == nil {
		all = rules.All()
	}
	// Severities of every registered rule, so that the engine's own findings (parse-error,
	// unused-suppression) follow the config even when opts.Rules narrows the checks.
	severity := map[string]rules.Severity{}
	for _, r := range append(rules.All(), opts.Rules...) {
		if s := cfg.Severity(r); s != rules.Off {
			severity[r.ID] = s
		}
	}
	var active []activeRule
	for _, r := range all {
		if s, ok := severity[r.ID]; ok {
			active = append(active, activeRule{r, s})
		}
	}

	// Ignore globs and severities come from each file's nearest config (Config.For).
	ignored := func(path string, isDir bool) bool { return cfg.For(path).Ignored(path, isDir) }
	loadStart, walked := time.Now(), time.Time{}
	proj, err := project.Load(project.Options{
		Base: opts.Base, Paths: paths, Ignore: ignored, ExtraEnvFiles: cfg.EnvFiles, MaxFileSize: cfg.MaxFileSize, Stdin: opts.Stdin, Overlay: opts.Overlay,
		Walked: func() {
			walked = time.Now()
			if afterWalk != nil {
				afterWalk()
			}
		},
	})
	if err != nil {
		return nil, err
	}
	loaded := time.Now()
	if walked.IsZero() {
		walked = loaded
	}
	// A rule that a nested config turns on runs too; each finding then takes its file's severity.
	for _, f := range proj.Targets {
		if fc := cfg.For(f.Path); fc != cfg {
			for _, r := range rules.All() {
				if _, on := severity[r.ID]; !on && fc.Severity(r) != rules.Off {
					severity[r.ID] = fc.Severity(r)
					if slices.Contains(all, r) {
						active = append(active, activeRule{r, severity[r.ID]})
					}
				}
			}
		}
	}
	if err := cfg.Err(); err != nil {
		return nil, err
	}
	fileSeverity := func(d *rules.Diagnostic) (rules.Severity, bool) {
		fc := cfg.For(d.Path)
		if fc == cfg {
			s, ok := severity[d.Rule]
			return s, ok
		}
		r, ok := rules.Lookup(d.Rule)
		if !ok {
			s, ok := severity[d.Rule]
			return s, ok
		}
		s := fc.Severity(r)
		return s, s != rules.Off
	}

	res := &Result{Notices: proj.Notices, Project: proj}
	res.Phases.Walk, res.Phases.Context = walked.Sub(loadStart), loaded.Sub(walked)
	var mu sync.Mutex
	var crashes []crash
	var diags []rules.Diagnostic
	var sups []*suppression
	collect := func(d rules.Diagnostic) {
		mu.Lock()
		diags = append(diags, d)
		mu.Unlock()
	}

	// A broken package.json or convex.json was read leniently; say so where it is linted.
	for _, j := range proj.BrokenJSON() {
		pr := j.Problems[0]
		what := "syntax error: "
		if pr.Limit {
			what = ""
		}
		collect(rules.Diagnostic{Rule: rules.ParseErrorID, Location: rules.At(j.File, pr.Offset, min(pr.Offset+pr.Length, len(j.Source()))),
			Message: what + pr.Text + " (read leniently: findings that depend on this file may be missing)"})
	}

	// The file pass: read each target once, run the per-file checks whose trigger words it holds.
	// Which project checks' trigger words occur in some target, found during the file pass.
	gate := newTriggers(active)
	work := make(chan *project.File)
	var parsedFiles []*project.File
	var wg sync.WaitGroup
	passStart := time.Now()
	res.Phases.Workers = runtime.GOMAXPROCS(0)
	for range res.Phases.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range work {
				t0 := time.Now()
				f.Content() // read here to time it; lintFile gets it (or its error) from the cache
				t1 := time.Now()
				s, files, parsed, text, notice := lintFile(proj, f, active, gate, collect, &crashes, &mu)
				t2 := time.Now()
				// Nor need the text of a JS file that holds none of the words anything looks
				// for stay in memory: in a large repository that is most of what is read (a
				// check that still reads one, reads it again).
				switch {
				case text == textWordless && parsed == 0:
					analysis.ReleaseText(f)
				case text == textLibrary:
					f.ReleaseContent() // no app check reads library source again
				}
				mu.Lock()
				res.Phases.Read += t1.Sub(t0)
				res.Phases.Check += t2.Sub(t1)
				sups = append(sups, s...)
				res.Files += files
				res.Parsed += parsed
				if parsed > 0 {
					parsedFiles = append(parsedFiles, f)
				}
				if notice != nil {
					res.Notices = append(res.Notices, *notice)
				}
				mu.Unlock()
			}
		}()
	}
	for _, f := range proj.Targets {
		work <- f
	}
	close(work)
	wg.Wait()
	// The per-file checks are done: ASTs that no project check starts from are dropped, so
	// that a trigger-dense tree does not keep every parsed file alive to the end of the run.
	for _, f := range parsedFiles {
		analysis.ReleaseAST(f)
	}
	res.Phases.FilePass = time.Since(passStart)
	projectStart := time.Now()

	// Project checks see the whole model; they may report in any file, but only findings in
	// lint targets are kept (pre-commit and editors name a few files and want only theirs).
	for _, a := range active {
		if a.rule.CheckProject == nil || !gate.gateOpen(a.rule.Triggers) {
			continue
		}
		wg.Add(1)
		go func(r *rules.Rule) {
			defer wg.Done()
			defer recoverInto(r, nil, &crashes, &mu)
			r.CheckProject(rules.NewProjectContext(r, proj, collect))
		}(a.rule)
	}
	wg.Wait()
	res.Phases.Project = time.Since(projectStart)
	finishStart := time.Now()

	// A crash is a finding in the file it happened on (a notice for a project check), and the
	// rest of the run stands; the CLI exits 2 on it.
	for _, c := range crashes {
		what := fmt.Sprintf("rule %s panicked: %v", c.rule, c.value)
		res.Internal = append(res.Internal, what)
		if c.file == nil {
			res.Notices = append(res.Notices, project.Notice{Message: "internal error: " + what + " (its findings are missing; please report this bug)"})
			continue
		}
		diags = append(diags, rules.Diagnostic{Rule: rules.InternalErrorID, Location: rules.At(c.file, 0, 0),
			Message: "internal error: " + what + " on this file; its findings for the file are missing, the other rules ran (please report this bug)"})
	}
	sort.Strings(res.Internal)

	resolved := diags[:0]
	for _, d := range diags {
		if !proj.IsTarget(d.Path) {
			continue
		}
		s, ok := fileSeverity(&d)
		if !ok {
			continue
		}
		if d.MaxSeverity != rules.Off && d.MaxSeverity < s {
			s = d.MaxSeverity
		}
		d.Severity = s
		resolve(proj, &d)
		resolved = append(resolved, d)
	}
	diags = resolved

	// Suppressions: drop what they silence, then report the ones that silenced nothing.
	kept := diags[:0]
	for i := range diags {
		silenced := false
		for _, s := range sups {
			if diags[i].Rule != rules.UnusedSuppressionID && s.matches(&diags[i]) {
				silenced = true
				break
			}
		}
		if !silenced {
			kept = append(kept, diags[i])
		}
	}
	diags = kept
	for _, sup := range sups {
		enabled := func(id string) bool {
			_, ok := fileSeverity(&rules.Diagnostic{Rule: id, Location: rules.Location{Path: sup.file.Path}})
			return ok
		}
		sup.unused(enabled, func(d rules.Diagnostic) {
			if s, ok := fileSeverity(&d); ok {
				d.Severity = s
				resolve(proj, &d)
				diags = append(diags, d)
			}
		})
	}

	sortDiagnostics(diags)
	res.Diagnostics = dedupe(diags)
	sort.Slice(res.Notices, func(i, j int) bool { return res.Notices[i].Path < res.Notices[j].Path })
	res.Phases.Finish = time.Since(finishStart)
	return res, nil
}

// textUse says whether a file's text is still needed after the file pass.
type textUse uint8

const (
	textKept     textUse = iota
	textWordless         // a JS file holding none of the words of the checks and analyses
	textLibrary          // library source (analysis.LibrarySource): only raw-text checks read it
)

// lintFile runs the per-file checks on one file.
func lintFile(proj *project.Project, f *project.File, active []activeRule, gate *triggers, report func(rules.Diagnostic), crashes *[]crash, mu *sync.Mutex) (sups []*suppression, files, parsed int, text textUse, notice *project.Notice) {
	src, err := f.Content()
	if err != nil {
		if f.TooLarge() {
			err = scanLarge(proj, f, active, report, crashes, mu, err)
		}
		return nil, 0, 0, textKept, &project.Notice{Path: f.Rel, Message: err.Error()}
	}
	files = 1
	scan := gate.scan(f, src)
	if f.Kind == project.KindJS && scan.none() {
		text = textWordless
	}
	scan.recordGate()
	if scan.mayHaveSuppressions() {
		sups = scanSuppressions(f, src, report)
	}
	var triggered []*rules.Rule
	for _, a := range active {
		r := a.rule
		// The trigger words first: a bit test, where Applies walks the path and the model.
		if r.CheckFile == nil || r.Kinds&f.Kind == 0 || !scan.any(r.Triggers) || r.Applies != nil && !r.Applies(proj, f) {
			continue
		}
		triggered = append(triggered, r)
	}
	// The sources of convex or an AuthKit package are not an app: only the raw-text checks
	// (keys in source) run there, and the file is not parsed for them alone.
	if text != textWordless && f.Kind == project.KindJS && analysis.LibrarySource(proj, f) {
		raw := triggered[:0]
		for _, r := range triggered {
			if r.RawText {
				raw = append(raw, r)
			}
		}
		if len(raw) == 0 {
			return sups, files, 0, textLibrary, nil
		}
		ctx := rules.NewFileContext(nil, proj, f, src, nil, nil, report)
		for _, r := range raw {
			ctx.Rule = r
			runCheck(r, ctx, crashes, mu)
		}
		return sups, files, 0, textLibrary, nil
	}
	if len(triggered) == 0 {
		return sups, files, 0, text, nil
	}
	ctx := rules.NewFileContext(nil, proj, f, src, nil, nil, report)
	switch f.Kind {
	case project.KindJS:
		tree, problems := f.AST()
		parsed = 1
		if tree == nil {
			if len(problems) == 1 && problems[0].Limit { // too deep to parse: not the code's fault
				notice = &project.Notice{Path: f.Rel, Message: problems[0].Text + "; only the raw-text key rules ran"}
				problems = nil
			}
			for _, p := range problems {
				end := min(p.Offset+p.Length, len(src))
				report(rules.Diagnostic{Rule: rules.ParseErrorID, Location: rules.At(f, p.Offset, end),
					Message: "syntax error: " + p.Text + " (the rules that need its syntax tree skipped this file)"})
			}
			for _, r := range triggered {
				if r.RawText {
					ctx.Rule = r
					runCheck(r, ctx, crashes, mu)
				}
			}
			return sups, files, parsed, text, notice
		}
		ctx.AST = tree
	case project.KindEnv:
		ctx.Env = proj.EnvFile(f)
	}
	for _, r := range triggered {
		ctx.Rule = r
		runCheck(r, ctx, crashes, mu)
	}
	return sups, files, parsed, text, nil
}

func runCheck(r *rules.Rule, ctx *rules.FileContext, crashes *[]crash, mu *sync.Mutex) {
	defer recoverInto(r, ctx.File, crashes, mu)
	r.CheckFile(ctx)
}

// crash is a check that panicked: on a file (CheckFile), or on the project (file nil).
type crash struct {
	rule  string
	file  *project.File
	value any
}

// recoverInto records a panicking check, so that one rule's bug on one file costs only that
// rule's findings there, never the run.
func recoverInto(r *rules.Rule, f *project.File, crashes *[]crash, mu *sync.Mutex) {
	if v := recover(); v != nil {
		mu.Lock()
		*crashes = append(*crashes, crash{r.ID, f, v})
		mu.Unlock()
	}
}

// resolve fills display paths and line/column positions.
func resolve(proj *project.Project, d *rules.Diagnostic) {
	resolveLoc(proj, &d.Location)
	for i := range d.Related {
		resolveLoc(proj, &d.Related[i].Location)
	}
	for i := range d.Fixes {
		for j := range d.Fixes[i].Edits {
			resolveLoc(proj, &d.Fixes[i].Edits[j].Location)
		}
	}
}

func resolveLoc(proj *project.Project, l *rules.Location) {
	f := proj.File(l.Path)
	if f == nil {
		rel, err := filepath.Rel(proj.Base, l.Path)
		if err != nil {
			rel = l.Path
		}
		l.DisplayPath = filepath.ToSlash(rel)
		l.Start, l.End = rules.Position{Line: 1, Column: 1}, rules.Position{Line: 1, Column: 1}
		return
	}
	l.DisplayPath = f.Rel
	if l.Start.Line > 0 { // a CheckLarge finding, in a file not held whole
		return
	}
	lines := f.Lines()
	l.Start.Line, l.Start.Column = lines.Position(l.StartOffset)
	l.End.Line, l.End.Column = lines.Position(l.EndOffset)
}

func sortDiagnostics(ds []rules.Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := &ds[i], &ds[j]
		if a.DisplayPath != b.DisplayPath {
			return a.DisplayPath < b.DisplayPath
		}
		if a.Start.Line != b.Start.Line {
			return a.Start.Line < b.Start.Line
		}
		if a.Start.Column != b.Start.Column {
			return a.Start.Column < b.Start.Column
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}

func dedupe(ds []rules.Diagnostic) []rules.Diagnostic {
	out := ds[:0]
	for i, d := range ds {
		if i > 0 {
			p := out[len(out)-1]
			if p.Rule == d.Rule && p.Path == d.Path && p.StartOffset == d.StartOffset && p.Message == d.Message {
				continue
			}
		}
		out = append(out, d)
	}
	return out
}
