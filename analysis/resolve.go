package analysis

import (
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/convex-workos-lint/convex-workos-lint/internal/fsread"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// Module resolution across the project: import specifiers to project files (relative paths,
// tsconfig/jsconfig "paths" and "baseUrl", extensions, index files) and exported names to
// the statements that define them (through re-exports and barrels). Everything is computed on
// first use and cached per project; files are parsed only when a resolution reaches them.

// maxChain bounds re-export and alias chains; real barrels are two or three hops deep.
const maxChain = 16

// Definition is where a name is defined: a function or class declaration, a variable
// initializer, or an `export default` expression.
type Definition struct {
	File *project.File
	Tree *shim.AST
	Name string   // the local name; "" for an anonymous default export
	Ref  shim.Ref // the local binding; the zero Ref for an anonymous default export
	// Fn or Arrow is set when the definition is a function: a declaration, a function or arrow
	// initializer, or one wrapped in memo(...)/forwardRef(...).
	Fn    *shim.Fn
	Arrow *shim.EArrow
	Class *shim.Class
	// Value is the initializer (`const X = <Value>`) or the default-exported expression; the
	// zero Expr for declarations.
	Value shim.Expr
	Stmt  shim.Stmt // the statement holding the definition
	// Start, End span the definition: from its statement (or binding) to the closing brace of a
	// function body; esbuild keeps no end for other expressions (an expression-bodied arrow, a
	// call), where End is the end of the name. NameStart, NameEnd: the name where there is one,
	// else the start of the definition.
	Start, End         int
	NameStart, NameEnd int
}

// IsFunc reports whether the definition is a function or arrow.
func (d Definition) IsFunc() bool { return d.Fn != nil || d.Arrow != nil }

// Args are the parameters of a function definition.
func (d Definition) Args() []shim.Arg {
	switch {
	case d.Fn != nil:
		return d.Fn.Args
	case d.Arrow != nil:
		return d.Arrow.Args
	}
	return nil
}

// Body is the statement list of a function definition (an expression-bodied arrow is one
// SReturn).
func (d Definition) Body() []shim.Stmt {
	switch {
	case d.Fn != nil:
		return d.Fn.Body.Block.Stmts
	case d.Arrow != nil:
		return d.Arrow.Body.Block.Stmts
	}
	return nil
}

// ResolveImport finds the project file that spec names when imported from `from`: relative paths,
// tsconfig.json/jsconfig.json "paths" and "baseUrl" of from's root (follow "extends" to a local file),
// extensions .ts .tsx .mts .cts .js .jsx .mjs .cjs (and .js written for a .ts file), index files. nil when
// unknown (a package, a file outside the project).
func ResolveImport(p *project.Project, from *project.File, spec string) *project.File {
	if p == nil || from == nil || spec == "" {
		return nil
	}
	if i := strings.IndexAny(spec, "?#"); i > 0 {
		spec = spec[:i] // bundler queries: "./x?raw"
	}
	dir := filepath.Dir(from.Path)
	if spec == "." || spec == ".." || strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") {
		return resolveFile(p, filepath.Join(dir, filepath.FromSlash(spec)))
	}
	if strings.HasPrefix(spec, "/") || strings.Contains(spec, ":") {
		return nil // root-relative or a URL/protocol ("node:fs"): never a project file we know
	}
	cfg := cacheOf(p).tsconfigFor(p, from)
	if cfg == nil {
		return nil
	}
	for _, r := range cfg.paths {
		star, ok := r.match(spec)
		if !ok {
			continue
		}
		for _, t := range r.targets {
			if f := resolveFile(p, strings.Replace(t, "*", filepath.FromSlash(star), 1)); f != nil {
				return f
			}
		}
		if len(r.targets) > 0 {
			return nil // TypeScript does not fall back once a pattern matched
		}
	}
	if cfg.baseURL != "" {
		return resolveFile(p, filepath.Join(cfg.baseURL, filepath.FromSlash(spec)))
	}
	return nil
}

// tsconfigBases are the paths that the tsconfig "paths" and "baseUrl" of f's package map a
// bare spec to, with TypeScript's order: the first matching pattern's targets, else baseUrl.
func tsconfigBases(p *project.Project, f *project.File, spec string) []string {
	cfg := cacheOf(p).tsconfigFor(p, f)
	if cfg == nil {
		return nil
	}
	for _, r := range cfg.paths {
		if star, ok := r.match(spec); ok {
			var out []string
			for _, t := range r.targets {
				out = append(out, strings.Replace(t, "*", filepath.FromSlash(star), 1))
			}
			return out
		}
	}
	if cfg.baseURL != "" {
		return []string{filepath.Join(cfg.baseURL, filepath.FromSlash(spec))}
	}
	return nil
}

var (
	JSExtensions = []string{".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"}
	tsForJSExts  = map[string][]string{".js": {".ts", ".tsx"}, ".jsx": {".tsx"}, ".mjs": {".mts"}, ".cjs": {".cts"}}
)

// resolveFile tries base as a file, with each extension, as a .js spelling of a .ts file, and
// as a directory with an index file.
func resolveFile(p *project.Project, base string) *project.File {
	js := func(path string) *project.File {
		if f := p.File(path); f != nil && f.Kind == project.KindJS {
			return f
		}
		return nil
	}
	if f := js(base); f != nil {
		return f
	}
	ext := filepath.Ext(base)
	for _, e := range tsForJSExts[ext] {
		if f := js(strings.TrimSuffix(base, ext) + e); f != nil {
			return f
		}
	}
	for _, e := range JSExtensions {
		if f := js(base + e); f != nil {
			return f
		}
	}
	for _, e := range JSExtensions {
		if f := js(filepath.Join(base, "index"+e)); f != nil {
			return f
		}
	}
	return nil
}

// ResolveExport follows `name` exported by f through re-exports (`export { x } from`, `export * from`,
// `export { default as X } from`, index files) to the file and the statement/expression that defines it.
func ResolveExport(p *project.Project, f *project.File, name string) (*project.File, Definition, bool) {
	t := cacheOf(p).export(p, f, name, 0, nil)
	return t.file, t.def, t.ok
}

// ResolveExpr follows an identifier of f, or `ns.Name` on a namespace import, to its definition:
// a declaration in f, an alias of one (`const A = B`), or an import of a project file through
// its re-exports.
func ResolveExpr(p *project.Project, f *project.File, e shim.Expr) (*project.File, Definition, bool) {
	t := cacheOf(p).expr(p, f, e, 0)
	return t.file, t.def, t.ok
}

// OriginOf says which package export e ultimately names when it reaches a package through the
// project's own files: `import { useAuth } from "@/lib/auth"` where lib/auth.ts has
// `export { useAuth } from "@workos-inc/authkit-react"` gives that package's useAuth. A direct
// import from a package gives the import itself. ok is false for project definitions and
// unknown bindings.
func OriginOf(p *project.Project, f *project.File, e shim.Expr) (Import, bool) {
	t := cacheOf(p).expr(p, f, e, 0)
	return t.pkg, t.isPkg
}

// target is the end of a resolution: a definition in a project file, or a package export.
type target struct {
	file  *project.File
	def   Definition
	ok    bool
	pkg   Import
	isPkg bool
}

// chainKey guards re-export cycles (a/index re-exports b, b re-exports a).
type chainKey struct {
	f    *project.File
	name string
}

func (pc *projectCache) expr(p *project.Project, f *project.File, e shim.Expr, depth int) target {
	switch v := e.Data.(type) {
	case *shim.EIdentifier:
		return pc.ref(p, f, v.Ref, depth, nil)
	case *shim.EImportIdentifier:
		return pc.ref(p, f, v.Ref, depth, nil)
	case *shim.EDot:
		idx := pc.index(f)
		if idx == nil {
			return target{}
		}
		if imp, ok := idx.imports.Resolve(e); ok {
			return pc.imported(p, f, imp, depth, nil)
		}
	}
	return target{}
}

func (pc *projectCache) ref(p *project.Project, f *project.File, ref shim.Ref, depth int, seen map[chainKey]bool) target {
	idx := pc.index(f)
	if idx == nil || depth > maxChain {
		return target{}
	}
	if imp, ok := idx.imports[ref]; ok {
		return pc.imported(p, f, imp, depth, seen)
	}
	d, ok := idx.decl(ref)
	if !ok {
		return target{}
	}
	// `const useWorkOSAuth = useAuth`: an alias, follow it.
	switch v := d.Value.Data.(type) {
	case *shim.EIdentifier:
		return pc.ref(p, f, v.Ref, depth+1, seen)
	case *shim.EImportIdentifier:
		return pc.ref(p, f, v.Ref, depth+1, seen)
	}
	return target{file: f, def: d, ok: true}
}

func (pc *projectCache) imported(p *project.Project, f *project.File, imp Import, depth int, seen map[chainKey]bool) target {
	dst := ResolveImport(p, f, imp.Module)
	if dst == nil {
		if isPackageSpec(imp.Module) {
			return target{pkg: imp, isPkg: true}
		}
		return target{}
	}
	if imp.Name == "*" {
		return target{} // a namespace object, not a definition
	}
	return pc.export(p, dst, imp.Name, depth+1, seen)
}

// isPackageSpec tells a bare package specifier from a path or an alias that did not resolve
// (`@/components/x` with no tsconfig entry is not the package "@").
func isPackageSpec(spec string) bool {
	if spec == "" || spec[0] == '.' || spec[0] == '/' || strings.HasPrefix(spec, "@/") || strings.HasPrefix(spec, "~/") || strings.HasPrefix(spec, "#") {
		return false
	}
	return true
}

func (pc *projectCache) export(p *project.Project, f *project.File, name string, depth int, seen map[chainKey]bool) target {
	if f == nil || depth > maxChain {
		return target{}
	}
	key := chainKey{f, name}
	if seen[key] {
		return target{}
	}
	if seen == nil {
		seen = map[chainKey]bool{}
	}
	seen[key] = true
	idx := pc.index(f)
	if idx == nil {
		return target{}
	}
	if x, ok := idx.exports[name]; ok {
		switch {
		case x.def != nil:
			return target{file: f, def: *x.def, ok: true}
		case x.from != "":
			if x.fromName == "*" {
				return target{}
			}
			return pc.imported(p, f, Import{x.from, x.fromName}, depth, seen)
		default:
			return pc.ref(p, f, x.local, depth, seen)
		}
	}
	if name == "default" {
		return target{} // `export *` never re-exports default
	}
	for _, spec := range idx.stars {
		dst := ResolveImport(p, f, spec)
		if dst == nil {
			continue // a package's names are unknown: keep looking in the project's files
		}
		if t := pc.export(p, dst, name, depth+1, seen); t.ok || t.isPkg {
			return t
		}
	}
	return target{}
}

// exportEntry is one exported name of a file.
type exportEntry struct {
	local    shim.Ref    // `export const x`, `export { x }`, `export default x`
	def      *Definition // an anonymous `export default` function/expression
	from     string      // `export { x as y } from "from"`
	fromName string      // x in the line above; "*" for `export * as y from`
}

// fileIndex is what resolution needs of one parsed file.
type fileIndex struct {
	tree    *shim.AST
	imports Imports
	// decls are the module-level named declarations; nested ones (refs are unique per file) are
	// indexed on the first lookup that misses, since most files are never asked about them and
	// walking every node was a sixth of a trigger-dense run.
	decls      map[shim.Ref]Definition
	nestedOnce sync.Once
	nested     map[shim.Ref]Definition
	defs       defBuilders
	exports    map[string]exportEntry
	stars      []string // specifiers of `export * from`
	// top lists the module-level function and class definitions in source order, named
	// declarations and anonymous default exports alike (the graph's component candidates).
	top []Definition
}

func buildIndex(f *project.File) *fileIndex {
	tree, _ := f.AST()
	if tree == nil {
		return nil
	}
	src, _ := f.Content()
	idx := &fileIndex{tree: tree, imports: ImportsOf(tree), decls: map[shim.Ref]Definition{}, exports: map[string]exportEntry{}}
	nameRange := func(loc shim.Loc) (int, int) {
		r := shim.RangeOfIdentifier(src, loc)
		return int(r.Loc.Start), int(r.Loc.Start + r.Len)
	}
	fnDef := func(st shim.Stmt, fn *shim.Fn) Definition {
		d := Definition{File: f, Tree: tree, Fn: fn, Stmt: st, Start: int(st.Loc.Start), End: int(fn.Body.Block.CloseBraceLoc.Start) + 1}
		if fn.Name != nil {
			d.Name, d.Ref = shim.SymbolName(tree, fn.Name.Ref), fn.Name.Ref
			d.NameStart, d.NameEnd = nameRange(fn.Name.Loc)
		} else {
			d.NameStart, d.NameEnd = d.Start, d.Start
		}
		return d
	}
	classDef := func(st shim.Stmt, c *shim.Class) Definition {
		d := Definition{File: f, Tree: tree, Class: c, Stmt: st, Start: int(st.Loc.Start), End: int(c.CloseBraceLoc.Start) + 1}
		if c.Name != nil {
			d.Name, d.Ref = shim.SymbolName(tree, c.Name.Ref), c.Name.Ref
			d.NameStart, d.NameEnd = nameRange(c.Name.Loc)
		} else {
			d.NameStart, d.NameEnd = d.Start, d.Start
		}
		return d
	}
	exprDef := func(st shim.Stmt, start int, e shim.Expr) Definition {
		d := Definition{File: f, Tree: tree, Value: e, Stmt: st, Start: start, End: start, NameStart: start, NameEnd: start}
		d.Fn, d.Arrow = FuncOf(tree, e)
		switch {
		case d.Fn != nil:
			d.End = int(d.Fn.Body.Block.CloseBraceLoc.Start) + 1
		case d.Arrow != nil:
			if c := int(d.Arrow.Body.Block.CloseBraceLoc.Start); c > start {
				d.End = c + 1
			}
		}
		return d
	}
	idx.defs = defBuilders{fnDef, classDef, exprDef, nameRange}
	for _, part := range tree.Parts {
		for _, st := range part.Stmts {
			idx.declare(idx.decls, st)
			if s, ok := st.Data.(*shim.SExportDefault); ok {
				idx.declare(idx.decls, s.Value)
			}
		}
	}
	for _, part := range tree.Parts {
		for _, st := range part.Stmts {
			switch s := st.Data.(type) {
			case *shim.SFunction:
				if s.Fn.Name != nil {
					idx.top = append(idx.top, idx.decls[s.Fn.Name.Ref])
				}
			case *shim.SClass:
				if s.Class.Name != nil {
					idx.top = append(idx.top, idx.decls[s.Class.Name.Ref])
				}
			case *shim.SLocal:
				for _, decl := range s.Decls {
					if b, ok := decl.Binding.Data.(*shim.BIdentifier); ok {
						if d, ok := idx.decls[b.Ref]; ok && (d.IsFunc() || d.Class != nil) {
							idx.top = append(idx.top, d)
						}
					}
				}
			case *shim.SExportDefault:
				switch v := s.Value.Data.(type) {
				case *shim.SFunction:
					if v.Fn.Name != nil {
						idx.top = append(idx.top, idx.decls[v.Fn.Name.Ref])
					}
				case *shim.SClass:
					if v.Class.Name != nil {
						idx.top = append(idx.top, idx.decls[v.Class.Name.Ref])
					}
				}
			}
			idx.addExports(tree, f, st, fnDef, classDef, exprDef)
		}
	}
	return idx
}

// defBuilders make Definitions of one file's statements.
type defBuilders struct {
	fn        func(shim.Stmt, *shim.Fn) Definition
	class     func(shim.Stmt, *shim.Class) Definition
	expr      func(shim.Stmt, int, shim.Expr) Definition
	nameRange func(shim.Loc) (int, int)
}

// declare records the named declarations of one statement (not of statements inside it).
func (idx *fileIndex) declare(into map[shim.Ref]Definition, st shim.Stmt) {
	tree := idx.tree
	switch s := st.Data.(type) {
	case *shim.SFunction:
		if s.Fn.Name != nil {
			into[s.Fn.Name.Ref] = idx.defs.fn(st, &s.Fn)
		}
	case *shim.SClass:
		if s.Class.Name != nil {
			into[s.Class.Name.Ref] = idx.defs.class(st, &s.Class)
		}
	case *shim.SLocal:
		for _, decl := range s.Decls {
			b, ok := decl.Binding.Data.(*shim.BIdentifier)
			if !ok || decl.ValueOrNil.Data == nil {
				continue
			}
			d := idx.defs.expr(st, int(decl.Binding.Loc.Start), decl.ValueOrNil)
			d.Name, d.Ref = shim.SymbolName(tree, b.Ref), b.Ref
			d.NameStart, d.NameEnd = idx.defs.nameRange(decl.Binding.Loc)
			if d.End < d.NameEnd {
				d.End = d.NameEnd
			}
			into[b.Ref] = d
		}
	}
}

// decl is the declaration of ref in the file, at any depth.
func (idx *fileIndex) decl(ref shim.Ref) (Definition, bool) {
	if d, ok := idx.decls[ref]; ok {
		return d, true
	}
	idx.nestedOnce.Do(func() {
		idx.nested = map[shim.Ref]Definition{}
		parser.Inspect(idx.tree, func(n parser.Node, _ *parser.Cursor) bool {
			if st, ok := n.(shim.Stmt); ok {
				idx.declare(idx.nested, st)
			}
			return true
		})
	})
	d, ok := idx.nested[ref]
	return d, ok
}

func (idx *fileIndex) addExports(tree *shim.AST, f *project.File, st shim.Stmt,
	fnDef func(shim.Stmt, *shim.Fn) Definition, classDef func(shim.Stmt, *shim.Class) Definition,
	exprDef func(shim.Stmt, int, shim.Expr) Definition) {
	switch s := st.Data.(type) {
	case *shim.SLocal:
		if !s.IsExport {
			return
		}
		for _, decl := range s.Decls {
			for _, ref := range BindingRefs(decl.Binding, nil) {
				idx.exports[shim.SymbolName(tree, ref)] = exportEntry{local: ref}
			}
		}
	case *shim.SFunction:
		if s.IsExport && s.Fn.Name != nil {
			idx.exports[shim.SymbolName(tree, s.Fn.Name.Ref)] = exportEntry{local: s.Fn.Name.Ref}
		}
	case *shim.SClass:
		if s.IsExport && s.Class.Name != nil {
			idx.exports[shim.SymbolName(tree, s.Class.Name.Ref)] = exportEntry{local: s.Class.Name.Ref}
		}
	case *shim.SExportDefault:
		switch v := s.Value.Data.(type) {
		case *shim.SFunction:
			if v.Fn.Name != nil {
				idx.exports["default"] = exportEntry{local: v.Fn.Name.Ref}
				return
			}
			d := fnDef(st, &v.Fn)
			idx.exports["default"] = exportEntry{def: &d}
			idx.top = append(idx.top, d)
		case *shim.SClass:
			if v.Class.Name != nil {
				idx.exports["default"] = exportEntry{local: v.Class.Name.Ref}
				return
			}
			d := classDef(st, &v.Class)
			idx.exports["default"] = exportEntry{def: &d}
			idx.top = append(idx.top, d)
		case *shim.SExpr:
			switch e := v.Value.Data.(type) {
			case *shim.EIdentifier:
				idx.exports["default"] = exportEntry{local: e.Ref}
			case *shim.EImportIdentifier:
				idx.exports["default"] = exportEntry{local: e.Ref}
			default:
				// `export default memo(Foo)`: the wrapped binding is the definition.
				if inner, ok := unwrapComponent(tree, v.Value); ok {
					switch ie := inner.Data.(type) {
					case *shim.EIdentifier:
						idx.exports["default"] = exportEntry{local: ie.Ref}
						return
					case *shim.EImportIdentifier:
						idx.exports["default"] = exportEntry{local: ie.Ref}
						return
					}
				}
				d := exprDef(st, int(v.Value.Loc.Start), v.Value)
				idx.exports["default"] = exportEntry{def: &d}
				if d.IsFunc() {
					idx.top = append(idx.top, d)
				}
			}
		}
	case *shim.SExportClause:
		for _, item := range s.Items {
			idx.exports[item.Alias] = exportEntry{local: item.Name.Ref}
		}
	case *shim.SExportFrom:
		spec := shim.ImportPath(tree, s.ImportRecordIndex)
		for _, item := range s.Items {
			idx.exports[item.Alias] = exportEntry{from: spec, fromName: item.OriginalName}
		}
	case *shim.SExportStar:
		spec := shim.ImportPath(tree, s.ImportRecordIndex)
		if s.Alias != nil {
			idx.exports[s.Alias.OriginalName] = exportEntry{from: spec, fromName: "*"}
		} else {
			idx.stars = append(idx.stars, spec)
		}
	}
}

// BindingRefs lists the identifiers a binding pattern declares.
func BindingRefs(b shim.Binding, out []shim.Ref) []shim.Ref {
	switch v := b.Data.(type) {
	case *shim.BIdentifier:
		out = append(out, v.Ref)
	case *shim.BArray:
		for _, it := range v.Items {
			out = BindingRefs(it.Binding, out)
		}
	case *shim.BObject:
		for _, p := range v.Properties {
			out = BindingRefs(p.Value, out)
		}
	}
	return out
}

// FuncOf unwraps a function value: a function or arrow expression, possibly inside
// memo(...)/forwardRef(...)/observer(...) or a TS annotation.
func FuncOf(tree *shim.AST, e shim.Expr) (*shim.Fn, *shim.EArrow) {
	for range 4 {
		switch v := e.Data.(type) {
		case *shim.EFunction:
			return &v.Fn, nil
		case *shim.EArrow:
			return nil, v
		case *shim.EAnnotation:
			e = v.Value
			continue
		}
		inner, ok := unwrapComponent(tree, e)
		if !ok {
			return nil, nil
		}
		e = inner
	}
	return nil, nil
}

// unwrapComponent returns the first argument of memo/forwardRef/observer wrappers
// (`React.memo(X)` included).
func unwrapComponent(tree *shim.AST, e shim.Expr) (shim.Expr, bool) {
	call, ok := e.Data.(*shim.ECall)
	if !ok || len(call.Args) == 0 {
		return shim.Expr{}, false
	}
	switch CalleeName(tree, call.Target) {
	case "memo", "forwardRef", "observer":
		return call.Args[0], true
	}
	return shim.Expr{}, false
}

// CalleeName is the last name of an identifier or member callee, "" otherwise.
func CalleeName(tree *shim.AST, e shim.Expr) string {
	switch v := e.Data.(type) {
	case *shim.EDot:
		return v.Name
	case *shim.EIdentifier:
		return shim.SymbolName(tree, v.Ref)
	case *shim.EImportIdentifier:
		return shim.SymbolName(tree, v.Ref)
	}
	return ""
}

// ---- caches ----

// projectCache holds everything derived from one project: parsed tsconfigs and the component
// graph. It lives in the project's Memo, so it lasts exactly one run; file indexes live in each
// file's Memo.
type projectCache struct {
	mu        sync.Mutex
	tsconfigs map[string]*tsconfig // by config path
	dirConfig map[string]string    // directory -> nearest config path ("" for none)

	graphOnce sync.Once
	graph     *Graph

	importersOnce sync.Once
	importers     *importGraph
}

type projectCacheKey struct{}

type fileIndexKey struct{}

func cacheOf(p *project.Project) *projectCache {
	return p.Memo(projectCacheKey{}, func() any {
		return &projectCache{tsconfigs: map[string]*tsconfig{}, dirConfig: map[string]string{}}
	}).(*projectCache)
}

// index parses f (once) and indexes its imports, declarations and exports; nil when f is not
// a JS file or has syntax errors.
func (pc *projectCache) index(f *project.File) *fileIndex {
	if f == nil || f.Kind != project.KindJS {
		return nil
	}
	idx, _ := f.Memo(fileIndexKey{}, func() any { return buildIndex(f) }).(*fileIndex)
	return idx
}

// ---- tsconfig ----

type tsconfig struct {
	baseURL string // absolute; "" when unset
	paths   []pathRule
}

// pathRule is one "paths" entry: pattern "@/*" → targets (absolute, with the "*" kept).
type pathRule struct {
	prefix, suffix string
	wildcard       bool
	targets        []string
}

func (r pathRule) match(spec string) (string, bool) {
	if !r.wildcard {
		return "", spec == r.prefix
	}
	if len(spec) < len(r.prefix)+len(r.suffix) || !strings.HasPrefix(spec, r.prefix) || !strings.HasSuffix(spec, r.suffix) {
		return "", false
	}
	return spec[len(r.prefix) : len(spec)-len(r.suffix)], true
}

// tsconfigFor is the config governing from: the nearest tsconfig.json/jsconfig.json from its
// directory up to its root's directory.
func (pc *projectCache) tsconfigFor(p *project.Project, from *project.File) *tsconfig {
	stop := ""
	if from.Root != nil {
		stop = from.Root.Dir
	}
	dir := filepath.Dir(from.Path)
	pc.mu.Lock()
	path, known := pc.dirConfig[dir]
	pc.mu.Unlock()
	if !known {
		for d := dir; ; d = filepath.Dir(d) {
			for _, name := range []string{"tsconfig.json", "jsconfig.json"} {
				if c := filepath.Join(d, name); fileExists(p, c) {
					path = c
					break
				}
			}
			if path != "" || d == stop || stop == "" || filepath.Dir(d) == d || !strings.HasPrefix(d, stop) {
				break
			}
		}
		pc.mu.Lock()
		pc.dirConfig[dir] = path
		pc.mu.Unlock()
	}
	if path == "" {
		return nil
	}
	return pc.tsconfig(p, path)
}

// tsconfig is the configuration read from the tsconfig or jsconfig file at path (once).
func (pc *projectCache) tsconfig(p *project.Project, path string) *tsconfig {
	pc.mu.Lock()
	cfg, ok := pc.tsconfigs[path]
	pc.mu.Unlock()
	if ok {
		return cfg
	}
	cfg = loadTSConfig(p, path)
	pc.mu.Lock()
	pc.tsconfigs[path] = cfg
	pc.mu.Unlock()
	return cfg
}

func fileExists(p *project.Project, path string) bool {
	if p.File(path) != nil {
		return true
	}
	info, err := os.Stat(path)
	return err == nil && !info.IsDir()
}

func readConfig(p *project.Project, path string) (shim.Expr, bool) {
	var src string
	if f := p.File(path); f != nil {
		s, err := f.Content()
		if err != nil {
			return shim.Expr{}, false
		}
		src = s
	} else {
		b, err := fsread.File(path, 1<<20)
		if err != nil {
			return shim.Expr{}, false
		}
		src = string(b)
	}
	v, problems := parser.ParseJSON(path, src, true)
	return v, len(problems) == 0
}

// loadTSConfig reads path, its local "extends" chain, and, when the file itself maps nothing
// (Vite's solution-style tsconfig.json), the configs it lists under "references".
func loadTSConfig(p *project.Project, path string) *tsconfig {
	cfg := &tsconfig{}
	applyTSConfig(p, path, cfg, &tsWalk{stack: map[string]bool{}})
	if cfg.baseURL == "" && len(cfg.paths) == 0 {
		root, ok := readConfig(p, path)
		if !ok {
			return cfg
		}
		if refs, _, ok := parser.Prop(root, "references"); ok {
			if arr, ok := refs.Data.(*shim.EArray); ok {
				for _, item := range arr.Items {
					rp, _, ok := parser.Prop(item, "path")
					s, isStr := parser.String(rp)
					if !ok || !isStr {
						continue
					}
					ref := filepath.Join(filepath.Dir(path), filepath.FromSlash(s))
					if !strings.HasSuffix(ref, ".json") {
						ref = filepath.Join(ref, "tsconfig.json")
					}
					sub := &tsconfig{}
					applyTSConfig(p, ref, sub, &tsWalk{stack: map[string]bool{}})
					if sub.baseURL != "" || len(sub.paths) > 0 {
						return sub
					}
				}
			}
		}
	}
	return cfg
}

// tsWalk bounds one extends walk: a config already on the stack is a cycle (tsc rejects it),
// and at most maxTSConfigs configs are applied in all, since an extends array may name the same
// chain several times over (k entries, n levels: k^n applications otherwise).
type tsWalk struct {
	stack   map[string]bool
	applied int
}

const maxTSConfigs = 64

// applyTSConfig applies the config at path onto cfg: first what it extends, then its own
// compilerOptions (each option replaces the inherited one, as in tsc).
func applyTSConfig(p *project.Project, path string, cfg *tsconfig, w *tsWalk) {
	if w.stack[path] || len(w.stack) > maxChain || w.applied >= maxTSConfigs {
		return
	}
	w.applied++
	w.stack[path] = true
	defer delete(w.stack, path)
	root, ok := readConfig(p, path)
	if !ok {
		return
	}
	dir := filepath.Dir(path)
	if ext, _, ok := parser.Prop(root, "extends"); ok {
		var specs []string
		if s, ok := parser.String(ext); ok {
			specs = append(specs, s)
		} else if arr, ok := ext.Data.(*shim.EArray); ok {
			for _, it := range arr.Items {
				if s, ok := parser.String(it); ok {
					specs = append(specs, s)
				}
			}
		}
		for _, s := range specs {
			if !strings.HasPrefix(s, ".") && !filepath.IsAbs(s) {
				continue // a package config (@tsconfig/...): outside the project
			}
			base := s
			if !filepath.IsAbs(base) {
				base = filepath.Join(dir, filepath.FromSlash(s))
			}
			if !strings.HasSuffix(base, ".json") && !fileExists(p, base) {
				base += ".json"
			}
			applyTSConfig(p, base, cfg, w)
		}
	}
	opts, _, ok := parser.Prop(root, "compilerOptions")
	if !ok {
		return
	}
	if b, _, ok := parser.Prop(opts, "baseUrl"); ok {
		if s, ok := parser.String(b); ok {
			cfg.baseURL = filepath.Join(dir, filepath.FromSlash(s))
		}
	}
	pv, _, ok := parser.Prop(opts, "paths")
	if !ok {
		return
	}
	obj, ok := pv.Data.(*shim.EObject)
	if !ok {
		return
	}
	// Targets are relative to baseUrl when there is one, else to the config that lists them.
	rel := cfg.baseURL
	if rel == "" {
		rel = dir
	}
	cfg.paths = cfg.paths[:0:0]
	for _, prop := range obj.Properties {
		k, ok := prop.Key.Data.(*shim.EString)
		arr, isArr := prop.ValueOrNil.Data.(*shim.EArray)
		if !ok || !isArr {
			continue
		}
		pattern := shim.StringValue(k)
		r := pathRule{prefix: pattern}
		if i := strings.IndexByte(pattern, '*'); i >= 0 {
			r.prefix, r.suffix, r.wildcard = pattern[:i], pattern[i+1:], true
		}
		for _, it := range arr.Items {
			if s, ok := parser.String(it); ok {
				r.targets = append(r.targets, filepath.Join(rel, filepath.FromSlash(s)))
			}
		}
		cfg.paths = append(cfg.paths, r)
	}
	// Longest prefix first, as tsc picks the most specific pattern.
	sortPathRules(cfg.paths)
}

func sortPathRules(rs []pathRule) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && len(rs[j].prefix) > len(rs[j-1].prefix); j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}
