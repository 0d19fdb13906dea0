package analysis

import (
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// Import says where a local binding came from.
type Import struct {
	Module string // the specifier as written: "convex/react", "./Foo"
	Name   string // the exported name; "default" for default imports, "*" for namespaces
}

// Imports maps the refs of a module's imported bindings to their source. esbuild's
// NamedImports is empty in pass-through mode, so this reads SImport statements directly.
type Imports map[shim.Ref]Import

// ImportsOf collects the imports of a parsed module.
func ImportsOf(tree *shim.AST) Imports {
	out := Imports{}
	for _, part := range tree.Parts {
		for _, st := range part.Stmts {
			s, ok := st.Data.(*shim.SImport)
			if !ok {
				continue
			}
			mod := shim.ImportPath(tree, s.ImportRecordIndex)
			if s.DefaultName != nil {
				out[s.DefaultName.Ref] = Import{mod, "default"}
			}
			if s.StarNameLoc != nil {
				out[s.NamespaceRef] = Import{mod, "*"}
			}
			if s.Items != nil {
				for _, item := range *s.Items {
					out[item.Name.Ref] = Import{mod, item.Alias}
				}
			}
		}
	}
	return out
}

// Resolve says which import an expression names: a binding (`useAuth`, `useAuth as x`) or a
// member of a namespace import (`R.useQuery`).
func (im Imports) Resolve(e shim.Expr) (Import, bool) {
	switch v := e.Data.(type) {
	case *shim.EImportIdentifier:
		imp, ok := im[v.Ref]
		return imp, ok
	case *shim.EIdentifier:
		imp, ok := im[v.Ref]
		return imp, ok
	case *shim.EDot:
		var ref shim.Ref
		switch t := v.Target.Data.(type) {
		case *shim.EImportIdentifier:
			ref = t.Ref
		case *shim.EIdentifier:
			ref = t.Ref
		default:
			return Import{}, false
		}
		if ns, ok := im[ref]; ok && ns.Name == "*" {
			return Import{ns.Module, v.Name}, true
		}
	}
	return Import{}, false
}

// Is reports whether e names export name of one of the modules.
func (im Imports) Is(e shim.Expr, name string, modules ...string) bool {
	imp, ok := im.Resolve(e)
	if !ok || imp.Name != name {
		return false
	}
	for _, m := range modules {
		if imp.Module == m {
			return true
		}
	}
	return false
}

// ProcessEnv matches `process.env.NAME` and `process.env["NAME"]`.
func ProcessEnv(tree *shim.AST, e shim.Expr) (name string, ok bool) {
	target, name, ok := Member(e)
	if !ok {
		return "", false
	}
	env, envName, ok := Member(target)
	if !ok || envName != "env" {
		return "", false
	}
	id, isID := env.Data.(*shim.EIdentifier)
	return name, isID && shim.SymbolName(tree, id.Ref) == "process"
}

// ImportMetaEnv matches `import.meta.env.NAME` and `import.meta.env["NAME"]`.
func ImportMetaEnv(e shim.Expr) (name string, ok bool) {
	target, name, ok := Member(e)
	if !ok {
		return "", false
	}
	meta, envName, ok := Member(target)
	if !ok || envName != "env" {
		return "", false
	}
	_, isMeta := meta.Data.(*shim.EImportMeta)
	return name, isMeta
}

// EnvRead is a read of an environment variable in code.
type EnvRead struct {
	Name       string
	Form       string // as messages spell it: "process.env.NAME", "import.meta.env.NAME"
	ImportMeta bool   // import.meta.env rather than process.env
	Start, End int    // the whole expression
}

// EnvReadOf matches `process.env.NAME` and `import.meta.env.NAME` (or `["NAME"]`).
func EnvReadOf(tree *shim.AST, src string, e shim.Expr) (EnvRead, bool) {
	r := EnvRead{Start: int(e.Loc.Start)}
	if name, ok := ProcessEnv(tree, e); ok {
		r.Name, r.Form = name, "process.env."+name
	} else if name, ok := ImportMetaEnv(e); ok {
		r.Name, r.Form, r.ImportMeta = name, "import.meta.env."+name, true
	} else {
		return EnvRead{}, false
	}
	r.End, _ = MemberEnd(src, e)
	return r, true
}

// MemberEnd is the end offset of `x.name` or `x["name"]` (its closing bracket included); ok is
// false for other expressions, whose start it returns.
func MemberEnd(src string, e shim.Expr) (end int, ok bool) {
	switch v := e.Data.(type) {
	case *shim.EDot:
		return int(v.NameLoc.Start) + len(v.Name), true
	case *shim.EIndex:
		if _, isStr := v.Index.Data.(*shim.EString); isStr {
			r := shim.RangeOfString(src, v.Index.Loc)
			end := int(r.Loc.Start + r.Len)
			if end < len(src) && src[end] == ']' {
				end++
			}
			return end, true
		}
	}
	return int(e.Loc.Start), false
}

// Member splits `x.name` and `x["name"]`.
func Member(e shim.Expr) (target shim.Expr, name string, ok bool) {
	switch v := e.Data.(type) {
	case *shim.EDot:
		return v.Target, v.Name, true
	case *shim.EIndex:
		if s, isStr := v.Index.Data.(*shim.EString); isStr {
			return v.Target, shim.StringValue(s), true
		}
	}
	return shim.Expr{}, "", false
}

// PassesOn reports whether ff hands on something it takes from the file from: a re-export
// (`export … from`, `export *`), or an export of a binding imported from there (`export { x }`,
// `export default x`, `export const y = x`). Code that calls a hook through such a file (a
// barrel) imports that file, not the hook's own.
func PassesOn(p *project.Project, ff *FileFacts, from *project.File) bool {
	tree := ff.Tree
	if tree == nil {
		return false
	}
	fromRef := func(ref shim.Ref) bool {
		imp, ok := ff.Imports[ref]
		return ok && ResolveImport(p, ff.File, imp.Module) == from
	}
	fromHere := func(e shim.Expr) bool {
		switch v := e.Data.(type) {
		case *shim.EIdentifier:
			return fromRef(v.Ref)
		case *shim.EImportIdentifier:
			return fromRef(v.Ref)
		}
		return false
	}
	for _, part := range tree.Parts {
		for _, st := range part.Stmts {
			switch s := st.Data.(type) {
			case *shim.SExportFrom:
				if ResolveImport(p, ff.File, shim.ImportPath(tree, s.ImportRecordIndex)) == from {
					return true
				}
			case *shim.SExportStar:
				if ResolveImport(p, ff.File, shim.ImportPath(tree, s.ImportRecordIndex)) == from {
					return true
				}
			case *shim.SExportClause:
				for _, it := range s.Items {
					if fromRef(it.Name.Ref) {
						return true
					}
				}
			case *shim.SExportDefault:
				if e, ok := s.Value.Data.(*shim.SExpr); ok && fromHere(e.Value) {
					return true
				}
			case *shim.SLocal:
				for _, d := range s.Decls {
					if s.IsExport && d.ValueOrNil.Data != nil && fromHere(d.ValueOrNil) {
						return true
					}
				}
			}
		}
	}
	return false
}
