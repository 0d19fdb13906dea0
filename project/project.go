package project

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/internal/fsread"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project/gitignore"
	shim "github.com/evanw/esbuild/shim"
)

// Options says what to load.
type Options struct {
	Base  string   // absolute directory that display paths are relative to (the working directory)
	Paths []string // absolute paths to lint (files or directories); their project context is loaded too
	// Ignore reports paths (absolute) excluded by the user's config.
	Ignore func(rel string, isDir bool) bool
	// ExtraEnvFiles are absolute paths of env files named in the config.
	ExtraEnvFiles []string
	// MaxFileSize is the size cap of a file read (0: MaxFileSize).
	MaxFileSize int64
	// Stdin, when set, replaces the content of the file at Stdin.Path (an editor's buffer).
	Stdin *Buffer
	// Overlay replaces the content of files found on disk (absolute path → content): the
	// fixed text of earlier --fix passes, linted before anything is written.
	Overlay map[string]string
	// Walked, when set, is called once the walk has found the files (--debug times the phases).
	Walked func()
}

// Buffer is file content that does not come from disk.
type Buffer struct {
	Path    string // absolute
	Content string
}

// Notice is a problem with the input that is not a finding: an unreadable directory, a binary file.
type Notice struct {
	Path    string // display path
	Message string
}

// Project is everything the rules can see.
type Project struct {
	Base     string
	Roots    []*Root // sorted by Dir; parents before children
	Files    []*File // sorted by Path
	byPath   map[string]*File
	rootDirs map[string]bool
	targets  []string // the lint paths, absolute
	baseRel  relBase
	// Targets are the files under the lint paths: those whose findings are reported.
	Targets []*File
	Notices []Notice
	memo    memo
	// unloaded are the deployments a bounded walk found and did not load.
	unloaded []UnloadedDeployment
	maxSize  int64 // Options.MaxFileSize
}

// Root is a package: a directory with a package.json (or the lint root when it has none).
type Root struct {
	Dir        string
	Package    *JSONFile // nil when the directory has no package.json
	Deps       map[string]bool
	ConvexJSON *JSONFile // nil when absent
	// FunctionsDir is the Convex functions directory (convex.json "functions", default convex/);
	// HasConvex says whether it exists.
	FunctionsDir string
	HasConvex    bool
	AuthConfig   *File // <functions dir>/auth.config.*, nil when absent
	EnvFiles     []*EnvFile
	// Parent is the workspace root that lists this package, nil when none does: the
	// enclosing package whose env files and convex.json also apply (see Chain).
	Parent     *Root
	workspaces *[]string // the workspace patterns this root declares, read on demand
	memo       memo
}

// JSONFile is a parsed JSON file; Value is the zero Expr when it did not parse.
type JSONFile struct {
	*File
	Value    shim.Expr
	Problems []parser.Problem
}

// Get follows a path of object keys: Get("authKit", "dev", "configure").
func (j *JSONFile) Get(keys ...string) (shim.Expr, bool) {
	if j == nil || j.Value.Data == nil {
		return shim.Expr{}, false
	}
	v := j.Value
	for _, k := range keys {
		next, _, ok := parser.Prop(v, k)
		if !ok {
			return shim.Expr{}, false
		}
		v = next
	}
	return v, true
}

// File returns the project's file at an absolute path, or nil.
func (p *Project) File(path string) *File { return p.byPath[path] }

// IsTarget reports whether findings in the file at path are reported (it is under a lint path).
func (p *Project) IsTarget(path string) bool {
	for _, t := range p.targets {
		if within(path, t) {
			return true
		}
	}
	return false
}

// Narrow reports whether the lint targets are a small part of the project (one file saved in
// an editor, the staged files of a commit, one package of a monorepo): project checks then
// start from what the targets need rather than analyse everything, which they do when the
// targets are most of the project. Both ways find the same; only the cost differs.
func (p *Project) Narrow() bool { return 4*len(p.Targets) <= len(p.Files) }

// RootOf is the deepest root containing path, or nil.
func (p *Project) RootOf(path string) *Root {
	var best *Root
	for _, r := range p.Roots {
		if path == r.Dir || strings.HasPrefix(path, r.Dir+string(filepath.Separator)) {
			best = r // Roots are sorted, so later matches are deeper
		}
	}
	return best
}

// InFunctionsDir reports whether path is inside a Convex functions directory.
func (p *Project) InFunctionsDir(path string) bool {
	d := p.DeploymentHolding(path)
	return d != nil && path != d.FunctionsDir
}

// skipDirs are never walked: dependencies, VCS data, build output, generated Convex code.
var skipDirs = map[string]bool{
	"node_modules": true, ".git": true, "dist": true, "build": true, ".next": true, "out": true,
	"coverage": true, "_generated": true, ".turbo": true, ".vercel": true, ".output": true,
	".nuxt": true, ".svelte-kit": true, ".cache": true, ".convex": true,
}

// Load discovers the files and roots of the project(s) holding opts.Paths.
func Load(opts Options) (*Project, error) {
	p := &Project{Base: opts.Base, byPath: map[string]*File{}, targets: opts.Paths, baseRel: relTo(opts.Base), maxSize: opts.MaxFileSize}
	w := &walker{p: p, opts: opts, matchers: map[string]*gitignore.Matcher{}}
	for _, s := range contextScopes(opts.Paths) {
		if s.bound != nil {
			w.walkBounded(s)
			continue
		}
		w.walk(s)
	}
	if opts.Walked != nil {
		opts.Walked()
	}
	// A named file is linted even if the walk skipped it (ignored, or outside every root).
	for _, t := range opts.Paths {
		if info, err := os.Stat(t); err == nil && !info.IsDir() || opts.Stdin != nil && opts.Stdin.Path == t {
			if kind, ok := KindOf(t); ok && p.byPath[t] == nil {
				p.add(t, kind)
			}
		}
	}
	if opts.Stdin != nil {
		if f := p.byPath[opts.Stdin.Path]; f != nil {
			f.SetContent(opts.Stdin.Content)
		}
	}
	for path, content := range opts.Overlay {
		if f := p.byPath[path]; f != nil {
			f.SetContent(content)
		}
	}
	sort.Slice(p.Files, func(i, j int) bool { return p.Files[i].Path < p.Files[j].Path })
	sort.Slice(p.Roots, func(i, j int) bool { return p.Roots[i].Dir < p.Roots[j].Dir })
	for _, f := range p.Files {
		f.Root = p.RootOf(f.Path)
	}
	for _, r := range p.Roots {
		p.loadRoot(r)
	}
	p.linkParents()
	for _, path := range opts.ExtraEnvFiles {
		f := p.byPath[path]
		if f == nil {
			if _, err := os.Stat(path); err != nil {
				p.Notices = append(p.Notices, Notice{Path: p.rel(path), Message: "env file named in the config: " + err.Error()})
				continue
			}
			f = p.add(path, KindEnv)
			f.Root = p.RootOf(path)
		}
		if r := f.Root; r != nil && !r.hasEnv(f) {
			r.EnvFiles = append(r.EnvFiles, p.envFile(f))
		}
	}
	for _, f := range p.Files {
		if p.IsTarget(f.Path) {
			p.Targets = append(p.Targets, f)
		}
	}
	return p, nil
}

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	// Without building dir+"/": IsTarget runs this for every file and lint path.
	return len(path) >= len(dir) && path[:len(dir)] == dir &&
		(len(path) == len(dir) || path[len(dir)] == filepath.Separator || dir != "" && dir[len(dir)-1] == filepath.Separator)
}

// RelPath is path as messages show it: slash-separated, relative to the base directory.
func (p *Project) RelPath(path string) string { return p.rel(path) }

func (p *Project) rel(path string) string {
	r, err := p.baseRel.rel(path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(r)
}

// relBase is filepath.Rel(dir, ·) for one directory, judged clean once: it skips Rel's cost
// (it cleans both paths) in the walk's common case, a clean path below a clean directory.
type relBase struct {
	dir   string
	clean bool
}

func relTo(dir string) relBase {
	return relBase{dir, dir != "" && dir[len(dir)-1] != filepath.Separator && isCleanRel(strings.TrimPrefix(dir, string(filepath.Separator)))}
}

func (b relBase) rel(path string) (string, error) {
	if rest, ok := strings.CutPrefix(path, b.dir); ok && b.clean && len(rest) > 1 && rest[0] == filepath.Separator && isCleanRel(rest[1:]) {
		return rest[1:], nil
	}
	return filepath.Rel(b.dir, path)
}

// isCleanRel reports a relative path that filepath.Clean leaves as it is: no empty, "." or
// ".." element and no trailing separator.
func isCleanRel(s string) bool {
	for s != "" {
		elem, rest, more := strings.Cut(s, string(filepath.Separator))
		if elem == "" || elem == "." || elem == ".." || more && rest == "" {
			return false
		}
		s = rest
	}
	return true
}

func (p *Project) add(path string, kind Kind) *File {
	f := &File{Path: path, Rel: p.rel(path), Kind: kind, limit: p.maxSize}
	p.Files = append(p.Files, f)
	p.byPath[path] = f
	return f
}

// walker walks the scopes of one Load, with one gitignore matcher per repository.
type walker struct {
	p        *Project
	opts     Options
	matchers map[string]*gitignore.Matcher
}

// walk adds the files of scope s. s.prune, when set, is asked about each directory below
// s.dir that holds a package.json: true skips its contents (and makes no root of it).
func (w *walker) walk(s scope) {
	p, opts := w.p, w.opts
	dir := s.dir
	repo, ok := gitignore.FindRepoRoot(dir)
	if !ok {
		repo = dir
	}
	ignored := w.matchers[repo]
	if ignored == nil {
		ignored = gitignore.New(repo)
		w.matchers[repo] = ignored
	}
	repoRel := relTo(repo)
	realRepo := "" // repo with its own symlinks resolved, on the first symlink met
	walkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			p.Notices = append(p.Notices, Notice{Path: p.rel(path), Message: fsread.Describe(err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		relRepo := func() string {
			r, _ := repoRel.rel(path)
			return filepath.ToSlash(r)
		}
		if d.IsDir() {
			if path != dir && s.shallow {
				return fs.SkipDir
			}
			if path != dir && (skipDirs[name] || strings.HasPrefix(name, ".") && name != ".github") {
				return fs.SkipDir
			}
			if path != dir && (ignored.Ignored(relRepo(), true) || opts.Ignore != nil && opts.Ignore(path, true)) {
				return fs.SkipDir
			}
			return nil
		}
		kind, ok := KindOf(path)
		if !ok || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		if opts.Ignore != nil && opts.Ignore(path, false) {
			return nil
		}
		// Env files are usually git-ignored, and are exactly what the env rules must see.
		if kind != KindEnv && ignored.Ignored(relRepo(), false) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if why := outsideTree(path, &realRepo, repo); why != "" {
				p.Notices = append(p.Notices, Notice{Path: p.rel(path), Message: why})
				return nil
			}
		}
		if p.byPath[path] == nil {
			p.add(path, kind).walkedRegular = d.Type().IsRegular()
		}
		return nil
	}, func(path string, entries []fs.DirEntry) bool {
		isPkg := path == dir || hasEntry(path, entries, "package.json")
		if isPkg && path != dir && s.prune != nil && s.prune(path) {
			return true
		}
		if isPkg && !p.hasRoot(path) {
			p.Roots = append(p.Roots, &Root{Dir: path})
		}
		if entries != nil {
			if rel, err := repoRel.rel(path); err == nil {
				ignored.Listed(filepath.ToSlash(rel), hasEntry(path, entries, ".gitignore"))
			}
		}
		return false
	})
}

// outsideTree says why the symlink at path is not read ("" when it is): it is broken or loops,
// or it leads out of the repository (or walked directory) at tree. A tree may link its own
// files, but a link out reads files nobody asked to lint (and maybe a secret of the machine).
func outsideTree(path string, realTree *string, tree string) string {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "skipped: a broken or looping symlink"
	}
	if *realTree == "" {
		if *realTree, err = filepath.EvalSymlinks(tree); err != nil {
			*realTree = tree
		}
	}
	if !within(target, *realTree) {
		return "skipped: a symlink to a file outside the linted tree"
	}
	return ""
}

// walkDir is filepath.WalkDir(root, fn) that also calls entered with each directory fn does
// not skip and its entries (nil when they could not be read), before walking into them; when
// entered returns true, the directory's entries are not walked.
func walkDir(root string, fn fs.WalkDirFunc, entered func(dir string, entries []fs.DirEntry) bool) {
	info, err := os.Lstat(root)
	if err != nil {
		_ = fn(root, nil, err)
		return
	}
	_ = walkDirEntry(root, fs.FileInfoToDirEntry(info), fn, entered)
}

func walkDirEntry(path string, d fs.DirEntry, fn fs.WalkDirFunc, entered func(string, []fs.DirEntry) bool) error {
	if err := fn(path, d, nil); err != nil || !d.IsDir() {
		if err == fs.SkipDir && d.IsDir() {
			err = nil
		}
		return err
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		entered(path, nil)
		// Second call, to report the error (as filepath.WalkDir does).
		if err := fn(path, d, err); err != nil {
			if err == fs.SkipDir {
				err = nil
			}
			return err
		}
	} else if entered(path, entries) {
		return nil
	}
	prefix := path
	if !strings.HasSuffix(prefix, string(filepath.Separator)) {
		prefix += string(filepath.Separator)
	}
	for _, e := range entries {
		// filepath.Join(path, name), without cleaning the clean path again.
		if err := walkDirEntry(prefix+e.Name(), e, fn, entered); err != nil {
			if err == fs.SkipDir {
				break
			}
			return err
		}
	}
	return nil
}

// hasEntry reports whether dir holds name (os.Stat succeeds on it), from dir's entries when
// they were read.
func hasEntry(dir string, entries []fs.DirEntry, name string) bool {
	if entries != nil {
		i := sort.Search(len(entries), func(i int) bool { return entries[i].Name() >= name })
		if i == len(entries) || entries[i].Name() != name {
			return false
		}
		if entries[i].Type()&fs.ModeSymlink == 0 {
			return true
		}
	}
	_, err := os.Stat(filepath.Join(dir, name))
	return err == nil
}

func (p *Project) loadRoot(r *Root) {
	r.Deps = map[string]bool{}
	if f := p.byPath[filepath.Join(r.Dir, "package.json")]; f != nil {
		r.Package = p.json(f)
		for _, section := range []string{"dependencies", "devDependencies", "peerDependencies", "optionalDependencies"} {
			if r.Package.Broken() {
				for name := range parser.LenientMembers(r.Package.Source(), section) {
					r.Deps[name] = true
				}
				continue
			}
			if deps, ok := r.Package.Get(section); ok {
				if o, ok := deps.Data.(*shim.EObject); ok {
					for _, prop := range o.Properties {
						if k, ok := prop.Key.Data.(*shim.EString); ok {
							r.Deps[shim.StringValue(k)] = true
						}
					}
				}
			}
		}
	}
	functions := "convex"
	if f := p.byPath[filepath.Join(r.Dir, "convex.json")]; f != nil {
		r.ConvexJSON = p.json(f)
		if v, ok := r.ConvexJSON.Get("functions"); ok {
			if s, ok := parser.String(v); ok && s != "" {
				functions = s
			}
		} else if s := parser.LenientMembers(r.ConvexJSON.Source())["functions"]; r.ConvexJSON.Broken() && s != "" {
			functions = s
		}
	}
	r.FunctionsDir = filepath.Join(r.Dir, filepath.FromSlash(strings.TrimSuffix(functions, "/")))
	if info, err := os.Stat(r.FunctionsDir); err == nil && info.IsDir() {
		r.HasConvex = true
		for _, ext := range []string{".ts", ".js", ".mts", ".mjs", ".cts", ".cjs"} {
			if f := p.byPath[filepath.Join(r.FunctionsDir, "auth.config"+ext)]; f != nil {
				r.AuthConfig = f
				break
			}
		}
	}
	for _, f := range p.Files {
		if f.Kind == KindEnv && filepath.Dir(f.Path) == r.Dir {
			r.EnvFiles = append(r.EnvFiles, p.envFile(f))
		}
	}
}

func (p *Project) json(f *File) *JSONFile {
	j := &JSONFile{File: f}
	src, err := f.Content()
	if err != nil {
		if !p.IsTarget(f.Path) { // a target's read error is the engine's file pass notice
			p.Notices = append(p.Notices, Notice{Path: f.Rel, Message: err.Error()})
		}
		return j
	}
	// package.json and convex.json are strict JSON, but being lenient costs nothing here.
	j.Value, j.Problems = parser.ParseJSON(f.Path, src, true)
	if len(j.Problems) > 0 {
		j.Value = shim.Expr{}
		// The engine reports it as a parse-error finding when the file is linted; a notice
		// says it otherwise, since findings elsewhere may be missing because of it.
		if !p.IsTarget(f.Path) {
			what := "syntax error: "
			if j.Problems[0].Limit {
				what = ""
			}
			p.Notices = append(p.Notices, Notice{Path: f.Rel, Message: what + j.Problems[0].Text + " (read leniently: findings that depend on it may be missing)"})
		}
	}
	return j
}

// BrokenJSON lists the package.json and convex.json files that did not parse.
func (p *Project) BrokenJSON() []*JSONFile {
	var out []*JSONFile
	for _, r := range p.Roots {
		for _, j := range []*JSONFile{r.Package, r.ConvexJSON} {
			if j.Broken() {
				out = append(out, j)
			}
		}
	}
	return out
}

// Broken reports a file that exists but did not parse.
func (j *JSONFile) Broken() bool { return j != nil && len(j.Problems) > 0 }

// Source is the file's text ("" when it could not be read).
func (j *JSONFile) Source() string {
	src, _ := j.Content()
	return src
}

func (p *Project) hasRoot(dir string) bool {
	if p.rootDirs == nil {
		p.rootDirs = map[string]bool{}
	}
	had := p.rootDirs[dir]
	p.rootDirs[dir] = true
	return had
}

func (r *Root) hasEnv(f *File) bool {
	for _, e := range r.EnvFiles {
		if e.File == f {
			return true
		}
	}
	return false
}
