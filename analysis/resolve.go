package analysis

import (
	"path/filepath"
	"strings"

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
