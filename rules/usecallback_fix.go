package rules

import (
	"slices"
	"strings"

	"github.com/convex-workos-lint/convex-workos-lint/analysis"
	"github.com/convex-workos-lint/convex-workos-lint/parser"
	"github.com/convex-workos-lint/convex-workos-lint/project"
	shim "github.com/evanw/esbuild/shim"
)

// useCallbackFix wraps an inline fetchAccessToken, `const fetchAccessToken = async (...) => ...`
// in the hook body, in useCallback with its dependencies: the bindings of the hook body it
// reads. It is offered only when that is mechanical and makes the function stable: the
// declaration is a top-level statement of the hook that no early return or branch precedes
// (a hook call must not be conditional), every dependency is neither a parameter of the
// hook, nor the token value, nor an object or function created in the render, and React's
// useCallback is at hand (imported, reachable as React.useCallback, or addable to an import
// list from "react").
func useCallbackFix(a *analysis.Adapters, fe *analysis.Fetcher) ([]Edit, bool) {
	hook, tf := fe.Hook, fe.Hook.Scope
	if fe.Fn == nil {
		return nil, false
	}
	var init shim.Expr
	for _, st := range hook.Body {
		local, ok := st.Data.(*shim.SLocal)
		if !ok {
			switch st.Data.(type) {
			case *shim.SExpr, *shim.SFunction, *shim.SEmpty:
				continue
			}
			return nil, false // a return, branch or loop before it
		}
		if d := declaring(tf, local, fe.At[0]); d != nil {
			if local.Kind != shim.LocalConst {
				return nil, false
			}
			init = d.ValueOrNil
			break
		}
	}
	if init.Data == nil || tf.Tree == nil {
		return nil, false
	}
	if _, ok := init.Data.(*shim.EArrow); !ok {
		if _, ok := init.Data.(*shim.EFunction); !ok {
			return nil, false
		}
	}
	deps, ok := mechanicalDeps(a, hook, init)
	if !ok {
		return nil, false
	}
	name, importEdit, ok := useCallbackName(tf)
	if !ok {
		return nil, false
	}
	src := tf.Src
	start := int(init.Loc.Start)
	end := project.ExprEnd(src, start)
	if end <= start || !wholeExpression(tf.File.Path, src[start:end]) {
		return nil, false
	}
	f := tf.File
	edits := []Edit{
		Replace(f, start, start, name+"("),
		Replace(f, end, end, ", ["+strings.Join(deps, ", ")+"])"),
	}
	if importEdit != nil {
		edits = append(edits, *importEdit)
	}
	return edits, true
}

// declaring is the declarator of local whose binding name starts at nameStart.
func declaring(tf *analysis.FileScope, local *shim.SLocal, nameStart int) *shim.Decl {
	for i := range local.Decls {
		if b, ok := local.Decls[i].Binding.Data.(*shim.BIdentifier); ok {
			if d := tf.Decls[b.Ref]; d != nil && d.Start == nameStart {
				if len(local.Decls) != 1 {
					return nil // `const a = 1, fetchAccessToken = ...`: leave it
				}
				return &local.Decls[i]
			}
		}
	}
	return nil
}

// mechanicalDeps lists, in order of first use, the hook-body bindings fn reads; ok is false when
// one of them would keep the callback unstable or is of unknown stability.
func mechanicalDeps(a *analysis.Adapters, hook *analysis.Func, fn shim.Expr) (deps []string, ok bool) {
	tf := hook.Scope
	ok = true
	parser.InspectExpr(fn, func(n parser.Node, _ *parser.Cursor) bool {
		e, isExpr := n.(shim.Expr)
		if !isExpr || !ok {
			return ok
		}
		id, isID := e.Data.(*shim.EIdentifier)
		if !isID {
			return true
		}
		d := tf.Decls[id.Ref]
		if d == nil || d.Owner != hook.ID {
			return true // module scope, an outer function, or the callback's own bindings
		}
		if d.Kind != analysis.DeclVar || a.TokenValue(tf, d, 0) || analysis.RenderCreated(d) {
			ok = false
			return false
		}
		if !slices.Contains(deps, d.Name) {
			deps = append(deps, d.Name)
		}
		return true
	})
	return deps, ok
}

// useCallbackName is how the file calls React's useCallback, with the edit that imports it
// when it has to be added to an `import { ... } from "react"` list.
func useCallbackName(tf *analysis.FileScope) (string, *Edit, bool) {
	var ns string
	for ref, imp := range tf.Imports {
		if imp.Module != "react" {
			continue
		}
		switch imp.Name {
		case "useCallback":
			return shim.SymbolName(tf.Tree, ref), nil, true
		case "default", "*":
			ns = shim.SymbolName(tf.Tree, ref)
		}
	}
	if e, ok := addNamedImport(tf.File, tf.Src, tf.Tree, "react", "useCallback"); ok {
		return "useCallback", &e, true
	}
	if ns != "" {
		return ns + ".useCallback", nil, true
	}
	return "", nil, false
}

// addNamedImport is the edit that adds name to the first `import { ... } from module` of the
// file (not `import type`), in its layout: inline after the last name, or on a line of its own
// when the names are one per line.
func addNamedImport(f *project.File, src string, tree *shim.AST, module, name string) (Edit, bool) {
	for _, part := range tree.Parts {
		for _, st := range part.Stmts {
			imp, ok := st.Data.(*shim.SImport)
			if !ok || imp.Items == nil || len(*imp.Items) == 0 || tree.ImportRecords[imp.ImportRecordIndex].Path.Text != module {
				continue
			}
			at := int(st.Loc.Start)
			if strings.HasPrefix(strings.TrimSpace(src[at+len("import"):]), "type ") {
				continue
			}
			open := strings.IndexByte(src[at:], '{')
			if open < 0 {
				continue
			}
			close := strings.IndexByte(src[at+open:], '}')
			if close < 0 {
				continue
			}
			open, close = at+open, at+open+close
			last := close - 1
			for last > open && strings.ContainsRune(" \t\r\n", rune(src[last])) {
				last--
			}
			comma := src[last] == ','
			if nl := strings.LastIndexByte(src[:last], '\n'); nl > open {
				// One name per line: a new line with the last name's indentation.
				ls := nl + 1
				indent := src[ls : ls+len(src[ls:])-len(strings.TrimLeft(src[ls:], " \t"))]
				eol := "\n"
				if nl > 0 && src[nl-1] == '\r' {
					eol = "\r\n"
				}
				if comma {
					return Replace(f, last+1, last+1, eol+indent+name+","), true
				}
				return Replace(f, last+1, last+1, ","+eol+indent+name), true
			}
			if comma {
				return Replace(f, last+1, last+1, " "+name+","), true
			}
			return Replace(f, last+1, last+1, ", "+name), true
		}
	}
	return Edit{}, false
}

// wholeExpression reports whether text parses as one expression, so that wrapping it in a
// call is exact.
func wholeExpression(path, text string) bool {
	_, problems := parser.ParseJS(path, "(\n"+text+"\n);")
	return problems == nil
}
