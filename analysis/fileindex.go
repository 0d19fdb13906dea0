package analysis

import (
	"sync"

	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// The per-file index resolution reads (imports, declarations, exports) and the per-project
// cache that holds tsconfigs and the graphs.

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
