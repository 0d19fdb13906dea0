package analysis

// What the Next.js facts read from one module: its top-level declarations and exports, the
// code an export runs, and the authkit-nextjs calls in it; each file is read once per run.

import (
	"strings"
	"unicode/utf16"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// Tri is a three-valued answer; a finding needs Yes or No, never Unknown.
type Tri int8

const (
	No Tri = iota - 1
	Unknown
	Yes
)

// middlewareFuncs are the authkit-nextjs exports that make a file the AuthKit middleware:
// authkitMiddleware (Next ≤ 15), authkitProxy (Next 16) and the composable authkit().
var middlewareFuncs = map[string]bool{"authkitMiddleware": true, "authkitProxy": true, "authkit": true}

// Unwrap removes the EAnnotation wrappers esbuild puts around some values (such as
// `const K = class {}`).
func Unwrap(e shim.Expr) shim.Expr {
	for {
		a, ok := e.Data.(*shim.EAnnotation)
		if !ok {
			return e
		}
		e = a.Value
	}
}

// topDecl is a top-level binding of a module: a function declaration or a variable initializer.
type topDecl struct {
	fn      *shim.Fn
	value   shim.Expr
	isConst bool
}

func topDecls(tree *shim.AST) map[shim.Ref]topDecl {
	out := map[shim.Ref]topDecl{}
	for _, part := range tree.Parts {
		for _, st := range part.Stmts {
			switch s := st.Data.(type) {
			case *shim.SFunction:
				if s.Fn.Name != nil {
					out[s.Fn.Name.Ref] = topDecl{fn: &s.Fn}
				}
			case *shim.SLocal:
				for _, d := range s.Decls {
					if id, ok := d.Binding.Data.(*shim.BIdentifier); ok {
						out[id.Ref] = topDecl{value: d.ValueOrNil, isConst: s.Kind == shim.LocalConst}
					}
				}
			}
		}
	}
	return out
}

// Const follows identifiers bound to top-level consts to their initializer.
func (m *Module) Const(e shim.Expr) shim.Expr {
	for range 4 {
		e = Unwrap(e)
		id, ok := e.Data.(*shim.EIdentifier)
		if !ok {
			return e
		}
		d, ok := m.decls[id.Ref]
		if !ok || !d.isConst || d.value.Data == nil {
			return e
		}
		e = d.value
	}
	return e
}

// StaticString reads a string literal or a template literal without substitutions.
func StaticString(e shim.Expr) (string, bool) {
	switch v := Unwrap(e).Data.(type) {
	case *shim.EString:
		return shim.StringValue(v), true
	case *shim.ETemplate:
		if v.TagOrNil.Data == nil && len(v.Parts) == 0 {
			return string(utf16.Decode(v.HeadCooked)), true
		}
	}
	return "", false
}

// ObjectProp finds key in an object literal. known is false when the object is not a literal or a
// spread or computed key after the last match could supply the key.
func ObjectProp(e shim.Expr, key string) (val shim.Expr, keyLoc shim.Loc, found, known bool) {
	o, ok := Unwrap(e).Data.(*shim.EObject)
	if !ok {
		return shim.Expr{}, shim.Loc{}, false, false
	}
	for i := len(o.Properties) - 1; i >= 0; i-- {
		p := &o.Properties[i]
		if p.Kind == shim.PropertySpread {
			return shim.Expr{}, shim.Loc{}, false, false
		}
		k, isStr := p.Key.Data.(*shim.EString)
		if !isStr {
			if p.Flags&shim.PropertyIsComputed != 0 {
				return shim.Expr{}, shim.Loc{}, false, false
			}
			continue
		}
		if shim.StringValue(k) == key && p.ValueOrNil.Data != nil {
			return p.ValueOrNil, p.Key.Loc, true, true
		}
	}
	return shim.Expr{}, shim.Loc{}, false, true
}

// Export is one export of a module.
type Export struct {
	Loc    shim.Loc // the exported name, or the `export default` statement
	Ref    shim.Ref // the local binding, when hasRef
	HasRef bool
	Fn     *shim.Fn  // `export function` / `export default function`
	Value  shim.Expr // `export default <expr>`
	From   string    // re-exports: the module
	Orig   string    // re-exports: the name in that module
}

// Exports are the exports of a module by name.
type Exports struct {
	Names map[string]Export
	Star  bool // `export * from`: any name may come from elsewhere
}

func exportsOf(tree *shim.AST) Exports {
	ex := Exports{Names: map[string]Export{}}
	for _, part := range tree.Parts {
		for _, st := range part.Stmts {
			switch s := st.Data.(type) {
			case *shim.SLocal:
				if s.IsExport {
					for _, d := range s.Decls {
						if id, ok := d.Binding.Data.(*shim.BIdentifier); ok {
							ex.Names[shim.SymbolName(tree, id.Ref)] = Export{Loc: d.Binding.Loc, Ref: id.Ref, HasRef: true, Value: d.ValueOrNil}
						}
					}
				}
			case *shim.SFunction:
				if s.IsExport && s.Fn.Name != nil {
					ex.Names[shim.SymbolName(tree, s.Fn.Name.Ref)] = Export{Loc: s.Fn.Name.Loc, Ref: s.Fn.Name.Ref, HasRef: true, Fn: &s.Fn}
				}
			case *shim.SClass:
				if s.IsExport && s.Class.Name != nil {
					ex.Names[shim.SymbolName(tree, s.Class.Name.Ref)] = Export{Loc: s.Class.Name.Loc, Ref: s.Class.Name.Ref, HasRef: true}
				}
			case *shim.SExportClause:
				for _, it := range s.Items {
					ex.Names[it.Alias] = Export{Loc: it.AliasLoc, Ref: it.Name.Ref, HasRef: true}
				}
			case *shim.SExportFrom:
				mod := shim.ImportPath(tree, s.ImportRecordIndex)
				for _, it := range s.Items {
					ex.Names[it.Alias] = Export{Loc: it.AliasLoc, From: mod, Orig: it.OriginalName}
				}
			case *shim.SExportStar:
				if s.Alias != nil {
					ex.Names[s.Alias.OriginalName] = Export{Loc: s.Alias.Loc, From: shim.ImportPath(tree, s.ImportRecordIndex), Orig: "*"}
				} else {
					ex.Star = true
				}
			case *shim.SExportDefault:
				e := Export{Loc: st.Loc}
				switch v := s.Value.Data.(type) {
				case *shim.SExpr:
					e.Value = v.Value
				case *shim.SFunction:
					e.Fn = &v.Fn
				}
				ex.Names["default"] = e
			}
		}
	}
	return ex
}

// Code is the code an export of the module runs: its function, or the expression it is
// initialized with, following local aliases (`export { handler as GET }`, `export const GET =
// handler`).
func (m *Module) Code(ex Export) (shim.Expr, bool) {
	if ex.From != "" {
		return shim.Expr{}, false
	}
	if ex.Fn != nil {
		return shim.Expr{Data: &shim.EFunction{Fn: *ex.Fn}}, true
	}
	e := ex.Value
	if e.Data == nil && ex.HasRef {
		e = shim.Expr{Data: &shim.EIdentifier{Ref: ex.Ref}}
	}
	for range 4 {
		id, ok := Unwrap(e).Data.(*shim.EIdentifier)
		if !ok {
			break
		}
		d, ok := m.decls[id.Ref]
		switch {
		case !ok:
			return shim.Expr{}, false
		case d.fn != nil:
			return shim.Expr{Data: &shim.EFunction{Fn: *d.fn}}, true
		case d.value.Data == nil:
			return shim.Expr{}, false
		}
		e = d.value
	}
	return e, e.Data != nil
}

// CallsIn finds the calls within e whose callee is an import accepted by want, following
// calls of top-level functions of the module a few levels deep.
func (m *Module) CallsIn(e shim.Expr, want func(Import) bool) []*shim.ECall {
	var out []*shim.ECall
	seen := map[shim.Ref]bool{}
	var walk func(e shim.Expr, depth int)
	walk = func(e shim.Expr, depth int) {
		parser.InspectExpr(e, func(n parser.Node, _ *parser.Cursor) bool {
			x, ok := n.(shim.Expr)
			if !ok {
				return true
			}
			call, ok := x.Data.(*shim.ECall)
			if !ok {
				return true
			}
			if imp, ok := m.Imports.Resolve(call.Target); ok && want(imp) {
				out = append(out, call)
				return true
			}
			if id, ok := call.Target.Data.(*shim.EIdentifier); ok && depth < 3 && !seen[id.Ref] {
				if code, ok := m.Code(Export{Ref: id.Ref, HasRef: true}); ok {
					seen[id.Ref] = true
					walk(code, depth+1)
				}
			}
			return true
		})
	}
	walk(e, 0)
	return out
}

// Module is a parsed JS file with what the Next.js rules read from it.
type Module struct {
	File    *project.File
	Tree    *shim.AST
	Imports Imports
	decls   map[shim.Ref]topDecl
	Exports Exports
}

type moduleKey struct{}

// ModuleOf reads f once per run (in the file's Memo); nil when f is not JS or does not parse.
func ModuleOf(f *project.File) *Module {
	if f == nil || f.Kind != project.KindJS {
		return nil
	}
	fi, _ := f.Memo(moduleKey{}, func() any {
		tree, _ := f.AST()
		if tree == nil {
			return (*Module)(nil)
		}
		return &Module{File: f, Tree: tree, Imports: ImportsOf(tree), decls: topDecls(tree), Exports: exportsOf(tree)}
	}).(*Module)
	return fi
}

// AuthKitCalls are the calls anywhere in the file of the named authkit-nextjs exports.
func (fi *Module) AuthKitCalls(names ...string) []*shim.ECall {
	var out []*shim.ECall
	parser.Inspect(fi.Tree, func(n parser.Node, _ *parser.Cursor) bool {
		if x, ok := n.(shim.Expr); ok {
			if call, ok := x.Data.(*shim.ECall); ok {
				for _, name := range names {
					if fi.Imports.Is(call.Target, name, AuthKitNext) {
						out = append(out, call)
					}
				}
			}
		}
		return true
	})
	return out
}

// NameRange is the byte range of the identifier (or member name) an expression starts with.
func (fi *Module) NameRange(e shim.Expr) (int, int) {
	src, _ := fi.File.Content()
	loc := e.Loc
	if d, ok := e.Data.(*shim.EDot); ok {
		loc = d.NameLoc
	}
	r := shim.RangeOfIdentifier(src, loc)
	return int(r.Loc.Start), int(r.Loc.Start + r.Len)
}

// StringRange is the byte range of a string literal, quotes included.
func StringRange(f *project.File, loc shim.Loc) (int, int) {
	src, _ := f.Content()
	r := shim.RangeOfString(src, loc)
	return int(r.Loc.Start), int(r.Loc.Start + r.Len)
}

// IdentRange is the range of the identifier, keyword or quoted key starting at off.
func IdentRange(src string, off int) (int, int) {
	if off < len(src) && (src[off] == '"' || src[off] == '\'') {
		if i := strings.IndexByte(src[off+1:], src[off]); i >= 0 {
			return off, off + i + 2
		}
	}
	end := off
	for end < len(src) && (IsWordChar(rune(src[end])) || src[end] == '$') {
		end++
	}
	return off, end
}

// JSXString reads a JSX attribute value that is a string: "x", {"x"} or {`x`}, with its
// range.
func JSXString(src string, v shim.Expr) (s string, start, end int, ok bool) {
	switch d := v.Data.(type) {
	case *shim.EJSXText:
		raw := d.Raw
		if len(raw) >= 2 && (raw[0] == '"' || raw[0] == '\'') {
			return raw[1 : len(raw)-1], int(v.Loc.Start), int(v.Loc.Start) + len(raw), true
		}
	case *shim.EString:
		r := shim.RangeOfString(src, v.Loc)
		return shim.StringValue(d), int(r.Loc.Start), int(r.Loc.Start + r.Len), true
	case *shim.ETemplate:
		if s, ok := StaticString(v); ok {
			r := shim.RangeOfString(src, v.Loc)
			return s, int(r.Loc.Start), int(r.Loc.Start + r.Len), true
		}
	}
	return "", 0, 0, false
}

// StripQuery drops the query and fragment of a path and a trailing slash.
func StripQuery(p string) string {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	return p
}
